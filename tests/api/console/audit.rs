//! The audit log as the console reads it: filters and pages.

use std::collections::HashSet;

use serde_json::{json, Value};

use super::{new_store, ROOT};
use crate::helpers::*;

/// The events of one audit page and its `next` cursor.
async fn audit(app: &TestApp, admin: &Session, args: Value) -> (Vec<Value>, Option<i64>) {
    let res = app.call(admin, "/api/admin/audit", args).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let body = res.json();
    (body["events"].as_array().expect("an events array").clone(), body["next"].as_i64())
}

fn field(events: &[Value], key: &str) -> Vec<String> {
    events.iter().map(|e| e[key].as_str().unwrap_or_default().to_string()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_log_filters_by_store_code_and_by_action() {
    let app = spawn_app().await;
    let admin = app.admin_session(ROOT).await;
    let calls = [
        ("/api/admin/create_store", new_store("audit-shop", json!({}))),
        ("/api/admin/set_module", json!({ "code": "audit-shop", "module": "reviews", "enabled": true })),
        ("/api/admin/set_status", json!({ "code": "audit-shop", "suspended": true })),
        ("/api/admin/set_status", json!({ "code": "t0001", "suspended": true })),
    ];
    for (path, body) in calls {
        assert_eq!(app.call(&admin, path, body).await.status, 200, "{path}");
    }

    let (of_store, _) =
        audit(&app, &admin, json!({ "store": "audit-shop", "action": "", "before": null })).await;
    let (suspends, _) =
        audit(&app, &admin, json!({ "store": "", "action": "store.suspend", "before": null })).await;
    let (both, _) =
        audit(&app, &admin, json!({ "store": "t0001", "action": "store.suspend", "before": null })).await;

    assert_eq!(field(&of_store, "action"), ["store.suspend", "module.enable", "store.create"]);
    assert_eq!(field(&of_store, "store_code"), ["audit-shop"; 3]);
    assert_eq!(field(&of_store, "actor_email"), [ROOT; 3]);
    assert_eq!(field(&suspends, "store_code"), ["t0001", "audit-shop"]);
    assert_eq!(field(&both, "store_code"), ["t0001"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_log_pages_with_before_and_next_newest_first() {
    let app = spawn_app().await;
    let admin = app.admin_session(ROOT).await;
    let rows: Vec<_> = (1..=60)
        .map(|i| json!({ "line": i, "fields": [format!("paged-{i:03}"), format!("Paged {i}")] }))
        .collect();
    let res = app.call(&admin, "/api/admin/import", json!({ "rows": rows })).await;
    assert_eq!(res.status, 200, "{}", res.body);

    let args = |before: Option<i64>| json!({ "store": "", "action": "store.create", "before": before });
    let (first, next) = audit(&app, &admin, args(None)).await;
    let cursor = next.expect("a second page");
    let (second, last) = audit(&app, &admin, args(Some(cursor))).await;

    assert_eq!((first.len(), second.len(), last), (50, 10, None));
    let ids: Vec<i64> = first.iter().chain(&second).map(|e| e["id"].as_i64().expect("an id")).collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "newest first across pages: {ids:?}");
    assert_eq!(cursor, ids[49], "next is the last id shown");
    let codes: HashSet<String> =
        field(&first, "store_code").into_iter().chain(field(&second, "store_code")).collect();
    let expected: HashSet<String> = (1..=60).map(|i| format!("paged-{i:03}")).collect();
    assert_eq!(codes, expected);
    assert_eq!(field(&first, "store_code")[0], "paged-060");
}
