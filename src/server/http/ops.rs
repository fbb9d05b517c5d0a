//! Operations endpoints, answered on every host.

use axum::{
    extract::{Query, State},
    http::StatusCode,
    response::IntoResponse,
    Json,
};
use serde_json::json;

use crate::server::{db::stores::StoreStatus, state::AppState, tenancy::Hostname};

/// The process is up.
pub async fn health() -> impl IntoResponse {
    Json(json!({ "status": "ok" }))
}

/// The database answers and its migrations are applied.
pub async fn ready(State(app): State<AppState>) -> impl IntoResponse {
    if app.db.ready().await {
        (StatusCode::OK, Json(json!({ "status": "ready" })))
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "status": "database unavailable" })))
    }
}

#[derive(serde::Deserialize)]
pub struct TlsAsk {
    domain: Option<String>,
}

/// `GET /internal/tls/ask?domain=`: may the TLS proxy get a certificate for this name?
/// Yes (200) only for a verified, active custom domain of an active store; names under
/// the platform domain are covered by its wildcard certificate and answered 404 here.
pub async fn tls_ask(State(app): State<AppState>, Query(q): Query<TlsAsk>) -> impl IntoResponse {
    let Some(Ok(host)) = q.domain.as_deref().map(Hostname::parse) else {
        return (StatusCode::BAD_REQUEST, "domain must be a hostname");
    };
    if host.is_within(&app.platform) {
        return (StatusCode::NOT_FOUND, "not a custom domain");
    }
    match app.resolver.by_domain(host.as_str()).await {
        Ok(Some(store)) if store.status == StoreStatus::Active => (StatusCode::OK, "ok"),
        Ok(_) => (StatusCode::NOT_FOUND, "unknown domain"),
        Err(e) => {
            tracing::error!(error = %e, "tls ask lookup failed");
            (StatusCode::SERVICE_UNAVAILABLE, "try again")
        }
    }
}
