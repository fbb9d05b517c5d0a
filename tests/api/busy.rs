//! A busy database answers 503 with `Retry-After`, never 500: a write that waits on a lock
//! another connection holds past the busy timeout, and a catalog read past its deadline.

use std::time::{Duration, Instant};

use arcade::{api::cart::AddToCart, server::db::Backend};
use leptos::server_fn::ServerFn;
use serde_json::json;
use sqlx::{AnyConnection, Connection, Executor};

use crate::helpers::*;

const HOST: &str = "t0001.platform.test";

/// A connection of its own that holds the write lock a cart needs until it is dropped:
/// the whole SQLite file (`BEGIN EXCLUSIVE`), or the carts table on PostgreSQL.
async fn hold_write_lock(app: &TestApp) -> AnyConnection {
    let mut conn =
        AnyConnection::connect_with(&app.db.pool.connect_options()).await.expect("a raw connection");
    match app.db.backend {
        Backend::Sqlite => conn.execute("BEGIN EXCLUSIVE").await.expect("take the write lock"),
        Backend::Postgres => {
            conn.execute("BEGIN").await.expect("begin");
            conn.execute("LOCK TABLE carts IN ACCESS EXCLUSIVE MODE").await.expect("lock the carts")
        }
    };
    conn
}

async fn add_to_cart(app: &TestApp) -> Response {
    app.post(HOST, AddToCart::PATH)
        .header("Origin", &format!("http://{HOST}"))
        .header("Accept", "application/json")
        .form("product_id=1&quantity=1")
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_that_waits_on_a_held_lock_answers_503_with_retry_after() {
    let app = spawn_app_with_db(|db| db.busy_timeout = Duration::from_millis(200)).await;
    let mut holder = hold_write_lock(&app).await;

    let started = Instant::now();
    let res = add_to_cart(&app).await;
    let took = started.elapsed();

    assert_eq!(res.status, 503, "{res:?}");
    assert_eq!(res.header("retry-after"), Some("5"));
    assert_eq!(
        res.json(),
        json!({"error": "unavailable", "message": "this is not available right now; please try again later"})
    );
    assert!(took < Duration::from_secs(3), "the short busy timeout was applied: {took:?}");

    holder.execute("ROLLBACK").await.expect("release the lock");
    let res = add_to_cart(&app).await;
    assert_eq!(res.status, 200, "the same write goes through once the lock is released: {res:?}");
}

/// On SQLite the catalog is read on the request's thread, within its deadline: a read
/// past it is a 503 page with `Retry-After` (the page is not stored by the page cache,
/// so the next visit reads again). On PostgreSQL the read is awaited, not run on the
/// worker, and has no deadline: the same page answers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_catalog_read_past_its_deadline_answers_a_503_page_with_retry_after() {
    let app = spawn_app_with_db(|db| db.read_deadline = Duration::from_millis(1)).await;
    // Enough products that counting them takes longer than the deadline.
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000) \
         INSERT INTO products (store_id, id, name, description, price_cents, stock, created_at) \
         SELECT 1, 1000000 + i, 'Lamp ' || i, 'A lamp', i, 1, 0 FROM n",
    )
    .execute(&app.db.pool)
    .await
    .expect("add products to t0001");

    let res = app.get(HOST, "/shop/products?sort=price_asc").header("Accept", "text/html").await;

    match app.db.backend {
        Backend::Sqlite => {
            assert_eq!(res.status, 503, "{}", res.body);
            assert_eq!(res.header("retry-after"), Some("5"));
            assert!(res.header("content-type").is_some_and(|t| t.starts_with("text/html")), "{res:?}");
            assert!(res.body.contains("this is not available right now; please try again later"));
            let again = app.get(HOST, "/shop/products?sort=price_asc").await;
            assert_eq!(again.status, 503, "not served from the page cache");
        }
        Backend::Postgres => assert_eq!(res.status, 200, "{}", res.body),
    }
}
