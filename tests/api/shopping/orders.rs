//! Orders for the store's owner: statuses with their audit entries, stock back on cancel,
//! the list, the export; never another store's orders.

use serde_json::json;

use super::*;

const DASH: &str = "/store/t0001";

/// Places an order of one unit of product `j` of store 1 as `email`; its number.
async fn order(app: &TestApp, j: i64, email: &str) -> i64 {
    let mut s = Shopper::on("t0001.platform.test");
    s.add(app, bench_item(1, j).0, 1).await;
    let mut form = checkout_form(&format!("owner-test-key-{email}-{j}").replace('@', "-").replace('.', "-"));
    form["email"] = json!(email);
    let res = s.checkout_with(app, form).await;
    assert_eq!(res.status, 200, "{res:?}");
    res.json()["number"].as_i64().unwrap()
}

async fn set_status(app: &TestApp, owner: &Session, number: i64, from: &str, to: &str) -> Response {
    app.call(
        owner,
        &format!("{DASH}/api/dashboard/order_status"),
        json!({ "number": number, "from": from, "to": to }),
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_owner_moves_an_order_to_delivered_and_each_step_is_audited() {
    let app = spawn_app().await;
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;
    let number = order(&app, 1, "ada@example.com").await;

    for (from, to) in [("Placed", "Paid"), ("Paid", "Shipped"), ("Shipped", "Delivered")] {
        let res = set_status(&app, &owner, number, from, to).await;
        assert_eq!(res.status, 200, "{from} → {to}: {res:?}");
        assert_eq!(res.json()["status"], to);
    }
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'order.status' AND store_code = 't0001'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(n, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_puts_the_units_back_in_stock() {
    let app = spawn_app().await;
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;
    let (product, _) = bench_item(1, 2);
    let before = stock_of(&app, product).await;
    let number = order(&app, 2, "ada@example.com").await;
    assert_eq!(stock_of(&app, product).await, before - 1);

    let res = set_status(&app, &owner, number, "Placed", "Cancelled").await;

    assert_eq!(res.status, 200, "{res:?}");
    assert_eq!(stock_of(&app, product).await, before);
    let again = set_status(&app, &owner, number, "Placed", "Cancelled").await;
    assert_eq!(again.status, 409, "a stale status changes nothing: {again:?}");
    assert_eq!(stock_of(&app, product).await, before, "stock returned once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_step_the_order_cannot_take_is_refused() {
    let app = spawn_app().await;
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;
    let number = order(&app, 1, "ada@example.com").await;

    let skip = set_status(&app, &owner, number, "Placed", "Delivered").await;
    assert_eq!(skip.status, 409);
    assert_eq!(skip.json()["message"], "a placed order cannot become delivered");
    let bad = set_status(&app, &owner, number, "Placed", "Refunded").await;
    assert_eq!(bad.status, 422, "an unknown status: {bad:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_stores_orders_are_404_to_an_owner() {
    let app = spawn_app().await;
    // Store 2 has order #1001; store 1 has none.
    let mut s = Shopper::on("t0002.platform.test");
    s.add(&app, bench_item(2, 1).0, 1).await;
    assert_eq!(s.checkout(&app, "store-two-key-00001").await.status, 200);
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;

    let get = app.call(&owner, &format!("{DASH}/api/dashboard/order"), json!({ "number": 1001 })).await;
    let change = set_status(&app, &owner, 1001, "Placed", "Paid").await;
    let list = app
        .call(&owner, &format!("{DASH}/api/dashboard/orders"), json!({"status": "", "q": "", "before": null}))
        .await;
    // Store 2's dashboard with store 1's owner session.
    let theirs = app.call(&owner, "/store/t0002/api/dashboard/order", json!({ "number": 1001 })).await;

    assert_eq!((get.status, change.status), (404, 404));
    assert_eq!(list.json()["orders"], json!([]));
    assert_eq!(theirs.status, 403);
    let (status,): (String,) =
        sqlx::query_as("SELECT status FROM orders WHERE id = 1001").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(status, "placed", "store 2's order is untouched");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_list_pages_by_keyset_filters_by_status_and_finds_by_number_or_email() {
    let app = spawn_app().await;
    let staff = app.member_session("staff@t0001.test", "t0001", "staff").await;
    for k in 0..27 {
        order(&app, 1 + k % 20, &format!("shopper{k}@example.com")).await;
    }
    let list = |status: &str, q: &str, before: Option<i64>| {
        app.call(
            &staff,
            &format!("{DASH}/api/dashboard/orders"),
            json!({ "status": status, "q": q, "before": before }),
        )
    };
    let numbers = |res: &Response| -> Vec<i64> {
        res.json()["orders"].as_array().unwrap().iter().map(|o| o["number"].as_i64().unwrap()).collect()
    };

    let first = list("", "", None).await;
    assert_eq!(numbers(&first), (1003..=1027).rev().collect::<Vec<_>>());
    assert_eq!(first.json()["older"], 1003);
    let second = list("", "", Some(1003)).await;
    assert_eq!(numbers(&second), [1002, 1001]);
    assert_eq!(second.json()["older"], serde_json::Value::Null);

    assert_eq!(numbers(&list("", "#1010", None).await), [1010]);
    assert_eq!(numbers(&list("", "SHOPPER26@", None).await), [1027]);
    assert_eq!(numbers(&list("", "100%", None).await), Vec::<i64>::new(), "wildcards are literal");
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;
    set_status(&app, &owner, 1005, "Placed", "Paid").await;
    assert_eq!(numbers(&list("paid", "", None).await), [1005]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_export_is_csv_with_formulas_defused_and_only_for_the_owner() {
    let app = spawn_app().await;
    let mut s = Shopper::on("t0001.platform.test");
    s.add(&app, bench_item(1, 1).0, 2).await;
    let mut form = checkout_form("export-key-00000001");
    form["name"] = json!("=HYPERLINK(\"http://evil.test\")");
    assert_eq!(s.checkout_with(&app, form).await.status, 200);
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;

    let res = app.get(DASHBOARD_HOST, &format!("{DASH}/orders.csv")).header("Cookie", &owner.cookie).await;

    assert_eq!(res.status, 200, "{res:?}");
    assert_eq!(res.header("content-type"), Some("text/csv; charset=utf-8"));
    assert_eq!(res.header("content-disposition"), Some("attachment; filename=\"orders-t0001.csv\""));
    let mut lines = res.body.lines();
    assert!(lines.next().unwrap().starts_with("order,placed_at,status,email,ship_name"));
    let row = lines.next().expect("one order line");
    assert!(row.starts_with("1001,"), "{row}");
    assert!(row.contains("\"'=HYPERLINK(\"\"http://evil.test\"\")\""), "the formula is text: {row}");
    assert!(row.ends_with(",2"), "quantity last: {row}");

    let anonymous = app.get(DASHBOARD_HOST, &format!("{DASH}/orders.csv")).await;
    assert_eq!(anonymous.status, 303, "to sign-in: {anonymous:?}");
    let stranger = app.member_session("owner@t0002.test", "t0002", "owner").await;
    let theirs =
        app.get(DASHBOARD_HOST, &format!("{DASH}/orders.csv")).header("Cookie", &stranger.cookie).await;
    assert_eq!(theirs.status, 403);
    let storefront = app.get("t0001.platform.test", "/orders.csv").await;
    assert_eq!(storefront.status, 404, "no export on a storefront host");
}
