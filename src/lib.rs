//! Arcade: a multi-tenant storefront platform (Leptos SSR + hydration, axum, sqlx).

// Deeply nested views (the theme editor) need more than the default 128 to lay out.
#![recursion_limit = "256"]

pub mod api;
pub mod app;
pub mod components;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
pub mod text;

/// The browser entry point: read the site the server rendered for, then hydrate.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    use leptos::prelude::*;

    console_error_panic_hook::set_once();
    let site = app::site_from_document().unwrap_or_default();
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
    // Hydration needs the chunks of a lazy page it starts on (see `pages::lazy`); the
    // page's `<head>` has already asked for them beside the main module.
    let path = web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_default();
    let path = path.strip_prefix(site.base.as_str()).unwrap_or(&path).to_string();
    wasm_bindgen_futures::spawn_local(async move {
        pages::lazy::before_hydration(site.kind, &path).await;
        leptos::mount::hydrate_body(move || {
            provide_context(site);
            view! { <app::App/> }
        });
        // Browser tests wait for this; a failed hydration panics before it is set.
        if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = root.set_attribute("data-hydrated", "");
        }
    });
}
