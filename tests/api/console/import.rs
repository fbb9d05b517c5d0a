//! CSV import: per-row outcomes, safe to repeat, bounded batches.

use serde_json::{json, Value};

use super::{store_count, storefront, ROOT};
use crate::helpers::*;

/// `(line, text)` pairs as the import call takes them.
fn lines(rows: &[&str]) -> Value {
    json!(rows.iter().enumerate().map(|(i, text)| (i + 1, text.to_string())).collect::<Vec<_>>())
}

/// `(line, code, result, message)` of each row of an import answer.
fn outcomes(res: &Response) -> Vec<(u64, String, String, String)> {
    assert_eq!(res.status, 200, "{}", res.body);
    res.json()
        .as_array()
        .expect("an array of outcomes")
        .iter()
        .map(|o| {
            let text = |k: &str| o[k].as_str().unwrap_or_default().to_string();
            (o["line"].as_u64().unwrap_or(0), text("code"), text("result"), text("message"))
        })
        .collect()
}

const BATCH: [&str; 10] = [
    "imp-alpha,Alpha Shop,alpha@imp.test,wallet reviews,#123456",
    "Bad Code!,Bad Shop,,,",
    "admin,Admin Shop,,,",
    "imp-mail,Mail Shop,not-an-email,,",
    "imp-wide,Wide Shop,,,#123456,surplus",
    "t0001,Store 0001,,,",
    "imp-beta,\"Beta, Quoted\",,,",
    "imp-colour,Colour Shop,,,red",
    "imp-module,Module Shop,,teleport,",
    "imp-alpha,Alpha Again,,,",
];

/// What each row of [`BATCH`] must come to: result and a piece of its message.
const EXPECTED: [(&str, &str); 10] = [
    ("created", "owner invite: http"),
    ("failed", "code: "),
    ("failed", "reserved"),
    ("failed", "owner_email: "),
    ("failed", "too many columns"),
    ("skipped", "exists already"),
    ("created", "created"),
    ("failed", "primary: "),
    ("failed", "modules: "),
    ("skipped", "exists already"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_reports_each_row_created_failed_or_skipped_naming_the_field() {
    let app = spawn_app().await;
    let admin = app.admin_session(ROOT).await;

    let res = app.call(&admin, "/api/admin/import", json!({ "lines": lines(&BATCH) })).await;

    let got = outcomes(&res);
    assert_eq!(got.len(), BATCH.len(), "{}", res.body);
    for ((line, code, result, message), (i, (want, says))) in got.iter().zip(EXPECTED.iter().enumerate()) {
        assert_eq!(*line, i as u64 + 1);
        assert_eq!(Some(code.as_str()), BATCH[i].split(',').next(), "line {line}");
        assert_eq!(result, want, "line {line}: {message}");
        assert!(message.contains(says), "line {line}: {message:?} should say {says:?}");
    }
    assert!(got[2].3.starts_with("code: "), "{:?}", got[2]);
    assert_eq!(store_count(&app).await, 1002);
    let alpha = storefront(&app, "imp-alpha").await;
    assert!(alpha.body.contains("--primary-color:#123456") && alpha.body.contains("Alpha Shop"));
    assert_eq!(app.store("imp-beta").await.name, "Beta, Quoted");
    let modules = app.store("imp-alpha").await.modules;
    assert!(modules.contains(&"wallet".into()) && modules.contains(&"reviews".into()), "{modules:?}");
    assert_eq!(app.store("t0001").await.name, "Store 0001", "an existing store is left alone");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn importing_the_same_batch_again_skips_what_was_created() {
    let app = spawn_app().await;
    let admin = app.admin_session(ROOT).await;
    let first = outcomes(&app.call(&admin, "/api/admin/import", json!({ "lines": lines(&BATCH) })).await);

    let again = outcomes(&app.call(&admin, "/api/admin/import", json!({ "lines": lines(&BATCH) })).await);

    for (before, after) in first.iter().zip(&again) {
        let want = if before.2 == "failed" { "failed" } else { "skipped" };
        assert_eq!(after.2, want, "line {}: {:?}", after.0, after);
    }
    assert_eq!(store_count(&app).await, 1002, "no duplicates");
    let (created,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = 'store.create'")
        .fetch_one(&app.db.pool)
        .await
        .expect("read the audit log");
    assert_eq!(created, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn more_than_a_hundred_lines_in_one_call_are_refused_whole() {
    let app = spawn_app().await;
    let admin = app.admin_session(ROOT).await;
    let rows: Vec<String> = (1..=101).map(|i| format!("bulk-{i:03},Bulk {i},,,")).collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();

    let res = app.call(&admin, "/api/admin/import", json!({ "lines": lines(&rows) })).await;

    assert_eq!(res.status, 422, "{}", res.body);
    assert!(res.json()["message"].as_str().unwrap_or_default().contains("100"), "{}", res.body);
    assert_eq!(store_count(&app).await, 1000, "nothing of the batch was created");
    let hundred = app.call(&admin, "/api/admin/import", json!({ "lines": lines(&rows[..100]) })).await;
    assert_eq!(outcomes(&hundred).iter().filter(|o| o.2 == "created").count(), 100);
}
