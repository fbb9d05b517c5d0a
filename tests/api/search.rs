//! Product search through the index: per store, safe with any text, the last word as a
//! prefix, and fast enough on a store of 200,000 products that other requests do not wait.

use std::time::{Duration, Instant};

use arcade::{
    api::storefront::ListProducts,
    server::db::{products, products::NewProduct, Backend, READ_DEADLINE},
};
use leptos::server_fn::ServerFn;
use serde_json::Value;

use crate::helpers::*;

/// The list server function's call for `q` in `sort` order.
fn list(addr: std::net::SocketAddr, host: &str, q: &str, sort: &str) -> RequestBuilder {
    RequestBuilder::new(addr, "POST", Some(host), ListProducts::PATH)
        .form(&format!("q={}&sort={sort}&page=1", encode(q)))
}

/// The names on the first page the product list answers for `q` on `host`, and its total.
async fn found(app: &TestApp, host: &str, q: &str) -> (Vec<String>, i64) {
    let res = list(app.addr, host, q, "Featured").await;
    assert_eq!(res.status, 200, "q={q:.40?}: {}", res.body);
    let body = res.json();
    let names = body["products"].as_array().expect("products").iter();
    let names = names.map(|p| p["name"].as_str().expect("a name").to_string()).collect();
    (names, body["total"].as_i64().expect("total"))
}

async fn add(app: &TestApp, code: &str, name: &str, description: &str) {
    let store = app.store_id(code).await;
    let new =
        NewProduct { name: name.into(), description: description.into(), price_cents: 900, stock: Some(3) };
    products::create(&mut *app.conn().await, store, &new).await.expect("create a product");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_stays_in_its_store_and_matches_words_and_the_start_of_the_last() {
    let app = spawn_app().await;
    add(&app, "t0001", "Zephyr lamp", "Brass, with a linen shade").await;
    add(&app, "t0002", "Zephyr chair", "Oak").await;
    let (t1, t2) = ("t0001.platform.test", "t0002.platform.test");

    assert_eq!(found(&app, t1, "zephyr").await, (vec!["Zephyr lamp".to_string()], 1));
    assert_eq!(found(&app, t2, "ZEPHYR").await, (vec!["Zephyr chair".to_string()], 1));
    for q in ["zeph", "lamp zeph", "zephyr la", "linen  ZEPHYR", "brass,"] {
        assert_eq!(found(&app, t1, q).await.1, 1, "q={q:?}");
    }
    for q in ["ephyr", "zephyr oak", "chair", "zephyrs"] {
        assert_eq!(found(&app, t1, q).await.1, 0, "q={q:?} matches nothing in t0001");
    }

    let page = app.get(t1, "/shop/products?q=zeph").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Zephyr lamp") && !page.body.contains("Zephyr chair"), "{}", page.body);
}

/// Query syntax of the index typed into the box is read as words (or as nothing): never
/// a syntax error, never a 500, never another store's product.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_takes_any_text_as_words() {
    let app = spawn_app().await;
    add(&app, "t0001", "Near \"quoted\" thing", "with (parens) and * stars").await;
    add(&app, "t0002", "Near quoted thing", "").await;
    let host = "t0001.platform.test";
    // As long as a request head may be (16 kB), and then some for the encoding.
    let long = "near ".repeat(2_500);
    let hostile = [
        "\"",
        "\"\"",
        "\"near",
        "*",
        "near*",
        "NEAR(quoted thing)",
        "NEAR",
        "quoted OR",
        "AND",
        "(((",
        "parens)",
        "- quoted",
        "^near",
        "store_id : 2",
        "{name} : near",
        "'; DROP TABLE products; --",
        "quoted:*",
        "near & !thing",
        "\\",
        "\0",
        "%",
        "_",
        "日本語 near",
        long.as_str(),
    ];
    for q in hostile {
        let (names, total) = found(&app, host, q).await;
        let own = |n: &String| n == "Near \"quoted\" thing" || n.ends_with(" of Store 0001");
        assert!(names.iter().all(own), "q={q:.40?}: only t0001's products, got {names:?}");
        assert!(total >= names.len() as i64, "q={q:.40?}");
    }
    assert_eq!(found(&app, host, "NEAR(quoted thing)").await.1, 1, "read as the words near, quoted, thing");
    assert_eq!(found(&app, host, "store_id : 2").await.1, 0, "no column filter from the box");
    assert_eq!(found(&app, host, "*").await.1, 0, "a text without a word matches nothing");
    assert_eq!(found(&app, host, "").await.1, 21, "an empty box lists everything");
}

/// 200,000 products in one store (and their index): a search for a rare word answers
/// within the read deadline, a search that matches every one of them answers or is ended
/// at its deadline, and `/health` answers within 50 ms meanwhile.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_search_of_200000_products_answers_within_its_deadline_while_health_stays_fast() {
    let app = spawn_app().await;
    let seeding = Instant::now();
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000) \
         INSERT INTO products (store_id, id, name, description, price_cents, stock, created_at) \
         SELECT 1, 1000000 + i, 'Gadget ' || i || CASE WHEN i % 1000 = 0 THEN ' teapot' ELSE '' END, \
         'A widget for every day', (i * 7919) % 100000, 1, 0 FROM n",
    )
    .execute(&app.db.pool)
    .await
    .expect("add 200,000 products to t0001");
    eprintln!("seeded 200,000 products in {:?}", seeding.elapsed());
    let host = "t0001.platform.test";

    let started = Instant::now();
    let (names, total) = found(&app, host, "teapot").await;
    let took = started.elapsed();
    assert_eq!((names.len(), total), (24, 200), "the first page of the 200 teapots");
    assert!(took < READ_DEADLINE, "a rare word answers within the deadline: {took:?}");

    let broad = {
        let addr = app.addr;
        tokio::spawn(async move {
            let started = Instant::now();
            let res = list(addr, host, "widget", "PriceAsc").await;
            (res, started.elapsed())
        })
    };
    let mut slowest = Duration::ZERO;
    while !broad.is_finished() {
        let started = Instant::now();
        assert_eq!(app.get(host, "/health").await.status, 200);
        slowest = slowest.max(started.elapsed());
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let (res, took) = broad.await.expect("the broad search");
    eprintln!("broad search: {} in {took:?}; slowest /health {slowest:?}", res.status);
    assert!(slowest < Duration::from_millis(50), "/health waited {slowest:?}");
    match (app.db.backend, res.status) {
        (_, 200) => assert_eq!(res.json()["total"], Value::from(200_000)),
        (Backend::Sqlite, 503) => {
            assert_eq!(res.header("retry-after"), Some("5"));
            assert!(took < READ_DEADLINE + Duration::from_millis(250), "ended at its deadline: {took:?}");
        }
        (_, status) => panic!("the broad search answered {status}: {}", res.body),
    }
}
