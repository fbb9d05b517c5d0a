//! The owner's own store settings: the store's name, logo and favicon, and its team (invite staff
//! with a one-time set-password link, remove them). Owners and admins change them; staff
//! see who is on the team.

use leptos::prelude::*;

use crate::{error::ApiError, model::StoreSettings};

#[cfg(feature = "ssr")]
use crate::api::access::{self, respond, Action};

/// The store's name, logo, favicon and team.
#[server(endpoint = "/dashboard/settings")]
pub async fn load_store_settings() -> Result<StoreSettings, ApiError> {
    use crate::{model::Member, server::db::users};
    respond(async move {
        let d = access::dashboard(Action::View)?;
        let members = users::members_of(d.db(), d.id())
            .await?
            .into_iter()
            .map(|(email, role, active)| Member { email, role, active: active == 1 })
            .collect();
        let s = &d.store.store;
        let can_manage = d.may(Action::Settings) && d.may(Action::Team);
        Ok(StoreSettings {
            name: s.name.clone(),
            logo_url: s.logo_url.clone(),
            favicon_url: s.favicon_url.clone(),
            members,
            can_manage,
        })
    })
    .await
}

/// Renames the store (its storefronts show the new name on their next page).
#[server(endpoint = "/dashboard/rename_store")]
pub async fn rename_store(name: String) -> Result<(), ApiError> {
    use crate::server::{db::store_lifecycle, write::Shows};
    respond(async move {
        let d = access::dashboard(Action::Settings)?;
        let name = crate::api::admin::server::check_name(&name)?;
        let mut w = d.write(Shows::Storefront).await?;
        store_lifecycle::rename(w.conn(), d.id(), &name).await?;
        w.commit("store.rename", format!("{} → {name}", d.store.store.name)).await
    })
    .await
}

/// Adds a staff member and mails them: a link to set their password when their address is
/// not proven yet, else a note that they were added. The answer is the same either way and
/// never carries a link.
#[server(endpoint = "/dashboard/invite_staff")]
pub async fn invite_staff(email: String) -> Result<(), ApiError> {
    use crate::server::{
        auth::{invites, Role},
        db::users,
        write::Shows,
    };
    respond(async move {
        let d = access::dashboard(Action::Team)?;
        let email = users::parse_email(&email).map_err(|m| ApiError::invalid("email", m))?;
        if users::members_of(d.db(), d.id()).await?.iter().any(|(e, _, _)| *e == email) {
            return Err(ApiError::conflict("email", "already on this store's team"));
        }
        let mut w = d.write(Shows::Privately).await?;
        let s = &d.store.store;
        let team = invites::Team { id: d.id(), code: &s.code, name: &s.name };
        invites::invite(&mut w, &d.app.admin_origin, team, &email, Role::Staff).await?;
        w.commit("member.invite", format!("{email} as staff")).await
    })
    .await
}

/// Removes a staff member: their access to this store ends with their next request.
#[server(endpoint = "/dashboard/remove_staff")]
pub async fn remove_staff(email: String) -> Result<(), ApiError> {
    use crate::server::{db::users, write::Shows};
    respond(async move {
        let d = access::dashboard(Action::Team)?;
        let email = email.trim().to_lowercase();
        let mut w = d.write(Shows::Privately).await?;
        if !users::remove_staff(w.conn(), d.id(), &email).await? {
            return Err(ApiError::NotFound);
        }
        w.commit("member.remove", email).await
    })
    .await
}
