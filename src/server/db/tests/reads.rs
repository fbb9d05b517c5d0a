//! Reads through `Db::read`: on a SQLite file, read-only connections kept beside the pool
//! and taken back without its ping; on PostgreSQL, the pool's.

use std::{future::Future, pin::pin, task::Poll};

use super::{id_of, on_both_backends, FreshDb};
use crate::server::db::{products, Db};

on_both_backends!(a_read_sees_what_was_just_committed, a_read_dropped_halfway_leaves_its_connection_usable);

async fn first_product_name(db: &Db) -> String {
    let store = id_of(db, "t0001").await;
    products::get(db, store, 1).await.unwrap().expect("product 1").name
}

async fn a_read_sees_what_was_just_committed(db: &Db) {
    assert_eq!(first_product_name(db).await, "Product 01 of Store 0001");
    sqlx::query("UPDATE products SET name = 'Renamed' WHERE id = 1").execute(&db.pool).await.unwrap();
    assert_eq!(first_product_name(db).await, "Renamed", "the next read sees the commit");
}

/// A request can be dropped while its query runs (the client went away): the connection
/// goes back at once, and the next reads on it get their own answers.
async fn a_read_dropped_halfway_leaves_its_connection_usable(db: &Db) {
    let store = id_of(db, "t0002").await;
    // A statement that runs for milliseconds, so that it is surely still running.
    let slow = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 300000) \
                SELECT COUNT(*) FROM c";
    for _ in 0..20 {
        let mut reader = db.read().await.unwrap();
        let mut read = pin!(sqlx::query(slow).fetch_one(&mut *reader));
        // Polled once, so the query is on its way, then dropped.
        let polled = std::future::poll_fn(|cx| Poll::Ready(read.as_mut().poll(cx).is_ready())).await;
        assert!(!polled, "a query answers after a round trip, not on its first poll");
    }
    for id in [21, 22, 40] {
        let product = products::get(db, store, id).await.unwrap().expect("a product of t0002");
        assert_eq!(product.id, id);
    }
    let page = products::list(db, store, "", crate::model::ProductSort::Featured, 1, 20).await.unwrap();
    assert_eq!((page.total, page.products.len(), page.products[0].id), (20, 20, 21));
}

/// On SQLite the reads' connections cannot write: a write there fails, and changes nothing.
#[tokio::test]
async fn a_sqlite_reader_refuses_writes() {
    let fresh = FreshDb::sqlite().await;
    let db = &fresh.db;
    let mut reader = db.read().await.unwrap();
    let refused = sqlx::query("UPDATE products SET name = 'x' WHERE id = 1").execute(&mut *reader).await;
    let error = refused.expect_err("a reader is read-only").to_string();
    assert!(error.contains("readonly"), "{error}");
    drop(reader);
    assert_eq!(first_product_name(db).await, "Product 01 of Store 0001");
}
