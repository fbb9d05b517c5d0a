//! The storefront frame: header with logo and navigation, footer.

use leptos::prelude::*;

use super::{CartLink, CartPrefetch, SkipLink, StoreInitials, MAIN_ID};
use crate::model::{Module, SiteInfo};

/// Wraps a storefront page in the store's header and footer.
#[component]
pub fn StoreLayout(children: Children) -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let Some(store) = site.store.clone() else {
        return view! { <main id=MAIN_ID class="page" tabindex="-1">{children()}</main> }.into_any();
    };
    let alt = format!("{} logo", store.name);
    let cart_prefetch = use_context::<CartPrefetch>().unwrap_or_default().0;
    let features: Vec<&str> =
        store.modules.iter().filter_map(|m| Module::parse(m)?.shopper_feature()).collect();
    view! {
        <SkipLink/>
        {store.preview.then(|| view! {
            <p class="preview-banner" role="note">
                <strong>"Preview"</strong>" of a draft theme: shoppers do not see it until it is published."
            </p>
        })}
        <header class="store-header">
            <a class="store-brand" href=site.href("/")>
                {match store.logo_url.as_deref() {
                    Some(src) => view! { <img src=site.asset(src) alt=alt.clone() height="40" width="40"/> }.into_any(),
                    None => view! { <StoreInitials name=store.name.clone()/> }.into_any(),
                }}
                <span class="store-name">{store.name.clone()}</span>
            </a>
            <nav class="store-nav" aria-label="Store">
                <a href=site.href("/")>"Home"</a>
                <a href=site.href("/shop/products")>"Products"</a>
                {store.modules.iter().any(|m| m == Module::Wishlist.key()).then(|| view! {
                    <a href=site.href("/shop/wishlist")>"Wishlist"</a>
                })}
                <a href=site.href("/shop/account")>"Account"</a>
                <CartLink prefetch=cart_prefetch/>
            </nav>
        </header>
        <main id=MAIN_ID class="page" tabindex="-1">{children()}</main>
        <footer class="store-footer">
            <span>{format!("Store code: {}", store.code)}</span>
            {(!features.is_empty()).then(|| view! {
                <ul class="store-features" aria-label="This store offers">
                    {features.into_iter().map(|f| view! { <li>{f}</li> }).collect_view()}
                </ul>
            })}
            <a href=format!("{}/", site.platform_origin) rel="external">"Powered by Arcade"</a>
        </footer>
    }
    .into_any()
}
