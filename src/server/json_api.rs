//! The public JSON API of a storefront (`/api/v1/…`, module APIs) and tenant config.

use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    Extension, Json,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{db::products, error::AppError, modules, state::AppState, tenancy::Site};
use crate::model::{Product, ProductSort, PublicStore};

/// The JSON answer for a request that names no store.
fn store_not_found() -> Response {
    (StatusCode::NOT_FOUND, Json(json!({ "error": "store not found" }))).into_response()
}

#[derive(Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    sort: String,
    page: Option<i64>,
    per_page: Option<i64>,
}

#[derive(Serialize)]
struct ProductList<'a> {
    store: &'a str,
    products: Vec<Product>,
}

/// `GET /api/v1/products`: the store's products (`q`, `sort`, `page`, `per_page` ≤ 100).
pub async fn list_products(
    State(app): State<AppState>,
    Extension(site): Extension<Site>,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Site::Storefront(ctx) = &site else {
        return store_not_found();
    };
    let Ok(Query(q)) = query else {
        return AppError::Invalid("page and per_page must be whole numbers".into()).into_response();
    };
    let sort = ProductSort::parse(&q.sort);
    let page =
        products::list(&app.db, ctx.id(), &q.q, sort, q.page.unwrap_or(1), q.per_page.unwrap_or(50)).await;
    match page {
        Ok(page) => Json(ProductList { store: ctx.code(), products: page.products }).into_response(),
        Err(e) => AppError::from(e).into_response(),
    }
}

/// `GET /api/wallet/balance`: gated by the wallet module.
pub async fn wallet_balance(Extension(site): Extension<Site>) -> Response {
    let Site::Storefront(ctx) = &site else {
        return store_not_found();
    };
    if let Err(disabled) = modules::require(ctx, "wallet") {
        return disabled.into_response();
    }
    // Balances belong to shopper accounts; without a signed-in shopper there is none to show.
    (StatusCode::UNAUTHORIZED, Json(json!({ "error": "sign in to see your wallet balance" }))).into_response()
}

/// `GET /api/tenants/by-subdomain/{sub}/config`: public name, theme and modules of an active store.
pub async fn tenant_config(State(app): State<AppState>, Path(sub): Path<String>) -> Response {
    let Ok(code) = super::tenancy::StoreCode::parse(&sub) else {
        return store_not_found();
    };
    match app.resolver.by_code(code.as_str()).await {
        Ok(Some(s)) if s.status == super::db::stores::StoreStatus::Active => Json(PublicStore {
            code: s.code.clone(),
            name: s.name.clone(),
            logo_url: s.logo_url.clone(),
            theme: s.theme.clone(),
            modules: s.modules.clone(),
        })
        .into_response(),
        Ok(_) => store_not_found(),
        Err(e) => {
            tracing::error!(error = %e, "tenant config lookup failed");
            super::pages::unavailable()
        }
    }
}
