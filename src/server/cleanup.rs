//! The cleanup task: deletes what nobody can use any more, so tables that anonymous
//! visitors and signed-in people fill do not grow forever. Carts left alone for 30 days
//! (with their lines), expired sessions of staff and of shoppers, expired theme preview
//! links, and one-time password links that expired or were used.
//!
//! Rows go in small batches, one short statement each with a pause between, so the task
//! never holds SQLite's writer (or PostgreSQL's locks) for long beside shoppers' writes.

use std::time::Duration;

use tokio_util::sync::CancellationToken;

use super::{
    db::{now, Db},
    shopper_cookies::Kind,
    state::AppState,
};

/// How long a cart may be left alone (no line added, changed or removed) before it goes:
/// as long as its cookie lives without a change.
pub fn cart_idle_secs() -> i64 {
    Kind::Cart.ttl_secs()
}

/// How often the task runs, and how long after the server starts it first does.
pub const EVERY: Duration = Duration::from_secs(3600);
pub const FIRST_AFTER: Duration = Duration::from_secs(60);

/// The size of each delete and the pause after a full one.
#[derive(Clone, Copy, Debug)]
pub struct Batches {
    pub rows: i64,
    pub pause: Duration,
}

impl Default for Batches {
    fn default() -> Self {
        Self { rows: 500, pause: Duration::from_millis(200) }
    }
}

/// How many rows one sweep deleted, by kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Swept {
    pub carts: u64,
    pub sessions: u64,
    pub shopper_sessions: u64,
    pub previews: u64,
    pub password_links: u64,
    /// Shoppers' sign-up confirmations and resets.
    pub shopper_links: u64,
}

// Each statement deletes at most `$2` rows expired at `$1`. The condition is repeated on the
// outer statement so a row renewed between the inner select and the delete (a cart a
// shopper just changed) is rechecked by PostgreSQL and kept. Lines go with their cart
// (`ON DELETE CASCADE`).
const CARTS: &str = "DELETE FROM carts WHERE updated_at < $1 AND (store_id, token_hash) IN \
     (SELECT store_id, token_hash FROM carts WHERE updated_at < $1 LIMIT $2)";
const SESSIONS: &str = "DELETE FROM sessions WHERE expires_at <= $1 AND token_hash IN \
     (SELECT token_hash FROM sessions WHERE expires_at <= $1 LIMIT $2)";
const SHOPPER_SESSIONS: &str = "DELETE FROM shopper_sessions WHERE expires_at <= $1 AND \
     (store_id, token_hash) IN (SELECT store_id, token_hash FROM shopper_sessions \
     WHERE expires_at <= $1 LIMIT $2)";
const PREVIEWS: &str = "DELETE FROM theme_previews WHERE expires_at <= $1 AND (store_id, token_hash) IN \
     (SELECT store_id, token_hash FROM theme_previews WHERE expires_at <= $1 LIMIT $2)";
const PASSWORD_LINKS: &str = "DELETE FROM password_tokens WHERE (expires_at <= $1 OR used_at IS NOT NULL) \
     AND token_hash IN (SELECT token_hash FROM password_tokens \
     WHERE expires_at <= $1 OR used_at IS NOT NULL LIMIT $2)";
const SHOPPER_LINKS: &str = "DELETE FROM shopper_tokens WHERE (expires_at <= $1 OR used_at IS NOT NULL) \
     AND (store_id, token_hash) IN (SELECT store_id, token_hash FROM shopper_tokens \
     WHERE expires_at <= $1 OR used_at IS NOT NULL LIMIT $2)";

/// Deletes everything expired at `at` (Unix seconds), batch by batch; see the module docs.
pub async fn sweep(db: &Db, at: i64, batches: Batches) -> Result<Swept, sqlx::Error> {
    Ok(Swept {
        carts: in_batches(db, CARTS, at - cart_idle_secs(), batches).await?,
        sessions: in_batches(db, SESSIONS, at, batches).await?,
        shopper_sessions: in_batches(db, SHOPPER_SESSIONS, at, batches).await?,
        previews: in_batches(db, PREVIEWS, at, batches).await?,
        password_links: in_batches(db, PASSWORD_LINKS, at, batches).await?,
        shopper_links: in_batches(db, SHOPPER_LINKS, at, batches).await?,
    })
}

/// Runs one bounded delete until a batch comes back short.
async fn in_batches(db: &Db, sql: &str, before: i64, batches: Batches) -> Result<u64, sqlx::Error> {
    let rows = batches.rows.max(1);
    let mut total = 0;
    loop {
        let n = sqlx::query(sql).bind(before).bind(rows).execute(&db.pool).await?.rows_affected();
        total += n;
        if n < rows as u64 {
            return Ok(total);
        }
        tokio::time::sleep(batches.pause).await;
    }
}

/// Sweeps once an hour until `stop` is cancelled. A sweep under way then is finished (it is
/// short batches, and shutdown waits for it only within its bound).
pub async fn run_cleanup(db: Db, stop: CancellationToken) {
    let start = tokio::time::Instant::now() + FIRST_AFTER;
    let mut ticks = tokio::time::interval_at(start, EVERY);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            biased;
            _ = stop.cancelled() => return,
            _ = ticks.tick() => {}
        }
        match sweep(&db, now(), Batches::default()).await {
            Ok(swept) => tracing::info!(?swept, "cleanup deleted expired rows"),
            Err(e) => tracing::warn!(error = %e, "cleanup failed; it runs again in an hour"),
        }
    }
}

/// Starts [`run_cleanup`] beside the server, on its background tasks, until it shuts down.
pub fn spawn_cleanup(app: &AppState) -> tokio::task::JoinHandle<()> {
    app.tasks.spawn(run_cleanup(app.db.clone(), app.shutdown.clone()))
}
