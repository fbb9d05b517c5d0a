//! The module gate: one decision for pages, server functions and API routes.

use super::tenancy::StoreCtx;
use crate::api::error::ApiError;
pub use crate::model::Module;

/// Allows the request when the store has `module` enabled (core modules always are);
/// otherwise the 403 `module not enabled` answer of DESIGN.md.
pub fn require(store: &StoreCtx, module: Module) -> Result<(), ApiError> {
    if module.is_core() || store.has_module(module) {
        Ok(())
    } else {
        Err(ApiError::ModuleDisabled { module: module.key().into() })
    }
}
