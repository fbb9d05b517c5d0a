//! Each connection is bounded: the time to send a request's head, the head's size, the
//! wait for a body, the time an idle connection is kept, and how many may be open.

use std::time::Duration;

use arcade::{
    api::cart::AddToCart,
    server::{serving::ConnectionLimits, startup::ExtraRoutes},
};
use axum::{routing::get, Router};
use leptos::server_fn::ServerFn;
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpSocket, TcpStream},
};

use super::{closed_within, read_answer, send_get};
use crate::helpers::*;

const STORE: &str = "t0001.platform.test";

/// The server with every bound short and at most `max_connections` open.
async fn bounded(max_connections: usize) -> TestApp {
    spawn_app_configured(|c| {
        c.connections = ConnectionLimits {
            max_connections,
            header_timeout: Duration::from_secs(1),
            body_timeout: Duration::from_secs(1),
            send_timeout: Duration::from_secs(1),
            ..ConnectionLimits::default()
        };
        // An answer larger than any socket buffers (at most 4 MiB to send here).
        let large = || async { vec![b'x'; LARGE] };
        c.extra_routes = Some(ExtraRoutes(Router::new().route("/large", get(large))));
    })
    .await
}

const LARGE: usize = 16 * 1024 * 1024;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_head_sent_a_byte_at_a_time_is_cut_off_at_the_header_timeout() {
    let app = bounded(100).await;
    let mut s = TcpStream::connect(app.addr).await.unwrap();
    s.write_all(b"GET /health HTTP/1.1\r\nHost: t0001.platform.test\r\nX-Slow: ").await.unwrap();

    let started = std::time::Instant::now();
    let mut closed = false;
    while started.elapsed() < Duration::from_secs(4) {
        if s.write_all(b"a").await.is_err()
            || closed_within(&mut s, Duration::from_millis(200)).await.is_some()
        {
            closed = true;
            break;
        }
    }

    assert!(closed, "a head still arriving after 4 s is cut off at the 1 s header timeout");
    let after = started.elapsed();
    assert!(after >= Duration::from_millis(800), "cut off after {after:?}, before its timeout");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_connection_is_closed_at_the_header_timeout_after_its_last_answer() {
    let app = bounded(100).await;
    let mut s = TcpStream::connect(app.addr).await.unwrap();
    send_get(&mut s, STORE, "/health").await;
    assert_eq!(read_answer(&mut s).await.0, 200);
    tokio::time::sleep(Duration::from_millis(500)).await;
    send_get(&mut s, STORE, "/health").await;
    assert_eq!(read_answer(&mut s).await.0, 200, "kept alive within the timeout");

    let closed = closed_within(&mut s, Duration::from_secs(3)).await;

    let closed = closed.expect("an idle connection is closed");
    assert!(closed >= Duration::from_millis(800), "closed after {closed:?} idle, before its timeout");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn headers_over_the_size_limit_are_refused_with_431() {
    let app = spawn_app().await;
    let limit = ConnectionLimits::default().max_header_bytes;

    let within = app.get(STORE, "/health").header("Cookie", &"a".repeat(limit / 2)).await;
    let over = app.get(STORE, "/health").header("Cookie", &"a".repeat(limit)).await;
    // Fewer lines than hyper's count limit (100), each small, together over the size.
    let lines = limit / 180;
    assert!(lines < 100);
    let many =
        (0..lines).fold(app.get(STORE, "/health"), |r, i| r.header(&format!("X-{i}"), &"b".repeat(190)));

    assert_eq!(within.status, 200);
    assert_eq!(over.status, 431, "{over:?}");
    assert_eq!(many.await.status, 431, "many lines add up to the same limit");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_line_over_the_size_limit_is_refused_with_431() {
    let app = spawn_app().await;
    let limit = ConnectionLimits::default().max_header_bytes;

    let res = app.get(STORE, &format!("/shop/products?q={}", "a".repeat(limit))).await;

    assert_eq!(res.status, 431, "{res:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_stops_arriving_ends_its_request_at_the_body_timeout() {
    let app = bounded(100).await;
    let mut s = TcpStream::connect(app.addr).await.unwrap();
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: {STORE}\r\nOrigin: http://{STORE}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nproduct_id=",
        AddToCart::PATH
    );
    s.write_all(head.as_bytes()).await.unwrap();
    let started = std::time::Instant::now();

    let (status, head, _) = tokio::time::timeout(Duration::from_secs(4), read_answer(&mut s))
        .await
        .expect("answered within 4 s although 90 bytes of the body never came");

    assert!((400..500).contains(&status), "{head}");
    assert!(started.elapsed() >= Duration::from_millis(800), "answered before the body timeout: {head}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_the_connection_cap_a_new_connection_waits_until_another_ends() {
    let app = spawn_app_configured(|c| c.connections.max_connections = 8).await;
    let mut open = Vec::new();
    for _ in 0..8 {
        open.push(TcpStream::connect(app.addr).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(200)).await;

    let mut waiting = TcpStream::connect(app.addr).await.expect("queued by the kernel");
    send_get(&mut waiting, STORE, "/health").await;
    let early = tokio::time::timeout(Duration::from_millis(700), read_answer(&mut waiting)).await;
    assert!(early.is_err(), "answered while 8 connections were open: {early:?}");

    drop(open.pop());
    let (status, _, _) = tokio::time::timeout(Duration::from_secs(2), read_answer(&mut waiting))
        .await
        .expect("answered once a connection ended");
    assert_eq!(status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_stops_reading_is_cut_off_at_the_send_timeout() {
    let app = bounded(100).await;
    let socket = TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let mut s = socket.connect(app.addr).await.unwrap();
    s.write_all(format!("GET /large HTTP/1.1\r\nHost: {STORE}\r\n\r\n").as_bytes()).await.unwrap();

    // Reads nothing for three times the timeout, then everything the server still sends.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let mut received = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), s.read_to_end(&mut received)).await;

    assert!(read.is_ok(), "the server ended the connection");
    assert!(
        received.starts_with(b"HTTP/1.1 200"),
        "{:?}",
        String::from_utf8_lossy(&received[..64.min(received.len())])
    );
    assert!(received.len() < LARGE, "the server gave up after {} of {LARGE} bytes", received.len());
}
