//! Checkout and the shopper's order page. Placing an order is one transaction: the cart
//! is re-read and re-priced from the database, stock is taken, the order and its lines
//! are written and the cart emptied, or nothing happens.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::error::ApiError;
use crate::model::{Cart, CheckoutInput, Order, PlacedOrder};

#[cfg(feature = "ssr")]
use super::access::respond;

/// The cart to check out and a fresh idempotency key for this showing of the form.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CheckoutStart {
    pub cart: Cart,
    pub key: String,
    /// What the signed-in shopper's wallet holds, when the store has the wallet module.
    pub wallet_cents: Option<i64>,
}

/// What the checkout page shows.
#[server(endpoint = "/checkout/start")]
pub async fn start_checkout() -> Result<CheckoutStart, ApiError> {
    respond(async move {
        let shop = super::cart::server::Shop::of_request()?;
        let cart = shop.load_cart().await?;
        // The checkout offers the wallet only where the store has it.
        let wallet = crate::server::modules::enabled(&shop.ctx, crate::model::Module::Wallet);
        let me = if wallet { super::shopper::server::signed_in(&shop).await? } else { None };
        let wallet_cents = match me {
            Some(me) => Some(
                crate::server::db::gift_cards::wallet(&shop.app.db, shop.ctx.id(), me.id)
                    .await?
                    .balance_cents,
            ),
            None => None,
        };
        Ok(CheckoutStart { cart, key: crate::server::tokens::random_hex(16), wallet_cents })
    })
    .await
}

/// Places the order of the shopper's cart. The same idempotency key sent again from the
/// same cart (or by the same signed-in shopper) answers the first order again; from
/// anyone else it is a conflict that tells nothing of that order.
#[server(endpoint = "/checkout/place", input = Json)]
pub async fn place_order(checkout: CheckoutInput) -> Result<PlacedOrder, ApiError> {
    respond(async move { server::place(checkout).await }).await
}

/// An order by its private link token, in this store only.
#[server(endpoint = "/checkout/order", input = Json)]
pub async fn order_by_token(token: String) -> Result<Order, ApiError> {
    respond(async move {
        let shop = super::cart::server::Shop::of_request()?;
        if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(ApiError::NotFound);
        }
        crate::server::db::orders::by_token(&shop.app.db, shop.ctx.id(), &token)
            .await?
            .ok_or(ApiError::NotFound)
    })
    .await
}

#[cfg(feature = "ssr")]
mod server {
    use super::*;
    use crate::{
        api::{cart::server::Shop, wallet::server::usable},
        error::is_unique_violation,
        model::{format_price, Checkout, Module, OrderItem},
        server::{
            anonymous_writes::AnonymousWrite,
            db::{
                carts, gift_cards,
                order_replays::{self, Placer, Replay},
                orders,
            },
            modules, tokens,
            write::{Shows, Write},
        },
    };
    use sqlx::AnyConnection;

    pub async fn place(input: CheckoutInput) -> Result<PlacedOrder, ApiError> {
        let c = input.check()?;
        let shop = Shop::of_request()?;
        let cart = shop.cart().ok_or_else(empty)?;
        let shopper = crate::api::shopper::server::signed_in(&shop).await?.map(|s| s.id);
        if shopper.is_none() {
            // Counted before the write, so a flood never queues for the writer.
            shop.limit(AnonymousWrite::GuestOrder)?;
        }
        // A key sent again is answered without queueing for the writer; one that places its
        // order meanwhile empties the cart or meets the key's unique index (in the write).
        match placed_before(&shop, &c.idempotency_key, Placer { cart: &cart, shopper }).await? {
            Replay::New => {}
            Replay::Mine(placed) => return Ok(placed),
            Replay::Taken => return Err(taken()),
        }
        let db = shop.app.db.clone();
        db.on_writer(placing(shop, c, cart, shopper)).await
    }

    fn empty() -> ApiError {
        ApiError::conflict("cart", "your cart is empty")
    }

    /// The write of [`place`]: only this runs on the writer.
    async fn placing(
        shop: Shop,
        c: Checkout,
        cart: String,
        shopper: Option<i64>,
    ) -> Result<PlacedOrder, ApiError> {
        let store = shop.ctx.id();
        let placer = Placer { cart: &cart, shopper };
        let actor = format!("shopper {}", c.email);
        // Pages show whether a product can be bought, not how many are left: an order
        // changes none of them unless it sells a product out (below).
        let mut w =
            Write::begin(&shop.app, (None, &actor)).await?.store(store, shop.ctx.code(), Shows::Privately);
        let mut lines = carts::lines_in(w.conn(), store, &cart).await?;
        if lines.is_empty() {
            drop(w);
            return match placed_before(&shop, &c.idempotency_key, placer).await? {
                Replay::New => Err(empty()),
                Replay::Mine(placed) => Ok(placed),
                Replay::Taken => Err(taken()),
            };
        }
        // One order of taking rows, so two checkouts never wait on each other in a circle.
        lines.sort_by_key(|l| l.product_id);
        for l in &lines {
            let Some(left) = orders::take_stock(w.conn(), store, l.product_id, l.quantity).await? else {
                // What is left now: another checkout may have taken units since the cart was read.
                let left = carts::stock_of(w.conn(), store, l.product_id).await?.unwrap_or(0);
                let message = match left {
                    0 => format!("{} is sold out; take it out of your cart to go on", l.name),
                    n => format!("only {n} of {} left; lower the quantity in your cart to go on", l.name),
                };
                return Err(ApiError::conflict("cart", message));
            };
            if left == 0 {
                w.shows(Shows::Storefront);
            }
        }
        let items: Vec<OrderItem> = lines
            .iter()
            .map(|l| OrderItem {
                product_id: l.product_id,
                name: l.name.clone(),
                unit_price_cents: l.unit_price_cents,
                quantity: l.quantity,
            })
            .collect();
        let total: i64 = items.iter().map(OrderItem::total_cents).sum();
        let gift = gift_plan(&shop, w.conn(), &c, shopper, total).await?;
        let gift_cents: i64 = gift.iter().map(|(_, cents)| cents).sum();
        let number = orders::next_number(w.conn(), store).await?;
        let token = tokens::random_hex(32);
        let order = orders::NewOrder {
            number,
            token: &token,
            checkout: &c,
            items: &items,
            gift_cents,
            shopper,
            cart: &cart,
        };
        match orders::insert(w.conn(), store, &order).await {
            Err(e) if is_unique_violation(&e) => {
                drop(w);
                return replayed(&shop, &c.idempotency_key, placer).await;
            }
            other => other?,
        }
        for (card, cents) in gift {
            if !gift_cards::spend(w.conn(), store, card, number, cents).await? {
                let message = "a gift card was spent by another order just now; check it and try again";
                return Err(ApiError::conflict("gift_card", message));
            }
        }
        carts::clear(w.conn(), store, &cart).await?;
        let count: i64 = items.iter().map(|i| i.quantity).sum();
        let paid = match gift_cents {
            0 => String::new(),
            g => format!(", {} by gift card", format_price(g)),
        };
        let detail = format!("order #{number}: {count} items, {}{paid}", format_price(total));
        w.commit("order.place", detail).await?;
        Ok(PlacedOrder { number, token })
    }

    /// Which gift cards pay how much of `total`: the typed code's card first, then, when
    /// asked, the signed-in shopper's wallet, soonest to expire first. A typed card joins
    /// the signed-in shopper's wallet; a card in another account's wallet is refused.
    async fn gift_plan(
        shop: &Shop,
        conn: &mut AnyConnection,
        c: &Checkout,
        shopper: Option<i64>,
        total: i64,
    ) -> Result<Vec<(i64, i64)>, ApiError> {
        if c.gift_card.is_none() && !c.use_wallet {
            return Ok(Vec::new());
        }
        modules::require(&shop.ctx, Module::Wallet)?;
        let store = shop.ctx.id();
        let refuse = |m: &str| ApiError::conflict("gift_card", m);
        let mut cards = Vec::new();
        if let Some(code) = &c.gift_card {
            let card = usable(conn, store, code, "gift_card", shopper).await?;
            if card.balance_cents == 0 {
                return Err(refuse("this gift card has nothing left on it"));
            }
            cards.push(card);
        }
        if c.use_wallet {
            let me =
                shopper.ok_or_else(|| ApiError::invalid("gift_card", "sign in to pay with your wallet"))?;
            for card in gift_cards::spendable(conn, store, me).await? {
                if !cards.iter().any(|k| k.id == card.id) {
                    cards.push(card);
                }
            }
        }
        let mut left = total;
        let mut plan = Vec::new();
        for card in cards {
            let take = card.balance_cents.min(left);
            if take > 0 {
                plan.push((card.id, take));
                left -= take;
            }
        }
        Ok(plan)
    }

    /// What `key` placed already in this store, judged against `placer`.
    async fn placed_before(shop: &Shop, key: &str, placer: Placer<'_>) -> Result<Replay, ApiError> {
        Ok(order_replays::replay(&mut *shop.app.db.read().await?, shop.ctx.id(), key, placer).await?)
    }

    /// The order a concurrent submission with the same key placed first.
    async fn replayed(shop: &Shop, key: &str, placer: Placer<'_>) -> Result<PlacedOrder, ApiError> {
        match placed_before(shop, key, placer).await? {
            Replay::New => Err(ApiError::conflict("cart", "this checkout was already sent; reload the page")),
            Replay::Mine(placed) => Ok(placed),
            Replay::Taken => Err(taken()),
        }
    }

    /// A key another cart placed an order with: a conflict that names nothing of that order.
    fn taken() -> ApiError {
        let message =
            "this checkout was already sent from another cart; reload the checkout page to start again";
        ApiError::conflict("cart", message)
    }
}
