//! Product cards in a grid or a list, as the theme's layout says.

use leptos::prelude::*;

use crate::model::{Layout, Product, SiteInfo};

/// The store's products as cards linking to their pages.
#[component]
pub fn ProductGrid(products: Vec<Product>, #[prop(optional)] layout: Layout) -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let class = match layout {
        Layout::Grid => "products grid",
        Layout::List => "products list",
    };
    view! {
        <ul class=class>
            {products
                .into_iter()
                .map(|p| {
                    let href = site.href(&format!("/shop/products/{}", p.id));
                    let initial = p.name.chars().next().unwrap_or('?').to_string();
                    view! {
                        <li class="product" id=format!("product-{}", p.id)>
                            <a href=href>
                                {match p.image_url.as_deref() {
                                    Some(url) => view! { <img class="thumb" src=site.asset(url) alt="" loading="lazy"/> }.into_any(),
                                    None => view! { <div class="thumb" aria-hidden="true">{initial}</div> }.into_any(),
                                }}
                                <h3>{p.name.clone()}</h3>
                            </a>
                            <p class="description">{p.description.clone()}</p>
                            <span class="price">{p.price()}</span>
                            {(p.stock <= 0).then(|| view! { <span class="availability sold-out">"Sold out"</span> })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
