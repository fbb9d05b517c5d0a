//! Custom domains: add, verify by DNS TXT record, make primary, remove.

use leptos::{ev::SubmitEvent, prelude::*};
use leptos_meta::Title;

use super::{confirm, is_owner, load_error, OwnerOnly};
use crate::{
    api::dashboard::{make_primary, remove_domain, store_domains, verify_domain, AddDomain},
    components::{action_error, ConsoleLayout, FieldError, FormError},
    error::ApiError,
    model::{DomainInfo, SiteInfo},
};

/// What a button on a domain row does.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Verify,
    Primary,
    Remove,
}

/// Runs an operation on one domain; answers with both and what to tell the user.
type RowAction = Action<(Op, String), (Op, String, Result<String, ApiError>)>;

/// `/domains`: custom domains and their verification.
#[component]
pub fn DomainsPage() -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    view! {
        <Title text="Domains | Arcade"/>
        <ConsoleLayout>
            <h1>"Domains"</h1>
            {if is_owner(&site) {
                view! { <DomainManager/> }.into_any()
            } else {
                view! { <OwnerOnly what="custom domains"/> }.into_any()
            }}
        </ConsoleLayout>
    }
}

/// The add form and the list, for the owner.
#[component]
fn DomainManager() -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let add = ServerAction::<AddDomain>::new();
    let add_error = action_error(add);
    let row: RowAction = Action::new(|(op, domain): &(Op, String)| {
        let (op, domain) = (*op, domain.clone());
        async move {
            let outcome = match op {
                Op::Verify => verify_domain(domain.clone()).await.map(|d| match d.status.as_str() {
                    "pending" => "Not verified yet.".to_string(),
                    _ => format!("Verified: {} now serves your storefront.", d.domain),
                }),
                Op::Primary => make_primary(domain.clone())
                    .await
                    .map(|_| format!("{domain} is now the primary domain; the others redirect to it.")),
                Op::Remove => remove_domain(domain.clone()).await.map(|_| format!("Removed {domain}.")),
            };
            (op, domain, outcome)
        }
    });
    let domains = Resource::new(move || (add.version().get(), row.version().get()), |_| store_domains());

    let input = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(_)) = add.value().get() {
            input.set(String::new());
        }
    });
    let on_add = move |ev: SubmitEvent| {
        ev.prevent_default();
        add.dispatch(AddDomain { domain: input.get() });
    };
    let added = move || match add.value().get() {
        Some(Ok(d)) => Some(view! {
            <p class="notice" role="status">
                {format!("Added {}. Create its TXT record below, then press Verify.", d.domain)}
            </p>
        }),
        _ => None,
    };
    // A removed domain has no row left to show its message in.
    let removed = move || match row.value().get() {
        Some((Op::Remove, _, Ok(m))) => Some(view! { <p class="notice" role="status">{m}</p> }),
        _ => None,
    };
    // A DNS record names a host, never a port.
    let platform_host = site.platform_origin.split_once("://").map_or("", |(_, h)| h);
    let platform_host = platform_host.split(':').next().unwrap_or_default().to_string();
    view! {
        <p class="lead">
            "Serve your storefront on your own domain, like shop.example.com. Add the domain, prove it is "
            "yours with a DNS TXT record, then press Verify. A verified domain starts serving your "
            "storefront at once, over HTTPS when the platform's proxy is set up."
        </p>
        <p class="hint">
            "Shoppers reach the domain only once it also points to the platform (for example a CNAME record to "
            <code>{platform_host}</code>")."
        </p>
        <form class="stack add-domain" on:submit=on_add novalidate>
            <label for="domain">"Domain"</label>
            <div class="inline-field">
                <input
                    id="domain"
                    type="text"
                    name="domain"
                    placeholder="shop.example.com"
                    autocomplete="off"
                    autocapitalize="none"
                    spellcheck="false"
                    required
                    bind:value=input
                    aria-invalid=move || add_error.get().is_some_and(|e| e.for_field("domain").is_some()).to_string()
                    aria-describedby="domain-error"
                />
                <button type="submit" disabled=move || add.pending().get()>
                    {move || if add.pending().get() { "Adding…" } else { "Add domain" }}
                </button>
            </div>
            <FieldError error=add_error field="domain"/>
            <FormError error=add_error fields=&["domain"]/>
        </form>
        {added}
        {removed}
        <h2>"Your domains"</h2>
        <Transition fallback=|| view! { <p class="muted" role="status">"Loading domains…"</p> }>
            {move || Suspend::new(async move {
                match domains.await {
                    Ok(list) if list.is_empty() => view! {
                        <p class="empty-state">
                            "No custom domains yet. Your storefront is always reachable at its platform addresses "
                            "shown on the overview."
                        </p>
                    }
                    .into_any(),
                    Ok(list) => view! {
                        <ul class="domain-list">
                            {list.into_iter().map(|d| view! { <DomainRow d row/> }).collect_view()}
                        </ul>
                    }
                    .into_any(),
                    Err(ApiError::Forbidden) => view! { <OwnerOnly what="custom domains"/> }.into_any(),
                    Err(e) => load_error(e, "the domains"),
                }
            })}
        </Transition>
    }
}

/// One domain: status, DNS instructions while pending, and its actions.
#[component]
fn DomainRow(d: DomainInfo, row: RowAction) -> impl IntoView {
    let domain = d.domain.clone();
    let pending = d.status == "pending";
    let active = d.status == "active";
    let busy = {
        let domain = domain.clone();
        move || row.input().get().is_some_and(|(_, x)| x == domain)
    };
    let run = {
        let domain = domain.clone();
        move |op: Op| {
            row.dispatch((op, domain.clone()));
        }
    };
    let on_remove = {
        let (run, domain) = (run.clone(), domain.clone());
        move |_| {
            let message = if active {
                format!("Remove {domain}? It stops serving your storefront at once.")
            } else {
                format!("Remove {domain}? You can add it again later.")
            };
            if confirm(&message) {
                run(Op::Remove);
            }
        }
    };
    let message = {
        let domain = domain.clone();
        move || match row.value().get() {
            Some((_, x, Ok(m))) if x == domain => {
                Some(view! { <p class="notice" role="status">{m}</p> }.into_any())
            }
            Some((_, x, Err(e))) if x == domain => {
                Some(view! { <p class="form-error" role="alert">{e.to_string()}</p> }.into_any())
            }
            _ => None,
        }
    };
    let verify = pending.then(|| {
        let (run, busy) = (run.clone(), busy.clone());
        view! {
            <div class="dns">
                <p><strong>"Create a TXT record"</strong>" at your DNS provider with:"</p>
                <dl class="dns-record">
                    <dt>"Type"</dt>
                    <dd><code>"TXT"</code></dd>
                    <dt>"Name"</dt>
                    <dd><code class="copy" tabindex="0">{d.txt_name.clone()}</code></dd>
                    <dt>"Value"</dt>
                    <dd><code class="copy" tabindex="0">{d.txt_value.clone()}</code></dd>
                </dl>
                <p class="hint">
                    "Click a value to select it, then copy it. DNS changes can take a few minutes to be seen."
                </p>
                <button type="button" on:click=move |_| run(Op::Verify) disabled=busy>"Verify"</button>
            </div>
        }
    });
    let primary = (active && !d.is_primary).then(|| {
        let (run, busy) = (run.clone(), busy.clone());
        view! {
            <button type="button" class="secondary" on:click=move |_| run(Op::Primary) disabled=busy>
                "Make primary"
            </button>
        }
    });
    let explain = if d.is_primary {
        Some("Primary: your other domains redirect shoppers here.")
    } else if active {
        Some("Make it primary to have your other domains redirect to it.")
    } else {
        None
    };
    view! {
        <li class="domain">
            <div class="domain-head">
                <strong class="domain-name">{domain.clone()}</strong>
                <span class=format!("badge {}", d.status)>{d.status.clone()}</span>
                {d.is_primary.then(|| view! { <span class="badge primary">"primary"</span> })}
            </div>
            {verify}
            {explain.map(|t| view! { <p class="hint">{t}</p> })}
            <div class="actions">
                {primary}
                <button type="button" class="danger" on:click=on_remove disabled=busy>"Remove"</button>
            </div>
            {message}
        </li>
    }
}
