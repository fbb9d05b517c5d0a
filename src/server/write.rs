//! A write is whole: the change and its audit entry commit in one transaction or not at
//! all, and the caches that could show the old data are forgotten as soon as it commits,
//! whatever the handler does afterwards.
//!
//! ```ignore
//! let mut w = Write::begin(&app, who.actor()).await?.store(id, code, Shows::Storefront);
//! products::update(w.conn(), id, product_id, &new).await?;
//! w.commit("product.update", detail).await?;
//! ```
//!
//! Dropping a `Write` without committing rolls it back.

use sqlx::AnyConnection;

use super::{
    cluster::{self, StoreChanged},
    db::{audit, stores::bump_revision, Backend, StoreId, WriteTx},
    state::AppState,
};
use crate::{error::ApiError, model::Theme};

/// Whether shoppers can see the change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shows {
    /// Storefront pages show it: bump the store's revision (a new page-cache key) and
    /// forget the store's cached record under every name it has.
    Storefront,
    /// Only the dashboard or console shows it (API keys, members).
    Privately,
    /// No page shows it, but the store's cached record holds it (its preview links):
    /// forget the record under every name, keep the revision and so the cached pages.
    Record,
}

impl Shows {
    /// How much of the caches the write forgets: more is a superset of less.
    fn rank(self) -> u8 {
        match self {
            Self::Privately => 0,
            Self::Record => 1,
            Self::Storefront => 2,
        }
    }
}

/// One transaction: a change, its audit entry, then cache invalidation.
pub struct Write {
    tx: WriteTx,
    app: AppState,
    actor_id: Option<i64>,
    actor: String,
    store: Option<(StoreId, String, Shows)>,
    /// Names the store no longer answers to (a removed domain), forgotten too.
    gone: Vec<String>,
    /// True when the write put mail in the outbox (its delivery task is woken after the commit).
    mailed: bool,
    /// A theme the write publishes, sent to the store's open tabs once it commits.
    theme: Option<Theme>,
}

impl Write {
    /// Starts a write by `actor` (a user id and email, or an API key's label).
    pub async fn begin(app: &AppState, (actor_id, actor): (Option<i64>, &str)) -> Result<Self, ApiError> {
        Ok(Self {
            tx: app.db.begin_write().await?,
            app: app.clone(),
            actor_id,
            actor: actor.to_string(),
            store: None,
            gone: Vec::new(),
            mailed: false,
            theme: None,
        })
    }

    /// The store this write changes (known at the start, or once created).
    pub fn store(mut self, id: StoreId, code: &str, shows: Shows) -> Self {
        self.set_store(id, code, shows);
        self
    }

    /// [`Write::store`] for a store created inside this write.
    pub fn set_store(&mut self, id: StoreId, code: &str, shows: Shows) {
        self.store = Some((id, code.to_string(), shows));
    }

    /// Raises what shoppers see of this write once it is learnt inside it (a checkout that
    /// sold a product out); never lowers it.
    pub fn shows(&mut self, shows: Shows) {
        if let Some((_, _, now)) = &mut self.store {
            if shows.rank() > now.rank() {
                *now = shows;
            }
        }
    }

    /// Who is writing, when that is learnt inside the write (a set-password link names its user).
    pub fn set_actor(&mut self, id: Option<i64>, label: &str) {
        self.actor_id = id;
        self.actor = label.to_string();
    }

    /// Writes `mail` to the outbox in this transaction: it is sent only if the write commits.
    pub async fn mail(&mut self, mail: &crate::server::mail::Mail) -> Result<(), ApiError> {
        self.app.mailer.enqueue(&mut self.tx, mail).await?;
        self.mailed = true;
        Ok(())
    }

    /// A theme this write publishes: the store's open tabs, on every node, get it once the
    /// write commits.
    pub fn tell_tabs(&mut self, theme: Theme) {
        self.theme = Some(theme);
    }

    /// A name the store had before this write and has no longer (its cached entry goes too).
    pub fn forget(&mut self, name: &str) {
        self.gone.push(name.to_string());
    }

    /// The transaction's connection, for repository functions.
    pub fn conn(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }

    /// Records `action` in the audit log, commits, then forgets what caches hold of the
    /// store. An error before the commit leaves nothing written.
    pub async fn commit(mut self, action: &str, detail: impl Into<String>) -> Result<(), ApiError> {
        if let Some((id, _, Shows::Storefront)) = &self.store {
            bump_revision(&mut self.tx, *id).await?;
        }
        let entry = audit::Entry {
            actor_id: self.actor_id,
            actor_email: &self.actor,
            store: self.store.as_ref().map(|(id, code, _)| (*id, code.as_str())),
            action,
            detail: detail.into(),
        };
        audit::record(&mut self.tx, entry).await?;
        if let Some(change) = self.announced() {
            cluster::announce(&mut self.tx, &change).await?;
        }
        self.tx.commit().await?;
        if self.mailed {
            self.app.mailer.wake();
        }
        if let Some((id, code, shows)) = &self.store {
            // The other nodes' open tabs hear of the theme through the announcement.
            if let Some(theme) = &self.theme {
                self.app.themes.publish(*id, theme);
            }
            if *shows == Shows::Privately && self.gone.is_empty() {
                return Ok(());
            }
            let gone: Vec<&str> = self.gone.iter().map(String::as_str).collect();
            self.app.resolver.invalidate_store(*id, code, &gone).await;
        }
        Ok(())
    }

    /// What the other nodes on a shared database must forget of this write: the store,
    /// when its cached record or pages change (see [`cluster`]).
    fn announced(&self) -> Option<StoreChanged> {
        let (id, code, shows) = self.store.as_ref()?;
        let cached = *shows != Shows::Privately || !self.gone.is_empty() || self.theme.is_some();
        (cached && self.app.db.backend == Backend::Postgres).then(|| StoreChanged {
            node: self.app.node.clone(),
            id: id.get(),
            code: code.clone(),
            gone: self.gone.clone(),
            theme: self.theme.is_some(),
        })
    }
}
