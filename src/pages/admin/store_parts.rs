//! Sections of the store page: status, modules, domains, members and the danger zone.

use leptos::{ev::SubmitEvent, prelude::*};
use leptos_router::hooks::use_navigate;

use super::{absolute, confirm};
use crate::{
    api::admin::{delete_store, set_store_module, set_store_status},
    model::{DomainInfo, Member, ModuleState, SiteInfo},
};

/// Suspend or resume; the storefront follows at once.
#[component]
pub fn StatusSection(code: String, status: RwSignal<String>) -> impl IntoView {
    let change = Action::new(move |input: &(String, bool)| {
        let (code, suspend) = input.clone();
        async move {
            let answer = set_store_status(code, suspend).await;
            if answer.is_ok() {
                status.set(if suspend { "suspended" } else { "active" }.to_string());
            }
            answer
        }
    });
    let suspended = move || status.get() == "suspended";
    let on_click = move |_| {
        let suspend = !suspended();
        let ask = format!(
            "Suspend {code}? Its storefront answers 503 (temporarily unavailable) to every shopper at once. \
             You can resume it at any time."
        );
        if !suspend || confirm(&ask) {
            change.dispatch((code.clone(), suspend));
        }
    };
    view! {
        <section id="status" class="panel" aria-labelledby="status-title">
            <h2 id="status-title">"Status"</h2>
            <p>
                {move || if suspended() {
                    "Suspended: the storefront answers 503 (temporarily unavailable) to shoppers. \
                     The owner's dashboard still works. Resuming opens the storefront again at once."
                } else {
                    "Active: the storefront is open to shoppers. Suspending it makes the storefront answer 503 \
                     (temporarily unavailable) at once, on every address; the owner's dashboard keeps working."
                }}
            </p>
            <div class="actions">
                <button
                    type="button"
                    class=move || if suspended() { "" } else { "danger" }
                    disabled=move || change.pending().get()
                    on:click=on_click
                >
                    {move || match (change.pending().get(), suspended()) {
                        (true, _) => "Saving…",
                        (false, true) => "Resume store",
                        (false, false) => "Suspend store",
                    }}
                </button>
                {move || change.value().get().and_then(Result::err).map(|e| view! {
                    <p class="form-error" role="alert">{format!("The status did not change: {e}")}</p>
                })}
            </div>
        </section>
    }
}

/// Every module of the catalog as a card with its switch.
#[component]
pub fn ModulesSection(code: String, modules: Vec<ModuleState>) -> impl IntoView {
    view! {
        <section id="modules" class="panel" aria-labelledby="modules-title">
            <h2 id="modules-title">"Modules"</h2>
            <p class="hint">
                "Turning a module off hides it from the storefront at once; its data is kept and comes back when it is turned on again."
            </p>
            <ul class="module-cards">
                {modules.into_iter().map(|m| view! { <ModuleCard code=code.clone() m/> }).collect_view()}
            </ul>
        </section>
    }
}

/// One module: on (normal) or off (dimmed); core modules are locked on.
#[component]
fn ModuleCard(code: String, m: ModuleState) -> impl IntoView {
    let enabled = RwSignal::new(m.enabled || m.is_core);
    let key = m.key.clone();
    let toggle = Action::new(move |on: &bool| {
        let (code, key, on) = (code.clone(), key.clone(), *on);
        async move {
            let answer = set_store_module(code, key, on).await;
            if answer.is_ok() {
                enabled.set(on);
            }
            answer
        }
    });
    let name = m.name.clone();
    let switch = (!m.is_core).then(|| {
        let label = move || format!("{} {name}", if enabled.get() { "Turn off" } else { "Turn on" });
        view! {
            <button
                type="button"
                class="secondary small"
                aria-label=label
                disabled=move || toggle.pending().get()
                on:click=move |_| {
                    toggle.dispatch(!enabled.get_untracked());
                }
            >
                {move || match (toggle.pending().get(), enabled.get()) {
                    (true, _) => "Saving…",
                    (false, true) => "Turn off",
                    (false, false) => "Turn on",
                }}
            </button>
        }
    });
    view! {
        <li class=move || if enabled.get() { "module-card" } else { "module-card disabled" }>
            <div class="module-card-head">
                <strong>{m.name}</strong>
                <span class=move || if enabled.get() { "badge active" } else { "badge" }>
                    {move || if enabled.get() { "On" } else { "Off" }}
                </span>
            </div>
            <p class="hint">{m.description}</p>
            {m.is_core.then(|| view! { <p class="lock-note"><span aria-hidden="true">"🔒 "</span>"Core module: always on"</p> })}
            {switch}
            {move || {
                let error = toggle.value().get().and_then(Result::err);
                error.map(|e| view! { <p class="field-error" role="alert">{e.to_string()}</p> })
            }}
        </li>
    }
}

/// Custom domains, managed by the owner in the dashboard.
#[component]
pub fn DomainsSection(domains: Vec<DomainInfo>, dashboard: Option<String>) -> impl IntoView {
    let note = dashboard.map(|url| {
        view! {
            <p class="hint">
                "Domains are added, verified and made primary in the store's "
                <a href=url rel="external">"dashboard"</a>"."
            </p>
        }
    });
    let body = if domains.is_empty() {
        view! { <p class="muted">"No custom domains. The store is reachable on its subdomain and its path."</p> }.into_any()
    } else {
        view! {
            <table>
                <thead>
                    <tr><th scope="col">"Domain"</th><th scope="col">"Status"</th><th scope="col">"Primary"</th></tr>
                </thead>
                <tbody>
                    {domains.into_iter().map(|d| view! {
                        <tr>
                            <td><code>{d.domain}</code></td>
                            <td><span class=format!("badge {}", d.status)>{d.status.clone()}</span></td>
                            <td>{if d.is_primary { "Primary" } else { "—" }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <section id="domains" class="panel" aria-labelledby="domains-title">
            <h2 id="domains-title">"Domains"</h2>
            {body}
            {note}
        </section>
    }
}

/// The people who can use the store's dashboard.
#[component]
pub fn MembersSection(members: Vec<Member>, dashboard: Option<String>) -> impl IntoView {
    let body = if members.is_empty() {
        view! {
            <p class="muted">
                "No members yet. Nobody can sign in to this store's dashboard except platform administrators."
            </p>
        }
        .into_any()
    } else {
        view! {
            <table>
                <thead><tr><th scope="col">"Email"</th><th scope="col">"Role"</th><th scope="col">"State"</th></tr></thead>
                <tbody>
                    {members.into_iter().map(|m| view! {
                        <tr>
                            <td>{m.email}</td>
                            <td>{m.role}</td>
                            <td>{if m.active {
                                view! { <span class="badge active">"active"</span> }.into_any()
                            } else {
                                view! { <span class="badge pending" title="Has not set a password yet">"invited"</span> }.into_any()
                            }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <section id="members" class="panel" aria-labelledby="members-title">
            <h2 id="members-title">"Members"</h2>
            {body}
            {dashboard.map(|url| {
                view! { <p class="hint">"Open the " <a href=url rel="external">"dashboard"</a>" to see what members see."</p> }
            })}
        </section>
    }
}

/// Deleting a store: type its code to enable the button.
#[component]
pub fn DangerZone(code: String) -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let typed = RwSignal::new(String::new());
    let delete = Action::new(|input: &(String, String)| {
        let (code, confirm) = input.clone();
        async move { delete_store(code, confirm).await }
    });
    let navigate = use_navigate();
    let gone = site.href(&format!("/stores?deleted={code}"));
    Effect::new(move |_| {
        if matches!(delete.value().get(), Some(Ok(()))) {
            navigate(&gone, absolute());
        }
    });
    let matches = {
        let code = code.clone();
        move || typed.get().trim() == code
    };
    let ready = matches.clone();
    let on_submit = {
        let code = code.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            if ready() {
                delete.dispatch((code.clone(), typed.get_untracked()));
            }
        }
    };
    let error = move || delete.value().get().and_then(Result::err);
    view! {
        <section id="danger" class="panel danger-zone" aria-labelledby="danger-title">
            <h2 id="danger-title">"Delete this store"</h2>
            <p>
                "Deleting removes the store, its products, orders, domains, theme history and uploaded files. "
                <strong>"This cannot be undone."</strong>
                " To close the storefront for a while, suspend it instead."
            </p>
            <form class="stack" on:submit=on_submit>
                <label for="confirm-delete">"Type " <code>{code.clone()}</code> " to confirm"</label>
                <input
                    id="confirm-delete"
                    type="text"
                    autocomplete="off"
                    autocapitalize="none"
                    spellcheck="false"
                    aria-describedby="confirm-error"
                    prop:value=move || typed.get()
                    on:input=move |ev| typed.set(event_target_value(&ev))
                />
                {move || error().map(|e| {
                    let message = e.for_field("confirm").unwrap_or_else(|| e.to_string());
                    view! { <p id="confirm-error" class="field-error" role="alert">{message}</p> }
                })}
                <div class="actions">
                    <button type="submit" class="danger" disabled=move || !matches() || delete.pending().get()>
                        {move || if delete.pending().get() { "Deleting…" } else { "Delete store permanently" }}
                    </button>
                </div>
            </form>
        </section>
    }
}
