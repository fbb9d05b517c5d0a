//! One product.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::{
    api::storefront::get_product,
    components::{PageTitle, StoreLayout},
    model::SiteInfo,
    pages::NotFound,
};

/// `/shop/products/{id}`: a product of this store, or 404.
#[component]
pub fn ProductDetail() -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|id| id.parse::<i64>().ok());
    let product = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_product(id).await,
            None => Ok(None),
        }
    });
    let back = site.href("/shop/products");
    let store_name = site.store.as_ref().map(|s| s.name.clone()).unwrap_or_default();
    view! {
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || {
                let back = back.clone();
                let store_name = store_name.clone();
                let site = site.clone();
                Suspend::new(async move {
                    match product.await {
                        Ok(Some(p)) => {
                            let title = format!("{} | {}", p.name, store_name);
                            let initial = p.name.chars().next().unwrap_or('?').to_string();
                            view! {
                                <PageTitle text=title/>
                                <StoreLayout>
                                    <article class="product-detail" id=format!("product-{}", p.id)>
                                        {match p.image_url.as_deref() {
                                            Some(url) => view! { <img class="thumb large" src=site.asset(url) alt=p.name.clone()/> }.into_any(),
                                            None => view! { <div class="thumb large" aria-hidden="true">{initial}</div> }.into_any(),
                                        }}
                                        <div>
                                            <h1>{p.name.clone()}</h1>
                                            <p class="price">{p.price()}</p>
                                            <p>{p.description.clone()}</p>
                                            <a class="button secondary" href=back>"← All products"</a>
                                        </div>
                                    </article>
                                </StoreLayout>
                            }
                                .into_any()
                        }
                        Ok(None) => view! { <StoreLayout><NotFound/></StoreLayout> }.into_any(),
                        Err(e) => view! { <StoreLayout><p class="error">{e.to_string()}</p></StoreLayout> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
