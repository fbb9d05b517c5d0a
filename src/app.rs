//! The HTML shell and the root component with its routes.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

use crate::{
    components::StoreLayout,
    model::{SiteInfo, SiteKind},
    pages::{platform::PlatformHome, storefront, NotFound},
};

/// The id of the `<script>` that carries [`SiteInfo`] to the browser.
pub const SITE_SCRIPT_ID: &str = "arcade-site";

/// The document around `<App/>`; the store's theme goes in `<head>` so the first
/// paint is already themed.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let site = use_context::<SiteInfo>().unwrap_or_default();
    let theme_css = site.store.as_ref().map(|s| s.theme.css_vars()).unwrap_or_default();
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

/// Reads the [`SiteInfo`] the server wrote into the page.
#[cfg(feature = "hydrate")]
pub fn site_from_document() -> Option<SiteInfo> {
    let text = web_sys::window()?.document()?.get_element_by_id(SITE_SCRIPT_ID)?.text_content()?;
    serde_json::from_str(&text).ok()
}

/// The root component. Routes are the same in every mode; path mode sets the base.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // `generate_route_list` renders without a request: fall back to an empty site.
    let site = use_context::<SiteInfo>().unwrap_or_default();
    provide_context(site.clone());
    let base = site.base.clone();
    let storefront = site.kind == SiteKind::Storefront;
    view! {
        <Stylesheet id="leptos" href="/pkg/arcade.css"/>
        <Router base=base>
            <Routes fallback=|| view! { <StoreLayout><NotFound/></StoreLayout> }>
                <Route
                    path=path!("/")
                    view=move || {
                        if storefront {
                            view! { <storefront::Home/> }.into_any()
                        } else {
                            view! { <PlatformHome/> }.into_any()
                        }
                    }
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/shop/products")
                    view=move || store_only(storefront, || view! { <storefront::ProductList/> })
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/shop/products/:id")
                    view=move || store_only(storefront, || view! { <storefront::ProductDetail/> })
                    ssr=SsrMode::Async
                />
            </Routes>
        </Router>
    }
}

/// A storefront page, or 404 on sites that are not storefronts.
fn store_only<V: IntoView + 'static>(storefront: bool, page: impl FnOnce() -> V) -> AnyView {
    if storefront {
        page().into_any()
    } else {
        view! { <StoreLayout><NotFound/></StoreLayout> }.into_any()
    }
}
