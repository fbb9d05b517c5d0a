//! The tenancy layer: wraps the whole router, so it runs before routing.
//!
//! normalize Host → resolve the site → rewrite path-mode URIs → canonical redirects (and the
//! console's old addresses on P to `admin.P`) → insert `Extension<Site>` → (storefront GETs)
//! the page cache → the router; on the way out, pages and JSON the cache did not answer are
//! compressed.

use std::{
    net::{IpAddr, SocketAddr},
    sync::Arc,
};

use axum::{
    extract::{ConnectInfo, Request, State},
    http::{header, uri::PathAndQuery, HeaderMap, HeaderValue, Uri},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};

use super::{
    classify::{classify, Class},
    host::Hostname,
    request::{ClientIp, RequestOrigin},
    site::StoreCtx,
    Site,
};
use crate::{
    model::Resolution,
    server::{
        db::stores::StoreStatus,
        http::{
            compress::{self, Coding},
            status_pages as pages,
        },
        state::AppState,
    },
};

/// Paths answered on every host, before any store lookup.
fn is_ops_path(path: &str) -> bool {
    matches!(path, "/health" | "/ready" | "/favicon.ico") || path.starts_with("/internal/")
}

/// The token of a theme preview link (`?theme_preview=` and 64 hex digits), if any.
fn preview_token(uri: &Uri) -> Option<&str> {
    let token = uri.query()?.split('&').find_map(|kv| kv.strip_prefix("theme_preview="))?;
    (token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())).then_some(token)
}

/// The tenancy middleware; see the module docs.
pub async fn tenancy(State(app): State<AppState>, mut req: Request, next: Next) -> Response {
    if is_ops_path(req.uri().path()) {
        return next.run(req).await;
    }
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    let trusted = from_trusted_proxy(peer, &app.trusted_proxies);
    let (raw_host, scheme) = request_host(req.headers(), req.uri(), trusted);
    let Ok(host) = Hostname::parse(&raw_host) else {
        return pages::bad_host();
    };
    let port = port_suffix(&raw_host);
    let origin = |h: &str| format!("{scheme}://{h}{port}");

    let site = match classify(&app, &host, req.uri().path()).await {
        Ok(Class::Site(site)) => site,
        Ok(Class::Moved { host: to, path }) => {
            let query = req.uri().query().map(|q| format!("?{q}")).unwrap_or_default();
            return redirect(&format!("{}{path}{query}", origin(&to)));
        }
        Ok(Class::AddSlash) => {
            let query = req.uri().query().map(|q| format!("?{q}")).unwrap_or_default();
            return redirect(&format!("{}/{query}", req.uri().path()));
        }
        Ok(Class::Store { store, via }) => {
            if via == Resolution::Custom {
                if let Some(primary) = store.primary_domain.as_deref().filter(|p| *p != host.as_str()) {
                    return redirect(&format!("{}{}", origin(primary), path_and_query(req.uri())));
                }
            }
            if store.status == StoreStatus::Suspended {
                return pages::suspended(&store.name);
            }
            let (base, ctx_origin) = match via {
                Resolution::Path => {
                    let base = format!("/stores/{}", store.code);
                    if strip_prefix(&mut req, &base).is_err() {
                        return pages::not_found();
                    }
                    (base, origin(app.platform.as_str()))
                }
                _ => (String::new(), origin(host.as_str())),
            };
            let mut ctx = StoreCtx { store, via, base, origin: ctx_origin, preview: false };
            if let Some(token) = preview_token(req.uri()) {
                match crate::server::db::theme_previews::draft_for(&app.db, ctx.id(), token).await {
                    Ok(Some(draft)) => {
                        ctx.store = Arc::new((*ctx.store).clone().with_theme(draft));
                        ctx.preview = true;
                    }
                    Ok(None) => {}
                    Err(e) => tracing::warn!(error = %e, "preview link lookup failed"),
                }
            }
            Site::Storefront(ctx)
        }
        Ok(Class::Dashboard(store)) => {
            let base = format!("/store/{}", store.code);
            if strip_prefix(&mut req, &base).is_err() {
                return pages::not_found();
            }
            Site::Dashboard(StoreCtx {
                store,
                via: Resolution::Path,
                base,
                origin: origin(host.as_str()),
                preview: false,
            })
        }
        Err(e) => {
            tracing::error!(error = %e, host = %host, "store lookup failed");
            return pages::unavailable();
        }
    };
    if matches!(site, Site::NotFound) {
        return pages::not_found();
    }
    // A preview link shows a draft to whoever has it: never cached, here or on the way.
    let previewing = preview_token(req.uri()).is_some();
    let key = match &site {
        Site::Storefront(ctx) if !previewing => app.pages.key(ctx, &req),
        _ => None,
    };
    let private = matches!(site, Site::Storefront(_))
        && (previewing || crate::server::http::cache::is_private(req.uri().path()));
    req.extensions_mut().insert(site);
    req.extensions_mut().insert(RequestOrigin(origin(host.as_str())));
    if let Some(ip) = client_ip(req.headers(), peer, &app.trusted_proxies) {
        req.extensions_mut().insert(ClientIp(ip));
    }
    let method = req.method().clone();
    let coding = Coding::choose(req.headers());
    let res = if private {
        let mut res = next.run(req).await;
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
        res
    } else {
        match key {
            Some(key) => app.pages.serve(key, req, next).await,
            None => next.run(req).await,
        }
    };
    // What the page cache answered is compressed already; anything else is, here.
    compress::fresh(&method, coding, res).await
}

/// The Host to resolve and the scheme, believing forwarded headers only from trusted proxies.
fn request_host(headers: &HeaderMap, uri: &Uri, trusted: bool) -> (String, &'static str) {
    let first = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(|v| v.trim().to_string())
    };
    // RFC 9112 §3.2: more than one Host line is a 400, never "the first one wins".
    if headers.get_all(header::HOST).iter().nth(1).is_some() {
        return (String::new(), "http");
    }
    let forwarded_host = if trusted { first("x-forwarded-host") } else { None };
    let host = forwarded_host
        .or_else(|| headers.get(header::HOST).and_then(|v| v.to_str().ok()).map(str::to_string))
        .or_else(|| uri.authority().map(|a| a.to_string()))
        .unwrap_or_default();
    let https = trusted && forwarded_https(headers);
    (host, if https { "https" } else { "http" })
}

/// True when the request comes straight from one of the trusted proxies.
pub fn from_trusted_proxy(peer: Option<IpAddr>, proxies: &[IpAddr]) -> bool {
    peer.is_some_and(|ip| proxies.contains(&ip))
}

/// True when `X-Forwarded-Proto` (first hop) says `https`; believe it only from a trusted proxy.
pub fn forwarded_https(headers: &HeaderMap) -> bool {
    let first = headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()?.split(',').next());
    first.is_some_and(|p| p.trim().eq_ignore_ascii_case("https"))
}

/// The client's address: the peer, or behind trusted proxies the right-most
/// `X-Forwarded-For` entry that is not one of them (proxies append, so entries further
/// left are whatever the client claimed).
fn client_ip(headers: &HeaderMap, peer: Option<IpAddr>, trusted: &[IpAddr]) -> Option<IpAddr> {
    let peer = peer?;
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    let forwarded = headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok());
    let hops: Vec<IpAddr> =
        forwarded.flat_map(|v| v.split(',')).filter_map(|h| h.trim().parse().ok()).collect();
    Some(hops.into_iter().rev().find(|ip| !trusted.contains(ip)).unwrap_or(peer))
}

/// `:port` of a raw Host value, kept in redirects and origins (development servers).
fn port_suffix(raw: &str) -> &str {
    match raw.trim().rfind(':') {
        Some(i) if !raw.trim().ends_with(']') => &raw.trim()[i..],
        _ => "",
    }
}

/// Removes `base` from the request's path, keeping the query: the app sees clean paths.
fn strip_prefix(req: &mut Request, base: &str) -> Result<(), ()> {
    let rest = req.uri().path().get(base.len()..).ok_or(())?.to_string();
    let rewritten = match req.uri().query() {
        Some(q) => format!("{rest}?{q}"),
        None => rest,
    };
    *req.uri_mut() = rewritten.parse::<Uri>().map_err(|_| ())?;
    Ok(())
}

fn path_and_query(uri: &Uri) -> &str {
    uri.path_and_query().map(PathAndQuery::as_str).unwrap_or("/")
}

fn redirect(to: &str) -> Response {
    Redirect::permanent(to).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn forwarded_host_is_ignored_from_untrusted_peers() {
        let h = headers(&[
            ("host", "t0001.platform.test"),
            ("x-forwarded-host", "t0002.platform.test"),
            ("x-forwarded-proto", "https"),
        ]);
        let uri: Uri = "/".parse().unwrap();
        assert_eq!(request_host(&h, &uri, false), ("t0001.platform.test".into(), "http"));
        assert_eq!(request_host(&h, &uri, true), ("t0002.platform.test".into(), "https"));
    }

    #[test]
    fn client_address_comes_from_forwarded_for_only_behind_trusted_proxies() {
        let proxy: IpAddr = "10.0.0.2".parse().unwrap();
        let h = headers(&[("x-forwarded-for", "6.6.6.6, 203.0.113.9, 10.0.0.3")]);
        let trusted = [proxy, "10.0.0.3".parse().unwrap()];
        assert_eq!(client_ip(&h, Some(proxy), &trusted), Some("203.0.113.9".parse().unwrap()));
        let stranger: IpAddr = "198.51.100.7".parse().unwrap();
        assert_eq!(client_ip(&h, Some(stranger), &trusted), Some(stranger), "not from a proxy: the peer");
        assert_eq!(client_ip(&HeaderMap::new(), Some(proxy), &trusted), Some(proxy));
    }

    #[test]
    fn port_is_kept_for_origins() {
        assert_eq!(port_suffix("t0001.localhost:3000"), ":3000");
        assert_eq!(port_suffix("t0001.localhost"), "");
    }
}
