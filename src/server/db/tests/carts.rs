//! Cart lines: put within their bounds by one statement each, whatever runs beside it.

use super::{id_of, on_both_backends};
use crate::server::db::{
    carts::{self, LineBounds, Put},
    Db, StoreId,
};

on_both_backends!(
    adds_racing_for_the_last_units_all_count_and_none_passes_the_stock,
    a_new_line_past_the_carts_bound_is_refused_and_its_lines_still_change,
    a_set_quantity_replaces_the_line_within_the_stock,
    a_product_of_another_store_is_never_put_in_a_cart,
);

const BOUNDS: LineBounds = LineBounds { quantity: 99, lines: 50 };

/// Puts `put` of `product` in `cart` as the storefront does: the cart started, then the line.
async fn put(db: &Db, store: StoreId, cart: &str, product: i64, put: Put, bounds: LineBounds) -> bool {
    let mut conn = db.write_conn().await.expect("the writes' connection");
    carts::touch(&mut conn, store, cart).await.expect("the cart");
    carts::put_line(&mut conn, store, cart, product, put, bounds).await.expect("the line")
}

async fn held(db: &Db, store: StoreId, cart: &str) -> Vec<(i64, i64)> {
    carts::lines(db, store, cart).await.unwrap().iter().map(|l| (l.product_id, l.quantity)).collect()
}

async fn set_stock(db: &Db, store: StoreId, product: i64, stock: i64) {
    sqlx::query("UPDATE products SET stock = $1 WHERE store_id = $2 AND id = $3")
        .bind(stock)
        .bind(store.get())
        .bind(product)
        .execute(&db.pool)
        .await
        .unwrap();
}

async fn adds_racing_for_the_last_units_all_count_and_none_passes_the_stock(db: &Db) {
    let store = id_of(db, "t0001").await;
    set_stock(db, store, 1, 10).await;
    let tasks: Vec<_> = (0..24)
        .map(|_| {
            let db = db.clone();
            tokio::spawn(async move { put(&db, store, "racing", 1, Put::Add(1), BOUNDS).await })
        })
        .collect();
    let mut passed = 0;
    for t in tasks {
        passed += usize::from(t.await.expect("no panic"));
    }
    assert_eq!(passed, 10, "as many adds pass as there are units");
    assert_eq!(held(db, store, "racing").await, vec![(1, 10)], "and each one that passed counts");
}

async fn a_new_line_past_the_carts_bound_is_refused_and_its_lines_still_change(db: &Db) {
    let store = id_of(db, "t0001").await;
    let two = LineBounds { quantity: 99, lines: 2 };
    assert!(put(db, store, "full", 1, Put::Add(1), two).await);
    assert!(put(db, store, "full", 2, Put::Add(1), two).await);
    assert!(!put(db, store, "full", 3, Put::Add(1), two).await, "a third line");
    assert!(put(db, store, "full", 2, Put::Add(2), two).await, "more of a line it holds");
    assert_eq!(held(db, store, "full").await, vec![(1, 1), (2, 3)]);
    assert!(!put(db, store, "full", 2, Put::Add(97), two).await, "past the quantity bound");
    assert_eq!(held(db, store, "full").await, vec![(1, 1), (2, 3)], "nothing changed");
}

async fn a_set_quantity_replaces_the_line_within_the_stock(db: &Db) {
    let store = id_of(db, "t0001").await;
    set_stock(db, store, 4, 5).await;
    assert!(put(db, store, "set", 4, Put::Add(3), BOUNDS).await);
    assert!(put(db, store, "set", 4, Put::Set(5), BOUNDS).await, "5 of 5, not 3 + 5");
    assert!(!put(db, store, "set", 4, Put::Set(6), BOUNDS).await, "6 of 5");
    assert!(!put(db, store, "set", 4, Put::Add(1), BOUNDS).await, "5 held + 1 of 5");
    assert_eq!(held(db, store, "set").await, vec![(4, 5)]);
}

async fn a_product_of_another_store_is_never_put_in_a_cart(db: &Db) {
    let (t1, t2) = (id_of(db, "t0001").await, id_of(db, "t0002").await);
    assert!(!put(db, t2, "mine", 1, Put::Add(1), BOUNDS).await, "product 1 is t0001's");
    assert!(!put(db, t2, "mine", 999_999, Put::Add(1), BOUNDS).await, "no such product");
    assert_eq!(held(db, t2, "mine").await, vec![]);
    assert_eq!(held(db, t1, "mine").await, vec![], "nor in the store it belongs to");
}
