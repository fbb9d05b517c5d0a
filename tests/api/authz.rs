//! Who may call what: every console and dashboard server function for every kind of
//! caller. API-key writes of the JSON API are in `keyed_writes`.

mod keyed_writes;
mod staff;
mod suspended;

use serde_json::{json, Value};

use crate::helpers::*;

/// The callers, in the order of the expected-status columns of the tables below.
const ACTORS: [&str; 5] = ["anonymous", "owner of t0001", "staff of t0001", "owner of t0002", "admin"];
const ADMIN: usize = 4;

/// One server function: the last part of its path, the status each of [`ACTORS`] gets, and
/// a body. `body` takes a number unique to the caller, so a call that can succeed only once
/// (a delete, a new code) has its own target for every caller allowed to make it.
struct Row {
    function: &'static str,
    endpoint: &'static str,
    expect: [u16; 5],
    body: fn(usize) -> Value,
}

const fn row(
    function: &'static str,
    endpoint: &'static str,
    expect: [u16; 5],
    body: fn(usize) -> Value,
) -> Row {
    Row { function, endpoint, expect, body }
}

/// Console functions (`/api/admin/{endpoint}`), called on the console's host.
#[rustfmt::skip]
const CONSOLE: &[Row] = &[
    //   function           endpoint       anon ownerA staffA ownerB admin
    row("admin_stats",      "stats",        [401, 403, 403, 403, 200], |_| json!({})),
    row("module_catalog",   "modules",      [401, 403, 403, 403, 200], |_| json!({})),
    row("list_stores",      "stores",       [401, 403, 403, 403, 200],
        |_| json!({"q": "", "status": "", "module": "", "sort": "Newest", "after": null})),
    row("check_code",       "check_code",   [401, 403, 403, 403, 200], |_| json!({"code": "fresh-code"})),
    row("create_store",     "create_store", [401, 403, 403, 403, 200],
        |k| json!({"store": {"code": format!("created-{k}"), "name": "Created", "primary": "",
            "background": "", "text": "", "modules": [], "owner_email": ""}})),
    row("load_store",       "store",        [401, 403, 403, 403, 200], |_| json!({"code": "t0003"})),
    row("update_store",     "update_store", [401, 403, 403, 403, 200],
        |k| json!({"code": "t0003", "name": format!("Renamed by {k}"),
            "primary": "", "background": "", "text": ""})),
    row("set_store_status", "set_status",   [401, 403, 403, 403, 200],
        |k| json!({"code": store_code(100 + k), "suspended": true})),
    row("delete_store",     "delete_store", [401, 403, 403, 403, 200],
        |k| json!({"code": store_code(200 + k), "confirm": store_code(200 + k)})),
    row("set_store_module", "set_module",   [401, 403, 403, 403, 200],
        |k| json!({"code": store_code(300 + k), "module": "wallet", "enabled": true})),
    row("read_import_file", "import_file",  [401, 403, 403, 403, 200], |_| json!({"text": "a1,A\n"})),
    row("import_stores",    "import",       [401, 403, 403, 403, 200],
        |k| json!({"rows": [{"line": 1, "fields": [format!("imported-{k}"), "Imported"]}]})),
    row("audit_log",        "audit",        [401, 403, 403, 403, 200],
        |_| json!({"store": "", "action": "", "before": null})),
];

/// Dashboard functions of t0001 (`admin.P/store/t0001/api/dashboard/{endpoint}`).
#[rustfmt::skip]
const DASHBOARD: &[Row] = &[
    //   function          endpoint          anon ownerA staffA ownerB admin
    row("store_overview", "overview",       [401, 200, 200, 403, 200], |_| json!({})),
    row("owner_products", "products",       [401, 200, 200, 403, 200], |_| json!({"q": "", "page": 1})),
    row("load_product",   "product",        [401, 200, 200, 403, 200], |_| json!({"id": 1})),
    row("save_product",   "save_product",   [401, 200, 200, 403, 200],
        |k| json!({"id": 1, "product": {"name": format!("Renamed {k}"), "description": "", "price": "9"}})),
    row("delete_product", "delete_product", [401, 200, 200, 403, 200], |k| json!({"id": 2 + k})),
    row("store_domains",  "domains",        [401, 200, 403, 403, 200], |_| json!({})),
    row("add_domain",     "add_domain",     [401, 200, 403, 403, 200],
        |k| json!({"domain": format!("new{k}.example.com")})),
    row("verify_domain",  "verify_domain",  [401, 200, 403, 403, 200], |_| json!({"domain": DOMAIN_OF_A})),
    row("make_primary",   "make_primary",   [401, 200, 403, 403, 200], |_| json!({"domain": DOMAIN_OF_A})),
    row("remove_domain",  "remove_domain",  [401, 200, 403, 403, 200], |k| json!({"domain": old_domain(k)})),
    row("api_keys",       "api_keys",       [401, 200, 403, 403, 200], |_| json!({})),
    row("create_api_key", "create_api_key", [401, 200, 403, 403, 200], |k| json!({"name": format!("k{k}")})),
    row("revoke_api_key", "revoke_api_key", [401, 200, 403, 403, 200], |k| json!({"id": k + 1})),
];

/// t0001's custom domain in the bench data set (active and primary).
const DOMAIN_OF_A: &str = "shop-0001.test";

fn store_code(i: usize) -> String {
    format!("t{i:04}")
}

/// A domain of t0001 added before the matrix runs, one per caller.
fn old_domain(k: usize) -> String {
    format!("old{k}.example.com")
}

/// The sessions of [`ACTORS`] (none for the anonymous caller).
async fn sign_in_actors(app: &TestApp) -> Vec<Option<Session>> {
    vec![
        None,
        Some(app.member_session("owner@a.test", "t0001", "owner").await),
        Some(app.member_session("staff@a.test", "t0001", "staff").await),
        Some(app.member_session("owner@b.test", "t0002", "owner").await),
        Some(app.admin_session("root@platform.test").await),
    ]
}

/// A call as `session` (or anonymous) to `host`, from that host's own origin.
async fn call_as(app: &TestApp, session: Option<&Session>, host: &str, path: &str, body: Value) -> Response {
    match session {
        Some(s) => app.call(&Session { host: host.into(), cookie: s.cookie.clone() }, path, body).await,
        None => app.call_anonymous(host, path, body).await,
    }
}

/// A console function called as `session` on `host` under `prefix` (`""` or `/admin`).
async fn call_console(
    app: &TestApp,
    session: Option<&Session>,
    (host, prefix): (&str, &str),
    row: &Row,
    k: usize,
) -> Response {
    call_as(app, session, host, &format!("{prefix}/api/admin/{}", row.endpoint), (row.body)(k)).await
}

/// One text line per row of `sql` (a single text column; `$1` is the store's id, if any).
async fn lines(app: &TestApp, sql: &str, store: Option<i64>) -> Vec<String> {
    let mut query = sqlx::query_as(sql);
    if let Some(id) = store {
        query = query.bind(id);
    }
    let rows: Vec<(String,)> = query.fetch_all(&app.db.pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    rows.into_iter().map(|(l,)| l).collect()
}

/// Everything the console can change: stores, their modules, users, the audit log.
async fn platform_data(app: &TestApp) -> Vec<String> {
    let mut all = Vec::new();
    for sql in [
        "SELECT code || '|' || name || '|' || status FROM stores ORDER BY id",
        "SELECT store_id || '|' || module || '|' || enabled FROM store_modules ORDER BY store_id, module",
        "SELECT id || '|' || email FROM users ORDER BY id",
        "SELECT id || '|' || action FROM audit_log ORDER BY id",
    ] {
        all.extend(lines(app, sql, None).await);
    }
    all
}

/// Everything a dashboard can change of store `code`.
async fn store_data(app: &TestApp, code: &str) -> Vec<String> {
    let id = app.store_id(code).await.get();
    let mut all = Vec::new();
    for sql in [
        "SELECT name || '|' || status || '|' || revision FROM stores WHERE id = $1",
        "SELECT id || '|' || name || '|' || description || '|' || price_cents FROM products \
         WHERE store_id = $1 ORDER BY id",
        "SELECT domain || '|' || status || '|' || is_primary FROM store_domains \
         WHERE store_id = $1 ORDER BY domain",
        "SELECT id || '|' || name || '|' || COALESCE(CAST(revoked_at AS TEXT), 'live') FROM api_keys \
         WHERE store_id = $1 ORDER BY id",
        "SELECT id || '|' || action FROM audit_log WHERE store_id = $1 ORDER BY id",
    ] {
        all.extend(lines(app, sql, Some(id)).await);
    }
    all
}

/// Asserts one call of the matrix.
fn check(res: &Response, want: u16, actor: usize, row: &Row, place: &str) {
    assert_eq!(
        res.status, want,
        "{} calling {} {place}: expected {want}, got {}: {}",
        ACTORS[actor], row.function, res.status, res.body
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn console_functions_are_refused_to_everyone_but_admins_and_change_nothing() {
    let app = spawn_app().await;
    let actors = sign_in_actors(&app).await;
    let before = platform_data(&app).await;

    // On the console's host each caller gets what the table says. The platform host reads
    // no session, so there every caller is anonymous, and its old console prefix redirects.
    for (host, prefix, everyone) in
        [(ADMIN_HOST, "", None), (PLATFORM, "", Some(401)), (PLATFORM, "/admin", Some(308))]
    {
        for row in CONSOLE {
            for (actor, session) in actors.iter().enumerate() {
                let want = everyone.unwrap_or(row.expect[actor]);
                if everyone.is_none() && want < 400 {
                    continue;
                }
                let res = call_console(&app, session.as_ref(), (host, prefix), row, actor).await;
                check(&res, want, actor, row, &format!("on {host}{prefix}"));
            }
        }
    }

    assert_eq!(platform_data(&app).await, before, "a refused console call changed data");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn console_functions_answer_the_allowed_callers_on_the_console_host() {
    let app = spawn_app().await;
    let actors = sign_in_actors(&app).await;
    let before = platform_data(&app).await;

    for row in CONSOLE {
        for (actor, session) in actors.iter().enumerate().filter(|(a, _)| row.expect[*a] < 400) {
            let res = call_console(&app, session.as_ref(), (ADMIN_HOST, ""), row, actor).await;
            check(&res, row.expect[actor], actor, row, &format!("on {ADMIN_HOST}"));
        }
    }

    assert_ne!(platform_data(&app).await, before, "the allowed writes took no effect");
    let suspended = store_code(100 + ADMIN);
    assert_eq!(app.store(&suspended).await.status.as_str(), "suspended", "set_store_status");
}

/// Adds a domain and an API key to t0001 for every caller, so refused removals and
/// revocations aim at something that exists.
async fn arrange_store_a(app: &TestApp, admin: &Session) {
    let admin = Session { host: DASHBOARD_HOST.into(), cookie: admin.cookie.clone() };
    for k in 0..ACTORS.len() {
        let res =
            app.call(&admin, "/store/t0001/api/dashboard/add_domain", json!({"domain": old_domain(k)})).await;
        assert_eq!(res.status, 200, "add {}: {}", old_domain(k), res.body);
        let res = app
            .call(&admin, "/store/t0001/api/dashboard/create_api_key", json!({"name": format!("old {k}")}))
            .await;
        assert_eq!(res.status, 200, "create key {k}: {}", res.body);
        assert_eq!(res.json()["key"]["id"], k + 1, "key ids of t0001 start at 1: {}", res.body);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dashboard_functions_answer_each_caller_as_the_matrix_says() {
    let app = spawn_app().await;
    let actors = sign_in_actors(&app).await;
    arrange_store_a(&app, actors[ADMIN].as_ref().expect("an admin")).await;
    let dashboard = |row: &Row| format!("/store/t0001/api/dashboard/{}", row.endpoint);

    // Refusals first, while every target they aim at still exists.
    let before = store_data(&app, "t0001").await;
    for row in DASHBOARD {
        for (actor, session) in actors.iter().enumerate().filter(|(a, _)| row.expect[*a] >= 400) {
            let res =
                call_as(&app, session.as_ref(), DASHBOARD_HOST, &dashboard(row), (row.body)(actor)).await;
            check(&res, row.expect[actor], actor, row, "of t0001");
        }
    }
    assert_eq!(store_data(&app, "t0001").await, before, "a refused dashboard call changed t0001");

    for row in DASHBOARD {
        for (actor, session) in actors.iter().enumerate().filter(|(a, _)| row.expect[*a] < 400) {
            let res =
                call_as(&app, session.as_ref(), DASHBOARD_HOST, &dashboard(row), (row.body)(actor)).await;
            check(&res, row.expect[actor], actor, row, "of t0001");
        }
    }
    assert_ne!(store_data(&app, "t0001").await, before, "the allowed writes took no effect");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn owner_b_cannot_reach_a_product_of_a_through_its_own_dashboard() {
    let app = spawn_app().await;
    let owner_b = app.member_session("owner@b.test", "t0002", "owner").await;
    let before = store_data(&app, "t0001").await;

    for (function, endpoint, body) in [
        ("load_product", "product", json!({"id": 1})),
        (
            "save_product",
            "save_product",
            json!({"id": 1, "product": {"name": "Taken", "description": "", "price": "1"}}),
        ),
        ("delete_product", "delete_product", json!({"id": 1})),
    ] {
        let res = app.call(&owner_b, &format!("/store/t0002/api/dashboard/{endpoint}"), body).await;
        assert_eq!(res.status, 404, "owner of t0002 calling {function} for product 1 of t0001: {}", res.body);
    }

    assert_eq!(store_data(&app, "t0001").await, before, "t0001 changed");
}
