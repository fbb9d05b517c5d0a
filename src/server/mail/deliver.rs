//! The delivery task: sends pending messages, retries failures with a growing wait, and
//! marks a message failed after the last attempt.

use std::time::Duration;

use lettre::{
    message::{header::ContentType, Mailbox, MultiPart, SinglePart},
    AsyncTransport, Message,
};

use super::{outbox, Mailer};
use crate::server::db::{now, Db};

/// How many messages one pass takes.
const BATCH: i64 = 20;
/// How long one attempt may hold a message before another may try it.
const LEASE_SECS: i64 = 120;
/// How often the task looks for retries that came due with nothing waking it.
const POLL: Duration = Duration::from_secs(5);

/// What one pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pass {
    pub sent: usize,
    pub failed_attempts: usize,
}

/// Delivers what is due until `stop` resolves; the message under way when it does is
/// finished first (a pass is never cut in the middle of a message).
pub async fn run(db: Db, mailer: std::sync::Arc<Mailer>, stop: impl std::future::Future<Output = ()>) {
    if !mailer.sends() {
        return;
    }
    tokio::pin!(stop);
    loop {
        match deliver_due(&db, &mailer).await {
            // More may be due; go on unless the server is stopping (the message under way is done).
            Ok(pass) if pass.sent + pass.failed_attempts > 0 => {
                if futures::FutureExt::now_or_never(&mut stop).is_some() {
                    return;
                }
                continue;
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "mail outbox unreadable"),
        }
        tokio::select! {
            _ = &mut stop => return,
            _ = mailer.wake.notified() => {}
            _ = tokio::time::sleep(POLL) => {}
        }
    }
}

/// One pass over the due messages.
pub async fn deliver_due(db: &Db, mailer: &Mailer) -> Result<Pass, sqlx::Error> {
    let Some(transport) = &mailer.transport else { return Ok(Pass::default()) };
    let mut pass = Pass::default();
    for m in outbox::due(db, BATCH).await? {
        if !outbox::claim(db, &m, now() + LEASE_SECS).await? {
            continue;
        }
        let result = match message(&mailer.from, &m) {
            Ok(msg) => transport.send(msg).await.map(|_| ()).map_err(|e| e.to_string()),
            Err(e) => Err(e),
        };
        match result {
            Ok(()) => {
                outbox::sent(db, m.id).await?;
                pass.sent += 1;
            }
            Err(error) => {
                let failures = u32::try_from(m.attempts + 1).unwrap_or(u32::MAX);
                let retry_at = (failures < mailer.retry.attempts).then(|| {
                    now() + i64::try_from(mailer.retry.wait_after(failures).as_secs()).unwrap_or(i64::MAX / 2)
                });
                tracing::warn!(mail = m.id, attempt = failures, final_attempt = retry_at.is_none(), %error,
                    "mail delivery failed");
                outbox::attempt_failed(db, m.id, &error, retry_at).await?;
                pass.failed_attempts += 1;
            }
        }
    }
    Ok(pass)
}

/// The message as it goes out: plain text and HTML alternatives.
fn message(from: &Mailbox, m: &outbox::Stored) -> Result<Message, String> {
    let from = Mailbox::new(Some(m.sender_name.clone()), from.email.clone());
    let to: Mailbox = m.recipient.parse().map_err(|e| format!("recipient: {e}"))?;
    Message::builder()
        .from(from)
        .to(to)
        .subject(&m.subject)
        .multipart(
            MultiPart::alternative()
                .singlepart(SinglePart::builder().header(ContentType::TEXT_PLAIN).body(m.text_body.clone()))
                .singlepart(SinglePart::builder().header(ContentType::TEXT_HTML).body(m.html_body.clone())),
        )
        .map_err(|e| format!("message: {e}"))
}

#[cfg(test)]
mod tests {
    use super::super::RetryPolicy;
    use std::time::Duration;

    #[test]
    fn retries_wait_longer_each_time_up_to_the_cap() {
        let p = RetryPolicy {
            first_wait: Duration::from_secs(30),
            max_wait: Duration::from_secs(600),
            attempts: 8,
        };
        let waits: Vec<u64> = (1..=7).map(|n| p.wait_after(n).as_secs()).collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 600, 600]);
    }
}
