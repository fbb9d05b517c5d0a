//! The catalog's uncached reads on a SQLite file (the bench data set, 1,000 stores of 20
//! products): a storefront page of products, a searched page, one product with its reviews.
//! These are what a page the page cache misses asks of the database.
//!
//! `cargo bench --features ssr --bench catalog`

use arcade::{
    model::ProductSort,
    server::db::{products, reviews, stores, Db},
    server::seed,
};
use criterion::{black_box, criterion_group, criterion_main, Criterion};

fn catalog(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (db, stores) = rt.block_on(async {
        let db = Db::connect(&format!("sqlite://{}/bench.db", dir.path().display()), 4).await.unwrap();
        db.migrate().await.unwrap();
        seed::bench(&db, false).await.unwrap();
        let mut ids = Vec::new();
        for n in 1..=100 {
            ids.push(stores::by_code(&db, &format!("t{n:04}")).await.unwrap().unwrap().id);
        }
        (db, ids)
    });
    let mut turn = 0;
    let mut next = || {
        turn = (turn + 1) % stores.len();
        stores[turn]
    };

    c.bench_function("product list, page 1 of 24, featured", |b| {
        b.iter(|| {
            let store = next();
            rt.block_on(products::list(&db, store, "", ProductSort::Featured, 1, 24)).unwrap()
        })
    });
    c.bench_function("product list, page 1 of 24, by price", |b| {
        b.iter(|| {
            let store = next();
            rt.block_on(products::list(&db, store, "", ProductSort::PriceAsc, 1, 24)).unwrap()
        })
    });
    c.bench_function("product list, searched for \"product 1\"", |b| {
        b.iter(|| {
            let store = next();
            rt.block_on(products::list(&db, store, "product 1", ProductSort::Featured, 1, 24)).unwrap()
        })
    });
    // A start longer than the index's prefixes (four letters): its words are read one by one.
    c.bench_function("product list, searched for \"produc\"", |b| {
        b.iter(|| {
            let store = next();
            rt.block_on(products::list(&db, store, "produc", ProductSort::Featured, 1, 24)).unwrap()
        })
    });
    c.bench_function("one product and its reviews", |b| {
        b.iter(|| {
            let store = next();
            let id = (store.get() - 1) * 20 + 7;
            rt.block_on(async {
                let product = products::get(&db, store, id).await.unwrap();
                let reviews = reviews::of_product(&db, store, id).await.unwrap();
                black_box((product, reviews))
            })
        })
    });
}

criterion_group!(benches, catalog);
criterion_main!(benches);
