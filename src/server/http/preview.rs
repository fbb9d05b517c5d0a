//! Theme preview links: `?theme_preview={token}` shows a store's draft theme on its own
//! host to whoever holds a live link (see `db::theme_previews`), marked as a preview and
//! never shared (the page cache treats a preview as private).
//!
//! The store's cached record carries the hashes of its links, so a token that names none
//! (a guess, a link of another store, one revoked) costs no query: the request goes on as
//! the page without it. Only a token the record knows is looked up, for the draft itself
//! and the link's expiry.

use std::sync::Arc;

use axum::{
    extract::{Request, State},
    http::Uri,
    middleware::Next,
    response::Response,
};

use super::status_pages as pages;
use crate::server::{
    db::theme_previews,
    state::AppState,
    tenancy::Site,
    tokens::{is_link_token, same_digest, sha256_hex},
};

/// The query parameter that carries a preview link's token.
pub const PARAM: &str = "theme_preview";

/// The middleware; see the module docs.
pub async fn preview(State(app): State<AppState>, mut req: Request, next: Next) -> Response {
    let Some(Site::Storefront(ctx)) = req.extensions().get::<Site>() else {
        return next.run(req).await;
    };
    let Some(token) = token(req.uri()) else {
        return next.run(req).await;
    };
    let hash = sha256_hex(&token);
    if !ctx.store.previews.iter().any(|known| same_digest(known, &hash)) {
        return next.run(req).await;
    }
    match theme_previews::draft_for(&app.db, ctx.id(), &token).await {
        Ok(Some(draft)) => {
            let mut ctx = ctx.clone();
            ctx.store = Arc::new((*ctx.store).clone().with_theme(draft));
            ctx.preview = true;
            req.extensions_mut().insert(Site::Storefront(ctx));
        }
        Ok(None) => {}
        // Showing the published theme instead would tell the link's holder it has no draft.
        Err(e) => {
            tracing::error!(error = %e, "preview link lookup failed");
            return pages::unavailable();
        }
    }
    next.run(req).await
}

/// The token of a preview link in `uri`'s query, if it has one of the right form.
fn token(uri: &Uri) -> Option<String> {
    let query = uri.query()?;
    let (_, token) = form_urlencoded::parse(query.as_bytes()).find(|(name, _)| name == PARAM)?;
    is_link_token(&token).then(|| token.into_owned())
}

#[cfg(test)]
mod tests {
    use super::token;

    #[test]
    fn the_token_is_read_from_the_query_however_it_is_placed() {
        let t = "ab".repeat(32);
        for query in [
            format!("theme_preview={t}"),
            format!("utm=x&theme_preview={t}&y"),
            format!("theme%5Fpreview={t}"),
        ] {
            let uri = format!("/?{query}").parse().unwrap();
            assert_eq!(token(&uri).as_deref(), Some(t.as_str()), "{query}");
        }
        for query in ["theme_preview=short", "xtheme_preview=abab", ""] {
            let uri = format!("/?{query}").parse().unwrap();
            assert_eq!(token(&uri), None, "{query}");
        }
    }
}
