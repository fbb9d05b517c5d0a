//! A bounded cache of rendered storefront responses for anonymous GETs.
//!
//! Keys carry the store's revision, which every write that changes what a storefront
//! shows bumps; a new revision reaches this process through the resolver cache, so stale
//! entries are never read again and age out.
//!
//! A page is kept with an `ETag`, and in brotli and gzip beside its plain bytes once a client
//! has asked for them; a hit answers in the coding the client accepts, or `304`.

use std::{sync::Arc, time::Duration};

use axum::{
    body::{to_bytes, Body},
    extract::Request,
    http::{header, HeaderMap, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use moka::sync::Cache;

use super::{
    compress::{Coding, Compressed},
    status_pages as pages,
};
use crate::{model::Resolution, server::tenancy::StoreCtx};

/// Largest response body kept.
const MAX_BODY: usize = 1 << 20;

/// What identifies a cached response.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PageKey {
    store: i64,
    revision: i64,
    /// Whether the logo and favicon files were there when the store was loaded: that is
    /// read from the file system, so no revision counts it.
    images: (bool, bool),
    via: Resolution,
    origin: Box<str>,
    path_and_query: Box<str>,
}

#[derive(Debug)]
struct Cached {
    headers: HeaderMap,
    body: Compressed,
}

/// Brotli quality for pages: a fraction of a millisecond for a 15 kB page, within a few per
/// cent of the smallest; paid once per page and coding.
const PAGE_QUALITY: u32 = 5;

/// The page cache; `capacity_bytes == 0` turns it off.
#[derive(Clone)]
pub struct PageCache {
    cache: Option<Cache<PageKey, Arc<Cached>>>,
}

impl PageCache {
    pub fn new(capacity_bytes: u64) -> Self {
        let cache = (capacity_bytes > 0).then(|| {
            Cache::builder()
                .max_capacity(capacity_bytes)
                .weigher(|k: &PageKey, v: &Arc<Cached>| {
                    // The plain page and room for its compressed forms (about a fifth each).
                    (v.body.identity.len() * 3 / 2 + k.path_and_query.len() + k.origin.len() + 256)
                        .try_into()
                        .unwrap_or(u32::MAX)
                })
                .time_to_live(Duration::from_secs(600))
                .build()
        });
        Self { cache }
    }

    /// The key for this request, or `None` when it must not be served from cache: not a
    /// GET, or one of a shopper's own pages ([`is_private`]). Cookies do not matter: no
    /// other storefront page reads them (the cart badge is filled in the browser), so a
    /// shopper with a cart is served the same cached pages as everyone.
    pub fn key(&self, ctx: &StoreCtx, req: &Request) -> Option<PageKey> {
        self.cache.as_ref()?;
        if req.method() != Method::GET || is_private(req.uri().path()) {
            return None;
        }
        let pq = req.uri().path_and_query()?.as_str();
        // Pages only: assets and uploads are files already, caching them would only
        // duplicate them in memory.
        if pq.len() > 512 || pq.starts_with("/uploads/") || pq.starts_with("/pkg/") {
            return None;
        }
        Some(PageKey {
            store: ctx.id().get(),
            revision: ctx.store.revision,
            images: (ctx.store.logo_url.is_some(), ctx.store.favicon_url.is_some()),
            via: ctx.via,
            origin: ctx.origin.as_str().into(),
            path_and_query: pq.into(),
        })
    }

    /// Answers from the cache, or runs the request and keeps a cacheable answer.
    pub async fn serve(&self, key: PageKey, req: Request, next: Next) -> Response {
        let Some(cache) = &self.cache else {
            return next.run(req).await;
        };
        let asked = req.headers().clone();
        if let Some(hit) = cache.get(&key) {
            return answered_by(hit.response(&asked), "hit");
        }
        let res = next.run(req).await;
        if res.status() != StatusCode::OK || res.headers().contains_key(header::SET_COOKIE) {
            return res;
        }
        let declared =
            res.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
        if declared.is_some_and(|n| n > MAX_BODY) {
            return res;
        }
        let (parts, body) = res.into_parts();
        let Ok(body) = to_bytes(body, MAX_BODY).await else {
            return pages::unavailable();
        };
        let cached = Arc::new(Cached { headers: parts.headers, body: Compressed::new(body, PAGE_QUALITY) });
        cache.insert(key, cached.clone());
        answered_by(cached.response(&asked), "miss")
    }

    /// Entries held (approximate), for tests.
    pub fn len(&self) -> u64 {
        self.cache.as_ref().map_or(0, |c| {
            c.run_pending_tasks();
            c.entry_count()
        })
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A shopper's own storefront pages (cart, checkout, orders, account, wishlist) and
/// answers (the wallet's balance), rendered for each request from its cookies, and event
/// streams: never cached here or by anyone on the way.
pub fn is_private(path: &str) -> bool {
    [
        "/shop/cart",
        "/shop/checkout",
        "/shop/orders",
        "/shop/account",
        "/shop/wishlist",
        "/api/wallet",
        "/events",
    ]
    .iter()
    .any(|p| path.strip_prefix(p).is_some_and(|rest| rest.is_empty() || rest.starts_with('/')))
}

impl Cached {
    /// The page as `asked` accepts it, or `304` when it holds this version already.
    fn response(&self, asked: &HeaderMap) -> Response {
        if self.body.matches(asked) {
            let mut res = StatusCode::NOT_MODIFIED.into_response();
            let headers = res.headers_mut();
            for name in [header::CACHE_CONTROL, header::CONTENT_SECURITY_POLICY] {
                if let Some(v) = self.headers.get(&name) {
                    headers.insert(name, v.clone());
                }
            }
            headers.insert(header::ETAG, self.body.etag.clone());
            headers.insert(header::VARY, header::HeaderValue::from_static("accept-encoding"));
            return res;
        }
        let (bytes, encoding) = self.body.pick(Coding::choose(asked));
        let len = bytes.len();
        let mut res = Response::new(Body::from(bytes));
        *res.headers_mut() = self.headers.clone();
        self.body.set_headers(res.headers_mut(), encoding, len);
        res
    }
}

/// Marks how the cache answered (`x-cache: hit` or `miss`), as CDNs do: load tests count
/// the hit ratio from it. Pages the cache does not keep carry no mark.
fn answered_by(mut res: Response, how: &'static str) -> Response {
    res.headers_mut().insert("x-cache", header::HeaderValue::from_static(how));
    res
}

#[cfg(test)]
mod tests {
    use super::is_private;

    #[test]
    fn only_a_shoppers_own_pages_are_private() {
        for p in [
            "/shop/cart",
            "/shop/checkout",
            "/shop/orders/ab12",
            "/shop/cart/",
            "/shop/account",
            "/api/wallet/balance",
        ] {
            assert!(is_private(p), "{p}");
        }
        for p in ["/", "/shop/products", "/shop/products/4", "/shop/cartography", "/shop/ordersx"] {
            assert!(!is_private(p), "{p}");
        }
    }
}
