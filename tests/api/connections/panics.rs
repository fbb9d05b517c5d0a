//! A handler that panics is answered 500 in the one error shape of its path, and the
//! connection goes on serving. The panicking routes exist only in this test's server,
//! added through `AppConfig::extra_routes`, inside every layer the app's own routes pass.

use arcade::server::startup::ExtraRoutes;
use axum::{routing::get, Router};
use tokio::net::TcpStream;

use super::{read_answer, send_get};
use crate::helpers::*;

const STORE: &str = "t0001.platform.test";

async fn failing() -> &'static str {
    panic!("a handler failed on purpose")
}

async fn app_with_failing_routes() -> TestApp {
    spawn_app_configured(|c| {
        let routes = Router::new().route("/failing", get(failing)).route("/api/failing", get(failing));
        c.extra_routes = Some(ExtraRoutes(routes));
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_page_answers_the_plain_500_page_and_the_connection_serves_on() {
    let app = app_with_failing_routes().await;
    let mut s = TcpStream::connect(app.addr).await.unwrap();

    send_get(&mut s, STORE, "/failing").await;
    let (status, head, body) = read_answer(&mut s).await;
    send_get(&mut s, STORE, "/health").await;
    let (next, _, _) = read_answer(&mut s).await;

    assert_eq!(status, 500, "{head}");
    assert!(head.to_lowercase().contains("content-type: text/html"), "{head}");
    assert!(body.contains("Something went wrong"), "{body}");
    assert!(!body.contains("on purpose"), "the panic's message stays in the log: {body}");
    assert!(head.to_lowercase().contains("x-content-type-options: nosniff"), "security headers too: {head}");
    assert_eq!(next, 200, "the same connection answers the next request");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_json_route_answers_the_json_server_error() {
    let app = app_with_failing_routes().await;

    let res = app.get(STORE, "/api/failing").await;

    assert_eq!(res.status, 500, "{res:?}");
    assert_eq!(res.json()["error"], "server error", "{}", res.body);
    assert!(!res.body.contains("on purpose"), "{}", res.body);
}
