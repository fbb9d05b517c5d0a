//! The product list: a page of a store's products, sorted, optionally searched.

use super::{product_of, MAX_PAGE, MAX_PER_PAGE};
use crate::{
    model::{Product, ProductPage, ProductSort},
    server::db::{direct, search, search::Words, Backend, Db, StoreId},
};

/// A page of the store's products, optionally filtered by a search text (see
/// [`crate::server::db::search`]: every word, the last as a prefix, through the search index).
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

    /// On a SQLite file, read on the calling thread (see [`direct`]): the page's
    /// rows, each carrying the count of all matches, which SQLite works out once for the
    /// statement, so the page and its count come from the same snapshot. A search starts
    /// from the index, within the store's range of row ids, and joins each match to the
    /// store's product of that id, so no other store's product can come back.
    fn rows(&self, store: StoreId, conn: &mut direct::Conn) -> Result<(Vec<Product>, i64), sqlx::Error> {
        let (store_id, limit, offset) = (store.get(), self.per_page, self.offset);
        let (page_sql, count_sql, matched, first, last);
        let (page_params, count_params): (Vec<&dyn rusqlite::ToSql>, Vec<&dyn rusqlite::ToSql>);
        if self.words.is_blank() {
            let count = "SELECT COUNT(*) FROM products WHERE store_id = $1";
            page_sql = format!(
                "SELECT {}, ({count}) FROM products WHERE store_id = $1 ORDER BY {} LIMIT $2 OFFSET $3",
                Self::COLUMNS,
                self.order("")
            );
            count_sql = count;
            page_params = vec![&store_id, &limit, &offset];
            count_params = vec![&store_id];
        } else {
            matched = self.words.fts5();
            (first, last) = search::store_rows(store);
            // The index's own order is the row id's, the product id's within a store: the
            // featured order needs no sort.
            let order = match self.sort {
                ProductSort::Featured => "f.rowid".to_string(),
                _ => self.order("p."),
            };
            // Counted in the index alone, within the store's range of row ids.
            let count = "SELECT COUNT(*) FROM products_search WHERE products_search MATCH $2 \
                         AND rowid BETWEEN $3 AND $4";
            page_sql = format!(
                "SELECT p.id, p.name, p.price_cents, p.description, p.image_url, p.stock, ({count}) \
                 FROM products_search f CROSS JOIN products p ON p.id = f.rowid - $3 AND p.store_id = $1 \
                 WHERE f.products_search MATCH $2 AND f.rowid BETWEEN $3 AND $4 \
                 ORDER BY {order} LIMIT $5 OFFSET $6"
            );
            // The same count on its own, for a page past the end: the words, then the range.
            count_sql = "SELECT COUNT(*) FROM products_search WHERE products_search MATCH $1 \
                         AND rowid BETWEEN $2 AND $3";
            page_params = vec![&store_id, &matched, &first, &last, &limit, &offset];
            count_params = vec![&matched, &first, &last];
        }
        let mut total = None;
        let products = conn.query(&page_sql, &page_params, |row| {
            total = Some(row.get(6)?);
            product_of(row)
        })?;
        let total = match total {
            Some(total) => total,
            // A page past the end still counts the matches.
            None => conn.query(count_sql, &count_params, |row| row.get(0))?.first().copied().unwrap_or(0),
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
            // The store's range of row ids (see `search::store_rows`) from its id.
            (false, Backend::Sqlite) => (
                "store_id = $1 AND id IN (SELECT rowid - ($1 << 32) FROM products_search \
                 WHERE products_search MATCH $2 AND rowid BETWEEN $1 << 32 AND ($1 << 32) + 4294967295)",
                3,
                Some(self.words.fts5()),
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
