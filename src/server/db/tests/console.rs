//! The console's queries: the store list, domains and keys of a new store, deletion,
//! the audit log and platform figures.

use std::collections::BTreeSet;

use super::{id_of, on_both_backends};
use crate::{
    model::{StoreSort, Theme},
    server::db::{
        api_keys, audit, domains, store_admin, store_lifecycle, stores, stores::StoreStatus, users, Db,
        StoreId,
    },
};

const ADMIN: &str = "root@x.test";

/// The admin who acts in these tests.
async fn actor(db: &Db) -> (Option<i64>, &'static str) {
    (Some(users::upsert_admin(db, ADMIN, "$argon2id$hash").await.unwrap()), ADMIN)
}

/// Creates store `code` with the wallet module and no owner, and records it in the audit
/// log in the same transaction, as the console's write does.
async fn create_store(db: &Db, code: &str) -> StoreId {
    let (modules, theme) = (vec!["wallet".to_string()], Theme::default());
    let (actor_id, _) = actor(db).await;
    let store = store_lifecycle::CreateStore {
        code,
        name: "New Shop",
        theme: &theme,
        modules: &modules,
        owner: None,
        author: ADMIN,
    };
    let mut tx = db.begin_write().await.unwrap();
    let id = store_lifecycle::create_store(&mut tx, store).await.unwrap().id;
    record(&mut tx, actor_id, id, code, "store.create").await;
    tx.commit().await.unwrap();
    id
}

/// Records `action` on store `code` as its writer would.
async fn record(
    conn: &mut sqlx::AnyConnection,
    actor_id: Option<i64>,
    id: StoreId,
    code: &str,
    action: &str,
) {
    let entry =
        audit::Entry { actor_id, actor_email: ADMIN, store: Some((id, code)), action, detail: String::new() };
    audit::record(conn, entry).await.unwrap();
}

fn filter(q: &str, status: &str, module: &str, after: Option<String>) -> store_admin::StoreFilter {
    store_admin::StoreFilter {
        q: q.into(),
        status: status.into(),
        module: module.into(),
        sort: StoreSort::Code,
        after,
        limit: 10,
    }
}

/// The codes of the first page of the store list under `f`.
async fn codes(db: &Db, f: store_admin::StoreFilter) -> Vec<String> {
    store_admin::admin_list_stores(db, &f).await.unwrap().stores.into_iter().map(|s| s.code).collect()
}

on_both_backends!(
    the_store_list_searches_a_code_prefix,
    the_store_list_searches_a_whole_custom_domain,
    the_store_list_filters_by_an_enabled_module,
    keyset_pages_walk_every_matching_store_once,
    a_pending_domain_is_served_only_once_activated_and_the_first_becomes_primary,
    a_suspended_stores_domain_is_not_servable,
    an_api_key_is_found_by_prefix_in_its_own_store_until_revoked,
    deleting_a_store_removes_its_rows_and_the_audit_log_keeps_its_history,
    a_deleted_stores_id_is_never_given_again,
    store_counts_of_a_bench_store_are_20_products_and_no_orders,
    platform_stats_count_suspended_stores_over_14_days,
    the_audit_log_filters_by_action_newest_first,
);

async fn the_store_list_searches_a_code_prefix(db: &Db) {
    create_store(db, "newshop").await;
    assert_eq!(codes(db, filter("newsh", "", "", None)).await, ["newshop"]);
}

async fn the_store_list_searches_a_whole_custom_domain(db: &Db) {
    assert_eq!(codes(db, filter("shop-0003.test", "", "", None)).await, ["t0003"]);
}

async fn the_store_list_filters_by_an_enabled_module(db: &Db) {
    create_store(db, "newshop").await;
    assert_eq!(codes(db, filter("", "", "wallet", None)).await, ["newshop"]);
}

async fn keyset_pages_walk_every_matching_store_once(db: &Db) {
    stores::set_status(
        &mut db.pool.acquire().await.unwrap(),
        id_of(db, "t0001").await,
        StoreStatus::Suspended,
    )
    .await
    .unwrap();
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page = store_admin::admin_list_stores(db, &filter("t0", "active", "", after)).await.unwrap();
        seen.extend(page.stores.into_iter().map(|s| s.code));
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    // t0001 is suspended and t1000 does not start with "t0".
    let expected: Vec<String> = (2..=999).map(|i| format!("t{i:04}")).collect();
    assert_eq!(seen, expected);
}

async fn a_pending_domain_is_served_only_once_activated_and_the_first_becomes_primary(db: &Db) {
    let id = create_store(db, "newshop").await;
    domains::add_pending(&mut db.pool.acquire().await.unwrap(), id, "new.example.test", "tok").await.unwrap();
    assert!(stores::by_active_domain(db, "new.example.test").await.unwrap().is_none(), "pending");
    assert!(!domains::admin_is_servable(db, "new.example.test").await.unwrap());
    domains::activate(&mut db.pool.acquire().await.unwrap(), id, "new.example.test").await.unwrap();
    let live = stores::by_active_domain(db, "new.example.test").await.unwrap().expect("active");
    assert_eq!(live.primary_domain.as_deref(), Some("new.example.test"));
    assert!(domains::admin_is_servable(db, "new.example.test").await.unwrap());
}

async fn a_suspended_stores_domain_is_not_servable(db: &Db) {
    stores::set_status(
        &mut db.pool.acquire().await.unwrap(),
        id_of(db, "t0001").await,
        StoreStatus::Suspended,
    )
    .await
    .unwrap();
    assert!(!domains::admin_is_servable(db, "shop-0001.test").await.unwrap());
    assert!(domains::admin_is_servable(db, "shop-0002.test").await.unwrap());
}

async fn an_api_key_is_found_by_prefix_in_its_own_store_until_revoked(db: &Db) {
    let (id, (actor_id, _)) = (create_store(db, "newshop").await, actor(db).await);
    let mut conn = db.pool.acquire().await.unwrap();
    let key = api_keys::create(&mut conn, id, "ci", "ak_0001", "hash", actor_id).await.unwrap();
    assert_eq!(api_keys::live_by_prefix(db, id, "ak_0001").await.unwrap(), Some((key.id, "hash".into())));
    let t2 = id_of(db, "t0002").await;
    assert!(api_keys::live_by_prefix(db, t2, "ak_0001").await.unwrap().is_none(), "keys are per store");
    assert!(api_keys::revoke(&mut conn, id, key.id).await.unwrap());
    assert!(api_keys::live_by_prefix(db, id, "ak_0001").await.unwrap().is_none());
}

async fn deleting_a_store_removes_its_rows_and_the_audit_log_keeps_its_history(db: &Db) {
    let (id, (actor_id, _)) = (create_store(db, "newshop").await, actor(db).await);
    let mut tx = db.begin_write().await.unwrap();
    domains::add_pending(&mut tx, id, "new.example.test", "tok").await.unwrap();
    domains::activate(&mut tx, id, "new.example.test").await.unwrap();
    let key = api_keys::create(&mut tx, id, "ci", "ak_0001", "hash", actor_id).await.unwrap();
    api_keys::revoke(&mut tx, id, key.id).await.unwrap();
    tx.commit().await.unwrap();

    let mut tx = db.begin_write().await.unwrap();
    let gone = store_lifecycle::delete_store(&mut tx, id).await.unwrap();
    record(&mut tx, actor_id, id, "newshop", "store.delete").await;
    tx.commit().await.unwrap();

    assert_eq!(gone, vec!["new.example.test"], "its domains, to forget in caches");
    assert!(stores::by_code(db, "newshop").await.unwrap().is_none());
    assert!(stores::by_active_domain(db, "new.example.test").await.unwrap().is_none());
    for table in ["store_domains", "store_modules", "theme_versions", "api_keys"] {
        let (left,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table} WHERE store_id = $1"))
            .bind(id.get())
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(left, 0, "rows left in {table}");
    }
    let log = audit::admin_list(db, "newshop", "", None, 50).await.unwrap();
    let actions: Vec<&str> = log.events.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["store.delete", "store.create"]);
}

async fn a_deleted_stores_id_is_never_given_again(db: &Db) {
    let first = create_store(db, "newshop").await;
    store_lifecycle::delete_store(&mut db.pool.acquire().await.unwrap(), first).await.unwrap();
    let second = create_store(db, "newshop").await;
    assert_ne!(second, first);
}

async fn store_counts_of_a_bench_store_are_20_products_and_no_orders(db: &Db) {
    assert_eq!(store_lifecycle::store_counts(db, id_of(db, "t0002").await).await.unwrap(), (20, 0, 0));
}

async fn platform_stats_count_suspended_stores_over_14_days(db: &Db) {
    stores::set_status(
        &mut db.pool.acquire().await.unwrap(),
        id_of(db, "t0001").await,
        StoreStatus::Suspended,
    )
    .await
    .unwrap();
    let stats = store_admin::admin_stats(db).await.unwrap();
    assert_eq!((stats.stores_active, stats.stores_suspended, stats.products), (999, 1, 20_000));
    assert_eq!(stats.created_per_day.len(), 14);
}

async fn the_audit_log_filters_by_action_newest_first(db: &Db) {
    create_store(db, "first").await;
    create_store(db, "second").await;
    let log = audit::admin_list(db, "", "store.create", None, 50).await.unwrap();
    let codes: BTreeSet<_> = log.events.iter().filter_map(|e| e.store_code.clone()).collect();
    assert_eq!(codes, BTreeSet::from(["first".to_string(), "second".to_string()]));
    assert_eq!(log.events[0].store_code.as_deref(), Some("second"));
}
