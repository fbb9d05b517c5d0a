//! `/shop/orders/{token}`: an order's private page, the confirmation after checkout and
//! the link the shopper keeps to come back to it.

use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::{
    api::checkout::order_by_token,
    components::{OrderItems, PageTitle, StoreLayout},
    error::ApiError,
    model::{Order, SiteInfo},
    pages::NotFound,
    text::datetime,
};

#[component]
pub fn OrderPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let placed = move || query.read().get("placed").is_some();
    let token = move || params.read().get("token").unwrap_or_default();
    let order = Resource::new(token, order_by_token);
    view! {
        // A private link: search engines must not keep it.
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=|| view! { <StoreLayout><p class="muted" role="status">"Loading your order…"</p></StoreLayout> }>
            {move || Suspend::new(async move {
                match order.await {
                    Ok(o) => view! { <OrderView order=o placed=placed()/> }.into_any(),
                    Err(ApiError::NotFound) => view! { <StoreLayout><NotFound/></StoreLayout> }.into_any(),
                    Err(e) => view! { <StoreLayout><p class="error" role="alert">{e.to_string()}</p></StoreLayout> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OrderView(order: Order, placed: bool) -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let store = site.store.as_ref().map(|s| s.name.clone()).unwrap_or_default();
    let title = format!("Order #{} | {store}", order.number);
    let heading = if placed {
        format!("Thank you! Order #{} is placed.", order.number)
    } else {
        format!("Order #{}", order.number)
    };
    let address = order.address_lines();
    view! {
        <PageTitle text=title/>
        <StoreLayout>
            <section class="order" aria-labelledby="order-title">
                <h1 id="order-title">{heading}</h1>
                {placed.then(|| view! {
                    <p class="notice" role="status">
                        {format!("Keep this page's address: it is your link back to this order. The store will write to you at {}.", order.email)}
                    </p>
                })}
                <p>"Status: " <strong class="badge">{order.status.label()}</strong> " · placed " {datetime(order.created_at)}</p>
                <OrderItems order=order.clone()/>
                <div class="order-facts">
                    <section>
                        <h2>"Shipping to"</h2>
                        <address>
                            {address.into_iter().map(|l| view! { {l}<br/> }).collect_view()}
                        </address>
                    </section>
                    <section>
                        <h2>"Payment"</h2>
                        <p><strong>{order.payment.label()}</strong></p>
                        <p class="muted">{order.payment.explanation()}</p>
                    </section>
                </div>
                <a class="button secondary" href=site.href("/shop/products")>"Continue shopping"</a>
            </section>
        </StoreLayout>
    }
}
