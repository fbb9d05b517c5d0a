//! Every route the server registers is declared in `crate::routes`, and every declaration
//! is a route the server has: a route added without its owner fails here.

use std::collections::BTreeSet;

use axum::Router;

use crate::{
    pages::lazy::is_catalog,
    routes::{Kind, ROUTES},
    server::{startup::http_routes, state::AppState},
};

/// The declared paths of one kind.
fn declared(kind: Kind) -> BTreeSet<String> {
    ROUTES.iter().filter(|r| r.kind == kind).map(|r| r.path.to_string()).collect()
}

/// The app's pages, as leptos_axum registers them.
fn leptos_pages() -> BTreeSet<String> {
    leptos_axum::generate_route_list(crate::app::App).iter().map(|r| r.path().to_string()).collect()
}

/// Every server function linked into the app, as leptos_axum registers them.
fn server_fns() -> BTreeSet<String> {
    leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path.to_string()).collect()
}

/// The paths a router registers. axum shows them only in its `Debug` output, as
/// `RouteId(n): "/path"` in its `path_router` (the `fallback_router` after it holds the
/// catch-all of the fallback); should that change, [`http_routes_are_read`] fails first.
fn router_paths(router: &Router<AppState>) -> BTreeSet<String> {
    let text = format!("{router:?}");
    let routes = text.split("fallback_router").next().unwrap_or_default();
    routes
        .split("RouteId(")
        .skip(1)
        .filter_map(|rest| {
            let (id, after) = rest.split_once(')')?;
            id.parse::<u64>().ok()?;
            Some(after.strip_prefix(": \"")?.split('"').next()?.to_string())
        })
        .filter(|path| !path.contains("__private__"))
        .collect()
}

/// `paths` that `declared` lacks, for a readable failure.
fn missing<'a>(paths: &'a BTreeSet<String>, declared: &BTreeSet<String>) -> Vec<&'a str> {
    paths.iter().filter(|p| !declared.contains(*p)).map(String::as_str).collect()
}

#[test]
fn http_routes_are_read() {
    let paths = router_paths(&http_routes());
    for path in ["/health", "/api/wallet/balance", "/api/v1/products/{id}", "/uploads/{image}/{code}"] {
        assert!(paths.contains(path), "{path} not read from {paths:?}");
    }
}

#[test]
fn every_page_is_declared() {
    let pages = leptos_pages();
    assert!(pages.contains("/shop/orders/{token}") && pages.len() > 20, "{pages:?}");
    let undeclared = missing(&pages, &declared(Kind::Page));
    assert!(undeclared.is_empty(), "pages not declared in src/routes.rs: {undeclared:?}");
}

#[test]
fn every_server_function_is_declared() {
    let fns = server_fns();
    assert!(fns.contains("/api/wallet/get") && fns.len() > 60, "{fns:?}");
    let undeclared = missing(&fns, &declared(Kind::ServerFn));
    assert!(undeclared.is_empty(), "server functions not declared in src/routes.rs: {undeclared:?}");
}

#[test]
fn every_http_route_is_declared() {
    let paths = router_paths(&http_routes());
    let undeclared = missing(&paths, &declared(Kind::Http));
    assert!(
        undeclared.is_empty(),
        "routes of startup::http_routes not declared in src/routes.rs: {undeclared:?}"
    );
}

#[test]
fn every_declaration_is_a_route_the_server_has() {
    let stale = |kind: Kind, served: BTreeSet<String>| -> Vec<String> {
        declared(kind).into_iter().filter(|p| !served.contains(p)).collect()
    };
    // Pages the server renders without the router: the catalog's.
    let catalog: Vec<String> = stale(Kind::Page, leptos_pages());
    for path in &catalog {
        assert!(is_catalog(&path.replace("{id}", "1")), "declared page {path} is not served");
    }
    assert_eq!(stale(Kind::ServerFn, server_fns()), Vec::<String>::new());
    assert_eq!(stale(Kind::Http, router_paths(&http_routes())), Vec::<String>::new());
}

/// The gate over a router of `paths`, each answering 200 "open" when let through.
async fn through_gate(paths: &[&str], path: &str) -> (u16, String, String) {
    use axum::{body::Body, http::Request, routing::get};
    use tower::ServiceExt;

    let router = paths.iter().fold(Router::new(), |r, p| r.route(p, get(|| async { "open" })));
    let router = router.layer(axum::middleware::from_fn(super::gate));
    let res = router.oneshot(Request::get(path).body(Body::empty()).unwrap()).await.unwrap();
    let status = res.status().as_u16();
    let kind = res.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let body = axum::body::to_bytes(res.into_body(), 1 << 20).await.unwrap();
    (status, kind, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test]
async fn a_route_that_is_not_declared_is_refused_and_a_declared_one_passes() {
    let paths = ["/api/not-declared", "/not-declared", "/health", "/api/wallet/balance"];
    let (status, kind, body) = through_gate(&paths, "/api/not-declared").await;
    assert_eq!((status, kind.as_str()), (404, "application/json"), "{body}");
    assert_eq!(body, r#"{"error":"not found","message":"not found"}"#);
    let (status, kind, body) = through_gate(&paths, "/not-declared").await;
    assert_eq!(status, 404);
    assert!(kind.starts_with("text/html") && !body.contains("open"), "{body}");
    assert_eq!(
        through_gate(&paths, "/health").await,
        (200, "text/plain; charset=utf-8".into(), "open".into())
    );
}

#[tokio::test]
async fn a_module_route_on_a_site_without_a_store_is_not_found() {
    let (status, kind, body) = through_gate(&["/api/wallet/balance"], "/api/wallet/balance").await;
    assert_eq!((status, kind.as_str()), (404, "application/json"), "{body}");
}
