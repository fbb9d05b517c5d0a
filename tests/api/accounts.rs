//! Sign-in, sessions and cookies. Owner invites and the origin checks of writes are in
//! the submodules.

mod invites;
mod origins;
mod takeover;

use serde_json::json;

use crate::helpers::*;

/// The `Set-Cookie` values of `res` that set or clear the session cookie.
fn session_cookies(res: &Response) -> Vec<&str> {
    res.headers
        .iter()
        .filter(|(k, v)| k == "set-cookie" && v.starts_with("arcade_session="))
        .map(|(_, v)| v.as_str())
        .collect()
}

/// A session whose cookie was never issued by the server (well-formed: 64 hex digits).
fn forged(host: &str) -> Session {
    Session { host: host.into(), cookie: format!("arcade_session={}", "5e".repeat(32)) }
}

/// The same signed-in user on another host.
fn on(session: &Session, host: &str) -> Session {
    Session { host: host.into(), cookie: session.cookie.clone() }
}

async fn stats_as(app: &TestApp, session: &Session) -> Response {
    app.call(session, "/api/admin/stats", json!({})).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_signs_in_and_reads_platform_stats() {
    let app = spawn_app().await;
    let admin = app.admin_session("root@platform.test").await;
    let res = app.call(&admin, "/api/admin/stats", serde_json::json!({})).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["stores_active"], 1000);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn session_cookie_is_http_only_lax_host_only_on_the_whole_site() {
    let app = spawn_app().await;
    app.member_session("owner@a.test", "t0001", "owner").await;

    let res = app.sign_in_with(ADMIN_HOST, "owner@a.test", TEST_PASSWORD).await;

    let cookies = session_cookies(&res);
    assert_eq!(cookies.len(), 1, "one session cookie: {res:?}");
    let attrs: Vec<String> = cookies[0].split(';').skip(1).map(|a| a.trim().to_ascii_lowercase()).collect();
    for want in ["httponly", "samesite=lax", "path=/"] {
        assert!(attrs.iter().any(|a| a == want), "{want} missing from {}", cookies[0]);
    }
    assert!(!attrs.iter().any(|a| a.starts_with("domain")), "a Domain attribute: {}", cookies[0]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_password_is_422_on_the_password_field_without_a_cookie() {
    let app = spawn_app().await;
    app.member_session("owner@a.test", "t0001", "owner").await;

    let res = app.sign_in_with(ADMIN_HOST, "owner@a.test", "not the password").await;

    assert_eq!(res.status, 422, "{}", res.body);
    assert_eq!(res.json()["error"], "invalid");
    assert_eq!(res.json()["field"], "password");
    assert!(session_cookies(&res).is_empty(), "a cookie for a wrong password: {res:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_email_answers_exactly_like_a_wrong_password() {
    let app = spawn_app().await;
    app.member_session("owner@a.test", "t0001", "owner").await;

    let wrong = app.sign_in_with(ADMIN_HOST, "owner@a.test", "not the password").await;
    let unknown = app.sign_in_with(ADMIN_HOST, "nobody@a.test", "not the password").await;

    assert_eq!((unknown.status, &unknown.body), (wrong.status, &wrong.body));
    assert!(session_cookies(&unknown).is_empty(), "{unknown:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixth_attempt_after_five_failures_is_throttled_even_with_the_right_password() {
    let app = spawn_app().await;
    app.member_session("owner@a.test", "t0001", "owner").await;
    for attempt in 1..=5 {
        let res = app.sign_in_with(ADMIN_HOST, "owner@a.test", "not the password").await;
        assert_eq!(res.status, 422, "failure {attempt}: {}", res.body);
    }

    let res = app.sign_in_with(ADMIN_HOST, "owner@a.test", TEST_PASSWORD).await;

    assert_eq!(res.status, 429, "{}", res.body);
    assert_eq!(res.json()["error"], "throttled");
    assert!(session_cookies(&res).is_empty(), "a cookie past the limit: {res:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_ends_the_session_on_the_server() {
    let app = spawn_app().await;
    let admin = app.admin_session("root@platform.test").await;
    assert_eq!(stats_as(&app, &admin).await.status, 200, "signed in before signing out");

    let res = app.call(&admin, "/api/auth/logout", json!({})).await;

    assert_eq!(res.status, 200, "sign-out: {res:?}");
    assert_eq!(res.location(), "/login", "sign-out sends to the sign-in page");
    assert!(session_cookies(&res).iter().any(|c| c.contains("Max-Age=0")), "cookie not cleared: {res:?}");
    let (left,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM sessions")
        .fetch_one(&app.db.pool)
        .await
        .expect("count sessions");
    assert_eq!(left, 0, "session rows after sign-out");
    let again = stats_as(&app, &admin).await;
    assert_eq!(again.status, 401, "the old cookie after sign-out: {}", again.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn session_past_its_expiry_is_refused() {
    let app = spawn_app().await;
    let admin = app.admin_session("root@platform.test").await;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_secs();

    sqlx::query("UPDATE sessions SET expires_at = $1")
        .bind(now as i64 - 1)
        .execute(&app.db.pool)
        .await
        .expect("expire the session");

    let res = stats_as(&app, &admin).await;
    assert_eq!(res.status, 401, "{}", res.body);
    assert_eq!(res.json()["error"], "unauthorized");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_session_cookie_is_401() {
    let app = spawn_app().await;
    app.admin_session("root@platform.test").await;

    for session in
        [forged(ADMIN_HOST), Session { host: ADMIN_HOST.into(), cookie: "arcade_session=admin".into() }]
    {
        let res = stats_as(&app, &session).await;
        assert_eq!(res.status, 401, "{}: {}", session.cookie, res.body);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn platform_session_is_not_read_on_a_storefront_host() {
    let app = spawn_app().await;
    let admin = app.admin_session("root@platform.test").await;
    let owner = app.member_session("owner@a.test", "t0001", "owner").await;

    for (who, session, path) in [
        ("owner", &owner, "/api/dashboard/overview"),
        ("owner", &owner, "/api/dashboard/api_keys"),
        ("admin", &admin, "/api/admin/stats"),
        ("admin", &admin, "/api/dashboard/overview"),
    ] {
        let res = app.call(&on(session, "t0001.platform.test"), path, json!({})).await;
        // Storefront hosts never read the session cookie: the caller is anonymous there.
        assert_eq!(res.status, 401, "{who} calling {path} on a storefront host: {res:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn storefront_pages_never_set_a_cookie() {
    let app = spawn_app().await;
    let owner = app.member_session("owner@a.test", "t0001", "owner").await;

    for (path, status) in [("/", 200), ("/shop/products", 200), ("/shop/products/1", 200), ("/login", 404)] {
        let res = app.get("t0001.platform.test", path).header("Cookie", &owner.cookie).await;
        assert_eq!(res.status, status, "{path}");
        assert_eq!(res.header("set-cookie"), None, "Set-Cookie on storefront page {path}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_out_console_page_redirects_to_its_sign_in_page() {
    let app = spawn_app().await;

    for (host, path, login) in
        [(ADMIN_HOST, "/", "/login?next=/"), (ADMIN_HOST, "/stores", "/login?next=/stores")]
    {
        let res = app.get(host, path).await;
        assert_eq!(res.status, 303, "GET {host}{path}: {}", res.body);
        assert_eq!(res.location(), login, "GET {host}{path}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_out_dashboard_page_redirects_to_sign_in_with_next() {
    let app = spawn_app().await;

    let res = app.get(DASHBOARD_HOST, "/store/t0001/").await;

    assert_eq!(res.status, 303, "{}", res.body);
    assert_eq!(res.location(), "/login?next=/store/t0001/");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn owner_of_another_store_gets_a_403_page_for_a_dashboard() {
    let app = spawn_app().await;
    let owner_b = app.member_session("owner@b.test", "t0002", "owner").await;

    let res = app.get(DASHBOARD_HOST, "/store/t0001/").header("Cookie", &owner_b.cookie).await;

    assert_eq!(res.status, 403, "{}", res.body);
    assert!(res.header("content-type").is_some_and(|t| t.starts_with("text/html")), "{res:?}");
    assert!(!res.body.contains("Store 0001"), "store A's data on the 403 page");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn next_after_sign_in_stays_on_this_host() {
    let app = spawn_app().await;
    app.member_session("owner@a.test", "t0001", "owner").await;
    let sign_in = |next: &str| {
        let body = format!("email=owner%40a.test&password={}&next={}", encode(TEST_PASSWORD), encode(next));
        app.post(ADMIN_HOST, "/api/auth/login")
            .header("Origin", &format!("http://{ADMIN_HOST}"))
            .header("Accept", "text/html")
            .form(&body)
    };

    let kept = sign_in("/store/t0001/").await;
    assert_eq!(kept.status, 302, "{kept:?}");
    assert_eq!(kept.location(), "/store/t0001/", "a path on this host is kept");
    for evil in ["//evil.test/", "https://evil.test/", "/\\evil.test"] {
        let res = sign_in(evil).await;
        assert_eq!(res.status, 302, "next={evil}: {res:?}");
        assert_eq!(res.location(), "/", "next={evil}: {res:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_trusted_proxy_throttling_counts_each_client_not_the_proxy() {
    let app = spawn_app_trusting(vec!["127.0.0.1".parse().unwrap()]).await;
    let hash = arcade::server::auth::password::hash(TEST_PASSWORD);
    arcade::server::db::users::upsert_admin(&app.db, "root@platform.test", &hash).await.unwrap();
    let attempt = |client: &'static str, password: &'static str| {
        let body = format!("email=root%40platform.test&password={}&next=%2F", encode(password));
        app.post(ADMIN_HOST, "/api/auth/login")
            .header("Origin", "http://admin.platform.test")
            .header("X-Forwarded-For", client)
            .form(&body)
    };
    for _ in 0..5 {
        assert_eq!(attempt("203.0.113.9", "wrong password!").await.status, 422);
    }
    assert_eq!(attempt("203.0.113.9", TEST_PASSWORD).await.status, 429, "the guessing client is throttled");
    let other = attempt("198.51.100.7", TEST_PASSWORD).await;
    assert_eq!(other.status, 200, "another client behind the same proxy signs in: {}", other.body);
    assert_eq!(session_cookies(&other).len(), 1, "{other:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_out_is_not_answered_on_a_storefront_host() {
    let app = spawn_app().await;
    let res = app.call_anonymous("t0001.platform.test", "/api/auth/logout", json!({})).await;
    assert_eq!(res.status, 403, "{}", res.body);
    assert!(session_cookies(&res).is_empty(), "no cookie from a storefront host: {res:?}");
}
