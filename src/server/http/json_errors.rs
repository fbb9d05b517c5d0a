//! JSON endpoints answer JSON, also when something around them refuses the request: an
//! unknown host or store, a route or method that does not exist, a body over the limit.
//! Whatever produced such an answer, a JSON caller gets the one error shape.

use std::{
    convert::Infallible,
    future::Future,
    pin::Pin,
    task::{Context, Poll},
};

use axum::{
    extract::Request,
    http::{header, StatusCode},
    response::{IntoResponse, Response},
};
use tower::{Layer, Service};

use crate::api::error::ApiError;

/// Server functions (`/api/…` under a site's base) and the JSON API (`/api/v1/…`).
pub fn is_json_path(path: &str) -> bool {
    let rest = if let Some(rest) = path.strip_prefix("/admin") {
        rest
    } else if let Some(rest) = path.strip_prefix("/stores/").or_else(|| path.strip_prefix("/store/")) {
        rest.find('/').map_or("", |i| &rest[i..])
    } else {
        path
    };
    rest.starts_with("/api/")
}

/// The error of the JSON shape for a status some other part answered with.
fn error_for(status: StatusCode) -> ApiError {
    match status.as_u16() {
        400 => ApiError::BadRequest { message: "the request could not be read".into() },
        401 => ApiError::Unauthorized,
        403 => ApiError::Forbidden,
        404 => ApiError::NotFound,
        405 => ApiError::MethodNotAllowed,
        413 => ApiError::TooLarge,
        422 => ApiError::invalid("request", "the request could not be read"),
        429 => ApiError::Throttled { retry_after: 60 },
        503 => ApiError::Unavailable,
        _ => ApiError::server("something went wrong on our side; please try again"),
    }
}

/// The layer: on a JSON path, an error answer that is not JSON becomes JSON, and a server
/// function's error gets the status its kind means. Other paths pass through untouched,
/// with nothing allocated: that is every page, cached or not.
#[derive(Clone, Copy, Default)]
pub struct JsonErrorsLayer;

impl<S> Layer<S> for JsonErrorsLayer {
    type Service = JsonErrors<S>;

    fn layer(&self, inner: S) -> Self::Service {
        JsonErrors { inner }
    }
}

/// The service made by [`JsonErrorsLayer`].
#[derive(Clone)]
pub struct JsonErrors<S> {
    inner: S,
}

type Boxed = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

impl<S> Service<Request> for JsonErrors<S>
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send + Unpin,
{
    type Response = Response;
    type Error = Infallible;
    type Future = JsonErrorsFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        if !is_json_path(req.uri().path()) {
            return JsonErrorsFuture::Pass(self.inner.call(req));
        }
        // The service that was made ready is the one to call; keep a fresh clone for later.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        JsonErrorsFuture::Json(Box::pin(async move {
            let res = inner.call(req).await?;
            Ok(as_json(res).await)
        }))
    }
}

/// The future of [`JsonErrors`]: the inner future itself for other paths.
pub enum JsonErrorsFuture<F> {
    Pass(F),
    Json(Boxed),
}

impl<F> Future for JsonErrorsFuture<F>
where
    F: Future<Output = Result<Response, Infallible>> + Unpin,
{
    type Output = Result<Response, Infallible>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match &mut *self {
            Self::Pass(inner) => Pin::new(inner).poll(cx),
            Self::Json(inner) => inner.as_mut().poll(cx),
        }
    }
}

/// The answer to a JSON call, made JSON if something else answered it.
async fn as_json(res: Response) -> Response {
    let status = res.status();
    if status == StatusCode::INTERNAL_SERVER_ERROR && res.headers().contains_key("serverfnerror") {
        return with_error_status(res).await;
    }
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if is_json || !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let mut out = error_for(status).into_response();
    *out.status_mut() = status;
    for name in [header::RETRY_AFTER, header::ALLOW, header::WWW_AUTHENTICATE] {
        if let Some(v) = res.headers().get(&name) {
            out.headers_mut().insert(name, v.clone());
        }
    }
    out
}

/// A server function that fails before its body runs (arguments that do not decode) is
/// answered 500 by the framework; its body says what the error is, and so its status.
async fn with_error_status(res: Response) -> Response {
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return ApiError::server("something went wrong on our side; please try again").into_response();
    };
    if let Ok(error) = serde_json::from_slice::<ApiError>(&bytes) {
        parts.status = error.status_code();
        if let Some(seconds) = error.retry_after() {
            parts.headers.insert(header::RETRY_AFTER, seconds.into());
        }
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::is_json_path;

    #[test]
    fn json_paths_are_recognised_under_every_base() {
        for path in [
            "/api/v1/products",
            "/api/list_products",
            "/stores/t0001/api/x",
            "/store/t0001/api/x",
            "/admin/api/x",
        ] {
            assert!(is_json_path(path), "{path}");
        }
        for path in [
            "/",
            "/shop/products",
            "/apix",
            "/stores/t0001/shop",
            "/stores/api/x",
            "/admin",
            "/uploads/a.png",
        ] {
            assert!(!is_json_path(path), "{path}");
        }
    }
}
