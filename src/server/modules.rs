//! The module gate: one decision for pages, server functions and API routes.

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use serde_json::json;

use super::tenancy::StoreCtx;

/// Modules every store has; they cannot be disabled.
pub const CORE_MODULES: [&str; 3] = ["catalog", "cart", "orders"];

/// The catalog of modules a store may have.
pub const ALL_MODULES: [&str; 9] =
    ["catalog", "cart", "orders", "reviews", "wishlist", "wallet", "blog", "newsletter", "analytics"];

/// A request for a module the store does not have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("module not enabled: {0}")]
pub struct ModuleDisabled(pub &'static str);

/// Allows the request when the store has `module` enabled (core modules always are).
pub fn require(store: &StoreCtx, module: &'static str) -> Result<(), ModuleDisabled> {
    if CORE_MODULES.contains(&module) || store.has_module(module) {
        Ok(())
    } else {
        Err(ModuleDisabled(module))
    }
}

impl IntoResponse for ModuleDisabled {
    fn into_response(self) -> Response {
        (
            StatusCode::FORBIDDEN,
            Json(json!({ "error": "module not enabled", "module": self.0, "upgrade": true })),
        )
            .into_response()
    }
}
