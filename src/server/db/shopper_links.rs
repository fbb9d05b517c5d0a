//! Shoppers' one-time links, each mailed to the address it is for: confirming the address
//! at sign-up (the account is made only when the link is used, with the name and password
//! hash chosen at sign-up) and password resets. Only a SHA-256 of a token is stored.

use sqlx::{AnyConnection, FromRow};

use super::{now, shoppers, StoreId};
use crate::server::tokens::{random_hex, sha256_hex};

/// How long a sign-up confirmation works.
pub const SIGNUP_TTL_SECS: i64 = 7 * 24 * 3600;
/// How long a password reset works.
pub const RESET_TTL_SECS: i64 = 3600;

/// A link that was just used.
#[derive(Clone, Debug, FromRow)]
pub struct Used {
    pub email: String,
    pub purpose: String,
    pub name: String,
    pub password_hash: Option<String>,
}

async fn insert(
    conn: &mut AnyConnection,
    store: StoreId,
    email: &str,
    purpose: &str,
    pending: Option<(&str, &str)>,
    ttl_secs: i64,
) -> Result<String, sqlx::Error> {
    let token = random_hex(32);
    let (name, hash) = pending.map_or(("", None), |(n, h)| (n, Some(h)));
    sqlx::query(
        "INSERT INTO shopper_tokens (store_id, token_hash, email, purpose, name, password_hash, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(store.get())
    .bind(sha256_hex(&token))
    .bind(email)
    .bind(purpose)
    .bind(name)
    .bind(hash)
    .bind(now() + ttl_secs)
    .execute(conn)
    .await?;
    Ok(token)
}

/// A link confirming `email`, which makes the account (`name`, `password_hash`) when used.
pub async fn new_signup(
    conn: &mut AnyConnection,
    store: StoreId,
    email: &str,
    name: &str,
    password_hash: &str,
) -> Result<String, sqlx::Error> {
    insert(conn, store, email, "signup", Some((name, password_hash)), SIGNUP_TTL_SECS).await
}

/// A link to choose a new password for the account of `email`.
pub async fn new_reset(conn: &mut AnyConnection, store: StoreId, email: &str) -> Result<String, sqlx::Error> {
    insert(conn, store, email, "reset", None, RESET_TTL_SECS).await
}

/// What a link is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    SignUp,
    Reset,
}

/// Uses a link of this store made for `purpose`: what it holds, if it was valid, unused and
/// unexpired. Every other outstanding link of the same address is spent with it.
pub async fn take(
    conn: &mut AnyConnection,
    store: StoreId,
    token: &str,
    purpose: Purpose,
) -> Result<Option<Used>, sqlx::Error> {
    let t = now();
    // One conditional UPDATE: of two concurrent uses, only one gets the row back.
    let used: Option<Used> = sqlx::query_as(
        "UPDATE shopper_tokens SET used_at = $3 \
         WHERE store_id = $1 AND token_hash = $2 AND used_at IS NULL AND expires_at > $3 AND purpose = $4 \
         RETURNING email, purpose, name, password_hash",
    )
    .bind(store.get())
    .bind(sha256_hex(token))
    .bind(t)
    .bind(match purpose {
        Purpose::SignUp => "signup",
        Purpose::Reset => "reset",
    })
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(u) = &used {
        sqlx::query(
            "UPDATE shopper_tokens SET used_at = $3 WHERE store_id = $1 AND email = $2 AND used_at IS NULL",
        )
        .bind(store.get())
        .bind(&u.email)
        .bind(t)
        .execute(&mut *conn)
        .await?;
    }
    Ok(used)
}

/// Sets the password of the account of `email` (making the account if a sign-up link is
/// used for an address that has none yet) and ends every session it had: the person who
/// reads that mailbox decides. Answers the account's id.
pub async fn set_password(
    conn: &mut AnyConnection,
    store: StoreId,
    email: &str,
    name: &str,
    password_hash: &str,
) -> Result<i64, sqlx::Error> {
    let existing: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM shoppers WHERE store_id = $1 AND email = $2")
            .bind(store.get())
            .bind(email)
            .fetch_optional(&mut *conn)
            .await?;
    let Some((id,)) = existing else {
        return shoppers::create(conn, store, email, name, password_hash).await;
    };
    sqlx::query("UPDATE shoppers SET password_hash = $3 WHERE store_id = $1 AND id = $2")
        .bind(store.get())
        .bind(id)
        .bind(password_hash)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM shopper_sessions WHERE store_id = $1 AND shopper_id = $2")
        .bind(store.get())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(id)
}
