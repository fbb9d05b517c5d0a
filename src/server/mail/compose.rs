//! The messages Arcade sends, each with a plain-text part and an HTML part. Links are made
//! by the caller from the right origin (the admin origin for staff, the store's canonical
//! origin for shoppers), never from the request that caused the mail.

use super::Mail;
use crate::server::db::StoreId;
use crate::text::escape_html as escape;

/// Who a message is from and about: a store (its name) or the platform.
#[derive(Clone, Copy, Debug)]
pub struct Sender<'a> {
    pub store: Option<StoreId>,
    /// The store's name, or "Arcade" for platform mail.
    pub name: &'a str,
}

impl<'a> Sender<'a> {
    /// Mail of the platform itself (admins' and staff's own accounts).
    pub const PLATFORM: Sender<'static> = Sender { store: None, name: "Arcade" };

    /// Mail about store `name`.
    pub fn store(store: StoreId, name: &'a str) -> Self {
        Self { store: Some(store), name }
    }
}

/// A paragraph of text or a link with its label.
enum Part<'a> {
    Text(String),
    Link(&'a str, &'a str),
}

fn build(from: Sender<'_>, to: &str, subject: String, parts: &[Part<'_>]) -> Mail {
    let mut text = String::new();
    let mut html = String::from("<!doctype html><html><body style=\"font-family:sans-serif\">");
    for part in parts {
        match part {
            Part::Text(t) => {
                text.push_str(t);
                html.push_str(&format!("<p>{}</p>", escape(t)));
            }
            Part::Link(label, url) => {
                text.push_str(&format!("{label}: {url}"));
                html.push_str(&format!("<p><a href=\"{}\">{}</a></p>", escape(url), escape(label)));
            }
        }
        text.push_str("\n\n");
    }
    text.push_str(&format!("— {}\n", from.name));
    html.push_str(&format!("<p>— {}</p></body></html>", escape(from.name)));
    Mail { store: from.store, to: to.to_string(), sender_name: from.name.to_string(), subject, text, html }
}

/// An invitation to a store's team for an address not yet proven: the link sets a password.
pub fn invite(from: Sender<'_>, to: &str, role: &str, link: &str) -> Mail {
    build(
        from,
        to,
        format!("You're invited to {} on Arcade", from.name),
        &[
            Part::Text(format!("You have been invited to join {} as {role}.", from.name)),
            Part::Link("Accept the invitation and choose a password", link),
            Part::Text(
                "The link works once and for 7 days. If you did not expect this, ignore this message.".into(),
            ),
        ],
    )
}

/// Tells a proven account that it was added to a store's team.
pub fn added(from: Sender<'_>, to: &str, role: &str, sign_in: &str) -> Mail {
    build(
        from,
        to,
        format!("You now have access to {}", from.name),
        &[
            Part::Text(format!("You have been added to {} as {role}.", from.name)),
            Part::Link("Sign in to its dashboard", sign_in),
        ],
    )
}

/// A password reset (or, for an account never used, its first password) for staff and admins.
pub fn staff_reset(to: &str, link: &str) -> Mail {
    build(
        Sender::PLATFORM,
        to,
        "Reset your Arcade password".into(),
        &[
            Part::Text("Someone asked to reset the password of your Arcade account.".into()),
            Part::Link("Choose a new password", link),
            Part::Text("The link works once and for 1 hour. If you did not ask, ignore this message: your password stays as it is.".into()),
        ],
    )
}

/// Confirms a shopper's address at sign-up; the account is made when the link is used.
pub fn shopper_confirm(from: Sender<'_>, to: &str, link: &str) -> Mail {
    build(
        from,
        to,
        format!("Confirm your email for {}", from.name),
        &[
            Part::Text(format!("Thanks for signing up at {}.", from.name)),
            Part::Link("Confirm your email address", link),
            Part::Text(
                "The link works once and for 7 days. If you did not sign up, ignore this message.".into(),
            ),
        ],
    )
}

/// Answers a sign-up with an address that already has an account in the store.
pub fn shopper_exists(from: Sender<'_>, to: &str, sign_in: &str, reset: &str) -> Mail {
    build(
        from,
        to,
        format!("You already have an account at {}", from.name),
        &[
            Part::Text(format!(
                "Someone tried to sign up at {} with this address, which already has an account.",
                from.name
            )),
            Part::Link("Sign in", sign_in),
            Part::Link("Forgot your password? Choose a new one", reset),
            Part::Text("If it was not you, ignore this message.".into()),
        ],
    )
}

/// A shopper's password reset.
pub fn shopper_reset(from: Sender<'_>, to: &str, link: &str) -> Mail {
    build(
        from,
        to,
        format!("Reset your password at {}", from.name),
        &[
            Part::Text(format!("Someone asked to reset the password of your account at {}.", from.name)),
            Part::Link("Choose a new password", link),
            Part::Text("The link works once and for 1 hour. If you did not ask, ignore this message.".into()),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_a_text_part_with_its_link_and_escapes_names_in_html() {
        let from = Sender { store: None, name: "Tom & <Jerry>" };
        let m = invite(from, "a@x.test", "staff", "http://admin.p.test/set-password?token=ab");
        assert!(m.text.contains("http://admin.p.test/set-password?token=ab"), "{}", m.text);
        assert!(m.text.contains("Tom & <Jerry>"));
        assert!(m.html.contains("Tom &amp; &lt;Jerry&gt;"), "{}", m.html);
        assert!(!m.html.contains("<Jerry>"));
        assert_eq!(m.sender_name, "Tom & <Jerry>");
    }
}
