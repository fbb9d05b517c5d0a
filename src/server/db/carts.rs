//! Shoppers' carts: one per store per cookie token, kept in the database so a cart
//! survives reloads and restarts. A cart is known by the SHA-256 of its token.

use sqlx::AnyConnection;

use super::{now, Db, StoreId};
use crate::model::CartLine;

/// The lines of a cart with the store's current names, prices and stock; a product
/// deleted since is gone from the cart with it.
pub async fn lines(db: &Db, store: StoreId, cart: &str) -> Result<Vec<CartLine>, sqlx::Error> {
    lines_in(&mut *db.read().await?, store, cart).await
}

/// [`lines`] inside a transaction (checkout reads what it will sell in the same one).
pub async fn lines_in(
    conn: &mut AnyConnection,
    store: StoreId,
    cart: &str,
) -> Result<Vec<CartLine>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.id AS product_id, p.name, p.image_url, p.price_cents AS unit_price_cents, \
         i.quantity, p.stock FROM cart_items i \
         JOIN products p ON p.store_id = i.store_id AND p.id = i.product_id \
         WHERE i.store_id = $1 AND i.cart = $2 ORDER BY i.added_at, p.id",
    )
    .bind(store.get())
    .bind(cart)
    .fetch_all(conn)
    .await
}

/// Units in a cart, for the badge.
pub async fn count(db: &Db, store: StoreId, cart: &str) -> Result<i64, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(quantity), 0) AS BIGINT) FROM cart_items WHERE store_id = $1 AND cart = $2",
    )
    .bind(store.get())
    .bind(cart)
    .fetch_one(&db.pool)
    .await?;
    Ok(n)
}

/// True when the store has this cart (it was started and has not expired since).
pub async fn exists(conn: &mut AnyConnection, store: StoreId, cart: &str) -> Result<bool, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM carts WHERE store_id = $1 AND token_hash = $2")
        .bind(store.get())
        .bind(cart)
        .fetch_optional(conn)
        .await?;
    Ok(row.is_some())
}

/// Starts the cart, or keeps it from expiring when it is there already.
pub async fn touch(conn: &mut AnyConnection, store: StoreId, cart: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO carts (store_id, token_hash, created_at, updated_at) VALUES ($1, $2, $3, $3) \
         ON CONFLICT (store_id, token_hash) DO UPDATE SET updated_at = excluded.updated_at",
    )
    .bind(store.get())
    .bind(cart)
    .bind(now())
    .execute(conn)
    .await?;
    Ok(())
}

/// Takes a product out of a cart.
pub async fn remove_line(
    conn: &mut AnyConnection,
    store: StoreId,
    cart: &str,
    product: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM cart_items WHERE store_id = $1 AND cart = $2 AND product_id = $3")
        .bind(store.get())
        .bind(cart)
        .bind(product)
        .execute(conn)
        .await?;
    Ok(())
}

/// How a cart line's quantity changes.
#[derive(Clone, Copy, Debug)]
pub enum Put {
    /// Adds this many to what the cart holds.
    Add(i64),
    /// Holds this many, whatever it held.
    Set(i64),
}

/// What bounds a cart line.
#[derive(Clone, Copy, Debug)]
pub struct LineBounds {
    /// The most units of one product in a cart.
    pub quantity: i64,
    /// The most lines in a cart.
    pub lines: i64,
}

/// Puts a product in a started cart (see [`touch`]) where the bounds allow it: no more
/// units than the stock left or `bounds.quantity`, and a new line only while the cart has
/// fewer than `bounds.lines`. One statement that checks and writes, and an added quantity
/// is added to the line as it stands when the row is written, so two changes can never
/// both pass a bound only one of them fits nor lose one another. False when a bound or an
/// unknown product refused it; nothing changed then ([`line_bounds`] tells which).
pub async fn put_line(
    conn: &mut AnyConnection,
    store: StoreId,
    cart: &str,
    product: i64,
    put: Put,
    bounds: LineBounds,
) -> Result<bool, sqlx::Error> {
    // What the line holds after: the quantity, plus what it held when adding.
    let (quantity, add) = match put {
        Put::Add(n) => (n, 1_i64),
        Put::Set(n) => (n, 0),
    };
    let done = sqlx::query(
        "INSERT INTO cart_items (store_id, cart, product_id, quantity, added_at) \
         SELECT p.store_id, $2, p.id, $4, $5 FROM products p \
         WHERE p.store_id = $1 AND p.id = $3 AND $4 <= p.stock AND $4 <= $7 \
         AND (EXISTS (SELECT 1 FROM cart_items WHERE store_id = $1 AND cart = $2 AND product_id = $3) \
              OR (SELECT COUNT(*) FROM cart_items WHERE store_id = $1 AND cart = $2) < $8) \
         ON CONFLICT (store_id, cart, product_id) DO UPDATE \
         SET quantity = excluded.quantity + $6 * cart_items.quantity \
         WHERE excluded.quantity + $6 * cart_items.quantity <= $7 \
         AND excluded.quantity + $6 * cart_items.quantity \
             <= (SELECT stock FROM products WHERE store_id = $1 AND id = $3)",
    )
    .bind(store.get())
    .bind(cart)
    .bind(product)
    .bind(quantity)
    .bind(now())
    .bind(add)
    .bind(bounds.quantity)
    .bind(bounds.lines)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Empties a cart (after its order is placed).
pub async fn clear(conn: &mut AnyConnection, store: StoreId, cart: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM cart_items WHERE store_id = $1 AND cart = $2")
        .bind(store.get())
        .bind(cart)
        .execute(conn)
        .await?;
    Ok(())
}

/// The stock of one of the store's products; `None` when the store has no such product.
pub async fn stock_of(
    conn: &mut AnyConnection,
    store: StoreId,
    product: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT stock FROM products WHERE store_id = $1 AND id = $2")
        .bind(store.get())
        .bind(product)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(|(n,)| n))
}

/// What bounds a change to one line of a cart, in one read: the product's stock, the
/// quantity of it already in the cart and how many lines the cart has; `None` when the
/// store has no such product.
pub async fn line_bounds(
    conn: &mut AnyConnection,
    store: StoreId,
    cart: &str,
    product: i64,
) -> Result<Option<(i64, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.stock, \
         CAST(COALESCE((SELECT SUM(i.quantity) FROM cart_items i \
                        WHERE i.store_id = $1 AND i.cart = $2 AND i.product_id = $3), 0) AS BIGINT), \
         (SELECT COUNT(*) FROM cart_items i WHERE i.store_id = $1 AND i.cart = $2) \
         FROM products p WHERE p.store_id = $1 AND p.id = $3",
    )
    .bind(store.get())
    .bind(cart)
    .bind(product)
    .fetch_optional(conn)
    .await
}
