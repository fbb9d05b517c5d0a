//! Admin console pages (`admin.P/…`).

mod audit;
mod fields;
mod home;
mod import;
mod mail;
mod my_stores;
mod new_store;
mod store;
mod store_cards;
mod store_parts;
mod stores;

pub use audit::AuditPage;
pub use home::AdminHome;
pub use import::ImportPage;
pub use mail::MailPage;
pub use my_stores::MyStoresPage;
pub use new_store::NewStorePage;
pub use store::StorePage;
pub use stores::StoresPage;

use leptos::prelude::*;

use crate::{
    components::frame::{self, absolute, confirm},
    error::ApiError,
    model::SiteInfo,
    text::encode,
};

/// `path` with the query parameters that are not empty.
fn with_query(path: &str, params: &[(&str, &str)]) -> String {
    let query: Vec<String> = params
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", encode(v.trim())))
        .collect();
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

/// The storefront of `code` on its subdomain, e.g. `http://t9.platform.test:3000/`.
fn storefront_url(site: &SiteInfo, code: &str) -> String {
    let origin = &site.platform_origin;
    let (scheme, host) = origin.split_once("://").unwrap_or(("http", origin));
    format!("{scheme}://{code}.{host}/")
}

/// A store status as a coloured badge.
#[component]
fn StatusBadge(#[prop(into)] status: Signal<String>) -> impl IntoView {
    view! {
        <span class=move || format!("badge {}", status.get())>
            {move || match status.get().as_str() {
                "active" => "Active".to_string(),
                "suspended" => "Suspended".to_string(),
                other => other.to_string(),
            }}
        </span>
    }
}

/// What to show when a page's data could not be loaded.
fn load_error(e: ApiError, what: &'static str) -> AnyView {
    let site = expect_context::<SiteInfo>();
    let login = format!("{}?next={}", site.admin_url("/login"), encode(&site.href("/")));
    frame::load_error(e, what, login, format!("Only platform administrators can see {what}."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_keeps_only_filled_values() {
        assert_eq!(with_query("/audit", &[("store", ""), ("action", " ")]), "/audit");
        assert_eq!(
            with_query("/audit", &[("store", "t1"), ("action", "store.create")]),
            "/audit?store=t1&action=store.create"
        );
        assert_eq!(with_query("/stores", &[("q", "a&b")]), "/stores?q=a%26b");
    }

    #[test]
    fn storefront_is_the_code_under_the_platform_host() {
        let site = SiteInfo { platform_origin: "http://platform.test:3000".into(), ..Default::default() };
        assert_eq!(storefront_url(&site, "t9"), "http://t9.platform.test:3000/");
    }
}
