//! Facts about a request that the tenancy layer establishes, typed where they are made:
//! who the client is (behind trusted proxies) and the origin it addressed.

/// The client's address: the peer, or the one trusted proxies forwarded.
#[derive(Clone, Copy, Debug)]
pub struct ClientIp(pub std::net::IpAddr);

/// The request's own origin (`scheme://host[:port]`), with the scheme believed from
/// trusted proxies only.
#[derive(Clone, Debug)]
pub struct RequestOrigin(pub String);

impl RequestOrigin {
    pub fn is_https(&self) -> bool {
        self.0.starts_with("https://")
    }
}
