//! Server functions by area. Each reads the tenant from the request, never from the client.

pub mod platform;
pub mod storefront;
