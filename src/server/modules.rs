//! The module gate: one decision for pages, server functions and API routes.

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use serde_json::json;

use super::tenancy::StoreCtx;
pub use crate::model::Module;

/// A request for a module the store does not have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("module not enabled: {0}")]
pub struct ModuleDisabled(pub &'static str);

/// Allows the request when the store has `module` enabled (core modules always are).
pub fn require(store: &StoreCtx, module: Module) -> Result<(), ModuleDisabled> {
    if module.is_core() || store.has_module(module) {
        Ok(())
    } else {
        Err(ModuleDisabled(module.key()))
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
