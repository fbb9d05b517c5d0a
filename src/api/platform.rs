//! Server functions of the platform site.

use leptos::prelude::*;

/// A store listed in the platform directory.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StoreLink {
    pub code: String,
    pub name: String,
}

/// Some active stores, for the landing page.
#[server]
pub async fn featured_stores() -> Result<Vec<StoreLink>, ServerFnError> {
    let state = use_context::<crate::server::state::AppState>()
        .ok_or_else(|| ServerFnError::new("server not ready"))?;
    let rows = crate::server::db::stores::list_active(&state.db, 12).await.map_err(|e| {
        tracing::error!(error = %e, "listing stores failed");
        ServerFnError::new("could not load stores")
    })?;
    Ok(rows.into_iter().map(|(code, name)| StoreLink { code, name }).collect())
}
