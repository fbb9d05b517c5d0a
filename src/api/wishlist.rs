//! The wishlist module: a signed-in shopper saves products to come back to. Behind the
//! module gate (`crate::routes`): a store without the module answers 403 `module not enabled`.

use leptos::prelude::*;

use crate::error::ApiError;
use crate::model::Product;

#[cfg(feature = "ssr")]
use {super::access::respond, super::cart::server::Shop};

/// The signed-in shopper's saved products; `None` when signed out (the page then offers
/// to sign in).
#[server(endpoint = "/wishlist/list")]
pub async fn wishlist() -> Result<Option<Vec<Product>>, ApiError> {
    respond(async move {
        let shop = Shop::of_request()?;
        let Some(me) = super::shopper::server::signed_in(&shop).await? else { return Ok(None) };
        Ok(Some(crate::server::db::wishlists::list(&shop.app.db, shop.ctx.id(), me.id).await?))
    })
    .await
}

/// Saves a product of this store to the wishlist.
#[server(endpoint = "/wishlist/save")]
pub async fn save_to_wishlist(product_id: i64) -> Result<(), ApiError> {
    respond(async move {
        let (shop, me) = server::signed_in_with_wishlist().await?;
        match crate::server::db::wishlists::add(&shop.app.db, shop.ctx.id(), me, product_id).await? {
            true => Ok(()),
            false => Err(ApiError::NotFound),
        }
    })
    .await
}

/// Takes a product off the wishlist.
#[server(endpoint = "/wishlist/remove")]
pub async fn remove_from_wishlist(product_id: i64) -> Result<(), ApiError> {
    respond(async move {
        let (shop, me) = server::signed_in_with_wishlist().await?;
        Ok(crate::server::db::wishlists::remove(&shop.app.db, shop.ctx.id(), me, product_id).await?)
    })
    .await
}

#[cfg(feature = "ssr")]
mod server {
    use super::*;
    use crate::api::shopper::server::signed_in;

    /// The store (with the module, else 403) and the signed-in shopper (else 401).
    pub async fn signed_in_with_wishlist() -> Result<(Shop, i64), ApiError> {
        let shop = Shop::of_request()?;
        let me = signed_in(&shop).await?.ok_or(ApiError::Unauthorized)?;
        Ok((shop, me.id))
    }
}
