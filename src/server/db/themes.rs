//! Theme versions of a store: at most one draft, one published, the earlier published ones
//! archived. A version is never changed once published; reverting publishes a copy.

use sqlx::AnyConnection;

use super::{now, Db, StoreId};
use crate::model::{Theme, ThemeVersion};

/// The store's draft, if it has one.
pub async fn draft(db: &Db, store: StoreId) -> Result<Option<ThemeVersion>, sqlx::Error> {
    let mut all = versions(db, store, "state = 'draft'", 1).await?;
    Ok(all.pop())
}

/// The published version and the archived ones, newest first.
pub async fn history(db: &Db, store: StoreId) -> Result<Vec<ThemeVersion>, sqlx::Error> {
    versions(db, store, "state IN ('published', 'archived')", 50).await
}

async fn versions(
    db: &Db,
    store: StoreId,
    which: &str,
    limit: i64,
) -> Result<Vec<ThemeVersion>, sqlx::Error> {
    let rows: Vec<(i64, String, String, Option<String>, i64)> = sqlx::query_as(&format!(
        "SELECT version, tokens, state, author, created_at FROM theme_versions \
         WHERE store_id = $1 AND {which} ORDER BY version DESC LIMIT $2"
    ))
    .bind(store.get())
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(version, tokens, state, author, created_at)| ThemeVersion {
            version,
            theme: Theme::from_stored(&tokens),
            published: state == "published",
            author: author.unwrap_or_default(),
            created_at,
        })
        .collect())
}

/// Saves the draft, creating it when the store has none.
pub async fn save_draft(
    conn: &mut AnyConnection,
    store: StoreId,
    theme: &Theme,
    author: &str,
) -> Result<(), sqlx::Error> {
    let tokens = serde_json::to_string(theme).unwrap_or_default();
    let n = sqlx::query(
        "UPDATE theme_versions SET tokens = $2, author = $3, created_at = $4 WHERE store_id = $1 AND state = 'draft'",
    )
    .bind(store.get())
    .bind(&tokens)
    .bind(author)
    .bind(now())
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if n == 0 {
        insert(conn, store, &tokens, "draft", author).await?;
    }
    Ok(())
}

/// A new version after every other one.
async fn insert(
    conn: &mut AnyConnection,
    store: StoreId,
    tokens: &str,
    state: &str,
    author: &str,
) -> Result<i64, sqlx::Error> {
    let (version,): (i64,) = sqlx::query_as(
        "INSERT INTO theme_versions (store_id, version, tokens, state, author, created_at) \
         SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4, $5 FROM theme_versions WHERE store_id = $1 \
         RETURNING version",
    )
    .bind(store.get())
    .bind(tokens)
    .bind(state)
    .bind(author)
    .bind(now())
    .fetch_one(conn)
    .await?;
    Ok(version)
}

async fn archive_published(conn: &mut AnyConnection, store: StoreId) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE theme_versions SET state = 'archived' WHERE store_id = $1 AND state = 'published'")
        .bind(store.get())
        .execute(conn)
        .await?;
    Ok(())
}

/// Publishes the draft as the store's theme; its version, or `None` without a draft.
pub async fn publish_draft(
    conn: &mut AnyConnection,
    store: StoreId,
    author: &str,
) -> Result<Option<i64>, sqlx::Error> {
    let draft: Option<(i64,)> =
        sqlx::query_as("SELECT version FROM theme_versions WHERE store_id = $1 AND state = 'draft'")
            .bind(store.get())
            .fetch_optional(&mut *conn)
            .await?;
    let Some((version,)) = draft else { return Ok(None) };
    archive_published(conn, store).await?;
    sqlx::query(
        "UPDATE theme_versions SET state = 'published', author = $3, created_at = $4 \
         WHERE store_id = $1 AND version = $2",
    )
    .bind(store.get())
    .bind(version)
    .bind(author)
    .bind(now())
    .execute(conn)
    .await?;
    Ok(Some(version))
}

/// Publishes `theme` as a new version (a revert, or the console's edit); its version.
pub async fn publish(
    conn: &mut AnyConnection,
    store: StoreId,
    theme: &Theme,
    author: &str,
) -> Result<i64, sqlx::Error> {
    archive_published(conn, store).await?;
    insert(conn, store, &serde_json::to_string(theme).unwrap_or_default(), "published", author).await
}

/// A version that was published once, to revert to.
pub async fn published_once(
    conn: &mut AnyConnection,
    store: StoreId,
    version: i64,
) -> Result<Option<Theme>, sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT tokens FROM theme_versions WHERE store_id = $1 AND version = $2 AND state IN ('published', 'archived')",
    )
    .bind(store.get())
    .bind(version)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(tokens,)| Theme::from_stored(&tokens)))
}

/// Drops the draft; false when there was none.
pub async fn discard_draft(conn: &mut AnyConnection, store: StoreId) -> Result<bool, sqlx::Error> {
    let n = sqlx::query("DELETE FROM theme_versions WHERE store_id = $1 AND state = 'draft'")
        .bind(store.get())
        .execute(conn)
        .await?
        .rows_affected();
    Ok(n > 0)
}
