//! A compact, read-mostly map of known stores in front of the resolver's caches.
//!
//! The caches behind it keep several allocations per entry; with 100,000 stores a lookup
//! there costs a handful of memory misses. Here an entry is a key and an `Arc` in one
//! hash-table slot, so a hit touches little memory. Capacity is bounded per shard (a full
//! shard is emptied and refills from the caches behind), entries expire like the caches'.

use std::{
    collections::HashMap,
    sync::{Arc, RwLock},
    time::{Duration, Instant},
};

use crate::server::db::stores::StoreRecord;

const SHARDS: usize = 16;

type Shard = HashMap<Box<str>, (Arc<StoreRecord>, Instant), foldhash::fast::RandomState>;

/// Known stores by name (code or domain).
pub struct HotMap {
    shards: Box<[RwLock<Shard>]>,
    per_shard: usize,
    ttl: Duration,
    hasher: foldhash::fast::RandomState,
}

impl HotMap {
    pub fn new(capacity: u64, ttl: Duration) -> Self {
        let hasher = foldhash::fast::RandomState::default();
        let shards = (0..SHARDS).map(|_| RwLock::new(Shard::with_hasher(hasher))).collect();
        Self { shards, per_shard: (capacity as usize / SHARDS).max(1), ttl, hasher }
    }

    fn shard(&self, name: &str) -> &RwLock<Shard> {
        use std::hash::BuildHasher;
        &self.shards[(self.hasher.hash_one(name) as usize) % SHARDS]
    }

    /// The store under this name, if known and fresh.
    pub fn get(&self, name: &str) -> Option<Arc<StoreRecord>> {
        let shard = self.shard(name).read().unwrap_or_else(|e| e.into_inner());
        let (record, at) = shard.get(name)?;
        (at.elapsed() < self.ttl).then(|| record.clone())
    }

    pub fn insert(&self, name: &str, record: Arc<StoreRecord>) {
        let mut shard = self.shard(name).write().unwrap_or_else(|e| e.into_inner());
        if shard.len() >= self.per_shard && !shard.contains_key(name) {
            shard.clear();
        }
        shard.insert(name.into(), (record, Instant::now()));
    }

    pub fn remove(&self, name: &str) {
        self.shard(name).write().unwrap_or_else(|e| e.into_inner()).remove(name);
    }

    pub fn clear(&self) {
        for shard in &self.shards {
            shard.write().unwrap_or_else(|e| e.into_inner()).clear();
        }
    }
}
