//! Storefront server functions: the store comes from the request's resolved site.

use leptos::prelude::*;

use crate::model::{Product, ProductPage, ProductSort};

/// Products per storefront page.
pub const PAGE_SIZE: i64 = 24;

#[cfg(feature = "ssr")]
fn store_and_db() -> Result<(crate::server::tenancy::StoreCtx, crate::server::db::Db), ServerFnError> {
    let Some(ctx) = use_context::<crate::server::tenancy::StoreCtx>() else {
        // Not the server's fault: the host names no store, as a page there would say.
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            res.set_status(http::StatusCode::NOT_FOUND);
        }
        return Err(ServerFnError::new("no store at this address"));
    };
    let state = use_context::<crate::server::state::AppState>()
        .ok_or_else(|| ServerFnError::new("server not ready"))?;
    Ok((ctx, state.db.clone()))
}

#[cfg(feature = "ssr")]
fn internal(e: sqlx::Error) -> ServerFnError {
    tracing::error!(error = %e, "storefront query failed");
    ServerFnError::new("could not load products, please try again")
}

/// A page of this store's products, filtered by `q` and ordered by `sort`.
#[server]
pub async fn list_products(q: String, sort: ProductSort, page: i64) -> Result<ProductPage, ServerFnError> {
    let (ctx, db) = store_and_db()?;
    crate::server::db::products::list(&db, ctx.id(), &q, sort, page, PAGE_SIZE).await.map_err(internal)
}

/// One product of this store; another store's id is `None`.
#[server]
pub async fn get_product(id: i64) -> Result<Option<Product>, ServerFnError> {
    let (ctx, db) = store_and_db()?;
    crate::server::db::products::get(&db, ctx.id(), id).await.map_err(internal)
}
