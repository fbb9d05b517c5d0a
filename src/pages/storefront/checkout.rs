//! `/shop/checkout`: contact, shipping address and an offline payment method; placing
//! the order leads to its private page.

use leptos::{ev::SubmitEvent, prelude::*};
use leptos_meta::Meta;
use leptos_router::hooks::use_navigate;

use crate::{
    api::checkout::{start_checkout, CheckoutStart, PlaceOrder},
    components::{frame::absolute, CartCount, PageTitle, StoreLayout},
    error::ApiError,
    model::{format_price, CheckoutInput, FieldProblem, PaymentMethod, SiteInfo, CHECKOUT_FIELDS},
};

#[component]
pub fn CheckoutPage() -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let start = Resource::new(|| (), |_| start_checkout());
    let title = format!("Checkout | {}", site.store.as_ref().map(|s| s.name.as_str()).unwrap_or_default());
    view! {
        <PageTitle text=title/>
        <Meta name="robots" content="noindex"/>
        <StoreLayout>
            <h1>"Checkout"</h1>
            <Suspense fallback=|| view! { <p class="muted" role="status">"Loading your cart…"</p> }>
                {move || Suspend::new(async move {
                    match start.await {
                        Ok(s) if s.cart.lines.is_empty() => view! { <EmptyCart/> }.into_any(),
                        Ok(s) => view! { <CheckoutForm start=s/> }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </StoreLayout>
    }
}

#[component]
fn EmptyCart() -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    view! {
        <section class="empty">
            <p>"Your cart is empty, so there is nothing to check out."</p>
            <a class="button" href=site.href("/shop/products")>"Browse products"</a>
        </section>
    }
}

/// The form's fields: name, label, autocomplete token, input type.
const FIELDS: [(&str, &str, &str, &str); 7] = [
    ("email", "Email", "email", "email"),
    ("name", "Full name", "name", "text"),
    ("line1", "Street and number", "address-line1", "text"),
    ("line2", "Apartment, floor (optional)", "address-line2", "text"),
    ("city", "City", "address-level2", "text"),
    ("postal_code", "Postal code", "postal-code", "text"),
    ("country", "Country", "country-name", "text"),
];

#[component]
fn CheckoutForm(start: CheckoutStart) -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let values: Vec<(&'static str, RwSignal<String>)> =
        CHECKOUT_FIELDS.iter().map(|f| (*f, RwSignal::new(String::new()))).collect();
    let value = {
        let values = values.clone();
        move |field: &str| {
            values.iter().find(|(f, _)| *f == field).map(|(_, v)| *v).expect("a checkout field")
        }
    };
    let payment = value("payment");
    let use_wallet = RwSignal::new(false);
    payment.set(PaymentMethod::BankTransfer.as_str().to_string());
    let place = ServerAction::<PlaceOrder>::new();
    // Problems found in the browser (all at once), else the server's answer.
    let problems = RwSignal::new(Vec::<FieldProblem>::new());
    let message_for = move |field: &'static str| {
        Signal::derive(move || {
            problems.with(|ps| ps.iter().find(|p| p.field == field).map(|p| p.message.clone())).or_else(
                || place.value().get().and_then(|r| r.err()).and_then(|e: ApiError| e.for_field(field)),
            )
        })
    };
    let general = move || {
        place
            .value()
            .get()
            .and_then(|r| r.err())
            .filter(|e| CHECKOUT_FIELDS.iter().all(|f| e.for_field(f).is_none()))
    };
    let navigate = use_navigate();
    let count = use_context::<CartCount>();
    let to_order = site.clone();
    Effect::new(move |_| {
        if let Some(Ok(placed)) = place.value().get() {
            if let Some(c) = count {
                c.set(0);
            }
            navigate(&to_order.href(&format!("/shop/orders/{}?placed=1", placed.token)), absolute());
        }
    });
    let key = start.key.clone();
    let on_submit = {
        let value = value.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let input = CheckoutInput {
                email: value("email").get(),
                name: value("name").get(),
                line1: value("line1").get(),
                line2: value("line2").get(),
                city: value("city").get(),
                postal_code: value("postal_code").get(),
                country: value("country").get(),
                payment: value("payment").get(),
                gift_card: value("gift_card").get(),
                use_wallet: use_wallet.get(),
                idempotency_key: key.clone(),
            };
            match input.check() {
                Err(ps) => problems.set(ps),
                Ok(_) => {
                    problems.set(Vec::new());
                    place.dispatch(PlaceOrder { checkout: input });
                }
            }
        }
    };
    let total = start.cart.total();
    view! {
        <div class="checkout">
            <form class="stack checkout-form" on:submit=on_submit novalidate>
                <fieldset>
                    <legend>"Contact and shipping"</legend>
                    {FIELDS
                        .into_iter()
                        .map(|(field, label, autocomplete, kind)| {
                            let message = message_for(field);
                            let v = value(field);
                            let required = field != "line2";
                            view! {
                                <label for=field>{label}</label>
                                <input
                                    id=field
                                    name=field
                                    type=kind
                                    autocomplete=autocomplete
                                    required=required
                                    bind:value=v
                                    aria-invalid=move || message.get().is_some().to_string()
                                    aria-describedby=format!("{field}-error")
                                />
                                <p class="field-error" id=format!("{field}-error") role="alert">{message}</p>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <super::wallet::GiftCardFields
                    code=value("gift_card")
                    use_wallet
                    balance=start.wallet_cents
                    message=message_for("gift_card")
                />
                <fieldset class="payment" aria-describedby="payment-error">
                    <legend>"Payment (offline: nothing is charged online)"</legend>
                    {PaymentMethod::ALL
                        .into_iter()
                        .map(|m| {
                            let id = format!("payment-{}", m.as_str());
                            view! {
                                <div class="choice">
                                    <input
                                        type="radio"
                                        id=id.clone()
                                        name="payment"
                                        value=m.as_str()
                                        checked=move || payment.get() == m.as_str()
                                        on:change=move |_| payment.set(m.as_str().to_string())
                                    />
                                    <label for=id>
                                        <strong>{m.label()}</strong>
                                        <span class="hint">{m.explanation()}</span>
                                    </label>
                                </div>
                            }
                        })
                        .collect_view()}
                    <p class="field-error" id="payment-error" role="alert">{message_for("payment")}</p>
                </fieldset>
                <p class="form-error" role="alert">{move || general().map(|e| e.to_string())}</p>
                <button type="submit" disabled=move || place.pending().get()>
                    {move || if place.pending().get() { "Placing your order…".to_string() } else { format!("Place order ({total})") }}
                </button>
            </form>
            <aside class="order-summary" aria-labelledby="summary-title">
                <h2 id="summary-title">"Your order"</h2>
                <ul>
                    {start
                        .cart
                        .lines
                        .iter()
                        .map(|l| view! { <li>{format!("{} × {}", l.quantity, l.name)}<span>{format_price(l.total_cents())}</span></li> })
                        .collect_view()}
                </ul>
                <p class="cart-total">"Total " <strong>{start.cart.total()}</strong></p>
                <a href=site.href("/shop/cart")>"Change your cart"</a>
            </aside>
        </div>
    }
}
