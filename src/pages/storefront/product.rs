//! One product.

use leptos::{either::Either, prelude::*, server_fn::ServerFn};

use crate::{
    api::cart::{add_to_cart, AddToCart},
    components::{
        result_error, CartCount, FieldError, FormError, PageTitle, ProductData, StoreLayout, StoreMeta,
    },
    error::ApiError,
    model::{Product, ProductReviews, SiteInfo, MAX_QUANTITY},
    pages::NotFound,
};

/// `/shop/products/{id}`: a product of this store and its reviews (where the store offers
/// them), or 404.
#[component]
pub fn ProductDetail(
    product: Result<Option<Product>, ApiError>,
    reviews: Option<Result<ProductReviews, ApiError>>,
) -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let p = match product {
        Ok(Some(p)) => p,
        Ok(None) => return view! { <StoreLayout><NotFound/></StoreLayout> }.into_any(),
        Err(e) => {
            return view! { <StoreLayout><p class="error">{e.to_string()}</p></StoreLayout> }.into_any()
        }
    };
    let store_name = site.store.as_ref().map(|s| s.name.clone()).unwrap_or_default();
    let title = format!("{} | {}", p.name, store_name);
    let initial = p.name.chars().next().unwrap_or('?').to_string();
    view! {
        <PageTitle text=title/>
        <StoreMeta
            title=p.name.clone()
            description=p.description.clone()
            image=p.image_url.clone().unwrap_or_default()
            kind="product"
        />
        <StoreLayout>
            <article class="product-detail" id=format!("product-{}", p.id)>
                {match p.image_url.as_deref() {
                    Some(url) => view! { <img class="thumb large" src=site.asset(url) alt=p.name.clone()/> }.into_any(),
                    None => view! { <div class="thumb large" aria-hidden="true">{initial}</div> }.into_any(),
                }}
                <div>
                    <h1>{p.name.clone()}</h1>
                    <p class="price">{p.price()}</p>
                    <p class="description">{p.description.clone()}</p>
                    <AddToCart id=p.id sold_out=p.sold_out()/>
                    <super::wishlist::SaveButton id=p.id/>
                    <a class="button secondary" href=site.href("/shop/products")>"← All products"</a>
                </div>
            </article>
            {reviews.map(|reviews| view! { <super::reviews::ReviewsSection product_id=p.id reviews/> })}
            <ProductData product=p.clone()/>
        </StoreLayout>
    }
    .into_any()
}

/// Whether the product is on sale and the form that puts it in the cart. An island: the
/// rest of the page is server-only.
///
/// The page is shared and cached, so it says only "In stock" or "Sold out", never how many
/// are left: an order changes it only when it sells the product out. Asking for more than
/// is left is refused by the server with the count, with or without JavaScript.
#[island]
fn AddToCart(id: i64, sold_out: bool) -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    if sold_out {
        return Either::Left(view! { <p class="availability sold-out">"Sold out"</p> });
    }
    let status = view! { <p class="availability">"In stock"</p> };
    // A plain form that posts to the server function without JavaScript; with it, the
    // answer updates the page in place. No `ActionForm`: reading a form into arguments
    // (serde_qs) would more than double what this island costs the shop bundle.
    let add = Action::new(move |quantity: &i64| add_to_cart(id, *quantity));
    let error = result_error(add.value());
    if let Some(count) = use_context::<CartCount>() {
        Effect::new(move |_| {
            if let Some(Ok(cart)) = add.value().get() {
                count.set(cart.count());
            }
        });
    }
    let quantity = NodeRef::<leptos::html::Input>::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // Anything but a whole number goes to the server as 0, which it refuses by field.
        let n = quantity.get_untracked().and_then(|q| q.value().trim().parse().ok()).unwrap_or(0);
        add.dispatch(n);
    };
    let added = move || matches!(add.value().get(), Some(Ok(_)));
    let invalid = move || error.get().is_some_and(|e| e.for_field("quantity").is_some()).to_string();
    let cart = site.href("/shop/cart");
    Either::Right(view! {
        {status}
        <form class="add-to-cart" method="post" action=site.href(AddToCart::PATH) on:submit=on_submit>
            <input type="hidden" name="product_id" value=id/>
            <label for="quantity">"Quantity"</label>
            <input
                node_ref=quantity
                id="quantity"
                name="quantity"
                type="number"
                inputmode="numeric"
                min="1"
                max=MAX_QUANTITY
                value="1"
                required
                aria-invalid=invalid
                aria-describedby="quantity-error"
            />
            <button type="submit" disabled=move || add.pending().get()>
                {move || if add.pending().get() { "Adding…" } else { "Add to cart" }}
            </button>
        </form>
        <FieldError error field="quantity"/>
        <FormError error fields=&["quantity"]/>
        <p class="added" role="status">
            {move || added().then(|| view! { "Added to your cart. " <a href=cart.clone()>"View cart"</a> })}
        </p>
    })
}
