//! CSV import: the server reads the file (quotes, header, limits), then creates stores
//! from batches of its rows with per-row outcomes, safe to repeat.

use serde_json::{json, Value};

use super::{assert_refused, store_count, storefront, ROOT};
use crate::helpers::*;

/// The file read by the server: its answer.
async fn read_file(app: &TestApp, admin: &Session, text: &str) -> Response {
    app.call(admin, "/api/admin/import_file", json!({ "text": text })).await
}

/// The rows of `lines` as the server reads them, ready for the import call.
async fn rows(app: &TestApp, admin: &Session, lines: &[&str]) -> Value {
    let res = read_file(app, admin, &lines.join("\n")).await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.json()
}

/// `(line, fields)` of each row the server read.
fn read_rows(res: &Response) -> Vec<(u64, Vec<String>)> {
    assert_eq!(res.status, 200, "{}", res.body);
    let fields =
        |r: &Value| r["fields"].as_array().unwrap().iter().map(|f| f.as_str().unwrap().to_string()).collect();
    res.json()
        .as_array()
        .expect("an array of rows")
        .iter()
        .map(|r| (r["line"].as_u64().unwrap(), fields(r)))
        .collect()
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
    ("created", "invitation mailed to"),
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

    let rows = rows(&app, &admin, &BATCH).await;
    let res = app.call(&admin, "/api/admin/import", json!({ "rows": rows })).await;

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
    let rows = rows(&app, &admin, &BATCH).await;
    let first = outcomes(&app.call(&admin, "/api/admin/import", json!({ "rows": rows })).await);

    let again = outcomes(&app.call(&admin, "/api/admin/import", json!({ "rows": rows })).await);

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
async fn more_than_a_hundred_rows_in_one_call_are_refused_whole() {
    let app = spawn_app().await;
    let admin = app.admin_session(ROOT).await;
    let rows: Vec<Value> = (1..=101)
        .map(|i| json!({"line": i, "fields": [format!("bulk-{i:03}"), format!("Bulk {i}")]}))
        .collect();

    let res = app.call(&admin, "/api/admin/import", json!({ "rows": rows })).await;

    assert_eq!(res.status, 422, "{}", res.body);
    assert!(res.json()["message"].as_str().unwrap_or_default().contains("100"), "{}", res.body);
    assert_eq!(store_count(&app).await, 1000, "nothing of the batch was created");
    let hundred = app.call(&admin, "/api/admin/import", json!({ "rows": rows[..100] })).await;
    assert_eq!(outcomes(&hundred).iter().filter(|o| o.2 == "created").count(), 100);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quoted_fields_may_hold_commas_quotes_and_line_breaks_and_a_header_is_skipped() {
    let app = spawn_app().await;
    let admin = app.admin_session(ROOT).await;
    let file = "Code,Name,Owner_email,Modules,Primary_color\r\n\
        q-one,\"Quoted, \"\"Best\"\" Shop\",,\"wallet\nreviews\",#ABCDEF\r\n\
        q-two,Plain Shop\r\n";

    let res = read_file(&app, &admin, file).await;

    let got = read_rows(&res);
    let want: Vec<(u64, Vec<String>)> = vec![
        (2, ["q-one", r#"Quoted, "Best" Shop"#, "", "wallet\nreviews", "#ABCDEF"].map(String::from).to_vec()),
        (4, ["q-two", "Plain Shop"].map(String::from).to_vec()),
    ];
    assert_eq!(got, want, "the second row starts on line 4, after the line break inside quotes");
    let done = outcomes(&app.call(&admin, "/api/admin/import", json!({ "rows": res.json() })).await);
    assert!(done.iter().all(|o| o.2 == "created"), "{done:?}");
    let one = app.store("q-one").await;
    assert_eq!(one.name, r#"Quoted, "Best" Shop"#);
    assert!(
        one.modules.contains(&"wallet".into()) && one.modules.contains(&"reviews".into()),
        "{:?}",
        one.modules
    );
    assert_eq!(one.theme().primary.to_string(), "#abcdef");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversize_files_and_files_of_too_many_rows_are_refused_whole() {
    let app = spawn_app().await;
    let admin = app.admin_session(ROOT).await;
    let big = format!("big-shop,{}\n", "x".repeat(2 * 1024 * 1024));
    let many: String = (0..=10_000).map(|i| format!("m{i:05},M\n")).collect();

    for (file, says) in [(big, "2 MB"), (many, "10000 rows"), ("\n\n".to_string(), "no rows")] {
        let res = read_file(&app, &admin, &file).await;
        assert_refused(&res, 422, "file");
        assert!(res.json()["message"].as_str().unwrap_or_default().contains(says), "{}", res.body);
    }
    assert_eq!(store_count(&app).await, 1000, "nothing was created");
}
