//! API keys: create (the secret is shown once), list, revoke.

use leptos::{ev::SubmitEvent, prelude::*};
use leptos_meta::Title;

use super::{confirm, is_owner, load_error, storefront_origin, OwnerOnly};
use crate::{
    api::dashboard::{api_keys, revoke_api_key, CreateApiKey},
    components::{action_error, ConsoleLayout, FieldError, FormError},
    error::ApiError,
    model::{ApiKeyInfo, SiteInfo},
    text::date,
};

/// Revokes a key (id, name) and answers with its name.
type RevokeAction = Action<(i64, String), Result<String, ApiError>>;

/// `/keys`: API keys.
#[component]
pub fn ApiKeysPage() -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    view! {
        <Title text="API keys | Arcade"/>
        <ConsoleLayout>
            <h1>"API keys"</h1>
            {if is_owner(&site) {
                view! { <KeyManager/> }.into_any()
            } else {
                view! { <OwnerOnly what="API keys"/> }.into_any()
            }}
        </ConsoleLayout>
    }
}

/// The create form, the new secret, the list and a usage example, for the owner.
#[component]
fn KeyManager() -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let create = ServerAction::<CreateApiKey>::new();
    let create_error = action_error(create);
    let revoke: RevokeAction = Action::new(|k: &(i64, String)| {
        let (id, name) = k.clone();
        async move { revoke_api_key(id).await.map(|_| name) }
    });
    let keys = Resource::new(move || (create.version().get(), revoke.version().get()), |_| api_keys());

    let name = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(_)) = create.value().get() {
            name.set(String::new());
        }
    });
    let on_create = move |ev: SubmitEvent| {
        ev.prevent_default();
        create.dispatch(CreateApiKey { name: name.get() });
    };
    let secret = move || match create.value().get() {
        Some(Ok(new)) => Some(view! {
            <section class="new-key" role="status" aria-labelledby="new-key-heading">
                <h2 id="new-key-heading">{format!("Your new key “{}”", new.key.name)}</h2>
                <p class="warning">
                    <strong>"Copy it now: it will not be shown again."</strong>
                    " We keep only a fingerprint of it. If you lose it, revoke it and create a new one."
                </p>
                <code class="secret copy" tabindex="0">{new.secret}</code>
                <p class="hint">"Click the key to select it, then copy it (Ctrl+C or ⌘C)."</p>
                <button type="button" class="secondary" on:click=move |_| create.clear()>"I have copied it"</button>
            </section>
        }),
        _ => None,
    };
    let revoked = move || match revoke.value().get() {
        Some(Ok(n)) => {
            Some(view! { <p class="notice" role="status">{format!("Revoked “{n}”.")}</p> }.into_any())
        }
        Some(Err(e)) => Some(
            view! { <p class="form-error" role="alert">{format!("Could not revoke the key: {e}")}</p> }
                .into_any(),
        ),
        None => None,
    };
    let origin = storefront_origin(&site);
    let example = format!(
        "curl -X POST {origin}/api/v1/products \\\n  -H \"Authorization: Bearer <key>\" \\\n  \
         -H \"Content-Type: application/json\" \\\n  -d '{{\"name\":\"Mug\",\"price_cents\":1200}}'"
    );
    view! {
        <p class="lead">
            "API keys let your own software create, change and delete this store's products. "
            "Anyone with a key can change your catalog: keep keys secret and revoke the ones you no longer use."
        </p>
        <form class="stack" on:submit=on_create novalidate>
            <label for="key-name">"Key name"</label>
            <div class="inline-field">
                <input
                    id="key-name"
                    type="text"
                    name="name"
                    maxlength="60"
                    placeholder="Inventory sync"
                    required
                    bind:value=name
                    aria-invalid=move || create_error.get().is_some_and(|e| e.for_field("name").is_some()).to_string()
                    aria-describedby="key-name-hint name-error"
                />
                <button type="submit" disabled=move || create.pending().get()>
                    {move || if create.pending().get() { "Creating…" } else { "Create key" }}
                </button>
            </div>
            <p class="hint" id="key-name-hint">"A name that reminds you where the key is used."</p>
            <FieldError error=create_error field="name"/>
            <FormError error=create_error fields=&["name"]/>
        </form>
        {secret}
        {revoked}
        <h2>"Your keys"</h2>
        <Transition fallback=|| view! { <p class="muted" role="status">"Loading keys…"</p> }>
            {move || Suspend::new(async move {
                match keys.await {
                    Ok(list) if list.is_empty() => {
                        view! { <p class="empty-state">"No API keys yet. Create one above to use the API."</p> }.into_any()
                    }
                    Ok(list) => view! { <KeyTable list revoke/> }.into_any(),
                    Err(ApiError::Forbidden) => view! { <OwnerOnly what="API keys"/> }.into_any(),
                    Err(e) => load_error(e, "the API keys"),
                }
            })}
        </Transition>
        <section class="usage" aria-labelledby="usage-heading">
            <h2 id="usage-heading">"Using a key"</h2>
            <p>"Create a product:"</p>
            <pre><code>{example}</code></pre>
            <p>
                <code>"PUT /api/v1/products/{id}"</code>" changes a product and "
                <code>"DELETE /api/v1/products/{id}"</code>" deletes one, with the same header."
            </p>
        </section>
    }
}

/// The keys, newest first as the server lists them.
#[component]
fn KeyTable(list: Vec<ApiKeyInfo>, revoke: RevokeAction) -> impl IntoView {
    view! {
        <table class="key-table">
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Key"</th>
                    <th scope="col">"Created"</th>
                    <th scope="col">"Last used"</th>
                    <th scope="col">"Status"</th>
                    <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                </tr>
            </thead>
            <tbody>{list.into_iter().map(|k| view! { <KeyRow k revoke/> }).collect_view()}</tbody>
        </table>
    }
}

/// One key: never the secret, only its prefix.
#[component]
fn KeyRow(k: ApiKeyInfo, revoke: RevokeAction) -> impl IntoView {
    let (id, name) = (k.id, k.name.clone());
    let busy = move || revoke.input().get().is_some_and(|(i, _)| i == id);
    let on_revoke = move |_| {
        let message =
            format!("Revoke “{name}”? Software using it stops working at once. This cannot be undone.");
        if confirm(&message) {
            revoke.dispatch((id, name.clone()));
        }
    };
    let (status, class) = if k.revoked { ("revoked", "badge revoked") } else { ("active", "badge active") };
    view! {
        <tr class:revoked=k.revoked>
            <td>{k.name.clone()}</td>
            <td><code>{format!("{}…", k.prefix)}</code></td>
            <td>{date(k.created_at)}</td>
            <td>{k.last_used_at.map(date).unwrap_or_else(|| "never".into())}</td>
            <td><span class=class>{status}</span></td>
            <td class="row-actions">
                {(!k.revoked).then(|| view! {
                    <button type="button" class="danger small" on:click=on_revoke disabled=busy aria-label=format!("Revoke {}", k.name)>
                        {move || if busy() { "Revoking…" } else { "Revoke" }}
                    </button>
                })}
            </td>
        </tr>
    }
}
