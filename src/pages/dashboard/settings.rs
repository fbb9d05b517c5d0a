//! `/settings`: the store's name, logo and favicon, and its team. Owners change them; staff look.

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
    let logo = s.logo_url.as_deref().map(|url| {
        view! { <img class="logo-preview" src=upload_src(&site, url) alt="Current logo" height="64"/> }
    });
    let icon = s.favicon_url.as_deref().map(|url| {
        view! { <img class="logo-preview" src=upload_src(&site, url) alt="Current favicon" width="32" height="32"/> }
    });
    let code = store_code(&site);
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
        <ImageUpload name="logo" title="Logo" current=logo manage action=site.href(&format!("/uploads/logo/{code}"))
            missing="No logo yet: the storefront shows the store's initials."
            hint="PNG, JPEG, WebP or GIF, up to 2 MB. Also the browser tab's icon while the store has no favicon."/>
        <ImageUpload name="favicon" title="Favicon" current=icon manage action=site.href(&format!("/uploads/favicon/{code}"))
            missing="No favicon yet: browser tabs show the logo."
            hint="A square PNG, JPEG, WebP or GIF, up to 2 MB; 32 × 32 pixels or larger."/>
        <Team members=s.members manage invite remove/>
    }
}

/// One of the store's images: what it is now and, for those who may, a form to replace it.
/// The upload answers with a redirect back here carrying a notice, or `upload_error` with
/// `image` naming the form it belongs to, shown at that form's file field.
#[component]
fn ImageUpload(
    name: &'static str,
    title: &'static str,
    current: Option<impl IntoView + 'static>,
    manage: bool,
    action: String,
    missing: &'static str,
    hint: &'static str,
) -> impl IntoView {
    let (heading, input, hint_id, error_id) =
        (format!("{name}-heading"), format!("{name}-file"), format!("{name}-hint"), format!("{name}-error"));
    let labelled_by = heading.clone();
    let query = use_query_map();
    let error = move || {
        let query = query.read();
        query
            .get("upload_error")
            .filter(|e| !e.trim().is_empty() && query.get("image").as_deref() == Some(name))
    };
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || match error() {
            Some(_) => format!("{hint_id} {error_id}"),
            None => hint_id.clone(),
        }
    };
    let current = match current {
        Some(image) => image.into_any(),
        None => view! { <p class="muted">{missing}</p> }.into_any(),
    };
    view! {
        <section class="panel" aria-labelledby=labelled_by>
            <h2 id=heading>{title}</h2>
            {current}
            {manage.then(|| view! {
                <form method="post" enctype="multipart/form-data" action=action class="stack">
                    <label for=input.clone()>{format!("Upload a new {name}")}</label>
                    <input id=input type="file" name="file" accept="image/png,image/jpeg,image/webp,image/gif" required
                        aria-describedby=described_by aria-invalid=move || error().is_some().to_string()/>
                    <p class="hint" id=hint_id>{hint}</p>
                    {move || error().map(|m| view! { <p class="field-error" role="alert" id=error_id.clone()>{m}</p> })}
                    <div class="actions"><button type="submit" class="secondary">{format!("Upload {name}")}</button></div>
                </form>
            })}
        </section>
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
    // The same answer whether or not the address has an account: the mail says which.
    let invited = move || {
        matches!(invite.value().get(), Some(Ok(()))).then(|| {
            view! {
                <p class="notice" role="status">
                    "Invitation sent. They get an email to join this store's team; "
                    "until they use its link they have no access."
                </p>
            }
        })
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
            {invited}
        </section>
    }
}
