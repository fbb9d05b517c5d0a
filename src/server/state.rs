//! Shared application state.

use std::{net::IpAddr, ops::Deref, sync::Arc};

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use super::{
    auth::throttle::LoginThrottle, db::Db, dns::DnsVerifier, http::cache::PageCache,
    http::public_routes::PublicRoutes, tenancy::Hostname, tenancy::Resolver,
};

/// Cheap to clone: one `Arc`.
#[derive(Clone)]
pub struct AppState(pub Arc<App>);

/// What every request may need.
pub struct App {
    pub leptos: LeptosOptions,
    pub db: Db,
    pub resolver: Resolver,
    pub pages: PageCache,
    /// The storefront routes shared with everyone; every other storefront answer is private.
    pub public: PublicRoutes,
    /// The platform domain P.
    pub platform: Hostname,
    /// `http://P[:port]`, for links back to the platform.
    pub platform_origin: String,
    /// The port the public reaches the app by over plain HTTP, when not 80: what pages
    /// show in their links, whichever port a request named.
    pub public_port: Option<u16>,
    pub trusted_proxies: Vec<IpAddr>,
    pub dns: DnsVerifier,
    pub throttle: LoginThrottle,
    /// Root of uploaded files, and the image origin when the platform has one.
    pub images: std::sync::Arc<super::stored_files::ShownImages>,
    /// Open storefront tabs waiting for their store's next theme.
    pub themes: super::theme_events::ThemeHub,
    /// Writes mail to the outbox and wakes its delivery task.
    pub mailer: Arc<super::mail::Mailer>,
    /// `http://admin.P[:port]`: the origin of the console, the dashboards and sign-in. Every
    /// link to them (pages, mail) is built from it.
    pub admin_origin: String,
    /// The browser bundle, compressed once.
    pub assets: super::http::assets::Assets,
    /// How many carts and guest orders anonymous shoppers may start.
    pub anonymous_writes: super::anonymous_writes::AnonymousWrites,
    /// Cancelled when the server begins to shut down: background tasks watch it to stop
    /// taking new work, and open event streams end on it.
    pub shutdown: tokio_util::sync::CancellationToken,
    /// Where background tasks are spawned, so shutdown can wait for their current work.
    pub tasks: tokio_util::task::TaskTracker,
    /// This process's name among the nodes sharing a database: what it announces of its own
    /// writes (see `server::cluster`) it has done already when the announcement comes back.
    pub node: String,
}

impl Deref for AppState {
    type Target = App;
    fn deref(&self) -> &App {
        &self.0
    }
}

impl App {
    /// `admin.P/store/{code}/`: a store's dashboard.
    pub fn dashboard_url(&self, code: &str) -> String {
        crate::model::dashboard_url(&self.admin_origin, code)
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}
