//! The module gate: one decision for pages, server functions and API routes.

use super::tenancy::StoreCtx;
use crate::api::error::ApiError;

/// Modules every store has; they cannot be disabled.
pub const CORE_MODULES: [&str; 3] = ["catalog", "cart", "orders"];

/// The catalog of modules a store may have.
pub const ALL_MODULES: [&str; 9] =
    ["catalog", "cart", "orders", "reviews", "wishlist", "wallet", "blog", "newsletter", "analytics"];

/// Allows the request when the store has `module` enabled (core modules always are);
/// otherwise the 403 `module not enabled` answer of DESIGN.md.
pub fn require(store: &StoreCtx, module: &'static str) -> Result<(), ApiError> {
    if CORE_MODULES.contains(&module) || store.has_module(module) {
        Ok(())
    } else {
        Err(ApiError::ModuleDisabled { module: module.into() })
    }
}
