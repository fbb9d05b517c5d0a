//! Mail: messages written to an outbox in the transaction of the change that causes them,
//! then delivered by a background task (the transactional outbox). With an SMTP server
//! configured the task sends them through `lettre`; without one they are kept in the
//! database and read in the console's Mail page, so the embedded default works alone.

pub mod compose;
pub mod deliver;
pub mod outbox;

use std::{sync::Arc, time::Duration};

use lettre::{message::Mailbox, AsyncSmtpTransport, Tokio1Executor};
use sqlx::AnyConnection;
use tokio::sync::Notify;

use super::db::StoreId;

/// One message to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mail {
    /// The store it is about, if any (platform mail has none).
    pub store: Option<StoreId>,
    /// The recipient's address (already parsed by `users::parse_email`).
    pub to: String,
    /// The display name it comes from: the store's name for a store's mail, else "Arcade".
    pub sender_name: String,
    pub subject: String,
    /// The plain-text part, which every message has.
    pub text: String,
    pub html: String,
}

/// How failed deliveries are retried.
#[derive(Clone, Copy, Debug)]
pub struct RetryPolicy {
    /// The wait after the first failure; it doubles after each further one.
    pub first_wait: Duration,
    /// The longest wait between two attempts.
    pub max_wait: Duration,
    /// Attempts before a message is marked failed.
    pub attempts: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self { first_wait: Duration::from_secs(30), max_wait: Duration::from_secs(3600), attempts: 8 }
    }
}

impl RetryPolicy {
    /// The wait after `failures` failed attempts (1 = the first).
    pub fn wait_after(&self, failures: u32) -> Duration {
        let doubled = self.first_wait.saturating_mul(1u32 << failures.saturating_sub(1).min(20));
        doubled.min(self.max_wait)
    }
}

/// Mail settings of a server: `--smtp-url`, `--mail-from` and the retry policy.
#[derive(Clone, Debug, Default)]
pub struct MailConfig {
    /// `smtp://user:pass@host:587?tls=required` (STARTTLS), `smtps://…:465` (TLS), or
    /// `smtp://host:25` (plain, for a relay on the same network). None keeps mail in the outbox.
    pub smtp_url: Option<String>,
    /// The address mail comes from; `no-reply@{platform domain}` when unset.
    pub from: Option<String>,
    pub retry: RetryPolicy,
}

/// Writes mail to the outbox and wakes the task that delivers it.
pub struct Mailer {
    transport: Option<AsyncSmtpTransport<Tokio1Executor>>,
    from: Mailbox,
    retry: RetryPolicy,
    wake: Arc<Notify>,
}

impl Mailer {
    /// A mailer for `config`; the SMTP URL and the sender address are checked here, so a
    /// typo stops the server at start and not at the first message.
    pub fn new(config: &MailConfig, platform_domain: &str) -> Result<Self, String> {
        let transport = match config.smtp_url.as_deref().filter(|u| !u.is_empty()) {
            Some(url) => Some(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| format!("--smtp-url: {e}"))?
                    .timeout(Some(Duration::from_secs(30)))
                    .build(),
            ),
            None => None,
        };
        let from = config.from.clone().unwrap_or_else(|| format!("no-reply@{platform_domain}"));
        let from = from.parse::<Mailbox>().map_err(|e| format!("--mail-from {from:?}: {e}"))?;
        Ok(Self { transport, from, retry: config.retry, wake: Arc::new(Notify::new()) })
    }

    /// True when mail goes to an SMTP server (else it is kept for the console).
    pub fn sends(&self) -> bool {
        self.transport.is_some()
    }

    /// Writes `mail` to the outbox on `conn`, inside the caller's transaction: it is
    /// delivered only if that transaction commits. Call [`Mailer::wake`] after the commit.
    pub async fn enqueue(&self, conn: &mut AnyConnection, mail: &Mail) -> Result<(), sqlx::Error> {
        outbox::insert(conn, mail, self.sends()).await
    }

    /// Tells the delivery task there is new mail (after the commit that wrote it).
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

/// Writes mail after the request has been answered, so whether there was any to write
/// (an address with an account or not) shows neither in the answer nor in its timing.
/// `write` makes its own transaction and wakes the mailer; a failure is logged as `what`.
pub fn after_answer<F>(what: &'static str, write: F)
where
    F: std::future::Future<Output = Result<(), sqlx::Error>> + Send + 'static,
{
    tokio::spawn(async move {
        if let Err(e) = write.await {
            tracing::error!(error = %e, "{what} mail not written");
        }
    });
}
