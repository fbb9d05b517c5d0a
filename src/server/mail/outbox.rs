//! The `mail_outbox` table: what is waiting, what was sent, what failed.

use sqlx::{AnyConnection, FromRow};

use super::Mail;
use crate::server::db::{now, Db};

/// A message as the delivery task and the console see it.
#[derive(Clone, Debug, FromRow)]
pub struct Stored {
    pub id: i64,
    pub store_id: Option<i64>,
    pub recipient: String,
    pub sender_name: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub status: String,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub sent_at: Option<i64>,
}

const COLUMNS: &str = "id, store_id, recipient, sender_name, subject, text_body, html_body, status, \
                       attempts, next_attempt_at, last_error, created_at, sent_at";

/// Writes a message: `pending` for the delivery task, or `kept` when nothing sends mail.
pub async fn insert(conn: &mut AnyConnection, mail: &Mail, sends: bool) -> Result<(), sqlx::Error> {
    let t = now();
    sqlx::query(
        "INSERT INTO mail_outbox (store_id, recipient, sender_name, subject, text_body, html_body, status, \
         attempts, next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $8)",
    )
    .bind(mail.store.map(|s| s.get()))
    .bind(&mail.to)
    .bind(&mail.sender_name)
    .bind(&mail.subject)
    .bind(&mail.text)
    .bind(&mail.html)
    .bind(if sends { "pending" } else { "kept" })
    .bind(t)
    .execute(conn)
    .await?;
    Ok(())
}

/// Up to `limit` pending messages whose time has come, oldest first.
pub async fn due(db: &Db, limit: i64) -> Result<Vec<Stored>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM mail_outbox WHERE status = 'pending' AND next_attempt_at <= $1 \
         ORDER BY next_attempt_at, id LIMIT $2"
    ))
    .bind(now())
    .bind(limit)
    .fetch_all(&db.pool)
    .await
}

/// Takes a due message for one attempt: its next attempt moves to `lease_until`, so another
/// node (or this one after a crash) tries it only once the lease is over. False when
/// someone else took it first.
pub async fn claim(db: &Db, m: &Stored, lease_until: i64) -> Result<bool, sqlx::Error> {
    let n = sqlx::query(
        "UPDATE mail_outbox SET next_attempt_at = $3 \
         WHERE id = $1 AND status = 'pending' AND next_attempt_at = $2",
    )
    .bind(m.id)
    .bind(m.next_attempt_at)
    .bind(lease_until)
    .execute(&db.pool)
    .await?
    .rows_affected();
    Ok(n == 1)
}

/// Records a delivered message.
pub async fn sent(db: &Db, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE mail_outbox SET status = 'sent', attempts = attempts + 1, sent_at = $2, last_error = NULL \
         WHERE id = $1",
    )
    .bind(id)
    .bind(now())
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Records a failed attempt: tried again at `retry_at`, or marked failed when `None`.
pub async fn attempt_failed(db: &Db, id: i64, error: &str, retry_at: Option<i64>) -> Result<(), sqlx::Error> {
    let error: String = error.chars().take(500).collect();
    sqlx::query(
        "UPDATE mail_outbox SET attempts = attempts + 1, last_error = $2, \
         status = CASE WHEN $3 = 1 THEN 'pending' ELSE 'failed' END, next_attempt_at = $4 WHERE id = $1",
    )
    .bind(id)
    .bind(error)
    .bind(i64::from(retry_at.is_some()))
    .bind(retry_at.unwrap_or_else(now))
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The newest messages for the console, before id `before` when paging.
pub async fn admin_list(db: &Db, before: Option<i64>, limit: i64) -> Result<Vec<Stored>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM mail_outbox WHERE id < $1 ORDER BY id DESC LIMIT $2"))
        .bind(before.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(&db.pool)
        .await
}

/// One message for the console.
pub async fn admin_get(db: &Db, id: i64) -> Result<Option<Stored>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM mail_outbox WHERE id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

/// Messages waiting to be sent (pending) and failed for good, for the console and `/ready`.
pub async fn depth(db: &Db) -> Result<(i64, i64), sqlx::Error> {
    sqlx::query_as(
        "SELECT COALESCE(SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0), \
         COALESCE(SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), 0) FROM mail_outbox",
    )
    .fetch_one(&db.pool)
    .await
}
