//! Graceful shutdown: the server stops accepting, ends the theme-event streams so tabs
//! reconnect elsewhere, lets requests in flight finish within a bound, waits for the
//! background tasks' current work, checkpoints SQLite's write-ahead log and exits 0.

mod binary;

use std::{
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

use arcade::server::startup::ExtraRoutes;
use axum::{routing::get, Router};
use tokio::{io::AsyncWriteExt, net::TcpStream};

use super::{closed_within, open_stream, read_answer, send_get};
use crate::helpers::*;

const STORE: &str = "t0001.platform.test";

/// The server with a route that answers after `delay`, and shutdown bounded by `bound`.
async fn app_with_slow_route(delay: Duration, bound: Duration) -> TestApp {
    spawn_app_configured(|c| {
        let slow = move || async move {
            tokio::time::sleep(delay).await;
            "done"
        };
        c.extra_routes = Some(ExtraRoutes(Router::new().route("/slow", get(slow))));
        c.connections.shutdown_timeout = bound;
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_ends_open_event_streams_with_a_clean_end() {
    let app = spawn_app().await;
    let mut stream = open_stream(app.addr, STORE, "/events/theme", "").await;

    app.state.shutdown.cancel();

    let mut rest = Vec::new();
    let read = tokio::time::timeout(
        Duration::from_secs(2),
        tokio::io::AsyncReadExt::read_to_end(&mut stream, &mut rest),
    );
    assert!(matches!(read.await, Ok(Ok(_))), "the stream ends within 2 s, without a reset");
    assert!(rest.ends_with(b"0\r\n\r\n"), "ended by its last chunk: {:?}", String::from_utf8_lossy(&rest));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_finishes_a_request_in_flight_and_refuses_new_connections() {
    let app = app_with_slow_route(Duration::from_millis(800), Duration::from_secs(10)).await;
    let mut in_flight = TcpStream::connect(app.addr).await.unwrap();
    send_get(&mut in_flight, STORE, "/slow").await;
    tokio::time::sleep(Duration::from_millis(200)).await;

    app.state.shutdown.cancel();
    tokio::time::sleep(Duration::from_millis(100)).await;

    assert!(TcpStream::connect(app.addr).await.is_err(), "no longer accepting");
    let (status, head, body) = read_answer(&mut in_flight).await;
    assert_eq!((status, body.as_str()), (200, "done"), "{head}");
    assert!(closed_within(&mut in_flight, Duration::from_secs(1)).await.is_some(), "then closed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_still_running_at_the_shutdown_bound_is_cut() {
    let app = app_with_slow_route(Duration::from_secs(30), Duration::from_millis(500)).await;
    let mut in_flight = TcpStream::connect(app.addr).await.unwrap();
    in_flight.write_all(format!("GET /slow HTTP/1.1\r\nHost: {STORE}\r\n\r\n").as_bytes()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;

    app.state.shutdown.cancel();
    let cut = closed_within(&mut in_flight, Duration::from_secs(3)).await;

    let cut = cut.expect("cut within 3 s");
    assert!(cut >= Duration::from_millis(400), "cut after {cut:?}, before the 500 ms bound");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_waits_for_a_background_tasks_current_work() {
    let app = spawn_app().await;
    let finished = Arc::new(AtomicBool::new(false));
    app.state.tasks.spawn({
        let (stop, finished) = (app.state.shutdown.clone(), finished.clone());
        async move {
            stop.cancelled().await;
            // The unit of work under way when shutdown began (a message being sent).
            tokio::time::sleep(Duration::from_millis(500)).await;
            finished.store(true, Ordering::SeqCst);
        }
    });

    let started = Instant::now();
    app.state.shutdown.cancel();
    let served = tokio::time::timeout(Duration::from_secs(5), app.server).await;

    assert!(matches!(served, Ok(Ok(Ok(())))), "serving ends cleanly: {served:?}");
    assert!(finished.load(Ordering::SeqCst), "only after the task's work ({:?})", started.elapsed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_background_task_still_running_at_the_shutdown_bound_is_not_waited_for() {
    let app = spawn_app_configured(|c| c.connections.shutdown_timeout = Duration::from_millis(300)).await;
    app.state.tasks.spawn(std::future::pending::<()>());

    let started = Instant::now();
    app.state.shutdown.cancel();
    let served = tokio::time::timeout(Duration::from_secs(3), app.server).await;

    assert!(matches!(served, Ok(Ok(Ok(())))), "serving ends at the bound: {served:?}");
    assert!(started.elapsed() >= Duration::from_millis(250), "after waiting {:?}", started.elapsed());
}
