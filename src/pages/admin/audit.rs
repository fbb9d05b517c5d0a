//! The audit log: who changed what, newest first, filtered by store and action.

use leptos::{ev::SubmitEvent, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::{absolute, load_error, with_query};
use crate::{
    api::admin::audit_log,
    components::ConsoleLayout,
    model::{AuditPage as Events, SiteInfo},
    text::datetime,
};

/// Actions the platform records, grouped for the filter menu.
const ACTIONS: [(&str, &[&str]); 6] = [
    (
        "Stores",
        &["store.create", "store.update", "store.logo", "store.suspend", "store.resume", "store.delete"],
    ),
    ("Modules", &["module.enable", "module.disable"]),
    ("Domains", &["domain.add", "domain.verify", "domain.primary", "domain.remove"]),
    ("Products", &["product.create", "product.update", "product.image", "product.delete"]),
    ("API keys", &["api_key.create", "api_key.revoke"]),
    ("Accounts", &["user.set_password"]),
];

/// The log URL for a filter and page (inside the console, without the base).
fn audit_url(store: &str, action: &str, before: Option<i64>) -> String {
    let before = before.map(|b| b.to_string()).unwrap_or_default();
    with_query("/audit", &[("store", store), ("action", action), ("before", &before)])
}

/// `/audit`: the audit log with filters.
#[component]
pub fn AuditPage() -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let query = use_query_map();
    let store = Memo::new(move |_| query.read().get("store").unwrap_or_default().trim().to_ascii_lowercase());
    let action = Memo::new(move |_| query.read().get("action").unwrap_or_default().trim().to_string());
    let before = Memo::new(move |_| query.read().get("before").and_then(|b| b.parse::<i64>().ok()));
    let events =
        Resource::new(move || (store.get(), action.get(), before.get()), |(s, a, b)| audit_log(s, a, b));

    let navigate = use_navigate();
    let store_input = NodeRef::<leptos::html::Input>::new();
    let action_select = NodeRef::<leptos::html::Select>::new();
    let apply = {
        let site = site.clone();
        move || {
            let s = store_input.get().map(|i| i.value()).unwrap_or_else(|| store.get_untracked());
            let a = action_select.get().map(|i| i.value()).unwrap_or_else(|| action.get_untracked());
            navigate(&site.href(&audit_url(s.trim(), &a, None)), absolute());
        }
    };
    let on_submit = {
        let apply = apply.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            apply();
        }
    };
    let clear = site.href("/audit");
    // An action in the URL that the menu does not list still shows as chosen.
    let unlisted = move || {
        let a = action.get();
        (!a.is_empty() && !ACTIONS.iter().any(|(_, list)| list.contains(&a.as_str())))
            .then(|| view! { <option value=a.clone() selected>{a.clone()}</option> })
    };
    view! {
        <Title text="Audit log | Arcade admin"/>
        <ConsoleLayout>
            <div class="admin-page">
                <h1>"Audit log"</h1>
                <p class="muted">"Every change made by administrators and store owners, newest first. Times are in UTC."</p>
                <form class="filters" method="get" action=site.href("/audit") role="search" on:submit=on_submit>
                    <div class="filter">
                        <label for="audit-store">"Store code"</label>
                        <input
                            id="audit-store"
                            type="search"
                            name="store"
                            placeholder="e.g. t0001"
                            autocapitalize="none"
                            spellcheck="false"
                            value=move || store.get()
                            prop:value=move || store.get()
                            node_ref=store_input
                        />
                    </div>
                    <div class="filter">
                        <label for="audit-action">"Action"</label>
                        <select id="audit-action" name="action" node_ref=action_select on:change=move |_| apply()>
                            <option value="" selected=move || action.get().is_empty()>"All actions"</option>
                            {unlisted}
                            {ACTIONS
                                .into_iter()
                                .map(|(group, list)| view! {
                                    <optgroup label=group>
                                        {list
                                            .iter()
                                            .map(|a| view! { <option value=*a selected=move || action.get() == *a>{*a}</option> })
                                            .collect_view()}
                                    </optgroup>
                                })
                                .collect_view()}
                        </select>
                    </div>
                    <button type="submit">"Filter"</button>
                    {move || (!store.get().is_empty() || !action.get().is_empty())
                        .then(|| view! { <a class="button secondary" href=clear.clone()>"Clear filters"</a> })}
                </form>
                <Transition fallback=|| view! { <p class="muted" role="status">"Loading events…"</p> }>
                    {move || Suspend::new(async move {
                        match events.await {
                            Ok(page) => {
                                let (store, action) = (store.get_untracked(), action.get_untracked());
                                let older = before.get_untracked().is_some();
                                view! { <EventTable page store action older/> }.into_any()
                            }
                            Err(e) => load_error(e, "the audit log"),
                        }
                    })}
                </Transition>
            </div>
        </ConsoleLayout>
    }
}

/// A page of events with its pager, or the empty state.
#[component]
fn EventTable(page: Events, store: String, action: String, older: bool) -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let newest = older.then(|| site.href(&audit_url(&store, &action, None)));
    let next = page.next.map(|b| site.href(&audit_url(&store, &action, Some(b))));
    let pager = (newest.is_some() || next.is_some()).then(|| {
        view! {
            <nav class="pager" aria-label="Pages">
                {newest.map(|href| view! { <a href=href>"⇤ Newest"</a> })}
                {next.map(|href| view! { <a href=href rel="next">"Older →"</a> })}
            </nav>
        }
    });
    if page.events.is_empty() {
        let text = if older {
            "There are no older events."
        } else if store.is_empty() && action.is_empty() {
            "Nothing has been recorded yet. Changes to stores, modules, domains and products show up here."
        } else {
            "No events match these filters."
        };
        return view! { <div class="empty-state"><p>{text}</p></div> {pager} }.into_any();
    }
    view! {
        <table class="audit-table">
            <thead>
                <tr>
                    <th scope="col">"Time (UTC)"</th>
                    <th scope="col">"Actor"</th>
                    <th scope="col">"Store"</th>
                    <th scope="col">"Action"</th>
                    <th scope="col">"Detail"</th>
                </tr>
            </thead>
            <tbody>
                {page
                    .events
                    .into_iter()
                    .map(|e| {
                        let store = e.store_code.map(|c| {
                            let href = site.href(&format!("/stores/{c}"));
                            view! { <a href=href><code>{c}</code></a> }
                        });
                        view! {
                            <tr>
                                <td class="nowrap">{datetime(e.at)}</td>
                                <td>{e.actor_email}</td>
                                <td>{store}</td>
                                <td><code>{e.action}</code></td>
                                <td class="detail">{e.detail}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        {pager}
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::audit_url;

    #[test]
    fn audit_urls_keep_filters_and_cursor() {
        assert_eq!(audit_url("", "", None), "/audit");
        assert_eq!(
            audit_url("t1", "store.create", Some(40)),
            "/audit?store=t1&action=store.create&before=40"
        );
    }
}
