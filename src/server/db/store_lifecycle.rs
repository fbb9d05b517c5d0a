//! A store's lifecycle: creation with its theme, modules and owner, changes, deletion,
//! and the figures its console page shows. Writes take the caller's transaction.

use sqlx::AnyConnection;

use super::{ids, now, users, Db, StoreId};
use crate::model::{Module, Theme};

/// A validated store to create.
pub struct CreateStore<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub theme: &'a Theme,
    /// Optional modules to enable; core modules are always added.
    pub modules: &'a [String],
    /// Normalized owner email, if any.
    pub owner: Option<&'a str>,
    /// Who wrote the first theme version.
    pub author: &'a str,
}

/// What creating a store did.
pub struct Created {
    pub id: StoreId,
    /// The set-password token of a new owner account (shown once as a link).
    pub owner_token: Option<String>,
}

/// Creates a store, its published theme, its modules and its owner (the caller's
/// transaction also records it). A taken code is a unique violation.
pub async fn create_store(conn: &mut AnyConnection, c: CreateStore<'_>) -> Result<Created, sqlx::Error> {
    // From a counter: ids are never reused (a deleted store's id stays in the audit log,
    // and in caches keyed by id and revision that a new store at revision 1 must not hit).
    let id = ids::next(&mut *conn, ids::Counter::Stores).await?;
    let t = now();
    sqlx::query("INSERT INTO stores (id, code, name, status, created_at) VALUES ($1, $2, $3, 'active', $4)")
        .bind(id)
        .bind(c.code)
        .bind(c.name)
        .bind(t)
        .execute(&mut *conn)
        .await?;
    let store = StoreId::from_db(id);
    sqlx::query(
        "INSERT INTO theme_versions (store_id, version, tokens, state, author, created_at) \
         VALUES ($1, 1, $2, 'published', $3, $4)",
    )
    .bind(id)
    .bind(serde_json::to_string(c.theme).unwrap_or_default())
    .bind(c.author)
    .bind(t)
    .execute(&mut *conn)
    .await?;
    let core = Module::ALL.into_iter().filter(|m| m.is_core()).map(|m| -> &str { m.key() });
    for m in core.chain(c.modules.iter().map(String::as_str)) {
        sqlx::query(
            "INSERT INTO store_modules (store_id, module, enabled) VALUES ($1, $2, 1) \
             ON CONFLICT (store_id, module) DO NOTHING",
        )
        .bind(id)
        .bind(m)
        .execute(&mut *conn)
        .await?;
    }
    let mut owner_token = None;
    if let Some(email) = c.owner {
        owner_token = users::invite(&mut *conn, store, email, "owner").await?;
    }
    Ok(Created { id: store, owner_token })
}

/// Changes a store's name and published theme (a new theme version).
pub async fn update_store(
    conn: &mut AnyConnection,
    store: StoreId,
    name: &str,
    theme: &Theme,
    author: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE stores SET name = $2 WHERE id = $1")
        .bind(store.get())
        .bind(name)
        .execute(&mut *conn)
        .await?;
    super::themes::publish(conn, store, theme, author).await?;
    Ok(())
}

/// Renames a store.
pub async fn rename(conn: &mut AnyConnection, store: StoreId, name: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE stores SET name = $2 WHERE id = $1")
        .bind(store.get())
        .bind(name)
        .execute(conn)
        .await?;
    Ok(())
}

/// The images a store shows beside its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreImage {
    Logo,
    /// The browser-tab icon.
    Favicon,
}

impl StoreImage {
    /// Its name in upload paths and audit entries.
    pub fn name(self) -> &'static str {
        match self {
            Self::Logo => "logo",
            Self::Favicon => "favicon",
        }
    }

    /// The image a [`StoreImage::name`] names.
    pub fn parse(name: &str) -> Option<Self> {
        [Self::Logo, Self::Favicon].into_iter().find(|i| i.name() == name)
    }
}

/// Sets the URL of one of a store's images.
pub async fn set_image(
    conn: &mut AnyConnection,
    store: StoreId,
    image: StoreImage,
    url: &str,
) -> Result<(), sqlx::Error> {
    let sql = match image {
        StoreImage::Logo => "UPDATE stores SET logo_url = $2 WHERE id = $1",
        StoreImage::Favicon => "UPDATE stores SET favicon_url = $2 WHERE id = $1",
    };
    sqlx::query(sql).bind(store.get()).bind(url).execute(conn).await?;
    Ok(())
}

/// Deletes a store and everything it owns; the audit log keeps the record of it.
/// Returns the store's domains, for cache invalidation.
pub async fn delete_store(conn: &mut AnyConnection, store: StoreId) -> Result<Vec<String>, sqlx::Error> {
    let domains: Vec<(String,)> = sqlx::query_as("SELECT domain FROM store_domains WHERE store_id = $1")
        .bind(store.get())
        .fetch_all(&mut *conn)
        .await?;
    // Explicit deletes, so a database without cascading foreign keys loses nothing either.
    for table in [
        "cart_items",
        "carts",
        "shopper_sessions",
        "shopper_tokens",
        "wishlist_items",
        "order_items",
        "orders",
        "store_counters",
        "shoppers",
        "products",
        "store_domains",
        "store_modules",
        "theme_versions",
        "store_members",
        "api_keys",
        "assets",
    ] {
        sqlx::query(&format!("DELETE FROM {table} WHERE store_id = $1"))
            .bind(store.get())
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("DELETE FROM stores WHERE id = $1").bind(store.get()).execute(&mut *conn).await?;
    Ok(domains.into_iter().map(|(d,)| d).collect())
}

/// Counts of a store's products and orders and its revenue in cents.
pub async fn store_counts(db: &Db, store: StoreId) -> Result<(i64, i64, i64), sqlx::Error> {
    let (products,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM products WHERE store_id = $1")
        .bind(store.get())
        .fetch_one(&db.pool)
        .await?;
    let (orders, revenue): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), CAST(COALESCE(SUM(total_cents), 0) AS BIGINT) FROM orders WHERE store_id = $1",
    )
    .bind(store.get())
    .fetch_one(&db.pool)
    .await?;
    Ok((products, orders, revenue))
}

/// Every module of the catalog with whether the store has it: (key, name, description, core, enabled).
pub async fn modules_of(
    db: &Db,
    store: StoreId,
) -> Result<Vec<(String, String, String, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT m.key, m.name, m.description, m.is_core, COALESCE(sm.enabled, 0) FROM modules m \
         LEFT JOIN store_modules sm ON sm.module = m.key AND sm.store_id = $1 ORDER BY m.is_core DESC, m.key",
    )
    .bind(store.get())
    .fetch_all(&db.pool)
    .await
}

/// When a store was created.
pub async fn admin_created_at(db: &Db, store: StoreId) -> Result<i64, sqlx::Error> {
    let (t,): (i64,) = sqlx::query_as("SELECT created_at FROM stores WHERE id = $1")
        .bind(store.get())
        .fetch_one(&db.pool)
        .await?;
    Ok(t)
}
