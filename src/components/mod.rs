//! Reusable view pieces.

pub mod console;
mod layout;
mod product_grid;

pub use console::{action_error, ConsoleLayout, FieldError, FormError};
pub use layout::StoreLayout;
pub use product_grid::ProductGrid;
