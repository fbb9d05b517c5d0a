//! Who may write through the JSON API: only a live key of the store the request is for.

use serde_json::json;

use super::store_data;
use crate::helpers::*;

/// Creates an API key of `code` through its dashboard; returns its id and secret.
async fn create_key(app: &TestApp, owner: &Session, code: &str) -> (i64, String) {
    let res = app
        .call(owner, &format!("/store/{code}/api/dashboard/create_api_key"), json!({"name": "sync"}))
        .await;
    assert_eq!(res.status, 200, "create a key of {code}: {}", res.body);
    let body = res.json();
    (body["key"]["id"].as_i64().expect("a key id"), body["secret"].as_str().expect("a secret").to_string())
}

/// `method path` on t0001's subdomain, with `key` as bearer token when given.
async fn api(app: &TestApp, method: &'static str, path: &str, key: Option<&str>) -> Response {
    let mut req = app.request(method, "t0001.platform.test", path);
    if let Some(key) = key {
        req = req.header("Authorization", &format!("Bearer {key}"));
    }
    req.json(&json!({"name": "Written by API", "description": "", "price_cents": 1234})).await
}

async fn product_names(app: &TestApp, host: &str) -> Vec<String> {
    let res = app.get(host, "/api/v1/products?per_page=100").await;
    assert_eq!(res.status, 200, "{}", res.body);
    let list = res.json()["products"].as_array().expect("a product list").clone();
    list.iter().map(|p| p["name"].as_str().unwrap_or_default().to_string()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn product_write_without_a_key_is_401_with_a_bearer_challenge() {
    let app = spawn_app().await;
    let before = store_data(&app, "t0001").await;

    let res = api(&app, "POST", "/api/v1/products", None).await;

    assert_eq!(res.status, 401, "{}", res.body);
    assert_eq!(res.header("www-authenticate"), Some("Bearer"));
    assert_eq!(store_data(&app, "t0001").await, before, "t0001 changed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn key_of_another_store_is_401() {
    let app = spawn_app().await;
    let owner_b = app.member_session("owner@b.test", "t0002", "owner").await;
    let (_, key_b) = create_key(&app, &owner_b, "t0002").await;
    let before = store_data(&app, "t0001").await;

    let res = api(&app, "POST", "/api/v1/products", Some(&key_b)).await;

    assert_eq!(res.status, 401, "t0002's key on t0001: {}", res.body);
    assert_eq!(store_data(&app, "t0001").await, before, "t0001 changed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn key_of_the_store_creates_a_product_the_list_shows() {
    let app = spawn_app().await;
    let owner_a = app.member_session("owner@a.test", "t0001", "owner").await;
    let (_, key_a) = create_key(&app, &owner_a, "t0001").await;

    let res = api(&app, "POST", "/api/v1/products", Some(&key_a)).await;

    assert_eq!(res.status, 201, "{}", res.body);
    assert_eq!(res.json()["name"], "Written by API");
    assert!(product_names(&app, "t0001.platform.test").await.contains(&"Written by API".to_string()));
    assert!(!product_names(&app, "t0002.platform.test").await.contains(&"Written by API".to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revoked_key_is_401() {
    let app = spawn_app().await;
    let owner_a = app.member_session("owner@a.test", "t0001", "owner").await;
    let (id, key_a) = create_key(&app, &owner_a, "t0001").await;
    let revoked = app.call(&owner_a, "/store/t0001/api/dashboard/revoke_api_key", json!({ "id": id })).await;
    assert_eq!(revoked.status, 200, "revoke: {}", revoked.body);
    let before = store_data(&app, "t0001").await;

    let res = api(&app, "POST", "/api/v1/products", Some(&key_a)).await;

    assert_eq!(res.status, 401, "{}", res.body);
    assert_eq!(store_data(&app, "t0001").await, before, "t0001 changed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn key_cannot_change_or_delete_a_product_of_another_store() {
    let app = spawn_app().await;
    let owner_a = app.member_session("owner@a.test", "t0001", "owner").await;
    let (_, key_a) = create_key(&app, &owner_a, "t0001").await;
    let before = store_data(&app, "t0002").await;
    let of_b = format!("/api/v1/products/{}", product_ids_of(2)[0]);

    for method in ["PUT", "DELETE"] {
        let res = api(&app, method, &of_b, Some(&key_a)).await;
        assert_eq!(res.status, 404, "{method} {of_b} with t0001's key: {}", res.body);
    }

    assert_eq!(store_data(&app, "t0002").await, before, "t0002 changed");
}
