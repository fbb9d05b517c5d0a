//! Reusable view pieces.

mod cart_link;
pub mod frame;
mod initials;
mod layout;
mod product_grid;
mod title;

pub use cart_link::{provide_cart_count, CartCount, CartLink};
pub use frame::{action_error, ConsoleLayout, FieldError, FormError};
pub use initials::{initials, StoreInitials};
pub use layout::StoreLayout;
pub use product_grid::ProductGrid;
pub use title::PageTitle;
