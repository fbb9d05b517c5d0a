//! Anonymous writes are bounded: new carts and guest orders, per client network in a store
//! and per store. Limits are lowered here so a few requests reach them; a client address
//! is given by `X-Forwarded-For` from a trusted proxy (the test itself, on 127.0.0.1).

use std::time::Duration;

use arcade::{
    api::cart::AddToCart,
    server::anonymous_writes::{AnonymousLimits, Rate, WriteLimit},
};
use leptos::server_fn::ServerFn;
use serde_json::json;

use super::*;

const A: &str = "t0001.platform.test";
const B: &str = "t0002.platform.test";

/// A limit of `burst` with nothing coming back during a test.
fn limit(per_client: u32, per_store: u32) -> WriteLimit {
    let hour = Duration::from_secs(3600);
    WriteLimit {
        per_client: Rate { burst: per_client, every: hour },
        per_store: Rate { burst: per_store, every: hour },
    }
}

/// The server believing 127.0.0.1's `X-Forwarded-For`, with these limits.
async fn spawn_limited(new_carts: WriteLimit, guest_orders: WriteLimit) -> TestApp {
    spawn_app_configured(|c| {
        c.trusted_proxies = vec!["127.0.0.1".parse().expect("an address")];
        c.anonymous_limits = AnonymousLimits { new_carts, guest_orders };
    })
    .await
}

/// A cookieless add to cart of one unit of the first product of bench store `i`, from `client`.
async fn add_from(app: &TestApp, host: &str, i: i64, client: &str) -> Response {
    Shopper::on(host)
        .call(app, AddToCart::PATH)
        .header("X-Forwarded-For", client)
        .form(&format!("product_id={}&quantity=1", bench_item(i, 1).0))
        .await
}

/// Asserts a 429 in the one error shape, whose `Retry-After` says when to come back.
fn assert_throttled(res: &Response) {
    assert_eq!(res.status, 429, "{res:?}");
    let body = res.json();
    assert_eq!(body["error"], "throttled", "{body}");
    let wait: u64 = res.header("retry-after").and_then(|v| v.parse().ok()).expect("a Retry-After in seconds");
    assert!(wait >= 1, "{res:?}");
    assert_eq!(body["retry_after"], wait, "the body and the header agree: {body}");
    assert!(body["message"].as_str().is_some_and(|m| m.contains("try again in")), "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cookieless_adds_past_the_clients_limit_are_429_and_start_no_cart() {
    let app = spawn_limited(limit(3, 100), limit(100, 100)).await;

    for n in 0..3 {
        assert_eq!(add_from(&app, A, 1, "203.0.113.7").await.status, 200, "add {n}");
    }
    let res = add_from(&app, A, 1, "203.0.113.7").await;

    assert_throttled(&res);
    assert!(cart_cookie(&res).is_none(), "a refused add sets no cart cookie: {res:?}");
    assert_eq!(rows_of(&app, "carts", "t0001").await, 3);
    assert_eq!(add_from(&app, A, 1, "203.0.113.8").await.status, 200, "another client is not held back");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn made_up_cart_cookies_count_as_new_carts() {
    let app = spawn_limited(limit(2, 100), limit(100, 100)).await;
    let made_up = |n: u32| format!("arcade_cart_t0001={n:064x}");

    let mut statuses = Vec::new();
    for n in 0..3 {
        let res = Shopper { cookie: Some(made_up(n)), ..Shopper::on(A) }
            .call(&app, AddToCart::PATH)
            .header("X-Forwarded-For", "203.0.113.7")
            .form(&format!("product_id={}&quantity=1", bench_item(1, 1).0))
            .await;
        statuses.push(res.status);
    }

    assert_eq!(statuses, [200, 200, 429]);
    assert_eq!(rows_of(&app, "carts", "t0001").await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shopper_with_a_cart_keeps_adding_past_the_limit() {
    let app = spawn_limited(limit(1, 1), limit(100, 100)).await;
    let mut ada = Shopper::on(A);

    for j in 1..=5 {
        let res = ada.add(&app, bench_item(1, j).0, 1).await;
        assert_eq!(res.status, 200, "add {j}: {res:?}");
    }

    assert_eq!(ada.cart(&app).await["lines"].as_array().map(Vec::len), Some(5));
    assert_eq!(add_from(&app, A, 1, "127.0.0.1").await.status, 429, "a second new cart is over the limit");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_stores_shoppers_are_unaffected_by_one_stores_flood() {
    let app = spawn_limited(limit(2, 6), limit(100, 100)).await;

    // Ten clients, three adds each: each client's third add is refused, and the store's six
    // cells are gone after the third client.
    let mut refused = 0;
    for c in 1..=10 {
        for _ in 0..3 {
            refused += u32::from(add_from(&app, A, 1, &format!("198.51.100.{c}")).await.status == 429);
        }
    }
    assert_eq!(refused, 24, "only six of the thirty adds made a cart");
    assert_eq!(rows_of(&app, "carts", "t0001").await, 6);
    assert_throttled(&add_from(&app, A, 1, "203.0.113.50").await);

    for client in ["203.0.113.50", "198.51.100.1"] {
        let res = add_from(&app, B, 2, client).await;
        assert_eq!(res.status, 200, "a shopper of t0002 from {client}: {res:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ipv6_clients_are_counted_by_their_64() {
    let app = spawn_limited(limit(2, 100), limit(100, 100)).await;

    assert_eq!(add_from(&app, A, 1, "2001:db8:7:1::1").await.status, 200);
    assert_eq!(add_from(&app, A, 1, "2001:db8:7:1:ffff::2").await.status, 200);
    assert_throttled(&add_from(&app, A, 1, "2001:db8:7:1:abcd:1234:5678:9").await);

    assert_eq!(add_from(&app, A, 1, "2001:db8:7:2::1").await.status, 200, "the next /64 is another client");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guest_checkouts_past_the_limit_are_429_and_place_nothing() {
    let app = spawn_limited(limit(100, 100), limit(2, 100)).await;
    let (product, _) = bench_item(1, 3);
    let stock = stock_of(&app, product).await;

    let mut answers = Vec::new();
    for n in 0..3 {
        let mut guest = Shopper::on(A);
        assert_eq!(guest.add(&app, product, 1).await.status, 200);
        answers.push(guest.checkout(&app, &format!("guest-order-key-{n}")).await);
    }

    assert_eq!(answers.iter().map(|r| r.status).collect::<Vec<_>>(), [200, 200, 429]);
    assert_throttled(&answers[2]);
    assert_eq!(rows_of(&app, "orders", "t0001").await, 2);
    assert_eq!(stock_of(&app, product).await, stock - 2, "the refused order took no stock");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_in_shoppers_orders_are_not_guest_orders() {
    let app = spawn_limited(limit(100, 100), limit(1, 1)).await;
    let mut ada = signed_up(&app, Shopper::on(A)).await;

    for n in 0..3 {
        let res = buy(&app, &mut ada, 1, &format!("account-order-key-{n}"), json!({})).await;
        assert_eq!(res.status, 200, "order {n}: {res:?}");
    }
}
