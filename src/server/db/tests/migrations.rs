//! Migrations applied to a database that already holds data: what they change in it.

use std::path::Path;

use sqlx::migrate::Migrator;

use super::{
    super::fresh::{admin_execute, database_url},
    postgres_cluster,
};
use crate::{
    model::{NewProduct, ProductSort},
    server::{
        db::{products, stores, Db, StoreId},
        tokens::random_hex,
    },
};

/// The migrations of `backend` (`sqlite`, `postgres`) up to version `last`, copied from
/// the source tree into a directory of their own.
fn migrations_until(backend: &str, last: u32) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a directory for the migrations");
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations").join(backend);
    for entry in std::fs::read_dir(source).expect("the migrations") {
        let path = entry.expect("a migration").path();
        let name = path.file_name().and_then(|n| n.to_str()).expect("a file name");
        if name.get(..4).and_then(|v| v.parse::<u32>().ok()).is_some_and(|v| v <= last) {
            std::fs::copy(&path, dir.path().join(name)).expect("copy a migration");
        }
    }
    dir
}

/// A database at `url` as it was before migration 0014, with a store that has blog,
/// newsletter and analytics on beside two modules the app knows; then migrated.
async fn modules_not_offered_leave_existing_stores(url: &str, backend: &str) {
    let db = Db::connect(url, 2).await.expect("open the database");
    let before = migrations_until(backend, 13);
    let old = Migrator::new(before.path()).await.expect("read the migrations up to 0013");
    old.run(&db.pool).await.expect("migrate up to 0013");
    sqlx::query("INSERT INTO stores (id, code, name, created_at) VALUES (1, 'old-shop', 'Old Shop', 0)")
        .execute(&db.pool)
        .await
        .expect("a store");
    for module in ["catalog", "wallet", "blog", "newsletter", "analytics"] {
        sqlx::query("INSERT INTO store_modules (store_id, module, enabled) VALUES (1, $1, 1)")
            .bind(module)
            .execute(&db.pool)
            .await
            .expect("a module of the store");
    }

    db.migrate().await.expect("the migrations after 0013");

    let store = stores::by_code(&db, "old-shop").await.unwrap().expect("the store is kept");
    assert_eq!(&*store.modules, ["catalog", "wallet"]);
    let (left,): (i64,) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM modules WHERE key IN ('blog', 'newsletter', 'analytics')) \
         + (SELECT COUNT(*) FROM store_modules WHERE module IN ('blog', 'newsletter', 'analytics'))",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(left, 0);
    db.pool.close().await;
}

/// As the repository tests are named: `…::sqlite` and `…::postgres`.
mod modules_not_offered_are_taken_out {
    use super::*;

    #[tokio::test]
    async fn sqlite() {
        let dir = tempfile::tempdir().expect("a directory");
        let url = format!("sqlite://{}", dir.path().join("old.db").display());
        modules_not_offered_leave_existing_stores(&url, "sqlite").await;
    }

    #[tokio::test]
    async fn postgres() {
        let cluster = postgres_cluster();
        let name = format!("arcade_m_{}", random_hex(8));
        admin_execute(&cluster, &format!("CREATE DATABASE {name}")).await;
        modules_not_offered_leave_existing_stores(&database_url(&cluster, &name), "postgres").await;
        admin_execute(&cluster, &format!("DROP DATABASE {name} WITH (FORCE)")).await;
    }
}

/// The names of `store`'s products that a search for `q` finds, and the count it gives.
async fn search(db: &Db, store: i64, q: &str) -> (Vec<String>, i64) {
    let page =
        products::list(db, StoreId::from_db(store), q, ProductSort::Featured, 1, 24).await.expect("a search");
    (page.products.into_iter().map(|p| p.name).collect(), page.total)
}

/// Products indexed under 0015 (the store's id as a column) are found, by store, in the
/// index 0016 rebuilds keyed by store; and the new index follows edits and deletes.
#[tokio::test]
async fn the_search_index_keyed_by_store_takes_over_existing_products() {
    let dir = tempfile::tempdir().expect("a directory");
    let db = Db::connect(&format!("sqlite://{}", dir.path().join("old.db").display()), 2)
        .await
        .expect("open the database");
    let before = migrations_until("sqlite", 15);
    Migrator::new(before.path()).await.unwrap().run(&db.pool).await.expect("migrate up to 0015");
    for (store, code) in [(1, "kettles"), (2, "mugs")] {
        sqlx::query("INSERT INTO stores (id, code, name, created_at) VALUES ($1, $2, $2, 0)")
            .bind(store)
            .bind(code)
            .execute(&db.pool)
            .await
            .expect("a store");
    }
    for (store, id, name) in [(1, 10, "Teal kettle"), (1, 11, "Copper kettle"), (2, 12, "Teal mug")] {
        sqlx::query(
            "INSERT INTO products (store_id, id, name, description, price_cents, stock, created_at) \
             VALUES ($1, $2, $3, 'Tea things', 900, 1, 0)",
        )
        .bind(store)
        .bind(id)
        .bind(name)
        .execute(&db.pool)
        .await
        .expect("a product");
    }

    db.migrate().await.expect("the migrations after 0015");

    assert_eq!(search(&db, 1, "teal").await, (vec!["Teal kettle".to_string()], 1));
    assert_eq!(search(&db, 2, "t").await, (vec!["Teal mug".to_string()], 1), "a one-letter start");
    assert_eq!(search(&db, 1, "tea th").await.1, 2);
    assert_eq!(search(&db, 2, "kettle").await.1, 0, "another store's word");

    let mut conn = db.pool.acquire().await.unwrap();
    let renamed = NewProduct {
        name: "Slate kettle".into(),
        description: "Stove top".into(),
        price_cents: 900,
        stock: None,
    };
    assert!(products::update(&mut conn, StoreId::from_db(1), 10, &renamed).await.unwrap());
    assert_eq!(search(&db, 1, "teal").await.1, 0, "the old words are gone from the index");
    assert_eq!(search(&db, 1, "stove sla").await, (vec!["Slate kettle".to_string()], 1));
    assert!(products::delete(&mut conn, StoreId::from_db(1), 11).await.unwrap());
    assert_eq!(search(&db, 1, "copper").await.1, 0, "a deleted product is gone from the index");
    assert_eq!(search(&db, 1, "kettle").await.1, 1);
    drop(conn);
    db.pool.close().await;
}
