//! The theme editor's preview: the storefront's own pieces (header, hero, product grid,
//! a product) drawn with the draft's custom properties, computed in the browser on every
//! change. Nothing in it asks the server anything.

use leptos::{html, prelude::*};

use crate::{
    components::{ProductGrid, StoreInitials},
    model::{Product, Theme},
};

/// Desktop or phone width.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Width {
    Desktop,
    Phone,
}

#[component]
pub fn ThemePreview(theme: Memo<Theme>, store_name: String, sample: Vec<Product>) -> impl IntoView {
    let width = RwSignal::new(Width::Desktop);
    let frame = NodeRef::<html::Div>::new();
    // The draft's properties go on the preview's own element through the CSS object model:
    // the page's content security policy forbids style attributes.
    Effect::new(move |_| {
        let vars = theme.get().css_var_pairs();
        #[cfg(feature = "hydrate")]
        if let Some(el) = frame.get() {
            let style = web_sys::HtmlElement::style(&el);
            for (name, value) in &vars {
                let _ = style.set_property(name, value);
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (&vars, frame);
    });
    let first = sample.first().cloned();
    let brand = store_name.clone();
    let hero = Memo::new(move |_| theme.get().hero(&store_name));
    let heading = move || hero.get().0;
    let line = move || hero.get().1;
    view! {
        <section class="theme-preview-panel" aria-labelledby="preview-heading">
            <div class="page-head">
                <h2 id="preview-heading">"Preview"</h2>
                <div class="segmented" role="group" aria-label="Preview width">
                    <button type="button" aria-pressed=move || (width.get() == Width::Desktop).to_string()
                        on:click=move |_| width.set(Width::Desktop)>"Desktop"</button>
                    <button type="button" aria-pressed=move || (width.get() == Width::Phone).to_string()
                        on:click=move |_| width.set(Width::Phone)>"Phone"</button>
                </div>
            </div>
            <div
                node_ref=frame
                class=move || if width.get() == Width::Phone { "theme-preview phone" } else { "theme-preview" }
                inert
                aria-label="Your storefront with the draft theme"
                role="img"
            >
                <header class="store-header">
                    <span class="store-brand">
                        <StoreInitials name=brand.clone()/>
                        <span class="store-name">{brand}</span>
                    </span>
                    <nav class="store-nav"><a href="#">"Home"</a><a href="#">"Products"</a><a href="#">"Cart (2)"</a></nav>
                </header>
                <section class="hero">
                    <h3 class="hero-heading">{heading}</h3>
                    <p>{line}</p>
                    <span class="button">"Shop all products"</span>
                </section>
                {move || {
                    let layout = theme.get().layout;
                    view! { <ProductGrid products=sample.clone() layout/> }
                }}
                {first.map(|p| view! {
                    <article class="product-detail">
                        <div>
                            <h3>{p.name.clone()}</h3>
                            <p class="price">{p.price()}</p>
                            <p class="availability few">"Only 3 left"</p>
                            <span class="button">"Add to cart"</span>
                            " "
                            <span class="button secondary">"Save to wishlist"</span>
                        </div>
                    </article>
                })}
            </div>
        </section>
    }
}
