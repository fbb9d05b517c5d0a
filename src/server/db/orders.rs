//! Orders: placed at checkout in one transaction with the stock they take, then moved
//! through their statuses by the store's owner.

use sqlx::AnyConnection;

use super::{now, Db, StoreId};
use crate::model::{
    Checkout, Order, OrderItem, OrderPage, OrderRow, OrderStatus, PaymentMethod, ShopperOrder,
};

/// The first order number of every store.
const FIRST_NUMBER: i64 = 1001;

/// Takes `quantity` units of a product: the units left after, or `None` when fewer than
/// `quantity` were left (nothing is taken). One statement, so two checkouts can never both
/// take the last unit.
pub async fn take_stock(
    conn: &mut AnyConnection,
    store: StoreId,
    product: i64,
    quantity: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let left: Option<(i64,)> = sqlx::query_as(
        "UPDATE products SET stock = stock - $3 WHERE store_id = $1 AND id = $2 AND stock >= $3 RETURNING stock",
    )
    .bind(store.get())
    .bind(product)
    .bind(quantity)
    .fetch_optional(conn)
    .await?;
    Ok(left.map(|(n,)| n))
}

/// The store's next order number, taken inside the placing transaction.
pub async fn next_number(conn: &mut AnyConnection, store: StoreId) -> Result<i64, sqlx::Error> {
    super::ids::next_in_store(conn, store, "orders", FIRST_NUMBER).await
}

/// An order to write: what the checkout read and decided inside its transaction.
pub struct NewOrder<'a> {
    pub number: i64,
    /// The shopper's private link token.
    pub token: &'a str,
    pub checkout: &'a Checkout,
    /// Priced from the database, never from the browser.
    pub items: &'a [OrderItem],
    /// What gift cards pay of the total.
    pub gift_cents: i64,
    pub shopper: Option<i64>,
    /// The stored hash of the cart it was placed from: only that cart (or the signed-in
    /// shopper) is answered this order again when its idempotency key is replayed.
    pub cart: &'a str,
}

/// Writes an order and its items.
pub async fn insert(conn: &mut AnyConnection, store: StoreId, o: &NewOrder<'_>) -> Result<(), sqlx::Error> {
    let (c, items, number) = (o.checkout, o.items, o.number);
    let at = now();
    let total: i64 = items.iter().map(OrderItem::total_cents).sum();
    let count: i64 = items.iter().map(|i| i.quantity).sum();
    sqlx::query(
        "INSERT INTO orders (store_id, id, access_token, idempotency_key, status, email, ship_name, \
         ship_line1, ship_line2, ship_city, ship_postal_code, ship_country, payment_method, total_cents, \
         item_count, created_at, updated_at, shopper_id, gift_cents, cart) \
         VALUES ($1, $2, $3, $4, 'placed', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16, $17, $18)",
    )
    .bind(store.get())
    .bind(number)
    .bind(o.token)
    .bind(&c.idempotency_key)
    .bind(&c.email)
    .bind(&c.name)
    .bind(&c.line1)
    .bind(&c.line2)
    .bind(&c.city)
    .bind(&c.postal_code)
    .bind(&c.country)
    .bind(c.payment.as_str())
    .bind(total)
    .bind(count)
    .bind(at)
    .bind(o.shopper)
    .bind(o.gift_cents)
    .bind(o.cart)
    .execute(&mut *conn)
    .await?;
    if items.is_empty() {
        return Ok(());
    }
    // All the lines in one statement: one round trip while the order holds the writer.
    let rows: Vec<String> = (0..items.len())
        .map(|i| {
            let n = 3 + i * 4;
            format!("($1, $2, ${n}, ${}, ${}, ${})", n + 1, n + 2, n + 3)
        })
        .collect();
    let sql = format!(
        "INSERT INTO order_items (store_id, order_id, product_id, name, unit_price_cents, quantity) VALUES {}",
        rows.join(", ")
    );
    let mut insert = sqlx::query(&sql).bind(store.get()).bind(number);
    for item in items {
        insert =
            insert.bind(item.product_id).bind(&item.name).bind(item.unit_price_cents).bind(item.quantity);
    }
    insert.execute(&mut *conn).await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct OrderHead {
    id: i64,
    status: String,
    email: String,
    ship_name: String,
    ship_line1: String,
    ship_line2: String,
    ship_city: String,
    ship_postal_code: String,
    ship_country: String,
    payment_method: String,
    total_cents: i64,
    gift_cents: i64,
    created_at: i64,
}

const HEAD: &str =
    "SELECT id, status, email, ship_name, ship_line1, ship_line2, ship_city, ship_postal_code, \
                    ship_country, payment_method, total_cents, gift_cents, created_at FROM orders";

/// An order by its shopper's private token.
pub async fn by_token(db: &Db, store: StoreId, token: &str) -> Result<Option<Order>, sqlx::Error> {
    let head: Option<OrderHead> =
        sqlx::query_as(&format!("{HEAD} WHERE store_id = $1 AND access_token = $2"))
            .bind(store.get())
            .bind(token)
            .fetch_optional(&db.pool)
            .await?;
    with_items(db, store, head).await
}

/// An order by its number, for the store's owner.
pub async fn by_number(db: &Db, store: StoreId, number: i64) -> Result<Option<Order>, sqlx::Error> {
    let head: Option<OrderHead> = sqlx::query_as(&format!("{HEAD} WHERE store_id = $1 AND id = $2"))
        .bind(store.get())
        .bind(number)
        .fetch_optional(&db.pool)
        .await?;
    with_items(db, store, head).await
}

async fn with_items(db: &Db, store: StoreId, head: Option<OrderHead>) -> Result<Option<Order>, sqlx::Error> {
    let Some(h) = head else { return Ok(None) };
    let items: Vec<OrderItem> = sqlx::query_as(
        "SELECT product_id, name, unit_price_cents, quantity FROM order_items \
         WHERE store_id = $1 AND order_id = $2 ORDER BY product_id",
    )
    .bind(store.get())
    .bind(h.id)
    .fetch_all(&db.pool)
    .await?;
    Ok(Some(Order {
        number: h.id,
        status: OrderStatus::parse(&h.status).unwrap_or_default(),
        email: h.email,
        ship_name: h.ship_name,
        ship_line1: h.ship_line1,
        ship_line2: h.ship_line2,
        ship_city: h.ship_city,
        ship_postal_code: h.ship_postal_code,
        ship_country: h.ship_country,
        payment: PaymentMethod::parse(&h.payment_method).unwrap_or_default(),
        total_cents: h.total_cents,
        gift_cents: h.gift_cents,
        created_at: h.created_at,
        items,
    }))
}

/// A shopper's own orders, newest first, with the tokens of their private pages.
pub async fn of_shopper(db: &Db, store: StoreId, shopper: i64) -> Result<Vec<ShopperOrder>, sqlx::Error> {
    let rows: Vec<(i64, String, i64, i64, String)> = sqlx::query_as(
        "SELECT id, status, total_cents, created_at, access_token FROM orders \
         WHERE store_id = $1 AND shopper_id = $2 ORDER BY id DESC LIMIT 100",
    )
    .bind(store.get())
    .bind(shopper)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(number, status, total_cents, created_at, token)| ShopperOrder {
            number,
            status: OrderStatus::parse(&status).unwrap_or_default(),
            total_cents,
            created_at,
            token,
        })
        .collect())
}

/// What the owner's list filters by.
#[derive(Clone, Debug, Default)]
pub struct ListFilter {
    pub status: Option<OrderStatus>,
    /// An order number, or part of a shopper's email.
    pub search: String,
    /// Only orders numbered below this (the keyset of the next page).
    pub before: Option<i64>,
}

/// A page of the store's orders, newest first.
pub async fn list(db: &Db, store: StoreId, f: &ListFilter, per_page: i64) -> Result<OrderPage, sqlx::Error> {
    let search = f.search.trim();
    let number = search.trim_start_matches('#').parse::<i64>().ok();
    let email = if number.is_some() || search.is_empty() {
        String::new()
    } else {
        super::products::like_pattern(search)
    };
    let rows: Vec<(i64, String, String, i64, i64, i64)> = sqlx::query_as(
        "SELECT id, status, email, total_cents, item_count, created_at FROM orders WHERE store_id = $1 \
         AND ($2 = '' OR status = $2) AND ($3 < 0 OR id = $3) AND ($4 = '' OR email LIKE $4 ESCAPE '\\') \
         AND id < $5 ORDER BY id DESC LIMIT $6",
    )
    .bind(store.get())
    .bind(f.status.map(OrderStatus::as_str).unwrap_or(""))
    .bind(number.unwrap_or(-1))
    .bind(&email)
    .bind(f.before.unwrap_or(i64::MAX))
    .bind(per_page + 1)
    .fetch_all(&db.pool)
    .await?;
    let more = rows.len() as i64 > per_page;
    let orders: Vec<OrderRow> = rows
        .into_iter()
        .take(per_page as usize)
        .map(|(number, status, email, total_cents, item_count, created_at)| OrderRow {
            number,
            status: OrderStatus::parse(&status).unwrap_or_default(),
            email,
            total_cents,
            item_count,
            created_at,
        })
        .collect();
    let older = if more { orders.last().map(|o| o.number) } else { None };
    Ok(OrderPage { orders, older })
}

/// Moves an order from `from` to `to`; false when it is not in `from` (any more).
pub async fn set_status(
    conn: &mut AnyConnection,
    store: StoreId,
    number: i64,
    from: OrderStatus,
    to: OrderStatus,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query(
        "UPDATE orders SET status = $4, updated_at = $5 WHERE store_id = $1 AND id = $2 AND status = $3",
    )
    .bind(store.get())
    .bind(number)
    .bind(from.as_str())
    .bind(to.as_str())
    .bind(now())
    .execute(conn)
    .await?
    .rows_affected();
    Ok(n == 1)
}

/// Puts an order's units back in stock (it was cancelled); true when a product the order
/// had sold out is on sale again, which storefront pages show.
pub async fn restock(conn: &mut AnyConnection, store: StoreId, number: i64) -> Result<bool, sqlx::Error> {
    let lines: Vec<(i64, i64)> =
        sqlx::query_as("SELECT product_id, quantity FROM order_items WHERE store_id = $1 AND order_id = $2")
            .bind(store.get())
            .bind(number)
            .fetch_all(&mut *conn)
            .await?;
    // The stock each product has after this statement: it had none before when that is
    // exactly what came back (read in the statement that changes it, so no other checkout
    // can come between).
    let after: Vec<(i64, i64)> = sqlx::query_as(
        "UPDATE products SET stock = stock + (SELECT i.quantity FROM order_items i \
         WHERE i.store_id = products.store_id AND i.order_id = $2 AND i.product_id = products.id) \
         WHERE store_id = $1 AND id IN (SELECT product_id FROM order_items WHERE store_id = $1 AND order_id = $2) \
         RETURNING id, stock",
    )
    .bind(store.get())
    .bind(number)
    .fetch_all(&mut *conn)
    .await?;
    Ok(after.iter().any(|(id, stock)| lines.iter().any(|(p, q)| p == id && q == stock)))
}

/// Every order of the store with its lines, oldest first, for the CSV export.
pub async fn export_rows(db: &Db, store: StoreId) -> Result<Vec<ExportRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.id AS number, o.created_at, o.status, o.email, o.ship_name, o.ship_line1, o.ship_line2, \
         o.ship_city, o.ship_postal_code, o.ship_country, o.payment_method, o.total_cents, \
         i.product_id, i.name, i.unit_price_cents, i.quantity \
         FROM orders o JOIN order_items i ON i.store_id = o.store_id AND i.order_id = o.id \
         WHERE o.store_id = $1 ORDER BY o.id, i.product_id",
    )
    .bind(store.get())
    .fetch_all(&db.pool)
    .await
}

/// One order line with its order's facts: a row of the CSV export.
#[derive(sqlx::FromRow)]
pub struct ExportRow {
    pub number: i64,
    pub created_at: i64,
    pub status: String,
    pub email: String,
    pub ship_name: String,
    pub ship_line1: String,
    pub ship_line2: String,
    pub ship_city: String,
    pub ship_postal_code: String,
    pub ship_country: String,
    pub payment_method: String,
    pub total_cents: i64,
    pub product_id: i64,
    pub name: String,
    pub unit_price_cents: i64,
    pub quantity: i64,
}
