//! HTTP handlers that are not Leptos pages or server functions: the JSON API, uploads,
//! operations endpoints, plain status pages, and the layer that keeps JSON errors JSON.

pub mod assets;
pub mod json_api;
pub mod json_errors;
pub mod ops;
pub mod order_export;
pub mod panics;
pub mod seo;
pub mod status_pages;
pub mod uploads;
