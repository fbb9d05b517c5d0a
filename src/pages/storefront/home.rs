//! The storefront home page.

use leptos::prelude::*;

use crate::{
    components::{PageTitle, ProductGrid, StoreLayout, StoreMeta},
    error::ApiError,
    model::{ProductPage, SiteInfo},
};

/// `/`: the store's hero and a few products, from the first page of the featured list.
#[component]
pub fn Home(featured: Result<ProductPage, ApiError>) -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let store = site.store.clone().unwrap_or_else(unreachable_store);
    let (heading, line) = store.hero();
    let featured = match featured {
        Ok(page) => {
            let products = page.products.into_iter().take(8).collect::<Vec<_>>();
            view! { <ProductGrid products/> }.into_any()
        }
        Err(e) => view! { <p class="error">{e.to_string()}</p> }.into_any(),
    };
    view! {
        <PageTitle text=store.name.clone()/>
        <StoreMeta/>
        <StoreLayout>
            <section class="hero">
                <h1>{heading}</h1>
                <p>{line}</p>
                <a class="button" href=site.href("/shop/products")>"Shop all products"</a>
            </section>
            <h2>"Featured"</h2>
            {featured}
        </StoreLayout>
    }
}

/// Storefront routes render only on storefront sites; this keeps the types simple.
pub(super) fn unreachable_store() -> crate::model::PublicStore {
    crate::model::PublicStore {
        code: String::new(),
        name: String::new(),
        logo_url: None,
        favicon_url: None,
        theme: Default::default(),
        modules: vec![],
        canonical: String::new(),
        preview: false,
    }
}
