//! What the admin console and the owner dashboard exchange with the server.

use serde::{Deserialize, Serialize};

/// The signed-in user, as pages may show them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub email: String,
    pub is_admin: bool,
    /// The role in the dashboard's store (`owner`/`staff`), when on a dashboard.
    pub role: Option<String>,
}

/// A store on the platform landing of a signed-in user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyStore {
    pub code: String,
    pub name: String,
    pub role: String,
}

/// Platform figures for the console home.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PlatformStats {
    pub stores_active: i64,
    pub stores_suspended: i64,
    pub products: i64,
    pub orders: i64,
    pub domains_pending: i64,
    /// Stores created per day over the last 14 days, oldest first (`YYYY-MM-DD`, count).
    pub created_per_day: Vec<(String, i64)>,
    pub recent: Vec<AuditEvent>,
}

/// One recorded mutation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct AuditEvent {
    pub id: i64,
    pub at: i64,
    pub actor_email: String,
    pub store_code: Option<String>,
    pub action: String,
    pub detail: String,
}

/// A page of the audit log, newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub events: Vec<AuditEvent>,
    /// Pass as `before` for the next (older) page.
    pub next: Option<i64>,
}

/// Orders of the store list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoreSort {
    #[default]
    Newest,
    Oldest,
    Code,
}

impl StoreSort {
    pub const ALL: [StoreSort; 3] = [Self::Newest, Self::Oldest, Self::Code];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Newest => "newest",
            Self::Oldest => "oldest",
            Self::Code => "code",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Newest => "Newest first",
            Self::Oldest => "Oldest first",
            Self::Code => "Code A–Z",
        }
    }

    pub fn parse(s: &str) -> Self {
        Self::ALL.into_iter().find(|o| o.as_str() == s).unwrap_or_default()
    }
}

/// A store in the console list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreSummary {
    pub code: String,
    pub name: String,
    pub status: String,
    pub created_at: i64,
    pub primary_color: super::HexColor,
    pub logo_url: Option<String>,
}

/// A page of the store list; `next` is the cursor of the following page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreList {
    pub stores: Vec<StoreSummary>,
    pub next: Option<String>,
}

/// The answer to "may a new store use this code?", for live validation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeCheck {
    pub available: bool,
    pub message: String,
}

/// The create-store form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewStore {
    pub code: String,
    pub name: String,
    pub primary: String,
    pub background: String,
    pub text: String,
    /// Optional modules to enable (core modules always are).
    pub modules: Vec<String>,
    /// Owner to invite; empty for none.
    pub owner_email: String,
}

/// A created store and the owner it mailed an invitation to, if any. The invitation's link
/// goes only to the owner's address, never back to whoever created the store.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreCreated {
    pub code: String,
    pub owner_invited: Option<String>,
}

/// A module as a store has it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleState {
    pub key: String,
    pub name: String,
    pub description: String,
    pub is_core: bool,
    pub enabled: bool,
}

impl ModuleState {
    /// `module` from the catalog, on when `enabled` or core.
    pub fn new(module: super::Module, enabled: bool) -> Self {
        Self {
            key: module.key().into(),
            name: module.name().into(),
            description: module.description().into(),
            is_core: module.is_core(),
            enabled: enabled || module.is_core(),
        }
    }
}

/// A custom domain and what its owner must do with DNS.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainInfo {
    pub domain: String,
    /// `pending`, `verified` or `active`.
    pub status: String,
    pub is_primary: bool,
    /// The TXT record to create: name and value.
    pub txt_name: String,
    pub txt_value: String,
}

/// A member of a store.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub email: String,
    pub role: String,
    /// False until the invited user has set a password.
    pub active: bool,
}

/// A store's own settings, as its owner manages them in the dashboard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreSettings {
    pub name: String,
    pub logo_url: Option<String>,
    pub favicon_url: Option<String>,
    pub members: Vec<Member>,
    /// Owners and admins change them; staff look.
    pub can_manage: bool,
}

/// Everything the console shows about one store.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoreDetail {
    pub code: String,
    pub name: String,
    pub status: String,
    pub created_at: i64,
    pub logo_url: Option<String>,
    pub theme: super::Theme,
    pub modules: Vec<ModuleState>,
    pub domains: Vec<DomainInfo>,
    pub members: Vec<Member>,
    pub products: i64,
    pub orders: i64,
    /// Storefront addresses: (label, URL).
    pub links: Vec<(String, String)>,
}

/// One record of an import file: its fields and the 1-based line it starts on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRow {
    pub line: usize,
    pub fields: Vec<String>,
}

/// What happened to one CSV row of a bulk import.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportOutcome {
    /// 1-based line in the file.
    pub line: usize,
    pub code: String,
    /// `created`, `skipped` (already there: importing twice is safe) or `failed`.
    pub result: String,
    pub message: String,
}

/// A product in the dashboard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct OwnerProduct {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub price_cents: i64,
    pub image_url: Option<String>,
    pub stock: i64,
}

/// A page of the dashboard's product list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerProductPage {
    pub products: Vec<OwnerProduct>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// The dashboard overview of one store.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    pub code: String,
    pub name: String,
    pub status: String,
    pub products: i64,
    pub orders: i64,
    pub revenue_cents: i64,
    pub links: Vec<(String, String)>,
    pub modules: Vec<ModuleState>,
}

/// An API key as listed: never the key itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKeyInfo {
    pub id: i64,
    pub name: String,
    pub prefix: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked: bool,
}

/// A new API key: `secret` is shown once and never stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewApiKey {
    pub key: ApiKeyInfo,
    pub secret: String,
}
