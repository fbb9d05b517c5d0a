//! The console and the dashboards on their own origin, `admin.P`, which no storefront page
//! shares: a session is honoured there alone, their functions never run anywhere else,
//! and no store is served there. The old addresses on P are in `redirects`.

mod redirects;

use serde_json::json;

use crate::helpers::*;

/// The same signed-in user's cookie sent to another host.
fn on(session: &Session, host: &str) -> Session {
    Session { host: host.into(), cookie: session.cookie.clone() }
}

/// Where a path-mode storefront page's scripts run, and where its calls go.
const PATH_MODE: &str = "/stores/t0001";

/// Product 1 of t0001's name, as the bench data set has it.
async fn name_of_product_1(app: &TestApp) -> String {
    let (name,): (String,) = sqlx::query_as("SELECT name FROM products WHERE id = 1 AND store_id = $1")
        .bind(app.store_id("t0001").await.get())
        .fetch_one(&app.db.pool)
        .await
        .expect("product 1 of t0001");
    name
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn console_functions_never_run_on_the_platform_host_even_with_an_admins_cookie() {
    let app = spawn_app().await;
    let admin = app.admin_session("root@platform.test").await;
    let suspend = json!({"code": "t0002", "suspended": true});

    // On P itself, and under a path-mode storefront's prefix, where its scripts would call.
    for prefix in ["", PATH_MODE] {
        let res =
            app.call(&on(&admin, PLATFORM), &format!("{prefix}/api/admin/set_status"), suspend.clone()).await;
        assert_eq!(res.status, 401, "{PLATFORM}{prefix}: the cookie is not read there: {}", res.body);
        assert_eq!(res.json()["error"], "unauthorized");
    }

    assert_eq!(app.store("t0002").await.status.as_str(), "active", "t0002 was suspended from P");
    assert_eq!(app.call(&admin, "/api/admin/set_status", suspend).await.status, 200, "on admin.P it runs");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dashboard_functions_never_run_on_the_platform_host_even_with_an_owners_cookie() {
    let app = spawn_app().await;
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;
    let save = json!({"id": 1, "product": {"name": "Defaced", "description": "", "price": "1"}});

    for prefix in ["", PATH_MODE] {
        let path = format!("{prefix}/api/dashboard/save_product");
        let res = app.call(&on(&owner, PLATFORM), &path, save.clone()).await;
        assert_eq!(res.status, 401, "{PLATFORM}{path}: {}", res.body);
    }

    assert_eq!(name_of_product_1(&app).await, "Product 01 of Store 0001");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_cookie_is_not_honoured_on_the_platform_host_or_any_storefront_host() {
    let app = spawn_app().await;
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;
    let mine = |host: &str| app.call(&on(&owner, host), "/api/auth/my_stores", json!({}));

    let here = mine(ADMIN_HOST).await;
    assert_eq!((here.status, here.json()[0]["code"].as_str()), (200, Some("t0001")), "{}", here.body);
    for host in [PLATFORM, "t0001.platform.test", "shop-0001.test"] {
        let res = mine(host).await;
        assert_eq!((res.status, res.json()), (200, json!([])), "{host}: signed out there");
    }
    let landing = app.get(PLATFORM, "/").header("Cookie", &owner.cookie).await;
    assert_eq!(landing.status, 200);
    assert_eq!(landing.site_json()["me"], json!(null), "P's landing knows no session");
    assert!(!landing.body.contains("owner@t0001.test"), "P's landing shows the account");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_sign_out_and_set_password_are_refused_off_the_console_host() {
    let app = spawn_app().await;
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;
    let sign_in = format!("email=owner%40t0001.test&password={}&next=%2F", encode(TEST_PASSWORD));
    let set_password = format!("token={}&password=a+long+new+password", "ab".repeat(32));

    for host in [PLATFORM, "t0001.platform.test"] {
        let res = app
            .post(host, "/api/auth/login")
            .header("Origin", &format!("http://{host}"))
            .form(&sign_in)
            .await;
        assert_eq!(res.status, 403, "sign-in on {host}: {}", res.body);
        assert_eq!(res.header("set-cookie"), None, "a cookie set by {host}");
        let res = app
            .post(host, "/api/auth/set_password")
            .header("Origin", &format!("http://{host}"))
            .form(&set_password);
        assert_eq!(res.await.status, 403, "set-password on {host}");
        let res = app.call(&on(&owner, host), "/api/auth/logout", json!({})).await;
        assert_eq!(res.status, 403, "sign-out on {host}");
    }

    let overview = app.call(&owner, "/store/t0001/api/dashboard/overview", json!({})).await;
    assert_eq!(overview.status, 200, "the session survived: {}", overview.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dashboard_writes_from_any_storefront_origin_are_refused_on_the_console_host() {
    let app = spawn_app().await;
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;
    let save = json!({"id": 1, "product": {"name": "Defaced", "description": "", "price": "1"}});
    let write = |origin: &str| {
        app.post(DASHBOARD_HOST, "/store/t0001/api/dashboard/save_product")
            .header("Cookie", &owner.cookie)
            .header("Origin", origin)
            .json(&save)
    };

    // The store's own pages in every mode: subdomain, custom domain, path mode on P.
    for origin in ["http://t0001.platform.test", "http://shop-0001.test", "http://platform.test"] {
        let res = write(origin).await;
        assert_eq!(res.status, 403, "from {origin}: {}", res.body);
    }
    assert_eq!(name_of_product_1(&app).await, "Product 01 of Store 0001");

    assert_eq!(write("http://admin.platform.test").await.status, 200, "from the console's own origin");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_store_is_served_on_the_console_host() {
    let app = spawn_app().await;
    let admin = app.admin_session("root@platform.test").await;
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;

    for (path, who) in [
        ("/stores/t0001/shop/products", &admin),
        ("/shop/products", &admin),
        ("/store/t0001/shop/products", &owner),
        ("/store/t0001/shop/products/1", &owner),
    ] {
        let res = app.get(ADMIN_HOST, path).header("Cookie", &who.cookie).await;
        assert_eq!(res.status, 404, "{path}: {}", res.body);
        assert!(res.product_ids().is_empty(), "a storefront's products at admin.P{path}");
    }
    let events = app.get(DASHBOARD_HOST, "/store/t0001/events/theme").header("Cookie", &owner.cookie).await;
    assert_ne!(events.header("content-type"), Some("text/event-stream"), "a storefront's event stream");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn storefront_pages_do_not_name_the_console_origin_and_the_platform_links_to_it() {
    let app = spawn_app().await;

    for (host, path) in [("t0001.platform.test", "/shop/cart"), (PLATFORM, "/stores/t0001/shop/cart")] {
        let res = app.get(host, path).await;
        assert_eq!(res.status, 200, "{host}{path}");
        assert_eq!(res.site_json().get("admin_origin"), None, "{host}{path}");
    }
    let landing = app.get(PLATFORM, "/").await;
    assert!(landing.body.contains(r#"href="http://admin.platform.test/login""#), "{}", landing.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_owner_signs_in_on_the_console_host_and_lands_on_their_stores() {
    let app = spawn_app().await;
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;

    let home = app.get(ADMIN_HOST, "/").header("Cookie", &owner.cookie).await;

    assert_eq!(home.status, 200, "{}", home.body);
    assert!(home.body.contains("Your stores"), "{}", home.body);
    assert!(home.body.contains(r#"href="http://admin.platform.test/store/t0001/""#), "{}", home.body);
    assert!(!home.body.contains("Create a store"), "the console's shortcuts for an owner");
    let console = app.get(ADMIN_HOST, "/stores").header("Cookie", &owner.cookie).await;
    assert_eq!(console.status, 403, "the console's pages stay the admins'");
    assert!(console.body.contains(r#"<a href="/">"#), "a way back to their stores: {}", console.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_from_a_page_answers_the_page_to_load_anew() {
    let app = spawn_app().await;
    app.member_session("owner@t0001.test", "t0001", "owner").await;
    let body =
        format!("email=owner%40t0001.test&password={}&next=%2Fstore%2Ft0001%2F", encode(TEST_PASSWORD));

    let res = app
        .post(ADMIN_HOST, "/api/auth/login")
        .header("Origin", "http://admin.platform.test")
        .form(&body)
        .await;

    assert_eq!((res.status, res.json()), (200, json!("/store/t0001/")), "{res:?}");
    // The page's router would show the next page with the signed-out page's view of the site.
    assert_eq!(res.header("serverfnredirect"), None, "a redirect the page's router follows");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_signs_in_on_the_console_host_and_lands_on_the_console() {
    let app = spawn_app().await;
    let admin = app.admin_session("root@platform.test").await;

    let home = app.get(ADMIN_HOST, "/").header("Cookie", &admin.cookie).await;

    assert_eq!(home.status, 200, "{}", home.body);
    assert!(home.body.contains("Create a store"), "{}", home.body);
    assert!(!home.body.contains("Your stores"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn store_links_point_to_the_dashboard_on_the_console_host() {
    let app = spawn_app().await;
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;

    let res = app.call(&owner, "/store/t0001/api/dashboard/overview", json!({})).await;

    assert_eq!(res.status, 200, "{}", res.body);
    let links = res.json()["links"].clone();
    assert_eq!(
        links,
        json!([
            ["Subdomain", "http://t0001.platform.test/"],
            ["Path", "http://platform.test/stores/t0001/"],
            ["Custom domain", "http://shop-0001.test/"],
            ["Dashboard", "http://admin.platform.test/store/t0001/"],
        ])
    );
}
