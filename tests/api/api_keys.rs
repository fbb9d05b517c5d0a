//! API keys: created in the dashboard, shown once, stored as a hash, and the only way
//! to write through `/api/v1/products`.

use serde_json::{json, Value};

use crate::helpers::*;

const HOST: &str = "t0001.platform.test";

/// The owner of t0001 signed in, and a new key of t0001: (owner, whole answer, secret).
async fn owner_with_key(app: &TestApp) -> (Session, Value, String) {
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;
    let res =
        app.call(&owner, "/store/t0001/api/dashboard/create_api_key", json!({ "name": "Stock sync" })).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let body = res.json();
    let secret = body["secret"].as_str().expect("the secret is in the answer").to_string();
    (owner, body, secret)
}

/// A JSON API write with `Authorization: Bearer {key}`.
fn write(app: &TestApp, method: &'static str, path: &str, key: &str, body: &str) -> RequestBuilder {
    app.request(method, HOST, path)
        .header("Authorization", &format!("Bearer {key}"))
        .body("application/json", body.as_bytes().to_vec())
}

/// `(id, name, price_cents)` of every product the store lists.
async fn listed(app: &TestApp) -> Vec<(i64, String, i64)> {
    let res = app.get(HOST, "/api/v1/products?per_page=100").await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.json()["products"]
        .as_array()
        .expect("a products array")
        .iter()
        .map(|p| {
            (
                p["id"].as_i64().unwrap_or(0),
                p["name"].as_str().unwrap_or("").into(),
                p["price_cents"].as_i64().unwrap_or(0),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_key_is_shown_once_and_stored_only_as_a_hash() {
    let app = spawn_app().await;

    let (owner, created, secret) = owner_with_key(&app).await;

    let prefix = created["key"]["prefix"].as_str().expect("a prefix");
    let is_hex = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_hexdigit());
    assert!(prefix.strip_prefix("ak_").is_some_and(|p| is_hex(p, 8)), "the prefix: {prefix}");
    let hidden = secret.strip_prefix(prefix).and_then(|s| s.strip_prefix('_')).unwrap_or_default();
    assert!(is_hex(hidden, 64), "the secret is the prefix, '_' and 64 hex digits: {secret}");
    assert_eq!(created["key"]["name"], "Stock sync");
    let list = app.call(&owner, "/store/t0001/api/dashboard/api_keys", json!({})).await;
    assert_eq!(list.status, 200, "{}", list.body);
    assert_eq!(list.json()[0]["prefix"], prefix);
    assert!(!list.body.contains(hidden), "the list shows the secret: {}", list.body);
    let (hash,): (String,) = sqlx::query_as("SELECT key_hash FROM api_keys WHERE store_id = 1")
        .fetch_one(&app.db.pool)
        .await
        .expect("the key's row");
    assert_ne!(hash, secret);
    assert!(!hash.contains(hidden));
    assert!(hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()), "{hash}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_creates_updates_and_deletes_its_stores_products() {
    let app = spawn_app().await;
    let (_, _, key) = owner_with_key(&app).await;

    let created =
        write(&app, "POST", "/api/v1/products", &key, r#"{"name":"Keyed lamp","price_cents":4200}"#).await;

    assert_eq!(created.status, 201, "{}", created.body);
    let id = created.json()["id"].as_i64().expect("the new product's id");
    assert!(listed(&app).await.contains(&(id, "Keyed lamp".into(), 4200)));
    let page = app.get(HOST, "/shop/products").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Keyed lamp"), "the storefront shows the new product");

    let path = format!("/api/v1/products/{id}");
    let updated = write(&app, "PUT", &path, &key, r#"{"name":"Keyed lamp XL","price_cents":5100}"#).await;

    assert_eq!(updated.status, 200, "{}", updated.body);
    assert_eq!(updated.json()["name"], "Keyed lamp XL");
    let now = listed(&app).await;
    assert!(now.contains(&(id, "Keyed lamp XL".into(), 5100)) && !now.iter().any(|p| p.1 == "Keyed lamp"));

    let deleted = write(&app, "DELETE", &path, &key, "").await;

    assert_eq!(deleted.status, 204, "{}", deleted.body);
    let after = listed(&app).await;
    assert!(!after.iter().any(|p| p.0 == id), "deleted product still listed");
    assert_eq!(after.len(), 20, "the bench products are untouched");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_cannot_write_another_stores_products() {
    let app = spawn_app().await;
    let (_, _, key) = owner_with_key(&app).await;

    let other_host = app
        .post("t0002.platform.test", "/api/v1/products")
        .header("Authorization", &format!("Bearer {key}"))
        .json(&json!({ "name": "Intruder", "price_cents": 1 }))
        .await;
    let other_id =
        write(&app, "PUT", "/api/v1/products/21", &key, r#"{"name":"Hijacked","price_cents":1}"#).await;

    assert_eq!(other_host.status, 401, "{}", other_host.body);
    assert_eq!(other_id.status, 404, "{}", other_id.body);
    assert_eq!(
        app.get("t0002.platform.test", "/api/v1/products").await.json()["products"][0]["name"],
        "Product 01 of Store 0002"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_bodies_and_negative_prices_are_refused_with_json_errors() {
    let app = spawn_app().await;
    let (_, _, key) = owner_with_key(&app).await;

    let malformed = write(&app, "POST", "/api/v1/products", &key, r#"{"name":"Broken","price_cents":"#).await;
    let negative =
        write(&app, "POST", "/api/v1/products", &key, r#"{"name":"Refund","price_cents":-5}"#).await;
    let update =
        write(&app, "PUT", "/api/v1/products/1", &key, r#"{"name":"Refund","price_cents":-5}"#).await;

    // Unparsable JSON is refused like a body of the wrong shape.
    assert_eq!(malformed.status, 422, "{malformed:?}");
    assert_eq!(
        malformed.json(),
        serde_json::json!({ "error": "invalid", "field": "body", "message": "the body is not valid JSON" }),
        "the parser's own words stay on the server"
    );
    assert_eq!(negative.status, 422, "{}", negative.body);
    assert_eq!(negative.json()["error"], "invalid", "{}", negative.body);
    assert_eq!(negative.json()["field"], "price_cents", "{}", negative.body);
    assert_eq!(update.status, 422, "{}", update.body);
    assert_eq!(
        listed(&app).await,
        (1..=20)
            .map(|j| {
                let p = bench_product(1, j);
                (
                    p["id"].as_i64().unwrap_or(0),
                    p["name"].as_str().unwrap_or("").to_string(),
                    p["price_cents"].as_i64().unwrap_or(0),
                )
            })
            .collect::<Vec<_>>()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_without_a_valid_key_are_401() {
    let app = spawn_app().await;
    let (_, _, key) = owner_with_key(&app).await;
    let body = r#"{"name":"Nope","price_cents":100}"#;
    let forged = format!("{}{}", &key[..key.len() - 1], if key.ends_with('0') { '1' } else { '0' });

    let anonymous =
        app.post(HOST, "/api/v1/products").json(&json!({ "name": "Nope", "price_cents": 100 })).await;
    let wrong = write(&app, "POST", "/api/v1/products", &forged, body).await;

    assert_eq!(anonymous.status, 401, "{}", anonymous.body);
    assert_eq!(anonymous.header("www-authenticate"), Some("Bearer"));
    assert_eq!(wrong.status, 401, "{}", wrong.body);
    assert_eq!(listed(&app).await.len(), 20);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_key_is_refused_at_once() {
    let app = spawn_app().await;
    let (owner, created, key) = owner_with_key(&app).await;
    let body = r#"{"name":"Before revoke","price_cents":100}"#;
    assert_eq!(write(&app, "POST", "/api/v1/products", &key, body).await.status, 201);

    let id = created["key"]["id"].clone();
    let res = app.call(&owner, "/store/t0001/api/dashboard/revoke_api_key", json!({ "id": id })).await;

    assert_eq!(res.status, 200, "{}", res.body);
    let refused =
        write(&app, "POST", "/api/v1/products", &key, r#"{"name":"After revoke","price_cents":100}"#).await;
    assert_eq!(refused.status, 401, "{}", refused.body);
    assert!(!listed(&app).await.iter().any(|p| p.1 == "After revoke"));
    let list = app.call(&owner, "/store/t0001/api/dashboard/api_keys", json!({})).await;
    assert_eq!(list.status, 200, "{}", list.body);
    assert_eq!(list.json()[0]["revoked"], true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn key_writes_are_in_the_audit_log_under_the_keys_prefix() {
    let app = spawn_app().await;
    let (_, created, key) = owner_with_key(&app).await;
    let prefix = created["key"]["prefix"].as_str().unwrap_or_default().to_string();

    let res = write(&app, "POST", "/api/v1/products", &key, r#"{"name":"Audited","price_cents":700}"#).await;

    assert_eq!(res.status, 201, "{}", res.body);
    let admin = app.admin_session("root@platform.test").await;
    let page = app
        .call(
            &admin,
            "/api/admin/audit",
            json!({ "store": "t0001", "action": "product.create", "before": null }),
        )
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    let events = page.json()["events"].as_array().cloned().unwrap_or_default();
    assert_eq!(events.len(), 1, "{}", page.body);
    assert_eq!(events[0]["actor_email"], format!("api key {prefix}"));
    let id = res.json()["id"].as_i64().expect("the new product's id");
    assert_eq!(events[0]["detail"], format!("{id}: Audited at $7.00"));
    assert!(!page.body.contains(&key[prefix.len() + 1..]), "the audit log shows the secret");
}
