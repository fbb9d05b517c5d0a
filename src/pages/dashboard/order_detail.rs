//! `/orders/{number}`: one order, its lines, shipping, payment, and its next statuses.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::{load_error, may};
use crate::{
    api::dashboard::orders::{owner_order, SetOrderStatus},
    components::{action_error, frame::confirm, ConsoleLayout, FormError, OrderItems},
    error::ApiError,
    model::{Action, Order, OrderStatus, SiteInfo},
    text::datetime,
};

#[component]
pub fn OrderDetailPage() -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let params = use_params_map();
    let number = move || params.read().get("number").and_then(|n| n.parse::<i64>().ok());
    let change = ServerAction::<SetOrderStatus>::new();
    let order = Resource::new(
        move || (number(), change.version().get()),
        |(n, _)| async move {
            match n {
                Some(n) => owner_order(n).await,
                None => Err(ApiError::NotFound),
            }
        },
    );
    view! {
        <Title text="Order | Arcade"/>
        <ConsoleLayout>
            <p class="breadcrumb"><a href=site.href("/orders")>"← All orders"</a></p>
            <Suspense fallback=|| view! { <p class="muted" role="status">"Loading the order…"</p> }>
                {move || Suspend::new(async move {
                    match order.await {
                        Ok(o) => view! { <OrderPanel order=o change/> }.into_any(),
                        Err(ApiError::NotFound) => {
                            crate::pages::set_status(404);
                            view! {
                                <section class="panel">
                                    <h1>"Order not found"</h1>
                                    <p>"This store has no order with that number."</p>
                                </section>
                            }.into_any()
                        }
                        Err(e) => load_error(e, "this order"),
                    }
                })}
            </Suspense>
        </ConsoleLayout>
    }
}

#[component]
fn OrderPanel(order: Order, change: ServerAction<SetOrderStatus>) -> impl IntoView {
    let error = action_error(change);
    let number = order.number;
    let from = order.status;
    let address = order.address_lines();
    // Only the moves the roles table lets this user make are offered.
    let site = expect_context::<SiteInfo>();
    let next: Vec<OrderStatus> = from
        .next()
        .iter()
        .copied()
        .filter(|to| {
            may(
                &site,
                if *to == OrderStatus::Cancelled { Action::CancelOrders } else { Action::AdvanceOrders },
            )
        })
        .collect();
    view! {
        <Title text=format!("Order #{number} | Arcade")/>
        <div class="page-head">
            <h1>{format!("Order #{number}")}</h1>
            <span class=format!("badge status-{}", from.as_str())>{from.label()}</span>
        </div>
        <p class="muted">{format!("Placed {} by {}", datetime(order.created_at), order.email)}</p>
        <section class="panel" aria-labelledby="next-title">
            <h2 id="next-title">"Status"</h2>
            {if next.is_empty() {
                view! { <p>{format!("This order is {}; nothing follows.", from.label().to_lowercase())}</p> }.into_any()
            } else {
                view! {
                    <div class="actions">
                        {next.into_iter().map(|to| {
                            let label = match to {
                                OrderStatus::Paid => "Mark as paid",
                                OrderStatus::Shipped => "Mark as shipped",
                                OrderStatus::Delivered => "Mark as delivered",
                                _ => "Cancel order",
                            };
                            let class = if to == OrderStatus::Cancelled { "button secondary danger" } else { "button" };
                            view! {
                                <button
                                    type="button"
                                    class=class
                                    disabled=move || change.pending().get()
                                    on:click=move |_| {
                                        if to != OrderStatus::Cancelled
                                            || confirm("Cancel this order? Its units go back in stock.")
                                        {
                                            change.dispatch(SetOrderStatus { number, from, to });
                                        }
                                    }
                                >
                                    {label}
                                </button>
                            }
                        }).collect_view()}
                    </div>
                }.into_any()
            }}
            <FormError error fields=&[]/>
        </section>
        <div class="table-scroll">
            <OrderItems order=order.clone() with_ids=true/>
        </div>
        <div class="dash-columns">
            <section class="panel">
                <h2>"Ship to"</h2>
                <address>
                    {address.into_iter().map(|l| view! { {l}<br/> }).collect_view()}
                </address>
            </section>
            <section class="panel">
                <h2>"Payment"</h2>
                <p><strong>{order.payment.label()}</strong></p>
                <p class="muted">{order.payment.explanation()}</p>
            </section>
        </div>
    }
}
