//! The cart link in the storefront header. Pages are the same for every shopper (so the
//! page cache can serve them), and the count is filled in once the page is live.

use leptos::prelude::*;

use crate::{api::cart::cart_count, model::SiteInfo};

/// What a storefront page's interactive parts share: the site, the cart count, and the
/// store's live theme (not on a preview, which shows a draft the published theme must not
/// replace). Under the app on a whole page; on an islands page, under the root every
/// island is made under.
pub fn provide_shop_context(site: SiteInfo) {
    let events = (!site.store.as_ref().is_some_and(|s| s.preview)).then(|| site.href("/events/theme"));
    provide_context(site);
    provide_cart_count();
    if let Some(url) = events {
        super::live_theme::follow_store_theme(url);
    }
}

/// Units in the shopper's cart: `None` until the browser has asked.
#[derive(Clone, Copy)]
pub struct CartCount(pub RwSignal<Option<i64>>);

impl CartCount {
    /// Sets the count from an answer that carried the cart.
    pub fn set(self, n: i64) {
        self.0.set(Some(n));
    }
}

/// Provides the count to the storefront and asks the server for it once, in the browser.
fn provide_cart_count() {
    let count = RwSignal::new(None);
    provide_context(CartCount(count));
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            if let Ok(n) = cart_count().await {
                count.set(Some(n));
            }
        });
    });
}

/// The files of the whole-page bundle the cart page needs, provided by the server on a
/// catalog page that loads the shop bundle (which has no pages of its own to load).
#[derive(Clone, Debug, Default)]
pub struct CartPrefetch(pub Vec<String>);

/// How the shop's lazy pages are loaded, given by the whole-page bundle when it starts
/// ([`on_shop_intent`]); the shop bundle has no pages to load, so it gives none.
static LOAD_SHOP_PAGES: std::sync::OnceLock<fn()> = std::sync::OnceLock::new();

/// Sets what the cart link starts on a shopper's intent when it has no files to prefetch:
/// loading the shop's lazy pages (`pages::lazy::prefetch_shop`). Once, at start.
pub fn on_shop_intent(load: fn()) {
    let _ = LOAD_SHOP_PAGES.set(load);
}

/// "Cart", then "Cart (3)" once the count is known. An island: the rest of a catalog
/// page's header is server-only.
///
/// When a shopper shows they may go to the cart (a pointer over or focus on the link),
/// what the cart page needs starts loading: on a catalog page that loads the shop bundle,
/// the `prefetch` files into the browser's cache; else the shop's lazy pages.
#[island]
pub fn CartLink(prefetch: Vec<String>) -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let count = use_context::<CartCount>();
    let label = move || match count.and_then(|c| c.0.get()) {
        Some(n) if n > 0 => format!("Cart ({n})"),
        _ => "Cart".to_string(),
    };
    let prefetch = std::sync::Arc::new(prefetch);
    let intent = move || {
        if prefetch.is_empty() {
            if let Some(load) = LOAD_SHOP_PAGES.get() {
                load();
            }
        } else {
            prefetch_files(&prefetch);
        }
    };
    let (on_pointer, on_focus, on_touch) = (intent.clone(), intent.clone(), intent);
    view! {
        <a class="cart-link" href=site.href("/shop/cart")
            on:pointerenter=move |_| on_pointer() on:focus=move |_| on_focus() on:touchstart=move |_| on_touch()>
            {label}
        </a>
    }
}

/// Asks the browser to fetch `files` into its cache (`<link rel=prefetch>`), once per page.
fn prefetch_files(files: &[String]) {
    #[cfg(feature = "hydrate")]
    {
        use std::sync::atomic::{AtomicBool, Ordering};
        static STARTED: AtomicBool = AtomicBool::new(false);
        if STARTED.swap(true, Ordering::Relaxed) {
            return;
        }
        let Some(head) = document().head() else { return };
        for file in files {
            if let Ok(link) = document().create_element("link") {
                let _ = link.set_attribute("rel", "prefetch");
                let _ = link.set_attribute("href", file);
                let _ = head.append_child(&link);
            }
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = files;
}
