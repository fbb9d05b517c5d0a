//! The site a request belongs to, as inserted into its extensions by the tenancy layer.

use std::sync::Arc;

use crate::{
    model::{PublicStore, Resolution, SiteInfo, SiteKind},
    server::db::{stores::StoreRecord, StoreId},
};

/// A resolved store plus how this request reached it.
#[derive(Clone, Debug)]
pub struct StoreCtx {
    pub store: Arc<StoreRecord>,
    pub via: Resolution,
    /// `/stores/{code}` in path mode, empty otherwise.
    pub base: String,
    /// `scheme://host[:port]` of the storefront as the shopper reached it.
    pub origin: String,
}

impl StoreCtx {
    pub fn id(&self) -> StoreId {
        self.store.id
    }

    pub fn code(&self) -> &str {
        &self.store.code
    }

    /// True when the store has this module enabled.
    pub fn has_module(&self, key: &str) -> bool {
        self.store.modules.iter().any(|m| m == key)
    }
}

/// Which site answers a request.
#[derive(Clone, Debug)]
pub enum Site {
    Platform,
    Admin,
    Storefront(StoreCtx),
    NotFound,
}

impl Site {
    /// A short name for logs and metrics.
    pub fn kind(&self) -> &'static str {
        match self {
            Site::Platform => "platform",
            Site::Admin => "admin",
            Site::Storefront(_) => "storefront",
            Site::NotFound => "not_found",
        }
    }

    /// What the browser may see of this site.
    pub fn info(&self, platform_origin: &str) -> SiteInfo {
        let (kind, base, store) = match self {
            Site::Storefront(ctx) => {
                let s = &ctx.store;
                let public = PublicStore {
                    code: s.code.clone(),
                    name: s.name.clone(),
                    logo_url: s.logo_url.clone(),
                    theme: s.theme.clone(),
                    modules: s.modules.clone(),
                };
                (SiteKind::Storefront, ctx.base.clone(), Some(public))
            }
            Site::Admin => (SiteKind::Admin, String::new(), None),
            Site::Platform | Site::NotFound => (SiteKind::Platform, String::new(), None),
        };
        SiteInfo { kind, base, store, platform_origin: platform_origin.to_string() }
    }
}
