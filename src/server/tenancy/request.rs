//! Facts about a request that the tenancy layer establishes, typed where they are made:
//! who the client is (behind trusted proxies) and the origin it addressed.

use std::net::{IpAddr, Ipv6Addr};

/// The client's address: the peer, or the one trusted proxies forwarded.
#[derive(Clone, Copy, Debug)]
pub struct ClientIp(pub IpAddr);

/// The request's own origin (`scheme://host[:port]`), with the scheme believed from
/// trusted proxies only.
#[derive(Clone, Debug)]
pub struct RequestOrigin(pub String);

impl RequestOrigin {
    pub fn is_https(&self) -> bool {
        self.0.starts_with("https://")
    }
}

/// The network a client address stands for when counting its requests: an IPv4 address
/// itself, and the /64 of an IPv6 address (one subscriber is usually handed a whole /64,
/// so counting single IPv6 addresses would let one client count as billions).
pub fn network_of(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(Ipv6Addr::from(u128::from(v6) & !((1u128 << 64) - 1))),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::network_of;

    #[test]
    fn ipv6_addresses_count_by_their_64_and_ipv4_by_itself() {
        let net = |s: &str| network_of(s.parse().expect("an address"));
        assert_eq!(net("2001:db8:1:2:aaaa::1"), net("2001:db8:1:2:ffff:ffff:ffff:ffff"));
        assert_eq!(net("2001:db8:1:2::7"), "2001:db8:1:2::".parse::<std::net::IpAddr>().unwrap());
        assert_ne!(net("2001:db8:1:2::1"), net("2001:db8:1:3::1"));
        assert_ne!(net("203.0.113.1"), net("203.0.113.2"));
        assert_eq!(net("::ffff:203.0.113.1"), net("203.0.113.1"), "an IPv4 address written as IPv6");
    }
}
