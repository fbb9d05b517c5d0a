//! Storefront server functions: the store comes from the request's resolved site.

use leptos::prelude::*;

use crate::error::ApiError;
use crate::model::{Product, ProductPage, ProductSort};

#[cfg(feature = "ssr")]
use super::access::respond;

/// Products per storefront page.
pub const PAGE_SIZE: i64 = 24;

/// The store of this request and the database; a host with no store is 404.
#[cfg(feature = "ssr")]
fn store_and_db() -> Result<(crate::server::tenancy::StoreCtx, crate::server::db::Db), ApiError> {
    let ctx = use_context::<crate::server::tenancy::StoreCtx>().ok_or(ApiError::NotFound)?;
    Ok((ctx, super::access::state()?.db.clone()))
}

/// A page of this store's products, filtered by `q` and ordered by `sort`.
#[server]
pub async fn list_products(q: String, sort: ProductSort, page: i64) -> Result<ProductPage, ApiError> {
    respond(async move {
        let (ctx, db) = store_and_db()?;
        Ok(crate::server::db::products::list(&db, ctx.id(), &q, sort, page, PAGE_SIZE).await?)
    })
    .await
}

/// One product of this store; another store's id is `None`.
#[server]
pub async fn get_product(id: i64) -> Result<Option<Product>, ApiError> {
    respond(async move {
        let (ctx, db) = store_and_db()?;
        Ok(crate::server::db::products::get(&db, ctx.id(), id).await?)
    })
    .await
}
