//! Live theme changes: a published theme is pushed to every open storefront tab of its
//! store over server-sent events. One broadcast channel per store with open tabs, in
//! memory: a connection costs a receiver and a task, and no database work at all.
//!
//! An event's id is a fingerprint of the theme's custom properties. A tab that reconnects
//! sends the last one it saw (`Last-Event-ID`); when the store's theme is different now, it
//! gets the current one at once, so a publish missed while offline is never lost.

use std::{collections::HashMap, convert::Infallible, sync::Mutex, time::Duration};

use axum::{
    extract::State,
    http::HeaderMap,
    response::sse::{Event, KeepAlive, Sse},
    Extension,
};
use sha2::{Digest, Sha256};
use tokio::sync::broadcast;
use tokio_stream::{wrappers::BroadcastStream, Stream, StreamExt};

use super::{
    db::StoreId,
    state::AppState,
    tenancy::{Site, StoreCtx},
};
use crate::{api::error::ApiError, model::Theme};

/// Events a slow tab may fall behind by before it skips to the newest (only the last one
/// matters: each carries a whole theme).
const BACKLOG: usize = 4;
/// A comment line this often keeps proxies from closing an idle stream.
const HEARTBEAT: Duration = Duration::from_secs(25);

/// A theme as one event: its id and its data, made once per publish, shared by every tab.
#[derive(Clone, Debug)]
pub struct ThemeEvent {
    pub id: String,
    pub data: String,
}

impl ThemeEvent {
    pub fn of(theme: &Theme) -> Self {
        let data = serde_json::to_string(&theme.css_var_pairs()).unwrap_or_default();
        let id = hex::encode(&Sha256::digest(data.as_bytes())[..8]);
        Self { id, data }
    }

    fn sse(&self) -> Event {
        Event::default().event("theme").id(self.id.clone()).data(self.data.clone())
    }
}

/// The per-store channels.
#[derive(Default)]
pub struct ThemeHub {
    stores: Mutex<HashMap<StoreId, broadcast::Sender<ThemeEvent>>>,
}

impl ThemeHub {
    /// A receiver of the store's next themes.
    pub fn subscribe(&self, store: StoreId) -> broadcast::Receiver<ThemeEvent> {
        let mut stores = self.stores.lock().unwrap_or_else(|e| e.into_inner());
        stores.entry(store).or_insert_with(|| broadcast::channel(BACKLOG).0).subscribe()
    }

    /// Sends a store's new theme to its open tabs; a store without any has no channel
    /// (and one whose tabs have all gone is dropped here).
    pub fn publish(&self, store: StoreId, theme: &Theme) {
        let mut stores = self.stores.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(tx) = stores.get(&store) {
            if tx.send(ThemeEvent::of(theme)).is_err() {
                stores.remove(&store);
            }
        }
    }

    /// Stores with a channel, for tests and metrics.
    pub fn channels(&self) -> usize {
        self.stores.lock().map(|s| s.len()).unwrap_or(0)
    }
}

/// `GET /events/theme` on a storefront host (under the path prefix in path mode).
pub async fn stream(
    State(app): State<AppState>,
    Extension(site): Extension<Site>,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let ctx: &StoreCtx = match &site {
        Site::Storefront(ctx) => ctx,
        _ => return Err(ApiError::NotFound),
    };
    let rx = app.themes.subscribe(ctx.id());
    let now = ThemeEvent::of(&ctx.store.theme);
    let seen = headers.get("last-event-id").and_then(|v| v.to_str().ok());
    let missed = seen.filter(|id| *id != now.id).map(|_| Ok(now.sse()));
    // A tab that fell behind skips to the newest theme it is sent next.
    let next = BroadcastStream::new(rx).filter_map(|e| e.ok().map(|e| Ok(e.sse())));
    let events = tokio_stream::iter(missed).chain(next);
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(HEARTBEAT)))
}
