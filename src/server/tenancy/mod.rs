//! Tenancy: which site and store a request is for, decided before routing.
//!
//! `host` parses the Host header, `site` classifies it against the platform domain,
//! `resolve` finds stores through a cache, `request` holds the facts established about
//! the request (client address, origin), and `layer` ties them into the tower layer
//! that wraps the whole router.

pub mod host;
mod hot;
pub mod layer;
pub mod request;
pub mod resolve;
pub mod site;

pub use host::{Hostname, StoreCode};
pub use request::{network_of, ClientIp, RequestOrigin};
pub use resolve::Resolver;
pub use site::{Site, StoreCtx};
