//! A store's custom domains: pending until the DNS TXT record is found, then active.

use sqlx::FromRow;

use super::{audit, now, stores::bump_revision, Db, StoreId};

/// A domain row of one store.
#[derive(Clone, Debug, FromRow)]
pub struct DomainRow {
    pub domain: String,
    pub status: String,
    pub is_primary: i64,
    pub verification_token: String,
}

pub async fn list(db: &Db, store: StoreId) -> Result<Vec<DomainRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT domain, status, is_primary, verification_token FROM store_domains WHERE store_id = $1 ORDER BY domain",
    )
    .bind(store.get())
    .fetch_all(&db.pool)
    .await
}

pub async fn get(db: &Db, store: StoreId, domain: &str) -> Result<Option<DomainRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT domain, status, is_primary, verification_token FROM store_domains WHERE store_id = $1 AND domain = $2",
    )
    .bind(store.get())
    .bind(domain)
    .fetch_optional(&db.pool)
    .await
}

/// The store id holding a domain, whichever store it is (to explain a refusal).
pub async fn admin_owner_of(db: &Db, domain: &str) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT store_id FROM store_domains WHERE domain = $1")
        .bind(domain)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(|(id,)| id))
}

/// Adds a pending domain with its verification token.
pub async fn add_pending(
    db: &Db,
    store: StoreId,
    code: &str,
    domain: &str,
    token: &str,
    actor: (Option<i64>, &str),
) -> Result<(), sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    sqlx::query(
        "INSERT INTO store_domains (store_id, domain, is_primary, status, verification_token, created_at) \
         VALUES ($1, $2, 0, 'pending', $3, $4)",
    )
    .bind(store.get())
    .bind(domain)
    .bind(token)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    let entry = audit::Entry {
        actor_id: actor.0,
        actor_email: actor.1,
        store: Some((store, code)),
        action: "domain.add",
        detail: domain.to_string(),
    };
    audit::record(&mut tx, entry).await?;
    tx.commit().await
}

/// Marks a domain verified and active; the first active domain becomes primary.
pub async fn activate(
    db: &Db,
    store: StoreId,
    code: &str,
    domain: &str,
    actor: (Option<i64>, &str),
) -> Result<(), sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    let (primaries,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM store_domains WHERE store_id = $1 AND is_primary = 1 AND status = 'active'",
    )
    .bind(store.get())
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE store_domains SET status = 'active', verified_at = $3, is_primary = $4 \
         WHERE store_id = $1 AND domain = $2",
    )
    .bind(store.get())
    .bind(domain)
    .bind(now())
    .bind(i64::from(primaries == 0))
    .execute(&mut *tx)
    .await?;
    bump_revision(&mut tx, store).await?;
    let entry = audit::Entry {
        actor_id: actor.0,
        actor_email: actor.1,
        store: Some((store, code)),
        action: "domain.verify",
        detail: domain.to_string(),
    };
    audit::record(&mut tx, entry).await?;
    tx.commit().await
}

/// Removes one of the store's domains; false when it has no such domain.
pub async fn remove(
    db: &Db,
    store: StoreId,
    code: &str,
    domain: &str,
    actor: (Option<i64>, &str),
) -> Result<bool, sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    let n = sqlx::query("DELETE FROM store_domains WHERE store_id = $1 AND domain = $2")
        .bind(store.get())
        .bind(domain)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if n > 0 {
        bump_revision(&mut tx, store).await?;
        let entry = audit::Entry {
            actor_id: actor.0,
            actor_email: actor.1,
            store: Some((store, code)),
            action: "domain.remove",
            detail: domain.to_string(),
        };
        audit::record(&mut tx, entry).await?;
    }
    tx.commit().await?;
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
