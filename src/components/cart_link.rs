//! The cart link in the storefront header. Pages are the same for every shopper (so the
//! page cache can serve them), and the count is filled in once the page is live.

use leptos::prelude::*;

use crate::{api::cart::cart_count, model::SiteInfo};

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
pub fn provide_cart_count() {
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

/// "Cart", then "Cart (3)" once the count is known.
#[component]
pub fn CartLink() -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let count = use_context::<CartCount>();
    let label = move || match count.and_then(|c| c.0.get()) {
        Some(n) if n > 0 => format!("Cart ({n})"),
        _ => "Cart".to_string(),
    };
    use crate::pages::lazy::prefetch_shop;
    view! {
        <a class="cart-link" href=site.href("/shop/cart")
            on:pointerenter=|_| prefetch_shop() on:focus=|_| prefetch_shop() on:touchstart=|_| prefetch_shop()>
            {label}
        </a>
    }
}
