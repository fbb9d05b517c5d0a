//! Server side of console and dashboard calls: who is asking, for which site, and
//! whether they may. The guard already refused most wrong callers; these checks make
//! each function safe on its own, whichever host it is called on.

use leptos::prelude::*;

use crate::error::ApiError;
pub use crate::model::Action;
use crate::server::{
    auth::{roles, Principal},
    db::{Db, StoreId},
    state::AppState,
    tenancy::{RequestOrigin, Site, StoreCtx},
    write::{Shows, Write},
};

/// The app state of this request.
pub fn state() -> Result<AppState, ApiError> {
    use_context::<AppState>().ok_or_else(|| ApiError::server("server not ready"))
}

/// The signed-in user, or 401.
pub fn principal() -> Result<Principal, ApiError> {
    use_context::<Principal>().ok_or(ApiError::Unauthorized)
}

/// The request's own origin.
pub fn origin() -> RequestOrigin {
    use_context::<RequestOrigin>().unwrap_or_else(|| RequestOrigin(String::new()))
}

/// A platform admin calling from the admin console.
pub fn admin() -> Result<(AppState, Principal), ApiError> {
    let who = principal()?;
    if !who.is_admin || !matches!(use_context::<Site>(), Some(Site::Admin)) {
        return Err(ApiError::Forbidden);
    }
    Ok((state()?, who))
}

/// The dashboard's store, for a caller whom the roles table lets do the call's action.
pub struct Dashboard {
    pub app: AppState,
    pub who: Principal,
    pub store: StoreCtx,
}

impl Dashboard {
    pub fn id(&self) -> StoreId {
        self.store.id()
    }

    pub fn code(&self) -> &str {
        self.store.code()
    }

    pub fn db(&self) -> &Db {
        &self.app.db
    }

    /// Whether the caller may also do `action` here (what a page offers them).
    pub fn may(&self, action: Action) -> bool {
        roles::permits(&self.who, action, self.store.store.status)
    }

    /// Starts a write to this store by the caller; see [`Write`].
    pub async fn write(&self, shows: Shows) -> Result<Write, ApiError> {
        Ok(Write::begin(&self.app, self.who.actor()).await?.store(self.id(), self.code(), shows))
    }
}

/// The dashboard of this request, if its caller may do `action` there (README's "Who may
/// do what"); 403 otherwise, before anything is read or written.
pub fn dashboard(action: Action) -> Result<Dashboard, ApiError> {
    let who = principal()?;
    let Some(Site::Dashboard(store)) = use_context::<Site>() else {
        return Err(ApiError::Forbidden);
    };
    if !roles::permits(&who, action, store.store.status) {
        return Err(ApiError::Forbidden);
    }
    Ok(Dashboard { app: state()?, who, store })
}

/// Runs a server function body and gives its error the right HTTP status.
pub async fn respond<T>(body: impl std::future::Future<Output = Result<T, ApiError>>) -> Result<T, ApiError> {
    let result = body.await;
    if let Err(e) = &result {
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            res.set_status(e.status_code());
            if let Some(seconds) = e.retry_after() {
                res.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from(seconds));
            }
        }
    }
    result
}

/// Where a store can be reached: subdomain, path mode, primary custom domain, dashboard.
pub fn store_links(app: &AppState, code: &str, primary_domain: Option<&str>) -> Vec<(String, String)> {
    let origin = &app.platform_origin;
    let (scheme, host) = origin.split_once("://").unwrap_or(("http", origin));
    let port = host.rsplit_once(':').map(|(_, p)| format!(":{p}")).unwrap_or_default();
    let mut links = vec![
        ("Subdomain".to_string(), format!("{scheme}://{code}.{host}/")),
        ("Path".to_string(), format!("{origin}/stores/{code}/")),
    ];
    if let Some(d) = primary_domain {
        links.push(("Custom domain".to_string(), format!("{scheme}://{d}{port}/")));
    }
    links.push(("Dashboard".to_string(), app.dashboard_url(code)));
    links
}
