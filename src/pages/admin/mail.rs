//! `/mail`: the mail Arcade wrote, newest first; `?open=N` shows one message whole. With no
//! SMTP server configured this is where mail is read (the demo's invitations and resets).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{load_error, with_query};
use crate::{
    api::admin::mail_outbox,
    components::ConsoleLayout,
    model::{linkify, MailPage, MailSummary, SiteInfo, TextPiece},
    text::datetime,
};

/// The console's Mail page.
#[component]
pub fn MailPage() -> impl IntoView {
    let query = use_query_map();
    let before = Memo::new(move |_| query.read().get("before").and_then(|b| b.parse::<i64>().ok()));
    let open = Memo::new(move |_| query.read().get("open").and_then(|b| b.parse::<i64>().ok()));
    let page = Resource::new(move || (before.get(), open.get()), |(b, o)| mail_outbox(b, o));
    view! {
        <Title text="Mail | Arcade admin"/>
        <ConsoleLayout>
            <div class="admin-page">
                <h1>"Mail"</h1>
                <Transition fallback=|| view! { <p class="muted" role="status">"Loading mail…"</p> }>
                    {move || Suspend::new(async move {
                        match page.await {
                            Ok(page) => view! { <Outbox page before=before.get_untracked()/> }.into_any(),
                            Err(e) => load_error(e, "the mail"),
                        }
                    })}
                </Transition>
            </div>
        </ConsoleLayout>
    }
}

fn status_label(m: &MailSummary) -> String {
    match m.status.as_str() {
        "sent" => "Sent".into(),
        "kept" => "Kept here".into(),
        "pending" if m.attempts > 0 => format!("Retrying ({} failed)", m.attempts),
        "pending" => "Waiting".into(),
        "failed" => format!("Failed after {} attempts", m.attempts),
        other => other.to_string(),
    }
}

#[component]
fn Outbox(page: MailPage, before: Option<i64>) -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let url = move |open: Option<i64>, before: Option<i64>| {
        let (open, before) = (open.map(|o| o.to_string()), before.map(|b| b.to_string()));
        site.href(&with_query(
            "/mail",
            &[("before", before.as_deref().unwrap_or("")), ("open", open.as_deref().unwrap_or(""))],
        ))
    };
    let intro = if page.sends {
        "Every message the platform sends, newest first, with its delivery state. Failed deliveries are retried with a growing wait."
    } else {
        "No SMTP server is configured (--smtp-url), so mail is kept here instead of being sent: open a message to follow its links."
    };
    let opened = page.opened.map(|(m, text)| view! {
        <article class="panel mail-message" aria-labelledby="mail-subject">
            <h2 id="mail-subject">{m.subject.clone()}</h2>
            <p class="muted">{format!("From {} to {} · {} · {}", m.sender_name, m.recipient, datetime(m.created_at), status_label(&m))}</p>
            {m.last_error.clone().map(|e| view! { <p class="form-error">{format!("Last error: {e}")}</p> })}
            <pre class="mail-text">
                {linkify(&text).into_iter().map(|piece| match piece {
                    TextPiece::Plain(t) => t.to_string().into_any(),
                    TextPiece::Link(href) => view! { <a href=href.to_string() rel="external noreferrer">{href.to_string()}</a> }.into_any(),
                }).collect_view()}
            </pre>
        </article>
    });
    let older = page.next_before.map(|b| view! { <a href=url(None, Some(b)) rel="next">"Older →"</a> });
    let newest = before.is_some().then(|| view! { <a href=url(None, None)>"⇤ Newest"</a> });
    let rows = page
        .messages
        .into_iter()
        .map(|m| {
            let href = url(Some(m.id), before);
            let label = status_label(&m);
            view! {
                <tr>
                    <td class="nowrap">{datetime(m.created_at)}</td>
                    <td>{m.recipient}</td>
                    <td><a href=href>{m.subject}</a></td>
                    <td>{label}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p class="muted">{intro}</p>
        {opened}
        <table class="data">
            <caption class="visually-hidden">"Messages, newest first"</caption>
            <thead><tr><th scope="col">"Time (UTC)"</th><th scope="col">"To"</th><th scope="col">"Subject"</th><th scope="col">"State"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <nav class="pager" aria-label="Pages">{newest}{older}</nav>
    }
}
