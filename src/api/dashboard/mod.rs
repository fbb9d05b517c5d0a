//! Owner dashboard server functions. The store is the dashboard's (`admin.P/store/{code}/…`),
//! resolved by the tenancy layer; the caller must be its owner or staff, or an admin.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::error::ApiError;
use crate::model::{
    ApiKeyInfo, DomainInfo, NewApiKey, Overview, OwnerProduct, OwnerProductPage, ProductInput,
};

#[cfg(feature = "ssr")]
use super::access::{self, respond, Action};
#[cfg(feature = "ssr")]
use crate::server::write::Shows;

/// Products per dashboard page.
pub const OWNER_PAGE: i64 = 25;

/// Figures, storefront links and modules of this store.
#[server(endpoint = "/dashboard/overview")]
pub async fn store_overview() -> Result<Overview, ApiError> {
    respond(async move {
        let d = access::dashboard(Action::View)?;
        let (products, orders, revenue_cents) =
            crate::server::db::store_lifecycle::store_counts(d.db(), d.id()).await?;
        let s = &d.store.store;
        Ok(Overview {
            code: s.code.clone(),
            name: s.name.clone(),
            status: s.status.as_str().into(),
            products,
            orders,
            revenue_cents,
            links: access::store_links(&d.app, &s.code, s.primary_domain.as_deref()),
            modules: super::admin::server::modules_of(&d.app, d.id()).await?,
        })
    })
    .await
}

/// A page of this store's products, newest first.
#[server(endpoint = "/dashboard/products", input = Json)]
pub async fn owner_products(q: String, page: i64) -> Result<OwnerProductPage, ApiError> {
    respond(async move {
        let d = access::dashboard(Action::Products)?;
        let page = page.max(1);
        let (products, total) =
            crate::server::db::products::owner_list(d.db(), d.id(), &q, page, OWNER_PAGE).await?;
        Ok(OwnerProductPage { products, total, page, per_page: OWNER_PAGE })
    })
    .await
}

/// One of this store's products; another store's id is 404.
#[server(endpoint = "/dashboard/product", input = Json)]
pub async fn load_product(id: i64) -> Result<OwnerProduct, ApiError> {
    respond(async move {
        let d = access::dashboard(Action::Products)?;
        crate::server::db::products::owner_get(d.db(), d.id(), id).await?.ok_or(ApiError::NotFound)
    })
    .await
}

/// Creates a product (`id` = None) or changes one of this store's products.
#[server(endpoint = "/dashboard/save_product", input = Json)]
pub async fn save_product(id: Option<i64>, product: ProductInput) -> Result<OwnerProduct, ApiError> {
    use crate::server::db::products;
    respond(async move {
        let d = access::dashboard(Action::Products)?;
        let new = product.check()?;
        let mut w = d.write(Shows::Storefront).await?;
        let id = match id {
            Some(id) => {
                if !products::update(w.conn(), d.id(), id, &new).await? {
                    return Err(ApiError::NotFound);
                }
                let detail = format!("{id}: {} at {}", new.name, crate::model::format_price(new.price_cents));
                w.commit("product.update", detail).await?;
                id
            }
            None => {
                let p = products::create(w.conn(), d.id(), &new).await?;
                w.commit("product.create", format!("{}: {} at {}", p.id, p.name, p.price())).await?;
                p.id
            }
        };
        products::owner_get(d.db(), d.id(), id).await?.ok_or(ApiError::NotFound)
    })
    .await
}

/// Deletes one of this store's products.
#[server(endpoint = "/dashboard/delete_product", input = Json)]
pub async fn delete_product(id: i64) -> Result<(), ApiError> {
    respond(async move {
        let d = access::dashboard(Action::Products)?;
        let mut w = d.write(Shows::Storefront).await?;
        if !crate::server::db::products::delete(w.conn(), d.id(), id).await? {
            return Err(ApiError::NotFound);
        }
        w.commit("product.delete", id.to_string()).await
    })
    .await
}

/// This store's custom domains with the DNS record each needs.
#[server(endpoint = "/dashboard/domains")]
pub async fn store_domains() -> Result<Vec<DomainInfo>, ApiError> {
    respond(async move {
        let d = access::dashboard(Action::Domains)?;
        let rows = crate::server::db::domains::list(d.db(), d.id()).await?;
        Ok(rows.iter().map(super::admin::server::domain_info).collect())
    })
    .await
}

/// Adds a custom domain, pending until its TXT record is found.
#[server(endpoint = "/dashboard/add_domain", input = Json)]
pub async fn add_domain(domain: String) -> Result<DomainInfo, ApiError> {
    respond(async move {
        let d = access::dashboard(Action::Domains)?;
        domain_claims::add(&d, &domain).await
    })
    .await
}

/// Looks the domain's TXT record up; on a match the domain starts serving the store.
#[server(endpoint = "/dashboard/verify_domain", input = Json)]
pub async fn verify_domain(domain: String) -> Result<DomainInfo, ApiError> {
    respond(async move {
        let d = access::dashboard(Action::Domains)?;
        domain_claims::verify(&d, &domain).await
    })
    .await
}

/// Makes an active domain the primary one; the others redirect to it.
#[server(endpoint = "/dashboard/make_primary", input = Json)]
pub async fn make_primary(domain: String) -> Result<(), ApiError> {
    respond(async move {
        let d = access::dashboard(Action::Domains)?;
        domain_claims::make_primary(&d, &domain).await
    })
    .await
}

/// Removes one of this store's domains.
#[server(endpoint = "/dashboard/remove_domain", input = Json)]
pub async fn remove_domain(domain: String) -> Result<(), ApiError> {
    respond(async move {
        let d = access::dashboard(Action::Domains)?;
        domain_claims::remove(&d, &domain).await
    })
    .await
}

/// This store's API keys (prefixes only).
#[server(endpoint = "/dashboard/api_keys")]
pub async fn api_keys() -> Result<Vec<ApiKeyInfo>, ApiError> {
    respond(async move {
        let d = access::dashboard(Action::ApiKeys)?;
        Ok(crate::server::db::api_keys::list(d.db(), d.id()).await?)
    })
    .await
}

/// Creates an API key; the whole key is in this answer only.
#[server(endpoint = "/dashboard/create_api_key", input = Json)]
pub async fn create_api_key(name: String) -> Result<NewApiKey, ApiError> {
    use crate::server::tokens::{random_hex, sha256_hex};
    respond(async move {
        let d = access::dashboard(Action::ApiKeys)?;
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 60 {
            return Err(ApiError::invalid("name", "give the key a name of 1 to 60 characters"));
        }
        let prefix = format!("ak_{}", random_hex(4));
        let secret = format!("{prefix}_{}", random_hex(32));
        let mut w = d.write(Shows::Privately).await?;
        let key = crate::server::db::api_keys::create(
            w.conn(),
            d.id(),
            name,
            &prefix,
            &sha256_hex(&secret),
            Some(d.who.user_id),
        )
        .await?;
        w.commit("api_key.create", format!("{name} ({prefix}…)")).await?;
        Ok(NewApiKey { key, secret })
    })
    .await
}

/// Revokes one of this store's API keys at once.
#[server(endpoint = "/dashboard/revoke_api_key", input = Json)]
pub async fn revoke_api_key(id: i64) -> Result<(), ApiError> {
    respond(async move {
        let d = access::dashboard(Action::ApiKeys)?;
        let mut w = d.write(Shows::Privately).await?;
        if !crate::server::db::api_keys::revoke(w.conn(), d.id(), id).await? {
            return Err(ApiError::NotFound);
        }
        w.commit("api_key.revoke", format!("key {id}")).await
    })
    .await
}

#[cfg(feature = "ssr")]
mod domain_claims;

pub mod orders;
pub mod settings;
