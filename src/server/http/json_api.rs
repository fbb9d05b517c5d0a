//! The public JSON API of a storefront (`/api/v1/…`, module APIs) and tenant config.
//! Every handler returns `Result<_, ApiError>`: errors have the one JSON shape.

use axum::{
    extract::{rejection::JsonRejection, rejection::QueryRejection, Path, Query, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Extension, Json,
};
use serde::{Deserialize, Serialize};

use crate::{
    error::ApiError,
    model::{Product, ProductSort},
    server::{
        auth::api_key,
        db::{gift_cards, products, shoppers, stores::StoreStatus},
        shopper_cookies::{self, Kind},
        state::AppState,
        tenancy::{Site, StoreCode, StoreCtx},
        write::{Shows, Write},
    },
};

/// The store of a storefront request; any other site has no store: 404.
fn storefront(site: &Site) -> Result<&StoreCtx, ApiError> {
    match site {
        Site::Storefront(ctx) => Ok(ctx),
        _ => Err(ApiError::NotFound),
    }
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
pub struct ProductList<'a> {
    store: &'a str,
    products: Vec<Listed>,
}

/// A product as the public list shows it: whether it can be bought, not how many are left.
/// The list is shared and cached like the pages, so a count would be wrong after the next
/// order; an API key's product writes answer with the count.
#[derive(Serialize)]
pub struct Listed {
    id: i64,
    name: String,
    price_cents: i64,
    description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    image_url: Option<String>,
    available: bool,
}

impl From<Product> for Listed {
    fn from(p: Product) -> Self {
        let available = !p.sold_out();
        Self {
            id: p.id,
            name: p.name,
            price_cents: p.price_cents,
            description: p.description,
            image_url: p.image_url,
            available,
        }
    }
}

/// `GET /api/v1/products`: the store's products (`q`, `sort`, `page`, `per_page` ≤ 100).
pub async fn list_products(
    State(app): State<AppState>,
    Extension(site): Extension<Site>,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let ctx = storefront(&site)?;
    let Query(q) = query.map_err(|_| ApiError::invalid("page", "page and per_page must be whole numbers"))?;
    let sort = ProductSort::parse(&q.sort);
    let page =
        products::list(&app.db, ctx.id(), &q.q, sort, q.page.unwrap_or(1), q.per_page.unwrap_or(50)).await?;
    let products = page.products.into_iter().map(Listed::from).collect();
    Ok(Json(ProductList { store: ctx.code(), products }).into_response())
}

/// The body of a product write.
#[derive(Deserialize)]
pub struct ProductBody {
    name: String,
    #[serde(default)]
    description: String,
    price_cents: i64,
    /// Units in stock; left out, a new product has none and a replaced one keeps its count.
    #[serde(default)]
    stock: Option<i64>,
}

/// What a product write needs, checked in order: a storefront, a live key of that store,
/// a valid body. The write is begun with the key as its actor.
async fn keyed_product_write(
    app: &AppState,
    site: &Site,
    headers: &HeaderMap,
    body: Result<Json<ProductBody>, JsonRejection>,
) -> Result<(Write, products::NewProduct), ApiError> {
    let ctx = storefront(site)?;
    let actor = api_key::authorize(app, ctx, headers).await?;
    let Json(b) = body.map_err(body_problem)?;
    let new = products::NewProduct::check(&b.name, &b.description, b.price_cents, b.stock)?;
    let w = Write::begin(app, (None, &actor)).await?.store(ctx.id(), ctx.code(), Shows::Storefront);
    Ok((w, new))
}

/// What is wrong with a body that could not be read, without the parser's internals.
fn body_problem(rejection: JsonRejection) -> ApiError {
    let message = match rejection {
        JsonRejection::MissingJsonContentType(_) => "send the body as JSON (Content-Type: application/json)",
        JsonRejection::JsonSyntaxError(_) => "the body is not valid JSON",
        JsonRejection::JsonDataError(_) => {
            "the body needs name (text), price_cents (a whole number) and optionally description (text) and stock (a whole number)"
        }
        _ => "the body could not be read",
    };
    ApiError::invalid("body", message)
}

/// A refused key is a 401 with the Bearer challenge (RFC 6750), for the `/api/v1` routes.
pub async fn bearer_challenge(mut res: Response) -> Response {
    if res.status() == StatusCode::UNAUTHORIZED {
        res.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    res
}

/// `POST /api/v1/products` with an API key: creates a product (201).
pub async fn create_product(
    State(app): State<AppState>,
    Extension(site): Extension<Site>,
    headers: HeaderMap,
    body: Result<Json<ProductBody>, JsonRejection>,
) -> Result<Response, ApiError> {
    let (mut w, new) = keyed_product_write(&app, &site, &headers, body).await?;
    let store = storefront(&site)?.id();
    let p = products::create(w.conn(), store, &new).await?;
    w.commit("product.create", format!("{}: {} at {}", p.id, p.name, p.price())).await?;
    Ok((StatusCode::CREATED, Json(p)).into_response())
}

/// `PUT /api/v1/products/{id}` with an API key: replaces one of this store's products.
pub async fn update_product(
    State(app): State<AppState>,
    Extension(site): Extension<Site>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: Result<Json<ProductBody>, JsonRejection>,
) -> Result<Response, ApiError> {
    let (mut w, new) = keyed_product_write(&app, &site, &headers, body).await?;
    let store = storefront(&site)?.id();
    if !products::update(w.conn(), store, id, &new).await? {
        return Err(ApiError::NotFound);
    }
    w.commit("product.update", format!("{id}: {}", new.name)).await?;
    let p = products::get(&app.db, store, id).await?.ok_or(ApiError::NotFound)?;
    Ok(Json(p).into_response())
}

/// `DELETE /api/v1/products/{id}` with an API key (204).
pub async fn delete_product(
    State(app): State<AppState>,
    Extension(site): Extension<Site>,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let ctx = storefront(&site)?;
    let actor = api_key::authorize(&app, ctx, &headers).await?;
    let mut w = Write::begin(&app, (None, &actor)).await?.store(ctx.id(), ctx.code(), Shows::Storefront);
    if !products::delete(w.conn(), ctx.id(), id).await? {
        return Err(ApiError::NotFound);
    }
    w.commit("product.delete", id.to_string()).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// What `GET /api/wallet/balance` answers.
#[derive(Serialize)]
struct Balance {
    balance_cents: i64,
    cards: usize,
}

/// `GET /api/wallet/balance` (the wallet module's, see `crate::routes`): the balance of the
/// shopper signed in on this store by its session cookie (401 without one).
pub async fn wallet_balance(
    State(app): State<AppState>,
    Extension(site): Extension<Site>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let ctx = storefront(&site)?;
    let token = shopper_cookies::read(Kind::Session, ctx, &headers).ok_or(ApiError::Unauthorized)?;
    let me = shoppers::session_shopper(&app.db, ctx.id(), &token).await?.ok_or(ApiError::Unauthorized)?;
    let wallet = gift_cards::wallet(&app.db, ctx.id(), me.id).await?;
    let body = Balance { balance_cents: wallet.balance_cents, cards: wallet.cards.len() };
    // Private, never cached: no shared route declares it (`public_routes`).
    Ok(Json(body).into_response())
}

/// `GET /api/tenants/by-subdomain/{sub}/config`: public name, theme and modules of an active store.
pub async fn tenant_config(
    State(app): State<AppState>,
    Path(sub): Path<String>,
) -> Result<Response, ApiError> {
    let code = StoreCode::parse(&sub).map_err(|_| ApiError::NotFound)?;
    let store = app.resolver.by_code(code.as_str()).await.map_err(|e| {
        tracing::error!(error = %e, "tenant config lookup failed");
        ApiError::Unavailable
    })?;
    match store {
        Some(s) if s.status == StoreStatus::Active => {
            Ok(Json(s.public(String::new(), false)).into_response())
        }
        _ => Err(ApiError::NotFound),
    }
}
