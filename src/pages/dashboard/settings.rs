//! `/settings`: the store's name and logo, and its team. Owners change them; staff look.

use leptos::{ev::SubmitEvent, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{load_error, store_code, upload_src};
use crate::{
    api::dashboard::settings::{load_store_settings, InviteStaff, RemoveStaff, RenameStore},
    components::{action_error, ConsoleLayout, FieldError, FormError},
    model::{Member, SiteInfo, StoreSettings},
};

#[component]
pub fn SettingsPage() -> impl IntoView {
    let rename = ServerAction::<RenameStore>::new();
    let invite = ServerAction::<InviteStaff>::new();
    let remove = ServerAction::<RemoveStaff>::new();
    let settings = Resource::new(
        move || (rename.version().get(), invite.version().get(), remove.version().get()),
        |_| load_store_settings(),
    );
    view! {
        <Title text="Store settings | Arcade"/>
        <ConsoleLayout>
            <h1>"Store settings"</h1>
            <Transition fallback=|| view! { <p class="muted" role="status">"Loading the settings…"</p> }>
                {move || Suspend::new(async move {
                    match settings.await {
                        Ok(s) => view! { <Settings s rename invite remove/> }.into_any(),
                        Err(e) => load_error(e, "the settings"),
                    }
                })}
            </Transition>
        </ConsoleLayout>
    }
}

#[component]
fn Settings(
    s: StoreSettings,
    rename: ServerAction<RenameStore>,
    invite: ServerAction<InviteStaff>,
    remove: ServerAction<RemoveStaff>,
) -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let manage = s.can_manage;
    let rename_error = action_error(rename);
    let query = use_query_map();
    let notice = move || query.read().get("notice").filter(|n| !n.trim().is_empty());
    let upload_error = move || query.read().get("upload_error").filter(|e| !e.trim().is_empty());
    let logo = match s.logo_url.as_deref() {
        Some(url) => {
            view! { <img class="logo-preview" src=upload_src(&site, url) alt="Current logo" height="64"/> }
                .into_any()
        }
        None => view! { <p class="muted">"No logo yet: the storefront shows the store's initials."</p> }
            .into_any(),
    };
    let upload = site.href(&format!("/uploads/logo/{}", store_code(&site)));
    view! {
        {move || notice().map(|n| view! { <p class="notice" role="status">{n}</p> })}
        {(!manage).then(|| view! { <p class="notice" role="note">"Only the store owner can change these settings."</p> })}
        <section class="panel" aria-labelledby="name-heading">
            <h2 id="name-heading">"Name"</h2>
            <ActionForm action=rename attr:class="stack">
                <label for="name">"Store name"</label>
                <input id="name" name="name" type="text" maxlength="100" required value=s.name.clone() disabled=!manage aria-describedby="name-error"/>
                <FieldError error=rename_error field="name"/>
                <FormError error=rename_error fields=&["name"]/>
                {manage.then(|| view! { <button type="submit">"Save name"</button> })}
            </ActionForm>
        </section>
        <section class="panel" aria-labelledby="logo-heading">
            <h2 id="logo-heading">"Logo"</h2>
            {logo}
            {manage.then(|| view! {
                <form method="post" enctype="multipart/form-data" action=upload.clone() class="stack">
                    <label for="file">"Upload a new logo"</label>
                    <input id="file" type="file" name="file" accept="image/png,image/jpeg,image/webp,image/gif" required
                        aria-describedby="file-hint file-error" aria-invalid=move || upload_error().is_some().to_string()/>
                    <p class="hint" id="file-hint">"PNG, JPEG, WebP or GIF, up to 2 MB. Also used as the browser tab's icon."</p>
                    {move || upload_error().map(|m| view! { <p class="field-error" role="alert" id="file-error">{m}</p> })}
                    <div class="actions"><button type="submit" class="secondary">"Upload logo"</button></div>
                </form>
            })}
        </section>
        <Team members=s.members manage invite remove/>
    }
}

#[component]
fn Team(
    members: Vec<Member>,
    manage: bool,
    invite: ServerAction<InviteStaff>,
    remove: ServerAction<RemoveStaff>,
) -> impl IntoView {
    let invite_error = action_error(invite);
    let email = RwSignal::new(String::new());
    let on_invite = move |ev: SubmitEvent| {
        ev.prevent_default();
        invite.dispatch(InviteStaff { email: email.get() });
    };
    let link = move || {
        match invite.value().get() {
        Some(Ok(Some(link))) => Some(view! {
            <section class="new-key" role="status">
                <p class="warning"><strong>"Send this link to the new staff member: it is shown only once."</strong>
                    " It lets them set a password, once, within a week."</p>
                <code class="secret copy" tabindex="0">{link}</code>
            </section>
        }.into_any()),
        Some(Ok(None)) => Some(view! { <p class="notice" role="status">"Added: they already have an account and can sign in."</p> }.into_any()),
        _ => None,
    }
    };
    let removed = move || {
        remove.value().get().map(|r| match r {
            Ok(()) => {
                view! { <p class="notice" role="status">"Removed: their access to this store has ended."</p> }
                    .into_any()
            }
            Err(e) => {
                view! { <p class="form-error" role="alert">{format!("Could not remove: {e}")}</p> }.into_any()
            }
        })
    };
    view! {
        <section class="panel" aria-labelledby="team-heading">
            <h2 id="team-heading">"Team"</h2>
            {removed}
            <table class="data">
                <caption class="visually-hidden">"People who can use this dashboard"</caption>
                <thead><tr><th scope="col">"Email"</th><th scope="col">"Role"</th><th scope="col">"State"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th></tr></thead>
                <tbody>
                    {members.into_iter().map(|m| {
                        let staff = m.role == "staff";
                        let email = m.email.clone();
                        view! {
                            <tr>
                                <td>{m.email.clone()}</td>
                                <td>{m.role.clone()}</td>
                                <td>{if m.active { "Active" } else { "Invited" }}</td>
                                <td>{(manage && staff).then(|| view! {
                                    <button type="button" class="link-button" on:click=move |_| { remove.dispatch(RemoveStaff { email: email.clone() }); }>
                                        "Remove" <span class="visually-hidden">{format!(" {}", m.email)}</span>
                                    </button>
                                })}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {manage.then(|| view! {
                <form class="stack" on:submit=on_invite novalidate>
                    <label for="email">"Invite staff by email"</label>
                    <input id="email" name="email" type="email" autocomplete="off" bind:value=email aria-describedby="email-error"/>
                    <FieldError error=invite_error field="email"/>
                    <FormError error=invite_error fields=&["email"]/>
                    <div class="actions"><button type="submit">"Invite"</button></div>
                </form>
            })}
            {link}
        </section>
    }
}
