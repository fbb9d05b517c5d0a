//! Operations endpoints, answered on every host.

use axum::{extract::State, http::StatusCode, response::IntoResponse, Json};
use serde_json::json;

use super::state::AppState;

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
