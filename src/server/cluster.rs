//! What a node tells the others. On PostgreSQL several `arcade serve` nodes share one
//! database, and each keeps stores in memory: the resolver's records and, through a store's
//! revision, its cached pages. A write that changes what they keep announces the store on
//! [`CHANNEL`] in its own transaction (`pg_notify`, which PostgreSQL delivers only if the
//! transaction commits), and every other node forgets that store when the announcement
//! arrives; the writer's node forgets it as the write commits (`server::write`), and hears
//! its own announcement without acting on it. A node whose listening connection was cut
//! may have missed some: once it is back, it forgets every store. On SQLite one process
//! serves the database and nothing is announced.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use sqlx::{postgres::PgListener, AnyConnection};

use super::{
    db::{Db, StoreId},
    state::AppState,
};

/// The notification channel of changed stores.
pub const CHANNEL: &str = "arcade_stores";

/// A store whose cached record (and so its pages) is out of date.
#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreChanged {
    /// The node that made the write ([`App::node`](super::state::App::node)).
    pub node: String,
    pub id: i64,
    pub code: String,
    /// Names the store answered to before the write and no longer does.
    #[serde(default)]
    pub gone: Vec<String>,
    /// True when the write published a theme: each node sends it to its open tabs.
    #[serde(default)]
    pub theme: bool,
}

/// Announces `change` to every node once the transaction of `conn` (PostgreSQL) commits.
pub async fn announce(conn: &mut AnyConnection, change: &StoreChanged) -> Result<(), sqlx::Error> {
    let payload = serde_json::to_string(change).expect("a store change serialises");
    // `pg_notify` returns `void`, a type the Any driver cannot decode: select a constant.
    sqlx::query("SELECT 1 AS sent FROM (SELECT pg_notify($1, $2)) AS notified")
        .bind(CHANNEL)
        .bind(payload)
        .execute(conn)
        .await?;
    Ok(())
}

/// On PostgreSQL, a connection listening for changed stores, for [`follow`]; `None` on
/// SQLite. Made before the node serves, so that nothing it caches goes unheard.
pub async fn listen(db: &Db) -> Result<Option<PgListener>, sqlx::Error> {
    let Some(listener) = db.listener().await else { return Ok(None) };
    let mut listener = listener?;
    listener.listen(CHANNEL).await?;
    Ok(Some(listener))
}

/// Forgets the stores other nodes (and this one) announce, until the server shuts down.
/// The listener connects again when cut, and listens again on the channel when it does.
pub async fn follow(app: AppState, mut listener: PgListener) {
    loop {
        let next = tokio::select! {
            _ = app.shutdown.cancelled() => return,
            next = listener.try_recv() => next,
        };
        match next {
            Ok(Some(notification)) => match serde_json::from_str::<StoreChanged>(notification.payload()) {
                // The writer's node forgot the store and told its tabs as the write committed.
                Ok(change) if change.node == app.node => {}
                Ok(change) => {
                    let gone: Vec<&str> = change.gone.iter().map(String::as_str).collect();
                    app.resolver.invalidate_store(StoreId::from_db(change.id), &change.code, &gone).await;
                    if change.theme {
                        tell_tabs(&app, &change.code).await;
                    }
                }
                Err(e) => tracing::warn!(error = %e, "an announcement of a changed store was not understood"),
            },
            Ok(None) => {
                tracing::warn!(
                    "the connection that hears of changed stores was cut: every store is forgotten"
                );
                app.resolver.clear().await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot hear of changed stores: every store is forgotten, trying again");
                app.resolver.clear().await;
                tokio::select! {
                    _ = app.shutdown.cancelled() => return,
                    _ = tokio::time::sleep(Duration::from_secs(1)) => {}
                }
            }
        }
    }
}

/// Sends the store's published theme, read again, to the tabs open on this node.
async fn tell_tabs(app: &AppState, code: &str) {
    match app.resolver.by_code(code).await {
        Ok(Some(store)) => app.themes.publish(store.id, store.theme()),
        Ok(None) => {}
        Err(e) => tracing::warn!(error = %e, code, "a published theme could not be read for the open tabs"),
    }
}
