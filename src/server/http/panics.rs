//! A handler that panics still gets an answer: the plain 500 page, which the JSON-errors
//! layer around this one turns into the JSON error shape on JSON paths. The connection
//! stays open for the client's next request.

use std::any::Any;

use axum::response::Response;
use tower_http::catch_panic::CatchPanicLayer;

use super::status_pages;

/// The layer; it goes inside the JSON-errors layer.
pub fn layer() -> CatchPanicLayer<fn(Box<dyn Any + Send + 'static>) -> Response> {
    CatchPanicLayer::custom(answer as fn(Box<dyn Any + Send + 'static>) -> Response)
}

fn answer(panic: Box<dyn Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)");
    tracing::error!(panic = message, "a request handler panicked");
    status_pages::server_error()
}
