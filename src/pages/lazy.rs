//! Pages as split points of the browser bundle: the console's, the dashboards', and the
//! storefront's pages past the catalog (cart, checkout, account, wishlist, order). Each
//! is a lazy route: its code (the page, and the components and server-function calls
//! only it uses) is cut from the main WebAssembly module into chunks the browser fetches
//! when the page is shown, so a shopper's first visit downloads the catalog alone. The
//! server renders them as any other page and names the chunks a page needs in its
//! `<head>` (`<link rel=preload>`), so a first load fetches them beside the main module.
//!
//! Hydration is synchronous (the async form would double every view's hydration code in
//! the main module), so it needs the chunks of the page it starts on already loaded:
//! [`before_hydration`] loads them first.
//!
//! Every build of the browser bundle must split (`cargo leptos build --split`): a lazy
//! page's stub imports its chunk through the loader only the splitter writes.

#[cfg(not(feature = "shop"))]
use leptos::prelude::*;
#[cfg(not(feature = "shop"))]
use leptos_router::{lazy_route, LazyRoute};

#[cfg(not(feature = "shop"))]
use super::{admin, dashboard, storefront};
use crate::model::SiteKind;

/// The sites whose pages are lazy, each with its pages: what [`before_hydration`] loads.
/// None of this is in the shop bundle (feature `shop`), which has no pages to load.
#[cfg(not(feature = "shop"))]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Clone, Copy)]
enum Group {
    Admin,
    Dashboard,
    /// The storefront's pages past the catalog.
    Shop,
}

/// A lazy route per page, `Route => module::Page`, in its [`Group`]; and `load`, which
/// loads the chunks of every page of a group.
#[cfg(not(feature = "shop"))]
macro_rules! lazy_pages {
    ($($group:ident: [$($route:ident => $module:ident :: $page:ident),* $(,)?]),* $(,)?) => {
        $($(
            #[doc = concat!("[`", stringify!($module), "::", stringify!($page), "`], loaded when shown.")]
            pub struct $route;

            #[lazy_route]
            impl LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                fn view(this: Self) -> AnyView {
                    let _ = this;
                    view! { <$module::$page/> }.into_any()
                }
            }
        )*)*

        #[cfg(feature = "hydrate")]
        async fn load(group: Group) {
            match group {
                $(Group::$group => {
                    futures::join!($(<$route as LazyRoute>::preload()),*);
                })*
            }
        }
    };
}

#[cfg(not(feature = "shop"))]
lazy_pages! {
    Admin: [
        AdminHome => admin::AdminHome,
        Stores => admin::StoresPage,
        NewStore => admin::NewStorePage,
        ImportStores => admin::ImportPage,
        Store => admin::StorePage,
        Audit => admin::AuditPage,
        Mail => admin::MailPage,
    ],
    Dashboard: [
        DashboardHome => dashboard::DashboardHome,
        Products => dashboard::ProductsPage,
        ProductEdit => dashboard::ProductEditPage,
        Orders => dashboard::OrdersPage,
        OrderDetail => dashboard::OrderDetailPage,
        GiftCards => dashboard::GiftCardsPage,
        Reviews => dashboard::ReviewsPage,
        Settings => dashboard::SettingsPage,
        Theme => dashboard::ThemePage,
        Domains => dashboard::DomainsPage,
        ApiKeys => dashboard::ApiKeysPage,
    ],
    Shop: [
        Cart => storefront::CartPage,
        Checkout => storefront::CheckoutPage,
        Account => storefront::AccountPage,
        Wishlist => storefront::WishlistPage,
        Order => storefront::OrderPage,
    ],
}

/// Starts loading the storefront's lazy pages, once per page load, when a shopper shows
/// they may go there (a pointer over or focus on the cart link): the cart then opens
/// without waiting for its chunk. A first visit that never shows that intent downloads none.
pub fn prefetch_shop() {
    #[cfg(all(feature = "hydrate", not(feature = "shop")))]
    {
        use std::sync::atomic::{AtomicBool, Ordering};
        static STARTED: AtomicBool = AtomicBool::new(false);
        if !STARTED.swap(true, Ordering::Relaxed) {
            leptos::task::spawn_local(load(Group::Shop));
        }
    }
}

/// Whether a storefront `path` (below the store's base) shows a page of the main module:
/// the home page, the product list or a product (or their 404). Every lazy storefront
/// page lives elsewhere (`/shop/cart`, `/shop/checkout`, …).
pub fn is_catalog(path: &str) -> bool {
    let path = path.trim_end_matches('/');
    path.is_empty() || path == "/shop/products" || path.starts_with("/shop/products/")
}

/// Whether a page of a `kind` site at `path` (below the site's base) hydrates as islands:
/// the storefront's catalog. Its HTML is the server's but for a few islands (the cart
/// link, add to cart, saving to the wishlist, reviews, the sort), so a shopper's first
/// visit loads only their code; the whole app, with the router, is a chunk of its own
/// that only the other pages load. The server and the browser decide by this one rule.
pub fn hydrates_islands(kind: SiteKind, path: &str) -> bool {
    kind == SiteKind::Storefront && is_catalog(path)
}

#[cfg(all(feature = "hydrate", not(feature = "shop")))]
/// Loads the chunks that hydrating `path` of a `kind` site may need: none for the
/// catalog, else every lazy page of that site (those of a console or dashboard visit are
/// what its pages are made of; a shopper past the catalog gets the five shop pages).
pub async fn before_hydration(kind: SiteKind, path: &str) {
    match kind {
        SiteKind::Admin => load(Group::Admin).await,
        SiteKind::Dashboard => load(Group::Dashboard).await,
        SiteKind::Storefront if !is_catalog(path) => load(Group::Shop).await,
        SiteKind::Storefront | SiteKind::Platform => {}
    }
}

#[cfg(test)]
mod tests {
    use super::{hydrates_islands, is_catalog};
    use crate::model::SiteKind;

    #[test]
    fn only_the_catalog_hydrates_without_the_shop_chunks() {
        for path in ["", "/", "/shop/products", "/shop/products/", "/shop/products/12"] {
            assert!(is_catalog(path), "{path:?}");
            assert!(hydrates_islands(SiteKind::Storefront, path), "{path:?}");
            for other in [SiteKind::Admin, SiteKind::Dashboard, SiteKind::Platform] {
                assert!(!hydrates_islands(other, path), "{other:?} {path:?}");
            }
        }
        for path in
            ["/shop/cart", "/shop/checkout", "/shop/account", "/shop/wishlist", "/shop/orders/ab12", "/x"]
        {
            assert!(!is_catalog(path), "{path:?}");
            assert!(!hydrates_islands(SiteKind::Storefront, path), "{path:?}");
        }
    }
}
