//! API keys for the JSON API: `Authorization: Bearer ak_…`, live, of the request's store.

use axum::http::{header, HeaderMap};

use crate::{
    error::ApiError,
    server::tokens,
    server::{db::api_keys, state::AppState, tenancy::StoreCtx},
};

/// Length of a key: `ak_{8 hex}_{64 hex}`.
const KEY_LEN: usize = 76;
/// Length of its prefix `ak_{8 hex}`, stored in clear to find the key.
const PREFIX_LEN: usize = 11;

/// The label of the key authorising this request, for the audit log; 401 when there is
/// no live key of this very store.
pub async fn authorize(app: &AppState, store: &StoreCtx, headers: &HeaderMap) -> Result<String, ApiError> {
    let key = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .ok_or(ApiError::Unauthorized)?;
    let prefix = key
        .get(..PREFIX_LEN)
        .filter(|p| p.starts_with("ak_") && key.len() == KEY_LEN)
        .ok_or(ApiError::Unauthorized)?;
    match api_keys::live_by_prefix(&app.db, store.id(), prefix).await? {
        Some((id, hash)) if tokens::same_digest(&hash, &tokens::sha256_hex(key)) => {
            // Last use is a convenience for the key list; a failure to note it refuses nothing.
            if let Err(e) = api_keys::touch(&app.db, store.id(), id).await {
                tracing::warn!(error = %e, "could not note an API key's use");
            }
            Ok(format!("api key {prefix}"))
        }
        _ => Err(ApiError::Unauthorized),
    }
}
