//! Turning modules on and off per store: the gate and the pages follow at once.

use serde_json::{json, Value};

use super::{assert_refused, storefront, ROOT};
use crate::helpers::*;

async fn set_module(app: &TestApp, admin: &Session, code: &str, module: &str, enabled: bool) -> Response {
    let body = json!({ "code": code, "module": module, "enabled": enabled });
    app.call(admin, "/api/admin/set_module", body).await
}

async fn wallet_balance(app: &TestApp, code: &str) -> Response {
    app.get(&format!("{code}.{PLATFORM}"), "/api/wallet/balance").await
}

async fn config_modules(app: &TestApp, code: &str) -> Value {
    let res = app.get(PLATFORM, &format!("/api/tenants/by-subdomain/{code}/config")).await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.json()["modules"].clone()
}

const WALLET_DISABLED: &str = r#"{"error":"module not enabled","message":"this store does not offer wallet","module":"wallet","upgrade":true}"#;

/// What the storefront footer lists when the wallet module is on.
const WALLET_FEATURE: &str = "Gift cards and store credit";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enabling_wallet_opens_its_api_and_disabling_closes_it_at_once() {
    let app = spawn_app().await;
    let admin = app.admin_session(ROOT).await;
    let before = wallet_balance(&app, "t0001").await;
    assert_eq!(before.status, 403);
    assert_eq!(before.json(), serde_json::from_str::<Value>(WALLET_DISABLED).unwrap());

    assert_eq!(set_module(&app, &admin, "t0001", "wallet", true).await.status, 200);
    let enabled = wallet_balance(&app, "t0001").await;

    assert_eq!(enabled.status, 401, "the wallet answers: {}", enabled.body);
    assert!(enabled.body.contains("sign in"), "{}", enabled.body);
    assert_eq!(wallet_balance(&app, "t0002").await.status, 403, "other stores keep it off");

    assert_eq!(set_module(&app, &admin, "t0001", "wallet", false).await.status, 200);
    let disabled = wallet_balance(&app, "t0001").await;

    assert_eq!(disabled.status, 403);
    assert!(disabled.header("content-type").unwrap_or_default().starts_with("application/json"));
    assert_eq!(disabled.json(), serde_json::from_str::<Value>(WALLET_DISABLED).unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn core_modules_cannot_be_disabled() {
    let app = spawn_app().await;
    let admin = app.admin_session(ROOT).await;

    for module in ["catalog", "cart", "orders"] {
        assert_refused(&set_module(&app, &admin, "t0001", module, false).await, 422, "module");
    }
    assert_refused(&set_module(&app, &admin, "t0001", "teleport", true).await, 422, "module");

    assert_eq!(config_modules(&app, "t0001").await, json!(["catalog"]));
    assert_product_list_of(&storefront(&app, "t0001").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn storefront_pages_follow_a_module_toggle_despite_the_page_cache() {
    let app = spawn_app().await;
    let admin = app.admin_session(ROOT).await;
    let first = storefront(&app, "t0002").await;
    assert_product_list_of(&first, 2);
    assert!(!first.body.contains(WALLET_FEATURE), "wallet is off in the bench set");
    assert_eq!(config_modules(&app, "t0002").await, json!(["catalog"]));

    assert_eq!(set_module(&app, &admin, "t0002", "wallet", true).await.status, 200);
    let on = storefront(&app, "t0002").await;

    assert_product_list_of(&on, 2);
    assert!(on.body.contains(WALLET_FEATURE), "the page still shows the store without wallet");
    assert_eq!(config_modules(&app, "t0002").await, json!(["catalog", "wallet"]));

    assert_eq!(set_module(&app, &admin, "t0002", "wallet", false).await.status, 200);
    let off = storefront(&app, "t0002").await;

    assert!(!off.body.contains(WALLET_FEATURE), "the page still shows the store with wallet");
    assert_product_list_of(&off, 2);
    assert_eq!(config_modules(&app, "t0002").await, json!(["catalog"]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn modules_that_do_nothing_yet_are_not_offered_nor_accepted() {
    let app = spawn_app().await;
    let admin = app.admin_session(ROOT).await;
    let offered = ["catalog", "cart", "orders", "reviews", "wishlist", "wallet"];

    let catalog = app.call(&admin, "/api/admin/modules", json!({})).await;
    let keys: Vec<Value> = catalog.json().as_array().unwrap().iter().map(|m| m["key"].clone()).collect();
    assert_eq!(keys, offered.map(Value::from), "the console's module list");
    let store = app.call(&admin, "/api/admin/store", json!({ "code": "t0001" })).await;
    let keys: Vec<Value> =
        store.json()["modules"].as_array().unwrap().iter().map(|m| m["key"].clone()).collect();
    assert_eq!(keys, offered.map(Value::from), "a store's module list");

    for key in ["blog", "newsletter", "analytics"] {
        let res = set_module(&app, &admin, "t0001", key, true).await;
        assert_eq!(res.status, 422, "{key}");
        let why = format!(
            "there is no module \"{key}\"; the modules a store can have are reviews, wishlist, wallet"
        );
        assert_eq!(res.json(), json!({ "error": "invalid", "field": "module", "message": why }));
        let created = app
            .call(
                &admin,
                "/api/admin/create_store",
                super::new_store("news-shop", json!({ "modules": [key] })),
            )
            .await;
        assert_refused(&created, 422, "modules");
    }
    let (rows,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM store_modules WHERE module IN ('blog', 'newsletter', 'analytics')",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(rows, 0);
    let (listed,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM modules").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(listed, offered.len() as i64, "the database's catalog is the app's");
    assert_eq!(storefront(&app, "news-shop").await.status, 404, "no store was created");
}
