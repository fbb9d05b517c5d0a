//! `/shop/cart`: the shopper's cart, with quantities to change and the way to checkout.

use leptos::prelude::*;
use leptos_meta::Meta;

use crate::{
    api::cart::{get_cart, SetCartQuantity},
    components::{action_error, CartCount, FormError, PageTitle, StoreLayout},
    model::{format_price, Cart, CartLine, SiteInfo, MAX_QUANTITY},
};

#[component]
pub fn CartPage() -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let set = ServerAction::<SetCartQuantity>::new();
    let error = action_error(set);
    // Reloaded after every change, so what is shown is what the server holds.
    let cart = Resource::new(move || set.version().get(), |_| get_cart());
    let count = use_context::<CartCount>();
    let title = format!("Your cart | {}", site.store.as_ref().map(|s| s.name.as_str()).unwrap_or_default());
    view! {
        <PageTitle text=title/>
        <Meta name="robots" content="noindex"/>
        <StoreLayout>
            <h1>"Your cart"</h1>
            <FormError error fields=&[]/>
            <Transition fallback=|| view! { <p class="muted" role="status">"Loading your cart…"</p> }>
                {move || Suspend::new(async move {
                    match cart.await {
                        Ok(c) => {
                            if let Some(count) = count {
                                count.set(c.count());
                            }
                            view! { <CartView cart=c set/> }.into_any()
                        }
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </StoreLayout>
    }
}

#[component]
fn CartView(cart: Cart, set: ServerAction<SetCartQuantity>) -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    if cart.lines.is_empty() {
        return view! {
            <section class="empty">
                <p>"Your cart is empty."</p>
                <a class="button" href=site.href("/shop/products")>"Browse products"</a>
            </section>
        }
        .into_any();
    }
    let short = cart.lines.iter().any(CartLine::short);
    let total = cart.total();
    view! {
        <ul class="cart-lines">
            {cart.lines.into_iter().map(|line| view! { <Line line set/> }).collect_view()}
        </ul>
        <div class="cart-total">
            <p>"Total " <strong class="price">{total}</strong></p>
            <p class="muted">"Shipping is free. You pay offline: by bank transfer or on delivery."</p>
            {if short {
                view! { <p class="error" role="alert">"Some products have fewer units left than your cart asks for. Lower their quantity to check out."</p> }.into_any()
            } else {
                view! { <a class="button" href=site.href("/shop/checkout")>"Check out"</a> }.into_any()
            }}
            <a class="button secondary" href=site.href("/shop/products")>"Keep shopping"</a>
        </div>
    }
    .into_any()
}

/// One product: its quantity to change, or to take out.
#[component]
fn Line(line: CartLine, set: ServerAction<SetCartQuantity>) -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let id = line.product_id;
    let field = format!("qty-{id}");
    let most = line.stock.clamp(1, MAX_QUANTITY);
    let name = line.name.clone();
    let label = format!("Quantity of {name}");
    let remove = format!(" {name}");
    let total = format_price(line.total_cents());
    let warning = line.short().then(|| match line.stock {
        0 => "Sold out: take it out of your cart.".to_string(),
        n => format!("Only {n} left."),
    });
    view! {
        <li class="cart-line" id=format!("line-{id}")>
            <a href=site.href(&format!("/shop/products/{id}"))>{name}</a>
            <span class="muted">{format!("{} each", format_price(line.unit_price_cents))}</span>
            <ActionForm action=set attr:class="inline quantity">
                <input type="hidden" name="product_id" value=id/>
                <label for=field.clone() class="visually-hidden">{label}</label>
                <input id=field type="number" name="quantity" min="0" max=most value=line.quantity inputmode="numeric" required/>
                <button type="submit" class="secondary">"Update"</button>
            </ActionForm>
            <ActionForm action=set attr:class="inline">
                <input type="hidden" name="product_id" value=id/>
                <input type="hidden" name="quantity" value="0"/>
                <button type="submit" class="link-button">
                    "Remove" <span class="visually-hidden">{remove}</span>
                </button>
            </ActionForm>
            <strong class="line-total">{total}</strong>
            {warning.map(|w| view! { <p class="error line-warning">{w}</p> })}
        </li>
    }
}
