//! A store's API keys: only a prefix (to find and show it) and a SHA-256 are kept.

use sqlx::{AnyConnection, FromRow};

use super::{ids, now, Db, StoreId};
use crate::model::ApiKeyInfo;

#[derive(FromRow)]
struct KeyRow {
    id: i64,
    name: String,
    prefix: String,
    created_at: i64,
    last_used_at: Option<i64>,
    revoked_at: Option<i64>,
}

impl From<KeyRow> for ApiKeyInfo {
    fn from(r: KeyRow) -> Self {
        Self {
            id: r.id,
            name: r.name,
            prefix: r.prefix,
            created_at: r.created_at,
            last_used_at: r.last_used_at,
            revoked: r.revoked_at.is_some(),
        }
    }
}

pub async fn list(db: &Db, store: StoreId) -> Result<Vec<ApiKeyInfo>, sqlx::Error> {
    let rows: Vec<KeyRow> = sqlx::query_as(
        "SELECT id, name, prefix, created_at, last_used_at, revoked_at FROM api_keys WHERE store_id = $1 ORDER BY id DESC",
    )
    .bind(store.get())
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// Stores a new key's prefix and hash.
pub async fn create(
    conn: &mut AnyConnection,
    store: StoreId,
    name: &str,
    prefix: &str,
    key_hash: &str,
    created_by: Option<i64>,
) -> Result<ApiKeyInfo, sqlx::Error> {
    let id = ids::next(&mut *conn, ids::Counter::ApiKeys).await?;
    let t = now();
    sqlx::query(
        "INSERT INTO api_keys (store_id, id, name, prefix, key_hash, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(store.get())
    .bind(id)
    .bind(name)
    .bind(prefix)
    .bind(key_hash)
    .bind(created_by)
    .bind(t)
    .execute(&mut *conn)
    .await?;
    Ok(ApiKeyInfo {
        id,
        name: name.into(),
        prefix: prefix.into(),
        created_at: t,
        last_used_at: None,
        revoked: false,
    })
}

/// Revokes a key of this store; false when the store has no such live key.
pub async fn revoke(conn: &mut AnyConnection, store: StoreId, id: i64) -> Result<bool, sqlx::Error> {
    let n = sqlx::query(
        "UPDATE api_keys SET revoked_at = $3 WHERE store_id = $1 AND id = $2 AND revoked_at IS NULL",
    )
    .bind(store.get())
    .bind(id)
    .bind(now())
    .execute(conn)
    .await?
    .rows_affected();
    Ok(n > 0)
}

/// The hash of the live key with this prefix in this store, and its id.
pub async fn live_by_prefix(
    db: &Db,
    store: StoreId,
    prefix: &str,
) -> Result<Option<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, key_hash FROM api_keys WHERE store_id = $1 AND prefix = $2 AND revoked_at IS NULL",
    )
    .bind(store.get())
    .bind(prefix)
    .fetch_optional(&db.pool)
    .await
}

/// Notes that a key was used (at most once a minute per key is enough for the list).
pub async fn touch(db: &Db, store: StoreId, id: i64) -> Result<(), sqlx::Error> {
    let t = now();
    sqlx::query(
        "UPDATE api_keys SET last_used_at = $3 WHERE store_id = $1 AND id = $2 \
         AND (last_used_at IS NULL OR last_used_at < $4)",
    )
    .bind(store.get())
    .bind(id)
    .bind(t)
    .bind(t - 60)
    .execute(&db.pool)
    .await?;
    Ok(())
}
