//! Server functions of the platform site.

use leptos::prelude::*;

use crate::error::ApiError;

#[cfg(feature = "ssr")]
use super::access::respond;

/// A store listed in the platform directory.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StoreLink {
    pub code: String,
    pub name: String,
}

/// Some active stores, for the landing page.
#[server]
pub async fn featured_stores() -> Result<Vec<StoreLink>, ApiError> {
    respond(async move {
        let state = super::access::state()?;
        let rows = crate::server::db::stores::list_active(&state.db, 12).await?;
        Ok(rows.into_iter().map(|(code, name)| StoreLink { code, name }).collect())
    })
    .await
}
