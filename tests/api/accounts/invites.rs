//! Owner invites: the one-time link to set a password, and what it signs in to.

use serde_json::json;

use super::session_cookies;
use crate::helpers::*;

/// Creates store `newshop` with a new owner; returns the invite token.
async fn invite_owner(app: &TestApp) -> String {
    let admin = app.admin_session("root@platform.test").await;
    let store = json!({"code": "newshop", "name": "New Shop", "primary": "", "background": "", "text": "",
        "modules": [], "owner_email": "new@owner.test"});
    let res = app.call(&admin, "/api/admin/create_store", json!({ "store": store })).await;
    assert_eq!(res.status, 200, "create the store: {}", res.body);
    assert_eq!(res.json()["owner_invited"], "new@owner.test");
    assert!(!res.body.contains("token"), "the link goes to the owner only: {}", res.body);
    let (_, text, _) = app.wait_for_mail_to("new@owner.test").await;
    link_param(&text, "token").expect("a set-password link in the invitation")
}

async fn set_password(app: &TestApp, token: &str, password: &str) -> Response {
    app.post(ADMIN_HOST, "/api/auth/set_password")
        .header("Origin", &format!("http://{ADMIN_HOST}"))
        .form(&format!("token={token}&password={}", encode(password)))
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invited_owner_sets_a_password_and_is_signed_in_to_the_dashboard() {
    let app = spawn_app().await;
    let token = invite_owner(&app).await;

    let res = set_password(&app, &token, "a new long password").await;

    assert_eq!(res.status, 200, "{}", res.body);
    let cookie =
        session_cookies(&res).first().and_then(|c| c.split(';').next()).expect("a session").to_string();
    let owner = Session { host: DASHBOARD_HOST.into(), cookie };
    let overview = app.call(&owner, "/store/newshop/api/dashboard/overview", json!({})).await;
    assert_eq!(overview.status, 200, "{}", overview.body);
    assert_eq!(overview.json()["code"], "newshop");
    let again = app.sign_in_with(ADMIN_HOST, "new@owner.test", "a new long password").await;
    assert_eq!(again.status, 200, "sign-in with the new password: {}", again.body);
    assert_eq!(session_cookies(&again).len(), 1, "sign-in with the new password: {again:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn set_password_link_works_only_once() {
    let app = spawn_app().await;
    let token = invite_owner(&app).await;
    assert_eq!(set_password(&app, &token, "a new long password").await.status, 200);

    let res = set_password(&app, &token, "another long password").await;

    assert_eq!(res.status, 422, "{}", res.body);
    assert_eq!(res.json()["field"], "token");
    assert!(session_cookies(&res).is_empty(), "{res:?}");
    let old = app.sign_in_with(ADMIN_HOST, "new@owner.test", "a new long password").await;
    assert_eq!(old.status, 200, "the first password must still work: {}", old.body);
    assert_eq!(session_cookies(&old).len(), 1, "the first password must still work: {old:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_short_password_is_422_and_leaves_the_link_usable() {
    let app = spawn_app().await;
    let token = invite_owner(&app).await;

    let short = set_password(&app, &token, "short").await;

    assert_eq!(short.status, 422, "{}", short.body);
    assert_eq!(short.json()["field"], "password");
    assert!(session_cookies(&short).is_empty(), "{short:?}");
    let res = set_password(&app, &token, "a new long password").await;
    assert_eq!(res.status, 200, "the link after a refused password: {}", res.body);
}
