//! A checkout's idempotency key is its shopper's own: sent again from the cart that placed
//! the order (or by the signed-in shopper who did) it answers that order; from anyone else
//! it is a conflict that carries nothing of the order.

use serde_json::json;

use super::*;

const A: &str = "t0001.platform.test";
const KEY: &str = "replayed-key-0001";

/// A shopper of t0001 with one unit of product `j` in a cart of their own.
async fn with_a_cart(app: &TestApp, j: i64) -> Shopper {
    let mut shopper = Shopper::on(A);
    assert_eq!(shopper.add(app, bench_item(1, j).0, 1).await.status, 200);
    shopper
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_cart_sending_a_placed_key_gets_409_and_no_order_link() {
    let app = spawn_app().await;
    let ada = with_a_cart(&app, 1).await;
    let placed = ada.checkout(&app, KEY).await;
    assert_eq!(placed.status, 200, "{placed:?}");
    let token = placed.json()["token"].as_str().expect("an order token").to_string();
    let bob = with_a_cart(&app, 2).await;

    let res = bob.checkout(&app, KEY).await;

    assert_eq!(res.status, 409, "{res:?}");
    assert_eq!(res.json()["error"], "conflict", "{}", res.body);
    assert!(!res.body.contains(&token), "Ada's order link leaked to Bob: {}", res.body);
    assert!(res.json().get("token").is_none() && res.json().get("number").is_none(), "{}", res.body);
    assert_eq!(rows_of(&app, "orders", "t0001").await, 1, "Bob placed nothing");
    assert_eq!(
        bob.cart(&app).await["lines"].as_array().map(Vec::len),
        Some(1),
        "Bob's cart is left as it was"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cart_that_placed_a_key_gets_its_own_order_again() {
    let app = spawn_app().await;
    let ada = with_a_cart(&app, 1).await;
    let placed = ada.checkout(&app, KEY).await;
    let bob = with_a_cart(&app, 2).await;
    assert_eq!(bob.checkout(&app, KEY).await.status, 409);

    let again = ada.checkout(&app, KEY).await;

    assert_eq!((placed.status, again.status), (200, 200), "{again:?}");
    assert_eq!(again.json(), placed.json(), "Ada's own order, number and link");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_sent_without_any_cart_learns_nothing_either() {
    let app = spawn_app().await;
    let ada = with_a_cart(&app, 1).await;
    let token = ada.checkout(&app, KEY).await.json()["token"].as_str().expect("a token").to_string();

    let made_up =
        Shopper { cookie: Some(format!("arcade_cart_t0001={}", "ab".repeat(32))), ..Shopper::on(A) };
    for stranger in [Shopper::on(A), made_up] {
        let res = stranger.checkout(&app, KEY).await;
        assert_eq!(res.status, 409, "{res:?}");
        assert!(!res.body.contains(&token), "{}", res.body);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_signed_in_shopper_who_placed_a_key_gets_the_order_from_another_cart() {
    let app = spawn_app().await;
    let mut ada = signed_up(&app, Shopper::on(A)).await;
    let placed = buy(&app, &mut ada, 1, KEY, json!({})).await;
    assert_eq!(placed.status, 200, "{placed:?}");
    let session = ada.cookie.clone().expect("cookies");
    let session = session.split("; ").find(|c| c.starts_with("arcade_shopper_")).expect("a session cookie");
    // Ada on her phone: the same account, another cart.
    let mut phone = Shopper { cookie: Some(session.to_string()), ..Shopper::on(A) };
    assert_eq!(phone.add(&app, bench_item(1, 2).0, 1).await.status, 200);

    let again = phone.checkout(&app, KEY).await;

    assert_eq!(again.status, 200, "{again:?}");
    assert_eq!(again.json(), placed.json());
}
