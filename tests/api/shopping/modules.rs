//! The module gate, through its three surfaces: a disabled module's pages are absent (404),
//! its server functions answer the 403 of DESIGN.md, and its UI is not on the storefront.
//! Turned on, the wishlist works for signed-in shoppers of that store only.

use arcade::api::wishlist::{SaveToWishlist, Wishlist};
use leptos::server_fn::ServerFn;
use serde_json::json;

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_disabled_wishlist_is_absent_everywhere() {
    let app = spawn_app().await;
    let ada = signed_up(&app, Shopper::on("t0001.platform.test")).await;

    for (host, prefix) in [("t0001.platform.test", ""), ("shop-0001.test", ""), (PLATFORM, "/stores/t0001")] {
        let page = app.get(host, &format!("{prefix}/shop/wishlist")).await;
        assert_eq!(page.status, 404, "{host}{prefix}");
        let product = app.get(host, &format!("{prefix}/shop/products/3")).await;
        assert!(
            !product.body.contains("Save to wishlist") && !product.body.contains("/shop/wishlist\""),
            "{host}"
        );
    }
    let call = ada.call(&app, Wishlist::PATH).form("").await;
    assert_eq!(call.status, 403);
    assert_eq!(
        call.json(),
        json!({"error": "module not enabled", "message": "this store does not offer wishlist", "module": "wishlist", "upgrade": true})
    );
    let save = ada.call(&app, SaveToWishlist::PATH).form("product_id=3").await;
    assert_eq!(save.status, 403);
    assert_eq!(rows_of(&app, "wishlist_items", "t0001").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_enabled_wishlist_keeps_a_signed_in_shoppers_products() {
    let app = spawn_app().await;
    enable(&app, "t0001", "wishlist").await;

    let product = app.get("t0001.platform.test", "/shop/products/3").await;
    assert!(product.body.contains("Save to wishlist"), "the button is on the page");
    assert_eq!(app.get(PLATFORM, "/stores/t0001/shop/wishlist").await.status, 200);
    let anonymous = Shopper::on("t0001.platform.test").call(&app, Wishlist::PATH).form("").await;
    assert_eq!(anonymous.json(), serde_json::Value::Null, "a wishlist needs an account");
    let save = Shopper::on("t0001.platform.test").call(&app, SaveToWishlist::PATH).form("product_id=3").await;
    assert_eq!(save.status, 401);

    let ada = signed_up(&app, Shopper::on("t0001.platform.test")).await;
    assert_eq!(ada.call(&app, SaveToWishlist::PATH).form("product_id=3").await.status, 200);
    assert_eq!(
        ada.call(&app, SaveToWishlist::PATH).form("product_id=3").await.status,
        200,
        "saving twice is fine"
    );
    let theirs =
        ada.call(&app, SaveToWishlist::PATH).form(&format!("product_id={}", bench_item(2, 1).0)).await;
    assert_eq!(theirs.status, 404, "another store's product");
    let list = ada.call(&app, Wishlist::PATH).form("").await.json();
    let ids: Vec<i64> = list.as_array().unwrap().iter().map(|p| p["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [3]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wishlist_of_one_store_is_not_reachable_from_another() {
    let app = spawn_app().await;
    enable(&app, "t0001", "wishlist").await;
    enable(&app, "t0002", "wishlist").await;
    let ada = signed_up(&app, Shopper::on("t0001.platform.test")).await;
    ada.call(&app, SaveToWishlist::PATH).form("product_id=3").await;
    let token = ada.cookie.as_deref().unwrap().split("arcade_shopper_t0001=").nth(1).unwrap().to_string();

    for sent in [ada.cookie.clone().unwrap(), format!("arcade_shopper_t0002={token}")] {
        let bob = Shopper { cookie: Some(sent), ..Shopper::on("t0002.platform.test") };
        assert_eq!(bob.call(&app, Wishlist::PATH).form("").await.json(), serde_json::Value::Null);
        assert_eq!(bob.call(&app, SaveToWishlist::PATH).form("product_id=3").await.status, 401);
    }
}
