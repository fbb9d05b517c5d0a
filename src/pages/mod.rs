//! Pages by site.

pub mod admin;
pub mod auth;
pub mod dashboard;
pub mod lazy;
pub mod platform;
pub mod storefront;

use leptos::prelude::*;

use crate::{components::PageTitle, model::SiteInfo};

/// Tells the server to answer with this status (no-op in the browser).
pub fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(res), Ok(status)) =
        (use_context::<leptos_axum::ResponseOptions>(), http::StatusCode::from_u16(code))
    {
        res.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

/// A page that does not exist on this site: 404, with a way back. Meant to sit
/// inside a layout's `<main>`.
#[component]
pub fn NotFound() -> impl IntoView {
    set_status(404);
    let site = expect_context::<SiteInfo>();
    let title = match &site.store {
        Some(store) => format!("Page not found | {}", store.name),
        None => "Page not found".to_string(),
    };
    view! {
        <PageTitle text=title/>
        <section class="not-found">
            <h1>"Page not found"</h1>
            <p>"We looked everywhere, but this page is not here."</p>
            <a class="button" href=site.href("/")>"Back to the home page"</a>
        </section>
    }
}
