//! A store's products.

use sqlx::AnyConnection;

use super::{
    direct::{
        self,
        Param::{Int, Text},
    },
    ids, now, Backend, Db, StoreId,
};
use crate::model::{OwnerProduct, Product, ProductPage, ProductSort};

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

/// A page of the store's products, optionally filtered by a search text.
pub async fn list(
    db: &Db,
    store: StoreId,
    search: &str,
    sort: ProductSort,
    page: i64,
    per_page: i64,
) -> Result<ProductPage, sqlx::Error> {
    let per_page = per_page.clamp(1, MAX_PER_PAGE);
    let page = page.clamp(1, MAX_PAGE);
    let query = ListQuery {
        order: match sort {
            ProductSort::Featured => "id",
            ProductSort::PriceAsc => "price_cents, id",
            ProductSort::PriceDesc => "price_cents DESC, id",
            ProductSort::Name => "name, id",
        },
        pattern: like_pattern(search),
        per_page,
        offset: (page - 1) * per_page,
    };
    let (products, total) = match &db.direct {
        Some(direct) => direct.with(|conn| query.rows(store, conn))?,
        None => query.json(db, store).await?,
    };
    Ok(ProductPage { products, total, page, per_page })
}

/// A product list's statement, in the two forms it is asked in.
struct ListQuery {
    order: &'static str,
    pattern: String,
    per_page: i64,
    offset: i64,
}

impl ListQuery {
    const FILTER: &'static str = "store_id = $1 AND ($2 = '' OR LOWER(name) LIKE $2 ESCAPE '\\' \
                                  OR LOWER(description) LIKE $2 ESCAPE '\\')";
    const COLUMNS: &'static str = product_columns!();

    /// On a SQLite file, read on the calling thread (see [`super::direct`]): the page's
    /// rows, each carrying the count of all matches, which SQLite works out once for the
    /// statement, so the page and its count come from the same snapshot.
    fn rows(&self, store: StoreId, conn: &mut direct::Conn) -> Result<(Vec<Product>, i64), sqlx::Error> {
        let (filter, columns, order) = (Self::FILTER, Self::COLUMNS, self.order);
        let sql = format!(
            "SELECT {columns}, (SELECT COUNT(*) FROM products WHERE {filter}) FROM products \
             WHERE {filter} ORDER BY {order} LIMIT $3 OFFSET $4"
        );
        let params = [Int(store.get()), Text(&self.pattern), Int(self.per_page), Int(self.offset)];
        let mut total = None;
        let products = conn.query(&sql, &params, |row| {
            total = Some(row.int(6));
            product_of(row)
        })?;
        let total = match total {
            Some(total) => total,
            // A page past the end still counts the matches.
            None => {
                conn.query(&format!("SELECT COUNT(*) FROM products WHERE {filter}"), &params[..2], |row| {
                    Ok(row.int(0))
                })?[0]
            }
        };
        Ok((products, total))
    }

    /// One statement, one row: the database writes the page as a JSON array and counts
    /// all matches beside it. Through sqlx each row of a plain select crosses the driver
    /// one value at a time, copied twice (into the driver's row, then into `Any`'s) and,
    /// on SQLite, freed on another thread: for the 20 products of a storefront page that
    /// was most of the query's CPU, more than the database took to find them.
    async fn json(&self, db: &Db, store: StoreId) -> Result<(Vec<Product>, i64), sqlx::Error> {
        let (filter, columns, order) = (Self::FILTER, Self::COLUMNS, self.order);
        let fields = "'id', id, 'name', name, 'price_cents', price_cents, 'description', description, \
                      'image_url', image_url, 'stock', stock";
        // The aggregate keeps the page's order itself: a subquery's order is not promised
        // to survive into an aggregate over it.
        let page_json = match db.backend {
            Backend::Sqlite => format!("json_group_array(json_object({fields}) ORDER BY {order})"),
            Backend::Postgres => {
                format!("COALESCE(json_agg(json_build_object({fields}) ORDER BY {order})::text, '[]')")
            }
        };
        let (json, total): (String, i64) = sqlx::query_as(&format!(
            "SELECT {page_json}, (SELECT COUNT(*) FROM products WHERE {filter}) \
             FROM (SELECT {columns} FROM products WHERE {filter} ORDER BY {order} LIMIT $3 OFFSET $4) AS page"
        ))
        .bind(store.get())
        .bind(&self.pattern)
        .bind(self.per_page)
        .bind(self.offset)
        .fetch_one(&mut *db.read().await?)
        .await?;
        let products = serde_json::from_str(&json).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
        Ok((products, total))
    }
}

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
        Some(direct) => {
            Ok(direct.with(|conn| conn.query(SQL, &[Int(store.get()), Int(id)], product_of))?.pop())
        }
        None => sqlx::query_as(SQL).bind(store.get()).bind(id).fetch_optional(&mut *db.read().await?).await,
    }
}

/// A product from a direct read's row that starts with [`product_columns`].
fn product_of(row: &direct::Row<'_>) -> Result<Product, sqlx::Error> {
    Ok(Product {
        id: row.int(0),
        name: row.text(1)?.to_owned(),
        price_cents: row.int(2),
        description: row.text(3)?.to_owned(),
        image_url: row.optional_text(4)?.map(str::to_owned),
        stock: row.int(5),
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
