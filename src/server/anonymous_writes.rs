//! Bounds on what shoppers without a cart or an account can make the server write: new
//! carts (an add to cart without a cart cookie) and guest orders. Each is counted per client
//! network in a store (an IPv6 client by its /64, see [`network_of`]) and per store, with
//! keyed GCRA limiters, so one client cannot fill the database and one store's flood leaves
//! every other store's shoppers alone. A real shopper never meets the defaults.

use std::{
    net::IpAddr,
    num::NonZeroU32,
    sync::atomic::{AtomicU64, Ordering},
    time::Duration,
};

use governor::{clock::Clock, DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::{db::StoreId, tenancy::request::network_of};

/// One cell of a bucket comes back every `every`; at most `burst` are held.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rate {
    pub burst: u32,
    pub every: Duration,
}

impl Rate {
    fn quota(self) -> Quota {
        let burst = NonZeroU32::new(self.burst).unwrap_or(NonZeroU32::MIN);
        Quota::with_period(self.every.max(Duration::from_millis(1)))
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
            .allow_burst(burst)
    }
}

/// The two buckets of one kind of write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WriteLimit {
    /// Per client network in one store.
    pub per_client: Rate,
    /// Per store, over all its clients.
    pub per_store: Rate,
}

/// The limits of anonymous writes, part of the app's configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AnonymousLimits {
    pub new_carts: WriteLimit,
    pub guest_orders: WriteLimit,
}

impl Default for AnonymousLimits {
    /// Generous for people, tight for a script: one address may be a whole office or a
    /// carrier's NAT (dozens of shoppers of one store in an hour), a store's busiest sale
    /// starts a few carts a second; a script wants thousands a minute.
    fn default() -> Self {
        let secs = Duration::from_secs;
        Self {
            new_carts: WriteLimit {
                per_client: Rate { burst: 100, every: secs(3) },
                per_store: Rate { burst: 2_000, every: Duration::from_millis(50) },
            },
            guest_orders: WriteLimit {
                per_client: Rate { burst: 60, every: secs(10) },
                per_store: Rate { burst: 500, every: Duration::from_millis(100) },
            },
        }
    }
}

/// What an anonymous shopper is about to make the server write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnonymousWrite {
    NewCart,
    GuestOrder,
}

/// Keys forgotten once their bucket is full again, every this many checks.
const PRUNE_EVERY: u64 = 4_096;

struct Buckets {
    per_client: DefaultKeyedRateLimiter<(StoreId, IpAddr)>,
    per_store: DefaultKeyedRateLimiter<StoreId>,
}

impl Buckets {
    fn new(limit: WriteLimit) -> Self {
        Self {
            per_client: RateLimiter::dashmap(limit.per_client.quota()),
            per_store: RateLimiter::dashmap(limit.per_store.quota()),
        }
    }
}

/// The limiters of every store, in this process.
pub struct AnonymousWrites {
    new_carts: Buckets,
    guest_orders: Buckets,
    checks: AtomicU64,
}

impl AnonymousWrites {
    pub fn new(limits: AnonymousLimits) -> Self {
        Self {
            new_carts: Buckets::new(limits.new_carts),
            guest_orders: Buckets::new(limits.guest_orders),
            checks: AtomicU64::new(0),
        }
    }

    /// Takes one cell of the client's bucket in the store, then one of the store's; `Err`
    /// with the seconds to wait when either is empty. A client over its own limit takes
    /// nothing from the store's bucket, so it cannot use up the store's share alone.
    pub fn check(&self, write: AnonymousWrite, store: StoreId, client: Option<IpAddr>) -> Result<(), u64> {
        if self.checks.fetch_add(1, Ordering::Relaxed) % PRUNE_EVERY == PRUNE_EVERY - 1 {
            self.prune();
        }
        let b = match write {
            AnonymousWrite::NewCart => &self.new_carts,
            AnonymousWrite::GuestOrder => &self.guest_orders,
        };
        // Without a known address (not served over TCP) only the store's bucket counts.
        if let Some(ip) = client {
            b.per_client
                .check_key(&(store, network_of(ip)))
                .map_err(|no| seconds(no.wait_time_from(b.per_client.clock().now())))?;
        }
        b.per_store.check_key(&store).map_err(|no| seconds(no.wait_time_from(b.per_store.clock().now())))
    }

    /// Forgets the keys whose buckets are full again, so memory follows recent clients only.
    fn prune(&self) {
        for b in [&self.new_carts, &self.guest_orders] {
            b.per_client.retain_recent();
            b.per_client.shrink_to_fit();
            b.per_store.retain_recent();
            b.per_store.shrink_to_fit();
        }
    }
}

/// A wait in whole seconds, at least one (what `Retry-After` says).
fn seconds(wait: Duration) -> u64 {
    wait.as_secs() + u64::from(wait.subsec_nanos() > 0).max(u64::from(wait.is_zero()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(client: u32, store: u32) -> AnonymousLimits {
        let hour = Duration::from_secs(3600);
        let limit = WriteLimit {
            per_client: Rate { burst: client, every: hour },
            per_store: Rate { burst: store, every: hour },
        };
        AnonymousLimits { new_carts: limit, guest_orders: limit }
    }

    fn ip(s: &str) -> Option<IpAddr> {
        Some(s.parse().expect("an address"))
    }

    #[test]
    fn a_client_over_its_limit_waits_and_takes_nothing_from_the_store() {
        let w = AnonymousWrites::new(limits(2, 3));
        let store = StoreId::from_db(1);
        assert!(w.check(AnonymousWrite::NewCart, store, ip("203.0.113.1")).is_ok());
        assert!(w.check(AnonymousWrite::NewCart, store, ip("203.0.113.1")).is_ok());
        let wait = w.check(AnonymousWrite::NewCart, store, ip("203.0.113.1")).expect_err("over its limit");
        assert!((1..=3600).contains(&wait), "{wait}");
        assert!(w.check(AnonymousWrite::NewCart, store, ip("203.0.113.2")).is_ok(), "the store had one left");
        assert!(w.check(AnonymousWrite::NewCart, store, ip("203.0.113.3")).is_err(), "the store is full");
        assert!(w.check(AnonymousWrite::NewCart, StoreId::from_db(2), ip("203.0.113.1")).is_ok());
        assert!(w.check(AnonymousWrite::GuestOrder, store, ip("203.0.113.1")).is_ok(), "orders count apart");
    }

    #[test]
    fn whole_seconds_round_up() {
        assert_eq!(seconds(Duration::ZERO), 1);
        assert_eq!(seconds(Duration::from_millis(10)), 1);
        assert_eq!(seconds(Duration::from_secs(2)), 2);
        assert_eq!(seconds(Duration::from_millis(2_001)), 3);
    }
}
