//! The public JSON API of a storefront (`/api/v1/…`, module APIs) and tenant config.

use axum::{
    extract::{rejection::JsonRejection, Path, Query, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Extension, Json,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{
    auth::password,
    db::{api_keys, audit, products},
    error::AppError,
    modules,
    state::AppState,
    tenancy::Site,
};
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

/// The body of a product write.
#[derive(Deserialize)]
pub struct ProductBody {
    name: String,
    #[serde(default)]
    description: String,
    price_cents: i64,
}

/// The API key of a write: `Authorization: Bearer ak_…`, live, of this very store.
async fn authorize_key(
    app: &AppState,
    ctx: &super::tenancy::StoreCtx,
    headers: &HeaderMap,
) -> Result<String, Box<Response>> {
    let refuse = || {
        let mut res =
            (StatusCode::UNAUTHORIZED, Json(json!({ "error": "an API key of this store is required" })))
                .into_response();
        res.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        Box::new(res)
    };
    let key = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .ok_or_else(refuse)?;
    // ak_{8 hex}_{64 hex}
    let prefix = key.get(..11).filter(|p| p.starts_with("ak_") && key.len() == 76).ok_or_else(refuse)?;
    let found = api_keys::live_by_prefix(&app.db, ctx.id(), prefix)
        .await
        .map_err(|e| Box::new(AppError::from(e).into_response()))?;
    match found {
        Some((id, hash)) if password::same_digest(&hash, &password::sha256_hex(key)) => {
            let _ = api_keys::touch(&app.db, ctx.id(), id).await;
            Ok(format!("api key {prefix}"))
        }
        _ => Err(refuse()),
    }
}

fn product_input(
    body: Result<Json<ProductBody>, JsonRejection>,
) -> Result<products::NewProduct, Box<Response>> {
    let invalid = |m: String| Box::new(AppError::Invalid(m).into_response());
    let Json(b) = body.map_err(|e| invalid(format!("body: {}", e.body_text())))?;
    products::NewProduct::check(&b.name, &b.description, b.price_cents)
        .map_err(|problems| invalid(problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")))
}

async fn audit_key(
    app: &AppState,
    ctx: &super::tenancy::StoreCtx,
    actor: &str,
    action: &str,
    detail: String,
) {
    let entry = audit::Entry {
        actor_id: None,
        actor_email: actor,
        store: Some((ctx.id(), ctx.code())),
        action,
        detail,
    };
    audit::record_or_log(&app.db, entry).await;
}

/// What a product write needs, checked in order: a storefront, a live key of that store,
/// a valid body. Returns the store, the key's name for the audit log and the product.
async fn keyed_product_write<'a>(
    app: &AppState,
    site: &'a Site,
    headers: &HeaderMap,
    body: Result<Json<ProductBody>, JsonRejection>,
) -> Result<(&'a super::tenancy::StoreCtx, String, products::NewProduct), Box<Response>> {
    let Site::Storefront(ctx) = site else { return Err(Box::new(store_not_found())) };
    let actor = authorize_key(app, ctx, headers).await?;
    Ok((ctx, actor, product_input(body)?))
}

/// `POST /api/v1/products` with an API key: creates a product (201).
pub async fn create_product(
    State(app): State<AppState>,
    Extension(site): Extension<Site>,
    headers: HeaderMap,
    body: Result<Json<ProductBody>, JsonRejection>,
) -> Response {
    let (ctx, actor, new) = match keyed_product_write(&app, &site, &headers, body).await {
        Ok(w) => w,
        Err(r) => return *r,
    };
    match products::create(&app.db, ctx.id(), &new).await {
        Ok(p) => {
            audit_key(&app, ctx, &actor, "product.create", format!("{}: {} at {}", p.id, p.name, p.price()))
                .await;
            app.resolver.invalidate_store(ctx.id(), ctx.code(), &[]).await;
            (StatusCode::CREATED, Json(p)).into_response()
        }
        Err(e) => AppError::from(e).into_response(),
    }
}

/// `PUT /api/v1/products/{id}` with an API key: replaces one of this store's products.
pub async fn update_product(
    State(app): State<AppState>,
    Extension(site): Extension<Site>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Result<Json<ProductBody>, JsonRejection>,
) -> Response {
    let (ctx, actor, new) = match keyed_product_write(&app, &site, &headers, body).await {
        Ok(w) => w,
        Err(r) => return *r,
    };
    match products::update(&app.db, ctx.id(), id, &new).await {
        Ok(true) => {
            audit_key(&app, ctx, &actor, "product.update", format!("{id}: {}", new.name)).await;
            app.resolver.invalidate_store(ctx.id(), ctx.code(), &[]).await;
            match products::get(&app.db, ctx.id(), id).await {
                Ok(Some(p)) => Json(p).into_response(),
                Ok(None) => AppError::NotFound.into_response(),
                Err(e) => AppError::from(e).into_response(),
            }
        }
        Ok(false) => AppError::NotFound.into_response(),
        Err(e) => AppError::from(e).into_response(),
    }
}

/// `DELETE /api/v1/products/{id}` with an API key (204).
pub async fn delete_product(
    State(app): State<AppState>,
    Extension(site): Extension<Site>,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Response {
    let Site::Storefront(ctx) = &site else { return store_not_found() };
    let actor = match authorize_key(&app, ctx, &headers).await {
        Ok(a) => a,
        Err(r) => return *r,
    };
    match products::delete(&app.db, ctx.id(), id).await {
        Ok(true) => {
            audit_key(&app, ctx, &actor, "product.delete", id.to_string()).await;
            app.resolver.invalidate_store(ctx.id(), ctx.code(), &[]).await;
            StatusCode::NO_CONTENT.into_response()
        }
        Ok(false) => AppError::NotFound.into_response(),
        Err(e) => AppError::from(e).into_response(),
    }
}

/// `GET /api/wallet/balance`: gated by the wallet module.
pub async fn wallet_balance(Extension(site): Extension<Site>) -> Response {
    let Site::Storefront(ctx) = &site else {
        return store_not_found();
    };
    if let Err(disabled) = modules::require(ctx, modules::Module::Wallet) {
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
