//! The owner's own settings: renaming the store, the team (invite staff with a one-time
//! link, remove them, their access ending at once). Staff and other stores are refused.

use serde_json::json;

use crate::helpers::*;

const DASH: &str = "/store/t0001/api/dashboard";

fn form_call(app: &TestApp, who: &Session, what: &str, body: &str) -> RequestBuilder {
    app.post(&who.host, &format!("{DASH}/{what}"))
        .header("Origin", &format!("http://{}", who.host))
        .header("Cookie", &who.cookie)
        .form(body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_owner_renames_the_store_and_its_storefront_shows_it() {
    let app = spawn_app().await;
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;
    let staff = app.member_session("staff@t0001.test", "t0001", "staff").await;

    assert_eq!(form_call(&app, &staff, "rename_store", "name=Staff+Shop").await.status, 403);
    let empty = form_call(&app, &owner, "rename_store", "name=+").await;
    assert_eq!((empty.status, empty.json()["field"].as_str()), (422, Some("name")));
    let before = app.get("t0001.platform.test", "/").await;
    assert!(before.body.contains("Store 0001"));

    assert_eq!(form_call(&app, &owner, "rename_store", "name=Blue+%26+Gold").await.status, 200);

    let after = app.get("t0001.platform.test", "/").await;
    assert!(after.body.contains("Blue &amp; Gold"), "the cached page started over");
    let other = app.member_session("owner@t0002.test", "t0002", "owner").await;
    assert_eq!(form_call(&app, &other, "rename_store", "name=Mine").await.status, 403, "not their store");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invited_staff_set_a_password_once_and_lose_access_when_removed() {
    let app = spawn_app().await;
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;

    let bad = form_call(&app, &owner, "invite_staff", "email=not-an-email").await;
    assert_eq!((bad.status, bad.json()["field"].as_str()), (422, Some("email")));
    let res = form_call(&app, &owner, "invite_staff", "email=New.Hire%40Example.com").await;
    assert_eq!(res.status, 200, "{res:?}");
    assert!(!res.body.contains("token"), "the link goes to the invited address only: {}", res.body);
    let (subject, text, _) = app.wait_for_mail_to("new.hire@example.com").await;
    assert_eq!(subject, "You're invited to Store 0001 on Arcade");
    let link = link_with(&text, "set-password").expect("a link in the invitation");
    assert!(link.starts_with("http://admin.platform.test/set-password?token="), "{link}");
    let again = form_call(&app, &owner, "invite_staff", "email=new.hire%40example.com").await;
    assert_eq!(again.status, 409, "already on the team");

    let token = link.split("token=").nth(1).unwrap();
    let set = app
        .post(ADMIN_HOST, "/api/auth/set_password")
        .header("Origin", "http://admin.platform.test")
        .form(&format!("token={token}&password=a+long+staff+password"))
        .await;
    assert_eq!(set.status, 200, "{set:?}");
    let hire = app.sign_in_with(ADMIN_HOST, "new.hire@example.com", "a long staff password").await;
    let cookie = hire
        .headers
        .iter()
        .find_map(|(k, v)| (k == "set-cookie").then(|| v.split(';').next().unwrap().to_string()))
        .filter(|c| c.starts_with("arcade_session="))
        .unwrap_or_else(|| panic!("signed in: {hire:?}"));
    let staff = Session { host: ADMIN_HOST.into(), cookie };
    let products = app.call(&staff, &format!("{DASH}/products"), json!({ "q": "", "page": 1 })).await;
    assert_eq!(products.status, 200, "staff work in the dashboard");
    let settings = app.call(&staff, &format!("{DASH}/settings"), json!({})).await.json();
    assert_eq!(settings["can_manage"], false);
    assert_eq!(form_call(&app, &staff, "remove_staff", "email=owner%40t0001.test").await.status, 403);

    assert_eq!(
        form_call(&app, &owner, "remove_staff", "email=owner%40t0001.test").await.status,
        404,
        "an owner stays"
    );
    assert_eq!(form_call(&app, &owner, "remove_staff", "email=new.hire%40example.com").await.status, 200);

    let after = app.call(&staff, &format!("{DASH}/products"), json!({ "q": "", "page": 1 })).await;
    assert_eq!(after.status, 403, "access ends at once: {after:?}");
    let (audited,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM audit_log WHERE action IN ('member.invite', 'member.remove') AND store_code = 't0001'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(audited, 2);
}
