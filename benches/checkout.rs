//! Checkout throughput: 64 shoppers at once, each over and over putting one product of a
//! random bench store (of 1,000) in a new cart and placing the order.
//!
//! `make bench-checkout` runs `cargo bench --features ssr --bench checkout` in its own
//! target directory, so the server binary `make build` made is left alone. It starts the
//! real server in this process on a fresh `arcade seed --bench` SQLite database and prints
//! orders per second and the latency of the place-order call. With
//! `ARCADE_BENCH_DATABASE_URL=postgres://…` it seeds and measures that (empty) PostgreSQL
//! database instead (`scripts/with-postgres.sh` starts one), and with
//! `ARCADE_BENCH_URL=http://127.0.0.1:8031` it measures a running release server over the
//! bench data set. `DURATION_S` sets the seconds measured (10), `SHOPPERS` how many shop at
//! once (64; 0 places no orders), and `ARCADE_BENCH_LISTEN=127.0.0.1:8031` where the
//! in-process server listens, so that a load generator can read its pages meanwhile (how
//! W1's page-cache hit ratio holds up while the stores take orders).

use std::{
    net::SocketAddr,
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

use arcade::server::{
    anonymous_writes::{AnonymousLimits, Rate, WriteLimit},
    db::Db,
    seed,
    startup::{self, AppConfig},
    tenancy::resolve::Ttl,
};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
};

const STORES: u64 = 1000;

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a runtime");
    rt.block_on(run());
}

/// Limits no run of this bench reaches.
fn unbounded() -> AnonymousLimits {
    let rate = Rate { burst: u32::MAX, every: Duration::from_millis(1) };
    let limit = WriteLimit { per_client: rate, per_store: rate };
    AnonymousLimits { new_carts: limit, guest_orders: limit }
}

async fn run() {
    let number =
        |name: &str, default: u64| std::env::var(name).ok().and_then(|s| s.parse().ok()).unwrap_or(default);
    let seconds = number("DURATION_S", 10);
    let shoppers = number("SHOPPERS", 64);
    let _dir;
    let addr: SocketAddr = match std::env::var("ARCADE_BENCH_URL") {
        Ok(url) => url.trim_start_matches("http://").trim_end_matches('/').parse().expect("http://ip:port"),
        Err(_) => {
            let dir = tempfile::tempdir().expect("a temporary directory");
            let url = std::env::var("ARCADE_BENCH_DATABASE_URL")
                .unwrap_or_else(|_| format!("sqlite://{}/bench.db", dir.path().display()));
            eprintln!("seeding the bench data set in {}…", arcade::server::db::redact(&url));
            let db = Db::connect(&url, 16).await.expect("the database");
            db.migrate().await.expect("migrations");
            seed::bench(&db, false).await.expect("the bench data set");
            let config = AppConfig {
                platform_domain: "platform.test".into(),
                public_port: None,
                trusted_proxies: Vec::new(),
                resolver_cache_entries: 10_000,
                page_cache_bytes: 64 << 20,
                resolver_ttl: Ttl::default(),
                dns_server: None,
                uploads_dir: dir.path().join("uploads"),
                image_origin: None,
                mail: Default::default(),
                // Every shopper here is one address: the bench measures the database.
                anonymous_limits: unbounded(),
                connections: Default::default(),
                theme_streams: Default::default(),
                extra_routes: None,
                extra_public_routes: Vec::new(),
            };
            let built = startup::build(db, &config, startup::leptos_options()).expect("the app");
            let listen = std::env::var("ARCADE_BENCH_LISTEN").unwrap_or_else(|_| "127.0.0.1:0".into());
            let listener = TcpListener::bind(&listen).await.expect("a port");
            let addr = listener.local_addr().expect("an address");
            tokio::spawn(startup::serve(listener, built));
            _dir = dir;
            addr
        }
    };
    eprintln!("{shoppers} shoppers for {seconds} s against {addr}");
    let stop = Arc::new(AtomicBool::new(false));
    let shoppers: Vec<_> = (0..shoppers).map(|n| tokio::spawn(shopper(addr, n, stop.clone()))).collect();
    let start = Instant::now();
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    let mut place = Vec::new();
    let mut whole = Vec::new();
    let mut refused = 0;
    for s in shoppers {
        let r = s.await.expect("a shopper");
        place.extend(r.place);
        whole.extend(r.whole);
        refused += r.refused;
    }
    let elapsed = start.elapsed().as_secs_f64();
    place.sort_unstable();
    whole.sort_unstable();
    let pct = |v: &[Duration], p: f64| {
        v.get(((v.len() as f64 * p) as usize).min(v.len().saturating_sub(1))).copied().unwrap_or_default()
    };
    println!(
        "orders placed: {} in {elapsed:.1} s = {:.0} orders/s ({refused} refused)\n\
         place order: p50 {:.1} ms, p99 {:.1} ms\n\
         add to cart + place order: p50 {:.1} ms, p99 {:.1} ms",
        place.len(),
        place.len() as f64 / elapsed,
        pct(&place, 0.50).as_secs_f64() * 1e3,
        pct(&place, 0.99).as_secs_f64() * 1e3,
        pct(&whole, 0.50).as_secs_f64() * 1e3,
        pct(&whole, 0.99).as_secs_f64() * 1e3,
    );
}

#[derive(Default)]
struct Outcome {
    place: Vec<Duration>,
    whole: Vec<Duration>,
    refused: u64,
}

async fn shopper(addr: SocketAddr, n: u64, stop: Arc<AtomicBool>) -> Outcome {
    let mut out = Outcome::default();
    let mut k = n;
    while !stop.load(Ordering::Relaxed) {
        k = k.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let store = 1 + (k >> 33) % STORES;
        let product = (store - 1) * 20 + 1 + (k >> 20) % 20;
        let host = format!("t{store:04}.platform.test");
        let began = Instant::now();
        let (status, head, _) = post(
            addr,
            &host,
            "/api/cart/add",
            None,
            "application/x-www-form-urlencoded",
            &format!("product_id={product}&quantity=1"),
        )
        .await;
        let cookie = head
            .lines()
            .find_map(|l| l.strip_prefix("set-cookie: ").or_else(|| l.strip_prefix("Set-Cookie: ")))
            .and_then(|v| v.split(';').next())
            .map(str::to_string);
        let Some(cookie) = cookie.filter(|_| status == 200) else {
            out.refused += 1;
            continue;
        };
        let body = format!(
            r#"{{"checkout":{{"email":"bench{n}@example.com","name":"Bench Shopper","line1":"1 Load Street","city":"Testville","postal_code":"12345","country":"Benchland","payment":"bank_transfer","idempotency_key":"bench-{n}-{k:016x}"}}}}"#
        );
        let placing = Instant::now();
        let (status, _, _) =
            post(addr, &host, "/api/checkout/place", Some(&cookie), "application/json", &body).await;
        if status == 200 {
            out.place.push(placing.elapsed());
            out.whole.push(began.elapsed());
        } else {
            out.refused += 1;
        }
    }
    out
}

/// One POST on its own connection: (status, head, body).
async fn post(
    addr: SocketAddr,
    host: &str,
    path: &str,
    cookie: Option<&str>,
    kind: &str,
    body: &str,
) -> (u16, String, String) {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let cookie = cookie.map(|c| format!("Cookie: {c}\r\n")).unwrap_or_default();
    let req = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\nAccept: application/json\r\n{cookie}\
         Content-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(req.as_bytes()).await.expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("receive");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, head.to_string(), body.to_string())
}
