//! A write is whole: when its audit entry cannot be written, the change is not made
//! either (the answer is the JSON 500 that reveals nothing), and once a write commits the
//! storefront shows it at once. Failures are injected with a database trigger that
//! refuses the audit entry of one action; concurrent writers never collide on new ids.

use arcade::server::db::Backend;
use serde_json::json;

use crate::helpers::*;

const HOST: &str = "t0001.platform.test";

/// Makes every audit entry of `action` fail, as a full disk or a lost connection would.
pub async fn fail_audit_of(app: &TestApp, action: &str) {
    let sql: Vec<String> = match app.db.backend {
        Backend::Sqlite => vec![format!(
            "CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log WHEN NEW.action = '{action}' \
             BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
        )],
        Backend::Postgres => vec![
            "CREATE OR REPLACE FUNCTION fail_audit() RETURNS trigger AS $$ \
             BEGIN RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql"
                .into(),
            format!(
                "CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log FOR EACH ROW \
                 WHEN (NEW.action = '{action}') EXECUTE FUNCTION fail_audit()"
            ),
        ],
    };
    for statement in sql {
        sqlx::query(&statement).execute(&app.db.pool).await.expect("install the failing trigger");
    }
}

async fn heal_audit(app: &TestApp) {
    let drop = match app.db.backend {
        Backend::Sqlite => "DROP TRIGGER fail_audit",
        Backend::Postgres => "DROP TRIGGER fail_audit ON audit_log",
    };
    sqlx::query(drop).execute(&app.db.pool).await.expect("remove the failing trigger");
}

/// The answer of a write whose audit entry failed: 500 and the one error shape.
fn assert_refused_whole(res: &Response) {
    assert_eq!(res.status, 500, "{}", res.body);
    assert_eq!(
        res.json(),
        json!({ "error": "server error", "message": "something went wrong on our side; please try again" }),
        "nothing of the database error is shown"
    );
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(&app.db.pool).await.expect("count");
    n
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_product_save_whose_audit_fails_changes_nothing_and_a_later_save_shows_at_once() {
    let app = spawn_app().await;
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;
    let id = product_ids_of(1)[0];
    let before = app.get(HOST, &format!("/shop/products/{id}")).await;
    assert_eq!(before.status, 200);
    assert!(!before.body.contains("Renamed mug"), "the page is cached with the old name");
    let save = |name: &str| {
        let product = json!({ "name": name, "description": "", "price": "12.50" });
        app.call(&owner, "/store/t0001/api/dashboard/save_product", json!({ "id": id, "product": product }))
    };

    fail_audit_of(&app, "product.update").await;
    assert_refused_whole(&save("Renamed mug").await);
    let (name,): (String,) = sqlx::query_as("SELECT name FROM products WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_ne!(name, "Renamed mug", "the product is unchanged");
    assert!(!app.get(HOST, &format!("/shop/products/{id}")).await.body.contains("Renamed mug"));

    heal_audit(&app).await;
    assert_eq!(save("Renamed mug").await.status, 200);
    let after = app.get(HOST, &format!("/shop/products/{id}")).await;
    assert!(after.body.contains("Renamed mug"), "the cached page was forgotten on commit");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_suspension_whose_audit_fails_leaves_the_store_open() {
    let app = spawn_app().await;
    let admin = app.admin_session("root@arcade.test").await;
    fail_audit_of(&app, "store.suspend").await;

    let res = app.call(&admin, "/api/admin/set_status", json!({ "code": "t0002", "suspended": true })).await;

    assert_refused_whole(&res);
    assert_eq!(app.get("t0002.platform.test", "/").await.status, 200, "still open");
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM stores WHERE code = 't0002' AND status = 'active'").await,
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_module_toggle_whose_audit_fails_changes_nothing() {
    let app = spawn_app().await;
    let admin = app.admin_session("root@arcade.test").await;
    let wallet = || app.get("t0003.platform.test", "/api/wallet/balance");
    let status_before = wallet().await.status;
    fail_audit_of(&app, "module.enable").await;
    fail_audit_of_disable(&app).await;

    let enabled = status_before == 403;
    let body = json!({ "code": "t0003", "module": "wallet", "enabled": enabled });
    let res = app.call(&admin, "/api/admin/set_module", body).await;

    assert_refused_whole(&res);
    assert_eq!(wallet().await.status, status_before, "the gate answers as before");
}

/// The module test flips whichever way the bench data has it: fail both directions.
async fn fail_audit_of_disable(app: &TestApp) {
    let sql = match app.db.backend {
        Backend::Sqlite => {
            "CREATE TRIGGER fail_audit_2 BEFORE INSERT ON audit_log WHEN NEW.action = 'module.disable' \
                            BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
                .to_string()
        }
        Backend::Postgres => "CREATE TRIGGER fail_audit_2 BEFORE INSERT ON audit_log FOR EACH ROW \
                              WHEN (NEW.action = 'module.disable') EXECUTE FUNCTION fail_audit()"
            .to_string(),
    };
    sqlx::query(&sql).execute(&app.db.pool).await.expect("install the failing trigger");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_api_key_whose_audit_fails_is_not_created() {
    let app = spawn_app().await;
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;
    fail_audit_of(&app, "api_key.create").await;

    let res = app.call(&owner, "/store/t0001/api/dashboard/create_api_key", json!({ "name": "Sync" })).await;

    assert_refused_whole(&res);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM api_keys").await, 0, "no key, and no secret shown");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_creation_whose_audit_fails_leaves_no_store_owner_or_modules() {
    let app = spawn_app().await;
    let admin = app.admin_session("root@arcade.test").await;
    fail_audit_of(&app, "store.create").await;
    let store = json!({
        "code": "halfway", "name": "Halfway", "primary": "", "background": "", "text": "",
        "modules": ["wallet"], "owner_email": "new-owner@halfway.test"
    });

    let res = app.call(&admin, "/api/admin/create_store", json!({ "store": store })).await;

    assert_refused_whole(&res);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM stores WHERE code = 'halfway'").await, 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM users WHERE email = 'new-owner@halfway.test'").await, 0);
    assert_eq!(app.get("halfway.platform.test", "/").await.status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_json_api_product_whose_audit_fails_is_not_created() {
    let app = spawn_app().await;
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;
    let key = app.call(&owner, "/store/t0001/api/dashboard/create_api_key", json!({ "name": "Sync" })).await;
    let secret = key.json()["secret"].as_str().expect("a key").to_string();
    let products = count(&app, "SELECT COUNT(*) FROM products").await;
    fail_audit_of(&app, "product.create").await;

    let res = app
        .post(HOST, "/api/v1/products")
        .header("Authorization", &format!("Bearer {secret}"))
        .json(&json!({ "name": "Ghost", "price_cents": 100 }))
        .await;

    assert_refused_whole(&res);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM products").await, products);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_product_creates_get_distinct_ids() {
    let app = spawn_app().await;
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;
    let saves = (0..16).map(|i| {
        let product = json!({ "name": format!("Parallel {i}"), "description": "", "price": "1.00" });
        app.call(&owner, "/store/t0001/api/dashboard/save_product", json!({ "id": null, "product": product }))
    });

    let answers = all_at_once(saves).await;

    let mut ids: Vec<i64> = answers
        .iter()
        .map(|r| {
            assert_eq!(r.status, 200, "{}", r.body);
            r.json()["id"].as_i64().expect("an id")
        })
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 16, "no two creates share an id");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM products WHERE name LIKE 'Parallel %'").await, 16);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_store_creates_get_distinct_ids() {
    let app = spawn_app().await;
    let admin = app.admin_session("root@arcade.test").await;
    let creates = (0..8).map(|i| {
        let store = json!({
            "code": format!("par-{i}"), "name": format!("Parallel {i}"), "primary": "", "background": "",
            "text": "", "modules": [], "owner_email": ""
        });
        app.call(&admin, "/api/admin/create_store", json!({ "store": store }))
    });

    for res in all_at_once(creates).await {
        assert_eq!(res.status, 200, "{}", res.body);
    }
    assert_eq!(count(&app, "SELECT COUNT(DISTINCT id) FROM stores WHERE code LIKE 'par-%'").await, 8);
    for i in 0..8 {
        assert_eq!(app.get(&format!("par-{i}.platform.test"), "/").await.status, 200);
    }
}

/// Sends the requests at once and collects their answers in order.
async fn all_at_once(requests: impl Iterator<Item = RequestBuilder>) -> Vec<Response> {
    let tasks: Vec<_> = requests.map(|r| tokio::spawn(r.send())).collect();
    let mut answers = Vec::with_capacity(tasks.len());
    for task in tasks {
        answers.push(task.await.expect("the request task finished"));
    }
    answers
}
