//! Shopper pages.

mod account;
mod cart;
mod catalog;
mod checkout;
mod home;
mod order;
mod product;
mod products;
mod reviews;
mod wallet;
mod wishlist;

pub use account::AccountPage;
pub use cart::CartPage;
pub use catalog::Catalog;
pub use checkout::CheckoutPage;
pub use home::Home;
pub use order::OrderPage;
pub use product::ProductDetail;
pub use products::ProductList;
pub use wishlist::WishlistPage;
