//! The admin console: creating, editing, suspending and deleting stores. Listing,
//! modules, CSV import and the audit log are in the submodules.

mod audit;
mod import;
mod list;
mod modules;

use arcade::server::db::stores;
use serde_json::{json, Value};

use crate::helpers::*;

/// The platform admin of these tests.
pub const ROOT: &str = "root@platform.test";

/// The body of a create_store call: a valid store, with `changes` applied to its fields.
pub fn new_store(code: &str, changes: Value) -> Value {
    let mut store = json!({
        "code": code, "name": "New Shop", "primary": "#112233", "background": "#fafafa",
        "text": "#222222", "modules": ["wallet"], "owner_email": "",
    });
    if let (Some(fields), Some(changes)) = (store.as_object_mut(), changes.as_object()) {
        fields.extend(changes.clone());
    }
    json!({ "store": store })
}

/// Asserts a refused console call: its status and the form field it names.
pub fn assert_refused(res: &Response, status: u16, field: &str) {
    assert_eq!(res.status, status, "{}", res.body);
    let body = res.json();
    assert_eq!(body["field"], field, "{body}");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()), "no message: {body}");
}

/// How many stores exist, all statuses.
pub async fn store_count(app: &TestApp) -> i64 {
    stores::count(&app.db).await.expect("count the stores")
}

/// A store's storefront product page on its subdomain.
pub async fn storefront(app: &TestApp, code: &str) -> Response {
    app.get(&format!("{code}.{PLATFORM}"), "/shop/products").await
}

/// Rows of `table` that belong to store `id`.
async fn rows_of(app: &TestApp, table: &str, id: i64) -> i64 {
    let sql = format!("SELECT COUNT(*) FROM {table} WHERE store_id = $1");
    let (n,): (i64,) = sqlx::query_as(&sql).bind(id).fetch_one(&app.db.pool).await.expect("count rows");
    n
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn created_store_serves_its_theme_on_its_subdomain_and_in_path_mode() {
    let app = spawn_app().await;
    let admin = app.admin_session(ROOT).await;
    assert_eq!(storefront(&app, "new-shop").await.status, 404, "before it exists");

    let res = app.call(&admin, "/api/admin/create_store", new_store("new-shop", json!({}))).await;

    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["code"], "new-shop");
    for page in
        [storefront(&app, "new-shop").await, app.get(PLATFORM, "/stores/new-shop/shop/products").await]
    {
        assert_eq!(page.status, 200, "{}", page.body);
        let theme = ":root{--primary-color:#112233;--secondary-color:#00bfa5;--background-color:#fafafa;\
                     --text-color:#222222;--accent-color:#e65100;\
                     --font-family:system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;--radius:8px;\
                     --on-primary:#ffffff;--on-secondary:#000000;--on-accent:#000000;\
                     --primary-text:#112233;--muted-color:#6e6e6e;\
                     --ok-text:#067647;--warn-text:#b54708;--error-text:#b42318}";
        assert_eq!(page.theme_css(), Some(theme), "the store's colours");
        assert!(page.body.contains("New Shop"), "the store's name is not in the page");
    }
    assert_eq!(store_count(&app).await, 1001);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn created_store_has_its_owner_account_membership_and_an_audit_event() {
    let app = spawn_app().await;
    let admin = app.admin_session(ROOT).await;

    let body = new_store("owned-shop", json!({ "owner_email": "Owner@Owned-Shop.test" }));
    let res = app.call(&admin, "/api/admin/create_store", body).await;

    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["owner_invited"], "owner@owned-shop.test", "{}", res.body);
    let (subject, text, _) = app.wait_for_mail_to("owner@owned-shop.test").await;
    assert!(subject.starts_with("You're invited to"), "{subject}");
    let link = link_with(&text, "/set-password?token=").expect("an invite link in the mail");
    let token = link.strip_prefix("http://admin.platform.test/set-password?token=").unwrap_or_default();
    assert!(token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit()), "an invite link: {link:?}");
    let id = app.store_id("owned-shop").await.get();
    let members: Vec<(String, String)> = sqlx::query_as(
        "SELECT u.email, m.role FROM store_members m JOIN users u ON u.id = m.user_id WHERE m.store_id = $1",
    )
    .bind(id)
    .fetch_all(&app.db.pool)
    .await
    .expect("read the members");
    assert_eq!(members, vec![("owner@owned-shop.test".to_string(), "owner".to_string())]);
    let events: Vec<(String, String)> =
        sqlx::query_as("SELECT action, actor_email FROM audit_log WHERE store_code = 'owned-shop'")
            .fetch_all(&app.db.pool)
            .await
            .expect("read the audit log");
    assert_eq!(events, vec![("store.create".to_string(), ROOT.to_string())]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_stores_are_refused_naming_the_field_and_nothing_is_created() {
    let app = spawn_app().await;
    let admin = app.admin_session(ROOT).await;
    let cases = [
        (new_store("Bad Code!", json!({})), 422, "code"),
        (new_store("x", json!({})), 422, "code"),
        (new_store("admin", json!({})), 422, "code"),
        (new_store("t0001", json!({ "name": "Impostor" })), 409, "code"),
        (new_store("colour-shop", json!({ "primary": "red" })), 422, "primary"),
        (new_store("mail-shop", json!({ "owner_email": "not-an-email" })), 422, "owner_email"),
        (new_store("module-shop", json!({ "modules": ["teleport"] })), 422, "modules"),
        (new_store("nameless", json!({ "name": "  " })), 422, "name"),
    ];
    for (body, status, field) in cases {
        let res = app.call(&admin, "/api/admin/create_store", body.clone()).await;
        assert_refused(&res, status, field);
        assert_eq!(store_count(&app).await, 1000, "after {body}");
    }
    assert_eq!(app.store("t0001").await.name, "Store 0001", "the taken code's store is unchanged");
    for code in ["colour-shop", "mail-shop", "module-shop", "nameless"] {
        assert_eq!(storefront(&app, code).await.status, 404, "{code}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_code_answers_available_taken_or_reserved() {
    let app = spawn_app().await;
    let admin = app.admin_session(ROOT).await;
    let check = |code: &str| app.call(&admin, "/api/admin/check_code", json!({ "code": code }));

    let free = check("fresh-code").await;
    let taken = check("t0001").await;
    let reserved = check("admin").await;

    for res in [&free, &taken, &reserved] {
        assert_eq!(res.status, 200, "{}", res.body);
    }
    assert_eq!(free.json(), json!({ "available": true, "message": "fresh-code is available" }));
    assert_eq!(taken.json(), json!({ "available": false, "message": "t0001 is taken" }));
    assert_eq!(reserved.json(), json!({ "available": false, "message": "this code is reserved" }));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn suspended_store_answers_503_at_once_and_loses_tls_until_resumed() {
    let app = spawn_app().await;
    let admin = app.admin_session(ROOT).await;
    let ask = || app.get("127.0.0.1", "/internal/tls/ask?domain=shop-0004.test");
    assert_eq!(storefront(&app, "t0004").await.status, 200, "cached while open");
    assert_eq!(ask().await.status, 200);

    let res = app.call(&admin, "/api/admin/set_status", json!({ "code": "t0004", "suspended": true })).await;

    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(storefront(&app, "t0004").await.status, 503);
    assert_eq!(app.get("shop-0004.test", "/shop/products").await.status, 503, "custom domain");
    assert_eq!(app.get(PLATFORM, "/stores/t0004/shop/products").await.status, 503, "path mode");
    assert_eq!(ask().await.status, 404, "no certificate for a suspended store");
    assert_eq!(storefront(&app, "t0005").await.status, 200, "other stores stay open");

    let res = app.call(&admin, "/api/admin/set_status", json!({ "code": "t0004", "suspended": false })).await;

    assert_eq!(res.status, 200, "{}", res.body);
    assert_product_list_of(&storefront(&app, "t0004").await, 4);
    assert_eq!(ask().await.status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn updated_name_and_colours_show_on_the_storefront_at_once() {
    let app = spawn_app().await;
    let admin = app.admin_session(ROOT).await;
    assert_product_list_of(&storefront(&app, "t0001").await, 1);
    assert_eq!(app.get("shop-0001.test", "/shop/products").await.status, 200);

    let body = json!({ "code": "t0001", "name": "Renamed Shop", "primary": "#ABCDEF", "background": "", "text": "" });
    let res = app.call(&admin, "/api/admin/update_store", body).await;

    assert_eq!(res.status, 200, "{}", res.body);
    for page in [storefront(&app, "t0001").await, app.get("shop-0001.test", "/shop/products").await] {
        assert_eq!(page.status, 200);
        let theme = theme_css("#abcdef", &secondary_color(1));
        assert_eq!(page.theme_css(), Some(theme.as_str()), "the new colour, the rest unchanged");
        assert!(!page.body.contains(&primary_color(1)), "old colour still shown");
        assert!(page.body.contains("Renamed Shop"), "new name missing");
    }
    let bad = json!({ "code": "t0001", "name": "X", "primary": "", "background": "white", "text": "" });
    assert_refused(&app.call(&admin, "/api/admin/update_store", bad).await, 422, "background");
    assert_eq!(app.store("t0001").await.name, "Renamed Shop", "a refused update changes nothing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delete_with_a_wrong_confirmation_is_refused_and_deletes_nothing() {
    let app = spawn_app().await;
    let admin = app.admin_session(ROOT).await;

    let body = json!({ "code": "t0009", "confirm": "t0008" });
    let res = app.call(&admin, "/api/admin/delete_store", body).await;

    assert_refused(&res, 422, "confirm");
    assert_eq!(store_count(&app).await, 1000);
    assert_product_list_of(&storefront(&app, "t0009").await, 9);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleted_store_is_gone_with_its_data_and_the_audit_log_keeps_it() {
    let app = spawn_app().await;
    let admin = app.admin_session(ROOT).await;
    let id = app.store_id("t0009").await.get();
    assert_eq!(app.get("shop-0009.test", "/shop/products").await.status, 200, "cached before");

    let res =
        app.call(&admin, "/api/admin/delete_store", json!({ "code": "t0009", "confirm": "t0009" })).await;

    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(storefront(&app, "t0009").await.status, 404);
    assert_eq!(app.get("shop-0009.test", "/shop/products").await.status, 404, "its custom domain");
    assert_eq!(app.get(PLATFORM, "/stores/t0009/shop/products").await.status, 404, "path mode");
    assert_eq!(store_count(&app).await, 999);
    for table in ["products", "store_domains", "store_modules", "theme_versions"] {
        assert_eq!(rows_of(&app, table, id).await, 0, "rows left in {table}");
    }
    let (deleted,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM audit_log WHERE store_code = 't0009' AND action = 'store.delete'",
    )
    .fetch_one(&app.db.pool)
    .await
    .expect("read the audit log");
    assert_eq!(deleted, 1);
    assert_product_list_of(&storefront(&app, "t0008").await, 8);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_created_after_a_deletion_never_shows_the_deleted_stores_pages() {
    let app = spawn_app().await;
    let admin = app.admin_session(ROOT).await;
    let create = |code: &str, name: &str, color: &str| {
        let body = new_store(code, json!({ "name": name, "primary": color }));
        app.call(&admin, "/api/admin/create_store", body)
    };
    assert_eq!(create("first-shop", "First Shop", "#111111").await.status, 200);
    let first = app.get(PLATFORM, "/stores/first-shop/shop/products").await;
    assert_eq!(first.status, 200);
    assert!(first.body.contains("First Shop"), "{}", first.body);
    let body = json!({ "code": "first-shop", "confirm": "first-shop" });
    assert_eq!(app.call(&admin, "/api/admin/delete_store", body).await.status, 200);

    assert_eq!(create("second-shop", "Second Shop", "#222222").await.status, 200);
    let second = app.get(PLATFORM, "/stores/second-shop/shop/products").await;

    assert_eq!(second.status, 200);
    assert!(!second.body.contains("First Shop"), "the deleted store's cached page was served");
    assert!(second.body.contains("Second Shop") && second.body.contains("--primary-color:#222222"));
}
