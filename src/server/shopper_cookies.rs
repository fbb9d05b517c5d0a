//! A shopper's cookies in one store: the cart and the account session. Each holds a random
//! token, is read only by its store, and the database keeps only the token's SHA-256,
//! under the store's id, so a token shown to another store finds nothing.
//!
//! Names carry the store's code and paths the store's prefix, so in path mode, where every
//! store shares the platform host, one store's cookie is never sent to another
//! (`Path=/stores/t0001` does not match `/stores/t0002/…` nor `/stores/t00012/…`); on
//! subdomain and custom-domain stores they are host-only.

use axum::http::{HeaderMap, HeaderValue};
use cookie::{time::Duration, Cookie, SameSite};

use super::{auth::sessions, tenancy::StoreCtx, tokens};

/// Which cookie.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Cart,
    Session,
}

impl Kind {
    fn prefix(self) -> &'static str {
        match self {
            Self::Cart => "arcade_cart_",
            Self::Session => "arcade_shopper_",
        }
    }

    /// How long the browser keeps it (a cart untouched, a signed-in session); a cart left
    /// alone as long is deleted from the store too.
    pub fn ttl_secs(self) -> i64 {
        match self {
            Self::Cart => 30 * 24 * 3600,
            Self::Session => 14 * 24 * 3600,
        }
    }
}

/// The cookie's name in this store.
pub fn name(kind: Kind, ctx: &StoreCtx) -> String {
    format!("{}{}", kind.prefix(), ctx.code())
}

/// The stored hash of this request's token, if it sent one of ours.
pub fn read(kind: Kind, ctx: &StoreCtx, headers: &HeaderMap) -> Option<String> {
    sessions::hex_token(headers, &name(kind, ctx)).map(|token| tokens::sha256_hex(&token))
}

/// A new token: the hash to store and the `Set-Cookie` that gives the shopper the token.
pub fn issue(kind: Kind, ctx: &StoreCtx) -> (String, HeaderValue) {
    let token = tokens::random_hex(32);
    (tokens::sha256_hex(&token), set(kind, ctx, &token, kind.ttl_secs()))
}

/// The `Set-Cookie` that gives this request's token a whole lifetime again, if it sent one
/// (a cart in use expires a lifetime after its last change, in the browser as in the store).
pub fn renew(kind: Kind, ctx: &StoreCtx, headers: &HeaderMap) -> Option<HeaderValue> {
    sessions::hex_token(headers, &name(kind, ctx)).map(|token| set(kind, ctx, &token, kind.ttl_secs()))
}

/// The `Set-Cookie` that removes the cookie.
pub fn clear(kind: Kind, ctx: &StoreCtx) -> HeaderValue {
    set(kind, ctx, "", 0)
}

fn set(kind: Kind, ctx: &StoreCtx, value: &str, max_age: i64) -> HeaderValue {
    let path = if ctx.base.is_empty() { "/".to_string() } else { ctx.base.clone() };
    let c = Cookie::build((name(kind, ctx), value.to_string()))
        .path(path)
        .max_age(Duration::seconds(max_age))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(ctx.origin.starts_with("https://"))
        .build();
    HeaderValue::from_str(&c.to_string()).expect("a store code and a hex token are ASCII")
}
