//! The page cache: storefront answers declared shared ([`super::public_routes`]), rendered
//! once and served to everyone; every other storefront answer is private by construction.
//!
//! Keys carry the store's revision, which every write that changes what a storefront
//! shows bumps; a new revision reaches this process through the resolver cache, so stale
//! entries are never read again and age out. A key holds the store, how it was reached, the
//! origin its pages show (configured, never a port the request named), the path and the
//! query parameters the route reads, so a `HEAD`, another port or a parameter no page reads
//! is the same entry. A miss is rendered once however many requests wait for it.
//!
//! A page is kept with an `ETag`, and in brotli and gzip beside its plain bytes once a client
//! has asked for them; a hit answers in the coding the client accepts, or `304`.

use std::{sync::Arc, time::Duration};

use bytes::Bytes;

use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri},
    middleware::Next,
    response::{IntoResponse, Response},
};
use moka::future::Cache;

use super::{
    body::{read_up_to, Read},
    compress::{Coding, Compressed},
    public_routes::{canonical_query, Shared},
    status_pages as pages,
};
use crate::{
    model::Resolution,
    server::{
        state::AppState,
        tenancy::{Site, StoreCtx},
    },
};

/// Largest response body kept; a longer one is sent on as it is.
const MAX_BODY: usize = 1 << 20;

/// Longest path and query kept (longer ones are answered, not kept).
const MAX_KEY: usize = 512;

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
    /// The path and the query parameters its route reads, in their declared order.
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

/// Private answers: never kept here or by anyone on the way.
static PRIVATE: HeaderValue = HeaderValue::from_static("private, no-store");

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

    /// The key of `path` with the `query` its route reads, or `None` when the cache is off
    /// or the address too long to keep.
    fn key(&self, ctx: &StoreCtx, path: &str, query: Option<&str>) -> Option<PageKey> {
        self.cache.as_ref()?;
        let path_and_query = match query {
            Some(q) => format!("{path}?{q}").into_boxed_str(),
            None => path.into(),
        };
        (path_and_query.len() <= MAX_KEY).then(|| PageKey {
            store: ctx.id().get(),
            revision: ctx.store.revision,
            images: (ctx.store.logo_url.is_some(), ctx.store.favicon_url.is_some()),
            via: ctx.via,
            origin: ctx.origin.as_str().into(),
            path_and_query,
        })
    }

    /// Entries held, for tests.
    pub async fn len(&self) -> u64 {
        let Some(cache) = &self.cache else { return 0 };
        cache.run_pending_tasks().await;
        cache.entry_count()
    }

    pub async fn is_empty(&self) -> bool {
        self.len().await == 0
    }
}

/// What the page cache does with one storefront request.
enum Share {
    /// A declared shared answer that reads these query parameters: kept.
    Keep(&'static [&'static str]),
    /// Declared files: shared, with caching headers of their own.
    Files,
    /// Everything else.
    Private,
}

fn share(app: &AppState, ctx: &StoreCtx, req: &Request) -> Share {
    // A preview link shows a draft to whoever holds it.
    if ctx.preview || !matches!(*req.method(), Method::GET | Method::HEAD) {
        return Share::Private;
    }
    match app.public.lookup(req.uri().path()) {
        Some(Shared::Page { reads } | Shared::Data { reads }) => Share::Keep(reads),
        Some(Shared::Files) => Share::Files,
        None => Share::Private,
    }
}

/// The middleware: a storefront's declared shared answers from the cache (or rendered,
/// once, and kept); its other answers marked private. Other sites pass through.
pub async fn shared_pages(State(app): State<AppState>, mut req: Request, next: Next) -> Response {
    let (key, reads) = match req.extensions().get::<Site>() {
        Some(Site::Storefront(ctx)) => match share(&app, ctx, &req) {
            Share::Keep(reads) => {
                let query = canonical_query(req.uri().query().unwrap_or_default(), reads);
                (app.pages.key(ctx, req.uri().path(), query.as_deref()), query)
            }
            Share::Files => return next.run(req).await,
            Share::Private => return private(next.run(req).await),
        },
        _ => return next.run(req).await,
    };
    let head = req.method() == Method::HEAD;
    if let (Some(key), Some(cache)) = (&key, &app.pages.cache) {
        if let Some(hit) = cache.get(key).await {
            return answered(hit.response(req.headers()), head, "hit");
        }
    }
    let asked = req.headers().clone();
    // The page is made from what its key holds, and nothing else.
    shared_request(&mut req, reads.as_deref());
    let (Some(key), Some(cache)) = (key, &app.pages.cache) else {
        return not_kept(next.run(req).await, head);
    };
    let mut pending = Some((req, next));
    let mut passed = None;
    let filled = cache
        .try_get_with_by_ref(&key, async {
            let (req, next) = pending.take().expect("only one fill runs per call");
            match keepable(next.run(req).await).await {
                Ok(cached) => Ok(Arc::new(cached)),
                Err(res) => {
                    passed = Some(res);
                    Err(())
                }
            }
        })
        .await;
    match (filled, pending, passed) {
        // This request rendered the page.
        (Ok(cached), None, _) => answered(cached.response(&asked), head, "miss"),
        // Another request rendered it while this one waited.
        (Ok(cached), Some(_), _) => answered(cached.response(&asked), head, "hit"),
        // The request this one waited for got an answer that is not kept (a redirect, an
        // error, a cookie of its own, a body too long): this one is answered for itself.
        (Err(_), Some((req, next)), _) => not_kept(next.run(req).await, head),
        // This request's own answer, not kept (a fill that ran always passes it on).
        (Err(_), None, passed) => passed.map_or_else(pages::server_error, |res| not_kept(res, head)),
    }
}

/// Makes `req` the request its key describes: a `GET` (a `HEAD` is answered from it) with
/// only the query parameters the route reads, in their order, and no cookie or credentials
/// (a shared answer must not depend on who asked).
fn shared_request(req: &mut Request, query: Option<&str>) {
    *req.method_mut() = Method::GET;
    if req.uri().query() != query {
        let path = req.uri().path();
        let rewritten = match query {
            Some(q) => format!("{path}?{q}"),
            None => path.to_string(),
        };
        if let Ok(uri) = rewritten.parse::<Uri>() {
            *req.uri_mut() = uri;
        }
    }
    req.headers_mut().remove(header::COOKIE);
    req.headers_mut().remove(header::AUTHORIZATION);
}

/// The answer kept for everyone, or the answer itself when it must not be: not a 200, one
/// that sets a cookie, or a body longer than [`MAX_BODY`] (sent on as it is).
async fn keepable(res: Response) -> Result<Cached, Response> {
    if res.status() != StatusCode::OK || res.headers().contains_key(header::SET_COOKIE) {
        return Err(res);
    }
    let declared =
        res.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_BODY) {
        return Err(res);
    }
    let (parts, body) = res.into_parts();
    match read_up_to(body, MAX_BODY).await {
        // Kept in an allocation of its own size: a rendered page's buffer grew by doubling,
        // so it may be up to twice the page, for as long as the entry lives.
        Read::Whole(bytes) => Ok(Cached {
            headers: parts.headers,
            body: Compressed::new(Bytes::copy_from_slice(&bytes), PAGE_QUALITY),
        }),
        Read::Streamed { body, .. } => Err(Response::from_parts(parts, body)),
    }
}

fn private(mut res: Response) -> Response {
    res.headers_mut().insert(header::CACHE_CONTROL, PRIVATE.clone());
    res
}

/// A shared route's answer that was not kept: one that sets a cookie is private.
fn not_kept(res: Response, head: bool) -> Response {
    let res = if res.headers().contains_key(header::SET_COOKIE) { private(res) } else { res };
    if head {
        let (parts, _) = res.into_parts();
        return Response::from_parts(parts, Body::empty());
    }
    res
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
            headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
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
/// the hit ratio from it. A `HEAD` gets the headers alone. Answers the cache does not keep
/// carry no mark.
fn answered(mut res: Response, head: bool, how: &'static str) -> Response {
    res.headers_mut().insert("x-cache", HeaderValue::from_static(how));
    if head {
        *res.body_mut() = Body::empty();
    }
    res
}
