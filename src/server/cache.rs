//! A bounded cache of rendered storefront responses for anonymous GETs.
//!
//! Keys carry the store's revision, which every write that changes what a storefront
//! shows bumps; a new revision reaches this process through the resolver cache, so stale
//! entries are never read again and age out.

use std::{sync::Arc, time::Duration};

use axum::{
    body::{to_bytes, Body},
    extract::Request,
    http::{header, HeaderMap, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use bytes::Bytes;
use moka::sync::Cache;

use super::{http::status_pages as pages, tenancy::StoreCtx};
use crate::model::Resolution;

/// Largest response body kept.
const MAX_BODY: usize = 1 << 20;

/// What identifies a cached response.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PageKey {
    store: i64,
    revision: i64,
    /// Whether the logo file was there when the store was loaded: that is read from the
    /// file system, so no revision counts it.
    logo: bool,
    via: Resolution,
    origin: Box<str>,
    path_and_query: Box<str>,
}

#[derive(Debug)]
struct Cached {
    headers: HeaderMap,
    body: Bytes,
}

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
                    (v.body.len() + k.path_and_query.len() + k.origin.len() + 256)
                        .try_into()
                        .unwrap_or(u32::MAX)
                })
                .time_to_live(Duration::from_secs(600))
                .build()
        });
        Self { cache }
    }

    /// The key for this request, or `None` when it must not be served from cache:
    /// not a GET, or it carries cookies (a signed-in or shopper-specific view).
    pub fn key(&self, ctx: &StoreCtx, req: &Request) -> Option<PageKey> {
        self.cache.as_ref()?;
        if req.method() != Method::GET || req.headers().contains_key(header::COOKIE) {
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
            logo: ctx.store.logo_url.is_some(),
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
        if let Some(hit) = cache.get(&key) {
            return hit.response();
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
        let cached = Arc::new(Cached { headers: parts.headers, body });
        cache.insert(key, cached.clone());
        cached.response()
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

impl Cached {
    fn response(&self) -> Response {
        let mut res = Response::new(Body::from(self.body.clone()));
        *res.headers_mut() = self.headers.clone();
        res.into_response()
    }
}
