//! Security headers on every response: the outermost layer, around the tenancy layer, so
//! redirects, error pages, ops answers and pages served from the page cache carry them too.
//!
//! Each header is added only when the response does not set it already: pages get their
//! own Content-Security-Policy from [`super::csp`] (stored with them in the page cache),
//! uploads keep their sandbox policy, and everything else gets a policy that allows
//! nothing. All values are fixed strings, so a request costs a few header inserts.

use std::{
    future::Future,
    net::{IpAddr, SocketAddr},
    pin::Pin,
    sync::Arc,
    task::{Context, Poll},
};

use axum::{
    extract::{ConnectInfo, Request},
    http::{header, HeaderMap, HeaderName, HeaderValue},
    response::Response,
};
use tower::{Layer, Service};

use crate::server::tenancy::layer::{forwarded_https, from_trusted_proxy};

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

/// The layer; `trusted_proxies` are the addresses whose `X-Forwarded-Proto` is believed.
#[derive(Clone)]
pub struct SecurityHeadersLayer {
    trusted_proxies: Arc<[IpAddr]>,
}

impl SecurityHeadersLayer {
    pub fn new(trusted_proxies: &[IpAddr]) -> Self {
        Self { trusted_proxies: trusted_proxies.into() }
    }
}

impl<S> Layer<S> for SecurityHeadersLayer {
    type Service = SecurityHeaders<S>;

    fn layer(&self, inner: S) -> Self::Service {
        SecurityHeaders { inner, trusted_proxies: self.trusted_proxies.clone() }
    }
}

/// The service made by [`SecurityHeadersLayer`].
#[derive(Clone)]
pub struct SecurityHeaders<S> {
    inner: S,
    trusted_proxies: Arc<[IpAddr]>,
}

impl<S> Service<Request> for SecurityHeaders<S>
where
    S: Service<Request, Response = Response>,
    S::Future: Unpin,
{
    type Response = Response;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        let tls = from_trusted_proxy(peer, &self.trusted_proxies) && forwarded_https(req.headers());
        ResponseFuture { inner: self.inner.call(req), tls }
    }
}

/// Adds the headers once the inner service has answered.
pub struct ResponseFuture<F> {
    inner: F,
    tls: bool,
}

impl<F, E> Future for ResponseFuture<F>
where
    F: Future<Output = Result<Response, E>> + Unpin,
{
    type Output = Result<Response, E>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let tls = self.tls;
        Pin::new(&mut self.inner).poll(cx).map_ok(|mut res| {
            add(res.headers_mut(), tls);
            res
        })
    }
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
