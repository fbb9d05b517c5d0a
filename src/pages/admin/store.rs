//! One store in the console: header and links, details form, logo; the other sections
//! are in `store_parts`.

use leptos::{ev::SubmitEvent, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{
    fields::NameAndColours,
    load_error,
    store_parts::{DangerZone, DomainsSection, MembersSection, ModulesSection, StatusSection},
    StatusBadge,
};
use crate::{
    api::admin::{load_store, update_store},
    components::{ConsoleLayout, FormError, PageTitle, StoreInitials},
    error::ApiError,
    model::{SiteInfo, StoreDetail, Theme},
    pages::set_status,
    text::date,
};

/// `/stores/:code`: one store: details, status, modules, domains, members, delete.
#[component]
pub fn StorePage() -> impl IntoView {
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let detail = Resource::new(code, load_store);
    view! {
        <ConsoleLayout>
            <div class="admin-page">
                <Suspense fallback=|| {
                    view! { <Title text="Store | Arcade admin"/><p class="muted" role="status">"Loading the store…"</p> }
                }>
                    {move || Suspend::new(async move {
                        match detail.await {
                            Ok(d) => view! { <StoreView d/> }.into_any(),
                            Err(ApiError::NotFound) => view! { <StoreNotFound code=code()/> }.into_any(),
                            Err(e) => view! { <Title text="Store | Arcade admin"/>{load_error(e, "this store")}
                            }
                            .into_any(),
                        }
                    })}
                </Suspense>
            </div>
        </ConsoleLayout>
    }
}

/// A code that is not (or no longer) a store.
#[component]
fn StoreNotFound(code: String) -> impl IntoView {
    set_status(404);
    let site = expect_context::<SiteInfo>();
    view! {
        <Title text="Store not found | Arcade admin"/>
        <section class="panel not-found-panel" role="alert">
            <h1>"Store not found"</h1>
            <p>{format!("There is no store with the code “{code}”. It may have been deleted, or the address is mistyped.")}</p>
            <div class="actions">
                <a class="button" href=site.href("/stores")>"Back to all stores"</a>
                <a class="button secondary" href=site.href("/stores/new")>"Create a store"</a>
            </div>
        </section>
    }
}

/// The whole page for a loaded store.
#[component]
fn StoreView(d: StoreDetail) -> impl IntoView {
    let name = RwSignal::new(d.name.clone());
    let status = RwSignal::new(d.status.clone());
    let dashboard = d.links.iter().find(|(label, _)| label == "Dashboard").map(|(_, url)| url.clone());
    let title = move || format!("{} | Arcade admin", name.get());
    let code = d.code.clone();
    let all_stores = expect_context::<SiteInfo>().href("/stores");
    view! {
        <PageTitle text=title/>
        <header class="store-head">
            <div>
                <p class="muted crumbs"><a href=all_stores>"Stores"</a>" / " <code>{code.clone()}</code></p>
                <h1>{move || name.get()} " " <StatusBadge status/></h1>
                <p class="muted">
                    {format!("Created {} · {} products · {} orders", date(d.created_at), d.products, d.orders)}
                </p>
            </div>
            <nav class="store-links" aria-label="Storefront addresses">
                <ul>
                    {d.links.into_iter().map(|(label, url)| {
                        let text = url.clone();
                        view! { <li><span class="muted">{label}": "</span><a href=url rel="external">{text}</a></li> }
                    }).collect_view()}
                </ul>
            </nav>
        </header>
        <nav class="section-nav" aria-label="Sections of this page">
            <a href="#details">"Details"</a>
            <a href="#logo">"Logo"</a>
            <a href="#status">"Status"</a>
            <a href="#modules">"Modules"</a>
            <a href="#domains">"Domains"</a>
            <a href="#members">"Members"</a>
            <a href="#danger">"Delete"</a>
        </nav>
        <EditSection code=code.clone() name theme=d.theme/>
        <LogoSection code=code.clone() logo=d.logo_url name status/>
        <StatusSection code=code.clone() status/>
        <ModulesSection code=code.clone() modules=d.modules/>
        <DomainsSection domains=d.domains dashboard=dashboard.clone()/>
        <MembersSection members=d.members dashboard/>
        <DangerZone code/>
    }
}

/// Name and colours.
#[component]
fn EditSection(code: String, name: RwSignal<String>, theme: Theme) -> impl IntoView {
    let draft = RwSignal::new(name.get_untracked());
    let [primary, background, text] =
        [theme.primary, theme.background, theme.text].map(|c| RwSignal::new(c.to_string()));
    let save = Action::new(move |input: &[String; 5]| {
        let [code, new_name, p, b, t] = input.clone();
        async move {
            let answer = update_store(code, new_name.clone(), p, b, t).await;
            if answer.is_ok() {
                name.set(new_name.trim().to_string());
            }
            answer
        }
    });
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let saved = move || !save.pending().get() && matches!(save.value().get(), Some(Ok(())));
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let values = [primary, background, text].map(|s| s.get_untracked().trim().to_string());
        let [p, b, t] = values;
        save.dispatch([code.clone(), draft.get_untracked(), p, b, t]);
    };
    view! {
        <section id="details" class="panel" aria-labelledby="details-title">
            <h2 id="details-title">"Details"</h2>
            <form class="stack admin-form" on:submit=on_submit novalidate>
                <NameAndColours name=draft colours=[primary, background, text] error/>
                <FormError error fields=&["name", "primary", "background", "text"]/>
                <div class="actions">
                    <button type="submit" disabled=move || save.pending().get()>
                        {move || if save.pending().get() { "Saving…" } else { "Save changes" }}
                    </button>
                    <span role="status">
                        {move || {
                            saved().then(|| view! { <span class="ok">"✓ Saved. The storefront shows the change at once."</span> })
                        }}
                    </span>
                </div>
            </form>
        </section>
    }
}

/// The current logo and a plain upload form (the server redirects back with the outcome).
#[component]
fn LogoSection(
    code: String,
    logo: Option<String>,
    name: RwSignal<String>,
    status: RwSignal<String>,
) -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let query = use_query_map();
    let notice = move || query.read().get("notice").filter(|n| !n.is_empty());
    let upload_error = move || query.read().get("upload_error").filter(|n| !n.is_empty());
    let action = site.href(&format!("/uploads/logo/{code}"));
    let current = logo.map(|url| site.store_asset(&code, &url));
    view! {
        <section id="logo" class="panel" aria-labelledby="logo-title">
            <h2 id="logo-title">"Logo"</h2>
            {move || notice().map(|n| view! { <p class="notice" role="status">{n}</p> })}
            {match current {
                Some(src) => view! {
                    <img class="logo-preview" src=src alt=move || format!("Current logo of {}", name.get())/>
                    // The preview is served by the storefront, which a suspended store closes.
                    {move || (status.get() == "suspended").then(|| view! {
                        <p class="hint">"The preview is unavailable while the store is suspended; the logo itself is kept."</p>
                    })}
                }
                .into_any(),
                None => view! {
                    <div class="logo-missing">
                        <StoreInitials name=name.get_untracked() class="logo-preview"/>
                        <p class="muted">"No logo: the storefront shows the store's initials instead."</p>
                    </div>
                }
                .into_any(),
            }}
            <form class="stack" method="post" enctype="multipart/form-data" action=action>
                <label for="logo-file">"New logo"</label>
                <input
                    id="logo-file"
                    type="file"
                    name="file"
                    required
                    accept="image/png,image/jpeg,image/webp,image/gif"
                    aria-describedby="logo-hint logo-error"
                    aria-invalid=move || upload_error().is_some().to_string()
                />
                <p id="logo-hint" class="hint">"PNG, JPEG, WebP or GIF, at most 2 MB. SVG is not accepted."</p>
                {move || upload_error().map(|e| view! { <p id="logo-error" class="field-error" role="alert">{e}</p> })}
                <div class="actions">
                    <button type="submit">"Upload logo"</button>
                </div>
            </form>
        </section>
    }
}
