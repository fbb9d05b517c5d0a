//! Identification: which site a request is for, decided before routing.
//!
//! normalize Host → resolve the site → rewrite path-mode URIs → canonical redirects (and the
//! console's old addresses on P to `admin.P`) → insert `Extension<Site>`, the request's own
//! origin and its client's address. Every other concern a request meets is a layer of its
//! own, listed in order in `startup::build`.

use std::net::SocketAddr;

use axum::{
    extract::{ConnectInfo, Request, State},
    http::{uri::PathAndQuery, Uri},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};

use super::status_pages as pages;
use crate::{
    model::Resolution,
    server::{
        db::stores::StoreStatus,
        state::AppState,
        tenancy::{
            classify::{classify, Class},
            host::Hostname,
            request::{client_ip, from_trusted_proxy, port_suffix, request_host, ClientIp, RequestOrigin},
            Site, StoreCtx,
        },
    },
};

/// Paths answered on every host, before any store lookup.
fn is_ops_path(path: &str) -> bool {
    matches!(path, "/health" | "/ready" | "/favicon.ico") || path.starts_with("/internal/")
}

/// The identification middleware; see the module docs.
pub async fn identify(State(app): State<AppState>, mut req: Request, next: Next) -> Response {
    if is_ops_path(req.uri().path()) {
        return next.run(req).await;
    }
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    let trusted = from_trusted_proxy(peer, &app.trusted_proxies);
    let (raw_host, scheme) = request_host(req.headers(), req.uri(), trusted);
    let Ok(host) = Hostname::parse(&raw_host) else {
        return pages::bad_host();
    };
    // Redirects and the request's own origin answer this client alone: they keep its port.
    let port = port_suffix(&raw_host);
    let here = |h: &str| format!("{scheme}://{h}{port}");
    // Pages are shared by everyone who asks: they show the configured origin, never a port
    // one request chose.
    let shown = |h: &str| shown_origin(scheme, h, app.public_port);

    let site = match classify(&app, &host, req.uri().path()).await {
        Ok(Class::Site(site)) => site,
        Ok(Class::Moved { host: to, path }) => {
            let query = req.uri().query().map(|q| format!("?{q}")).unwrap_or_default();
            return redirect(&format!("{}{path}{query}", here(&to)));
        }
        Ok(Class::AddSlash) => {
            let query = req.uri().query().map(|q| format!("?{q}")).unwrap_or_default();
            return redirect(&format!("{}/{query}", req.uri().path()));
        }
        Ok(Class::Store { store, via }) => {
            if via == Resolution::Custom {
                if let Some(primary) = store.primary_domain.as_deref().filter(|p| *p != host.as_str()) {
                    return redirect(&format!("{}{}", here(primary), path_and_query(req.uri())));
                }
            }
            if store.status == StoreStatus::Suspended {
                return pages::suspended(&store.name);
            }
            let (base, origin) = match via {
                Resolution::Path => {
                    let base = format!("/stores/{}", store.code);
                    if strip_prefix(&mut req, &base).is_err() {
                        return pages::not_found();
                    }
                    (base, shown(app.platform.as_str()))
                }
                _ => (String::new(), shown(host.as_str())),
            };
            Site::Storefront(StoreCtx { store, via, base, origin, preview: false })
        }
        Ok(Class::Dashboard(store)) => {
            let base = format!("/store/{}", store.code);
            if strip_prefix(&mut req, &base).is_err() {
                return pages::not_found();
            }
            let origin = shown(host.as_str());
            Site::Dashboard(StoreCtx { store, via: Resolution::Path, base, origin, preview: false })
        }
        Err(e) => {
            tracing::error!(error = %e, host = %host, "store lookup failed");
            return pages::unavailable();
        }
    };
    if matches!(site, Site::NotFound) {
        return pages::not_found();
    }
    req.extensions_mut().insert(site);
    req.extensions_mut().insert(RequestOrigin(here(host.as_str())));
    if let Some(ip) = client_ip(req.headers(), peer, &app.trusted_proxies) {
        req.extensions_mut().insert(ClientIp(ip));
    }
    next.run(req).await
}

/// The origin pages of `host` show: the client's scheme and, over plain HTTP, the configured
/// public port (a development server's); none over HTTPS, which a proxy serves on its own.
fn shown_origin(scheme: &str, host: &str, public_port: Option<u16>) -> String {
    match public_port {
        Some(port) if scheme == "http" => format!("{scheme}://{host}:{port}"),
        _ => format!("{scheme}://{host}"),
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
    use super::shown_origin;

    #[test]
    fn pages_show_the_configured_port_never_the_requests() {
        assert_eq!(shown_origin("http", "t0001.localhost", Some(3000)), "http://t0001.localhost:3000");
        assert_eq!(shown_origin("http", "t0001.platform.test", None), "http://t0001.platform.test");
        assert_eq!(shown_origin("https", "shop.example", Some(3000)), "https://shop.example");
    }
}
