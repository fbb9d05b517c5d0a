//! A checkout sent again with its idempotency key: the order it placed, answered only to
//! whoever placed it. The key travels in a page anyone may copy; the order's private link
//! must not travel with it.

use sqlx::AnyConnection;

use super::StoreId;
use crate::model::PlacedOrder;

/// Who is sending a checkout: their cart and, when signed in, their account.
#[derive(Clone, Copy, Debug)]
pub struct Placer<'a> {
    /// The stored hash of the request's cart token.
    pub cart: &'a str,
    pub shopper: Option<i64>,
}

/// What an idempotency key already stands for in a store.
#[derive(Debug, PartialEq, Eq)]
pub enum Replay {
    /// No order has this key: place one.
    New,
    /// This placer's own order, placed before.
    Mine(PlacedOrder),
    /// Someone else's order: nothing of it may be told.
    Taken,
}

/// The order the key placed, judged against who asks now: the same cart, or the same
/// signed-in shopper, gets it again; anyone else learns only that the key is taken.
pub async fn replay(
    conn: &mut AnyConnection,
    store: StoreId,
    key: &str,
    placer: Placer<'_>,
) -> Result<Replay, sqlx::Error> {
    let row: Option<(i64, String, Option<String>, Option<i64>)> = sqlx::query_as(
        "SELECT id, access_token, cart, shopper_id FROM orders WHERE store_id = $1 AND idempotency_key = $2",
    )
    .bind(store.get())
    .bind(key)
    .fetch_optional(conn)
    .await?;
    let Some((number, token, cart, shopper)) = row else { return Ok(Replay::New) };
    let same_cart = cart.as_deref() == Some(placer.cart);
    let same_shopper = shopper.is_some() && shopper == placer.shopper;
    Ok(if same_cart || same_shopper { Replay::Mine(PlacedOrder { number, token }) } else { Replay::Taken })
}
