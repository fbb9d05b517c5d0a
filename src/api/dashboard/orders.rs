//! The store's orders for its owner and staff: the list, one order, status changes.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::{
    error::ApiError,
    model::{Order, OrderPage, OrderStatus},
};

#[cfg(feature = "ssr")]
use crate::api::access::{self, respond, Action};

/// Orders per page of the list.
pub const ORDERS_PAGE: i64 = 25;

/// A page of the store's orders, newest first: `status` ("" for all), `q` an order number
/// or part of an email, `before` the `older` of the page before.
#[server(endpoint = "/dashboard/orders", input = Json)]
pub async fn list_orders(status: String, q: String, before: Option<i64>) -> Result<OrderPage, ApiError> {
    respond(async move {
        let d = access::dashboard(Action::ViewOrders)?;
        let status = match status.as_str() {
            "" => None,
            s => Some(OrderStatus::parse(s).ok_or_else(|| ApiError::invalid("status", "choose a status"))?),
        };
        let filter = crate::server::db::orders::ListFilter { status, search: q, before };
        Ok(crate::server::db::orders::list(d.db(), d.id(), &filter, ORDERS_PAGE).await?)
    })
    .await
}

/// One of the store's orders by number; another store's number is 404.
#[server(endpoint = "/dashboard/order", input = Json)]
pub async fn owner_order(number: i64) -> Result<Order, ApiError> {
    respond(async move {
        let d = access::dashboard(Action::ViewOrders)?;
        crate::server::db::orders::by_number(d.db(), d.id(), number).await?.ok_or(ApiError::NotFound)
    })
    .await
}

/// Moves an order on (placed → paid → shipped → delivered) or cancels it, which puts its
/// units back in stock and what gift cards paid back on them. `from` is the status the
/// page showed: if someone changed the order since, nothing happens and the answer says so.
#[server(endpoint = "/dashboard/order_status", input = Json)]
pub async fn set_order_status(number: i64, from: OrderStatus, to: OrderStatus) -> Result<Order, ApiError> {
    use crate::server::{db::orders, write::Shows};
    respond(async move {
        // Cancelling gives money and stock back: the roles table keeps it apart.
        let action = if to == OrderStatus::Cancelled { Action::CancelOrders } else { Action::AdvanceOrders };
        let d = access::dashboard(action)?;
        if !from.next().contains(&to) {
            let message = format!(
                "a {} order cannot become {}",
                from.label().to_lowercase(),
                to.label().to_lowercase()
            );
            return Err(ApiError::conflict("status", message));
        }
        // Only the dashboard shows an order; a cancel that puts a sold-out product back on
        // sale changes storefront pages too (below).
        let mut w = d.write(Shows::Privately).await?;
        if !orders::set_status(w.conn(), d.id(), number, from, to).await? {
            drop(w);
            return Err(match orders::by_number(d.db(), d.id(), number).await? {
                None => ApiError::NotFound,
                Some(o) => ApiError::conflict(
                    "status",
                    format!("this order is {} now; reload to see it", o.status.label().to_lowercase()),
                ),
            });
        }
        if to == OrderStatus::Cancelled {
            if orders::restock(w.conn(), d.id(), number).await? {
                w.shows(Shows::Storefront);
            }
            crate::server::db::gift_cards::refund(w.conn(), d.id(), number).await?;
        }
        w.commit("order.status", format!("order #{number}: {} → {}", from.as_str(), to.as_str())).await?;
        orders::by_number(d.db(), d.id(), number).await?.ok_or(ApiError::NotFound)
    })
    .await
}
