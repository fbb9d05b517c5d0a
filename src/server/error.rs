//! Server errors, mapped once to HTTP with a client-safe message.

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use serde_json::json;

/// An error from a handler or repository.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("invalid input: {0}")]
    Invalid(String),
    #[error("conflict: {0}")]
    Conflict(String),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

impl AppError {
    /// The HTTP status this error answers with.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::Db(e) if is_unique_violation(e) => StatusCode::CONFLICT,
            Self::Db(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What a client may read: never a database message.
    pub fn client_message(&self) -> String {
        match self {
            Self::Db(e) if is_unique_violation(e) => "already exists".into(),
            Self::Db(_) => "internal error".into(),
            other => other.to_string(),
        }
    }
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let Self::Db(e) = &self {
            tracing::error!(error = %e, "database error");
        }
        (self.status(), Json(json!({ "error": self.client_message() }))).into_response()
    }
}
