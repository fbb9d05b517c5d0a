//! Every route the app serves, declared once with what owns it: a module of the catalog,
//! or the platform itself. The module gate (`server::modules::gate`) refuses a module's
//! routes on a store that lacks the module, and refuses any route missing from here; the
//! app's router reads the same table for the pages it shows in the browser. A test lists
//! every route the server registers and fails on one that is not declared.
//!
//! A storefront route also says here whether its answer is the same for every visitor
//! ([`Shared`]): the page cache keeps only those, robots.txt lets crawlers into only those,
//! and everything else is private by construction.
//!
//! Paths are written as axum matches them (`{param}`), below a site's base (path-mode
//! prefixes and `/store/{code}` are gone by then). Server functions are named by their type,
//! so their paths are the ones Leptos registers.

use leptos::server_fn::ServerFn;

use crate::{
    api::{
        admin, auth, cart, checkout, dashboard, platform, reviews, shopper, storefront, theme, wallet,
        wishlist,
    },
    model::Module,
};

/// What owns a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    /// Served only to a store that has the module (a core module: every store).
    Module(Module),
    /// The platform's own: sign-in, the console, a dashboard's settings, files, operations.
    Platform,
}

impl Owner {
    /// The module a store must have for this route, if any (core modules need none).
    pub fn gated_module(self) -> Option<Module> {
        match self {
            Owner::Module(m) if !m.is_core() => Some(m),
            _ => None,
        }
    }
}

/// What answers a route, and so how a refusal looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A page: the app's routes, and the catalog pages the server renders itself.
    Page,
    /// A server function: JSON.
    ServerFn,
    /// Any other route: JSON under `/api/`, files, feeds, operations.
    Http,
}

/// How a storefront route is shared with every visitor; a route that declares none is
/// private (`Cache-Control: private, no-store`, never cached, kept from crawlers).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shared {
    /// A page for everyone and for crawlers, kept in the page cache; `reads` are the query
    /// parameters it reads (the cache key holds those alone, in this order).
    Page { reads: &'static [&'static str] },
    /// An answer for everyone (JSON, not for crawlers), kept in the page cache.
    Data { reads: &'static [&'static str] },
    /// Files served with caching headers of their own; the page cache does not copy them.
    Files,
}

/// One declared route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Route {
    pub kind: Kind,
    pub path: &'static str,
    pub owner: Owner,
    /// On a storefront: how its answer is shared; `None` is private.
    pub shared: Option<Shared>,
}

impl Route {
    /// The same route, its answer a page for everyone that reads the query parameters `reads`.
    const fn shared_page(self, reads: &'static [&'static str]) -> Self {
        Self { shared: Some(Shared::Page { reads }), ..self }
    }

    /// The same route, its answer data for everyone that reads the query parameters `reads`.
    const fn shared_data(self, reads: &'static [&'static str]) -> Self {
        Self { shared: Some(Shared::Data { reads }), ..self }
    }

    /// The same route, serving files for everyone.
    const fn shared_files(self) -> Self {
        Self { shared: Some(Shared::Files), ..self }
    }
}

const fn page(path: &'static str, owner: Owner) -> Route {
    Route { kind: Kind::Page, path, owner, shared: None }
}

const fn call<F: ServerFn>(owner: Owner) -> Route {
    Route { kind: Kind::ServerFn, path: F::PATH, owner, shared: None }
}

const fn http(path: &'static str, owner: Owner) -> Route {
    Route { kind: Kind::Http, path, owner, shared: None }
}

const PLATFORM: Owner = Owner::Platform;
const CATALOG: Owner = Owner::Module(Module::Catalog);
const CART: Owner = Owner::Module(Module::Cart);
const ORDERS: Owner = Owner::Module(Module::Orders);
const REVIEWS: Owner = Owner::Module(Module::Reviews);
const WISHLIST: Owner = Owner::Module(Module::Wishlist);
const WALLET: Owner = Owner::Module(Module::Wallet);

/// The declaration, by owner.
pub const ROUTES: &[Route] = &[
    // Reviews: shown on product pages, moderated in the dashboard.
    page("/reviews", REVIEWS),
    call::<reviews::LoadReviews>(REVIEWS),
    call::<reviews::MyReviewStanding>(REVIEWS),
    call::<reviews::PostReview>(REVIEWS),
    call::<reviews::OwnerReviews>(REVIEWS),
    call::<reviews::SetReviewHidden>(REVIEWS),
    // Wishlist: a signed-in shopper's saved products.
    page("/shop/wishlist", WISHLIST),
    call::<wishlist::Wishlist>(WISHLIST),
    call::<wishlist::SaveToWishlist>(WISHLIST),
    call::<wishlist::RemoveFromWishlist>(WISHLIST),
    // Wallet: gift cards, issued in the dashboard and kept in a shopper's wallet.
    page("/gift-cards", WALLET),
    call::<wallet::MyWallet>(WALLET),
    call::<wallet::AddGiftCard>(WALLET),
    call::<wallet::GiftCards>(WALLET),
    call::<wallet::IssueGiftCard>(WALLET),
    http("/api/wallet/balance", WALLET),
    // Catalog (core): the storefront's home, list and product pages, and product management.
    page("/shop/products", CATALOG).shared_page(&["q", "sort", "page"]),
    page("/shop/products/{id}", CATALOG).shared_page(&[]),
    page("/products", CATALOG),
    page("/products/new", CATALOG),
    page("/products/{id}", CATALOG),
    call::<storefront::ListProducts>(CATALOG),
    call::<storefront::GetProduct>(CATALOG),
    call::<dashboard::OwnerProducts>(CATALOG),
    call::<dashboard::LoadProduct>(CATALOG),
    call::<dashboard::SaveProduct>(CATALOG),
    call::<dashboard::DeleteProduct>(CATALOG),
    http("/api/v1/products", CATALOG).shared_data(&["q", "sort", "page", "per_page"]),
    http("/api/v1/products/{id}", CATALOG),
    http("/uploads/product/{id}", CATALOG),
    http("/sitemap.xml", CATALOG).shared_page(&["page"]),
    // Cart (core): cart and checkout.
    page("/shop/cart", CART),
    page("/shop/checkout", CART),
    call::<cart::CartCount>(CART),
    call::<cart::GetCart>(CART),
    call::<cart::AddToCart>(CART),
    call::<cart::SetCartQuantity>(CART),
    call::<checkout::StartCheckout>(CART),
    call::<checkout::PlaceOrder>(CART),
    // Orders (core): a shopper's order page, the dashboard's orders and their export.
    page("/shop/orders/{token}", ORDERS),
    page("/orders", ORDERS),
    page("/orders/{number}", ORDERS),
    call::<checkout::OrderByToken>(ORDERS),
    call::<dashboard::orders::ListOrders>(ORDERS),
    call::<dashboard::orders::OwnerOrder>(ORDERS),
    call::<dashboard::orders::SetOrderStatus>(ORDERS),
    http("/orders.csv", ORDERS),
    // The platform: every site's home, accounts, the console, a dashboard's settings.
    page("/", PLATFORM).shared_page(&[]),
    page("/shop/account", PLATFORM),
    page("/login", PLATFORM),
    page("/set-password", PLATFORM),
    page("/forgot-password", PLATFORM),
    page("/stores", PLATFORM),
    page("/stores/new", PLATFORM),
    page("/stores/import", PLATFORM),
    page("/stores/{code}", PLATFORM),
    page("/audit", PLATFORM),
    page("/mail", PLATFORM),
    page("/settings", PLATFORM),
    page("/theme", PLATFORM),
    page("/domains", PLATFORM),
    page("/keys", PLATFORM),
    call::<platform::FeaturedStores>(PLATFORM),
    call::<shopper::ShopperSignUp>(PLATFORM),
    call::<shopper::ShopperConfirm>(PLATFORM),
    call::<shopper::ShopperForgotPassword>(PLATFORM),
    call::<shopper::ShopperResetPassword>(PLATFORM),
    call::<shopper::ShopperSignIn>(PLATFORM),
    call::<shopper::ShopperSignOut>(PLATFORM),
    call::<shopper::MyAccount>(PLATFORM),
    call::<auth::Login>(PLATFORM),
    call::<auth::Logout>(PLATFORM),
    call::<auth::ForgotPassword>(PLATFORM),
    call::<auth::SetPassword>(PLATFORM),
    call::<auth::MyStores>(PLATFORM),
    call::<admin::AdminStats>(PLATFORM),
    call::<admin::ModuleCatalog>(PLATFORM),
    call::<admin::ListStores>(PLATFORM),
    call::<admin::CheckCode>(PLATFORM),
    call::<admin::CreateStore>(PLATFORM),
    call::<admin::LoadStore>(PLATFORM),
    call::<admin::UpdateStore>(PLATFORM),
    call::<admin::SetStoreStatus>(PLATFORM),
    call::<admin::DeleteStore>(PLATFORM),
    call::<admin::SetStoreModule>(PLATFORM),
    call::<admin::ReadImportFile>(PLATFORM),
    call::<admin::ImportStores>(PLATFORM),
    call::<admin::AuditLog>(PLATFORM),
    call::<admin::MailOutbox>(PLATFORM),
    call::<dashboard::StoreOverview>(PLATFORM),
    call::<dashboard::StoreDomains>(PLATFORM),
    call::<dashboard::AddDomain>(PLATFORM),
    call::<dashboard::VerifyDomain>(PLATFORM),
    call::<dashboard::MakePrimary>(PLATFORM),
    call::<dashboard::RemoveDomain>(PLATFORM),
    call::<dashboard::ApiKeys>(PLATFORM),
    call::<dashboard::CreateApiKey>(PLATFORM),
    call::<dashboard::RevokeApiKey>(PLATFORM),
    call::<dashboard::settings::LoadStoreSettings>(PLATFORM),
    call::<dashboard::settings::RenameStore>(PLATFORM),
    call::<dashboard::settings::InviteStaff>(PLATFORM),
    call::<dashboard::settings::RemoveStaff>(PLATFORM),
    call::<theme::LoadThemeEditor>(PLATFORM),
    call::<theme::SaveThemeDraft>(PLATFORM),
    call::<theme::PublishTheme>(PLATFORM),
    call::<theme::RevertTheme>(PLATFORM),
    call::<theme::DiscardThemeDraft>(PLATFORM),
    call::<theme::ThemePreviewLink>(PLATFORM),
    http("/api/tenants/by-subdomain/{sub}/config", PLATFORM),
    http("/events/theme", PLATFORM),
    http("/pkg/{file}", PLATFORM).shared_files(),
    http("/uploads/{file}", PLATFORM).shared_files(),
    http("/uploads/{image}/{code}", PLATFORM),
    http("/robots.txt", PLATFORM).shared_page(&[]),
    http("/health", PLATFORM),
    http("/ready", PLATFORM),
    http("/internal/tls/ask", PLATFORM),
];

/// The page whose pattern a concrete `path` (below the site's base) matches: for requests
/// no route matched (the catalog pages) and for the browser, which has no matched pattern.
pub fn page_at(path: &str) -> Option<&'static Route> {
    ROUTES.iter().filter(|r| r.kind == Kind::Page).find(|r| matches(r.path, path))
}

/// The module a page needs that this store (`has`) lacks, if any.
pub fn locked_page(path: &str, has: impl Fn(Module) -> bool) -> Option<Module> {
    page_at(path).and_then(|r| r.owner.gated_module()).filter(|m| !has(*m))
}

/// Whether `path` is an instance of `pattern`: static segments equal, each `{param}` one
/// segment that is not empty.
pub fn matches(pattern: &str, path: &str) -> bool {
    let (mut want, mut got) = (pattern.split('/'), path.split('/'));
    loop {
        match (want.next(), got.next()) {
            (None, None) => return true,
            (Some(w), Some(g)) if w.starts_with('{') && w.ends_with('}') && !g.is_empty() => {}
            (Some(w), Some(g)) if w == g => {}
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_path_is_declared_once() {
        let mut paths: Vec<_> = ROUTES.iter().map(|r| r.path).collect();
        paths.sort_unstable();
        let before = paths.len();
        paths.dedup();
        assert_eq!(paths.len(), before, "a path declared twice");
    }

    #[test]
    fn concrete_paths_find_their_page() {
        assert_eq!(page_at("/shop/products/12").map(|r| r.path), Some("/shop/products/{id}"));
        assert_eq!(page_at("/shop/wishlist").map(|r| r.owner), Some(WISHLIST));
        assert_eq!(page_at("/").map(|r| r.path), Some("/"));
        for path in ["/shop/products/", "/shop/products/1/x", "/shop/wishlist/x", "/nowhere", ""] {
            assert_eq!(page_at(path), None, "{path:?}");
        }
        assert_eq!(page_at("/api/wallet/balance"), None, "not a page");
    }

    #[test]
    fn a_module_page_is_locked_only_where_the_store_lacks_the_module() {
        assert_eq!(locked_page("/gift-cards", |_| false), Some(Module::Wallet));
        assert_eq!(locked_page("/gift-cards", |m| m == Module::Wallet), None);
        assert_eq!(locked_page("/shop/cart", |_| false), None, "core modules are never locked");
        assert_eq!(locked_page("/settings", |_| false), None);
    }
}
