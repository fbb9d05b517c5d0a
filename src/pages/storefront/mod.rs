//! Shopper pages.

mod home;
mod product;
mod products;

pub use home::Home;
pub use product::ProductDetail;
pub use products::ProductList;
