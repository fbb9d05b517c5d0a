//! The one error of every JSON answer: server functions, `/api/v1`, the module gate and
//! the guard. Typed, so a page can show it next to the field that caused it, and mapped
//! once to an HTTP status.
//!
//! On the wire every error has the same shape: `error` (the kind), `message` (a sentence
//! safe to show) and, depending on the kind, `field`, `retry_after` or `module` and
//! `upgrade`:
//! `{"error":"invalid","message":"enter a name","field":"name"}`,
//! `{"error":"module not enabled","message":"…","module":"wallet","upgrade":true}`.

use leptos::server_fn::{codec::JsonEncoding, error::FromServerFnError};
use serde::{Deserialize, Serialize};

/// Why a call failed; every variant is safe to show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(into = "Wire", try_from = "Wire")]
pub enum ApiError {
    /// The request cannot be read at all (no valid host, a malformed request line).
    #[error("{message}")]
    BadRequest { message: String },
    #[error("please sign in")]
    Unauthorized,
    #[error("you do not have access to this")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("this address does not take this method")]
    MethodNotAllowed,
    /// Bad input in one field of a form or body.
    #[error("{message}")]
    Invalid { field: String, message: String },
    /// Bad input in several fields at once, each with its message (two or more; one is
    /// [`ApiError::Invalid`]). Its body is `invalid`'s, naming the first, plus `fields`.
    #[error("{}", .0.first().map_or("the request is not valid", |p| p.message.as_str()))]
    Fields(Vec<crate::model::FieldProblem>),
    /// The input is fine but clashes with existing data (a taken code or domain).
    #[error("{message}")]
    Conflict { field: String, message: String },
    #[error("too many requests just now; please try again in {retry_after} seconds")]
    Throttled { retry_after: u64 },
    #[error("the request body is too large")]
    TooLarge,
    /// The store has not enabled this module (the gate of DESIGN.md).
    #[error("this store does not offer {module}")]
    ModuleDisabled { module: String },
    /// The store is suspended or the server cannot answer just now (the database is busy,
    /// or a read ran past its deadline); answered with `Retry-After`.
    #[error("this is not available right now; please try again later")]
    Unavailable,
    /// Anything else; the details stay in the server log.
    #[error("{message}")]
    Server { message: String },
}

impl ApiError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::Invalid { field: field.into(), message: message.into() }
    }

    pub fn conflict(field: &str, message: impl Into<String>) -> Self {
        Self::Conflict { field: field.into(), message: message.into() }
    }

    pub fn server(message: impl Into<String>) -> Self {
        Self::Server { message: message.into() }
    }

    /// The message for `field`, when this error is about it.
    pub fn for_field(&self, name: &str) -> Option<String> {
        match self {
            Self::Invalid { field, message } | Self::Conflict { field, message } if field == name => {
                Some(message.clone())
            }
            Self::Fields(problems) => problems.iter().find(|p| p.field == name).map(|p| p.message.clone()),
            _ => None,
        }
    }

    /// Seconds to wait before trying again, sent as `Retry-After`: a throttled caller's
    /// wait, or [`UNAVAILABLE_RETRY_AFTER`] when the server could not answer.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            Self::Throttled { retry_after } => Some(*retry_after),
            Self::Unavailable => Some(UNAVAILABLE_RETRY_AFTER),
            _ => None,
        }
    }

    /// The kind, as the `error` member of the body says it.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::BadRequest { .. } => "bad request",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not found",
            Self::MethodNotAllowed => "method not allowed",
            Self::Invalid { .. } | Self::Fields(_) => "invalid",
            Self::Conflict { .. } => "conflict",
            Self::Throttled { .. } => "throttled",
            Self::TooLarge => "too large",
            Self::ModuleDisabled { .. } => "module not enabled",
            Self::Unavailable => "unavailable",
            Self::Server { .. } => "server error",
        }
    }

    /// The HTTP status of this error.
    pub fn status(&self) -> u16 {
        match self {
            Self::BadRequest { .. } => 400,
            Self::Unauthorized => 401,
            Self::Forbidden | Self::ModuleDisabled { .. } => 403,
            Self::NotFound => 404,
            Self::MethodNotAllowed => 405,
            Self::Conflict { .. } => 409,
            Self::TooLarge => 413,
            Self::Invalid { .. } | Self::Fields(_) => 422,
            Self::Throttled { .. } => 429,
            Self::Server { .. } => 500,
            Self::Unavailable => 503,
        }
    }
}

/// The `Retry-After` of an [`ApiError::Unavailable`]: a busy database frees up within
/// seconds (a suspended store's page says an hour; see `status_pages::suspended`).
pub const UNAVAILABLE_RETRY_AFTER: u64 = 5;

/// The body every error is written as and read from.
#[derive(Serialize, Deserialize)]
struct Wire {
    error: String,
    message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    field: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    retry_after: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    module: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    upgrade: Option<bool>,
    /// Every bad field, when there are several.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    fields: Vec<crate::model::FieldProblem>,
}

impl From<ApiError> for Wire {
    fn from(e: ApiError) -> Self {
        let mut wire = Wire {
            error: e.kind().into(),
            message: e.to_string(),
            field: None,
            retry_after: None,
            module: None,
            upgrade: None,
            fields: Vec::new(),
        };
        match e {
            ApiError::Invalid { field, .. } | ApiError::Conflict { field, .. } => wire.field = Some(field),
            ApiError::Fields(problems) => {
                wire.field = problems.first().map(|p| p.field.clone());
                wire.fields = problems;
            }
            ApiError::Throttled { retry_after } => wire.retry_after = Some(retry_after),
            ApiError::ModuleDisabled { module } => {
                wire.module = Some(module);
                wire.upgrade = Some(true);
            }
            _ => {}
        }
        wire
    }
}

impl TryFrom<Wire> for ApiError {
    type Error = String;

    fn try_from(w: Wire) -> Result<Self, String> {
        let field = || w.field.clone().unwrap_or_default();
        Ok(match w.error.as_str() {
            "bad request" => Self::BadRequest { message: w.message },
            "unauthorized" => Self::Unauthorized,
            "forbidden" => Self::Forbidden,
            "not found" => Self::NotFound,
            "method not allowed" => Self::MethodNotAllowed,
            "invalid" if w.fields.len() > 1 => Self::Fields(w.fields),
            "invalid" => Self::Invalid { field: field(), message: w.message },
            "conflict" => Self::Conflict { field: field(), message: w.message },
            "throttled" => Self::Throttled { retry_after: w.retry_after.unwrap_or(60) },
            "too large" => Self::TooLarge,
            "module not enabled" => Self::ModuleDisabled { module: w.module.unwrap_or_default() },
            "unavailable" => Self::Unavailable,
            "server error" => Self::Server { message: w.message },
            other => return Err(format!("unknown error kind {other:?}")),
        })
    }
}

impl FromServerFnError for ApiError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        use leptos::server_fn::error::ServerFnErrorErr as E;
        match value {
            // The request itself is malformed: the caller's mistake, not the server's.
            E::Args(m) | E::MissingArg(m) | E::Deserialization(m) => {
                Self::invalid("request", format!("the request could not be read: {m}"))
            }
            // In the browser: the server could not be reached or answered something else.
            E::Request(_) | E::Response(_) => {
                Self::server("the server could not be reached; check your connection and try again")
            }
            other => {
                #[cfg(feature = "ssr")]
                tracing::error!(error = %other, "server function failed");
                #[cfg(not(feature = "ssr"))]
                let _ = other;
                Self::server("something went wrong on our side; please try again")
            }
        }
    }
}

/// The first of a form's field problems (the page checks every field before sending, so
/// a refused request usually has one).
impl From<Vec<crate::model::FieldProblem>> for ApiError {
    fn from(problems: Vec<crate::model::FieldProblem>) -> Self {
        match problems.len() {
            0 => Self::invalid("request", "the request is not valid"),
            1 => {
                let p = problems.into_iter().next().expect("one problem");
                Self::Invalid { field: p.field, message: p.message }
            }
            _ => Self::Fields(problems),
        }
    }
}

#[cfg(feature = "ssr")]
mod http;
#[cfg(feature = "ssr")]
pub use http::is_unique_violation;

#[cfg(test)]
mod tests {
    use super::ApiError;

    #[test]
    fn every_error_has_the_same_shape_and_reads_back() {
        for e in [
            ApiError::BadRequest { message: "no host".into() },
            ApiError::Unauthorized,
            ApiError::Forbidden,
            ApiError::NotFound,
            ApiError::MethodNotAllowed,
            ApiError::invalid("name", "enter a name"),
            ApiError::Fields(vec![
                crate::model::FieldProblem::new("primary", "use a colour like #1a2b3c"),
                crate::model::FieldProblem::new("radius", "use a whole number from 0 to 24"),
            ]),
            ApiError::conflict("code", "t0001 is taken"),
            ApiError::Throttled { retry_after: 30 },
            ApiError::TooLarge,
            ApiError::ModuleDisabled { module: "wallet".into() },
            ApiError::Unavailable,
            ApiError::server("something went wrong"),
        ] {
            let json = serde_json::to_value(&e).unwrap();
            assert_eq!(json["error"], e.kind(), "{json}");
            assert_eq!(json["message"], e.to_string(), "{json}");
            assert_eq!(serde_json::from_value::<ApiError>(json).unwrap(), e);
        }
    }

    #[test]
    fn the_module_gate_body_is_the_one_design_names() {
        let json = serde_json::to_value(ApiError::ModuleDisabled { module: "wallet".into() }).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "error": "module not enabled",
                "message": "this store does not offer wallet",
                "module": "wallet",
                "upgrade": true
            })
        );
    }

    #[test]
    fn field_errors_name_their_field() {
        let json = serde_json::to_value(ApiError::invalid("price", "use a price like 12.50")).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"error": "invalid", "message": "use a price like 12.50", "field": "price"})
        );
    }
}
