//! Plain error pages answered by the identification layer, before any store data is read.

use std::sync::LazyLock;

use axum::{
    http::{header, HeaderValue, StatusCode},
    response::{Html, IntoResponse, Response},
};

use super::csp;

/// The one inline style of these pages; their policy allows it by its hash.
const STYLE: &str = "body{font-family:system-ui,sans-serif;display:grid;place-items:center;min-height:90vh;\
    margin:0;color:#1f2328}main{text-align:center;padding:2rem}h1{font-size:1.6rem}p{color:#59636e}";

static POLICY: LazyLock<HeaderValue> = LazyLock::new(|| csp::plain_page_policy(STYLE));

fn page(status: StatusCode, title: &str, message: &str) -> Response {
    let body = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><style>{STYLE}</style></head><body><main><h1>{title}</h1>\
         <p>{message}</p></main></body></html>"
    );
    let mut res = (status, Html(body)).into_response();
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, POLICY.clone());
    res
}

/// Unknown host or store: says nothing about which stores exist.
pub fn not_found() -> Response {
    page(StatusCode::NOT_FOUND, "Page not found", "There is no store at this address.")
}

/// A signed-in user without the role this page needs.
pub fn forbidden() -> Response {
    page(
        StatusCode::FORBIDDEN,
        "No access",
        "Your account does not have access to this page. <a href=\"/\">Go to the start page</a>.",
    )
}

/// A Host header that is not a hostname.
pub fn bad_host() -> Response {
    page(StatusCode::BAD_REQUEST, "Bad request", "The request did not name a valid host.")
}

/// A suspended store's storefront.
pub fn suspended(store_name: &str) -> Response {
    let name = crate::text::escape_html(store_name);
    let mut res = page(
        StatusCode::SERVICE_UNAVAILABLE,
        "Store unavailable",
        &format!("{name} is temporarily closed. Please come back later."),
    );
    res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("3600"));
    res
}

/// Something failed on the server's side (the details are in its log).
pub fn server_error() -> Response {
    page(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Something went wrong",
        "We could not show this page. Please try again in a moment.",
    )
}

/// The database could not be reached.
pub fn unavailable() -> Response {
    let mut res = page(
        StatusCode::SERVICE_UNAVAILABLE,
        "Temporarily unavailable",
        "We could not load this page. Please try again in a moment.",
    );
    res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(crate::error::UNAVAILABLE_RETRY_AFTER));
    res
}
