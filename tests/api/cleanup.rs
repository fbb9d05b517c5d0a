//! The cleanup task's sweep, through its public function, over rows dated in the past:
//! what has expired goes (carts left alone for 30 days with their lines, sessions of staff
//! and shoppers, preview links, spent or expired one-time links), and nothing else does.

use std::time::Duration;

use arcade::server::{
    cleanup::{sweep, Batches, Swept},
    db::{now, theme_previews, users},
    tokens::sha256_hex,
};
use serde_json::json;

use crate::{helpers::*, shopping::*};

const DAY: i64 = 24 * 3600;

/// Two rows a statement, so a handful of rows takes several batches.
const SMALL: Batches = Batches { rows: 2, pause: Duration::ZERO };

/// Runs a statement of the test's own (values are the test's constants, never input).
async fn exec(app: &TestApp, sql: &str) {
    sqlx::query(sql).execute(&app.db.pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    let (n,): (i64,) =
        sqlx::query_as(sql).fetch_one(&app.db.pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    n
}

/// A cart of store `i` last changed `age` seconds ago, holding one unit of its product `j`.
async fn cart(app: &TestApp, i: i64, name: &str, age: i64, j: i64) -> String {
    let (store, hash, at) = (app.store_id(&format!("t{i:04}")).await.get(), sha256_hex(name), now() - age);
    exec(app, &format!("INSERT INTO carts VALUES ({store}, '{hash}', {at}, {at})")).await;
    let product = bench_item(i, j).0;
    exec(
        app,
        &format!(
            "INSERT INTO cart_items (store_id, cart, product_id, quantity, added_at) \
             VALUES ({store}, '{hash}', {product}, 1, {at})"
        ),
    )
    .await;
    hash
}

/// The token hash of the `name` cookie among `cookies`.
fn token_hash(cookies: &str, name: &str) -> String {
    let token = cookies.split("; ").find_map(|c| c.strip_prefix(&format!("{name}="))).expect("the cookie");
    sha256_hex(token)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn carts_left_alone_for_30_days_go_with_their_lines_and_newer_ones_stay() {
    let app = spawn_app().await;
    for n in 0..5 {
        cart(&app, 1, &format!("old-{n}"), 31 * DAY, n + 1).await;
    }
    cart(&app, 2, "old-of-t0002", 30 * DAY + 60, 1).await;
    let kept = cart(&app, 1, "recent", 29 * DAY, 1).await;

    let swept = sweep(&app.db, now(), SMALL).await.expect("sweep");

    assert_eq!(swept, Swept { carts: 6, ..Swept::default() });
    assert_eq!(count(&app, "SELECT COUNT(*) FROM carts").await, 1);
    assert_eq!(count(&app, &format!("SELECT COUNT(*) FROM carts WHERE token_hash = '{kept}'")).await, 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM cart_items").await, 1, "lines went with their carts");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cart_in_use_is_not_left_alone() {
    let app = spawn_app().await;
    let mut ada = Shopper::on("t0001.platform.test");
    assert_eq!(ada.add(&app, bench_item(1, 1).0, 1).await.status, 200);
    let hash = token_hash(ada.cookie.as_deref().expect("a cart cookie"), "arcade_cart_t0001");
    let long_ago = now() - 40 * DAY;
    exec(
        &app,
        &format!(
            "UPDATE carts SET created_at = {long_ago}, updated_at = {long_ago} WHERE token_hash = '{hash}'"
        ),
    )
    .await;

    assert_eq!(ada.add(&app, bench_item(1, 2).0, 1).await.status, 200, "Ada comes back and adds");
    let swept = sweep(&app.db, now(), SMALL).await.expect("sweep");

    assert_eq!(swept.carts, 0);
    assert_eq!(ada.cart(&app).await["lines"].as_array().map(Vec::len), Some(2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_sessions_of_staff_and_shoppers_go_and_live_ones_stay() {
    let app = spawn_app().await;
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;
    let mut gone = Vec::new();
    for n in 0..3 {
        let staff = app.member_session(&format!("staff{n}@t0001.test"), "t0001", "staff").await;
        exec(
            &app,
            &format!(
                "UPDATE sessions SET expires_at = {} WHERE token_hash = '{}'",
                now() - DAY,
                token_hash(&staff.cookie, "arcade_session")
            ),
        )
        .await;
        gone.push(staff);
    }
    let ada = signed_up_as(&app, Shopper::on("t0001.platform.test"), "ada@example.com", "Ada").await;
    let _bob = signed_up_as(&app, Shopper::on("t0001.platform.test"), "bob@example.com", "Bob").await;
    let ada_session = token_hash(ada.cookie.as_deref().expect("cookies"), "arcade_shopper_t0001");
    exec(
        &app,
        &format!("UPDATE shopper_sessions SET expires_at = {} WHERE token_hash = '{ada_session}'", now() - 1),
    )
    .await;

    let swept = sweep(&app.db, now(), SMALL).await.expect("sweep");

    // The two sign-up links were used, so they go too.
    assert_eq!(swept, Swept { sessions: 3, shopper_sessions: 1, shopper_links: 2, ..Swept::default() });
    assert_eq!(count(&app, "SELECT COUNT(*) FROM sessions").await, 1, "the owner's");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM shopper_sessions").await, 1, "Bob's");
    let overview = |who: &Session| app.call(who, "/store/t0001/api/dashboard/overview", json!({}));
    assert_eq!(overview(&owner).await.status, 200, "a live session still works");
    assert_eq!(overview(&gone[0]).await.status, 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_preview_links_and_spent_or_expired_password_links_go() {
    let app = spawn_app().await;
    let store = app.store_id("t0001").await;
    let mut conn = app.conn().await;
    for token in ["preview-old-1", "preview-old-2", "preview-live"] {
        theme_previews::create(&mut conn, store, token).await.expect("a preview link");
    }
    let (user, _) =
        users::get_or_create(&mut conn, "invited@example.com", None, false).await.expect("a user");
    drop(conn);
    let old = now() - DAY;
    exec(
        &app,
        &format!(
            "UPDATE theme_previews SET expires_at = {old} WHERE token_hash <> '{}'",
            sha256_hex("preview-live")
        ),
    )
    .await;
    let soon = now() + DAY;
    for (name, expires, used) in
        [("expired", old, "NULL"), ("used", soon, &*old.to_string()), ("live", soon, "NULL")]
    {
        let hash = sha256_hex(name);
        exec(
            &app,
            &format!(
                "INSERT INTO password_tokens (token_hash, user_id, expires_at, used_at) \
                 VALUES ('{hash}', {user}, {expires}, {used})"
            ),
        )
        .await;
        exec(
            &app,
            &format!(
                "INSERT INTO shopper_tokens (store_id, token_hash, email, purpose, expires_at, used_at) \
                 VALUES ({}, '{hash}', 'ada@example.com', 'reset', {expires}, {used})",
                store.get()
            ),
        )
        .await;
    }

    let swept = sweep(&app.db, now(), SMALL).await.expect("sweep");

    assert_eq!(swept, Swept { previews: 2, password_links: 2, shopper_links: 2, ..Swept::default() });
    assert_eq!(count(&app, "SELECT COUNT(*) FROM shopper_tokens").await, 1, "the live shopper link stays");
    let live = format!("SELECT COUNT(*) FROM password_tokens WHERE token_hash = '{}'", sha256_hex("live"));
    assert_eq!(count(&app, &live).await, 1, "the live link stays");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM password_tokens").await, 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM theme_previews").await, 1, "the live preview stays");
}
