//! The theme editor (`admin.P/store/{code}/theme`): the draft, publishing it, discarding it,
//! reverting to an earlier version, and a link that shows the draft on the store's host.
//! Owners and admins change it; staff look.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::error::ApiError;
use crate::model::{ThemeEditor, ThemeInput};

#[cfg(feature = "ssr")]
use super::access::respond;

/// The published theme, the draft, the history and sample products for the preview.
#[server(endpoint = "/dashboard/theme")]
pub async fn load_theme_editor() -> Result<ThemeEditor, ApiError> {
    respond(async move { server::editor().await }).await
}

/// Saves the draft (the editor saves after a pause in typing).
#[server(endpoint = "/dashboard/theme_save", input = Json)]
pub async fn save_theme_draft(theme: ThemeInput) -> Result<(), ApiError> {
    respond(async move { server::save(theme).await }).await
}

/// Publishes the draft: shoppers see it on the next page and open tabs re-theme.
#[server(endpoint = "/dashboard/theme_publish")]
pub async fn publish_theme() -> Result<(), ApiError> {
    respond(async move { server::publish(None).await }).await
}

/// Publishes a copy of an earlier version (history is never rewritten).
#[server(endpoint = "/dashboard/theme_revert", input = Json)]
pub async fn revert_theme(version: i64) -> Result<(), ApiError> {
    respond(async move { server::publish(Some(version)).await }).await
}

/// Drops the draft and the preview links made for it.
#[server(endpoint = "/dashboard/theme_discard")]
pub async fn discard_theme_draft() -> Result<(), ApiError> {
    respond(async move { server::discard().await }).await
}

/// A link that shows the draft on the store's own host for a week, until the draft is
/// published or discarded.
#[server(endpoint = "/dashboard/theme_preview_link")]
pub async fn theme_preview_link() -> Result<String, ApiError> {
    respond(async move { server::preview_link().await }).await
}

#[cfg(feature = "ssr")]
pub(crate) mod server {
    use super::*;
    use crate::{
        api::access::{dashboard, Action, Dashboard},
        model::ProductSort,
        server::{
            db::{products, theme_previews, themes},
            tenancy::site::canonical_origin,
            tokens,
            write::Shows,
        },
    };

    fn can_edit(d: &Dashboard) -> bool {
        d.may(Action::Theme)
    }

    pub async fn editor() -> Result<ThemeEditor, ApiError> {
        let d = dashboard(Action::View)?;
        let sample = products::list(d.db(), d.id(), "", ProductSort::Featured, 1, 4).await?.products;
        Ok(ThemeEditor {
            store_name: d.store.store.name.clone(),
            published: d.store.store.theme().clone(),
            draft: themes::draft(d.db(), d.id()).await?,
            history: themes::history(d.db(), d.id()).await?,
            can_edit: can_edit(&d),
            sample,
        })
    }

    pub async fn save(input: ThemeInput) -> Result<(), ApiError> {
        let d = dashboard(Action::Theme)?;
        let theme = input.check()?;
        let mut w = d.write(Shows::Privately).await?;
        themes::save_draft(w.conn(), d.id(), &theme, &d.who.email).await?;
        w.commit("theme.draft", "draft saved").await
    }

    /// Publishes the draft (`None`) or a copy of `version`, then tells open tabs.
    pub async fn publish(version: Option<i64>) -> Result<(), ApiError> {
        let d = dashboard(Action::Theme)?;
        let mut w = d.write(Shows::Storefront).await?;
        let (theme, detail) = match version {
            None => {
                let draft = themes::draft(d.db(), d.id()).await?;
                let published = themes::publish_draft(w.conn(), d.id(), &d.who.email).await?;
                let (Some(draft), Some(v)) = (draft, published) else {
                    return Err(ApiError::conflict("theme", "there is no draft to publish"));
                };
                theme_previews::revoke(w.conn(), d.id()).await?;
                (draft.theme, format!("version {v} published"))
            }
            Some(old) => {
                let theme = themes::published_once(w.conn(), d.id(), old).await?.ok_or(ApiError::NotFound)?;
                let v = themes::publish(w.conn(), d.id(), &theme, &d.who.email).await?;
                (theme, format!("version {v} published: a copy of version {old}"))
            }
        };
        let action = if version.is_some() { "theme.revert" } else { "theme.publish" };
        w.tell_tabs(theme);
        w.commit(action, detail).await?;
        Ok(())
    }

    pub async fn discard() -> Result<(), ApiError> {
        let d = dashboard(Action::Theme)?;
        let mut w = d.write(Shows::Record).await?;
        if !themes::discard_draft(w.conn(), d.id()).await? {
            return Err(ApiError::conflict("theme", "there is no draft to discard"));
        }
        theme_previews::revoke(w.conn(), d.id()).await?;
        w.commit("theme.discard", "draft discarded").await
    }

    pub async fn preview_link() -> Result<String, ApiError> {
        let d = dashboard(Action::Theme)?;
        if themes::draft(d.db(), d.id()).await?.is_none() {
            return Err(ApiError::conflict("theme", "save a draft first"));
        }
        let token = tokens::random_hex(32);
        // The store's record lists its links: a new one must be in it to be honoured.
        let mut w = d.write(Shows::Record).await?;
        theme_previews::create(w.conn(), d.id(), &token).await?;
        w.commit("theme.preview_link", "preview link made").await?;
        // The dashboard's own origin gives the scheme and port the store is reached by.
        let origin = canonical_origin(&d.store, &d.app.platform_origin);
        Ok(format!("{origin}/?theme_preview={token}"))
    }
}
