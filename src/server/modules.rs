//! The module gate: one layer decides for pages, server functions and API routes, from
//! the declaration in [`crate::routes`]. It runs inside the router, after the tenancy layer
//! has put the request's `Site` in its extensions and after the auth guard, on the route
//! axum matched.
//!
//! A route of a module the store lacks is refused before its handler runs:
//! - a server function or `/api/…` route: 403 `module not enabled` in the one JSON error
//!   shape (404 on a site that has no store);
//! - a page: the app renders the refusal instead of the page (see [`Locked`]): on a
//!   storefront the store's 404 page; in the owner's dashboard the module's locked card,
//!   403, saying what the module adds and how to get it; the dashboard's home lists every
//!   module, the missing ones as locked cards;
//! - any other route: the plain 404 page.
//!
//! A route the router matched that the declaration lacks is refused too (404), so one
//! that was never declared is closed rather than open (a test fails on it first). What no
//! route matched (files under the site root, 404s) passes to the router's fallback; the
//! storefront's catalog pages, of the core catalog module, are rendered by a layer outside
//! this one. Routes an embedding program adds (`AppConfig::extra_routes`) are its own and
//! not gated. Handlers that only branch on a module (checkout paying with the wallet) ask
//! [`enabled`], the predicate the gate uses.
//!
//! Server functions that a page calls while it renders on the server run under that
//! page's decision: a page shows a module's part only when the store offers it.

use std::{collections::HashMap, sync::LazyLock};

use axum::{
    extract::{MatchedPath, Request},
    middleware::Next,
    response::{IntoResponse, Response},
};

use super::{
    http::{json_errors::is_json_path, status_pages},
    tenancy::{Site, StoreCtx},
};
pub use crate::model::Module;
use crate::{
    error::ApiError,
    routes::{self, Kind, Route, ROUTES},
};

/// Whether the store has `module` (core modules: every store).
pub fn enabled(store: &StoreCtx, module: Module) -> bool {
    module.is_core() || store.has_module(module)
}

/// For a handler that branches on a module: the 403 `module not enabled` of DESIGN.md
/// when the store lacks it.
pub fn require(store: &StoreCtx, module: Module) -> Result<(), ApiError> {
    if enabled(store, module) {
        Ok(())
    } else {
        Err(ApiError::ModuleDisabled { module: module.key().into() })
    }
}

/// Put in a refused page request's extensions: the page shows the refusal for this module
/// (read into `SiteInfo::locked` with the request's other facts).
#[derive(Clone, Copy, Debug)]
pub struct Locked(pub Module);

/// The declaration by path pattern: the gate looks up every routed request.
static DECLARED: LazyLock<HashMap<&str, &Route, foldhash::fast::RandomState>> =
    LazyLock::new(|| ROUTES.iter().map(|r| (r.path, r)).collect());

/// The layer; see the module docs.
pub async fn gate(mut req: Request, next: Next) -> Response {
    let route = match req.extensions().get::<MatchedPath>() {
        Some(matched) => match DECLARED.get(matched.as_str()) {
            Some(route) => *route,
            None => {
                tracing::error!(route = matched.as_str(), "route not declared in routes.rs: refused");
                return not_found(req.uri().path());
            }
        },
        // The fallback: pages the server renders without a route (the catalog's), files, 404s.
        None => match routes::page_at(req.uri().path()) {
            Some(route) => route,
            None => return next.run(req).await,
        },
    };
    let Some(module) = route.owner.gated_module() else {
        return next.run(req).await;
    };
    let store = match req.extensions().get::<Site>() {
        Some(Site::Storefront(ctx) | Site::Dashboard(ctx)) => Some(ctx),
        _ => None,
    };
    if store.is_some_and(|s| enabled(s, module)) {
        return next.run(req).await;
    }
    let leptos_page = req.extensions().get::<MatchedPath>().is_some();
    match route.kind {
        // The app's router answers every matched page, and shows the refusal at its root.
        Kind::Page if leptos_page => {
            req.extensions_mut().insert(Locked(module));
            next.run(req).await
        }
        _ if store.is_some() && is_json_path(req.uri().path()) => {
            ApiError::ModuleDisabled { module: module.key().into() }.into_response()
        }
        _ => not_found(req.uri().path()),
    }
}

/// 404 in the shape the caller reads: JSON for JSON paths, else the plain page.
fn not_found(path: &str) -> Response {
    if is_json_path(path) {
        ApiError::NotFound.into_response()
    } else {
        status_pages::not_found()
    }
}

#[cfg(test)]
mod tests;
