//! Migrations applied to a database that already holds data: what they change in it.

use std::path::Path;

use sqlx::migrate::Migrator;

use super::{admin_execute, database_url};
use crate::server::{
    auth::password::random_hex,
    db::{stores, Db},
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
    assert_eq!(store.modules, ["catalog", "wallet"]);
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
        let cluster =
            std::env::var("ARCADE_TEST_POSTGRES_URL").expect("ARCADE_TEST_POSTGRES_URL (see tests/mod.rs)");
        let name = format!("arcade_m_{}", random_hex(8));
        admin_execute(&cluster, &format!("CREATE DATABASE {name}")).await;
        modules_not_offered_leave_existing_stores(&database_url(&cluster, &name), "postgres").await;
        admin_execute(&cluster, &format!("DROP DATABASE {name} WITH (FORCE)")).await;
    }
}
