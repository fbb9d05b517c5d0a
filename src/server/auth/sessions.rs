//! The session cookie: a random token; the database keeps only its SHA-256.

use axum::http::{header, HeaderMap, HeaderValue};
use cookie::{time::Duration, Cookie, SameSite};

use crate::server::db::{users, Db};
use crate::server::tenancy::RequestOrigin;
use crate::server::tokens;

/// The cookie's name.
pub const COOKIE: &str = "arcade_session";
/// How long a session lasts.
pub const TTL_SECS: i64 = 7 * 24 * 3600;

/// The session token of a request, if it sent one that looks like ours.
pub fn token_from(headers: &HeaderMap) -> Option<String> {
    hex_token(headers, COOKIE)
}

/// The value of the cookie `name` when it is one of our 256-bit hex tokens (the first such
/// cookie; malformed or quoted ones are skipped). Shared with the shoppers' cookies.
pub fn hex_token(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Starts a session for `user`; returns the `Set-Cookie` value. Host-only (no `Domain`),
/// so a session of P is never sent to a store's subdomain.
pub async fn start(db: &Db, user: i64, origin: &RequestOrigin) -> Result<HeaderValue, sqlx::Error> {
    let token = tokens::random_hex(32);
    users::create_session(db, &tokens::sha256_hex(&token), user, TTL_SECS).await?;
    Ok(cookie(&token, TTL_SECS, origin))
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear(origin: &RequestOrigin) -> HeaderValue {
    cookie("", 0, origin)
}

/// Host-only (no `Domain`), `HttpOnly`, `SameSite=Lax`, `Path=/`, `Secure` behind TLS.
fn cookie(value: &str, max_age: i64, origin: &RequestOrigin) -> HeaderValue {
    let c = Cookie::build((COOKIE, value))
        .path("/")
        .max_age(Duration::seconds(max_age))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(origin.is_https())
        .build();
    HeaderValue::from_str(&c.to_string()).expect("a hex token and fixed attributes are ASCII")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_well_formed_tokens_are_read() {
        let good = "a".repeat(64);
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, format!("x=1; {COOKIE}={good}; y=2").parse().unwrap());
        assert_eq!(token_from(&h), Some(good));
        h.insert(header::COOKIE, format!("{COOKIE}=../../etc").parse().unwrap());
        assert_eq!(token_from(&h), None);
    }

    #[test]
    fn quoted_duplicate_or_malformed_cookies_do_not_confuse_the_reader() {
        let good = "b".repeat(64);
        let mut h = HeaderMap::new();
        h.append(header::COOKIE, "garbage; =x; arcade_session".parse().unwrap());
        h.append(header::COOKIE, format!("{COOKIE}={good}").parse().unwrap());
        assert_eq!(token_from(&h), Some(good.clone()));
        h.insert(header::COOKIE, format!("{COOKIE}={}", "A".repeat(65)).parse().unwrap());
        assert_eq!(token_from(&h), None);
        h.insert(header::COOKIE, format!("other_{COOKIE}={good}").parse().unwrap());
        assert_eq!(token_from(&h), None, "only the exact name");
    }

    /// The attributes as a set: name=value first, then the rest in any order.
    fn attributes(v: &HeaderValue) -> Vec<String> {
        let mut parts: Vec<String> = v.to_str().unwrap().split("; ").map(str::to_string).collect();
        parts[1..].sort();
        parts
    }

    #[test]
    fn cookie_is_host_only_http_only_lax() {
        let c = cookie("abc", 60, &RequestOrigin("https://platform.test".into()));
        assert_eq!(
            attributes(&c),
            ["arcade_session=abc", "HttpOnly", "Max-Age=60", "Path=/", "SameSite=Lax", "Secure"]
        );
        let plain = cookie("abc", 60, &RequestOrigin("http://localhost:3000".into()));
        assert_eq!(
            attributes(&plain),
            ["arcade_session=abc", "HttpOnly", "Max-Age=60", "Path=/", "SameSite=Lax"]
        );
        let gone = clear(&RequestOrigin("http://localhost:3000".into()));
        assert_eq!(attributes(&gone), ["arcade_session=", "HttpOnly", "Max-Age=0", "Path=/", "SameSite=Lax"]);
    }
}
