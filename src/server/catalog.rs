//! Renders the storefront's catalog pages (home, product list, a product) without the
//! router: the page's data is loaded first, then the document is rendered in one
//! synchronous pass (see [`Catalog`]).
//!
//! These are the pages a shopper meets first and the ones the page cache misses for a
//! store no one has visited lately. Through leptos_axum they would be rendered as an async
//! stream, with a router, suspense boundaries and owned copies of every attribute for it,
//! and then collected back into one string; a catalog page has nothing to stream and its
//! HTML outside the islands is never hydrated, so none of that is needed. The request's
//! contexts, the meta tags and the response status are provided and read as leptos_axum
//! does, so the page is the same.

use std::sync::Arc;

use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderValue, Method},
    middleware::Next,
    response::Response,
};
use futures::StreamExt;
use hydration_context::{SharedContext, SsrSharedContext};
use leptos::{config::LeptosOptions, prelude::*, reactive::computed::ScopedFuture};
use leptos_axum::ResponseOptions;
use leptos_meta::ServerMetaContext;

use super::{state::AppState, tenancy::Site};
use crate::{
    app::page_shell,
    components::provide_shop_context,
    model::SiteInfo,
    pages::{lazy::is_catalog, storefront::Catalog},
};

/// What rendering a catalog page needs besides the request. The layer holds it in an `Arc`:
/// each layer above clones the service below it for every request, and a clone of the
/// Leptos options (a dozen strings) per layer and request showed in a profile of cached pages.
pub struct CatalogPages {
    pub state: AppState,
    pub options: LeptosOptions,
    /// Provides the request's contexts, as for every other page.
    pub context: Arc<dyn Fn() + Send + Sync>,
}

/// The middleware: a storefront's `GET` or `HEAD` of a catalog page is rendered here;
/// anything else goes on to the router.
pub async fn pages(State(pages): State<Arc<CatalogPages>>, req: Request, next: Next) -> Response {
    let storefront = matches!(req.extensions().get::<Site>(), Some(Site::Storefront(_)));
    let read = req.method() == Method::GET || req.method() == Method::HEAD;
    if !(storefront && read && is_catalog(req.uri().path())) {
        return next.run(req).await;
    }
    pages.render(req).await
}

impl CatalogPages {
    async fn render(&self, req: Request) -> Response {
        let (parts, _) = req.into_parts();
        let path = parts.uri.path().to_string();
        let search = Catalog::search_params(parts.uri.query().unwrap_or_default());
        let shared: Arc<dyn SharedContext + Send + Sync> = Arc::new(SsrSharedContext::new());
        let owner = Owner::new_root(Some(shared.clone()));
        let response = ResponseOptions::default();
        let (meta, meta_tags) = ServerMetaContext::new();
        owner.with(|| {
            provide_context(meta);
            provide_context(response.clone());
            provide_context(parts);
            provide_context(self.state.clone());
            (self.context)();
            provide_context(Catalog::location(&path, &search));
        });
        let page = owner.with(|| ScopedFuture::new(Catalog::load(&path, &search))).await;
        let html = owner.with(|| {
            leptos_meta::provide_meta_context();
            if let Some(site) = use_context::<SiteInfo>() {
                provide_shop_context(site);
            }
            page_shell(self.options.clone(), || page.view()).to_html()
        });
        // After the document, the hydration data of its islands, as leptos_axum writes it
        // (the browser's hydration reads these globals even when there is nothing in them).
        let data = futures::stream::iter(shared.pending_data()).flatten();
        let page = futures::stream::once(async { html })
            .chain(data.map(|chunk| format!("<script>{chunk}</script>")))
            .boxed();
        let html = meta_tags.inject_meta_context(page).await.collect::<String>().await;
        drop(owner);

        let mut res = Response::new(Body::from(html));
        res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
        let set = std::mem::take(&mut *response.0.write().unwrap_or_else(|e| e.into_inner()));
        if let Some(status) = set.status {
            *res.status_mut() = status;
        }
        res.headers_mut().extend(set.headers);
        res
    }
}
