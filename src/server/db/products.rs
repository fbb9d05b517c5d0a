//! A store's products.

use rusqlite::Row;
use sqlx::AnyConnection;

use super::{ids, now, Db, StoreId};
use crate::model::{OwnerProduct, Product};

/// The columns of a product, in the order [`product_of`] reads them: a macro, so that
/// statements can be written whole at compile time around it.
macro_rules! product_columns {
    () => {
        "id, name, price_cents, description, image_url, stock"
    };
}

/// Largest page a client may ask for.
pub const MAX_PER_PAGE: i64 = 100;
/// Highest page number (keeps `OFFSET` arithmetic far from overflow).
pub const MAX_PAGE: i64 = 1_000_000;

mod list;
pub use list::list;

/// `%text%` for LIKE, lowercased, with LIKE's wildcards escaped; empty for no filter.
pub(super) fn like_pattern(search: &str) -> String {
    let search = search.trim();
    if search.is_empty() {
        return String::new();
    }
    let mut p = String::from("%");
    for c in search.chars().take(100).flat_map(char::to_lowercase) {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// How many products the store has.
pub async fn count(db: &Db, store: StoreId) -> Result<i64, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM products WHERE store_id = $1")
        .bind(store.get())
        .fetch_one(&db.pool)
        .await?;
    Ok(n)
}

/// Product ids of the store in id order, `limit` of them after the first `skip`.
pub async fn ids_page(db: &Db, store: StoreId, skip: i64, limit: i64) -> Result<Vec<i64>, sqlx::Error> {
    let rows: Vec<(i64,)> =
        sqlx::query_as("SELECT id FROM products WHERE store_id = $1 ORDER BY id LIMIT $2 OFFSET $3")
            .bind(store.get())
            .bind(limit)
            .bind(skip)
            .fetch_all(&db.pool)
            .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// One product of this store; another store's product id is `None`.
pub async fn get(db: &Db, store: StoreId, id: i64) -> Result<Option<Product>, sqlx::Error> {
    const SQL: &str =
        concat!("SELECT ", product_columns!(), " FROM products WHERE store_id = $1 AND id = $2");
    match &db.direct {
        Some(direct) => Ok(direct.with(|conn| conn.query(SQL, &[&store.get(), &id], product_of))?.pop()),
        None => sqlx::query_as(SQL).bind(store.get()).bind(id).fetch_optional(&mut *db.read().await?).await,
    }
}

/// A product from a direct read's row that starts with [`product_columns`].
fn product_of(row: &Row<'_>) -> rusqlite::Result<Product> {
    Ok(Product {
        id: row.get(0)?,
        name: row.get(1)?,
        price_cents: row.get(2)?,
        description: row.get(3)?,
        image_url: row.get(4)?,
        stock: row.get(5)?,
    })
}

/// A product to create or write, checked by its one set of rules in the model.
pub use crate::model::NewProduct;

/// Adds a product and returns it with its new id.
pub async fn create(
    conn: &mut AnyConnection,
    store: StoreId,
    new: &NewProduct,
) -> Result<Product, sqlx::Error> {
    // Ids are unique across the platform (as in the JSON API), so a product moved
    // between shards keeps its id.
    let id = ids::next(&mut *conn, ids::Counter::Products).await?;
    sqlx::query(
        "INSERT INTO products (store_id, id, name, description, price_cents, stock, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(store.get())
    .bind(id)
    .bind(new.name.trim())
    .bind(&new.description)
    .bind(new.price_cents)
    .bind(new.stock.unwrap_or(0))
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(Product {
        id,
        name: new.name.trim().to_string(),
        price_cents: new.price_cents,
        description: new.description.clone(),
        image_url: None,
        stock: new.stock.unwrap_or(0),
    })
}

/// Deletes one of the store's products; false when the store has no such product.
pub async fn delete(conn: &mut AnyConnection, store: StoreId, id: i64) -> Result<bool, sqlx::Error> {
    let n = sqlx::query("DELETE FROM products WHERE store_id = $1 AND id = $2")
        .bind(store.get())
        .bind(id)
        .execute(conn)
        .await?
        .rows_affected();
    Ok(n > 0)
}

/// The store's products for its dashboard, newest first, with their images.
pub async fn owner_list(
    db: &Db,
    store: StoreId,
    search: &str,
    page: i64,
    per_page: i64,
) -> Result<(Vec<OwnerProduct>, i64), sqlx::Error> {
    let pattern = like_pattern(search);
    let filter = "store_id = $1 AND ($2 = '' OR LOWER(name) LIKE $2 ESCAPE '\\')";
    let (total,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM products WHERE {filter}"))
        .bind(store.get())
        .bind(&pattern)
        .fetch_one(&db.pool)
        .await?;
    let rows = sqlx::query_as(&format!(
        "SELECT id, name, description, price_cents, image_url, stock FROM products WHERE {filter} \
         ORDER BY id DESC LIMIT $3 OFFSET $4"
    ))
    .bind(store.get())
    .bind(&pattern)
    .bind(per_page.clamp(1, MAX_PER_PAGE))
    .bind((page.clamp(1, MAX_PAGE) - 1) * per_page.clamp(1, MAX_PER_PAGE))
    .fetch_all(&db.pool)
    .await?;
    Ok((rows, total))
}

/// One product of the store, with its image, for editing.
pub async fn owner_get(db: &Db, store: StoreId, id: i64) -> Result<Option<OwnerProduct>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name, description, price_cents, image_url, stock FROM products WHERE store_id = $1 AND id = $2",
    )
    .bind(store.get())
    .bind(id)
    .fetch_optional(&db.pool)
    .await
}

/// Changes one of the store's products; false when the store has no such product.
pub async fn update(
    conn: &mut AnyConnection,
    store: StoreId,
    id: i64,
    p: &NewProduct,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query(
        "UPDATE products SET name = $3, description = $4, price_cents = $5, stock = COALESCE($6, stock) \
         WHERE store_id = $1 AND id = $2",
    )
    .bind(store.get())
    .bind(id)
    .bind(p.name.trim())
    .bind(&p.description)
    .bind(p.price_cents)
    .bind(p.stock)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(n > 0)
}

/// Sets a product's image; false when the store has no such product.
pub async fn set_image(
    conn: &mut AnyConnection,
    store: StoreId,
    id: i64,
    url: &str,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query("UPDATE products SET image_url = $3 WHERE store_id = $1 AND id = $2")
        .bind(store.get())
        .bind(id)
        .bind(url)
        .execute(conn)
        .await?
        .rows_affected();
    Ok(n > 0)
}

#[cfg(test)]
mod tests {
    use super::like_pattern;

    #[test]
    fn like_wildcards_in_search_are_literal() {
        assert_eq!(like_pattern("50%_off"), "%50\\%\\_off%");
        assert_eq!(like_pattern("  "), "");
        assert_eq!(like_pattern("Mug"), "%mug%");
    }
}
