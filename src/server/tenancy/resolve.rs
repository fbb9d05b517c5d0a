//! Store lookups through bounded caches with single-flight loads and negative entries.
//! A known host is answered from memory; only a miss reaches the database.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use moka::{future::Cache, Expiry};

use super::hot::HotMap;
use crate::server::{
    db::{domains, stores, stores::StoreRecord, Db, StoreId},
    stored_files::ShownImages,
};

type Entry = Option<Arc<StoreRecord>>;
/// Keys are validated hostnames and codes; a seeded fast hash keeps lookups cheap.
type Hasher = foldhash::fast::RandomState;
type Directory = Cache<Box<str>, Entry, Hasher>;

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

impl Expiry<Box<str>, Entry> for EntryExpiry {
    fn expire_after_create(&self, _: &Box<str>, value: &Entry, _: Instant) -> Option<Duration> {
        Some(if value.is_some() { self.0.found } else { self.0.missing })
    }
}

/// The store directory in front of the database: one cache by code, one by custom domain.
#[derive(Clone)]
pub struct Resolver {
    db: Db,
    /// Which images pages may show; when set, a record whose logo or icon pages may not
    /// show (a missing upload, another origin) is cached without it (checked once per load,
    /// never per request).
    images: Option<Arc<ShownImages>>,
    /// Known stores, the fast path; names not in them go through the caches below.
    hot_codes: Arc<HotMap>,
    hot_domains: Arc<HotMap>,
    by_code: Directory,
    by_domain: Directory,
}

impl Resolver {
    /// A resolver keeping at most `capacity` names (codes and domains together).
    pub fn new(db: Db, capacity: u64, ttl: Ttl) -> Self {
        let directory = |capacity: u64| {
            Cache::builder()
                .max_capacity(capacity.max(1))
                .expire_after(EntryExpiry(ttl))
                .build_with_hasher(Hasher::default())
        };
        // Most stores have no custom domain: codes get the larger share.
        let domains = capacity / 4;
        Self {
            db,
            images: None,
            hot_codes: Arc::new(HotMap::new(capacity - domains, ttl.found)),
            hot_domains: Arc::new(HotMap::new(domains, ttl.found)),
            by_code: directory(capacity - domains),
            by_domain: directory(domains),
        }
    }

    /// Checks logos and icons against `images` when stores are loaded.
    pub fn with_images(mut self, images: Arc<ShownImages>) -> Self {
        self.images = Some(images);
        self
    }

    /// The store with this code, from memory when known.
    pub async fn by_code(&self, code: &str) -> Result<Entry, Arc<sqlx::Error>> {
        self.lookup(&self.hot_codes, &self.by_code, code, |db, code| async move {
            stores::by_code(&db, &code).await
        })
        .await
    }

    /// The store serving this verified, active custom domain, from memory when known.
    pub async fn by_domain(&self, domain: &str) -> Result<Entry, Arc<sqlx::Error>> {
        self.lookup(&self.hot_domains, &self.by_domain, domain, |db, domain| async move {
            stores::by_active_domain(&db, &domain).await
        })
        .await
    }

    /// Hot map, then cache, then one database load shared by concurrent askers.
    async fn lookup<F, Fut>(
        &self,
        hot: &HotMap,
        cache: &Directory,
        name: &str,
        load: F,
    ) -> Result<Entry, Arc<sqlx::Error>>
    where
        F: FnOnce(Db, String) -> Fut,
        Fut: std::future::Future<Output = Result<Option<StoreRecord>, sqlx::Error>>,
    {
        if let Some(hit) = hot.get(name) {
            return Ok(Some(hit));
        }
        let load = load(self.db.clone(), name.to_string());
        let images = self.images.clone();
        let entry = cache
            .try_get_with(name.into(), async move {
                let Some(mut record) = load.await? else { return Ok(None) };
                if let Some(images) = images {
                    record.logo_url = images.keep(record.id, record.logo_url.take()).await;
                    record.favicon_url = images.keep(record.id, record.favicon_url.take()).await;
                }
                Ok::<_, sqlx::Error>(Some(Arc::new(record)))
            })
            .await?;
        if let Some(record) = &entry {
            hot.insert(name, record.clone());
        }
        Ok(entry)
    }

    /// Forgets what is cached for a store: its code and every domain given (also names
    /// that were unknown until now, so they need not wait for a negative entry to expire).
    pub async fn invalidate(&self, code: &str, domains: &[&str]) {
        self.hot_codes.remove(code);
        self.by_code.invalidate(code).await;
        for d in domains {
            self.hot_domains.remove(d);
            self.by_domain.invalidate(*d).await;
        }
    }

    /// Forgets a store under its code and every domain it has (read from the database,
    /// so a custom-domain storefront never keeps serving an old revision), plus `gone`.
    pub async fn invalidate_store(&self, store: StoreId, code: &str, gone: &[&str]) {
        let mut names: Vec<String> = match domains::list(&self.db, store).await {
            Ok(rows) => rows.into_iter().map(|d| d.domain).collect(),
            Err(e) => {
                // Fall back on the entries' expiry; the code is still forgotten below.
                tracing::error!(error = %e, code, "could not list a store's domains to invalidate them");
                Vec::new()
            }
        };
        names.extend(gone.iter().map(|g| g.to_string()));
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        self.invalidate(code, &names).await;
    }

    /// Forgets every store (this node may have missed announcements of changed ones).
    pub async fn clear(&self) {
        self.hot_codes.clear();
        self.hot_domains.clear();
        self.by_code.invalidate_all();
        self.by_domain.invalidate_all();
    }

    /// Names currently held (approximate).
    pub fn len(&self) -> u64 {
        self.by_code.entry_count() + self.by_domain.entry_count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Runs pending cache maintenance (eviction, counts), for tests and benchmarks.
    pub async fn sync(&self) {
        self.by_code.run_pending_tasks().await;
        self.by_domain.run_pending_tasks().await;
    }
}
