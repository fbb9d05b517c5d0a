//! Store codes: one rule for the server (tenancy, console) and the browser (live checks).

use std::fmt;

/// Names that can never be store codes: they are, or may become, platform hosts or paths.
pub const RESERVED_CODES: &[&str] = &[
    "admin",
    "api",
    "app",
    "assets",
    "auth",
    "billing",
    "cdn",
    "dashboard",
    "docs",
    "ftp",
    "health",
    "help",
    "internal",
    "localhost",
    "login",
    "mail",
    "metrics",
    "ns1",
    "ns2",
    "pkg",
    "platform",
    "ready",
    "root",
    "smtp",
    "static",
    "status",
    "store",
    "stores",
    "support",
    "www",
];

/// A store code: 3–50 characters, `[a-z0-9-]`, starting and ending alphanumeric, not reserved.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct StoreCode(String);

/// Why a store code was refused; the message says what to type instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("use 3 to 50 characters")]
    Length,
    #[error("use only lowercase letters, digits and hyphens")]
    Charset,
    #[error("start and end with a letter or a digit")]
    Edge,
    #[error("this code is reserved")]
    Reserved,
}

impl StoreCode {
    /// Parses a code exactly as given (no trimming, no lowercasing).
    pub fn parse(s: &str) -> Result<Self, CodeError> {
        let alnum = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
        if !s.bytes().all(|c| alnum(c) || c == b'-') {
            return Err(CodeError::Charset);
        }
        if !(3..=50).contains(&s.len()) {
            return Err(CodeError::Length);
        }
        let b = s.as_bytes();
        if !alnum(b[0]) || !alnum(b[b.len() - 1]) {
            return Err(CodeError::Edge);
        }
        if RESERVED_CODES.contains(&s) {
            return Err(CodeError::Reserved);
        }
        Ok(Self(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for StoreCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_codes_parse() {
        for good in ["t0001", "abc", "my-shop", "0-9", "a--b", &"a".repeat(50)] {
            assert_eq!(StoreCode::parse(good).map(|c| c.to_string()), Ok(good.to_string()));
        }
    }

    #[test]
    fn bad_codes_say_what_is_wrong() {
        let bad = [
            ("", CodeError::Length),
            ("ab", CodeError::Length),
            (&*"a".repeat(51), CodeError::Length),
            (&*"a".repeat(5000), CodeError::Length),
            ("-abc", CodeError::Edge),
            ("abc-", CodeError::Edge),
            ("ABC", CodeError::Charset),
            ("Blue", CodeError::Charset),
            ("a_b", CodeError::Charset),
            ("a.b", CodeError::Charset),
            ("shop 1", CodeError::Charset),
            (" shop", CodeError::Charset),
            ("bad code!", CodeError::Charset),
            ("red;}</style><script>", CodeError::Charset),
            ("url(x)", CodeError::Charset),
            ("ümlaut", CodeError::Charset),
            ("ｓｈｏｐ", CodeError::Charset),
            ("ab\u{0}", CodeError::Charset),
            ("admin", CodeError::Reserved),
            ("www", CodeError::Reserved),
            ("stores", CodeError::Reserved),
            ("api", CodeError::Reserved),
        ];
        for (code, err) in bad {
            assert_eq!(StoreCode::parse(code), Err(err), "{code:?}");
        }
    }

    #[test]
    fn every_reserved_name_would_otherwise_be_a_valid_code() {
        for name in RESERVED_CODES {
            assert_eq!(StoreCode::parse(name), Err(CodeError::Reserved), "{name}");
        }
    }
}
