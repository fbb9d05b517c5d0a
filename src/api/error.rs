//! The error every console and dashboard server function returns: typed, so the page can
//! show it next to the field that caused it, and mapped to the right HTTP status.

use leptos::server_fn::{codec::JsonEncoding, error::FromServerFnError};
use serde::{Deserialize, Serialize};

/// Why a console or dashboard call failed; every variant is safe to show.
/// On the wire: `{"error":"Forbidden"}`, `{"error":"Invalid","field":"code","message":"…"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "error")]
pub enum ApiError {
    #[error("please sign in")]
    Unauthorized,
    #[error("you do not have access to this")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// Bad input in one field of a form.
    #[error("{message}")]
    Invalid { field: String, message: String },
    /// The input is fine but clashes with existing data (a taken code or domain).
    #[error("{message}")]
    Conflict { field: String, message: String },
    #[error("too many attempts; try again in {retry_after} seconds")]
    Throttled { retry_after: u64 },
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
            _ => None,
        }
    }

    /// The HTTP status of this error.
    pub fn status(&self) -> u16 {
        match self {
            Self::Unauthorized => 401,
            Self::Forbidden => 403,
            Self::NotFound => 404,
            Self::Invalid { .. } => 422,
            Self::Conflict { .. } => 409,
            Self::Throttled { .. } => 429,
            Self::Server { .. } => 500,
        }
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
            other => Self::Server { message: other.to_string() },
        }
    }
}

/// The first of a form's field problems (the page checks every field before sending, so
/// a refused request usually has one).
impl From<Vec<crate::model::FieldProblem>> for ApiError {
    fn from(problems: Vec<crate::model::FieldProblem>) -> Self {
        match problems.into_iter().next() {
            Some(p) => Self::Invalid { field: p.field, message: p.message },
            None => Self::invalid("request", "the request is not valid"),
        }
    }
}
