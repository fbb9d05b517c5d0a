//! The shopper's cart cookie: a random token per store, read only by that store.
//!
//! Its name carries the store's code and its path the store's prefix, so in path mode,
//! where every store shares the platform host, one store's cart cookie is never sent to
//! another (`Path=/stores/t0001` does not match `/stores/t0002/…` nor `/stores/t00012/…`);
//! on subdomain and custom-domain stores it is host-only. The database keeps only the
//! token's SHA-256, under the store's id, so a token shown to another store finds nothing.

use axum::http::{header, HeaderMap, HeaderValue};
use cookie::{time::Duration, Cookie, SameSite};

use super::{auth::password, tenancy::StoreCtx};

/// How long an untouched cart is kept in the browser.
const TTL_DAYS: i64 = 30;

/// The cookie's name in this store.
pub fn name(ctx: &StoreCtx) -> String {
    format!("arcade_cart_{}", ctx.code())
}

/// The cart of this request, as the stored hash of its token, if it sent one of ours.
pub fn cart_of(ctx: &StoreCtx, headers: &HeaderMap) -> Option<String> {
    let name = name(ctx);
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(|token| password::sha256_hex(&token))
}

/// A new cart: the hash to store and the `Set-Cookie` that gives the shopper its token.
pub fn new_cart(ctx: &StoreCtx) -> (String, HeaderValue) {
    let token = password::random_hex(32);
    let path = if ctx.base.is_empty() { "/".to_string() } else { ctx.base.clone() };
    let c = Cookie::build((name(ctx), token.clone()))
        .path(path)
        .max_age(Duration::days(TTL_DAYS))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(ctx.origin.starts_with("https://"))
        .build();
    let value = HeaderValue::from_str(&c.to_string()).expect("a store code and a hex token are ASCII");
    (password::sha256_hex(&token), value)
}
