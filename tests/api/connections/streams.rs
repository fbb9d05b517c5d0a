//! Theme-event streams are capped per client network and per store: one client, or one
//! store's crowd, cannot hold every connection open. Over a cap the answer is 429 with
//! `Retry-After`, in the JSON error shape.

use std::time::Duration;

use arcade::server::theme_events::StreamCaps;
use tokio::net::TcpStream;

use super::{open_stream, stream_status};
use crate::helpers::*;

const STREAM: &str = "/events/theme";

/// The server believing `X-Forwarded-For` from this machine, so tests can be any client.
async fn capped(per_client: usize, per_store: usize) -> TestApp {
    spawn_app_configured(|c| {
        c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
        c.theme_streams = StreamCaps { per_client, per_store };
    })
    .await
}

/// A stream of store `code` opened for `client`.
async fn stream_for(app: &TestApp, code: &str, client: &str) -> TcpStream {
    open_stream(app.addr, &format!("{code}.platform.test"), STREAM, &format!("X-Forwarded-For: {client}\r\n"))
        .await
}

/// Asks for one more stream for `client`, expecting a refusal.
async fn refused(app: &TestApp, code: &str, client: &str) -> Response {
    app.get(&format!("{code}.platform.test"), STREAM).header("X-Forwarded-For", client).await
}

fn assert_throttled(res: &Response) {
    assert_eq!(res.status, 429, "{res:?}");
    let retry: u64 = res.header("retry-after").expect("Retry-After").parse().expect("seconds");
    assert!(retry > 0);
    assert_eq!(res.json()["error"], "throttled", "{}", res.body);
    assert_eq!(res.json()["retry_after"], retry);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn streams_over_the_cap_of_one_client_are_refused_and_other_clients_still_open_theirs() {
    let app = capped(2, 100).await;
    let _open = [stream_for(&app, "t0001", "192.0.2.1").await, stream_for(&app, "t0002", "192.0.2.1").await];

    assert_throttled(&refused(&app, "t0003", "192.0.2.1").await);
    stream_for(&app, "t0001", "192.0.2.2").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ipv6_clients_count_by_their_64() {
    let app = capped(2, 100).await;
    let _open = [
        stream_for(&app, "t0001", "2001:db8:1:2::1").await,
        stream_for(&app, "t0001", "2001:db8:1:2:ffff::9").await,
    ];

    assert_throttled(&refused(&app, "t0001", "2001:db8:1:2:abcd::7").await);
    stream_for(&app, "t0001", "2001:db8:1:3::1").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn streams_over_the_cap_of_one_store_are_refused_and_other_stores_still_served() {
    let app = capped(100, 3).await;
    let mut open = Vec::new();
    for i in 1..=3 {
        open.push(stream_for(&app, "t0001", &format!("192.0.2.{i}")).await);
    }

    assert_throttled(&refused(&app, "t0001", "192.0.2.9").await);
    stream_for(&app, "t0002", "192.0.2.9").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_stream_gives_its_places_back() {
    let app = capped(1, 1).await;
    let first = stream_for(&app, "t0001", "192.0.2.1").await;
    assert_throttled(&refused(&app, "t0001", "192.0.2.1").await);

    drop(first);

    // The server learns of the close when it next reads or writes; give it a moment.
    let mut status = 0;
    for _ in 0..20 {
        status =
            stream_status(app.addr, "t0001.platform.test", STREAM, "X-Forwarded-For: 192.0.2.1\r\n").await;
        if status != 429 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_ne!(status, 429, "the client's and the store's places were given back");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cap_counts_the_connections_own_address_without_a_proxy() {
    let app = spawn_app_configured(|c| c.theme_streams = StreamCaps { per_client: 1, per_store: 100 }).await;
    let _open = open_stream(app.addr, "t0001.platform.test", STREAM, "").await;

    // A forwarded address from a client that is not a trusted proxy changes nothing.
    let res = app.get("t0001.platform.test", STREAM).header("X-Forwarded-For", "192.0.2.77").await;

    assert_throttled(&res);
}
