//! The JSON API: `/api/v1/products`, the module gate, and the public tenant config.

use arcade::server::db::stores;
use serde_json::{json, Value};

use crate::helpers::{bench_product, spawn_app, Response, PLATFORM};

fn ids(body: &Value) -> Vec<i64> {
    body["products"].as_array().expect("a products array").iter().map(|p| p["id"].as_i64().unwrap()).collect()
}

fn assert_json(res: &Response) {
    let ct = res.header("content-type").unwrap_or_default();
    assert!(ct.starts_with("application/json"), "content-type {ct:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn products_api_lists_the_store_products_in_the_documented_shape() {
    let app = spawn_app().await;

    let res = app.get("t0001.platform.test", "/api/v1/products").await;

    assert_eq!(res.status, 200);
    assert_json(&res);
    let expected: Vec<Value> = (1..=20).map(|j| bench_product(1, j)).collect();
    assert_eq!(res.json(), json!({ "store": "t0001", "products": expected }));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn products_api_on_a_custom_domain_lists_that_store() {
    let app = spawn_app().await;

    let res = app.get("shop-0002.test", "/api/v1/products").await;

    assert_eq!(res.status, 200, "{}", res.body);
    let body = res.json();
    assert_eq!(body["store"], "t0002");
    assert_eq!(ids(&body), (21..=40).collect::<Vec<_>>());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn products_api_in_path_mode_lists_the_prefix_store() {
    let app = spawn_app().await;

    let res = app.get(PLATFORM, "/stores/t0003/api/v1/products").await;

    assert_eq!(res.status, 200, "{}", res.body);
    let body = res.json();
    assert_eq!(body["store"], "t0003");
    assert_eq!(ids(&body), (41..=60).collect::<Vec<_>>());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn products_api_pages_with_per_page_and_page() {
    let app = spawn_app().await;

    let res = app.get("t0001.platform.test", "/api/v1/products?per_page=5&page=2").await;

    assert_eq!(res.status, 200);
    assert_eq!(ids(&res.json()), vec![6, 7, 8, 9, 10]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn products_api_page_past_the_end_is_empty() {
    let app = spawn_app().await;

    let res = app.get("t0001.platform.test", "/api/v1/products?per_page=5&page=5").await;

    assert_eq!(res.status, 200);
    assert_eq!(ids(&res.json()), Vec::<i64>::new());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn products_api_with_a_non_numeric_per_page_is_422_json() {
    let app = spawn_app().await;

    let res = app.get("t0001.platform.test", "/api/v1/products?per_page=oops").await;

    assert_eq!(res.status, 422);
    assert_json(&res);
    assert!(res.json()["error"].is_string(), "{}", res.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn products_api_on_the_platform_host_is_404_json() {
    let app = spawn_app().await;

    let res = app.get(PLATFORM, "/api/v1/products").await;

    assert_eq!(res.status, 404);
    assert_json(&res);
    assert_eq!(res.json(), json!({ "error": "not found", "message": "not found" }));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disabled_module_api_is_403_with_upgrade_hint() {
    let app = spawn_app().await;

    let res = app.get("t0001.platform.test", "/api/wallet/balance").await;

    assert_eq!(res.status, 403);
    assert_json(&res);
    assert_eq!(
        res.json(),
        json!({
            "error": "module not enabled",
            "message": "this store does not offer wallet",
            "module": "wallet",
            "upgrade": true
        })
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enabling_a_module_opens_its_api_at_once() {
    let app = spawn_app().await;
    assert_eq!(app.get("t0001.platform.test", "/api/wallet/balance").await.status, 403, "before");

    stores::set_module(&mut *app.conn().await, app.store_id("t0001").await, "wallet", true).await.unwrap();
    app.invalidate("t0001", &["shop-0001.test"]).await;

    let res = app.get("t0001.platform.test", "/api/wallet/balance").await;
    // No shopper is signed in, so the wallet asks for one instead of refusing the module.
    assert_eq!(res.status, 401);
    assert_json(&res);
    assert_ne!(res.json()["error"], "module not enabled");
    let other = app.get("t0002.platform.test", "/api/wallet/balance").await;
    assert_eq!(other.status, 403, "another store's module changed too");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tenant_config_is_public_name_theme_and_modules_only() {
    let app = spawn_app().await;

    let res = app.get(PLATFORM, "/api/tenants/by-subdomain/t0001/config").await;

    assert_eq!(res.status, 200);
    let body = res.json();
    assert_eq!(body["code"], "t0001");
    assert_eq!(body["name"], "Store 0001");
    assert_eq!(body["theme"]["primary"], "#3779b1");
    assert_eq!(body["modules"], json!(["catalog"]));
    let keys: Vec<&str> = body.as_object().unwrap().keys().map(String::as_str).collect();
    for private in ["id", "revision", "status", "primary_domain", "domains"] {
        assert!(!keys.contains(&private), "config exposes {private:?}: {body}");
    }
    assert!(!res.body.contains("shop-0001.test"), "config exposes the custom domain");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tenant_config_of_an_unknown_store_is_404() {
    let app = spawn_app().await;

    let res = app.get(PLATFORM, "/api/tenants/by-subdomain/t9999/config").await;

    assert_eq!(res.status, 404);
    assert_json(&res);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tenant_config_of_a_reserved_name_is_404() {
    let app = spawn_app().await;

    for sub in ["admin", "www", "api"] {
        let res = app.get(PLATFORM, &format!("/api/tenants/by-subdomain/{sub}/config")).await;
        assert_eq!(res.status, 404, "{sub}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tenant_config_of_a_suspended_store_is_404() {
    let app = spawn_app().await;
    stores::set_status(&mut *app.conn().await, app.store_id("t0001").await, stores::StoreStatus::Suspended)
        .await
        .unwrap();
    app.invalidate("t0001", &["shop-0001.test"]).await;

    let res = app.get(PLATFORM, "/api/tenants/by-subdomain/t0001/config").await;

    assert_eq!(res.status, 404);
}
