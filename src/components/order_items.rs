//! An order's lines as a table, on the shopper's order page and the owner's.

use leptos::prelude::*;

use crate::model::{format_price, Order};

/// Product, price, quantity and line total, with the order's total and what gift cards
/// paid of it; `with_ids` adds each
/// product's id after its name (for the store's staff).
#[component]
pub fn OrderItems(order: Order, #[prop(optional)] with_ids: bool) -> impl IntoView {
    view! {
        <table class="order-items">
            <caption class="visually-hidden">"Products in this order"</caption>
            <thead>
                <tr><th scope="col">"Product"</th><th scope="col">"Price"</th><th scope="col">"Quantity"</th><th scope="col">"Total"</th></tr>
            </thead>
            <tbody>
                {order.items.iter().map(|i| {
                    let name = if with_ids { format!("{} (#{})", i.name, i.product_id) } else { i.name.clone() };
                    view! {
                        <tr>
                            <td>{name}</td>
                            <td>{format_price(i.unit_price_cents)}</td>
                            <td>{i.quantity}</td>
                            <td>{format_price(i.total_cents())}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
            <tfoot>
                <tr><th scope="row" colspan="3">"Total"</th><td><strong>{format_price(order.total_cents)}</strong></td></tr>
                {(order.gift_cents > 0).then(|| view! {
                    <tr><th scope="row" colspan="3">"Paid by gift card"</th><td>{format!("−{}", format_price(order.gift_cents))}</td></tr>
                    <tr><th scope="row" colspan="3">"To pay"</th><td><strong>{format_price(order.due_cents())}</strong></td></tr>
                })}
            </tfoot>
        </table>
    }
}
