//! The HTML shell and the root component with its routes.

use leptos::{
    either::{Either, EitherOf3},
    prelude::*,
};
use leptos_meta::{provide_meta_context, MetaTags};
use leptos_router::{
    components::{Route, Router, Routes},
    path, Lazy, LazyRoute, SsrMode,
};

use crate::{
    components::{ConsoleLayout, StoreLayout},
    model::{Module, SiteInfo, SiteKind},
    pages::{auth, lazy, platform::PlatformHome, NotFound},
    SITE_SCRIPT_ID,
};

#[cfg(feature = "ssr")]
pub mod hydration;

/// The document around `<App/>`; the store's theme goes in `<head>` so the first
/// paint is already themed.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    page_shell(options, || view! { <App/> })
}

/// The document of every page: `body` in the head and frame of the request's site. The body
/// is made after the head, whose hydration tags provide what the page reads (the files the
/// cart link prefetches).
pub fn page_shell<V: IntoView>(options: LeptosOptions, body: impl FnOnce() -> V) -> impl IntoView {
    let site = use_context::<SiteInfo>().unwrap_or_default();
    let theme_css =
        use_context::<ThemeCss>().map(|c| c.0).unwrap_or_else(|| theme_style(site.store.as_ref()));
    let site_json = serde_json::to_string(&site).unwrap_or_default().replace('<', "\\u003c");
    #[cfg(feature = "ssr")]
    let stylesheet = hydration::stylesheet_href(&options);
    #[cfg(not(feature = "ssr"))]
    let stylesheet = "/pkg/arcade.css";
    #[cfg(feature = "ssr")]
    let islands = use_context::<http::request::Parts>()
        .is_some_and(|parts| lazy::hydrates_islands(site.kind, site.path_in_site(parts.uri.path())));
    #[cfg(feature = "ssr")]
    let scripts = view! { <hydration::Hydration options islands/> };
    #[cfg(not(feature = "ssr"))]
    let scripts = view! { <HydrationScripts options/> };
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <style id="arcade-theme">{theme_css}</style>
                <script id=SITE_SCRIPT_ID type="application/json" inner_html=site_json></script>
                <link id="leptos" rel="stylesheet" href=stylesheet/>
                {scripts}
                <MetaTags/>
            </head>
            <body>
                {body()}
            </body>
        </html>
    }
}

/// The content of the theme's `<style>` in `<head>`, `Theme::css_vars`, as the server made
/// it once for the store's record. The server's content security policy allows exactly this
/// text by its hash, so the shell must write nothing else there.
#[derive(Clone, Debug)]
pub struct ThemeCss(pub std::sync::Arc<str>);

/// The theme's CSS when the server gave none (a render outside a store's request).
fn theme_style(store: Option<&crate::model::PublicStore>) -> std::sync::Arc<str> {
    store.map_or_else(|| "".into(), |s| s.theme.css_vars().into())
}

/// Hydrates a whole page (every page but the storefront's catalog, which hydrates as
/// islands): loads the chunks of the page's lazy routes, then hydrates the body. A split
/// point: the app, its router and every page it can show are a chunk of their own, so the
/// catalog's first visit downloads only its islands.
#[cfg(feature = "hydrate")]
#[leptos::prelude::lazy]
pub async fn hydrate_whole(site: SiteInfo, path: String) {
    lazy::before_hydration(site.kind, &path).await;
    if site.kind == SiteKind::Storefront {
        leave_for_the_catalog(site.clone());
    }
    leptos::mount::hydrate_body(move || {
        provide_context(site);
        view! { <App/> }
    });
    // Browser tests wait for this; a failed hydration panics before it is set.
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-hydrated", "");
    }
}

/// A link from a whole page of the storefront (the cart, checkout, …) to its catalog loads
/// the catalog's page anew, as islands, instead of the router showing it in this app: the
/// two kinds of page are hydrated differently. Set before the router's own click handler,
/// which it then keeps from the click; the browser follows the link as usual.
#[cfg(feature = "hydrate")]
fn leave_for_the_catalog(site: SiteInfo) {
    use wasm_bindgen::JsCast;

    let handle = window_event_listener(leptos::ev::click, move |ev| {
        let Some(link) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten())
            .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        else {
            return;
        };
        let same_origin = window().location().origin().is_ok_and(|o| o == link.origin());
        if same_origin && lazy::hydrates_islands(SiteKind::Storefront, site.path_in_site(&link.pathname())) {
            ev.stop_immediate_propagation();
        }
    });
    // For as long as the page lives, as the router's own.
    std::mem::forget(handle);
}

/// The root component. One route table for every site: a path shows the page of the
/// request's site, or 404 where that site has no such page. The storefront's catalog is
/// not here: see [`crate::pages::storefront::Catalog`]. Path mode and dashboards set
/// the base; routes stay un-prefixed. Console and dashboard pages are lazy
/// routes (see [`lazy`]): a storefront's bundle does not carry them.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // `generate_route_list` renders without a request: fall back to an empty site.
    let site = use_context::<SiteInfo>().unwrap_or_default();
    if site.kind == SiteKind::Storefront {
        crate::components::provide_shop_context(site.clone());
    } else {
        provide_context(site.clone());
    }
    let base = site.base.clone();
    let k = site.kind;
    // The module gate refused this page on the server: it is the refusal, with no router.
    if let Some(module) = site.locked {
        return Either::Left(refused(k, module));
    }
    // Pages the browser shows without asking the server: a module's page on a store that
    // lacks the module is its refusal, from the declaration the gate reads.
    let locked = |path: &str| crate::routes::locked_page(path, |m| site.offers(m));
    let wishlist = locked("/shop/wishlist");
    let gift_cards = locked("/gift-cards");
    let reviews = locked("/reviews");
    Either::Right(view! {
        <Router base=base>
            <Routes fallback=move || not_found(k)>
                <Route path=path!("/") view={home(k)} ssr=SsrMode::Async/>
                <Route path=path!("/shop/account") view={lazy_on::<lazy::Account>(k, STORE)} ssr=SsrMode::Async/>
                <Route path=path!("/shop/wishlist") view={module_page::<lazy::Wishlist>(k, STORE, wishlist)} ssr=SsrMode::Async/>
                <Route path=path!("/shop/cart") view={lazy_on::<lazy::Cart>(k, STORE)} ssr=SsrMode::Async/>
                <Route path=path!("/shop/checkout") view={lazy_on::<lazy::Checkout>(k, STORE)} ssr=SsrMode::Async/>
                <Route path=path!("/shop/orders/:token") view={lazy_on::<lazy::Order>(k, STORE)} ssr=SsrMode::Async/>
                <Route path=path!("/login") view=move || on(k, ADMIN, || view! { <auth::LoginPage/> }) ssr=SsrMode::Async/>
                <Route path=path!("/set-password") view=move || on(k, ADMIN, || view! { <auth::SetPasswordPage/> }) ssr=SsrMode::Async/>
                <Route path=path!("/forgot-password") view=move || on(k, ADMIN, || view! { <auth::ForgotPasswordPage/> }) ssr=SsrMode::Async/>
                <Route path=path!("/stores") view={lazy_on::<lazy::Stores>(k, ADMIN)} ssr=SsrMode::Async/>
                <Route path=path!("/stores/new") view={lazy_on::<lazy::NewStore>(k, ADMIN)} ssr=SsrMode::Async/>
                <Route path=path!("/stores/import") view={lazy_on::<lazy::ImportStores>(k, ADMIN)} ssr=SsrMode::Async/>
                <Route path=path!("/stores/:code") view={lazy_on::<lazy::Store>(k, ADMIN)} ssr=SsrMode::Async/>
                <Route path=path!("/audit") view={lazy_on::<lazy::Audit>(k, ADMIN)} ssr=SsrMode::Async/>
                <Route path=path!("/mail") view={lazy_on::<lazy::Mail>(k, ADMIN)} ssr=SsrMode::Async/>
                <Route path=path!("/products") view={lazy_on::<lazy::Products>(k, DASH)} ssr=SsrMode::Async/>
                <Route path=path!("/products/new") view={lazy_on::<lazy::ProductEdit>(k, DASH)} ssr=SsrMode::Async/>
                <Route path=path!("/products/:id") view={lazy_on::<lazy::ProductEdit>(k, DASH)} ssr=SsrMode::Async/>
                <Route path=path!("/orders") view={lazy_on::<lazy::Orders>(k, DASH)} ssr=SsrMode::Async/>
                <Route path=path!("/orders/:number") view={lazy_on::<lazy::OrderDetail>(k, DASH)} ssr=SsrMode::Async/>
                <Route path=path!("/gift-cards") view={module_page::<lazy::GiftCards>(k, DASH, gift_cards)} ssr=SsrMode::Async/>
                <Route path=path!("/reviews") view={module_page::<lazy::Reviews>(k, DASH, reviews)} ssr=SsrMode::Async/>
                <Route path=path!("/settings") view={lazy_on::<lazy::Settings>(k, DASH)} ssr=SsrMode::Async/>
                <Route path=path!("/theme") view={lazy_on::<lazy::Theme>(k, DASH)} ssr=SsrMode::Async/>
                <Route path=path!("/domains") view={lazy_on::<lazy::Domains>(k, DASH)} ssr=SsrMode::Async/>
                <Route path=path!("/keys") view={lazy_on::<lazy::ApiKeys>(k, DASH)} ssr=SsrMode::Async/>
            </Routes>
        </Router>
    })
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

/// The home page of each site; the console's and dashboards' are lazy. A storefront's is
/// a catalog page, which the server renders without the router (`server::catalog`) and a
/// link from a whole page loads anew (see `leave_for_the_catalog`): never shown here.
fn home(kind: SiteKind) -> impl leptos_router::ChooseView {
    match kind {
        SiteKind::Storefront => EitherOf3::A(move || not_found(kind)),
        SiteKind::Platform => EitherOf3::B(|| view! { <PlatformHome/> }),
        SiteKind::Admin => EitherOf3::C(Either::Left(Lazy::<lazy::AdminHome>::new())),
        SiteKind::Dashboard => EitherOf3::C(Either::Right(Lazy::<lazy::DashboardHome>::new())),
    }
}

/// The lazy page `T` when the site is one of `sites`, else 404 (in the main bundle).
fn lazy_on<T: LazyRoute + Sync>(
    kind: SiteKind,
    sites: &[SiteKind],
) -> Either<impl Fn() -> AnyView + Send + Clone + 'static, Lazy<T>> {
    if sites.contains(&kind) {
        Either::Right(Lazy::new())
    } else {
        Either::Left(move || not_found(kind))
    }
}

/// The lazy page `T` of a module when the site is one of `sites`; its refusal where the
/// store lacks the module (`locked`), 404 on other sites.
fn module_page<T: LazyRoute + Sync>(
    kind: SiteKind,
    sites: &[SiteKind],
    locked: Option<Module>,
) -> Either<impl Fn() -> AnyView + Send + Clone + 'static, Lazy<T>> {
    let on_site = sites.contains(&kind);
    if on_site && locked.is_none() {
        return Either::Right(Lazy::new());
    }
    Either::Left(move || match locked {
        Some(module) if on_site => refused(kind, module),
        _ => not_found(kind),
    })
}

/// A page of `module` on a store that lacks it: the storefront has no such page (404); the
/// owner's dashboard shows the module's locked card (403).
fn refused(kind: SiteKind, module: Module) -> AnyView {
    match kind {
        SiteKind::Dashboard => {
            view! { <ConsoleLayout><crate::pages::dashboard::LockedModule module/></ConsoleLayout> }
                .into_any()
        }
        _ => not_found(kind),
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
