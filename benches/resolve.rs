//! Host resolution with 100,000 stores in the resolver cache: parse the Host header,
//! find the store label under the platform domain, look the store up in the cache.
//!
//! `cargo bench --features ssr --bench resolve` (takes ~1 min to seed and warm the cache).

use std::time::{Duration, Instant};

use arcade::server::{
    db::Db,
    seed,
    tenancy::{resolve::Ttl, Hostname, Resolver},
};
use criterion::{black_box, criterion_group, criterion_main, Criterion};

const STORES: u32 = 100_000;

fn resolve(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let ttl = Ttl { found: Duration::from_secs(3600), missing: Duration::from_secs(3600) };
    let (resolver, codes) = rt.block_on(async {
        let db = Db::connect(&format!("sqlite://{}/bench.db", dir.path().display()), 4).await.unwrap();
        db.migrate().await.unwrap();
        seed::generated(&db, STORES, 0, 0, false).await.unwrap();
        let resolver = Resolver::new(db, 200_000, ttl);
        let codes: Vec<String> = (1..=i64::from(STORES)).map(|id| format!("s{id:06}")).collect();
        for code in &codes {
            assert!(resolver.by_code(code).await.unwrap().is_some(), "{code} resolves");
        }
        resolver.sync().await;
        (resolver, codes)
    });
    assert!(resolver.len() >= u64::from(STORES), "all stores cached: {}", resolver.len());
    let platform = Hostname::parse("platform.test").unwrap();
    let hosts: Vec<String> = codes.iter().map(|c| format!("{c}.platform.test:443")).collect();

    c.bench_function("resolve subdomain host, 100k stores cached", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let start = Instant::now();
                for i in 0..iters as usize {
                    let host = Hostname::parse(black_box(&hosts[(i * 7919) % hosts.len()])).unwrap();
                    let code = host.label_under(&platform).unwrap();
                    black_box(resolver.by_code(code).await.unwrap());
                }
                start.elapsed()
            })
        })
    });

    c.bench_function("parse and classify host only", |b| {
        let mut i = 0usize;
        b.iter(|| {
            i = i.wrapping_add(7919);
            let host = Hostname::parse(black_box(&hosts[i % hosts.len()])).unwrap();
            black_box(host.label_under(&platform).map(str::len))
        })
    });

    c.bench_function("resolve unknown host (negative entry), 100k stores cached", |b| {
        rt.block_on(async { assert!(resolver.by_domain("nostore.test").await.unwrap().is_none()) });
        b.iter_custom(|iters| {
            rt.block_on(async {
                let start = Instant::now();
                for _ in 0..iters {
                    let host = Hostname::parse(black_box("nostore.test")).unwrap();
                    black_box(resolver.by_domain(host.as_str()).await.unwrap());
                }
                start.elapsed()
            })
        })
    });
}

criterion_group!(benches, resolve);
criterion_main!(benches);
