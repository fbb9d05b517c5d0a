//! Tenancy: which site and store a request is for, decided before routing.
//!
//! `host` parses the Host header, `classify` decides which site a host and path are for
//! (`site` is what it decided), `resolve` finds stores through a cache, `request` holds the
//! facts established about the request (client address, origin), and `layer` ties them
//! into the tower layer that wraps the whole router.

mod classify;
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
