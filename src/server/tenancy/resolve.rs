//! Store lookups through a bounded cache with single-flight loads and negative entries.
//! A known host is answered from memory; only a miss reaches the database.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use moka::{future::Cache, Expiry};

use crate::server::db::{stores, stores::StoreRecord, Db};

/// What a store is looked up by.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    Code(Box<str>),
    Domain(Box<str>),
}

type Entry = Option<Arc<StoreRecord>>;

/// How long entries live: unknown names briefly (a store created elsewhere shows up
/// soon), known ones longer; writes in this process invalidate at once.
#[derive(Clone, Copy, Debug)]
pub struct Ttl {
    pub found: Duration,
    pub missing: Duration,
}

impl Default for Ttl {
    fn default() -> Self {
        Self { found: Duration::from_secs(300), missing: Duration::from_secs(5) }
    }
}

struct EntryExpiry(Ttl);

impl Expiry<Key, Entry> for EntryExpiry {
    fn expire_after_create(&self, _: &Key, value: &Entry, _: Instant) -> Option<Duration> {
        Some(if value.is_some() { self.0.found } else { self.0.missing })
    }
}

/// The store directory in front of the database.
#[derive(Clone)]
pub struct Resolver {
    db: Db,
    cache: Cache<Key, Entry>,
}

impl Resolver {
    /// A resolver keeping at most `capacity` hosts.
    pub fn new(db: Db, capacity: u64, ttl: Ttl) -> Self {
        let cache = Cache::builder()
            .max_capacity(capacity)
            .expire_after(EntryExpiry(ttl))
            .support_invalidation_closures()
            .build();
        Self { db, cache }
    }

    /// The store with this code, from memory when known.
    pub async fn by_code(&self, code: &str) -> Result<Entry, Arc<sqlx::Error>> {
        let key = Key::Code(code.into());
        if let Some(hit) = self.cache.get(&key).await {
            return Ok(hit);
        }
        let db = self.db.clone();
        let code = code.to_string();
        self.cache
            .try_get_with(key, async move { stores::by_code(&db, &code).await.map(|r| r.map(Arc::new)) })
            .await
    }

    /// The store serving this verified, active custom domain, from memory when known.
    pub async fn by_domain(&self, domain: &str) -> Result<Entry, Arc<sqlx::Error>> {
        let key = Key::Domain(domain.into());
        if let Some(hit) = self.cache.get(&key).await {
            return Ok(hit);
        }
        let db = self.db.clone();
        let domain = domain.to_string();
        self.cache
            .try_get_with(key, async move {
                stores::by_active_domain(&db, &domain).await.map(|r| r.map(Arc::new))
            })
            .await
    }

    /// Forgets what is cached for a store: its code and every domain given.
    pub async fn invalidate(&self, code: &str, domains: &[&str]) {
        self.cache.invalidate(&Key::Code(code.into())).await;
        for d in domains {
            self.cache.invalidate(&Key::Domain((*d).into())).await;
        }
    }

    /// Forgets a store wherever it is cached, by id (for writes that know only the id).
    pub fn invalidate_store(&self, store: crate::server::db::StoreId) {
        let _ = self.cache.invalidate_entries_if(move |_, v| v.as_ref().is_some_and(|s| s.id == store));
    }

    /// Forgets one name (a new store or domain must not wait for a negative entry to expire).
    pub async fn invalidate_key(&self, key: Key) {
        self.cache.invalidate(&key).await;
    }

    /// Entries currently held (approximate).
    pub fn len(&self) -> u64 {
        self.cache.entry_count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Puts a record in the cache, for warming and benchmarks.
    pub async fn insert(&self, key: Key, record: Option<Arc<StoreRecord>>) {
        self.cache.insert(key, record).await;
    }

    /// Runs pending cache maintenance (eviction, counts), for tests and benchmarks.
    pub async fn sync(&self) {
        self.cache.run_pending_tasks().await;
    }
}
