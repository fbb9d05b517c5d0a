//! The HTTP pipeline and the handlers that are not Leptos pages or server functions: the
//! layers every request passes (security headers, JSON errors, the page cache, compression,
//! page policies, the guard), the JSON API, uploads, operations endpoints and plain status pages.

pub mod accept_encoding;
pub mod assets;
mod body;
pub mod cache;
pub mod compress;
pub mod csp;
pub mod guard;
pub mod identify;
pub mod json_api;
pub mod json_errors;
pub mod ops;
pub mod order_export;
pub mod panics;
pub mod preview;
pub mod public_routes;
pub mod security_headers;
pub mod seo;
pub mod shared;
pub mod status_pages;
pub mod uploads;
