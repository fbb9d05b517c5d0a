//! The dashboard's orders: the list (newest first, by status, by number or email), and
//! the export.

use leptos::{ev::SubmitEvent, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::{absolute, encode, load_error, may};
use crate::{
    api::dashboard::orders::list_orders,
    components::ConsoleLayout,
    model::{format_price, Action, OrderPage, OrderStatus, SiteInfo},
    text::datetime,
};

/// The list URL for a filter (inside the dashboard, without the base).
fn list_url(status: &str, q: &str, before: Option<i64>) -> String {
    let mut params = Vec::new();
    if !status.is_empty() {
        params.push(format!("status={}", encode(status)));
    }
    if !q.trim().is_empty() {
        params.push(format!("q={}", encode(q.trim())));
    }
    if let Some(b) = before {
        params.push(format!("before={b}"));
    }
    if params.is_empty() {
        "/orders".into()
    } else {
        format!("/orders?{}", params.join("&"))
    }
}

/// `/orders`.
#[component]
pub fn OrdersPage() -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let query = use_query_map();
    let status = move || query.read().get("status").unwrap_or_default();
    let q = move || query.read().get("q").unwrap_or_default();
    let before = move || query.read().get("before").and_then(|b| b.parse::<i64>().ok());
    let orders = Resource::new(move || (status(), q(), before()), |(s, q, b)| list_orders(s, q, b));
    let navigate = use_navigate();
    let search = NodeRef::<leptos::html::Input>::new();
    let filter = NodeRef::<leptos::html::Select>::new();
    let on_filter = {
        let site = site.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let text = search.get().map(|i| i.value()).unwrap_or_default();
            let s = filter.get().map(|i| i.value()).unwrap_or_default();
            navigate(&site.href(&list_url(&s, &text, None)), absolute());
        }
    };
    view! {
        <Title text="Orders | Arcade"/>
        <ConsoleLayout>
            <div class="page-head">
                <h1>"Orders"</h1>
                {may(&site, Action::ExportOrders).then(|| view! {
                    <a class="button secondary" href=site.href("/orders.csv") rel="external" download="">"Export CSV"</a>
                })}
            </div>
            <form class="toolbar" method="get" action=site.href("/orders") role="search" on:submit=on_filter>
                <label for="order-status">"Status"</label>
                <select id="order-status" name="status" node_ref=filter>
                    <option value="" selected=move || status().is_empty()>"All"</option>
                    {OrderStatus::ALL
                        .into_iter()
                        .map(|s| view! { <option value=s.as_str() selected=move || status() == s.as_str()>{s.label()}</option> })
                        .collect_view()}
                </select>
                <label for="order-search" class="visually-hidden">"Search orders"</label>
                <input
                    id="order-search"
                    type="search"
                    name="q"
                    placeholder="Order number or email"
                    value=q
                    prop:value=q
                    node_ref=search
                />
                <button type="submit">"Show"</button>
            </form>
            <Transition fallback=|| view! { <p class="muted" role="status">"Loading orders…"</p> }>
                {move || Suspend::new(async move {
                    match orders.await {
                        Ok(page) => view! { <OrderTable page status=status() q=q() first=before().is_none()/> }.into_any(),
                        Err(e) => load_error(e, "the orders"),
                    }
                })}
            </Transition>
        </ConsoleLayout>
    }
}

#[component]
fn OrderTable(page: OrderPage, status: String, q: String, first: bool) -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    if page.orders.is_empty() {
        let filtered = !status.is_empty() || !q.trim().is_empty();
        return view! {
            <div class="empty-state">
                {if filtered {
                    view! {
                        <p>"No orders match this filter."</p>
                        <a class="button secondary" href=site.href("/orders")>"Show all orders"</a>
                    }.into_any()
                } else if !first {
                    view! {
                        <p>"No older orders."</p>
                        <a class="button secondary" href=site.href("/orders")>"Back to the newest"</a>
                    }.into_any()
                } else {
                    view! {
                        <h2>"No orders yet"</h2>
                        <p>"Orders appear here as soon as shoppers check out on your storefront."</p>
                    }.into_any()
                }}
            </div>
        }
        .into_any();
    }
    let older = page.older.map(|b| site.href(&list_url(&status, &q, Some(b))));
    view! {
        <div class="table-scroll">
            <table class="order-table">
                <thead>
                    <tr>
                        <th scope="col">"Order"</th>
                        <th scope="col">"Placed"</th>
                        <th scope="col">"Shopper"</th>
                        <th scope="col">"Items"</th>
                        <th scope="col">"Total"</th>
                        <th scope="col">"Status"</th>
                    </tr>
                </thead>
                <tbody>
                    {page.orders.into_iter().map(|o| view! {
                        <tr>
                            <td><a href=site.href(&format!("/orders/{}", o.number))>{format!("#{}", o.number)}</a></td>
                            <td>{datetime(o.created_at)}</td>
                            <td>{o.email}</td>
                            <td>{o.item_count}</td>
                            <td>{format_price(o.total_cents)}</td>
                            <td><span class=format!("badge status-{}", o.status.as_str())>{o.status.label()}</span></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <nav class="pager" aria-label="Pages">
            {(!first).then(|| view! { <a href=site.href(&list_url(&status, &q, None))>"← Newest"</a> })}
            {older.map(|href| view! { <a href=href>"Older orders →"</a> })}
        </nav>
    }
    .into_any()
}
