//! The reviews module: shoppers who bought a product review it, everyone reads the
//! reviews on the product page, the owner hides the ones that do not belong. Behind the
//! module gate (`crate::routes`): a store without the module answers 403 `module not enabled`.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::error::ApiError;
use crate::model::{OwnerReview, ProductReviews, ReviewInput, ReviewStanding};

#[cfg(feature = "ssr")]
use {
    super::access::{dashboard, respond, Action},
    super::cart::server::Shop,
};

/// A product's visible reviews and their average (part of the public product page).
#[server(endpoint = "/reviews/list", input = Json)]
pub async fn load_reviews(product_id: i64) -> Result<ProductReviews, ApiError> {
    respond(async move {
        let shop = Shop::of_request()?;
        Ok(crate::server::db::reviews::of_product(&shop.app.db, shop.ctx.id(), product_id).await?)
    })
    .await
}

/// Whether the shopper looking at a product may review it, and their review. Asked from
/// the browser: the product page is the same (and cached) for everyone.
#[server(endpoint = "/reviews/standing", input = Json)]
pub async fn my_review_standing(product_id: i64) -> Result<ReviewStanding, ApiError> {
    respond(async move { server::standing(product_id).await }).await
}

/// Writes or replaces the signed-in shopper's review of a product they bought.
#[server(endpoint = "/reviews/post", input = Json)]
pub async fn post_review(review: ReviewInput) -> Result<ReviewStanding, ApiError> {
    respond(async move { server::post(review).await }).await
}

/// The store's reviews, hidden ones too (owner, staff and admins).
#[server(endpoint = "/dashboard/reviews")]
pub async fn owner_reviews() -> Result<Vec<OwnerReview>, ApiError> {
    respond(async move {
        let d = dashboard(Action::View)?;
        Ok(crate::server::db::reviews::of_store(d.db(), d.id()).await?)
    })
    .await
}

/// Hides a review from the product page, or shows it again.
#[server(endpoint = "/dashboard/review_visibility", input = Json)]
pub async fn set_review_hidden(product_id: i64, shopper_id: i64, hidden: bool) -> Result<(), ApiError> {
    respond(async move { server::set_hidden(product_id, shopper_id, hidden).await }).await
}

#[cfg(feature = "ssr")]
mod server {
    use super::*;
    use crate::{
        api::shopper::server::signed_in,
        server::{
            db::reviews,
            write::{Shows, Write},
        },
    };

    pub async fn standing(product: i64) -> Result<ReviewStanding, ApiError> {
        let shop = Shop::of_request()?;
        let Some(me) = signed_in(&shop).await? else { return Ok(ReviewStanding::default()) };
        let store = shop.ctx.id();
        let mut conn = shop.app.db.pool.acquire().await?;
        let bought = reviews::bought(&mut conn, store, me.id, product).await?;
        drop(conn);
        let mine = reviews::mine(&shop.app.db, store, me.id, product).await?;
        Ok(ReviewStanding { signed_in: true, bought, mine })
    }

    pub async fn post(input: ReviewInput) -> Result<ReviewStanding, ApiError> {
        let shop = Shop::of_request()?;
        let me = signed_in(&shop).await?.ok_or(ApiError::Unauthorized)?;
        let review = input.check()?;
        let store = shop.ctx.id();
        let actor = format!("shopper {}", me.email);
        // The product page shows reviews: its cached copies start over.
        let mut w =
            Write::begin(&shop.app, (None, &actor)).await?.store(store, shop.ctx.code(), Shows::Storefront);
        if !reviews::bought(w.conn(), store, me.id, review.product_id).await? {
            let message = "only shoppers who bought this product can review it";
            return Err(ApiError::conflict("rating", message));
        }
        let author = if me.name.trim().is_empty() { "A shopper" } else { me.name.trim() };
        reviews::put(w.conn(), store, me.id, author, &review).await?;
        w.commit("review.post", format!("product {}: {} stars", review.product_id, review.rating)).await?;
        standing(review.product_id).await
    }

    pub async fn set_hidden(product: i64, shopper: i64, hidden: bool) -> Result<(), ApiError> {
        let d = dashboard(Action::ModerateReviews)?;
        let mut w = d.write(Shows::Storefront).await?;
        if !reviews::set_hidden(w.conn(), d.id(), product, shopper, hidden).await? {
            return Err(ApiError::NotFound);
        }
        let action = if hidden { "review.hide" } else { "review.show" };
        w.commit(action, format!("product {product}: review by shopper {shopper}")).await?;
        Ok(())
    }
}
