//! Reviews (the reviews module): written by shoppers who bought the product, one each,
//! hidden or shown again by the store's owner.

use sqlx::AnyConnection;

use super::{now, Db, StoreId};
use crate::model::{NewReview, OwnerReview, ProductReviews, Review};

/// Reviews shown on a product page, newest first.
const SHOWN: i64 = 20;

/// A product's visible reviews, their count and average.
pub async fn of_product(db: &Db, store: StoreId, product: i64) -> Result<ProductReviews, sqlx::Error> {
    // Sum, not AVG: integers on both backends, rounded here.
    const TALLY: &str = "SELECT COUNT(*), CAST(COALESCE(SUM(rating), 0) AS BIGINT) FROM reviews \
                         WHERE store_id = $1 AND product_id = $2 AND hidden_at IS NULL";
    const NEWEST: &str = "SELECT author, rating, body, created_at FROM reviews \
                          WHERE store_id = $1 AND product_id = $2 AND hidden_at IS NULL \
                          ORDER BY created_at DESC, shopper_id DESC LIMIT $3";
    let (count, sum, reviews) = match &db.direct {
        Some(direct) => direct.with(|conn| {
            let (store, shown) = (store.get(), SHOWN);
            let tally = conn.query(TALLY, &[&store, &product], |row| Ok((row.get(0)?, row.get(1)?)))?;
            let (count, sum) = tally.first().copied().unwrap_or_default();
            let reviews = match count {
                0 => Vec::new(),
                _ => conn.query(NEWEST, &[&store, &product, &shown], |row| {
                    Ok(Review {
                        author: row.get(0)?,
                        rating: row.get(1)?,
                        body: row.get(2)?,
                        created_at: row.get(3)?,
                    })
                })?,
            };
            Ok((count, sum, reviews))
        })?,
        None => {
            let mut conn = db.read().await?;
            let (count, sum): (i64, i64) =
                sqlx::query_as(TALLY).bind(store.get()).bind(product).fetch_one(&mut *conn).await?;
            let reviews = match count {
                0 => Vec::new(),
                _ => {
                    sqlx::query_as(NEWEST)
                        .bind(store.get())
                        .bind(product)
                        .bind(SHOWN)
                        .fetch_all(&mut *conn)
                        .await?
                }
            };
            (count, sum, reviews)
        }
    };
    // No reviews: no second statement was run, and there is no average.
    if count == 0 {
        return Ok(ProductReviews::default());
    }
    let average_tenths = (sum * 10 + count / 2) / count;
    Ok(ProductReviews { count, average_tenths, reviews })
}

/// True when the shopper has an order of this product that was not cancelled.
pub async fn bought(
    conn: &mut AnyConnection,
    store: StoreId,
    shopper: i64,
    product: i64,
) -> Result<bool, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM orders o JOIN order_items i ON i.store_id = o.store_id AND i.order_id = o.id \
         WHERE o.store_id = $1 AND o.shopper_id = $2 AND i.product_id = $3 AND o.status <> 'cancelled'",
    )
    .bind(store.get())
    .bind(shopper)
    .bind(product)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

/// The shopper's own review of a product, hidden or not.
pub async fn mine(
    db: &Db,
    store: StoreId,
    shopper: i64,
    product: i64,
) -> Result<Option<Review>, sqlx::Error> {
    sqlx::query_as(
        "SELECT author, rating, body, created_at FROM reviews \
         WHERE store_id = $1 AND shopper_id = $2 AND product_id = $3",
    )
    .bind(store.get())
    .bind(shopper)
    .bind(product)
    .fetch_optional(&db.pool)
    .await
}

/// Writes the shopper's review, or replaces their earlier one. A replaced review that the
/// owner hid stays hidden.
pub async fn put(
    conn: &mut AnyConnection,
    store: StoreId,
    shopper: i64,
    author: &str,
    r: &NewReview,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO reviews (store_id, product_id, shopper_id, author, rating, body, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (store_id, product_id, shopper_id) \
         DO UPDATE SET author = excluded.author, rating = excluded.rating, body = excluded.body, \
         created_at = excluded.created_at",
    )
    .bind(store.get())
    .bind(r.product_id)
    .bind(shopper)
    .bind(author)
    .bind(r.rating)
    .bind(&r.body)
    .bind(now())
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct OwnerRow {
    product_id: i64,
    name: String,
    shopper_id: i64,
    author: String,
    rating: i64,
    body: String,
    created_at: i64,
    hidden_at: Option<i64>,
}

/// The store's reviews for its owner, newest first, hidden ones too.
pub async fn of_store(db: &Db, store: StoreId) -> Result<Vec<OwnerReview>, sqlx::Error> {
    let rows: Vec<OwnerRow> = sqlx::query_as(
        "SELECT r.product_id, p.name, r.shopper_id, r.author, r.rating, r.body, r.created_at, r.hidden_at \
         FROM reviews r JOIN products p ON p.store_id = r.store_id AND p.id = r.product_id \
         WHERE r.store_id = $1 ORDER BY r.created_at DESC, r.product_id, r.shopper_id LIMIT 200",
    )
    .bind(store.get())
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| OwnerReview {
            product_id: r.product_id,
            product_name: r.name,
            shopper_id: r.shopper_id,
            review: Review { author: r.author, rating: r.rating, body: r.body, created_at: r.created_at },
            hidden: r.hidden_at.is_some(),
        })
        .collect())
}

/// Hides a review or shows it again; false when the store has no such review.
pub async fn set_hidden(
    conn: &mut AnyConnection,
    store: StoreId,
    product: i64,
    shopper: i64,
    hidden: bool,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query(
        "UPDATE reviews SET hidden_at = $4 WHERE store_id = $1 AND product_id = $2 AND shopper_id = $3",
    )
    .bind(store.get())
    .bind(product)
    .bind(shopper)
    .bind(hidden.then(now))
    .execute(conn)
    .await?
    .rows_affected();
    Ok(n == 1)
}
