//! A store's custom domains: pending until the DNS TXT record is found, then active.

use sqlx::{AnyConnection, FromRow};

use super::{now, Db, StoreId};

/// A domain row of one store.
#[derive(Clone, Debug, FromRow)]
pub struct DomainRow {
    pub domain: String,
    pub status: String,
    pub is_primary: i64,
    pub verification_token: String,
    pub created_at: i64,
}

pub async fn list(db: &Db, store: StoreId) -> Result<Vec<DomainRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT domain, status, is_primary, verification_token, created_at FROM store_domains WHERE store_id = $1 ORDER BY domain",
    )
    .bind(store.get())
    .fetch_all(&db.pool)
    .await
}

pub async fn get(db: &Db, store: StoreId, domain: &str) -> Result<Option<DomainRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT domain, status, is_primary, verification_token, created_at FROM store_domains WHERE store_id = $1 AND domain = $2",
    )
    .bind(store.get())
    .bind(domain)
    .fetch_optional(&db.pool)
    .await
}

/// How long a pending claim stays open. Several stores may claim one domain at once
/// (each proves it with its own TXT token); the first to verify wins, and a claim nobody
/// verifies runs out instead of blocking the domain.
pub const CLAIM_TTL_SECS: i64 = 7 * 24 * 3600;

/// True when a pending claim made at `created_at` has run out at time `t`.
pub fn claim_expired(created_at: i64, t: i64) -> bool {
    t - created_at > CLAIM_TTL_SECS
}

/// The store serving `domain` (its active holder), whichever store it is.
pub async fn admin_active_holder(db: &Db, domain: &str) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT store_id FROM store_domains WHERE domain = $1 AND status = 'active'")
            .bind(domain)
            .fetch_optional(&db.pool)
            .await?;
    Ok(row.map(|(id,)| id))
}

/// Claims a domain for the store, pending until its TXT record is found; a claim of
/// the same store that ran out is renewed with the new token.
pub async fn add_pending(
    conn: &mut AnyConnection,
    store: StoreId,
    domain: &str,
    token: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO store_domains (store_id, domain, is_primary, status, verification_token, created_at) \
         VALUES ($1, $2, 0, 'pending', $3, $4) \
         ON CONFLICT (store_id, domain) DO UPDATE SET verification_token = excluded.verification_token, \
         created_at = excluded.created_at WHERE store_domains.status = 'pending'",
    )
    .bind(store.get())
    .bind(domain)
    .bind(token)
    .bind(now())
    .execute(conn)
    .await?;
    Ok(())
}

/// Marks a pending claim verified and active; the first active domain becomes primary.
/// Another store that verified the domain first makes this a unique violation.
pub async fn activate(conn: &mut AnyConnection, store: StoreId, domain: &str) -> Result<(), sqlx::Error> {
    let (primaries,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM store_domains WHERE store_id = $1 AND is_primary = 1 AND status = 'active'",
    )
    .bind(store.get())
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE store_domains SET status = 'active', verified_at = $3, is_primary = $4 \
         WHERE store_id = $1 AND domain = $2",
    )
    .bind(store.get())
    .bind(domain)
    .bind(now())
    .bind(i64::from(primaries == 0))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Removes one of the store's domains; false when it has no such domain.
pub async fn remove(conn: &mut AnyConnection, store: StoreId, domain: &str) -> Result<bool, sqlx::Error> {
    let n = sqlx::query("DELETE FROM store_domains WHERE store_id = $1 AND domain = $2")
        .bind(store.get())
        .bind(domain)
        .execute(conn)
        .await?
        .rows_affected();
    Ok(n > 0)
}

/// True when `domain` is a verified, active domain of an active store (TLS ask).
pub async fn admin_is_servable(db: &Db, domain: &str) -> Result<bool, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT 1 FROM store_domains d JOIN stores s ON s.id = d.store_id \
         WHERE d.domain = $1 AND d.status = 'active' AND s.status = 'active'",
    )
    .bind(domain)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.is_some())
}
