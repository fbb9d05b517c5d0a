//! JSON endpoints answer JSON, also when something around them refuses the request: an
//! unknown host or store, a route or method that does not exist, a body over the limit.
//! Whatever produced such an answer, a JSON caller gets the one error shape.

use axum::{
    extract::Request,
    http::{header, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::error::ApiError;

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

/// The middleware: on a JSON path, an error answer that is not JSON becomes JSON, and a
/// server function's error gets the status its kind means. Other paths pass through
/// untouched: that is every page, cached or not.
pub async fn json_errors(req: Request, next: Next) -> Response {
    if !is_json_path(req.uri().path()) {
        return next.run(req).await;
    }
    as_json(next.run(req).await).await
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
