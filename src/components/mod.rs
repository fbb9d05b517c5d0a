//! Reusable view pieces.

pub mod frame;
mod layout;
mod product_grid;

pub use frame::{action_error, ConsoleLayout, FieldError, FormError};
pub use layout::StoreLayout;
pub use product_grid::ProductGrid;
