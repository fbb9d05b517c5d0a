//! Checkout: one transaction that re-prices, takes stock, writes the order and empties the
//! cart; never oversells; one order per idempotency key.

use arcade::api::checkout::{OrderByToken, PlaceOrder};
use leptos::server_fn::ServerFn;
use serde_json::json;

use super::*;

/// A shopper of `host`/`base` with `quantity` of `product` in the cart.
async fn shopper_with(app: &TestApp, mut shopper: Shopper, product: i64, quantity: i64) -> Shopper {
    let res = shopper.add(app, product, quantity).await;
    assert_eq!(res.status, 200, "add to cart: {res:?}");
    shopper
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_order_is_priced_from_the_database_takes_stock_and_empties_the_cart() {
    let app = spawn_app().await;
    let (a, _) = bench_item(1, 1);
    let (b, price_b) = bench_item(1, 2);
    let mut ada = shopper_with(&app, Shopper::on("t0001.platform.test"), a, 2).await;
    ada.add(&app, b, 1).await;
    let stock_a = stock_of(&app, a).await;
    // The owner changes a price after the product went in the cart: the order uses it.
    sqlx::query("UPDATE products SET price_cents = 5000 WHERE id = $1")
        .bind(a)
        .execute(&app.db.pool)
        .await
        .unwrap();

    // A tampered body: prices and totals the browser made up are not read.
    let mut form = checkout_form("order-key-0000000001");
    form["total_cents"] = json!(1);
    form["lines"] = json!([{"product_id": a, "unit_price_cents": 1}]);
    let res = ada.checkout_with(&app, form).await;

    assert_eq!(res.status, 200, "{res:?}");
    let placed = res.json();
    assert_eq!(placed["number"], 1001);
    let token = placed["token"].as_str().expect("a token");
    assert_eq!(token.len(), 64);
    let order = ada.call(&app, OrderByToken::PATH).json(&json!({ "token": token })).await.json();
    assert_eq!(order["total_cents"], 2 * 5000 + price_b);
    assert_eq!(order["items"].as_array().unwrap().len(), 2);
    assert_eq!(order["status"], "Placed");
    assert_eq!(stock_of(&app, a).await, stock_a - 2);
    assert_eq!(ada.cart(&app).await["lines"], json!([]), "the cart is empty");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_checkout_sent_twice_places_one_order() {
    let app = spawn_app().await;
    let (a, _) = bench_item(1, 1);
    let ada = shopper_with(&app, Shopper::on("t0001.platform.test"), a, 3).await;
    let before = stock_of(&app, a).await;

    let first = ada.checkout(&app, "double-submit-key-01").await;
    let again = ada.checkout(&app, "double-submit-key-01").await;

    assert_eq!((first.status, again.status), (200, 200), "{again:?}");
    assert_eq!(first.json(), again.json(), "the same order both times");
    assert_eq!(rows_of(&app, "orders", "t0001").await, 1);
    assert_eq!(stock_of(&app, a).await, before - 3, "stock taken once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_checkouts_racing_for_ten_units_sell_exactly_ten() {
    let app = spawn_app().await;
    let (product, _) = bench_item(1, 7);
    set_stock(&app, product, 10).await;
    let mut shoppers = Vec::new();
    for _ in 0..50 {
        shoppers.push(shopper_with(&app, Shopper::on("t0001.platform.test"), product, 1).await);
    }

    let sends: Vec<_> = shoppers
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let form = json!({ "checkout": checkout_form(&format!("race-key-{i:012}")) });
            tokio::spawn(s.call(&app, PlaceOrder::PATH).json(&form).send())
        })
        .collect();
    let mut answers = Vec::new();
    for send in sends {
        answers.push(send.await.expect("the request task"));
    }

    let sold = answers.iter().filter(|r| r.status == 200).count();
    let refused: Vec<_> = answers.iter().filter(|r| r.status != 200).collect();
    assert_eq!(sold, 10, "orders placed");
    assert_eq!(refused.len(), 40);
    for r in &refused {
        assert_eq!(r.status, 409, "{r:?}");
        let message = r.json()["message"].as_str().unwrap().to_string();
        assert!(message.contains("sold out"), "{message}");
    }
    assert_eq!(stock_of(&app, product).await, 0);
    assert_eq!(rows_of(&app, "orders", "t0001").await, 10);
    assert_eq!(rows_of(&app, "order_items", "t0001").await, 10);
    assert_eq!(rows_of(&app, "cart_items", "t0001").await, 40, "the refused carts are kept whole");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_form_names_its_field_and_writes_nothing() {
    let app = spawn_app().await;
    let (a, _) = bench_item(1, 1);
    let ada = shopper_with(&app, Shopper::on("t0001.platform.test"), a, 1).await;
    let before = stock_of(&app, a).await;

    for (field, value) in
        [("email", "not-an-email"), ("postal_code", "<b>"), ("payment", "card"), ("name", "")]
    {
        let mut form = checkout_form("bad-form-key-000001");
        form[field] = json!(value);
        let res = ada.checkout_with(&app, form).await;
        assert_eq!(res.status, 422, "{field}: {res:?}");
        assert_eq!(res.json()["field"], field);
    }
    let res = ada.checkout_with(&app, json!({"email": "ada@example.com"})).await;
    assert_eq!(res.status, 422, "missing fields: {res:?}");

    assert_eq!(rows_of(&app, "orders", "t0001").await, 0);
    assert_eq!(stock_of(&app, a).await, before);
    assert_eq!(ada.cart(&app).await["lines"].as_array().unwrap().len(), 1, "the cart is kept");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_cart_or_none_cannot_check_out() {
    let app = spawn_app().await;
    let res = Shopper::on("t0001.platform.test").checkout(&app, "no-cart-key-0000001").await;
    assert_eq!(res.status, 409);
    assert_eq!(res.json(), json!({"error": "conflict", "message": "your cart is empty", "field": "cart"}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cart_with_more_than_the_stock_left_is_refused_whole() {
    let app = spawn_app().await;
    let (a, _) = bench_item(1, 1);
    let (b, _) = bench_item(1, 2);
    let mut ada = shopper_with(&app, Shopper::on("t0001.platform.test"), a, 1).await;
    ada.add(&app, b, 3).await;
    set_stock(&app, b, 2).await;
    let stock_a = stock_of(&app, a).await;

    let res = ada.checkout(&app, "short-stock-key-001").await;

    assert_eq!(res.status, 409, "{res:?}");
    assert!(res.json()["message"].as_str().unwrap().starts_with("only 2 of Product 02 of Store 0001 left"));
    assert_eq!(stock_of(&app, a).await, stock_a, "the first line's stock was given back");
    assert_eq!(rows_of(&app, "orders", "t0001").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shoppers_check_out_in_every_mode_and_get_a_private_order_page() {
    let app = spawn_app().await;
    for (store, shopper) in [
        (1, Shopper::on("t0001.platform.test")),
        (3, Shopper::on("shop-0003.test")),
        (4, Shopper::under_path("t0004")),
    ] {
        let shopper = shopper_with(&app, shopper, bench_item(store, 1).0, 1).await;
        let res = shopper.checkout(&app, "every-mode-key-0001").await;
        assert_eq!(res.status, 200, "store {store}: {res:?}");
        let token = res.json()["token"].as_str().unwrap().to_string();

        let page = app.get(&shopper.host, &format!("{}/shop/orders/{token}", shopper.base)).await;
        assert_eq!(page.status, 200, "store {store}");
        assert!(page.body.contains("Order #1001"), "store {store}: {}", page.body);
        assert!(page.body.contains(&format!("Product 01 of Store {store:04}")));
        assert!(page.body.contains(r#"<meta name="robots" content="noindex""#), "kept out of search engines");
        assert_eq!(page.header("cache-control"), Some("private, no-store"));

        // The same token through another store's hosts: nothing.
        let other = if store == 1 { "t0002.platform.test" } else { "t0001.platform.test" };
        let elsewhere = app.get(other, &format!("/shop/orders/{token}")).await;
        assert_eq!(elsewhere.status, 404, "store {store}'s order on {other}");
        let path_mode = app.get(PLATFORM, &format!("/stores/t0002/shop/orders/{token}")).await;
        assert_eq!(path_mode.status, 404);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_order_token_that_is_not_one_is_404() {
    let app = spawn_app().await;
    let ada = Shopper::on("t0001.platform.test");
    for token in ["", "abc", "../../etc/passwd", &"0".repeat(64), &"g".repeat(64)] {
        let res = ada.call(&app, OrderByToken::PATH).json(&json!({ "token": token })).await;
        assert_eq!(res.status, 404, "{token:?}: {res:?}");
    }
}
