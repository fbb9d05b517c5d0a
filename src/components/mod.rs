//! Reusable view pieces.

pub mod frame;
mod initials;
mod layout;
mod product_grid;
mod title;

pub use frame::{action_error, ConsoleLayout, FieldError, FormError};
pub use initials::{initials, StoreInitials};
pub use layout::StoreLayout;
pub use product_grid::ProductGrid;
pub use title::PageTitle;
