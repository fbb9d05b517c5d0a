//! Links that show a store's draft theme on its own host: a random token, of which only
//! the SHA-256 is kept, valid for a week or until the draft is published or discarded.

use sqlx::AnyConnection;

use super::{now, Db, StoreId};
use crate::{model::Theme, server::tokens::sha256_hex};

/// How long a preview link works.
pub const LIFETIME_SECS: i64 = 7 * 24 * 3600;

pub async fn create(conn: &mut AnyConnection, store: StoreId, token: &str) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO theme_previews (store_id, token_hash, expires_at) VALUES ($1, $2, $3)")
        .bind(store.get())
        .bind(sha256_hex(token))
        .bind(now() + LIFETIME_SECS)
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends every preview link of the store.
pub async fn revoke(conn: &mut AnyConnection, store: StoreId) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM theme_previews WHERE store_id = $1").bind(store.get()).execute(conn).await?;
    Ok(())
}

/// The draft a link of this store shows, if the link is live and the draft still there.
pub async fn draft_for(db: &Db, store: StoreId, token: &str) -> Result<Option<Theme>, sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT t.tokens FROM theme_previews p JOIN theme_versions t \
         ON t.store_id = p.store_id AND t.state = 'draft' \
         WHERE p.store_id = $1 AND p.token_hash = $2 AND p.expires_at > $3",
    )
    .bind(store.get())
    .bind(sha256_hex(token))
    .bind(now())
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|(tokens,)| Theme::from_stored(&tokens)))
}
