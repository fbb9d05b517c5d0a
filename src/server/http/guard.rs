//! The guard: a layer of the pipeline after identification, once the site is known.
//!
//! - Every state-changing request must come from its own origin (`Origin` checked;
//!   a request with a session or shopper cookie and no `Origin` is refused).
//! - Only the console's origin (`admin.P`: the console and the dashboards) has its session
//!   read: the platform host and storefronts never look at the session cookie, so a page
//!   of theirs cannot act as a signed-in user.
//! - The console needs a platform admin (its home page and sign-in excepted); a dashboard
//!   needs a member of its store or an admin. Pages redirect to sign-in; API calls get
//!   401/403 JSON.

use axum::{
    extract::{Request, State},
    http::{header, HeaderValue, Method},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};

use super::status_pages as pages;
use crate::{
    error::ApiError,
    server::{
        auth::{sessions, Principal, Role},
        db::users,
        state::AppState,
        tenancy::{RequestOrigin, Site},
        tokens,
    },
};

/// Largest request body accepted anywhere (an upload of 2 MB with form overhead).
pub const MAX_BODY: usize = 3 * 1024 * 1024;

/// See the module docs.
pub async fn guard(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let declared =
        req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_BODY) {
        return ApiError::TooLarge.into_response();
    }
    // Bodies without a length are cut off at the same size.
    let mut req = req.map(|b| axum::body::Body::new(http_body_util::Limited::new(b, MAX_BODY)));
    let Some(site) = req.extensions().get::<Site>().cloned() else {
        return next.run(req).await;
    };
    let back_office = matches!(site, Site::Admin | Site::Dashboard(_));
    let token = if back_office { sessions::token_from(req.headers()) } else { None };
    let origin = req.extensions().get::<RequestOrigin>().cloned();
    // Elsewhere a request with cookies carries a shopper's cart (or account): it must
    // show where it comes from, like a signed-in one.
    let shopper = !back_office && req.headers().contains_key(header::COOKIE);
    if let Err(why) = check_origin(&req, origin.as_ref(), token.is_some() || shopper) {
        tracing::info!(reason = why, path = %req.uri().path(), "state-changing request refused");
        return ApiError::Forbidden.into_response();
    }
    // The bundle is the same for everyone and sets its own caching (`http::assets`): no
    // session to read, and not the back office's `no-store`.
    if !back_office || req.uri().path().starts_with("/pkg/") {
        return next.run(req).await;
    }

    let principal = match token {
        Some(t) => match load(&app, &t, &site).await {
            Ok(p) => p,
            Err(e) => {
                tracing::error!(error = %e, "session lookup failed");
                return pages::unavailable();
            }
        },
        None => None,
    };
    let path = req.uri().path();
    let here = req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let denied = match &site {
        Site::Admin if !is_public_admin_path(path) => match &principal {
            // The home page shows a signed-in user who is not an admin their stores.
            Some(p) if p.is_admin || path == "/" => None,
            Some(_) => Some((ApiError::Forbidden, String::new())),
            None => Some((ApiError::Unauthorized, sign_in_url("/login", here))),
        },
        Site::Dashboard(ctx) => match &principal {
            Some(p) if p.is_admin || p.role.is_some() => None,
            Some(_) => Some((ApiError::Forbidden, String::new())),
            None => Some((ApiError::Unauthorized, sign_in_url("/login", &format!("{}{here}", ctx.base)))),
        },
        _ => None,
    };
    if let Some((error, login)) = denied {
        let api = path.starts_with("/api/") || req.method() != Method::GET;
        return match (&error, api) {
            (_, true) => error.into_response(),
            (ApiError::Unauthorized, false) => Redirect::to(&login).into_response(),
            _ => pages::forbidden(),
        };
    }
    if let Some(p) = principal {
        req.extensions_mut().insert(p);
    }
    let mut res = next.run(req).await;
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// The console paths anyone may open: its sign-in, forgotten-password and set-password
/// pages and their calls, and what robots may read (the bundle is let through before).
fn is_public_admin_path(path: &str) -> bool {
    matches!(path, "/login" | "/forgot-password" | "/set-password" | "/robots.txt")
        || path.starts_with("/api/auth/")
}

/// Refuses a state-changing request that another site made the browser send.
fn check_origin(req: &Request, own: Option<&RequestOrigin>, has_session: bool) -> Result<(), &'static str> {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(());
    }
    let sent = req.headers().get(header::ORIGIN).and_then(|v| v.to_str().ok());
    match (sent, own) {
        (Some(sent), Some(own)) if sent == own.0 => Ok(()),
        (Some(_), _) => Err("cross-origin request refused"),
        // Browsers send Origin with every POST; without it, only a request that carries
        // no session (a script, a test, an API client with a key) may go on.
        (None, _) if has_session => Err("request without Origin refused"),
        (None, _) => match req.headers().get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
            Some("cross-site" | "same-site") => Err("cross-origin request refused"),
            _ => Ok(()),
        },
    }
}

/// The session's user and, on a dashboard, their role in its store.
async fn load(app: &AppState, token: &str, site: &Site) -> Result<Option<Principal>, sqlx::Error> {
    let hash = tokens::sha256_hex(token);
    let Some(user) = users::session_user(&app.db, &hash).await? else {
        return Ok(None);
    };
    let role = match site {
        Site::Dashboard(ctx) => {
            users::role_in(&app.db, ctx.id(), user.id).await?.as_deref().and_then(Role::parse)
        }
        _ => None,
    };
    Ok(Some(Principal {
        user_id: user.id,
        email: user.email,
        is_admin: user.is_admin == 1,
        role,
        session: hash,
    }))
}

/// `login?next=…`, with `next` percent-encoded.
pub fn sign_in_url(login: &str, next: &str) -> String {
    format!("{login}?next={}", crate::text::encode(next))
}

/// A `next` target that stays on this host: a path, never `//evil` or `https://evil`.
pub fn safe_next(next: &str, fallback: &str) -> String {
    let ok =
        next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') && !next.contains("://");
    if ok && !next.chars().any(|c| c.is_control()) {
        next.to_string()
    } else {
        fallback.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_targets_stay_on_this_host() {
        assert_eq!(safe_next("/store/t0001/", "/"), "/store/t0001/");
        for evil in ["//evil.test/", "https://evil.test/", "/\\evil.test", "evil", "/x\r\nSet-Cookie: a=b"] {
            assert_eq!(safe_next(evil, "/"), "/", "{evil:?}");
        }
    }

    #[test]
    fn next_is_encoded() {
        assert_eq!(sign_in_url("/login", "/store/a b?x=1&y"), "/login?next=/store/a%20b%3Fx%3D1%26y");
    }
}
