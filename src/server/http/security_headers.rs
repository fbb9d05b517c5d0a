//! Security headers on every response: the outermost layer, so redirects, error pages, ops
//! answers and pages served from the page cache carry them too.
//!
//! Each header is added only when the response does not set it already: pages get their
//! own Content-Security-Policy from [`super::csp`] (stored with them in the page cache),
//! uploads keep their sandbox policy, and everything else gets a policy that allows
//! nothing. All values are fixed strings, so a request costs a few header inserts.

use std::{
    net::{IpAddr, SocketAddr},
    sync::Arc,
};

use axum::{
    extract::{ConnectInfo, Request, State},
    http::{header, HeaderMap, HeaderName, HeaderValue},
    middleware::Next,
    response::Response,
};

use crate::server::tenancy::request::{forwarded_https, from_trusted_proxy};

/// For responses that set no policy of their own (JSON, files, redirects): nothing may
/// load, run or frame them.
static DEFAULT_POLICY: HeaderValue = HeaderValue::from_static(
    "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
);

static ALWAYS: [(HeaderName, HeaderValue); 3] = [
    (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
    (header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin")),
    // Powerful features no page of the app uses; a store page cannot turn them on either.
    (
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static(
            "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), hid=(), \
     magnetometer=(), microphone=(), midi=(), payment=(), serial=(), usb=()",
        ),
    ),
];

/// Sent only when a trusted proxy says the client came over TLS: the app itself speaks
/// plain HTTP, and a plain-HTTP deployment must not tell browsers it has HTTPS.
static HSTS: HeaderValue = HeaderValue::from_static("max-age=31536000");

/// The middleware; its state is the addresses whose `X-Forwarded-Proto` is believed.
pub async fn security_headers(
    State(trusted_proxies): State<Arc<[IpAddr]>>,
    req: Request,
    next: Next,
) -> Response {
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    let tls = from_trusted_proxy(peer, &trusted_proxies) && forwarded_https(req.headers());
    let mut res = next.run(req).await;
    add(res.headers_mut(), tls);
    res
}

fn add(headers: &mut HeaderMap, tls: bool) {
    for (name, value) in &ALWAYS {
        headers.entry(name).or_insert_with(|| value.clone());
    }
    let policy = headers.entry(header::CONTENT_SECURITY_POLICY).or_insert_with(|| DEFAULT_POLICY.clone());
    if !allows_framing(policy.as_bytes()) {
        headers.entry(header::X_FRAME_OPTIONS).or_insert(HeaderValue::from_static("DENY"));
    }
    if tls {
        headers.entry(header::STRICT_TRANSPORT_SECURITY).or_insert_with(|| HSTS.clone());
    }
}

/// True when the policy names origins that may frame the response (a store that opted in,
/// see `csp::frame_ancestors`); `X-Frame-Options` cannot say that, so it is left off.
fn allows_framing(policy: &[u8]) -> bool {
    const DIRECTIVE: &[u8] = b"frame-ancestors ";
    // The app's own policies end with this directive: answer without a scan.
    if policy.ends_with(b"frame-ancestors 'none'") {
        return false;
    }
    let Some(at) = policy.windows(DIRECTIVE.len()).position(|w| w == DIRECTIVE) else {
        return false;
    };
    let value = &policy[at + DIRECTIVE.len()..];
    let value = value.split(|b| *b == b';').next().unwrap_or_default().trim_ascii();
    value != b"'none'"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framing_is_allowed_only_when_the_policy_names_who_may_frame() {
        assert!(!allows_framing(DEFAULT_POLICY.as_bytes()));
        assert!(!allows_framing(b"default-src 'none'; sandbox"));
        assert!(!allows_framing(b"img-src 'self'; frame-ancestors 'none'"));
        assert!(allows_framing(b"frame-ancestors https://partner.example; img-src 'self'"));
    }

    #[test]
    fn headers_already_set_are_kept() {
        let mut h = HeaderMap::new();
        h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; sandbox"));
        add(&mut h, false);
        assert_eq!(h[header::CONTENT_SECURITY_POLICY], "default-src 'none'; sandbox");
        assert_eq!(h[header::X_FRAME_OPTIONS], "DENY");
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert!(!h.contains_key(header::STRICT_TRANSPORT_SECURITY));
        add(&mut h, true);
        assert_eq!(h[header::STRICT_TRANSPORT_SECURITY], "max-age=31536000");
    }
}
