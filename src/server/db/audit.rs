//! The audit log: who changed what, in which store, and when.

use super::{now, Db, StoreId};
use crate::model::{AuditEvent, AuditPage};

/// One mutation to record.
pub struct Entry<'a> {
    pub actor_id: Option<i64>,
    pub actor_email: &'a str,
    pub store: Option<(StoreId, &'a str)>,
    pub action: &'a str,
    /// What changed, short and human-readable (`status: active → suspended`).
    pub detail: String,
}

/// Writes an entry in the transaction of the change itself (see `server::write`).
pub async fn record(conn: &mut sqlx::AnyConnection, e: Entry<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, actor_email, store_id, store_code, action, detail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(now())
    .bind(e.actor_id)
    .bind(e.actor_email)
    .bind(e.store.map(|(id, _)| id.get()))
    .bind(e.store.map(|(_, code)| code))
    .bind(e.action)
    .bind(e.detail)
    .execute(conn)
    .await?;
    Ok(())
}

/// Events, newest first, optionally of one store code and/or one action, older than `before`.
pub async fn admin_list(
    db: &Db,
    store_code: &str,
    action: &str,
    before: Option<i64>,
    limit: i64,
) -> Result<AuditPage, sqlx::Error> {
    let mut events: Vec<AuditEvent> = sqlx::query_as(
        "SELECT id, at, actor_email, store_code, action, detail FROM audit_log \
         WHERE ($1 = '' OR store_code = $1) AND ($2 = '' OR action = $2) AND id < $3 \
         ORDER BY id DESC LIMIT $4",
    )
    .bind(store_code)
    .bind(action)
    .bind(before.unwrap_or(i64::MAX))
    .bind(limit + 1)
    .fetch_all(&db.pool)
    .await?;
    let next = if events.len() as i64 > limit {
        events.truncate(limit as usize);
        events.last().map(|e| e.id)
    } else {
        None
    };
    Ok(AuditPage { events, next })
}

/// The distinct actions recorded, for the filter menu.
pub async fn admin_actions(db: &Db) -> Result<Vec<String>, sqlx::Error> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT DISTINCT action FROM audit_log ORDER BY action").fetch_all(&db.pool).await?;
    Ok(rows.into_iter().map(|(a,)| a).collect())
}
