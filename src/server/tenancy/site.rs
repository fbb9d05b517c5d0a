//! The site a request belongs to, as inserted into its extensions by `http::identify`.

use std::sync::Arc;

use crate::{
    model::{Me, Resolution, SiteInfo, SiteKind},
    server::{
        db::{stores::StoreRecord, StoreId},
        state::App,
    },
};

/// A resolved store plus how this request reached it.
#[derive(Clone, Debug)]
pub struct StoreCtx {
    pub store: Arc<StoreRecord>,
    pub via: Resolution,
    /// `/stores/{code}` in path mode, empty otherwise.
    pub base: String,
    /// `scheme://host[:port]` its pages show: the host the shopper reached, with the scheme
    /// they used and the configured public port (never a port the request named: pages
    /// are cached for everyone).
    pub origin: String,
    /// True when the page shows the store's draft theme (a preview link), not the published one.
    pub preview: bool,
}

impl StoreCtx {
    pub fn id(&self) -> StoreId {
        self.store.id
    }

    pub fn code(&self) -> &str {
        &self.store.code
    }

    /// True when the store has this module enabled.
    pub fn has_module(&self, module: crate::model::Module) -> bool {
        self.store.modules.iter().any(|m| m == module.key())
    }
}

/// Where search engines and shared links should find the store: its primary custom domain,
/// else its subdomain, with the scheme and port of `ctx.origin`.
pub fn canonical_origin(ctx: &StoreCtx, platform_origin: &str) -> String {
    let (scheme, authority) = ctx.origin.split_once("://").unwrap_or(("http", &ctx.origin));
    let port = authority.rsplit_once(':').map(|(_, p)| p).filter(|p| p.bytes().all(|b| b.is_ascii_digit()));
    let port = port.map(|p| format!(":{p}")).unwrap_or_default();
    let platform = platform_origin.split_once("://").map_or(platform_origin, |(_, a)| a);
    let platform = platform.split(':').next().unwrap_or(platform);
    match ctx.store.primary_domain.as_deref() {
        Some(domain) => format!("{scheme}://{domain}{port}"),
        None => format!("{scheme}://{}.{platform}{port}", ctx.code()),
    }
}

/// Which site answers a request.
#[derive(Clone, Debug)]
pub enum Site {
    Platform,
    /// The admin console at `admin.P/…`, where everyone signs in; a signed-in user who is
    /// not a platform admin finds their stores there.
    Admin,
    /// A store's owner dashboard at `admin.P/store/{code}/…` (base `/store/{code}`).
    Dashboard(StoreCtx),
    Storefront(StoreCtx),
    NotFound,
}

impl Site {
    /// A short name for logs and metrics.
    pub fn kind(&self) -> &'static str {
        match self {
            Site::Platform => "platform",
            Site::Admin => "admin",
            Site::Dashboard(_) => "dashboard",
            Site::Storefront(_) => "storefront",
            Site::NotFound => "not_found",
        }
    }

    /// What the browser may see of this site (`me`: the signed-in user, if any).
    pub fn info(&self, app: &App, me: Option<Me>) -> SiteInfo {
        let platform_origin = app.platform_origin.as_str();
        let public =
            |ctx: &StoreCtx| Some(ctx.store.public(canonical_origin(ctx, platform_origin), ctx.preview));
        let (kind, base, store) = match self {
            Site::Storefront(ctx) => (SiteKind::Storefront, ctx.base.clone(), public(ctx)),
            Site::Dashboard(ctx) => (SiteKind::Dashboard, ctx.base.clone(), public(ctx)),
            Site::Admin => (SiteKind::Admin, String::new(), None),
            Site::Platform | Site::NotFound => (SiteKind::Platform, String::new(), None),
        };
        // Storefront pages need no way to the console: they do not name it.
        let admin_origin = match self {
            Site::Storefront(_) | Site::NotFound => String::new(),
            _ => app.admin_origin.clone(),
        };
        SiteInfo {
            kind,
            base,
            store,
            platform_origin: platform_origin.to_string(),
            admin_origin,
            me,
            locked: None,
        }
    }
}
