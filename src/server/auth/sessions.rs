//! The session cookie: a random token; the database keeps only its SHA-256.

use axum::http::{header, HeaderMap, HeaderValue};

use super::password;
use crate::server::db::{users, Db};
use crate::server::tenancy::RequestOrigin;

/// The cookie's name.
pub const COOKIE: &str = "arcade_session";
/// How long a session lasts.
pub const TTL_SECS: i64 = 7 * 24 * 3600;

/// The session token of a request, if it sent one that looks like ours.
pub fn token_from(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_string())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Starts a session for `user`; returns the `Set-Cookie` value. Host-only (no `Domain`),
/// so a session of P is never sent to a store's subdomain.
pub async fn start(db: &Db, user: i64, origin: &RequestOrigin) -> Result<HeaderValue, sqlx::Error> {
    let token = password::random_hex(32);
    users::create_session(db, &password::sha256_hex(&token), user, TTL_SECS).await?;
    Ok(cookie(&token, TTL_SECS, origin))
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear(origin: &RequestOrigin) -> HeaderValue {
    cookie("", 0, origin)
}

fn cookie(value: &str, max_age: i64, origin: &RequestOrigin) -> HeaderValue {
    let secure = if origin.is_https() { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}"
    ))
    .expect("cookie text is ASCII")
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
    fn cookie_is_host_only_http_only_lax() {
        let c = cookie("abc", 60, &RequestOrigin("https://platform.test".into()));
        let c = c.to_str().unwrap();
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax") && c.contains("Secure"));
        assert!(!c.to_ascii_lowercase().contains("domain="));
        let plain = cookie("abc", 60, &RequestOrigin("http://localhost:3000".into()));
        assert!(!plain.to_str().unwrap().contains("Secure"));
    }
}
