//! Reusable view pieces.

mod layout;
mod product_grid;

pub use layout::StoreLayout;
pub use product_grid::ProductGrid;
