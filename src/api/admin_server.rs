//! The server half of the console functions: validation, writes, audit, invalidation.

use std::sync::Arc;

use super::super::{
    access::{internal, is_unique_violation, store_links},
    error::ApiError,
};
use crate::{
    model::{
        is_hex_color, DomainInfo, ImportOutcome, Member, ModuleState, NewStore, StoreCreated, StoreDetail,
        Theme,
    },
    server::{
        auth::Principal,
        db::{audit, console, domains, stores, users},
        dns,
        modules::{ALL_MODULES, CORE_MODULES},
        state::AppState,
        tenancy::StoreCode,
    },
};

/// Why `code` cannot be used for a new store, if it cannot.
pub async fn code_problem(app: &AppState, code: &str) -> Result<Option<String>, ApiError> {
    if let Err(e) = StoreCode::parse(code) {
        return Ok(Some(e.to_string()));
    }
    Ok(stores::by_code(&app.db, code).await.map_err(internal)?.map(|_| format!("{code} is taken")))
}

/// A store by code, or 404.
async fn store(app: &AppState, code: &str) -> Result<Arc<stores::StoreRecord>, ApiError> {
    StoreCode::parse(code).map_err(|_| ApiError::NotFound)?;
    stores::by_code(&app.db, code).await.map_err(internal)?.map(Arc::new).ok_or(ApiError::NotFound)
}

fn check_name(name: &str) -> Result<String, ApiError> {
    let name = name.trim();
    match name.chars().count() {
        0 => Err(ApiError::invalid("name", "enter the store's name")),
        n if n > 100 => Err(ApiError::invalid("name", "use at most 100 characters")),
        _ if name.chars().any(char::is_control) => {
            Err(ApiError::invalid("name", "remove control characters"))
        }
        _ => Ok(name.to_string()),
    }
}

/// A theme with these colours (empty means the default), or the field at fault.
fn theme_with(base: Theme, [primary, background, text]: [&str; 3]) -> Result<Theme, ApiError> {
    let mut theme = base;
    for (field, value, slot) in [
        ("primary", primary, &mut theme.primary),
        ("background", background, &mut theme.background),
        ("text", text, &mut theme.text),
    ] {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        if !is_hex_color(value) {
            return Err(ApiError::invalid(field, "use a colour like #1a2b3c"));
        }
        *slot = value.to_ascii_lowercase();
    }
    Ok(theme)
}

fn check_modules(modules: &[String]) -> Result<Vec<String>, ApiError> {
    let mut out: Vec<String> = Vec::new();
    for m in modules {
        let m = m.trim();
        if !ALL_MODULES.contains(&m) {
            return Err(ApiError::invalid("modules", format!("unknown module {m:?}")));
        }
        if !CORE_MODULES.contains(&m) && !out.iter().any(|o| o == m) {
            out.push(m.to_string());
        }
    }
    Ok(out)
}

pub async fn create(app: &AppState, who: &Principal, new: NewStore) -> Result<StoreCreated, ApiError> {
    let code = new.code.trim().to_string();
    if let Some(problem) = code_problem(app, &code).await? {
        let taken = problem.ends_with("is taken");
        return Err(if taken {
            ApiError::conflict("code", problem)
        } else {
            ApiError::invalid("code", problem)
        });
    }
    let name = check_name(&new.name)?;
    let theme = theme_with(Theme::default(), [&new.primary, &new.background, &new.text])?;
    let modules = check_modules(&new.modules)?;
    let owner = match new.owner_email.trim() {
        "" => None,
        e => Some(users::parse_email(e).map_err(|m| ApiError::invalid("owner_email", m))?),
    };
    let created = console::create_store(
        &app.db,
        console::CreateStore {
            code: &code,
            name: &name,
            theme: &theme,
            modules: &modules,
            owner: owner.as_deref(),
            actor: who.actor(),
        },
    )
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            ApiError::conflict("code", format!("{code} is taken"))
        } else {
            internal(e)
        }
    })?;
    // A name that was looked up before (and cached as unknown) must resolve now.
    app.resolver.invalidate(&code, &[]).await;
    let owner_link = created.owner_token.map(|t| format!("{}/set-password?token={t}", app.platform_origin));
    Ok(StoreCreated { code, owner_link })
}

pub async fn detail(app: &AppState, code: &str) -> Result<StoreDetail, ApiError> {
    let s = store(app, code).await?;
    let modules = modules_of(app, s.id).await?;
    let domains =
        domains::list(&app.db, s.id).await.map_err(internal)?.into_iter().map(|d| domain_info(&d)).collect();
    let members = users::members_of(&app.db, s.id)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|(email, role, active)| Member { email, role, active: active == 1 })
        .collect();
    let (products, orders, _) = console::store_counts(&app.db, s.id).await.map_err(internal)?;
    let created_at = console::admin_created_at(&app.db, s.id).await.map_err(internal)?;
    Ok(StoreDetail {
        code: s.code.clone(),
        name: s.name.clone(),
        status: s.status.as_str().into(),
        created_at,
        logo_url: crate::server::uploads::present_logo(&app.uploads_dir, s.id, s.logo_url.clone()).await,
        theme: s.theme.clone(),
        modules,
        domains,
        members,
        products,
        orders,
        links: store_links(app, &s.code, s.primary_domain.as_deref()),
    })
}

/// The catalog with this store's choices.
pub async fn modules_of(
    app: &AppState,
    store: crate::server::db::StoreId,
) -> Result<Vec<ModuleState>, ApiError> {
    Ok(console::modules_of(&app.db, store)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|(key, name, description, core, enabled)| ModuleState {
            key,
            name,
            description,
            is_core: core == 1,
            enabled: core == 1 || enabled == 1,
        })
        .collect())
}

/// A domain row as the pages show it, with the TXT record to create.
pub fn domain_info(d: &domains::DomainRow) -> DomainInfo {
    DomainInfo {
        domain: d.domain.clone(),
        status: d.status.clone(),
        is_primary: d.is_primary == 1,
        txt_name: dns::txt_name(&d.domain),
        txt_value: dns::txt_value(&d.verification_token),
    }
}

pub async fn update(
    app: &AppState,
    who: &Principal,
    code: &str,
    name: &str,
    colors: [&str; 3],
) -> Result<(), ApiError> {
    let s = store(app, code).await?;
    let name = check_name(name)?;
    let theme = theme_with(s.theme.clone(), colors)?;
    let mut changes = Vec::new();
    if name != s.name {
        changes.push(format!("name: {} → {name}", s.name));
    }
    for (label, old, new) in [
        ("primary", &s.theme.primary, &theme.primary),
        ("background", &s.theme.background, &theme.background),
        ("text", &s.theme.text, &theme.text),
    ] {
        if old != new {
            changes.push(format!("{label}: {old} → {new}"));
        }
    }
    if changes.is_empty() {
        return Ok(());
    }
    console::update_store(&app.db, s.id, code, &name, &theme, who.actor(), changes.join("; "))
        .await
        .map_err(internal)?;
    invalidate(app, &s).await;
    Ok(())
}

pub async fn set_status(
    app: &AppState,
    who: &Principal,
    code: &str,
    suspended: bool,
) -> Result<(), ApiError> {
    let s = store(app, code).await?;
    let status = if suspended { stores::StoreStatus::Suspended } else { stores::StoreStatus::Active };
    if s.status == status {
        return Ok(());
    }
    stores::set_status(&app.db, s.id, status).await.map_err(internal)?;
    record(app, who, &s, if suspended { "store.suspend" } else { "store.resume" }, String::new()).await?;
    invalidate(app, &s).await;
    Ok(())
}

pub async fn delete(app: &AppState, who: &Principal, code: &str) -> Result<(), ApiError> {
    let s = store(app, code).await?;
    let domains = console::delete_store(&app.db, s.id, code, who.actor()).await.map_err(internal)?;
    let dir = app.uploads_dir.join(s.id.get().to_string());
    if let Err(e) = tokio::fs::remove_dir_all(&dir).await {
        if e.kind() != std::io::ErrorKind::NotFound {
            tracing::warn!(error = %e, dir = %dir.display(), "could not remove a deleted store's files");
        }
    }
    let names: Vec<&str> = domains.iter().map(String::as_str).collect();
    app.resolver.invalidate(code, &names).await;
    Ok(())
}

pub async fn set_module(
    app: &AppState,
    who: &Principal,
    code: &str,
    module: &str,
    enabled: bool,
) -> Result<(), ApiError> {
    let s = store(app, code).await?;
    if !ALL_MODULES.contains(&module) {
        return Err(ApiError::invalid("module", format!("unknown module {module:?}")));
    }
    if CORE_MODULES.contains(&module) {
        return Err(ApiError::invalid(
            "module",
            format!("{module} is a core module and cannot be turned off"),
        ));
    }
    stores::set_module(&app.db, s.id, module, enabled).await.map_err(internal)?;
    let action = if enabled { "module.enable" } else { "module.disable" };
    record(app, who, &s, action, module.to_string()).await?;
    invalidate(app, &s).await;
    Ok(())
}

pub async fn import_line(app: &AppState, who: &Principal, line: usize, text: &str) -> ImportOutcome {
    let f = crate::model::csv_fields(text);
    let field = |i: usize| f.get(i).map(String::as_str).unwrap_or("");
    let code = field(0).to_string();
    let outcome = |result: &str, message: String| ImportOutcome {
        line,
        code: code.clone(),
        result: result.into(),
        message,
    };
    if f.len() > 5 {
        return outcome(
            "failed",
            "too many columns: expected code,name,owner_email,modules,primary_color".into(),
        );
    }
    match stores::by_code(&app.db, &code).await {
        Ok(Some(_)) => return outcome("skipped", "a store with this code exists already".into()),
        Ok(None) => {}
        Err(e) => return outcome("failed", internal(e).to_string()),
    }
    let modules = field(3).split([' ', ';', '|']).filter(|m| !m.is_empty()).map(str::to_string).collect();
    let new = NewStore {
        code: code.clone(),
        name: field(1).into(),
        primary: field(4).into(),
        background: String::new(),
        text: String::new(),
        modules,
        owner_email: field(2).into(),
    };
    match create(app, who, new).await {
        Ok(created) => {
            let msg =
                created.owner_link.map(|l| format!("owner invite: {l}")).unwrap_or_else(|| "created".into());
            outcome("created", msg)
        }
        Err(e) => {
            let field = match &e {
                ApiError::Invalid { field, .. } | ApiError::Conflict { field, .. } => format!("{field}: "),
                _ => String::new(),
            };
            outcome("failed", format!("{field}{e}"))
        }
    }
}

async fn record(
    app: &AppState,
    who: &Principal,
    s: &stores::StoreRecord,
    action: &str,
    detail: String,
) -> Result<(), ApiError> {
    let (actor_id, actor_email) = who.actor();
    let entry = audit::Entry { actor_id, actor_email, store: Some((s.id, &s.code)), action, detail };
    audit::record_alone(&app.db, entry).await.map_err(internal)
}

/// Forgets the cached copies of a store: its code and every domain it has.
async fn invalidate(app: &AppState, s: &stores::StoreRecord) {
    app.resolver.invalidate_store(s.id, &s.code, &[]).await;
}
