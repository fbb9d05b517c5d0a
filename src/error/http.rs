//! The server half of [`ApiError`]: its HTTP answer, and database errors turned into
//! errors that reveal nothing (the cause is logged with where it happened).

use axum::{
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};

use super::ApiError;

impl ApiError {
    /// The HTTP status of this error, typed.
    pub fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status_code();
        let retry = self.retry_after();
        let mut res = (status, Json(self)).into_response();
        let headers = res.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if let Some(seconds) = retry {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        res
    }
}

impl From<sqlx::Error> for ApiError {
    /// Logs the database error with the place of the `?` that met it; the client reads
    /// only that something went wrong. A pool with no free connection within its wait, a
    /// lock held past the busy timeout or a read past its deadline is the server being
    /// busy: 503, to try again.
    #[track_caller]
    fn from(e: sqlx::Error) -> Self {
        let at = std::panic::Location::caller();
        if matches!(e, sqlx::Error::PoolTimedOut) || crate::server::db::is_busy(&e) {
            tracing::warn!(error = %e, %at, "database busy");
            return Self::Unavailable;
        }
        tracing::error!(error = %e, %at, "database error");
        Self::server("something went wrong on our side; please try again")
    }
}

/// True for a unique-constraint violation (a taken code, domain or email).
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}
