//! Reusable view pieces.

mod cart_link;
pub mod frame;
mod initials;
mod layout;
pub mod live_theme;
mod order_items;
mod product_data;
mod product_grid;
mod skip_link;
mod store_meta;
mod title;

pub use cart_link::{on_shop_intent, provide_shop_context, CartCount, CartLink, CartPrefetch};
pub use frame::{action_error, result_error, ConsoleLayout, FieldError, FormError};
pub use initials::{initials, StoreInitials};
pub use layout::StoreLayout;
pub use order_items::OrderItems;
pub use product_data::ProductData;
pub use product_grid::ProductGrid;
pub use skip_link::{SkipLink, MAIN_ID};
pub use store_meta::{PageAt, StoreMeta};
pub use title::PageTitle;
