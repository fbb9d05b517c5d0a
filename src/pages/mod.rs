//! Pages by site.

pub mod admin;
pub mod auth;
pub mod dashboard;
pub mod platform;
pub mod storefront;

use leptos::prelude::*;

use crate::{components::PageTitle, model::SiteInfo};

/// Percent-encodes a query value (`+` for spaces).
pub fn encode_query(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

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
