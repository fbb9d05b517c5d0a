//! The dashboard overview: figures, storefront addresses, quick links and modules.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{is_owner, load_error, LockIcon};
use crate::{
    api::dashboard::store_overview,
    components::ConsoleLayout,
    model::{format_price, Module, ModuleState, Overview, SiteInfo},
};

/// `/`: figures, storefront links and modules.
#[component]
pub fn DashboardHome() -> impl IntoView {
    let overview = Resource::new(|| (), |_| store_overview());
    view! {
        <Title text="Dashboard | Arcade"/>
        <ConsoleLayout>
            <Suspense fallback=|| view! { <h1>"Overview"</h1><p class="muted" role="status">"Loading your store…"</p> }>
                {move || Suspend::new(async move {
                    match overview.await {
                        Ok(o) => view! { <OverviewView o/> }.into_any(),
                        Err(e) => view! { <h1>"Overview"</h1>{load_error(e, "the overview")}}.into_any(),
                    }
                })}
            </Suspense>
        </ConsoleLayout>
    }
}

/// The overview of a loaded store.
#[component]
fn OverviewView(o: Overview) -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let suspended = o.status == "suspended";
    // The dashboard's own address is where the user already is.
    let links: Vec<(String, String)> =
        o.links.into_iter().filter(|(label, _)| label != "Dashboard").collect();
    let owner = is_owner(&site);
    let owner_hint = move || (!owner).then(|| view! { <span class="muted">" (owner only)"</span> });
    view! {
        <div class="page-head">
            <h1>{o.name} " " <span class=format!("badge {}", o.status)>{o.status.clone()}</span></h1>
            <a class="button" href=site.href("/products/new")>"New product"</a>
        </div>
        {suspended.then(|| view! {
            <div class="warning" role="alert">
                <strong>"This store is suspended."</strong>
                " Its storefront is closed to shoppers. You can still manage products here, but only a "
                "platform admin can reopen the store."
            </div>
        })}
        <section class="stats" aria-label="Figures">
            <div class="stat"><strong>{o.products}</strong><span>"Products"</span></div>
            <div class="stat"><strong>{o.orders}</strong><span>"Orders"</span></div>
            <div class="stat"><strong>{format_price(o.revenue_cents)}</strong><span>"Revenue"</span></div>
        </section>
        <div class="dash-columns">
            <section aria-labelledby="storefront-heading">
                <h2 id="storefront-heading">"Your storefront"</h2>
                <p class="hint">"The same store at every address; each opens in a new tab."</p>
                <ul class="storefront-links">
                    {links
                        .into_iter()
                        .map(|(label, url)| {
                            let href = url.clone();
                            view! {
                                <li>
                                    <span class="label">{label}</span>
                                    <a href=href target="_blank" rel="external noopener">{url}</a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
            <nav aria-labelledby="manage-heading">
                <h2 id="manage-heading">"Manage"</h2>
                <ul class="quick-links">
                    <li>
                        <a href=site.href("/products")>"Products"</a>
                        <span class="hint">"Add, edit and remove what you sell."</span>
                    </li>
                    <li>
                        <a href=site.href("/domains")>"Domains"</a>
                        {owner_hint}
                        <span class="hint">"Serve the storefront on your own domain."</span>
                    </li>
                    <li>
                        <a href=site.href("/keys")>"API keys"</a>
                        {owner_hint}
                        <span class="hint">"Let your own software update products."</span>
                    </li>
                </ul>
            </nav>
        </div>
        <section aria-labelledby="modules-heading">
            <h2 id="modules-heading">"Modules"</h2>
            <ul class="module-cards">
                {o.modules.into_iter().map(|m| view! { <ModuleCard m/> }).collect_view()}
            </ul>
        </section>
    }
}

/// One module: enabled, or dimmed and locked with what it adds and how to get it.
#[component]
fn ModuleCard(m: ModuleState) -> impl IntoView {
    let class = if m.enabled { "module-card" } else { "module-card disabled" };
    let state = if m.enabled { "Enabled" } else { "Locked" };
    view! {
        <li class=class>
            <div class="module-title">
                {(!m.enabled).then(|| view! { <LockIcon/> })}
                <strong>{m.name}</strong>
                {m.is_core.then(|| view! { <span class="badge core">"core"</span> })}
                <span class="visually-hidden">{format!(" ({state})")}</span>
            </div>
            <p class="hint">{m.description}</p>
            {(!m.enabled).then(|| Module::parse(&m.key).map(|module| view! { <p class="hint upgrade">{module.how_to_get()}</p> }))}
        </li>
    }
}
