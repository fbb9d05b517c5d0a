//! The wishlist module: products a signed-in shopper saved in one store.

use super::{now, Db, StoreId};
use crate::model::Product;

/// Saves a product (again: nothing changes); false when the store has no such product.
pub async fn add(db: &Db, store: StoreId, shopper: i64, product: i64) -> Result<bool, sqlx::Error> {
    let n = sqlx::query(
        "INSERT INTO wishlist_items (store_id, shopper_id, product_id, added_at) \
         SELECT $1, $2, id, $4 FROM products WHERE store_id = $1 AND id = $3 \
         ON CONFLICT (store_id, shopper_id, product_id) DO NOTHING",
    )
    .bind(store.get())
    .bind(shopper)
    .bind(product)
    .bind(now())
    .execute(&db.pool)
    .await?
    .rows_affected();
    if n == 1 {
        return Ok(true);
    }
    let (exists,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM products WHERE store_id = $1 AND id = $2")
        .bind(store.get())
        .bind(product)
        .fetch_one(&db.pool)
        .await?;
    Ok(exists == 1)
}

/// Takes a product off the list.
pub async fn remove(db: &Db, store: StoreId, shopper: i64, product: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM wishlist_items WHERE store_id = $1 AND shopper_id = $2 AND product_id = $3")
        .bind(store.get())
        .bind(shopper)
        .bind(product)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// The saved products, most recent first.
pub async fn list(db: &Db, store: StoreId, shopper: i64) -> Result<Vec<Product>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.id, p.name, p.price_cents, p.description, p.image_url, p.stock FROM wishlist_items w \
         JOIN products p ON p.store_id = w.store_id AND p.id = w.product_id \
         WHERE w.store_id = $1 AND w.shopper_id = $2 ORDER BY w.added_at DESC, p.id LIMIT 200",
    )
    .bind(store.get())
    .bind(shopper)
    .fetch_all(&db.pool)
    .await
}
