//! A store's products.

use rusqlite::Row;
use sqlx::AnyConnection;

use super::{direct, ids, now, search::Words, Backend, Db, StoreId};
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

/// A page of the store's products, optionally filtered by a search text (see
/// [`super::search`]: every word, the last as a prefix, through the search index).
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
    let query = ListQuery { sort, words: Words::parse(search), per_page, offset: (page - 1) * per_page };
    let (products, total) = match &db.direct {
        _ if query.words.matches_nothing() => (Vec::new(), 0),
        Some(direct) => direct.with(|conn| query.rows(store, conn))?,
        None => query.json(db, store).await?,
    };
    Ok(ProductPage { products, total, page, per_page })
}

/// A product list's statement, in the two forms it is asked in.
struct ListQuery {
    sort: ProductSort,
    words: Words,
    per_page: i64,
    offset: i64,
}

impl ListQuery {
    const COLUMNS: &'static str = product_columns!();

    /// The order of the page; `p.` names the products table where it is joined.
    fn order(&self, p: &str) -> String {
        match self.sort {
            ProductSort::Featured => format!("{p}id"),
            ProductSort::PriceAsc => format!("{p}price_cents, {p}id"),
            ProductSort::PriceDesc => format!("{p}price_cents DESC, {p}id"),
            ProductSort::Name => format!("{p}name, {p}id"),
        }
    }

    /// On a SQLite file, read on the calling thread (see [`super::direct`]): the page's
    /// rows, each carrying the count of all matches, which SQLite works out once for the
    /// statement, so the page and its count come from the same snapshot. A search starts
    /// from the index (its matches are few, or the deadline ends it) and joins each match
    /// to the store's product of that id, so no other store's product can come back.
    fn rows(&self, store: StoreId, conn: &mut direct::Conn) -> Result<(Vec<Product>, i64), sqlx::Error> {
        let (store_id, limit, offset) = (store.get(), self.per_page, self.offset);
        let (page_sql, count_sql, matched);
        let (page_params, count_params): (Vec<&dyn rusqlite::ToSql>, Vec<&dyn rusqlite::ToSql>);
        if self.words.is_blank() {
            let count = "SELECT COUNT(*) FROM products WHERE store_id = $1";
            page_sql = format!(
                "SELECT {}, ({count}) FROM products WHERE store_id = $1 ORDER BY {} LIMIT $2 OFFSET $3",
                Self::COLUMNS,
                self.order("")
            );
            count_sql = count.to_string();
            page_params = vec![&store_id, &limit, &offset];
            count_params = vec![&store_id];
        } else {
            matched = self.words.fts5(store);
            // The index's own order is the product id's: the featured order needs no sort.
            let order = match self.sort {
                ProductSort::Featured => "f.rowid".to_string(),
                _ => self.order("p."),
            };
            let count = "SELECT COUNT(*) FROM products_search WHERE products_search MATCH $2";
            page_sql = format!(
                "SELECT p.id, p.name, p.price_cents, p.description, p.image_url, p.stock, ({count}) \
                 FROM products_search f CROSS JOIN products p ON p.store_id = $1 AND p.id = f.rowid \
                 WHERE f.products_search MATCH $2 ORDER BY {order} LIMIT $3 OFFSET $4"
            );
            count_sql = count.replace("$2", "$1");
            page_params = vec![&store_id, &matched, &limit, &offset];
            count_params = vec![&matched];
        }
        let mut total = None;
        let products = conn.query(&page_sql, &page_params, |row| {
            total = Some(row.get(6)?);
            product_of(row)
        })?;
        let total = match total {
            Some(total) => total,
            // A page past the end still counts the matches.
            None => conn.query(&count_sql, &count_params, |row| row.get(0))?.first().copied().unwrap_or(0),
        };
        Ok((products, total))
    }

    /// One statement, one row: the database writes the page as a JSON array and counts
    /// all matches beside it. Through sqlx each row of a plain select crosses the driver
    /// one value at a time, copied twice (into the driver's row, then into `Any`'s) and,
    /// on SQLite, freed on another thread: for the 20 products of a storefront page that
    /// was most of the query's CPU, more than the database took to find them.
    async fn json(&self, db: &Db, store: StoreId) -> Result<(Vec<Product>, i64), sqlx::Error> {
        let (columns, order) = (Self::COLUMNS, self.order(""));
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
        // Without a search: $1 the store, then the page's limit and offset. With one, the
        // words come second. (On a SQLite file the list is read directly; this form serves
        // an in-memory database, whose search is the same index.)
        let (filter, limit_at, words) = match (self.words.is_blank(), db.backend) {
            (true, _) => ("store_id = $1", 2, None),
            (false, Backend::Postgres) => {
                ("store_id = $1 AND search @@ to_tsquery('simple', $2)", 3, Some(self.words.tsquery()))
            }
            (false, Backend::Sqlite) => (
                "store_id = $1 AND id IN (SELECT rowid FROM products_search WHERE products_search MATCH $2)",
                3,
                Some(self.words.fts5(store)),
            ),
        };
        let sql = format!(
            "SELECT {page_json}, (SELECT COUNT(*) FROM products WHERE {filter}) FROM (SELECT {columns} \
             FROM products WHERE {filter} ORDER BY {order} LIMIT ${limit_at} OFFSET ${}) AS page",
            limit_at + 1
        );
        let mut query = sqlx::query_as(&sql).bind(store.get());
        if let Some(words) = words {
            query = query.bind(words);
        }
        let (json, total): (String, i64) =
            query.bind(self.per_page).bind(self.offset).fetch_one(&mut *db.read().await?).await?;
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
