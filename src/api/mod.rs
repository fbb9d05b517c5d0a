//! Server functions by area. Each reads the tenant from the request, never from the client.

#[cfg(feature = "ssr")]
pub mod access;
pub mod admin;
pub mod auth;
pub mod cart;
pub mod checkout;
pub mod dashboard;
pub mod platform;
pub mod reviews;
pub mod shopper;
#[cfg(feature = "ssr")]
mod shopper_links;
pub mod storefront;
pub mod theme;
pub mod wallet;
pub mod wishlist;
