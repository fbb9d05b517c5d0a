//! The Content-Security-Policy of rendered pages.
//!
//! Storefront pages are cached and served byte for byte to everyone, so a nonce would be
//! repeated to every visitor, which makes it no nonce. Instead each inline element the app
//! itself writes is allowed by the hash of its content:
//!
//! - the hydration script in `<head>`: one of two (whole page or islands), each the same on
//!   every page, hashed once at startup;
//! - the theme's `<style>` in `<head>`: per store, the hash of the store record's
//!   `theme_css`, the text the shell writes there (see [`crate::app::ThemeCss`]), made
//!   with the record;
//! - the data scripts Leptos appends after `</html>` (the page's serialized resources, with
//!   every `<` escaped): hashed from that tail of the rendered page.
//!
//! Inline markup anywhere else, e.g. a `<script>` smuggled into page content, gets no hash
//! and stays blocked. The policy is set before the page cache stores the response, so a
//! cached page is always served with the policy of its own bytes.

use std::sync::Arc;

use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderValue},
    middleware::Next,
    response::Response,
};
use leptos::config::LeptosOptions;
use memchr::memmem;

use super::body::{read_up_to, Read};
use crate::server::{db::stores::StoreRecord, digest::hash_source, stored_files::ImageOrigin, tenancy::Site};

/// Largest page body hashed whole; rendered pages are a few kilobytes.
const MAX_PAGE: usize = 16 << 20;

/// What a page policy needs that does not change while the server runs.
pub struct PagePolicy {
    /// Hash source of the script that hydrates a whole page.
    whole: String,
    /// Hash source of the script that hydrates an islands page, and that script, to tell
    /// which of the two a page has.
    islands: (String, memmem::Finder<'static>),
    /// Hash source of an empty theme `<style>`, on pages of no store.
    no_style: String,
    /// Added to `img-src` on every page: the image origin stores' logos may be on.
    images: String,
    /// Added to `img-src` on the console's origin (the console and the dashboards): they show
    /// stores' uploads, served under the platform host, another origin than `admin.P`.
    admin_images: String,
}

impl PagePolicy {
    /// Fails when the hydration script cannot be found: pages could not hydrate.
    pub fn new(
        leptos: &LeptosOptions,
        platform_origin: &str,
        image_origin: Option<&ImageOrigin>,
    ) -> Result<Self, String> {
        let [whole, islands] = crate::app::hydration::scripts(leptos)
            .ok_or("no hydration script in the rendered HydrationScripts")?;
        let images = image_origin.map(|o| format!(" {o}")).unwrap_or_default();
        Ok(Self {
            whole: hash_source(whole.as_bytes()),
            islands: (hash_source(islands.as_bytes()), memmem::Finder::new(islands.as_bytes())),
            no_style: hash_source(b""),
            admin_images: format!("{images} {platform_origin}"),
            images,
        })
    }

    /// The policy of one rendered page.
    fn header(&self, html: &[u8], site: &PageSite) -> HeaderValue {
        let (islands_hash, islands_script) = &self.islands;
        let mut scripts =
            if islands_script.find(html).is_some() { islands_hash } else { &self.whole }.clone();
        for data in data_scripts(html) {
            scripts.push(' ');
            scripts.push_str(&hash_source(data));
        }
        let style = site.store.as_ref().map_or(self.no_style.as_str(), |s| &s.style.hash);
        let images = if site.admin { &self.admin_images } else { &self.images };
        let policy = format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {scripts}; style-src 'self' {style}; \
             img-src 'self' data:{images}; connect-src 'self'; object-src 'none'; base-uri 'none'; \
             form-action 'self'; frame-ancestors {}",
            site.frame_ancestors
        );
        // Only hash sources, origins and keywords go in: always a valid header value.
        HeaderValue::try_from(policy).unwrap_or_else(|_| HeaderValue::from_static("default-src 'none'"))
    }
}

/// The inline scripts after the last `</html>`: Leptos writes its serialized resources
/// there, after the whole app, so nothing a page shows can come later. Stops at the first
/// thing that is not a `<script>…</script>` as Leptos writes them (nothing else is expected).
fn data_scripts(html: &[u8]) -> Vec<&[u8]> {
    const END: &[u8] = b"</html>";
    const CLOSE: &[u8] = b"</script>";
    let mut found = Vec::new();
    let Some(end) = memmem::rfind(html, END) else {
        return found;
    };
    let mut rest = html[end + END.len()..].trim_ascii_start();
    while !rest.is_empty() {
        let Some(body) = data_script_start(rest) else {
            tracing::warn!("unexpected markup after </html>: not allowed by the page's policy");
            break;
        };
        let Some(close) = memmem::find(body, CLOSE) else {
            break;
        };
        found.push(&body[..close]);
        rest = body[close + CLOSE.len()..].trim_ascii_start();
    }
    found
}

/// What follows `<script>` or `<script nonce="…">`, else `None`. leptos_axum always gives
/// its scripts a fresh nonce (its `nonce` feature cannot be turned off); no policy here
/// names a nonce, so the attribute allows nothing, and cached pages may repeat it.
fn data_script_start(tag: &[u8]) -> Option<&[u8]> {
    let rest = tag.strip_prefix(b"<script")?;
    if let Some(body) = rest.strip_prefix(b">") {
        return Some(body);
    }
    let rest = rest.strip_prefix(b" nonce=\"")?;
    let quote = rest.iter().position(|b| *b == b'"')?;
    let nonce_ok = rest[..quote].iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'));
    nonce_ok.then(|| rest[quote + 1..].strip_prefix(b">")).flatten()
}

/// What the policy of a page depends on, taken from the request before it is handled.
struct PageSite {
    /// The store whose theme the page carries.
    store: Option<Arc<StoreRecord>>,
    /// A page of the console's origin: the console or a dashboard.
    admin: bool,
    frame_ancestors: &'static str,
}

impl PageSite {
    fn of(site: Option<&Site>) -> Self {
        let (store, admin) = match site {
            Some(Site::Storefront(ctx)) => (Some(ctx.store.clone()), false),
            Some(Site::Dashboard(ctx)) => (Some(ctx.store.clone()), true),
            Some(Site::Admin) => (None, true),
            _ => (None, false),
        };
        Self { store, admin, frame_ancestors: frame_ancestors(site) }
    }
}

/// Who may show this site's pages in a frame. Nobody, for every site today: this is the
/// one place where a store's opt-in (e.g. a list of partner origins on its record) would
/// go. The outer security-headers layer leaves `X-Frame-Options` off only when this
/// allows someone.
fn frame_ancestors(_site: Option<&Site>) -> &'static str {
    "'none'"
}

/// Router middleware: gives every HTML page its policy (see the module docs). Responses
/// that already carry a policy (uploads, plain error pages) and non-HTML ones pass as they are.
pub async fn page_policy(State(policy): State<Arc<PagePolicy>>, req: Request, next: Next) -> Response {
    let site = PageSite::of(req.extensions().get::<Site>());
    let res = next.run(req).await;
    let is_html =
        res.headers().get(header::CONTENT_TYPE).is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
    if !is_html || res.headers().contains_key(header::CONTENT_SECURITY_POLICY) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    match read_up_to(body, MAX_PAGE).await {
        Read::Whole(html) => {
            parts.headers.insert(header::CONTENT_SECURITY_POLICY, policy.header(&html, &site));
            Response::from_parts(parts, Body::from(html))
        }
        // A page too long to hash whole is sent as it is, with the policy of what was read:
        // its data scripts after the document, which come last, are not allowed.
        Read::Streamed { head, body } => {
            parts.headers.insert(header::CONTENT_SECURITY_POLICY, policy.header(&head, &site));
            Response::from_parts(parts, body)
        }
    }
}

/// The policy of the plain pages in [`pages`]: their one inline style, nothing else.
pub fn plain_page_policy(style: &str) -> HeaderValue {
    let policy = format!(
        "default-src 'none'; style-src {}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        hash_source(style.as_bytes())
    );
    HeaderValue::try_from(policy).unwrap_or_else(|_| HeaderValue::from_static("default-src 'none'"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_scripts_after_the_document_are_data_scripts() {
        let html = b"<!DOCTYPE html><html><head><script type=\"module\">boot()</script></head>\
            <body><script>injected()</script></body></html>\
            <script>__RESOLVED_RESOURCES=[];</script><script>__INCOMPLETE_CHUNKS=[];</script>";
        assert_eq!(
            data_scripts(html),
            vec![&b"__RESOLVED_RESOURCES=[];"[..], &b"__INCOMPLETE_CHUNKS=[];"[..]]
        );
    }

    #[test]
    fn a_fake_end_of_document_in_content_does_not_move_the_boundary() {
        let html = b"<html><body><p></html><script>evil()</script></p></body></html><script>data()</script>";
        assert_eq!(data_scripts(html), vec![&b"data()"[..]]);
    }

    #[test]
    fn data_scripts_may_carry_the_nonce_leptos_gives_them() {
        let html = b"<html></html><script nonce=\"aZ-_09\">a()</script><script>b()</script>";
        assert_eq!(data_scripts(html), vec![&b"a()"[..], &b"b()"[..]]);
        let odd = b"<html></html><script nonce=\"x\" src=\"y\">a()</script>";
        assert!(data_scripts(odd).is_empty());
    }

    #[test]
    fn anything_unexpected_after_the_document_ends_the_data_scripts() {
        let html = b"<html></html><script>a()</script><script src=x></script><script>b()</script>";
        assert_eq!(data_scripts(html), vec![&b"a()"[..]]);
        assert!(data_scripts(b"<html><body>no end").is_empty());
    }
}
