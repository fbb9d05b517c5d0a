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
