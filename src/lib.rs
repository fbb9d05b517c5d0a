//! Arcade: a multi-tenant storefront platform (Leptos SSR + hydration, axum, sqlx).

// Safe Rust only: SQLite is reached through rusqlite and sqlx, the browser through
// wasm-bindgen and web-sys.
#![forbid(unsafe_code)]
// Deeply nested views (the theme editor) need more than the default 128 to lay out.
#![recursion_limit = "256"]

pub mod api;
pub mod error;
// The shop bundle (feature `shop`) hydrates islands only: without the app, its router and
// its pages, which only the whole-page bundle carries.
#[cfg(not(feature = "shop"))]
pub mod app;
pub mod components;
pub mod model;
pub mod pages;
#[cfg(not(feature = "shop"))]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod server;
pub mod text;

/// The browser entry point: read the site the server rendered for, then hydrate the page
/// as the server rendered it: the storefront's catalog as islands, any other page whole.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    let site = site_from_document().unwrap_or_default();
    if !site.base.is_empty() {
        // Server functions of a path-mode store go through its prefix, so the tenancy
        // layer resolves them like every other request. Set once per page load.
        let base: &'static str = Box::leak(site.base.clone().into_boxed_str());
        leptos::server_fn::client::set_server_url(base);
    }
    // Server functions redirect only between sites (sign-in to a dashboard, sign-out to
    // the sign-in page), which are different apps to the router: load the page anew.
    // The first hook set wins, so this one is set before the router's.
    let _ = leptos::server_fn::redirect::set_redirect_hook(|loc: &str| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().set_href(loc);
        }
    });
    let path = web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_default();
    let path = site.path_in_site(&path).to_string();
    // The cart link loads the shop's lazy pages on a shopper's intent: only this bundle
    // has them (the shop bundle hydrates islands alone).
    #[cfg(not(feature = "shop"))]
    components::on_shop_intent(pages::lazy::prefetch_shop);
    if pages::lazy::hydrates_islands(site.kind, &path) {
        // The islands page's script hydrates each island after this returns; they share
        // what is provided here, on the root they are made under.
        leptos::mount::hydrate_islands();
        components::provide_shop_context(site);
    } else {
        #[cfg(not(feature = "shop"))]
        wasm_bindgen_futures::spawn_local(app::hydrate_whole(site, path));
    }
}

/// The id of the `<script>` that carries [`model::SiteInfo`] to the browser.
pub const SITE_SCRIPT_ID: &str = "arcade-site";

/// Reads the [`model::SiteInfo`] the server wrote into the page.
#[cfg(feature = "hydrate")]
fn site_from_document() -> Option<model::SiteInfo> {
    let text = web_sys::window()?.document()?.get_element_by_id(SITE_SCRIPT_ID)?.text_content()?;
    serde_json::from_str(&text).ok()
}
