//! The HTML shell and the root component with its routes.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

use crate::{
    components::{ConsoleLayout, StoreLayout},
    model::{Module, SiteInfo, SiteKind, Theme},
    pages::{admin, auth, dashboard, platform::PlatformHome, storefront, NotFound},
};

/// The id of the `<script>` that carries [`SiteInfo`] to the browser.
pub const SITE_SCRIPT_ID: &str = "arcade-site";

/// The document around `<App/>`; the store's theme goes in `<head>` so the first
/// paint is already themed.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let site = use_context::<SiteInfo>().unwrap_or_default();
    let theme_css = theme_style(site.store.as_ref().map(|s| &s.theme));
    let site_json = serde_json::to_string(&site).unwrap_or_default().replace('<', "\\u003c");
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <style id="arcade-theme">{theme_css}</style>
                <script id=SITE_SCRIPT_ID type="application/json" inner_html=site_json></script>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The content of the theme's `<style>` in `<head>`. The server's content security policy
/// allows exactly this text by its hash, so the shell must write nothing else there.
pub fn theme_style(theme: Option<&Theme>) -> String {
    theme.map(Theme::css_vars).unwrap_or_default()
}

/// Reads the [`SiteInfo`] the server wrote into the page.
#[cfg(feature = "hydrate")]
pub fn site_from_document() -> Option<SiteInfo> {
    let text = web_sys::window()?.document()?.get_element_by_id(SITE_SCRIPT_ID)?.text_content()?;
    serde_json::from_str(&text).ok()
}

/// The root component. One route table for every site: a path shows the page of the
/// request's site, or 404 where that site has no such page. Path mode, `P/admin` and
/// dashboards set the base; routes stay un-prefixed.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // `generate_route_list` renders without a request: fall back to an empty site.
    let site = use_context::<SiteInfo>().unwrap_or_default();
    provide_context(site.clone());
    if site.kind == SiteKind::Storefront {
        crate::components::provide_cart_count();
        // A preview shows a draft: the published theme must not replace it.
        if !site.store.as_ref().is_some_and(|s| s.preview) {
            crate::components::live_theme::follow_store_theme(site.href("/events/theme"));
        }
    }
    let base = site.base.clone();
    let k = site.kind;
    // A module's pages exist only on stores that have it (the gate, as the server decides it).
    let with = |module: Module, sites: &'static [SiteKind]| -> &'static [SiteKind] {
        if site.offers(module) {
            sites
        } else {
            &[]
        }
    };
    let wishlist_sites = with(Module::Wishlist, STORE);
    let gift_card_sites = with(Module::Wallet, DASH);
    let review_sites = with(Module::Reviews, DASH);
    view! {
        <Stylesheet id="leptos" href="/pkg/arcade.css"/>
        <Router base=base>
            <Routes fallback=move || not_found(k)>
                <Route
                    path=path!("/")
                    view=move || match k {
                        SiteKind::Storefront => view! { <storefront::Home/> }.into_any(),
                        SiteKind::Admin => view! { <admin::AdminHome/> }.into_any(),
                        SiteKind::Dashboard => view! { <dashboard::DashboardHome/> }.into_any(),
                        SiteKind::Platform => view! { <PlatformHome/> }.into_any(),
                    }
                    ssr=SsrMode::Async
                />
                <Route path=path!("/shop/products") view=move || on(k, STORE, || view! { <storefront::ProductList/> }) ssr=SsrMode::Async/>
                <Route path=path!("/shop/products/:id") view=move || on(k, STORE, || view! { <storefront::ProductDetail/> }) ssr=SsrMode::Async/>
                <Route path=path!("/shop/account") view=move || on(k, STORE, || view! { <storefront::AccountPage/> }) ssr=SsrMode::Async/>
                <Route path=path!("/shop/wishlist") view=move || on(k, wishlist_sites, || view! { <storefront::WishlistPage/> }) ssr=SsrMode::Async/>
                <Route path=path!("/shop/cart") view=move || on(k, STORE, || view! { <storefront::CartPage/> }) ssr=SsrMode::Async/>
                <Route path=path!("/shop/checkout") view=move || on(k, STORE, || view! { <storefront::CheckoutPage/> }) ssr=SsrMode::Async/>
                <Route path=path!("/shop/orders/:token") view=move || on(k, STORE, || view! { <storefront::OrderPage/> }) ssr=SsrMode::Async/>
                <Route path=path!("/login") view=move || on(k, &[SiteKind::Platform, SiteKind::Admin], || view! { <auth::LoginPage/> }) ssr=SsrMode::Async/>
                <Route path=path!("/set-password") view=move || on(k, &[SiteKind::Platform], || view! { <auth::SetPasswordPage/> }) ssr=SsrMode::Async/>
                <Route path=path!("/stores") view=move || on(k, ADMIN, || view! { <admin::StoresPage/> }) ssr=SsrMode::Async/>
                <Route path=path!("/stores/new") view=move || on(k, ADMIN, || view! { <admin::NewStorePage/> }) ssr=SsrMode::Async/>
                <Route path=path!("/stores/import") view=move || on(k, ADMIN, || view! { <admin::ImportPage/> }) ssr=SsrMode::Async/>
                <Route path=path!("/stores/:code") view=move || on(k, ADMIN, || view! { <admin::StorePage/> }) ssr=SsrMode::Async/>
                <Route path=path!("/audit") view=move || on(k, ADMIN, || view! { <admin::AuditPage/> }) ssr=SsrMode::Async/>
                <Route path=path!("/products") view=move || on(k, DASH, || view! { <dashboard::ProductsPage/> }) ssr=SsrMode::Async/>
                <Route path=path!("/products/new") view=move || on(k, DASH, || view! { <dashboard::ProductEditPage/> }) ssr=SsrMode::Async/>
                <Route path=path!("/products/:id") view=move || on(k, DASH, || view! { <dashboard::ProductEditPage/> }) ssr=SsrMode::Async/>
                <Route path=path!("/orders") view=move || on(k, DASH, || view! { <dashboard::OrdersPage/> }) ssr=SsrMode::Async/>
                <Route path=path!("/orders/:number") view=move || on(k, DASH, || view! { <dashboard::OrderDetailPage/> }) ssr=SsrMode::Async/>
                <Route path=path!("/gift-cards") view=move || on(k, gift_card_sites, || view! { <dashboard::GiftCardsPage/> }) ssr=SsrMode::Async/>
                <Route path=path!("/reviews") view=move || on(k, review_sites, || view! { <dashboard::ReviewsPage/> }) ssr=SsrMode::Async/>
                <Route path=path!("/settings") view=move || on(k, DASH, || view! { <dashboard::SettingsPage/> }) ssr=SsrMode::Async/>
                <Route path=path!("/theme") view=move || on(k, DASH, || view! { <dashboard::ThemePage/> }) ssr=SsrMode::Async/>
                <Route path=path!("/domains") view=move || on(k, DASH, || view! { <dashboard::DomainsPage/> }) ssr=SsrMode::Async/>
                <Route path=path!("/keys") view=move || on(k, DASH, || view! { <dashboard::ApiKeysPage/> }) ssr=SsrMode::Async/>
            </Routes>
        </Router>
    }
}

const STORE: &[SiteKind] = &[SiteKind::Storefront];
const ADMIN: &[SiteKind] = &[SiteKind::Admin];
const DASH: &[SiteKind] = &[SiteKind::Dashboard];

/// The page when the site is one of `sites`, else 404.
fn on<V: IntoView + 'static>(kind: SiteKind, sites: &[SiteKind], page: impl FnOnce() -> V) -> AnyView {
    if sites.contains(&kind) {
        page().into_any()
    } else {
        not_found(kind)
    }
}

/// 404 in the frame of the site.
fn not_found(kind: SiteKind) -> AnyView {
    match kind {
        SiteKind::Admin | SiteKind::Dashboard => {
            view! { <ConsoleLayout><NotFound/></ConsoleLayout> }.into_any()
        }
        _ => view! { <StoreLayout><NotFound/></StoreLayout> }.into_any(),
    }
}
