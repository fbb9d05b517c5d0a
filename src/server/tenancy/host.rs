//! Hostnames and store codes: parsed once, trusted after.

use std::fmt;

/// A normalized hostname: lowercase ASCII (IDNA punycode), no port, no trailing dot,
/// labels of 1–63 characters from `[a-z0-9-]` not starting or ending with `-`, ≤ 253 total.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Hostname(String);

/// Why a Host value was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HostError {
    #[error("empty host")]
    Empty,
    #[error("bad port")]
    Port,
    #[error("host longer than 253 characters")]
    TooLong,
    #[error("empty label")]
    EmptyLabel,
    #[error("label longer than 63 characters")]
    LabelTooLong,
    #[error("character outside the hostname alphabet")]
    BadChar,
    #[error("invalid internationalized name")]
    Idna,
}

impl Hostname {
    /// Parses a `Host` header value (`Shop.Example.com.:8080` → `shop.example.com`).
    pub fn parse(raw: &str) -> Result<Self, HostError> {
        let raw = raw.trim();
        if raw.starts_with('[') {
            // IPv6 literals never name a store or the platform.
            return Err(HostError::BadChar);
        }
        let host = match raw.rsplit_once(':') {
            Some((h, port)) => {
                if port.is_empty() || port.len() > 5 || !port.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(HostError::Port);
                }
                h
            }
            None => raw,
        };
        let host = host.strip_suffix('.').unwrap_or(host);
        if host.is_empty() {
            return Err(HostError::Empty);
        }
        let ascii = if host.is_ascii() {
            host.to_ascii_lowercase()
        } else {
            idna::domain_to_ascii_strict(host).map_err(|_| HostError::Idna)?
        };
        Self::check(&ascii)?;
        Ok(Self(ascii))
    }

    fn check(h: &str) -> Result<(), HostError> {
        if h.len() > 253 {
            return Err(HostError::TooLong);
        }
        for label in h.split('.') {
            if label.is_empty() {
                return Err(HostError::EmptyLabel);
            }
            if label.len() > 63 {
                return Err(HostError::LabelTooLong);
            }
            if !label.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                || label.starts_with('-')
                || label.ends_with('-')
            {
                return Err(HostError::BadChar);
            }
        }
        Ok(())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The single label in front of `parent` (`t0001` for `t0001.platform.test`
    /// under `platform.test`), or `None` when this host is not directly under it.
    pub fn label_under<'a>(&'a self, parent: &Hostname) -> Option<&'a str> {
        let prefix = self.0.strip_suffix(parent.as_str())?.strip_suffix('.')?;
        (!prefix.contains('.')).then_some(prefix)
    }

    /// True for `parent` itself or any name under it.
    pub fn is_within(&self, parent: &Hostname) -> bool {
        self == parent || self.0.strip_suffix(parent.as_str()).is_some_and(|p| p.ends_with('.'))
    }
}

impl fmt::Display for Hostname {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

// Store codes are one rule shared with the browser's live checks.
pub use crate::model::{CodeError, StoreCode, RESERVED_CODES};

#[cfg(test)]
mod tests;
