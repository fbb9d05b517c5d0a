//! What staff may not do, as README's "Who may do what" says: export every order's personal
//! data, cancel orders, or change who is on the team. Each refusal is 403 and leaves the
//! data as it was; the owner, doing the same, succeeds (so the refusal is the role's).

use serde_json::json;

use super::lines;
use crate::{helpers::*, shopping::*};

const DASH: &str = "/store/t0001";
const SHOPPER_EMAIL: &str = "ada@example.com";

/// Places an order of one unit of product `j` of t0001; its number.
async fn order(app: &TestApp, j: i64) -> i64 {
    let mut ada = Shopper::on("t0001.platform.test");
    let res = buy(app, &mut ada, j, &format!("staff-test-order-{j:04}"), json!({})).await;
    assert_eq!(res.status, 200, "{res:?}");
    res.json()["number"].as_i64().expect("an order number")
}

/// The orders of t0001, their stock and the audit log: what cancelling changes.
async fn orders_data(app: &TestApp) -> Vec<String> {
    let id = Some(app.store_id("t0001").await.get());
    let mut all =
        lines(app, "SELECT id || '|' || status FROM orders WHERE store_id = $1 ORDER BY id", id).await;
    all.extend(
        lines(app, "SELECT id || '|' || stock FROM products WHERE store_id = $1 ORDER BY id", id).await,
    );
    all.extend(
        lines(app, "SELECT id || '|' || action FROM audit_log WHERE store_id = $1 ORDER BY id", id).await,
    );
    all
}

/// Who is on t0001's team, and every account: what team changes touch.
async fn team_data(app: &TestApp) -> Vec<String> {
    let id = Some(app.store_id("t0001").await.get());
    let mut all = lines(
        app,
        "SELECT u.email || '|' || m.role FROM store_members m JOIN users u ON u.id = m.user_id \
         WHERE m.store_id = $1 ORDER BY u.email",
        id,
    )
    .await;
    all.extend(lines(app, "SELECT id || '|' || email FROM users ORDER BY id", None).await);
    all
}

async fn export(app: &TestApp, who: &Session) -> Response {
    app.get(&who.host, &format!("{DASH}/orders.csv")).header("Cookie", &who.cookie).await
}

async fn set_status(app: &TestApp, who: &Session, number: i64, to: &str) -> Response {
    let body = json!({ "number": number, "from": "Placed", "to": to });
    app.call(who, &format!("{DASH}/api/dashboard/order_status"), body).await
}

fn team_call(app: &TestApp, who: &Session, what: &str, body: &str) -> RequestBuilder {
    app.post(&who.host, &format!("{DASH}/api/dashboard/{what}"))
        .header("Origin", &format!("http://{}", who.host))
        .header("Cookie", &who.cookie)
        .form(body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_cannot_export_the_orders_and_see_no_shoppers_data() {
    let app = spawn_app().await;
    let staff = app.member_session("staff@t0001.test", "t0001", "staff").await;
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;
    order(&app, 1).await;

    let refused = export(&app, &staff).await;

    assert_eq!(refused.status, 403, "{refused:?}");
    assert_eq!(refused.json()["error"], "forbidden");
    assert!(!refused.body.contains(SHOPPER_EMAIL), "{}", refused.body);
    let allowed = export(&app, &owner).await;
    assert_eq!(allowed.status, 200, "{allowed:?}");
    assert!(allowed.body.contains(SHOPPER_EMAIL), "the owner's export has the order");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_cannot_cancel_an_order_and_it_stays_placed_with_its_stock_taken() {
    let app = spawn_app().await;
    let staff = app.member_session("staff@t0001.test", "t0001", "staff").await;
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;
    let number = order(&app, 2).await;
    let before = orders_data(&app).await;

    let refused = set_status(&app, &staff, number, "Cancelled").await;

    assert_eq!(refused.status, 403, "{refused:?}");
    assert_eq!(orders_data(&app).await, before, "a refused cancel changed orders, stock or the audit log");
    assert_eq!(set_status(&app, &owner, number, "Cancelled").await.status, 200, "the owner may");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_still_move_orders_on() {
    let app = spawn_app().await;
    let staff = app.member_session("staff@t0001.test", "t0001", "staff").await;
    let number = order(&app, 3).await;

    let res = set_status(&app, &staff, number, "Paid").await;

    assert_eq!(res.status, 200, "{res:?}");
    assert_eq!(res.json()["status"], "Paid");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_cannot_invite_anyone_to_the_team() {
    let app = spawn_app().await;
    let staff = app.member_session("staff@t0001.test", "t0001", "staff").await;
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;
    let before = team_data(&app).await;

    for email in ["friend%40example.com", "owner%40t0002.test", "staff%40t0001.test"] {
        let res = team_call(&app, &staff, "invite_staff", &format!("email={email}")).await;
        assert_eq!(res.status, 403, "{email}: {res:?}");
        assert!(!res.body.contains("set-password"), "no link for staff: {}", res.body);
    }

    assert_eq!(team_data(&app).await, before, "a refused invite changed the team or the accounts");
    let res = team_call(&app, &owner, "invite_staff", "email=friend%40example.com").await;
    assert_eq!(res.status, 200, "the owner may: {res:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_cannot_remove_anyone_from_the_team() {
    let app = spawn_app().await;
    let staff = app.member_session("staff@t0001.test", "t0001", "staff").await;
    app.member_session("colleague@t0001.test", "t0001", "staff").await;
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;
    let before = team_data(&app).await;

    for email in ["colleague%40t0001.test", "owner%40t0001.test", "staff%40t0001.test"] {
        let res = team_call(&app, &staff, "remove_staff", &format!("email={email}")).await;
        assert_eq!(res.status, 403, "{email}: {res:?}");
    }

    assert_eq!(team_data(&app).await, before, "a refused removal changed the team");
    let res = team_call(&app, &owner, "remove_staff", "email=colleague%40t0001.test").await;
    assert_eq!(res.status, 200, "the owner may: {res:?}");
}
