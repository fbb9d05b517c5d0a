//! The repository suite, run against SQLite always and against PostgreSQL when
//! `ARCADE_TEST_POSTGRES_URL` names a database (`make test` starts a throwaway one).

use super::{products, products::NewProduct, stores, Db};
use crate::model::ProductSort;

async fn suite(db: &Db) {
    reset(db).await;
    modules_table_is_the_code_catalog(db).await;
    crate::server::seed::bench(db, false).await.expect("bench seed");
    crate::server::seed::bench(db, false).await.expect("bench seed is idempotent");
    assert_eq!(stores::count(db).await.unwrap(), 1000);

    // store lookups
    let t1 = stores::by_code(db, "t0001").await.unwrap().expect("t0001");
    assert_eq!(t1.name, "Store 0001");
    assert_eq!(t1.theme.primary.to_string(), "#3779b1");
    assert_eq!(t1.theme.secondary.to_string(), "#00ce70");
    assert_eq!(t1.modules, vec!["catalog".to_string()], "wallet is disabled");
    assert_eq!(t1.primary_domain.as_deref(), Some("shop-0001.test"));
    assert!(stores::by_code(db, "t9999").await.unwrap().is_none());
    let by_domain = stores::by_active_domain(db, "shop-0002.test").await.unwrap().expect("domain");
    assert_eq!(by_domain.code, "t0002");
    assert!(stores::by_active_domain(db, "shop-0201.test").await.unwrap().is_none());

    // products are scoped by store
    let t2 = stores::by_code(db, "t0002").await.unwrap().unwrap();
    let page = products::list(db, t1.id, "", ProductSort::Featured, 1, 50).await.unwrap();
    assert_eq!(page.total, 20);
    assert_eq!(page.products[0].id, 1);
    assert_eq!(page.products[0].price_cents, 337, "199 + (1 * 37 + 1 * 101) % 9800");
    assert!(products::get(db, t1.id, 21).await.unwrap().is_none(), "product 21 belongs to t0002");
    assert!(products::get(db, t2.id, 21).await.unwrap().is_some());
    let mut c = db.pool.acquire().await.unwrap();
    let c = &mut *c;
    assert!(!products::delete(c, t1.id, 21).await.unwrap(), "cannot delete another store's product");
    assert!(products::get(db, t2.id, 21).await.unwrap().is_some());

    // search and sort
    let hits = products::list(db, t1.id, "product 07", ProductSort::Featured, 1, 50).await.unwrap();
    assert_eq!(hits.total, 1);
    assert_eq!(hits.products[0].name, "Product 07 of Store 0001");
    let none = products::list(db, t1.id, "of Store 0002", ProductSort::Featured, 1, 50).await.unwrap();
    assert_eq!(none.total, 0, "search never reaches another store");
    let wildcard = products::list(db, t1.id, "%", ProductSort::Featured, 1, 50).await.unwrap();
    assert_eq!(wildcard.total, 0, "% is a literal");
    let asc = products::list(db, t1.id, "", ProductSort::PriceAsc, 1, 50).await.unwrap().products;
    assert!(asc.windows(2).all(|w| w[0].price_cents <= w[1].price_cents));
    let paged = products::list(db, t1.id, "", ProductSort::Featured, 2, 8).await.unwrap();
    assert_eq!(paged.products.iter().map(|p| p.id).collect::<Vec<_>>(), (9..=16).collect::<Vec<_>>());

    // new ids come after the seeded ones
    let mug = NewProduct { name: "Mug".into(), description: "Blue".into(), price_cents: 1200 };
    let created = products::create(c, t1.id, &mug).await.unwrap();
    assert!(created.id > 20_000);
    assert_eq!(products::create(c, t1.id, &mug).await.unwrap().id, created.id + 1);
    stores::bump_revision(c, t1.id).await.unwrap();
    let after = stores::by_code(db, "t0001").await.unwrap().unwrap();
    assert!(after.revision > t1.revision);
    assert!(products::delete(c, t1.id, created.id).await.unwrap());

    // modules, status and domains
    stores::set_module(c, t1.id, "wallet", true).await.unwrap();
    let t1 = stores::by_code(db, "t0001").await.unwrap().unwrap();
    assert_eq!(t1.modules, vec!["catalog".to_string(), "wallet".to_string()]);
    stores::set_status(c, t1.id, stores::StoreStatus::Suspended).await.unwrap();
    assert_eq!(stores::by_code(db, "t0001").await.unwrap().unwrap().status, stores::StoreStatus::Suspended);
    stores::add_active_domain(db, t1.id, "www.shop-0001.test", false).await.unwrap();
    let dup = stores::add_active_domain(db, t2.id, "www.shop-0001.test", false).await;
    assert!(
        matches!(dup, Err(sqlx::Error::Database(e)) if e.is_unique_violation()),
        "a domain has one store"
    );
    assert!(stores::set_primary_domain(c, t1.id, "www.shop-0001.test").await.unwrap());
    assert!(!stores::set_primary_domain(c, t2.id, "www.shop-0001.test").await.unwrap(), "not t0002's domain");
    let t1 = stores::by_code(db, "t0001").await.unwrap().unwrap();
    assert_eq!(t1.primary_domain.as_deref(), Some("www.shop-0001.test"));

    // generated stores continue after the existing ones
    crate::server::seed::generated(db, 3, 2, 1, false).await.unwrap();
    assert_eq!(stores::count(db).await.unwrap(), 1003);
    let s = stores::by_active_domain(db, "s001001.shop.test").await.unwrap().expect("generated domain");
    assert_eq!(products::list(db, s.id, "", ProductSort::Featured, 1, 50).await.unwrap().total, 2);
    assert!(db.ready().await);
    accounts_and_console(db).await;
}

/// Accounts, sessions, the console's store lifecycle, domains, API keys and the audit log.
async fn accounts_and_console(db: &Db) {
    use super::{api_keys, audit, domains, store_admin, store_lifecycle, users};
    use crate::model::{StoreSort, Theme};

    // users, sessions and set-password tokens
    let admin = users::upsert_admin(db, "root@x.test", "$argon2id$hash").await.unwrap();
    assert_eq!(users::upsert_admin(db, "root@x.test", "$argon2id$other").await.unwrap(), admin, "same user");
    users::create_session(db, "s1", admin, 60).await.unwrap();
    assert_eq!(users::session_user(db, "s1").await.unwrap().map(|u| u.is_admin), Some(1));
    users::create_session(db, "old", admin, -1).await.unwrap();
    assert!(users::session_user(db, "old").await.unwrap().is_none(), "expired");
    users::delete_session(db, "s1").await.unwrap();
    assert!(users::session_user(db, "s1").await.unwrap().is_none(), "signed out");

    // a store with an owner invite, in one transaction
    let mut c = db.pool.acquire().await.unwrap();
    let c = &mut *c;
    let modules = vec!["wallet".to_string()];
    let theme = Theme::default();
    let create = |code: &'static str| store_lifecycle::CreateStore {
        code,
        name: "New Shop",
        theme: &theme,
        modules: &modules,
        owner: Some("owner@x.test"),
        author: "root@x.test",
    };
    let created = store_lifecycle::create_store(c, create("newshop")).await.unwrap();
    let token = created.owner_token.expect("a new owner gets a set-password token");
    let dup = store_lifecycle::create_store(c, create("newshop")).await;
    assert!(matches!(dup, Err(sqlx::Error::Database(e)) if e.is_unique_violation()), "codes are unique");
    let s = stores::by_code(db, "newshop").await.unwrap().unwrap();
    assert_eq!(s.modules, vec!["cart", "catalog", "orders", "wallet"]);
    let token = crate::server::auth::password::sha256_hex(&token);
    let (owner, email) = users::take_password_token(c, &token).await.unwrap().expect("token works once");
    assert_eq!(email, "owner@x.test");
    assert!(users::take_password_token(c, &token).await.unwrap().is_none(), "and only once");
    assert_eq!(users::role_in(db, s.id, owner).await.unwrap().as_deref(), Some("owner"));
    assert_eq!(users::stores_of(db, owner).await.unwrap()[0].0, "newshop");

    // the console list: filters and keyset pages
    let f = |q: &str, status: &str, module: &str, sort, after: Option<String>| store_admin::StoreFilter {
        q: q.into(),
        status: status.into(),
        module: module.into(),
        sort,
        after,
        limit: 10,
    };
    let page =
        store_admin::admin_list_stores(db, &f("newsh", "", "", StoreSort::Newest, None)).await.unwrap();
    assert_eq!(page.stores.iter().map(|s| s.code.as_str()).collect::<Vec<_>>(), vec!["newshop"]);
    let by_domain = store_admin::admin_list_stores(db, &f("shop-0003.test", "", "", StoreSort::Code, None))
        .await
        .unwrap();
    assert_eq!(by_domain.stores[0].code, "t0003");
    let wallet =
        store_admin::admin_list_stores(db, &f("", "", "wallet", StoreSort::Code, None)).await.unwrap();
    assert!(
        wallet.stores.iter().any(|s| s.code == "newshop") && wallet.stores.iter().all(|s| s.code != "t0002")
    );
    let mut seen = std::collections::BTreeSet::new();
    let mut after = None;
    loop {
        let p =
            store_admin::admin_list_stores(db, &f("t0", "active", "", StoreSort::Code, after)).await.unwrap();
        for st in &p.stores {
            assert!(seen.insert(st.code.clone()), "{} twice", st.code);
        }
        match p.next {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    assert_eq!(seen.len(), 998, "t0002..t0999 once each (t0001 is suspended above, t1000 does not match)");

    // domains and keys of the new store
    domains::add_pending(c, s.id, "new.example.test", "tok").await.unwrap();
    let t2 = stores::by_code(db, "t0002").await.unwrap().unwrap();
    domains::add_pending(c, t2.id, "new.example.test", "other").await.unwrap();
    assert!(stores::by_active_domain(db, "new.example.test").await.unwrap().is_none(), "pending");
    domains::activate(c, s.id, "new.example.test").await.unwrap();
    let second = domains::activate(c, t2.id, "new.example.test").await;
    assert!(
        matches!(second, Err(sqlx::Error::Database(e)) if e.is_unique_violation()),
        "one store serves a domain"
    );
    let live = stores::by_active_domain(db, "new.example.test").await.unwrap().expect("active");
    assert_eq!(live.primary_domain.as_deref(), Some("new.example.test"), "first active domain is primary");
    assert!(domains::admin_is_servable(db, "new.example.test").await.unwrap());
    let key = api_keys::create(c, s.id, "ci", "ak_0001", "hash", Some(admin)).await.unwrap();
    assert_eq!(api_keys::live_by_prefix(db, s.id, "ak_0001").await.unwrap(), Some((key.id, "hash".into())));
    assert!(api_keys::live_by_prefix(db, t2.id, "ak_0001").await.unwrap().is_none(), "keys are per store");
    assert!(api_keys::revoke(c, s.id, key.id).await.unwrap());
    assert!(api_keys::live_by_prefix(db, s.id, "ak_0001").await.unwrap().is_none());

    // delete removes the store's rows, the audit log keeps its history
    let entry = audit::Entry {
        actor_id: Some(admin),
        actor_email: "root@x.test",
        store: Some((s.id, "newshop")),
        action: "store.delete",
        detail: String::new(),
    };
    audit::record(c, entry).await.unwrap();
    let gone = store_lifecycle::delete_store(c, s.id).await.unwrap();
    assert_eq!(gone, vec!["new.example.test"]);
    assert!(stores::by_code(db, "newshop").await.unwrap().is_none());
    assert!(stores::by_active_domain(db, "new.example.test").await.unwrap().is_none());
    let log = audit::admin_list(db, "newshop", "", None, 50).await.unwrap();
    let actions: Vec<&str> = log.events.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["store.delete"], "the audit log keeps a deleted store's history");
    let t2 = stores::by_code(db, "t0002").await.unwrap().unwrap();
    assert_eq!(
        store_lifecycle::store_counts(db, t2.id).await.unwrap(),
        (20, 0, 0),
        "products, orders, revenue"
    );
    let stats = store_admin::admin_stats(db).await.unwrap();
    assert_eq!(stats.stores_suspended, 1);
    assert_eq!(stats.created_per_day.len(), 14);
}

#[tokio::test]
async fn repository_suite_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/t.db", dir.path().display());
    let db = Db::connect(&url, 4).await.unwrap();
    db.migrate().await.unwrap();
    suite(&db).await;
}

#[tokio::test]
async fn repository_suite_on_postgres() {
    let Ok(url) = std::env::var("ARCADE_TEST_POSTGRES_URL") else {
        if std::env::var("CI").is_ok() {
            panic!("ARCADE_TEST_POSTGRES_URL must be set in CI");
        }
        eprintln!("skipped: ARCADE_TEST_POSTGRES_URL is not set");
        return;
    };
    let db = Db::connect(&url, 4).await.unwrap();
    db.migrate().await.unwrap();
    suite(&db).await;
}

/// Empties every table, so the suite starts from the same state on a reused database.
async fn reset(db: &Db) {
    for table in [
        "audit_log",
        "api_keys",
        "assets",
        "orders",
        "sessions",
        "password_tokens",
        "store_members",
        "users",
        "products",
        "theme_versions",
        "store_modules",
        "store_domains",
        "stores",
    ] {
        sqlx::query(&format!("DELETE FROM {table}")).execute(&db.pool).await.unwrap();
    }
}

/// The `modules` table (which `store_modules` refers to) holds exactly the rows of
/// [`crate::model::Module`], so the migrations and the code cannot drift apart.
async fn modules_table_is_the_code_catalog(db: &Db) {
    use crate::model::Module;
    let rows: Vec<(String, String, String, i64)> =
        sqlx::query_as("SELECT key, name, description, is_core FROM modules ORDER BY key")
            .fetch_all(&db.pool)
            .await
            .unwrap();
    let mut code: Vec<(String, String, String, i64)> = Module::ALL
        .iter()
        .map(|m| (m.key().into(), m.name().into(), m.description().into(), i64::from(m.is_core())))
        .collect();
    code.sort();
    assert_eq!(rows, code);
}
