//! Operations endpoints answer on every host, before any store lookup.

use crate::helpers::spawn_app;

const HOSTS: [&str; 6] = [
    "platform.test",
    "t0001.platform.test",
    "shop-0001.test",
    "nostore-0001.test",
    "t1001.platform.test",
    "127.0.0.1:8080",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_is_200_on_any_host() {
    let app = spawn_app().await;

    for host in HOSTS {
        let res = app.get(host, "/health").await;
        assert_eq!(res.status, 200, "Host: {host}");
        assert_eq!(res.json()["status"], "ok", "Host: {host}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ready_is_200_on_any_host_once_migrated() {
    let app = spawn_app().await;

    for host in HOSTS {
        let res = app.get(host, "/ready").await;
        assert_eq!(res.status, 200, "Host: {host}");
        assert_eq!(res.json()["status"], "ready", "Host: {host}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_answers_even_without_a_valid_host() {
    let app = spawn_app().await;

    assert_eq!(app.get("bad host", "/health").await.status, 200);
    assert_eq!(app.get_without_host("/health").await.status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tls_ask_allows_only_active_custom_domains_of_active_stores() {
    let app = spawn_app().await;
    let ask = |domain: &str| format!("/internal/tls/ask?domain={domain}");

    assert_eq!(app.get("127.0.0.1", &ask("shop-0001.test")).await.status, 200);
    assert_eq!(app.get("127.0.0.1", &ask("SHOP-0002.test.")).await.status, 200, "normalized like a Host");
    for refused in
        ["shop-0201.test", "t0001.platform.test", "platform.test", "admin.platform.test", "evil.test"]
    {
        assert_eq!(app.get("127.0.0.1", &ask(refused)).await.status, 404, "{refused}");
    }
    assert_eq!(app.get("127.0.0.1", &ask("bad%20host")).await.status, 400);
    assert_eq!(app.get("127.0.0.1", "/internal/tls/ask").await.status, 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tls_ask_refuses_a_suspended_store_domain() {
    let app = spawn_app().await;
    let store = app.store("t0003").await;
    arcade::server::db::stores::set_status(
        &mut *app.conn().await,
        store.id,
        arcade::server::db::stores::StoreStatus::Suspended,
    )
    .await
    .unwrap();
    app.state.resolver.invalidate("t0003", &["shop-0003.test"]).await;

    assert_eq!(app.get("127.0.0.1", "/internal/tls/ask?domain=shop-0003.test").await.status, 404);
}

/// `arcade seed` ends with everything in the database file itself: a copy of the file alone
/// (as a benchmark or a backup takes it) has every store. Before, the last stores written
/// stayed in the `-wal` file beside it, and a server on the copy answered 404 for them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_seeded_sqlite_file_holds_every_store_once_the_command_ends() {
    use sqlx::{Connection, SqliteConnection};
    let dir = tempfile::tempdir().unwrap();
    let seeded = dir.path().join("seed.db");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_arcade"))
        .args(["seed", "--stores", "40", "--products", "2", "--database-url"])
        .arg(format!("sqlite://{}", seeded.display()))
        .output()
        .unwrap();
    assert!(out.status.success(), "seed failed: {}", String::from_utf8_lossy(&out.stderr));
    let wal = dir.path().join("seed.db-wal");
    assert!(std::fs::metadata(&wal).map_or(true, |m| m.len() == 0), "rows left in {}", wal.display());

    let copy = dir.path().join("copy.db");
    std::fs::copy(&seeded, &copy).unwrap();
    let mut conn = SqliteConnection::connect(&format!("sqlite://{}", copy.display())).await.unwrap();
    let (stores, last): (i64, String) =
        sqlx::query_as("SELECT COUNT(*), MAX(code) FROM stores").fetch_one(&mut conn).await.unwrap();
    assert_eq!((stores, last.as_str()), (40, "s000040"));
}
