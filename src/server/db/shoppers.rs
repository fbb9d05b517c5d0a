//! Shopper accounts of a store and their sessions. Every query is keyed by the store, so
//! an account or a session token of one store finds nothing in another.

use sqlx::AnyConnection;

use super::{ids, now, Db, StoreId};

/// A shopper account.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Shopper {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub password_hash: String,
}

/// Creates an account; a taken email is a unique violation.
pub async fn create(
    conn: &mut AnyConnection,
    store: StoreId,
    email: &str,
    name: &str,
    password_hash: &str,
) -> Result<i64, sqlx::Error> {
    let id = ids::next_in_store(&mut *conn, store, "shoppers", 1).await?;
    sqlx::query(
        "INSERT INTO shoppers (store_id, id, email, name, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(store.get())
    .bind(id)
    .bind(email)
    .bind(name)
    .bind(password_hash)
    .bind(now())
    .execute(conn)
    .await?;
    Ok(id)
}

/// The account with this email in this store.
pub async fn by_email(db: &Db, store: StoreId, email: &str) -> Result<Option<Shopper>, sqlx::Error> {
    sqlx::query_as("SELECT id, email, name, password_hash FROM shoppers WHERE store_id = $1 AND email = $2")
        .bind(store.get())
        .bind(email)
        .fetch_optional(&db.pool)
        .await
}

/// Starts a session of `shopper` under the hash of its cookie's token.
pub async fn create_session(
    db: &Db,
    store: StoreId,
    token_hash: &str,
    shopper: i64,
    ttl_secs: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO shopper_sessions (store_id, token_hash, shopper_id, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(store.get())
    .bind(token_hash)
    .bind(shopper)
    .bind(now() + ttl_secs)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The account of a live session in this store.
pub async fn session_shopper(
    db: &Db,
    store: StoreId,
    token_hash: &str,
) -> Result<Option<Shopper>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.id, s.email, s.name, s.password_hash FROM shopper_sessions t \
         JOIN shoppers s ON s.store_id = t.store_id AND s.id = t.shopper_id \
         WHERE t.store_id = $1 AND t.token_hash = $2 AND t.expires_at > $3",
    )
    .bind(store.get())
    .bind(token_hash)
    .bind(now())
    .fetch_optional(&db.pool)
    .await
}

/// Ends a session.
pub async fn delete_session(db: &Db, store: StoreId, token_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM shopper_sessions WHERE store_id = $1 AND token_hash = $2")
        .bind(store.get())
        .bind(token_hash)
        .execute(&db.pool)
        .await?;
    Ok(())
}
