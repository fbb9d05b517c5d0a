//! Owner dashboard pages (`admin.P/store/{code}/…`).

mod domains;
mod gift_cards;
mod home;
mod keys;
mod locked;
mod order_detail;
mod orders;
mod product_edit;
mod products;
mod reviews;
mod settings;
mod theme;
mod theme_preview;

pub use domains::DomainsPage;
pub use gift_cards::GiftCardsPage;
pub use home::DashboardHome;
pub use keys::ApiKeysPage;
pub use locked::LockedModule;
pub use order_detail::OrderDetailPage;
pub use orders::OrdersPage;
pub use product_edit::ProductEditPage;
pub use products::ProductsPage;
pub use reviews::ReviewsPage;
pub use settings::SettingsPage;
pub use theme::ThemePage;

use leptos::prelude::*;

use crate::{
    components::frame::{self, absolute, confirm},
    error::ApiError,
    model::SiteInfo,
    text::encode,
};

/// The store code of the dashboard being shown.
fn store_code(site: &SiteInfo) -> String {
    site.store.as_ref().map(|s| s.code.clone()).unwrap_or_default()
}

/// The storefront's subdomain origin, e.g. `http://t0001.localhost:3000`.
fn storefront_origin(site: &SiteInfo) -> String {
    let origin = &site.platform_origin;
    let (scheme, host) = origin.split_once("://").unwrap_or(("http", origin));
    format!("{scheme}://{}.{host}", store_code(site))
}

/// Where the browser can load this store's upload (`/uploads/ab.png`) from the dashboard.
fn upload_src(site: &SiteInfo, url: &str) -> String {
    site.store_asset(&store_code(site), url)
}

/// True when the roles table lets the signed-in user do `action` here (README's "Who may
/// do what"); the page then offers it.
fn may(site: &SiteInfo, action: crate::model::Action) -> bool {
    site.me.as_ref().is_some_and(|me| me.may(action))
}

/// True when the signed-in user may manage domains and API keys of this store.
fn is_owner(site: &SiteInfo) -> bool {
    site.me.as_ref().is_some_and(|me| me.is_admin || me.role.as_deref() == Some("owner"))
}

/// A padlock drawn inline, so it shows without an emoji font.
#[component]
fn LockIcon() -> impl IntoView {
    view! {
        <svg class="lock" aria-hidden="true" viewBox="0 0 16 16" width="14" height="14">
            <path fill="currentColor" d="M4 7V5a4 4 0 1 1 8 0v2h1v8H3V7h1zm2 0h4V5a2 2 0 1 0-4 0v2z"/>
        </svg>
    }
}

/// Staff can use the dashboard but not what only the owner may change.
#[component]
fn OwnerOnly(what: &'static str) -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    view! {
        <section class="panel owner-only" role="note">
            <h2><LockIcon/>" "{format!("Only the store owner can manage {what}")}</h2>
            <p>
                "You are signed in as staff of this store. Ask the store owner to make this change, "
                "or to share what you need."
            </p>
            <a class="button secondary" href=site.href("/")>"Back to the overview"</a>
        </section>
    }
}

/// A failed load, explained without internals and with a way forward.
fn load_error(e: ApiError, what: &'static str) -> AnyView {
    let site = expect_context::<SiteInfo>();
    let login = format!("{}?next={}", site.admin_url("/login"), encode(&site.href("/")));
    frame::load_error(e, what, login, format!("Your account cannot see {what} of this store."))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PublicStore, SiteKind};

    fn site() -> SiteInfo {
        SiteInfo {
            kind: SiteKind::Dashboard,
            base: "/store/t0001".into(),
            store: Some(PublicStore {
                code: "t0001".into(),
                name: "Shop".into(),
                logo_url: None,
                favicon_url: None,
                theme: Default::default(),
                modules: vec![],
                canonical: String::new(),
                preview: false,
            }),
            platform_origin: "http://localhost:3000".into(),
            admin_origin: "http://admin.localhost:3000".into(),
            me: None,
            locked: None,
        }
    }

    #[test]
    fn sign_in_and_dashboards_are_on_the_console_origin() {
        assert_eq!(site().admin_url("/login"), "http://admin.localhost:3000/login");
        assert_eq!(site().dashboard_url("t0002"), "http://admin.localhost:3000/store/t0002/");
    }

    #[test]
    fn storefront_links_use_the_store_subdomain_and_path() {
        assert_eq!(storefront_origin(&site()), "http://t0001.localhost:3000");
        assert_eq!(
            upload_src(&site(), "/uploads/ab.png"),
            "http://localhost:3000/stores/t0001/uploads/ab.png"
        );
        let cdn = "https://cdn.example.com/logos/t0001.png";
        assert_eq!(upload_src(&site(), cdn), cdn, "an image on the image origin is used as it is");
    }
}
