//! Stores and their routing directory: domains, enabled modules, published theme.

use sqlx::{AnyConnection, FromRow};

use std::sync::Arc;

use super::{now, Backend, Db, StoreId};
use crate::model::{PublicStore, Theme};

/// Whether a store's storefront is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreStatus {
    Active,
    Suspended,
}

impl StoreStatus {
    fn parse(s: &str) -> Self {
        if s == "active" {
            Self::Active
        } else {
            Self::Suspended
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Suspended => "suspended",
        }
    }
}

/// Everything a request needs to know about its store, loaded once and cached.
#[derive(Clone, Debug, PartialEq)]
pub struct StoreRecord {
    pub id: StoreId,
    pub code: String,
    pub name: String,
    pub status: StoreStatus,
    pub logo_url: Option<String>,
    /// The browser-tab icon; without one, pages use the logo.
    pub favicon_url: Option<String>,
    pub revision: i64,
    /// Its published theme, the CSS its pages carry and that CSS's hash, shared by the
    /// stores with the same theme (see [`styled`]).
    pub style: Arc<Style>,
    /// Enabled module keys, sorted; shared by the stores with the same ones.
    pub modules: Arc<[String]>,
    /// The active primary custom domain, where other domains of the store redirect.
    pub primary_domain: Option<String>,
    /// SHA-256 (hex) of the tokens of its theme preview links: a token not here is no
    /// preview, known without a query.
    pub previews: Box<[String]>,
}

impl StoreRecord {
    /// Its published theme.
    pub fn theme(&self) -> &Theme {
        &self.style.theme
    }

    /// What the browser may see of the store: `canonical` is its origin for links and
    /// `<link rel=canonical>` ("" where none applies), `preview` whether a draft theme shows.
    pub fn public(&self, canonical: String, preview: bool) -> PublicStore {
        PublicStore {
            code: self.code.clone(),
            name: self.name.clone(),
            logo_url: self.logo_url.clone(),
            favicon_url: self.favicon_url.clone(),
            theme: self.style.theme.clone(),
            modules: self.modules.to_vec(),
            canonical,
            preview,
        }
    }
}

#[derive(FromRow)]
struct StoreRow {
    id: i64,
    code: String,
    name: String,
    status: String,
    logo_url: Option<String>,
    favicon_url: Option<String>,
    revision: i64,
    tokens: Option<String>,
    /// Enabled module keys joined by commas (keys are lowercase words), in any order.
    modules: Option<String>,
    primary_domain: Option<String>,
    /// Preview links' token hashes joined by commas (hex, so no comma inside one).
    previews: Option<String>,
}

/// A store with its published theme, modules, primary domain and preview links, in one statement: a
/// store no process has seen yet costs one round trip to load. Only the name of the
/// string aggregate differs between the backends.
macro_rules! store_select {
    ($aggregate:literal) => {
        concat!(
            "SELECT s.id, s.code, s.name, s.status, s.logo_url, s.favicon_url, s.revision, t.tokens, \
             (SELECT ", $aggregate, "(m.module, ',') FROM store_modules m \
              WHERE m.store_id = s.id AND m.enabled = 1) AS modules, \
             (SELECT d.domain FROM store_domains d \
              WHERE d.store_id = s.id AND d.is_primary = 1 AND d.status = 'active' LIMIT 1) AS primary_domain, \
             (SELECT ", $aggregate, "(p.token_hash, ',') FROM theme_previews p WHERE p.store_id = s.id) AS previews \
             FROM stores s LEFT JOIN theme_versions t ON t.store_id = s.id AND t.state = 'published'"
        )
    };
}

fn store_select(db: &Db) -> &'static str {
    match db.backend {
        Backend::Sqlite => store_select!("group_concat"),
        Backend::Postgres => store_select!("string_agg"),
    }
}

/// The store with this code, with its theme, modules and primary domain.
pub async fn by_code(db: &Db, code: &str) -> Result<Option<StoreRecord>, sqlx::Error> {
    load_one(db, "WHERE s.code = $1", code).await
}

/// The store serving this custom domain, only if the domain is verified and active.
pub async fn by_active_domain(db: &Db, domain: &str) -> Result<Option<StoreRecord>, sqlx::Error> {
    load_one(
        db,
        "JOIN store_domains sd ON sd.store_id = s.id WHERE sd.domain = $1 AND sd.status = 'active'",
        domain,
    )
    .await
}

/// The one store that `filter` (one `$1` parameter) selects, completed.
async fn load_one(db: &Db, filter: &str, value: &str) -> Result<Option<StoreRecord>, sqlx::Error> {
    let row: Option<StoreRow> = sqlx::query_as(&format!("{} {filter}", store_select(db)))
        .bind(value)
        .fetch_optional(&mut *db.read().await?)
        .await?;
    Ok(row.map(StoreRecord::from))
}

impl From<StoreRow> for StoreRecord {
    fn from(row: StoreRow) -> Self {
        let modules = modules_of(row.modules.as_deref().unwrap_or(""));
        let style = styled(row.tokens.as_deref().unwrap_or(""));
        StoreRecord {
            id: StoreId::from_db(row.id),
            code: row.code,
            name: row.name,
            status: StoreStatus::parse(&row.status),
            logo_url: row.logo_url,
            favicon_url: row.favicon_url,
            revision: row.revision,
            style,
            modules,
            primary_domain: row.primary_domain,
            previews: row
                .previews
                .as_deref()
                .unwrap_or("")
                .split(',')
                .filter(|h| !h.is_empty())
                .map(String::from)
                .collect(),
        }
    }
}

impl StoreRecord {
    /// The record showing `theme` (e.g. a draft, for a preview link), with its CSS.
    pub fn with_theme(self, theme: Theme) -> Self {
        Self { style: Arc::new(Style::of(theme)), ..self }
    }
}

/// A theme with the CSS its pages carry and that CSS's hash for their policy.
#[derive(Debug, PartialEq)]
pub struct Style {
    pub theme: Theme,
    /// `theme.css_vars()`, written into every page of the store.
    pub css: Arc<str>,
    /// The policy's hash source of `css` (see `csp`).
    pub hash: Arc<str>,
}

impl Style {
    fn of(theme: Theme) -> Self {
        let css = theme.css_vars();
        let hash = crate::server::digest::hash_source(css.as_bytes()).into();
        Self { theme, css: css.into(), hash }
    }
}

/// Distinct themes whose style is kept for the stores that share them.
const STYLES_KEPT: u64 = 10_000;

/// Distinct sets of modules kept for the stores that share them.
const MODULE_SETS_KEPT: u64 = 1_000;

/// Values made once from a stored text and then shared by every record with that text,
/// up to `capacity` of them.
type Shared<V> = moka::sync::Cache<String, V, foldhash::fast::RandomState>;

fn shared<V: Clone + Send + Sync + 'static>(capacity: u64) -> Shared<V> {
    moka::sync::Cache::builder().max_capacity(capacity).build_with_hasher(Default::default())
}

/// The style of a published theme's stored tokens ("" for none: the default theme), made
/// once and then shared. Stores mostly keep a default or a preset, so among 100,000 stores
/// there are few distinct themes: sharing their CSS (about a kilobyte each) keeps the
/// resolver's records small, and a store loaded for the first time skips reading the
/// tokens, writing the CSS and hashing it when another store has its theme.
fn styled(tokens: &str) -> Arc<Style> {
    static STYLES: std::sync::LazyLock<Shared<Arc<Style>>> = std::sync::LazyLock::new(|| shared(STYLES_KEPT));
    STYLES.get_with_by_ref(tokens, || {
        let theme = if tokens.is_empty() { Theme::default() } else { Theme::from_stored(tokens) };
        Arc::new(Style::of(theme))
    })
}

/// The sorted module keys of a stored comma-separated list, made once and then shared:
/// among many stores there are few different sets.
fn modules_of(list: &str) -> Arc<[String]> {
    static SETS: std::sync::LazyLock<Shared<Arc<[String]>>> =
        std::sync::LazyLock::new(|| shared(MODULE_SETS_KEPT));
    SETS.get_with_by_ref(list, || {
        let mut keys: Vec<String> = list.split(',').filter(|m| !m.is_empty()).map(String::from).collect();
        keys.sort_unstable();
        keys.into()
    })
}

/// The codes of active stores, for the platform's store directory.
pub async fn list_active(db: &Db, limit: i64) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT code, name FROM stores WHERE status = 'active' ORDER BY id LIMIT $1")
        .bind(limit)
        .fetch_all(&db.pool)
        .await
}

/// Number of stores (all statuses).
pub async fn count(db: &Db) -> Result<i64, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM stores").fetch_one(&db.pool).await?;
    Ok(n)
}

/// Opens or closes a store's storefront.
pub async fn set_status(
    conn: &mut AnyConnection,
    store: StoreId,
    status: StoreStatus,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE stores SET status = $2 WHERE id = $1")
        .bind(store.get())
        .bind(status.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

/// Turns a module on or off for a store.
pub async fn set_module(
    conn: &mut AnyConnection,
    store: StoreId,
    module: &str,
    enabled: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO store_modules (store_id, module, enabled) VALUES ($1, $2, $3) \
         ON CONFLICT (store_id, module) DO UPDATE SET enabled = excluded.enabled",
    )
    .bind(store.get())
    .bind(module)
    .bind(i64::from(enabled))
    .execute(conn)
    .await?;
    Ok(())
}

/// Makes `domain` the store's primary domain; false unless it is an active domain of the store.
pub async fn set_primary_domain(
    conn: &mut AnyConnection,
    store: StoreId,
    domain: &str,
) -> Result<bool, sqlx::Error> {
    let active: Option<(i64,)> = sqlx::query_as(
        "SELECT 1 FROM store_domains WHERE store_id = $1 AND domain = $2 AND status = 'active'",
    )
    .bind(store.get())
    .bind(domain)
    .fetch_optional(&mut *conn)
    .await?;
    if active.is_none() {
        return Ok(false);
    }
    // The old primary goes first: one primary per store is a unique index.
    sqlx::query("UPDATE store_domains SET is_primary = 0 WHERE store_id = $1 AND domain <> $2")
        .bind(store.get())
        .bind(domain)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE store_domains SET is_primary = 1 WHERE store_id = $1 AND domain = $2")
        .bind(store.get())
        .bind(domain)
        .execute(&mut *conn)
        .await?;
    Ok(true)
}

/// Adds a domain that is already verified and active (seeding and tests; the
/// owner flow with DNS verification starts it as pending).
pub async fn add_active_domain(
    db: &Db,
    store: StoreId,
    domain: &str,
    primary: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO store_domains (store_id, domain, is_primary, status, verification_token, verified_at, created_at) \
         VALUES ($1, $2, $3, 'active', '', $4, $4)",
    )
    .bind(store.get())
    .bind(domain)
    .bind(i64::from(primary))
    .bind(now())
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Marks a change to what the store's storefront shows.
pub async fn bump_revision(conn: &mut sqlx::AnyConnection, store: StoreId) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE stores SET revision = revision + 1 WHERE id = $1")
        .bind(store.get())
        .execute(conn)
        .await?;
    Ok(())
}
