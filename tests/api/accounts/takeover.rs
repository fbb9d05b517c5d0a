//! Accounts are proven by email: links are mailed to the address they are for and never
//! answered to whoever asked, so an owner of one store cannot take over an account of
//! another, before or after that account's store exists; and no answer tells whether an
//! address has an account.

use serde_json::json;

use super::session_cookies;
use crate::helpers::*;

const VICTIM: &str = "victim@shop.test";

async fn create_store_for(app: &TestApp, admin: &Session, code: &str, owner: &str) -> Response {
    let store = json!({"code": code, "name": "Victim's Shop", "primary": "", "background": "", "text": "",
        "modules": [], "owner_email": owner});
    app.call(admin, "/api/admin/create_store", json!({ "store": store })).await
}

async fn invite_staff(app: &TestApp, owner: &Session, email: &str) -> Response {
    app.post(&owner.host, "/store/t0001/api/dashboard/invite_staff")
        .header("Origin", &format!("http://{}", owner.host))
        .header("Cookie", &owner.cookie)
        .form(&format!("email={}", encode(email)))
        .await
}

async fn set_password(app: &TestApp, token: &str, password: &str) -> Response {
    app.post(ADMIN_HOST, "/api/auth/set_password")
        .header("Origin", &format!("http://{ADMIN_HOST}"))
        .form(&format!("token={token}&password={}", encode(password)))
        .await
}

/// The tokens of every link mailed so far, to anyone.
async fn every_mailed_token(app: &TestApp) -> Vec<String> {
    let texts: Vec<(String,)> =
        sqlx::query_as("SELECT text_body FROM mail_outbox").fetch_all(&app.db.pool).await.unwrap();
    texts.iter().filter_map(|(t,)| link_param(t, "token")).collect()
}

/// What an owner of t0001 can get back from inviting `email`: every answer's body.
async fn what_the_inviter_sees(app: &TestApp, email: &str) -> Vec<String> {
    let attacker = app.member_session("mallory@t0001.test", "t0001", "owner").await;
    let res = invite_staff(app, &attacker, email).await;
    assert_eq!(res.status, 200, "{res:?}");
    vec![res.body.clone(), format!("{:?}", res.headers)]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inviting_another_stores_new_owner_gives_the_inviter_no_link_and_the_owner_keeps_theirs() {
    let app = spawn_app().await;
    let admin = app.admin_session("root@platform.test").await;
    assert_eq!(create_store_for(&app, &admin, "victim", VICTIM).await.status, 200);

    let seen = what_the_inviter_sees(&app, VICTIM).await;

    for token in every_mailed_token(&app).await {
        assert!(seen.iter().all(|s| !s.contains(&token)), "the inviter saw a link: {seen:?}");
    }
    assert!(app.mail_to("mallory@t0001.test").await.is_empty(), "nothing mailed to the inviter");
    // The victim's own invitation (the first mail) still works, and makes them the owner.
    let mails = app.mail_to(VICTIM).await;
    assert_eq!(mails.len(), 2, "the store's invitation and t0001's: {mails:?}");
    let token = link_param(&mails[0].1, "token").expect("the owner's link");
    let res = set_password(&app, &token, "the victim's own password").await;
    assert_eq!(res.status, 200, "{res:?}");
    let victim = arcade::server::db::users::by_email(&app.db, VICTIM).await.unwrap().expect("the account");
    let role =
        arcade::server::db::users::role_in(&app.db, app.store_id("victim").await, victim.id).await.unwrap();
    assert_eq!(role.as_deref(), Some("owner"));
    assert_eq!(app.sign_in_with(ADMIN_HOST, VICTIM, "the victim's own password").await.status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inviting_an_address_before_its_store_exists_gains_nothing() {
    let app = spawn_app().await;
    let seen = what_the_inviter_sees(&app, VICTIM).await;
    let admin = app.admin_session("root@platform.test").await;
    assert_eq!(create_store_for(&app, &admin, "victim", VICTIM).await.status, 200);

    let users = arcade::server::db::users::by_email(&app.db, VICTIM).await.unwrap().expect("the account");
    for code in ["t0001", "victim"] {
        let role =
            arcade::server::db::users::role_in(&app.db, app.store_id(code).await, users.id).await.unwrap();
        assert_eq!(role, None, "{code}: a role before the address is proven");
    }
    for token in every_mailed_token(&app).await {
        assert!(seen.iter().all(|s| !s.contains(&token)), "the inviter saw a link");
    }
    // Nobody can sign in as the victim, whatever the password.
    for password in ["", "correct horse battery staple", "password123456"] {
        assert_ne!(app.sign_in_with(ADMIN_HOST, VICTIM, password).await.status, 200);
    }
    // The newest link, from the store's invitation, is the victim's to use.
    let (_, text, _) = app.mail_to(VICTIM).await.pop().unwrap();
    let token = link_param(&text, "token").unwrap();
    assert_eq!(set_password(&app, &token, "the victim's own password").await.status, 200);
    let role =
        arcade::server::db::users::role_in(&app.db, app.store_id("victim").await, users.id).await.unwrap();
    assert_eq!(role.as_deref(), Some("owner"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invite_answers_the_same_for_a_new_address_and_an_existing_account() {
    let app = spawn_app().await;
    app.member_session("ann@t0002.test", "t0002", "owner").await;
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;

    let existing = invite_staff(&app, &owner, "ann@t0002.test").await;
    let new = invite_staff(&app, &owner, "nobody@new.test").await;

    assert_eq!((existing.status, &existing.body), (new.status, &new.body));
    let (subject, text, _) = app.wait_for_mail_to("ann@t0002.test").await;
    assert_eq!(subject, "You now have access to Store 0001");
    assert!(link_param(&text, "token").is_none(), "an account with a password gets no set-password link");
    let (_, text, _) = app.wait_for_mail_to("nobody@new.test").await;
    assert!(link_param(&text, "token").is_some(), "a new address gets its link");
}

async fn forgot(app: &TestApp, email: &str) -> Response {
    app.post(ADMIN_HOST, "/api/auth/forgot_password")
        .header("Origin", &format!("http://{ADMIN_HOST}"))
        .form(&format!("email={}", encode(email)))
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reset_answers_alike_and_mails_only_an_existing_account() {
    let app = spawn_app().await;
    app.admin_session("root@platform.test").await;

    let known = forgot(&app, "root@platform.test").await;
    let unknown = forgot(&app, "nobody@platform.test").await;

    assert_eq!((known.status, &known.body), (unknown.status, &unknown.body));
    let (subject, text, _) = app.wait_for_mail_to("root@platform.test").await;
    assert_eq!(subject, "Reset your Arcade password");
    assert!(link_with(&text, "http://admin.platform.test/set-password?token=").is_some(), "{text}");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(app.mail_to("nobody@platform.test").await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reset_link_works_once_ends_other_sessions_and_spends_other_links() {
    let app = spawn_app().await;
    let old_session = app.admin_session("root@platform.test").await;
    forgot(&app, "root@platform.test").await;
    let first = link_param(&app.wait_for_mail_to("root@platform.test").await.1, "token").unwrap();
    forgot(&app, "root@platform.test").await;
    for _ in 0..100 {
        if app.mail_to("root@platform.test").await.len() == 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let second = link_param(&app.mail_to("root@platform.test").await[1].1, "token").unwrap();

    let res = set_password(&app, &second, "a brand new password").await;
    assert_eq!(res.status, 200, "{res:?}");
    assert_eq!(session_cookies(&res).len(), 1, "signed in");

    let stats = app.call(&old_session, "/api/admin/stats", json!({})).await;
    assert_eq!(stats.status, 401, "the old session ended: {stats:?}");
    for used in [&second, &first] {
        let again = set_password(&app, used, "an attacker's password").await;
        assert_eq!((again.status, again.json()["field"].as_str()), (422, Some("token")), "{again:?}");
    }
    assert_eq!(app.sign_in_with(ADMIN_HOST, "root@platform.test", "a brand new password").await.status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_or_malformed_link_is_refused_before_any_work() {
    let app = spawn_app().await;
    app.admin_session("root@platform.test").await;
    forgot(&app, "root@platform.test").await;
    let token = link_param(&app.wait_for_mail_to("root@platform.test").await.1, "token").unwrap();
    sqlx::query("UPDATE password_tokens SET expires_at = 0").execute(&app.db.pool).await.unwrap();

    let expired = set_password(&app, &token, "a brand new password").await;
    assert_eq!((expired.status, expired.json()["field"].as_str()), (422, Some("token")));
    for bad in ["", "zz", &"g".repeat(64), &format!("{token}00")] {
        let res = set_password(&app, bad, "a brand new password").await;
        assert_eq!((res.status, res.json()["field"].as_str()), (422, Some("token")), "{bad:?}");
    }
    assert_eq!(app.sign_in_with(ADMIN_HOST, "root@platform.test", TEST_PASSWORD).await.status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_sign_ins_on_a_store_never_lock_out_the_console() {
    let app = spawn_app().await;
    app.admin_session("root@platform.test").await;
    let store = "t0001.platform.test";
    let mut last = 0;
    for i in 0..60 {
        let body = format!("email=u{i}%40x.test&password=wrong+password");
        last = app
            .post(store, "/api/account/sign_in")
            .header("Origin", &format!("http://{store}"))
            .form(&body)
            .await
            .status;
    }
    assert_eq!(last, 429, "the store's sign-in is throttled for this address");
    assert_eq!(app.sign_in_with(ADMIN_HOST, "root@platform.test", TEST_PASSWORD).await.status, 200);
    let other = "t0002.platform.test";
    let res = app
        .post(other, "/api/account/sign_in")
        .header("Origin", &format!("http://{other}"))
        .form("email=u1%40x.test&password=wrong+password")
        .await;
    assert_eq!(res.status, 422, "another store's sign-in still answers");
}
