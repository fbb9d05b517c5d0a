//! Writes are refused from another origin, or without one when a session cookie is sent;
//! reads never are.

use serde_json::json;

use super::session_cookies;
use crate::helpers::*;

/// Asks to suspend t0002 as `admin`, with `origin` (none when `None`) on `host`.
async fn suspend_t0002(app: &TestApp, admin: &Session, host: &str, origin: Option<&str>) -> Response {
    let mut req = app.post(host, "/api/admin/set_status").header("Cookie", &admin.cookie);
    if let Some(origin) = origin {
        req = req.header("Origin", origin);
    }
    req.json(&json!({"code": "t0002", "suspended": true})).await
}

async fn assert_t0002_active(app: &TestApp) {
    assert_eq!(app.store("t0002").await.status.as_str(), "active", "t0002 was suspended");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn write_from_another_origin_is_403_and_changes_nothing() {
    let app = spawn_app().await;
    let admin = app.admin_session("root@platform.test").await;
    let owner = app.member_session("owner@a.test", "t0001", "owner").await;

    let res = suspend_t0002(&app, &admin, ADMIN_HOST, Some("http://evil.test")).await;
    assert_eq!(res.status, 403, "console write from evil.test: {}", res.body);
    assert_t0002_active(&app).await;

    let save = json!({"id": 1, "product": {"name": "Defaced", "description": "", "price": "1"}});
    let res = app
        .post(DASHBOARD_HOST, "/store/t0001/api/dashboard/save_product")
        .header("Cookie", &owner.cookie)
        .header("Origin", "http://evil.test")
        .json(&save)
        .await;
    assert_eq!(res.status, 403, "dashboard write from evil.test: {}", res.body);
    let (name,): (String,) = sqlx::query_as("SELECT name FROM products WHERE id = 1")
        .fetch_one(&app.db.pool)
        .await
        .expect("product 1");
    assert_eq!(name, "Product 01 of Store 0001");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn write_with_a_session_and_no_origin_is_403() {
    let app = spawn_app().await;
    let admin = app.admin_session("root@platform.test").await;

    let res = suspend_t0002(&app, &admin, ADMIN_HOST, None).await;

    assert_eq!(res.status, 403, "{}", res.body);
    assert_t0002_active(&app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cross_site_sign_in_without_origin_is_403_and_sets_no_cookie() {
    let app = spawn_app().await;
    app.member_session("owner@a.test", "t0001", "owner").await;
    let body = format!("email=owner%40a.test&password={}&next=%2F", encode(TEST_PASSWORD));

    let res =
        app.post(ADMIN_HOST, "/api/auth/login").header("Sec-Fetch-Site", "cross-site").form(&body).await;

    assert_eq!(res.status, 403, "{}", res.body);
    assert!(session_cookies(&res).is_empty(), "{res:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn console_write_with_the_platform_origin_is_403() {
    let app = spawn_app().await;
    let admin = app.admin_session("root@platform.test").await;

    let res = suspend_t0002(&app, &admin, ADMIN_HOST, Some(&format!("http://{PLATFORM}"))).await;

    assert_eq!(res.status, 403, "{}", res.body);
    assert_t0002_active(&app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_requests_are_never_refused_for_their_origin() {
    let app = spawn_app().await;
    let admin = app.admin_session("root@platform.test").await;
    let owner = app.member_session("owner@a.test", "t0001", "owner").await;

    for (host, path, cookie) in [
        (ADMIN_HOST, "/", Some(&admin.cookie)),
        (DASHBOARD_HOST, "/store/t0001/", Some(&owner.cookie)),
        ("t0001.platform.test", "/api/v1/products", None),
        ("t0001.platform.test", "/shop/products", None),
    ] {
        let mut req =
            app.get(host, path).header("Origin", "http://evil.test").header("Sec-Fetch-Site", "cross-site");
        if let Some(cookie) = cookie {
            req = req.header("Cookie", cookie);
        }
        let res = req.await;
        assert_eq!(res.status, 200, "GET {host}{path} from evil.test: {}", res.body);
    }
}
