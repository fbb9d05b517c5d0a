//! Live theme changes: a published theme is pushed to every open storefront tab of its
//! store over server-sent events. One broadcast channel per store with open tabs, in
//! memory: a connection costs a receiver and a task, and no database work at all.
//!
//! An event's id is a fingerprint of the theme's custom properties. A tab that reconnects
//! sends the last one it saw (`Last-Event-ID`); when the store's theme is different now, it
//! gets the current one at once, so a publish missed while offline is never lost.
//!
//! Open streams are capped per client network and per store (a tab over the cap gets 429
//! and simply shows no live updates), and all of them end when the server shuts down, so
//! tabs reconnect to another node.

use std::{
    collections::HashMap,
    convert::Infallible,
    net::{IpAddr, Ipv4Addr},
    sync::{Arc, Mutex},
    time::Duration,
};

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
    tenancy::{network_of, ClientIp, Site, StoreCtx},
};
use crate::{error::ApiError, model::Theme};

/// Events a slow tab may fall behind by before it skips to the newest (only the last one
/// matters: each carries a whole theme).
const BACKLOG: usize = 4;
/// A comment line this often keeps proxies from closing an idle stream.
const HEARTBEAT: Duration = Duration::from_secs(25);
/// Seconds a refused tab is told to wait before trying again.
const RETRY_AFTER: u64 = 30;

/// How many theme-event streams may be open at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StreamCaps {
    /// From one client network (an IPv4 address, or an IPv6 /64).
    pub per_client: usize,
    /// To one store, from everyone.
    pub per_store: usize,
}

impl Default for StreamCaps {
    fn default() -> Self {
        Self { per_client: 16, per_store: 2_000 }
    }
}

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

/// The per-store channels, and the open streams counted per client network.
#[derive(Default)]
pub struct ThemeHub {
    stores: Mutex<HashMap<StoreId, broadcast::Sender<ThemeEvent>>>,
    clients: Arc<Mutex<HashMap<IpAddr, usize>>>,
    caps: StreamCaps,
}

/// A stream's receiver and the place it holds among its client's streams.
pub struct Subscription {
    pub events: broadcast::Receiver<ThemeEvent>,
    _slot: ClientSlot,
}

/// Which cap refused a stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Full {
    Client,
    Store,
}

/// One open stream of a client network; given back when dropped.
struct ClientSlot {
    clients: Arc<Mutex<HashMap<IpAddr, usize>>>,
    network: IpAddr,
}

impl Drop for ClientSlot {
    fn drop(&mut self) {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = clients.get_mut(&self.network) {
            *n -= 1;
            if *n == 0 {
                clients.remove(&self.network);
            }
        }
    }
}

impl ThemeHub {
    pub fn new(caps: StreamCaps) -> Self {
        Self { caps, ..Self::default() }
    }

    /// A receiver of the store's next themes for a client, unless it or the store has as
    /// many streams open as the caps allow.
    pub fn subscribe(&self, store: StoreId, client: IpAddr) -> Result<Subscription, Full> {
        let slot = self.take_slot(network_of(client))?;
        let mut stores = self.stores.lock().unwrap_or_else(|e| e.into_inner());
        let tx = stores.entry(store).or_insert_with(|| broadcast::channel(BACKLOG).0);
        // A stream's receiver lives exactly as long as the stream: it is the store's count.
        if tx.receiver_count() >= self.caps.per_store {
            return Err(Full::Store);
        }
        Ok(Subscription { events: tx.subscribe(), _slot: slot })
    }

    fn take_slot(&self, network: IpAddr) -> Result<ClientSlot, Full> {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        let open = clients.entry(network).or_insert(0);
        if *open >= self.caps.per_client {
            return Err(Full::Client);
        }
        *open += 1;
        Ok(ClientSlot { clients: self.clients.clone(), network })
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
    client: Option<Extension<ClientIp>>,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let ctx: &StoreCtx = match &site {
        Site::Storefront(ctx) => ctx,
        _ => return Err(ApiError::NotFound),
    };
    // Without a known address every such client shares one count: the cap still holds.
    let client = client.map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |Extension(ClientIp(ip))| ip);
    let Subscription { events: rx, _slot: slot } =
        app.themes.subscribe(ctx.id(), client).map_err(|full| {
            tracing::debug!(?full, store = ctx.code(), "theme stream refused");
            ApiError::Throttled { retry_after: RETRY_AFTER }
        })?;
    let now = ThemeEvent::of(ctx.store.theme());
    let seen = headers.get("last-event-id").and_then(|v| v.to_str().ok());
    let missed = seen.filter(|id| *id != now.id).map(|_| Ok(now.sse()));
    // A tab that fell behind skips to the newest theme it is sent next.
    let next = BroadcastStream::new(rx).filter_map(move |e| {
        let _held_until_the_stream_ends = &slot;
        e.ok().map(|e| Ok(e.sse()))
    });
    let events = tokio_stream::iter(missed).chain(next);
    let events = futures::StreamExt::take_until(events, app.shutdown.clone().cancelled_owned());
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(HEARTBEAT)))
}
