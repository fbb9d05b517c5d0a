//! The wallet module: gift cards. The owner issues them in the dashboard; a signed-in
//! shopper keeps them in their account's wallet and spends them at checkout. Behind the
//! module gate (`crate::routes`): a store without the module answers 403 `module not enabled`.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::error::ApiError;
use crate::model::{GiftCard, GiftCardInput, IssuedGiftCard, Wallet};

#[cfg(feature = "ssr")]
use {super::access::respond, super::cart::server::Shop};

/// The signed-in shopper's wallet; `None` when signed out.
#[server(endpoint = "/wallet/get")]
pub async fn my_wallet() -> Result<Option<Wallet>, ApiError> {
    respond(async move {
        let shop = Shop::of_request()?;
        let Some(me) = super::shopper::server::signed_in(&shop).await? else { return Ok(None) };
        Ok(Some(crate::server::db::gift_cards::wallet(&shop.app.db, shop.ctx.id(), me.id).await?))
    })
    .await
}

/// Adds a gift card to the signed-in shopper's wallet by its code.
#[server(endpoint = "/wallet/add")]
pub async fn add_gift_card(code: String) -> Result<Wallet, ApiError> {
    respond(async move { server::add(code).await }).await
}

/// The store's gift cards, newest first (owner, staff and admins).
#[server(endpoint = "/dashboard/gift_cards")]
pub async fn gift_cards() -> Result<Vec<GiftCard>, ApiError> {
    use super::access::{dashboard, Action};
    respond(async move {
        let d = dashboard(Action::ViewGiftCards)?;
        Ok(crate::server::db::gift_cards::list(d.db(), d.id()).await?)
    })
    .await
}

/// Issues a gift card (owner and admins): the answer is the only time its code is shown.
#[server(endpoint = "/dashboard/gift_card_issue", input = Json)]
pub async fn issue_gift_card(card: GiftCardInput) -> Result<IssuedGiftCard, ApiError> {
    respond(async move { server::issue(card).await }).await
}

#[cfg(feature = "ssr")]
pub(super) mod server {
    use super::*;
    use crate::{
        api::{
            access::{dashboard, Action},
            shopper::server::signed_in,
        },
        model::{format_code, format_price, normalize_code},
        server::{
            db::{gift_cards, now, StoreId},
            write::Shows,
        },
    };
    use sqlx::AnyConnection;

    pub async fn add(code: String) -> Result<Wallet, ApiError> {
        let shop = Shop::of_request()?;
        let me = signed_in(&shop).await?.ok_or(ApiError::Unauthorized)?;
        let code = normalize_code(&code)
            .ok_or_else(|| ApiError::invalid("code", "enter the 16-character code as printed on the card"))?;
        let store = shop.ctx.id();
        let mut tx = shop.app.db.begin_write().await?;
        usable(&mut tx, store, &code, "code", Some(me.id)).await?;
        tx.commit().await?;
        Ok(gift_cards::wallet(&shop.app.db, store, me.id).await?)
    }

    /// The card a typed code names, refused (with `field` named) when this store has no
    /// such card, it has expired, or another account's wallet holds it. With a signed-in
    /// shopper, the card joins their wallet.
    pub async fn usable(
        conn: &mut AnyConnection,
        store: StoreId,
        code: &str,
        field: &'static str,
        shopper: Option<i64>,
    ) -> Result<gift_cards::Found, ApiError> {
        let card = gift_cards::by_code(conn, store, code)
            .await?
            .ok_or_else(|| ApiError::invalid(field, "this store has no gift card with this code"))?;
        if card.expires_at.is_some_and(|at| at <= now()) {
            return Err(ApiError::conflict(field, "this gift card has expired"));
        }
        let held_elsewhere = match shopper {
            Some(me) => !gift_cards::keep(conn, store, card.id, me).await?,
            None => card.shopper_id.is_some(),
        };
        if held_elsewhere {
            return Err(ApiError::conflict(field, "this gift card is in another account's wallet"));
        }
        Ok(card)
    }

    pub async fn issue(input: GiftCardInput) -> Result<IssuedGiftCard, ApiError> {
        let d = dashboard(Action::IssueGiftCards)?;
        let new = input.check(now())?;
        let mut w = d.write(Shows::Privately).await?;
        let (card, code) = gift_cards::issue(w.conn(), d.id(), new).await?;
        w.commit("gift_card.issue", format!("card {}: {}", card.label(), format_price(card.initial_cents)))
            .await?;
        Ok(IssuedGiftCard { card, code: format_code(&code) })
    }
}
