//! Users, store memberships, sessions and one-time links (invites and password resets).
//!
//! An account's email is proven when a link mailed to it is used; until then the account
//! has no password and its memberships give no role (see [`role_in`]).

use sqlx::{AnyConnection, FromRow};

use super::{now, Db, StoreId};

/// A user row (the password hash stays in this module's callers on the server).
#[derive(Clone, Debug, FromRow)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub password_hash: Option<String>,
    pub is_admin: i64,
}

/// Normalizes an email for storage and lookup, or says what is wrong with it.
pub fn parse_email(input: &str) -> Result<String, &'static str> {
    let email = input.trim().to_ascii_lowercase();
    let (local, domain) = email.split_once('@').ok_or("enter an email address like name@example.com")?;
    let ok = !local.is_empty()
        && email.len() <= 254
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | ','))
        && !domain.contains('@');
    if ok {
        Ok(email)
    } else {
        Err("enter an email address like name@example.com")
    }
}

pub async fn by_email(db: &Db, email: &str) -> Result<Option<User>, sqlx::Error> {
    sqlx::query_as("SELECT id, email, password_hash, is_admin FROM users WHERE email = $1")
        .bind(email)
        .fetch_optional(&db.pool)
        .await
}

/// Creates a user, or returns the existing one with this email (`false` = existed).
pub async fn get_or_create(
    conn: &mut AnyConnection,
    email: &str,
    password_hash: Option<&str>,
    is_admin: bool,
) -> Result<(i64, bool), sqlx::Error> {
    if let Some((id,)) = sqlx::query_as::<_, (i64,)>("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_optional(&mut *conn)
        .await?
    {
        return Ok((id, false));
    }
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO users (email, password_hash, is_admin, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(email)
    .bind(password_hash)
    .bind(i64::from(is_admin))
    .bind(now())
    .fetch_one(&mut *conn)
    .await?;
    Ok((id, true))
}

/// Creates or updates a platform admin with this password (`arcade admin create`, `--demo`).
pub async fn upsert_admin(db: &Db, email: &str, password_hash: &str) -> Result<i64, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let (id, _) = get_or_create(&mut tx, email, Some(password_hash), true).await?;
    sqlx::query("UPDATE users SET is_admin = 1 WHERE id = $1").bind(id).execute(&mut *tx).await?;
    // Also ends the admin's sessions, so a reset locks out whoever had the old password.
    set_password(&mut tx, id, password_hash).await?;
    tx.commit().await?;
    Ok(id)
}

/// How long an invite link works.
pub const INVITE_TTL_SECS: i64 = 7 * 24 * 3600;
/// How long a password-reset link works.
pub const RESET_TTL_SECS: i64 = 3600;

/// Sets a user's password, counts their email as proven (the password came through a link
/// mailed to it, or from the operator's shell) and ends all their sessions.
pub async fn set_password(
    conn: &mut AnyConnection,
    user: i64,
    password_hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET password_hash = $2, email_verified_at = COALESCE(email_verified_at, $3) WHERE id = $1",
    )
    .bind(user)
    .bind(password_hash)
    .bind(now())
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user).execute(&mut *conn).await?;
    Ok(())
}

/// Adds (or changes) a membership.
pub async fn add_member(
    conn: &mut AnyConnection,
    store: StoreId,
    user: i64,
    role: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO store_members (store_id, user_id, role, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (store_id, user_id) DO UPDATE SET role = excluded.role",
    )
    .bind(store.get())
    .bind(user)
    .bind(role)
    .bind(now())
    .execute(conn)
    .await?;
    Ok(())
}

/// Makes `email` a member of the store with `role`, creating the account if needed. An
/// account whose email is not proven yet gets a one-time set-password token (a week long),
/// answered here to be mailed to that address and to nobody else; a proven account gets
/// `None` (it is told by mail that it was added).
pub async fn invite(
    conn: &mut AnyConnection,
    store: StoreId,
    email: &str,
    role: &str,
) -> Result<Option<String>, sqlx::Error> {
    let (user, _) = get_or_create(&mut *conn, email, None, false).await?;
    add_member(&mut *conn, store, user, role).await?;
    if is_proven(&mut *conn, user).await? {
        return Ok(None);
    }
    Ok(Some(new_link(&mut *conn, user, Purpose::Invite).await?))
}

/// True when the account's email was proven (a link mailed to it was used).
async fn is_proven(conn: &mut AnyConnection, user: i64) -> Result<bool, sqlx::Error> {
    let (proven,): (i64,) = sqlx::query_as(
        "SELECT CASE WHEN email_verified_at IS NULL THEN 0 ELSE 1 END FROM users WHERE id = $1",
    )
    .bind(user)
    .fetch_one(&mut *conn)
    .await?;
    Ok(proven == 1)
}

/// What a one-time link is for; it decides how long the link works.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// An invitation to a store's team: a week.
    Invite,
    /// A password reset, or the first password of an account never used: an hour.
    Reset,
}

impl Purpose {
    fn key(self) -> &'static str {
        match self {
            Purpose::Invite => "invite",
            Purpose::Reset => "reset",
        }
    }

    fn ttl_secs(self) -> i64 {
        match self {
            Purpose::Invite => INVITE_TTL_SECS,
            Purpose::Reset => RESET_TTL_SECS,
        }
    }
}

/// Makes a one-time link for `user`: the token to mail (only its hash is stored).
pub async fn new_link(conn: &mut AnyConnection, user: i64, purpose: Purpose) -> Result<String, sqlx::Error> {
    let token = crate::server::tokens::random_hex(32);
    let hash = crate::server::tokens::sha256_hex(&token);
    sqlx::query(
        "INSERT INTO password_tokens (token_hash, user_id, expires_at, purpose) VALUES ($1, $2, $3, $4)",
    )
    .bind(&hash)
    .bind(user)
    .bind(now() + purpose.ttl_secs())
    .bind(purpose.key())
    .execute(conn)
    .await?;
    Ok(token)
}

/// Ends a staff member's membership; false when `email` is not staff of the store (an
/// owner cannot be removed here). Their next request finds no role: access ends at once.
pub async fn remove_staff(
    conn: &mut AnyConnection,
    store: StoreId,
    email: &str,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query(
        "DELETE FROM store_members WHERE store_id = $1 AND role = 'staff' \
         AND user_id = (SELECT id FROM users WHERE email = $2)",
    )
    .bind(store.get())
    .bind(email)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(n == 1)
}

/// The user's role in a store, if any: none until the user's email is proven.
pub async fn role_in(db: &Db, store: StoreId, user: i64) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT m.role FROM store_members m JOIN users u ON u.id = m.user_id \
             WHERE m.store_id = $1 AND m.user_id = $2 AND u.email_verified_at IS NOT NULL",
    )
    .bind(store.get())
    .bind(user)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|(r,)| r))
}

/// The stores a user belongs to: (code, name, role).
pub async fn stores_of(db: &Db, user: i64) -> Result<Vec<(String, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.code, s.name, m.role FROM store_members m JOIN stores s ON s.id = m.store_id \
         JOIN users u ON u.id = m.user_id \
         WHERE m.user_id = $1 AND u.email_verified_at IS NOT NULL ORDER BY s.code LIMIT 200",
    )
    .bind(user)
    .fetch_all(&db.pool)
    .await
}

/// Members of a store: (email, role, email proven).
pub async fn members_of(db: &Db, store: StoreId) -> Result<Vec<(String, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.email, m.role, CASE WHEN u.email_verified_at IS NULL THEN 0 ELSE 1 END \
         FROM store_members m JOIN users u ON u.id = m.user_id WHERE m.store_id = $1 ORDER BY m.role, u.email",
    )
    .bind(store.get())
    .fetch_all(&db.pool)
    .await
}

/// A session's user, when the session exists and has not expired.
pub async fn session_user(db: &Db, token_hash: &str) -> Result<Option<User>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.id, u.email, u.password_hash, u.is_admin FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2",
    )
    .bind(token_hash)
    .bind(now())
    .fetch_optional(&db.pool)
    .await
}

pub async fn create_session(db: &Db, token_hash: &str, user: i64, ttl_secs: i64) -> Result<(), sqlx::Error> {
    let t = now();
    // Expired sessions of this user go at the same time, so the table does not grow.
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND expires_at <= $2")
        .bind(user)
        .bind(t)
        .execute(&db.pool)
        .await?;
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash)
        .bind(user)
        .bind(t)
        .bind(t + ttl_secs)
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn delete_session(db: &Db, token_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(&db.pool).await?;
    Ok(())
}

/// Uses a one-time link: the user's id and email if it was valid, unused and unexpired.
/// Every other outstanding link of the account is spent with it.
pub async fn take_password_token(
    conn: &mut AnyConnection,
    token_hash: &str,
) -> Result<Option<(i64, String)>, sqlx::Error> {
    // One conditional UPDATE: of two concurrent uses, only one gets the row back.
    let taken: Option<(i64,)> = sqlx::query_as(
        "UPDATE password_tokens SET used_at = $2 \
         WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING user_id",
    )
    .bind(token_hash)
    .bind(now())
    .fetch_optional(&mut *conn)
    .await?;
    let Some((user,)) = taken else {
        return Ok(None);
    };
    // The user's other links (one per invite, or resets) are spent too.
    sqlx::query("UPDATE password_tokens SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL")
        .bind(user)
        .bind(now())
        .execute(&mut *conn)
        .await?;
    // The link was mailed to the account's address: whoever used it reads that mailbox.
    sqlx::query("UPDATE users SET email_verified_at = COALESCE(email_verified_at, $2) WHERE id = $1")
        .bind(user)
        .bind(now())
        .execute(&mut *conn)
        .await?;
    let (email,): (String,) =
        sqlx::query_as("SELECT email FROM users WHERE id = $1").bind(user).fetch_one(&mut *conn).await?;
    Ok(Some((user, email)))
}

#[cfg(test)]
mod tests {
    use super::parse_email;

    #[test]
    fn emails_are_normalized_or_refused() {
        assert_eq!(parse_email(" Ann@Example.COM "), Ok("ann@example.com".into()));
        for bad in
            ["", "ann", "ann@", "@x.com", "a@b", "a b@x.com", "a@x.com\r\nBcc: y", "a@@x.com", "a@.x.com"]
        {
            assert!(parse_email(bad).is_err(), "{bad:?} accepted");
        }
    }
}
