//! Tenancy: which site and store a request is for.
//!
//! `host` parses the Host header, `classify` decides which site a host and path are for
//! (`site` is what it decided), `resolve` finds stores through a cache, and `request` holds
//! the facts established about the request (client address, origin). The middleware that
//! applies them to each request is `http::identify`.

pub mod classify;
pub mod host;
mod hot;
pub mod request;
pub mod resolve;
pub mod site;

pub use host::{Hostname, StoreCode};
pub use request::{network_of, ClientIp, RequestOrigin};
pub use resolve::Resolver;
pub use site::{Site, StoreCtx};
