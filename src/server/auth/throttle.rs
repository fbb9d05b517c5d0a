//! Throttles for everything that hashes a password or sends an account mail: attempts are
//! counted per account and client network, and per network, over a window; past the limit
//! they are refused before any password is hashed or any mail written.
//!
//! Counters are kept apart by [`Scope`] (the console's staff, each store's shoppers) and by
//! [`Act`], so failures on one store's sign-in never lock anyone out of the console or of
//! another store. An IPv6 client counts by its /64, which one client typically holds whole.

use std::{
    net::IpAddr,
    sync::{
        atomic::{AtomicU32, Ordering},
        Arc,
    },
    time::Duration,
};

use moka::sync::Cache;

use crate::server::tenancy::request::network_of;

/// Attempts allowed per account and network in a window (a success starts again).
pub const PER_ACCOUNT: u32 = 5;
/// Attempts allowed per network over all accounts in a window.
pub const PER_ADDRESS: u32 = 50;
/// The window: counting starts at the first attempt.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

/// Whose accounts: staff (one sign-in for the console and every dashboard) or one store's shoppers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope<'a> {
    Staff,
    /// A store's shoppers, by store code.
    Store(&'a str),
}

/// What is being attempted; each has its own counters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    SignIn,
    SignUp,
    /// Asking for a password-reset mail.
    ResetRequest,
    /// Using a one-time link (setting a password, confirming an address).
    UseLink,
}

/// Counters of attempts; bounded, and forgotten after [`WINDOW`].
#[derive(Clone)]
pub struct LoginThrottle {
    counts: Cache<String, Arc<AtomicU32>>,
}

impl Default for LoginThrottle {
    fn default() -> Self {
        Self { counts: Cache::builder().max_capacity(100_000).time_to_live(WINDOW).build() }
    }
}

impl LoginThrottle {
    fn keys(scope: Scope<'_>, act: Act, account: &str, ip: Option<IpAddr>) -> [(String, u32); 2] {
        let net = ip.map(|i| network_of(i).to_string()).unwrap_or_default();
        let scope = match scope {
            Scope::Staff => "staff".to_string(),
            Scope::Store(code) => format!("store:{code}"),
        };
        [
            (format!("{scope}|{act:?}|a:{}|{net}", account.to_ascii_lowercase()), PER_ACCOUNT),
            (format!("{scope}|{act:?}|n:{net}"), PER_ADDRESS),
        ]
    }

    /// Counts an attempt before any work is done for it (so parallel guesses cannot all slip
    /// under the limit); `Err(seconds to wait)` when the account or network is over it.
    /// `account` is the email, or empty when there is none yet (a link's token).
    pub fn attempt(&self, scope: Scope<'_>, act: Act, account: &str, ip: Option<IpAddr>) -> Result<(), u64> {
        let mut over = false;
        for (k, limit) in Self::keys(scope, act, account, ip) {
            let n = self.counts.get_with(k, || Arc::new(AtomicU32::new(0))).fetch_add(1, Ordering::Relaxed);
            over |= n >= limit;
        }
        if over {
            Err(WINDOW.as_secs())
        } else {
            Ok(())
        }
    }

    /// Forgets the account's attempts after a success (the network keeps its count).
    pub fn succeeded(&self, scope: Scope<'_>, act: Act, account: &str, ip: Option<IpAddr>) {
        let [(account, _), _] = Self::keys(scope, act, account, ip);
        self.counts.invalidate(&account);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIGN_IN: Act = Act::SignIn;

    #[test]
    fn locks_an_account_after_the_limit_and_only_that_account() {
        let t = LoginThrottle::default();
        let ip = Some("10.0.0.1".parse().unwrap());
        for _ in 0..PER_ACCOUNT {
            assert!(t.attempt(Scope::Staff, SIGN_IN, "A@x.test", ip).is_ok());
        }
        assert!(t.attempt(Scope::Staff, SIGN_IN, "a@x.test", ip).is_err());
        assert!(t.attempt(Scope::Staff, SIGN_IN, "b@x.test", ip).is_ok());
        t.succeeded(Scope::Staff, SIGN_IN, "a@x.test", ip);
        assert!(
            t.attempt(Scope::Staff, SIGN_IN, "a@x.test", ip).is_ok(),
            "a success forgets the account's count"
        );
    }

    #[test]
    fn a_stores_failures_never_lock_the_console_or_another_store() {
        let t = LoginThrottle::default();
        let ip = Some("10.0.0.1".parse().unwrap());
        for i in 0..PER_ADDRESS + 5 {
            let _ = t.attempt(Scope::Store("t0001"), SIGN_IN, &format!("u{i}@x.test"), ip);
        }
        assert!(
            t.attempt(Scope::Store("t0001"), SIGN_IN, "new@x.test", ip).is_err(),
            "the network is over in t0001"
        );
        assert!(t.attempt(Scope::Store("t0002"), SIGN_IN, "new@x.test", ip).is_ok());
        assert!(t.attempt(Scope::Staff, SIGN_IN, "new@x.test", ip).is_ok());
        assert!(t.attempt(Scope::Store("t0001"), Act::ResetRequest, "new@x.test", ip).is_ok(), "another act");
    }

    #[test]
    fn an_ipv6_client_counts_by_its_64() {
        let t = LoginThrottle::default();
        for i in 0..PER_ACCOUNT {
            let ip = Some(format!("2001:db8:1:2::{i:x}").parse().unwrap());
            assert!(t.attempt(Scope::Staff, SIGN_IN, "a@x.test", ip).is_ok());
        }
        let same_64 = Some("2001:db8:1:2:ffff::1".parse().unwrap());
        assert!(t.attempt(Scope::Staff, SIGN_IN, "a@x.test", same_64).is_err());
        let other_64 = Some("2001:db8:1:3::1".parse().unwrap());
        assert!(t.attempt(Scope::Staff, SIGN_IN, "a@x.test", other_64).is_ok());
    }
}
