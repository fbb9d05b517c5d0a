//! Mail as the console shows it.

use serde::{Deserialize, Serialize};

/// One message in the outbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailSummary {
    pub id: i64,
    pub recipient: String,
    pub sender_name: String,
    pub subject: String,
    /// `pending`, `sent`, `failed`, or `kept` (no SMTP server: read here only).
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created_at: i64,
}

/// A page of the outbox, and one message opened whole (its plain-text part).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailPage {
    pub messages: Vec<MailSummary>,
    /// The id to ask for the next (older) page, when there is one.
    pub next_before: Option<i64>,
    /// The opened message and its text.
    pub opened: Option<(MailSummary, String)>,
    /// False when no SMTP server is configured: mail stays here.
    pub sends: bool,
}

/// A piece of a message's text: plain, or a link to make clickable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextPiece<'a> {
    Plain(&'a str),
    Link(&'a str),
}

/// Splits text into plain runs and `http(s)://` links, which end at whitespace.
pub fn linkify(text: &str) -> Vec<TextPiece<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = [rest.find("http://"), rest.find("https://")].into_iter().flatten().min() {
        if start > 0 {
            out.push(TextPiece::Plain(&rest[..start]));
        }
        let end = rest[start..].find(char::is_whitespace).map_or(rest.len(), |e| start + e);
        out.push(TextPiece::Link(&rest[start..end]));
        rest = &rest[end..];
    }
    if !rest.is_empty() {
        out.push(TextPiece::Plain(rest));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{linkify, TextPiece::*};

    #[test]
    fn links_end_at_whitespace_and_the_rest_stays_text() {
        let t = "Choose: http://admin.p.test/set-password?token=ab\n\nor https://x.test";
        assert_eq!(
            linkify(t),
            [
                Plain("Choose: "),
                Link("http://admin.p.test/set-password?token=ab"),
                Plain("\n\nor "),
                Link("https://x.test")
            ]
        );
        assert_eq!(linkify("no links"), [Plain("no links")]);
        assert_eq!(linkify("javascript:alert(1)"), [Plain("javascript:alert(1)")]);
    }
}
