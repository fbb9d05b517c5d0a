//! Product cards in a grid or a list, as the theme's layout says.

use leptos::{either::Either, prelude::*};

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
                    let (price, sold_out) = (p.price(), p.sold_out());
                    let thumb = match p.image_url.as_deref() {
                        Some(url) => Either::Left(view! { <img class="thumb" src=site.asset(url) alt="" loading="lazy"/> }),
                        None => Either::Right(view! { <div class="thumb" aria-hidden="true">{initial}</div> }),
                    };
                    view! {
                        <li class="product" id=format!("product-{}", p.id)>
                            <a href=href>
                                {thumb}
                                <h3>{p.name}</h3>
                            </a>
                            <p class="description">{p.description}</p>
                            <span class="price">{price}</span>
                            {sold_out.then(|| view! { <span class="availability sold-out">"Sold out"</span> })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
