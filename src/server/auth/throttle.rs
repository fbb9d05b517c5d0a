//! Login throttling: sign-in attempts are counted per account and client address, and per
//! address, over a window; past the limit they are refused before any password is checked.

use std::{
    net::IpAddr,
    sync::{
        atomic::{AtomicU32, Ordering},
        Arc,
    },
    time::Duration,
};

use moka::sync::Cache;

/// Attempts allowed per account and address in a window (a success starts again).
pub const PER_ACCOUNT: u32 = 5;
/// Attempts allowed per address over all accounts in a window.
pub const PER_ADDRESS: u32 = 50;
/// The window: counting starts at the first failure.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

/// Counters of failed sign-ins; bounded, and forgotten after [`WINDOW`].
#[derive(Clone)]
pub struct LoginThrottle {
    failures: Cache<String, Arc<AtomicU32>>,
}

impl Default for LoginThrottle {
    fn default() -> Self {
        Self { failures: Cache::builder().max_capacity(100_000).time_to_live(WINDOW).build() }
    }
}

impl LoginThrottle {
    fn keys(email: &str, ip: Option<IpAddr>) -> [(String, u32); 2] {
        let ip = ip.map(|i| i.to_string()).unwrap_or_default();
        [(format!("a:{}|{ip}", email.to_ascii_lowercase()), PER_ACCOUNT), (format!("i:{ip}"), PER_ADDRESS)]
    }

    /// Counts an attempt before its password is checked (so parallel guesses cannot all
    /// slip under the limit); `Err(seconds to wait)` when the account or address is over it.
    pub fn attempt(&self, email: &str, ip: Option<IpAddr>) -> Result<(), u64> {
        let mut over = false;
        for (k, limit) in Self::keys(email, ip) {
            let n = self.failures.get_with(k, || Arc::new(AtomicU32::new(0))).fetch_add(1, Ordering::Relaxed);
            over |= n >= limit;
        }
        if over {
            Err(WINDOW.as_secs())
        } else {
            Ok(())
        }
    }

    /// Forgets the account's attempts after a successful sign-in (the address keeps its count).
    pub fn succeeded(&self, email: &str, ip: Option<IpAddr>) {
        let [(account, _), _] = Self::keys(email, ip);
        self.failures.invalidate(&account);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_an_account_after_the_limit_and_only_that_account() {
        let t = LoginThrottle::default();
        let ip = Some("10.0.0.1".parse().unwrap());
        for _ in 0..PER_ACCOUNT {
            assert!(t.attempt("A@x.test", ip).is_ok());
        }
        assert!(t.attempt("a@x.test", ip).is_err());
        assert!(t.attempt("b@x.test", ip).is_ok());
        t.succeeded("a@x.test", ip);
        assert!(t.attempt("a@x.test", ip).is_ok(), "a success forgets the account's count");
    }
}
