//! DNS TXT lookups for custom-domain verification (`_arcade-verify.{domain}`).

use std::net::SocketAddr;

use hickory_resolver::{
    config::{NameServerConfig, ResolverConfig},
    net::runtime::TokioRuntimeProvider,
    proto::rr::RData,
    TokioResolver,
};

/// The label under which a domain's owner publishes the verification token.
pub const TXT_LABEL: &str = "_arcade-verify";

/// The TXT record name for `domain`.
pub fn txt_name(domain: &str) -> String {
    format!("{TXT_LABEL}.{domain}")
}

/// The TXT record value for a domain's token.
pub fn txt_value(token: &str) -> String {
    format!("arcade-verify={token}")
}

/// Looks up TXT records, uncached (an owner who just created the record must not be
/// told "not found" by a cached answer).
#[derive(Clone)]
pub struct DnsVerifier {
    resolver: TokioResolver,
}

impl DnsVerifier {
    /// Asks `server` when given (tests start one on loopback), else the system's resolvers.
    pub fn new(server: Option<SocketAddr>) -> Result<Self, String> {
        let mut builder = match server {
            Some(addr) => {
                let mut ns = NameServerConfig::udp(addr.ip());
                for c in &mut ns.connections {
                    c.port = addr.port();
                }
                TokioResolver::builder_with_config(
                    ResolverConfig::from_parts(None, vec![], vec![ns]),
                    TokioRuntimeProvider::default(),
                )
            }
            None => TokioResolver::builder_tokio().unwrap_or_else(|e| {
                // Serving stores does not need DNS; only verification will fail, and say why.
                tracing::warn!(error = %e, "no system DNS settings; set --dns-server to verify domains");
                TokioResolver::builder_with_config(
                    ResolverConfig::from_parts(None, vec![], vec![]),
                    TokioRuntimeProvider::default(),
                )
            }),
        };
        let opts = builder.options_mut();
        opts.cache_size = 0;
        opts.attempts = 1;
        opts.timeout = std::time::Duration::from_secs(3);
        let resolver = builder.build().map_err(|e| format!("cannot start the DNS resolver: {e}"))?;
        Ok(Self { resolver })
    }

    /// The TXT strings published at `name` (empty when there are none).
    pub async fn txt(&self, name: &str) -> Result<Vec<String>, String> {
        match self.resolver.txt_lookup(format!("{name}.")).await {
            Ok(lookup) => Ok(lookup
                .answers()
                .iter()
                .filter_map(|r| match &r.data {
                    RData::TXT(txt) => Some(txt.to_string()),
                    _ => None,
                })
                .collect()),
            Err(e) if e.is_no_records_found() || e.is_nx_domain() => Ok(Vec::new()),
            Err(e) => Err(e.to_string()),
        }
    }
}
