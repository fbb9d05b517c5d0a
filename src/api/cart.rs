//! The shopper's cart: server functions on the store's own host. The cart is the one of
//! the request's cookie in the request's store; no call names a store or a cart.

use leptos::prelude::*;

use crate::error::ApiError;
use crate::model::Cart;

#[cfg(feature = "ssr")]
use super::access::respond;

/// Units in the shopper's cart: what the badge in the header shows once the page is live.
#[server(endpoint = "/cart/count")]
pub async fn cart_count() -> Result<i64, ApiError> {
    respond(async move {
        let shop = server::Shop::of_request()?;
        let Some(cart) = shop.cart() else { return Ok(0) };
        Ok(crate::server::db::carts::count(&shop.app.db, shop.ctx.id(), &cart).await?)
    })
    .await
}

/// The shopper's cart with current prices and stock.
#[server(endpoint = "/cart/get")]
pub async fn get_cart() -> Result<Cart, ApiError> {
    respond(async move { server::Shop::of_request()?.load_cart().await }).await
}

/// Puts `quantity` more of a product in the cart (a new cart when there is none).
#[server(endpoint = "/cart/add")]
pub async fn add_to_cart(product_id: i64, quantity: i64) -> Result<Cart, ApiError> {
    respond(async move { server::Shop::of_request()?.change(product_id, server::Put::Add(quantity)).await })
        .await
}

/// Sets how many of a product the cart holds; 0 takes it out.
#[server(endpoint = "/cart/set")]
pub async fn set_cart_quantity(product_id: i64, quantity: i64) -> Result<Cart, ApiError> {
    respond(async move { server::Shop::of_request()?.change(product_id, server::Put::Set(quantity)).await })
        .await
}

#[cfg(feature = "ssr")]
pub(crate) mod server {
    use leptos::prelude::*;

    use crate::{
        api::access,
        error::ApiError,
        model::{Availability, Cart, MAX_LINES, MAX_QUANTITY},
        server::{
            anonymous_writes::AnonymousWrite,
            db::carts,
            shopper_cookies::{self, Kind},
            state::AppState,
            tenancy::{ClientIp, StoreCtx},
        },
    };

    /// A storefront request: its store, app, client and headers.
    pub struct Shop {
        pub app: AppState,
        pub ctx: StoreCtx,
        headers: http::HeaderMap,
        client: Option<std::net::IpAddr>,
    }

    pub use crate::server::db::carts::Put;

    impl Shop {
        /// The store of this request (404 on a host without one). Which modules the call
        /// needs, the module gate checked before it ran.
        pub fn of_request() -> Result<Self, ApiError> {
            let ctx = use_context::<StoreCtx>().ok_or(ApiError::NotFound)?;
            let parts = use_context::<http::request::Parts>();
            let client = parts.as_ref().and_then(|p| p.extensions.get::<ClientIp>()).map(|c| c.0);
            let headers = parts.map(|p| p.headers).unwrap_or_default();
            Ok(Self { app: access::state()?, ctx, headers, client })
        }

        /// The stored hash of this request's `kind` token, if it sent one.
        pub fn token(&self, kind: Kind) -> Option<String> {
            shopper_cookies::read(kind, &self.ctx, &self.headers)
        }

        /// The stored hash of this request's cart token, if it sent one.
        pub fn cart(&self) -> Option<String> {
            shopper_cookies::read(Kind::Cart, &self.ctx, &self.headers)
        }

        /// Counts a write that an anonymous shopper makes the server do (a new cart, a guest
        /// order) against this client's and this store's limits; 429 past either.
        pub fn limit(&self, write: AnonymousWrite) -> Result<(), ApiError> {
            let limits = &self.app.anonymous_writes;
            limits
                .check(write, self.ctx.id(), self.client)
                .map_err(|retry_after| ApiError::Throttled { retry_after })
        }

        pub async fn load_cart(&self) -> Result<Cart, ApiError> {
            let Some(cart) = self.cart() else { return Ok(Cart::default()) };
            Ok(Cart { lines: carts::lines(&self.app.db, self.ctx.id(), &cart).await? })
        }

        /// Adds or sets a product's quantity, within the stock left and the cart's bounds.
        pub async fn change(&self, product: i64, put: Put) -> Result<Cart, ApiError> {
            let (least, quantity) = match put {
                Put::Add(n) => (1, n),
                Put::Set(n) => (0, n),
            };
            if !(least..=MAX_QUANTITY).contains(&quantity) {
                return Err(ApiError::invalid("quantity", format!("choose {least} to {MAX_QUANTITY}")));
            }
            let store = self.ctx.id();
            let response = expect_context::<leptos_axum::ResponseOptions>();
            let (cart, fresh) = match self.cart() {
                Some(cart) => (cart, false),
                None if quantity == 0 => return Ok(Cart::default()),
                None => {
                    self.limit(AnonymousWrite::NewCart)?;
                    let (cart, cookie) = shopper_cookies::issue(Kind::Cart, &self.ctx);
                    response.append_header(http::header::SET_COOKIE, cookie);
                    (cart, true)
                }
            };
            if !fresh {
                // A token the store has no cart for (made up, or of a cart that expired) would
                // start a cart as surely as no cookie: it counts the same, before the writer.
                let mut conn = self.app.db.pool.acquire().await?;
                if !carts::exists(&mut conn, store, &cart).await? {
                    self.limit(AnonymousWrite::NewCart)?;
                }
                // A cart in use keeps its cookie as long as it keeps its rows.
                if let Some(cookie) = shopper_cookies::renew(Kind::Cart, &self.ctx, &self.headers) {
                    response.append_header(http::header::SET_COOKIE, cookie);
                }
            }
            let app = self.app.clone();
            let done = {
                let cart = cart.clone();
                self.app.db.on_writer(async move { changing(app, store, cart, product, put).await }).await?
            };
            if !done {
                return Err(self.refusal(&cart, product, put).await?);
            }
            Ok(Cart { lines: carts::lines(&self.app.db, store, &cart).await? })
        }

        /// Why the bounds refused a change to a cart line, read after the write let go of
        /// its turn.
        async fn refusal(&self, cart: &str, product: i64, put: Put) -> Result<ApiError, ApiError> {
            let mut conn = self.app.db.read().await?;
            let Some((stock, held, lines)) =
                carts::line_bounds(&mut conn, self.ctx.id(), cart, product).await?
            else {
                return Ok(ApiError::NotFound);
            };
            let wanted = match put {
                Put::Add(n) => held + n,
                Put::Set(n) => n,
            };
            Ok(if held == 0 && lines >= MAX_LINES as i64 {
                ApiError::invalid("quantity", format!("a cart holds at most {MAX_LINES} different products"))
            } else if wanted > MAX_QUANTITY {
                ApiError::invalid("quantity", format!("at most {MAX_QUANTITY} of one product per order"))
            } else if wanted > stock {
                let message = match Availability::of(stock) {
                    Availability::SoldOut => "sold out".to_string(),
                    _ if held > 0 => format!("only {stock} left, and {held} are in your cart"),
                    _ => format!("only {stock} left"),
                };
                ApiError::conflict("quantity", message)
            } else {
                // Another change to this cart or this product's stock came between.
                ApiError::conflict("quantity", "your cart changed just now; try again")
            })
        }
    }

    /// The write of [`Shop::change`], once its cart is known: two statements of their own,
    /// the cart started or kept, then the line put within its bounds (false when refused).
    /// A cart started for a refused line is an empty cart, which expires as any other.
    async fn changing(
        app: AppState,
        store: crate::server::db::StoreId,
        cart: String,
        product: i64,
        put: Put,
    ) -> Result<bool, ApiError> {
        let mut conn = app.db.write_conn().await?;
        carts::touch(&mut conn, store, &cart).await?;
        if let Put::Set(0) = put {
            carts::remove_line(&mut conn, store, &cart, product).await?;
            return Ok(true);
        }
        let bounds = carts::LineBounds { quantity: MAX_QUANTITY, lines: MAX_LINES as i64 };
        Ok(carts::put_line(&mut conn, store, &cart, product, put, bounds).await?)
    }
}
