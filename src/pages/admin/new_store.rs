//! The create-store form with live code checking, and the success panel with the owner link.

use std::time::Duration;

use leptos::{ev::SubmitEvent, prelude::*};
use leptos_meta::Title;

use super::{fields::default_colors, fields::NameAndColours, storefront_url};
use crate::{
    api::admin::{check_code, CreateStore},
    components::{action_error, ConsoleLayout, FieldError, FormError},
    model::{CodeError, Module, NewStore, SiteInfo, StoreCode, StoreCreated},
};

const CODE_HELP: &str = "3–50 characters: lowercase letters, digits and hyphens. \
    It becomes the store's subdomain and cannot be changed later.";

const FIELDS: &[&str] = &["code", "name", "primary", "background", "text", "modules", "owner_email"];

/// What the page knows about the code being typed.
#[derive(Clone, Debug, PartialEq)]
enum CodeState {
    Empty,
    /// The code breaks a rule (shape or reserved name); no need to ask the server.
    Format(CodeError),
    Checking,
    Available(String),
    Unavailable(String),
    /// The check itself failed; the server checks again on submit.
    Unknown(String),
}

/// `/stores/new`: the create-store form.
#[component]
pub fn NewStorePage() -> impl IntoView {
    let create = ServerAction::<CreateStore>::new();
    let created = move || create.value().get().and_then(|r| r.ok());
    view! {
        <Title text="New store | Arcade admin"/>
        <ConsoleLayout>
            <div class="admin-page">
                <h1>"New store"</h1>
                <Show when=move || created().is_some() fallback=move || view! { <NewStoreForm create/> }>
                    {move || created().map(|c| view! { <Created created=c create/> })}
                </Show>
            </div>
        </ConsoleLayout>
    }
}

/// The form; what was typed stays when the server refuses it.
#[component]
fn NewStoreForm(create: ServerAction<CreateStore>) -> impl IntoView {
    let error = action_error(create);
    let code = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let [primary, background, text] = default_colors().map(RwSignal::new);
    let modules = RwSignal::new(Vec::<String>::new());
    let owner = RwSignal::new(String::new());

    let check = RwSignal::new(CodeState::Empty);
    let timer = StoredValue::new(None::<TimeoutHandle>);
    let on_code = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        let trimmed = value.trim().to_string();
        code.set(value);
        if let Some(t) = timer.get_value() {
            t.clear();
        }
        if trimmed.is_empty() {
            return check.set(CodeState::Empty);
        }
        // The same rule the server applies; only "taken" needs the server.
        if let Err(problem) = StoreCode::parse(&trimmed) {
            return check.set(CodeState::Format(problem));
        }
        check.set(CodeState::Checking);
        // Wait for a pause in typing so each keystroke does not cost a request.
        let handle = set_timeout_with_handle(
            move || {
                leptos::task::spawn_local(async move {
                    let answer = check_code(trimmed.clone()).await;
                    // A slower answer about an older value must not overwrite a newer one;
                    // and the form may be gone (the store was created meanwhile).
                    if code.try_get_untracked().is_none_or(|now| now.trim() != trimmed) {
                        return;
                    }
                    check.try_set(match answer {
                        Ok(c) if c.available => CodeState::Available(c.message),
                        Ok(c) => CodeState::Unavailable(c.message),
                        Err(e) => CodeState::Unknown(format!("could not check the code now ({e})")),
                    });
                });
            },
            Duration::from_millis(300),
        );
        timer.set_value(handle.ok());
    };
    // A check still waiting for a pause in typing is dropped with the form.
    on_cleanup(move || {
        if let Some(t) = timer.try_get_value().flatten() {
            t.clear();
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let store = NewStore {
            code: code.get_untracked().trim().to_string(),
            name: name.get_untracked(),
            primary: primary.get_untracked().trim().to_string(),
            background: background.get_untracked().trim().to_string(),
            text: text.get_untracked().trim().to_string(),
            modules: modules.get_untracked(),
            owner_email: owner.get_untracked().trim().to_string(),
        };
        create.dispatch(CreateStore { store });
    };
    let code_status = move || {
        let (class, text) = match check.get() {
            CodeState::Empty => ("hint", CODE_HELP.to_string()),
            CodeState::Format(p) => ("field-error", p.to_string()),
            CodeState::Checking => ("hint", "Checking…".to_string()),
            CodeState::Available(m) => ("ok", format!("✓ {m}")),
            CodeState::Unavailable(m) => ("field-error", m),
            CodeState::Unknown(m) => ("hint", m),
        };
        view! { <p id="code-status" class=class>{text}</p> }
    };
    let code_invalid = move || {
        matches!(check.get(), CodeState::Format(_) | CodeState::Unavailable(_))
            || error.get().and_then(|e| e.for_field("code")).is_some()
    };
    let field_invalid =
        move |f: &'static str| move || error.get().and_then(|e| e.for_field(f)).is_some().to_string();
    let toggle = move |key: String, on: bool| {
        modules.update(|m| {
            m.retain(|k| *k != key);
            if on {
                m.push(key);
            }
        })
    };

    view! {
        <form class="stack admin-form" on:submit=on_submit novalidate>
            <label for="code">"Code"</label>
            <input
                id="code"
                type="text"
                required
                autofocus
                autocomplete="off"
                autocapitalize="none"
                spellcheck="false"
                maxlength="50"
                aria-describedby="code-status code-error"
                aria-invalid=move || code_invalid().to_string()
                prop:value=move || code.get()
                on:input=on_code
            />
            <div aria-live="polite">{code_status}</div>
            <FieldError error field="code"/>

            <NameAndColours
                name
                colours=[primary, background, text]
                error
                hint="The owner can refine the whole theme later in the store's dashboard."
            />

            <fieldset class="module-picker" aria-describedby="modules-error">
                <legend>"Modules"</legend>
                {Module::ALL
                    .into_iter()
                    .map(|m| {
                        let id = format!("module-{}", m.key());
                        let key = m.key().to_string();
                        let checked = {
                            let key = key.clone();
                            move || m.is_core() || modules.with(|s| s.contains(&key))
                        };
                        view! {
                            <div class="check">
                                <input
                                    id=id.clone()
                                    type="checkbox"
                                    disabled=m.is_core()
                                    checked=m.is_core()
                                    prop:checked=checked
                                    on:change=move |ev| toggle(key.clone(), event_target_checked(&ev))
                                />
                                <label for=id>
                                    {m.name()}
                                    {m.is_core().then(|| view! {
                                        <span class="lock-note"><span aria-hidden="true">" 🔒"</span>" core, always on"</span>
                                    })}
                                </label>
                                <p class="hint">{m.description()}</p>
                            </div>
                        }
                    })
                    .collect_view()}
                <FieldError error field="modules"/>
            </fieldset>

            <label for="owner_email">"Owner email " <span class="muted">"(optional)"</span></label>
            <input
                id="owner_email"
                type="email"
                autocomplete="off"
                aria-describedby="owner_email-hint owner_email-error"
                aria-invalid=field_invalid("owner_email")
                prop:value=move || owner.get()
                on:input=move |ev| owner.set(event_target_value(&ev))
            />
            <p id="owner_email-hint" class="hint">
                "A new owner gets a one-time link to choose a password; an existing account is added as owner."
            </p>
            <FieldError error field="owner_email"/>

            <FormError error fields=FIELDS/>
            <div class="actions">
                <button type="submit" disabled=move || create.pending().get()>
                    {move || if create.pending().get() { "Creating…" } else { "Create store" }}
                </button>
            </div>
        </form>
    }
}

/// What to do next once the store exists.
#[component]
fn Created(created: StoreCreated, create: ServerAction<CreateStore>) -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let code = created.code;
    let console = site.href(&format!("/stores/{code}"));
    let storefront = storefront_url(&site, &code);
    let (storefront_href, storefront_text) = (storefront.clone(), storefront.clone());
    view! {
        <section class="panel success-panel" role="status">
            <h2>{format!("Store {code} created")}</h2>
            {created.owner_invited.map(|email| view! {
                <p>{format!("An invitation was mailed to {email}. The owner joins the store from its link.")}</p>
            })}
            <div class="actions">
                <a class="button" href=console>"Open the store in the console"</a>
                <a class="button secondary" href=storefront rel="external">"Visit the storefront"</a>
                <button type="button" class="secondary" on:click=move |_| create.value().set(None)>
                    "Create another store"
                </button>
            </div>
            <p class="hint">"Storefront: " <a href=storefront_href rel="external">{storefront_text}</a></p>
        </section>
    }
}
