//! The cart: a cookie per store, kept in the database, bounded by stock.

use arcade::api::cart::{CartCount, SetCartQuantity};
use leptos::server_fn::ServerFn;

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cart_holds_quantities_and_totals_in_cents() {
    let app = spawn_app().await;
    let mut ada = Shopper::on("t0001.platform.test");
    let (a, price_a) = bench_item(1, 1);
    let (b, price_b) = bench_item(1, 2);

    assert_eq!(ada.add(&app, a, 2).await.status, 200);
    assert_eq!(ada.add(&app, b, 1).await.status, 200);
    let res = ada.add(&app, a, 1).await;

    assert_eq!(res.status, 200, "{res:?}");
    let cart = ada.cart(&app).await;
    let lines = cart["lines"].as_array().expect("lines");
    let got: Vec<(i64, i64, i64)> = lines
        .iter()
        .map(|l| {
            (
                l["product_id"].as_i64().unwrap(),
                l["quantity"].as_i64().unwrap(),
                l["unit_price_cents"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, [(a, 3, price_a), (b, 1, price_b)]);
    let count = ada.call(&app, CartCount::PATH).form("").await;
    assert_eq!(count.json(), 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cart_cookie_is_host_only_on_a_subdomain_and_scoped_to_the_prefix_in_path_mode() {
    let app = spawn_app().await;

    let res = Shopper::on("t0001.platform.test").add(&app, bench_item(1, 1).0, 1).await;
    let set = cart_cookie(&res).expect("a cart cookie");
    let mut attrs: Vec<&str> = set.split("; ").collect();
    let value = attrs.remove(0);
    attrs.sort_unstable();
    assert!(
        value.starts_with("arcade_cart_t0001=") && value.len() == "arcade_cart_t0001=".len() + 64,
        "{set}"
    );
    assert_eq!(attrs, ["HttpOnly", "Max-Age=2592000", "Path=/", "SameSite=Lax"], "no Domain: host-only");

    let res = Shopper::under_path("t0002").add(&app, bench_item(2, 1).0, 1).await;
    let set = cart_cookie(&res).expect("a cart cookie");
    assert!(set.starts_with("arcade_cart_t0002="), "{set}");
    assert!(set.contains("; Path=/stores/t0002") && !set.contains("Domain"), "{set}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cart_survives_a_restart_of_the_request_cycle_and_is_the_same_on_its_pages() {
    let app = spawn_app().await;
    let mut ada = Shopper::under_path("t0003");
    ada.add(&app, bench_item(3, 5).0, 2).await;

    let page =
        app.get(PLATFORM, "/stores/t0003/shop/cart").header("Cookie", ada.cookie.as_deref().unwrap()).await;

    assert_eq!(page.status, 200);
    assert!(page.body.contains("Product 05 of Store 0003"), "the cart page lists the product: {}", page.body);
    assert_eq!(page.header("cache-control"), Some("private, no-store"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_store_never_sees_or_uses_a_cart() {
    let app = spawn_app().await;
    let mut ada = Shopper::on("t0001.platform.test");
    ada.add(&app, bench_item(1, 1).0, 1).await;
    let cookie = ada.cookie.clone().unwrap();
    let token = cookie.split('=').nth(1).unwrap().to_string();

    // Store 2 on every host, with store 1's cookie as it is and renamed as store 2's.
    for (host, base) in [("t0002.platform.test", ""), ("shop-0002.test", ""), (PLATFORM, "/stores/t0002")] {
        for sent in [cookie.clone(), format!("arcade_cart_t0002={token}")] {
            let bob = Shopper { host: host.into(), base: base.into(), cookie: Some(sent.clone()) };
            let cart = bob.cart(&app).await;
            assert_eq!(cart["lines"], serde_json::json!([]), "{host}{base} with {sent}");
        }
    }
    // Store 1's product through store 2's host: not found, and nothing written.
    let mut bob = Shopper::on("t0002.platform.test");
    let res = bob.add(&app, bench_item(1, 2).0, 1).await;
    assert_eq!(res.status, 404, "{res:?}");
    assert_eq!(res.json()["error"], "not found");
    assert_eq!(rows_of(&app, "cart_items", "t0002").await, 0);
    assert_eq!(rows_of(&app, "cart_items", "t0001").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stock_bounds_what_a_cart_may_hold() {
    let app = spawn_app().await;
    let (product, _) = bench_item(1, 3);
    set_stock(&app, product, 2).await;
    let mut ada = Shopper::on("t0001.platform.test");

    let res = ada.add(&app, product, 3).await;
    assert_eq!(res.status, 409, "{res:?}");
    assert_eq!(
        res.json(),
        serde_json::json!({"error": "conflict", "message": "only 2 left", "field": "quantity"})
    );

    assert_eq!(ada.add(&app, product, 2).await.status, 200);
    let res = ada.add(&app, product, 1).await;
    assert_eq!(res.status, 409);
    assert_eq!(res.json()["message"], "only 2 left, and 2 are in your cart");
    assert_eq!(ada.cart(&app).await["lines"][0]["quantity"], 2, "nothing changed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sold_out_product_cannot_be_added_and_says_so() {
    let app = spawn_app().await;
    let (product, _) = bench_item(1, 4);
    set_stock(&app, product, 0).await;
    app.invalidate("t0001", &[]).await;

    let res = Shopper::on("t0001.platform.test").add(&app, product, 1).await;

    assert_eq!(res.status, 409);
    assert_eq!(res.json()["message"], "sold out");
    assert!(cart_cookie(&res).is_some() || rows_of(&app, "cart_items", "t0001").await == 0);
    let page = app.get("t0001.platform.test", &format!("/shop/products/{product}")).await;
    assert!(page.body.contains("Sold out"), "the product page says so");
    assert!(!page.body.contains("Add to cart"), "and offers no way to add it");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quantities_outside_1_to_99_are_refused_with_the_field() {
    let app = spawn_app().await;
    let mut ada = Shopper::on("t0001.platform.test");
    let (product, _) = bench_item(1, 1);
    for q in [0, -1, 100, i64::MAX] {
        let res = ada.add(&app, product, q).await;
        assert_eq!(res.status, 422, "{q}: {res:?}");
        assert_eq!(res.json()["field"], "quantity");
    }
    let res = ada.add(&app, product, 1).await;
    assert_eq!(res.status, 200);
    let res = ada.call(&app, SetCartQuantity::PATH).form(&format!("product_id={product}&quantity=0")).await;
    assert_eq!(res.status, 200);
    assert_eq!(res.json()["lines"], serde_json::json!([]), "0 takes the product out");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cart_write_with_a_cookie_but_no_origin_is_refused() {
    let app = spawn_app().await;
    let mut ada = Shopper::on("t0001.platform.test");
    ada.add(&app, bench_item(1, 1).0, 1).await;

    let (product, _) = bench_item(1, 2);
    let forged = app
        .post("t0001.platform.test", arcade::api::cart::AddToCart::PATH)
        .header("Cookie", ada.cookie.as_deref().unwrap())
        .form(&format!("product_id={product}&quantity=1"))
        .await;
    let cross = app
        .post("t0001.platform.test", arcade::api::cart::AddToCart::PATH)
        .header("Cookie", ada.cookie.as_deref().unwrap())
        .header("Origin", "http://t0002.platform.test")
        .form(&format!("product_id={product}&quantity=1"))
        .await;

    assert_eq!((forged.status, cross.status), (403, 403));
    assert_eq!(ada.cart(&app).await["lines"].as_array().unwrap().len(), 1, "nothing added");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_or_malformed_cart_cookie_is_an_empty_cart() {
    let app = spawn_app().await;
    for cookie in [
        "arcade_cart_t0001=../../etc",
        &format!("arcade_cart_t0001={}", "f".repeat(64)),
        "arcade_cart_t0001=",
    ] {
        let ada = Shopper { cookie: Some(cookie.to_string()), ..Shopper::on("t0001.platform.test") };
        assert_eq!(ada.cart(&app).await["lines"], serde_json::json!([]), "{cookie}");
    }
}
