//! Facts about a request, typed where they are established: who the client is (behind
//! trusted proxies), the host and scheme it addressed, and the origin it sees.

use std::net::{IpAddr, Ipv6Addr};

use axum::http::{header, HeaderMap, Uri};

/// The client's address: the peer, or the one trusted proxies forwarded.
#[derive(Clone, Copy, Debug)]
pub struct ClientIp(pub IpAddr);

/// The request's own origin (`scheme://host[:port]`), with the scheme believed from
/// trusted proxies only: what a browser sends as `Origin` and what cookies are set for.
/// Pages are rendered for the store's configured origin instead (see `StoreCtx::origin`).
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

/// The Host to resolve and the scheme, believing forwarded headers only from trusted proxies.
pub fn request_host(headers: &HeaderMap, uri: &Uri, trusted: bool) -> (String, &'static str) {
    let first = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(|v| v.trim().to_string())
    };
    // RFC 9112 §3.2: more than one Host line is a 400, never "the first one wins".
    if headers.get_all(header::HOST).iter().nth(1).is_some() {
        return (String::new(), "http");
    }
    let forwarded_host = if trusted { first("x-forwarded-host") } else { None };
    let host = forwarded_host
        .or_else(|| headers.get(header::HOST).and_then(|v| v.to_str().ok()).map(str::to_string))
        .or_else(|| uri.authority().map(|a| a.to_string()))
        .unwrap_or_default();
    let https = trusted && forwarded_https(headers);
    (host, if https { "https" } else { "http" })
}

/// True when the request comes straight from one of the trusted proxies.
pub fn from_trusted_proxy(peer: Option<IpAddr>, proxies: &[IpAddr]) -> bool {
    peer.is_some_and(|ip| proxies.contains(&ip))
}

/// True when `X-Forwarded-Proto` (first hop) says `https`; believe it only from a trusted proxy.
pub fn forwarded_https(headers: &HeaderMap) -> bool {
    let first = headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()?.split(',').next());
    first.is_some_and(|p| p.trim().eq_ignore_ascii_case("https"))
}

/// The client's address: the peer, or behind trusted proxies the right-most
/// `X-Forwarded-For` entry that is not one of them (proxies append, so entries further
/// left are whatever the client claimed).
pub fn client_ip(headers: &HeaderMap, peer: Option<IpAddr>, trusted: &[IpAddr]) -> Option<IpAddr> {
    let peer = peer?;
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    let forwarded = headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok());
    let hops: Vec<IpAddr> =
        forwarded.flat_map(|v| v.split(',')).filter_map(|h| h.trim().parse().ok()).collect();
    Some(hops.into_iter().rev().find(|ip| !trusted.contains(ip)).unwrap_or(peer))
}

/// `:port` of a raw Host value: kept in redirects and the request's own origin, which answer
/// only the client that sent it, never in what pages shared by everyone show.
pub fn port_suffix(raw: &str) -> &str {
    match raw.trim().rfind(':') {
        Some(i) if !raw.trim().ends_with(']') => &raw.trim()[i..],
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn ipv6_addresses_count_by_their_64_and_ipv4_by_itself() {
        let net = |s: &str| network_of(s.parse().expect("an address"));
        assert_eq!(net("2001:db8:1:2:aaaa::1"), net("2001:db8:1:2:ffff:ffff:ffff:ffff"));
        assert_eq!(net("2001:db8:1:2::7"), "2001:db8:1:2::".parse::<std::net::IpAddr>().unwrap());
        assert_ne!(net("2001:db8:1:2::1"), net("2001:db8:1:3::1"));
        assert_ne!(net("203.0.113.1"), net("203.0.113.2"));
        assert_eq!(net("::ffff:203.0.113.1"), net("203.0.113.1"), "an IPv4 address written as IPv6");
    }

    #[test]
    fn forwarded_host_is_ignored_from_untrusted_peers() {
        let h = headers(&[
            ("host", "t0001.platform.test"),
            ("x-forwarded-host", "t0002.platform.test"),
            ("x-forwarded-proto", "https"),
        ]);
        let uri: Uri = "/".parse().unwrap();
        assert_eq!(request_host(&h, &uri, false), ("t0001.platform.test".into(), "http"));
        assert_eq!(request_host(&h, &uri, true), ("t0002.platform.test".into(), "https"));
    }

    #[test]
    fn client_address_comes_from_forwarded_for_only_behind_trusted_proxies() {
        let proxy: IpAddr = "10.0.0.2".parse().unwrap();
        let h = headers(&[("x-forwarded-for", "6.6.6.6, 203.0.113.9, 10.0.0.3")]);
        let trusted = [proxy, "10.0.0.3".parse().unwrap()];
        assert_eq!(client_ip(&h, Some(proxy), &trusted), Some("203.0.113.9".parse().unwrap()));
        let stranger: IpAddr = "198.51.100.7".parse().unwrap();
        assert_eq!(client_ip(&h, Some(stranger), &trusted), Some(stranger), "not from a proxy: the peer");
        assert_eq!(client_ip(&HeaderMap::new(), Some(proxy), &trusted), Some(proxy));
    }

    #[test]
    fn port_is_kept_for_redirects() {
        assert_eq!(port_suffix("t0001.localhost:3000"), ":3000");
        assert_eq!(port_suffix("t0001.localhost"), "");
    }
}
