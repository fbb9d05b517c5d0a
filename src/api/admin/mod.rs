//! Admin console server functions: platform admins on the console host only.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::error::ApiError;
use crate::model::{
    AuditPage, CodeCheck, ImportOutcome, ImportRow, ModuleState, NewStore, PlatformStats, StoreCreated,
    StoreDetail, StoreList, StoreSort,
};

#[cfg(feature = "ssr")]
use super::access::{self, respond};

/// Rows accepted per import call (the page sends a file in batches and shows progress).
pub const IMPORT_BATCH: usize = 100;
/// Largest import file, in bytes (the page checks it before sending).
pub const IMPORT_MAX_BYTES: usize = 2 * 1024 * 1024;

/// Platform figures for the console home.
#[server(endpoint = "/admin/stats")]
pub async fn admin_stats() -> Result<PlatformStats, ApiError> {
    respond(async move {
        let (app, _) = access::admin()?;
        Ok(crate::server::db::store_admin::admin_stats(&app.db).await?)
    })
    .await
}

/// The module catalog, core modules marked (and on). Pages use [`crate::model::Module`]
/// directly; this is the same list for other clients.
#[server(endpoint = "/admin/modules")]
pub async fn module_catalog() -> Result<Vec<ModuleState>, ApiError> {
    respond(async move {
        access::admin()?;
        Ok(crate::model::Module::ALL.into_iter().map(|m| ModuleState::new(m, false)).collect())
    })
    .await
}

/// A page of stores; `after` is the previous page's `next`.
#[server(endpoint = "/admin/stores", input = Json)]
pub async fn list_stores(
    q: String,
    status: String,
    module: String,
    sort: StoreSort,
    after: Option<String>,
) -> Result<StoreList, ApiError> {
    use crate::server::db::store_admin::{admin_list_stores, StoreFilter};
    respond(async move {
        let (app, _) = access::admin()?;
        if q.len() > 253 {
            return Err(ApiError::invalid("q", "search text is too long"));
        }
        let filter = StoreFilter { q, status, module, sort, after, limit: 24 };
        let mut list = admin_list_stores(&app.db, &filter).await?;
        crate::server::http::uploads::keep_present_logos(&app, &mut list.stores).await;
        Ok(list)
    })
    .await
}

/// Whether a new store may use `code`: format, reserved names, taken codes.
#[server(endpoint = "/admin/check_code", input = Json)]
pub async fn check_code(code: String) -> Result<CodeCheck, ApiError> {
    respond(async move {
        let (app, _) = access::admin()?;
        Ok(match server::code_problem(&app, &code).await? {
            Some(message) => CodeCheck { available: false, message },
            None => CodeCheck { available: true, message: format!("{code} is available") },
        })
    })
    .await
}

/// Creates a store with its theme, modules and owner.
#[server(endpoint = "/admin/create_store", input = Json)]
pub async fn create_store(store: NewStore) -> Result<StoreCreated, ApiError> {
    respond(async move {
        let (app, who) = access::admin()?;
        server::create(&app, &who, store).await
    })
    .await
}

/// Everything the console shows about one store.
#[server(endpoint = "/admin/store", input = Json)]
pub async fn load_store(code: String) -> Result<StoreDetail, ApiError> {
    respond(async move {
        let (app, _) = access::admin()?;
        server::detail(&app, &code).await
    })
    .await
}

/// Renames a store and changes its colours.
#[server(endpoint = "/admin/update_store", input = Json)]
pub async fn update_store(
    code: String,
    name: String,
    primary: String,
    background: String,
    text: String,
) -> Result<(), ApiError> {
    respond(async move {
        let (app, who) = access::admin()?;
        server::update(&app, &who, &code, &name, [&primary, &background, &text]).await
    })
    .await
}

/// Suspends a store (its storefront answers 503 at once) or opens it again.
#[server(endpoint = "/admin/set_status", input = Json)]
pub async fn set_store_status(code: String, suspended: bool) -> Result<(), ApiError> {
    respond(async move {
        let (app, who) = access::admin()?;
        server::set_status(&app, &who, &code, suspended).await
    })
    .await
}

/// Deletes a store and all its data; `confirm` must repeat the code.
#[server(endpoint = "/admin/delete_store", input = Json)]
pub async fn delete_store(code: String, confirm: String) -> Result<(), ApiError> {
    respond(async move {
        let (app, who) = access::admin()?;
        if confirm.trim() != code {
            return Err(ApiError::invalid("confirm", format!("type {code} to confirm")));
        }
        server::delete(&app, &who, &code).await
    })
    .await
}

/// Turns one of a store's optional modules on or off; core modules stay on.
#[server(endpoint = "/admin/set_module", input = Json)]
pub async fn set_store_module(code: String, module: String, enabled: bool) -> Result<(), ApiError> {
    respond(async move {
        let (app, who) = access::admin()?;
        server::set_module(&app, &who, &code, &module, enabled).await
    })
    .await
}

/// Reads an import file (CSV text, at most 2 MB and 10,000 rows) into its rows with
/// their line numbers; nothing is created yet. Quoted fields may hold commas, quotes and
/// line breaks; a header row is recognised and left out.
#[server(endpoint = "/admin/import_file", input = Json)]
pub async fn read_import_file(text: String) -> Result<Vec<ImportRow>, ApiError> {
    respond(async move {
        access::admin()?;
        crate::server::csv_import::read_rows(&text).map_err(|e| ApiError::invalid("file", e.to_string()))
    })
    .await
}

/// Creates stores from rows of an import file: `code,name,owner_email,modules,primary_color`
/// (modules separated by spaces or `;`). A code that exists already is skipped, so
/// importing a file twice is safe.
#[server(endpoint = "/admin/import", input = Json)]
pub async fn import_stores(rows: Vec<ImportRow>) -> Result<Vec<ImportOutcome>, ApiError> {
    respond(async move {
        let (app, who) = access::admin()?;
        if rows.len() > IMPORT_BATCH {
            return Err(ApiError::invalid("file", format!("send at most {IMPORT_BATCH} rows per call")));
        }
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            out.push(server::import_line(&app, &who, row).await);
        }
        Ok(out)
    })
    .await
}

/// The audit log, newest first, filtered by store code and action.
#[server(endpoint = "/admin/audit", input = Json)]
pub async fn audit_log(store: String, action: String, before: Option<i64>) -> Result<AuditPage, ApiError> {
    respond(async move {
        let (app, _) = access::admin()?;
        Ok(crate::server::db::audit::admin_list(&app.db, store.trim(), action.trim(), before, 50).await?)
    })
    .await
}

/// The mail outbox, newest first (50 a page), and message `open` whole when asked.
#[server(endpoint = "/admin/mail", input = Json)]
pub async fn mail_outbox(before: Option<i64>, open: Option<i64>) -> Result<crate::model::MailPage, ApiError> {
    respond(async move {
        let (app, _) = access::admin()?;
        server::mail_page(&app, before, open).await
    })
    .await
}

#[cfg(feature = "ssr")]
pub(crate) mod server;
