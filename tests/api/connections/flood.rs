//! Thousands of sockets that send nothing, or their head a byte a second, hold none of the
//! server's attention: everyone else is answered as fast as before.

use std::time::{Duration, Instant};

use tokio::{io::AsyncWriteExt, net::TcpStream, task::JoinSet};

use crate::helpers::*;

const IDLE: usize = 1_000;
const SLOW: usize = 200;
/// The page a shopper opens; cached after its first visit, as every popular page is.
const PAGE: (&str, &str) = ("t0001.platform.test", "/shop/products");

/// The slowest of `n` answers to `GET path`, asked one after the other.
async fn slowest(app: &TestApp, (host, path): (&str, &str), n: usize) -> Duration {
    let mut worst = Duration::ZERO;
    for _ in 0..n {
        let started = Instant::now();
        let res = app.get(host, path).await;
        worst = worst.max(started.elapsed());
        assert_eq!(res.status, 200, "{host}{path}: {res:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    worst
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_and_a_page_answer_within_100_ms_beside_1000_idle_and_200_slow_header_clients() {
    let app = spawn_app().await;
    assert_eq!(app.get(PAGE.0, PAGE.1).await.status, 200, "first visit fills the page cache");

    let mut idle = Vec::with_capacity(IDLE);
    for _ in 0..IDLE {
        idle.push(TcpStream::connect(app.addr).await.expect("open an idle socket"));
    }
    let mut slow = JoinSet::new();
    for i in 0..SLOW {
        let addr = app.addr;
        slow.spawn(async move {
            let mut s = TcpStream::connect(addr).await.expect("open a slow socket");
            s.write_all(
                format!("GET /health HTTP/1.1\r\nHost: t0001.platform.test\r\nX-Slow-{i}: ").as_bytes(),
            )
            .await
            .expect("start the head");
            // A byte a second, never ending the head: the server must not wait on it.
            let mut sent = 0;
            while s.write_all(b"a").await.is_ok() {
                sent += 1;
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            sent
        });
    }
    tokio::time::sleep(Duration::from_millis(500)).await;

    let health = slowest(&app, ("t0001.platform.test", "/health"), 20).await;
    let page = slowest(&app, PAGE, 20).await;

    assert!(health < Duration::from_millis(100), "/health took {health:?}");
    assert!(page < Duration::from_millis(100), "{}{} took {page:?}", PAGE.0, PAGE.1);
    assert!(slow.try_join_next().is_none(), "the slow clients were all still sending");
    drop(idle);
    slow.abort_all();
}
