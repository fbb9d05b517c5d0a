//! Dashboard behaviours across sites: caches of every host of a store, suspended stores,
//! signing out from a dashboard.

use serde_json::json;

use crate::helpers::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_product_added_in_the_dashboard_shows_at_once_on_the_custom_domain() {
    let app = spawn_app().await;
    let owner = app.member_session("a@owner.test", "t0001", "owner").await;
    let before = app.get("shop-0001.test", "/shop/products?q=Lantern").await;
    assert_eq!(before.status, 200);
    assert!(!before.body.contains("Brass Lantern"), "not there yet");

    let product =
        json!({"id": null, "product": {"name": "Brass Lantern", "description": "", "price": "19.90"}});
    let saved = app.call(&owner, "/store/t0001/api/dashboard/save_product", product).await;
    assert_eq!(saved.status, 200, "{}", saved.body);

    // The same URL on the custom domain was cached before the write: it must not be served.
    let after = app.get("shop-0001.test", "/shop/products?q=Lantern").await;
    assert_eq!(after.status, 200);
    assert!(after.body.contains("Brass Lantern"), "the custom domain shows the new product");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_suspended_stores_dashboard_is_for_platform_admins_only() {
    let app = spawn_app().await;
    let owner = app.member_session("b@owner.test", "t0002", "owner").await;
    let admin = app.admin_session("root@platform.test").await;
    let overview = "/store/t0002/api/dashboard/overview";
    assert_eq!(app.call(&owner, overview, json!({})).await.status, 200);

    let res = app.call(&admin, "/api/admin/set_status", json!({"code": "t0002", "suspended": true})).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(app.call(&owner, overview, json!({})).await.status, 403, "the owner is kept out");
    let key = app.call(&owner, "/store/t0002/api/dashboard/create_api_key", json!({"name": "late"})).await;
    assert_eq!(key.status, 403, "no new keys for a suspended store");

    let res = app.call(&admin, overview, json!({})).await;
    assert_eq!(res.status, 200, "admins still open it: {}", res.body);
    assert_eq!(res.json()["status"], "suspended");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_from_a_dashboard_ends_the_session() {
    let app = spawn_app().await;
    let owner = app.member_session("a@owner.test", "t0001", "owner").await;
    let res = app.call(&owner, "/store/t0001/api/auth/logout", json!({})).await;
    assert_eq!(res.status, 200, "{res:?}");
    assert_eq!(res.location(), "/login");
    let again = app.call(&owner, "/store/t0001/api/dashboard/overview", json!({})).await;
    assert_eq!(again.status, 401, "the session is over");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_arguments_to_a_server_function_are_422_not_500() {
    let app = spawn_app().await;
    let owner = app.member_session("a@owner.test", "t0001", "owner").await;
    for body in [json!({}), json!({"id": "one"}), json!({"id": 1, "product": {"name": 5}})] {
        let res = app.call(&owner, "/store/t0001/api/dashboard/save_product", body.clone()).await;
        assert_eq!(res.status, 422, "{body}: {}", res.body);
        assert_eq!(res.json()["error"], "invalid", "{body}");
    }
    let res = app
        .post(DASHBOARD_HOST, "/store/t0001/api/dashboard/save_product")
        .header("Origin", &format!("http://{DASHBOARD_HOST}"))
        .header("Cookie", &owner.cookie)
        .body("application/json", b"{not json".to_vec())
        .await;
    assert_eq!(res.status, 422, "{}", res.body);
}
