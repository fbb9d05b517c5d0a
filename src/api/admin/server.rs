//! The server half of the console functions: validation, writes, audit, invalidation.

use std::sync::Arc;

use super::super::access::store_links;
use crate::{
    error::{is_unique_violation, ApiError},
    model::{
        DomainInfo, HexColor, ImportOutcome, ImportRow, Member, Module, ModuleState, NewStore, StoreCreated,
        StoreDetail, Theme,
    },
    server::{
        auth::{invites, Principal, Role},
        db::{domains, store_lifecycle, stores, users},
        dns,
        state::AppState,
        tenancy::StoreCode,
        write::{Shows, Write},
    },
};

/// Why `code` cannot be used for a new store, if it cannot.
pub async fn code_problem(app: &AppState, code: &str) -> Result<Option<String>, ApiError> {
    if let Err(e) = StoreCode::parse(code) {
        return Ok(Some(e.to_string()));
    }
    Ok(stores::by_code(&app.db, code).await?.map(|_| format!("{code} is taken")))
}

/// A store by code, or 404.
async fn store(app: &AppState, code: &str) -> Result<Arc<stores::StoreRecord>, ApiError> {
    StoreCode::parse(code).map_err(|_| ApiError::NotFound)?;
    stores::by_code(&app.db, code).await?.map(Arc::new).ok_or(ApiError::NotFound)
}

pub(crate) fn check_name(name: &str) -> Result<String, ApiError> {
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
        *slot = HexColor::parse(value).map_err(|e| ApiError::invalid(field, e.to_string()))?;
    }
    Ok(theme)
}

/// The optional modules asked for, each once (core modules are always on).
fn check_modules(modules: &[String]) -> Result<Vec<String>, ApiError> {
    let mut out: Vec<String> = Vec::new();
    for m in modules {
        let m = m.trim();
        let module = Module::parse_offered(m).map_err(|why| ApiError::invalid("modules", why))?;
        if !module.is_core() && !out.iter().any(|o| o == m) {
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
    let taken = || ApiError::conflict("code", format!("{code} is taken"));
    let mut w = Write::begin(app, who.actor()).await?;
    let store = store_lifecycle::CreateStore {
        code: &code,
        name: &name,
        theme: &theme,
        modules: &modules,
        // Invited below, with the mail that carries the link.
        owner: None,
        author: &who.email,
    };
    let created = store_lifecycle::create_store(w.conn(), store).await.map_err(|e| {
        if is_unique_violation(&e) {
            taken()
        } else {
            e.into()
        }
    })?;
    w.set_store(created.id, &code, Shows::Storefront);
    let detail = format!(
        "name: {name}; modules: {}; owner: {}",
        modules.join(", "),
        owner.as_deref().unwrap_or("none")
    );
    if let Some(email) = owner.as_deref() {
        let team = invites::Team { id: created.id, code: &code, name: &name };
        invites::invite(&mut w, &app.admin_origin, team, email, Role::Owner).await?;
    }
    w.commit("store.create", detail).await?;
    Ok(StoreCreated { code, owner_invited: owner })
}

pub async fn detail(app: &AppState, code: &str) -> Result<StoreDetail, ApiError> {
    let s = store(app, code).await?;
    let modules = modules_of(app, s.id).await?;
    let domains = domains::list(&app.db, s.id).await?.iter().map(domain_info).collect();
    let members = users::members_of(&app.db, s.id)
        .await?
        .into_iter()
        .map(|(email, role, active)| Member { email, role, active: active == 1 })
        .collect();
    let (products, orders, _) = store_lifecycle::store_counts(&app.db, s.id).await?;
    let created_at = store_lifecycle::admin_created_at(&app.db, s.id).await?;
    Ok(StoreDetail {
        code: s.code.clone(),
        name: s.name.clone(),
        status: s.status.as_str().into(),
        created_at,
        logo_url: app.images.keep(s.id, s.logo_url.clone()).await,
        theme: s.theme().clone(),
        modules,
        domains,
        members,
        products,
        orders,
        links: store_links(app, &s.code, s.primary_domain.as_deref()),
    })
}

/// The catalog with this store's choices, in catalog order.
pub async fn modules_of(
    app: &AppState,
    store: crate::server::db::StoreId,
) -> Result<Vec<ModuleState>, ApiError> {
    let rows = store_lifecycle::modules_of(&app.db, store).await?;
    let enabled = |m: Module| rows.iter().any(|(key, .., on)| key == m.key() && *on == 1);
    Ok(Module::ALL.into_iter().map(|m| ModuleState::new(m, enabled(m))).collect())
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
    let theme = theme_with(s.theme().clone(), colors)?;
    let mut changes = Vec::new();
    if name != s.name {
        changes.push(format!("name: {} → {name}", s.name));
    }
    for (label, old, new) in [
        ("primary", &s.theme().primary, &theme.primary),
        ("background", &s.theme().background, &theme.background),
        ("text", &s.theme().text, &theme.text),
    ] {
        if old != new {
            changes.push(format!("{label}: {old} → {new}"));
        }
    }
    if changes.is_empty() {
        return Ok(());
    }
    let mut w = Write::begin(app, who.actor()).await?.store(s.id, &s.code, Shows::Storefront);
    store_lifecycle::update_store(w.conn(), s.id, &name, &theme, &who.email).await?;
    // A theme changed here is published like the editor's: open tabs follow it.
    if theme != *s.theme() {
        w.tell_tabs(theme);
    }
    w.commit("store.update", changes.join("; ")).await?;
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
    let mut w = Write::begin(app, who.actor()).await?.store(s.id, &s.code, Shows::Storefront);
    stores::set_status(w.conn(), s.id, status).await?;
    w.commit(if suspended { "store.suspend" } else { "store.resume" }, "").await
}

pub async fn delete(app: &AppState, who: &Principal, code: &str) -> Result<(), ApiError> {
    let s = store(app, code).await?;
    let mut w = Write::begin(app, who.actor()).await?.store(s.id, &s.code, Shows::Storefront);
    for domain in store_lifecycle::delete_store(w.conn(), s.id).await? {
        w.forget(&domain);
    }
    w.commit("store.delete", "").await?;
    let dir = app.images.uploads_dir.join(s.id.get().to_string());
    if let Err(e) = tokio::fs::remove_dir_all(&dir).await {
        if e.kind() != std::io::ErrorKind::NotFound {
            tracing::warn!(error = %e, dir = %dir.display(), "could not remove a deleted store's files");
        }
    }
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
    let known = Module::parse_offered(module).map_err(|why| ApiError::invalid("module", why))?;
    if known.is_core() {
        return Err(ApiError::invalid(
            "module",
            format!("{module} is a core module and cannot be turned off"),
        ));
    }
    let mut w = Write::begin(app, who.actor()).await?.store(s.id, &s.code, Shows::Storefront);
    stores::set_module(w.conn(), s.id, module, enabled).await?;
    w.commit(if enabled { "module.enable" } else { "module.disable" }, module).await
}

pub async fn import_line(app: &AppState, who: &Principal, row: ImportRow) -> ImportOutcome {
    let (line, f) = (row.line, row.fields);
    let field = |i: usize| f.get(i).map(|s| s.trim()).unwrap_or("");
    let code = field(0).to_string();
    let outcome = |result: &str, message: String| ImportOutcome {
        line,
        code: code.clone(),
        result: result.into(),
        message,
    };
    if f.len() > crate::server::csv_import::COLUMNS {
        return outcome(
            "failed",
            "too many columns: expected code,name,owner_email,modules,primary_color".into(),
        );
    }
    match stores::by_code(&app.db, &code).await {
        Ok(Some(_)) => return outcome("skipped", "a store with this code exists already".into()),
        Ok(None) => {}
        Err(e) => return outcome("failed", ApiError::from(e).to_string()),
    }
    let modules = field(3)
        .split(|c: char| c.is_whitespace() || c == ';' || c == '|')
        .filter(|m| !m.is_empty())
        .map(str::to_string)
        .collect();
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
            let msg = created
                .owner_invited
                .map(|e| format!("created; invitation mailed to {e}"))
                .unwrap_or_else(|| "created".into());
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

/// A page of the outbox for the console's Mail page.
pub async fn mail_page(
    app: &AppState,
    before: Option<i64>,
    open: Option<i64>,
) -> Result<crate::model::MailPage, ApiError> {
    use crate::{model::MailSummary, server::mail::outbox};
    const PAGE: i64 = 50;
    let summary = |m: &outbox::Stored| MailSummary {
        id: m.id,
        recipient: m.recipient.clone(),
        sender_name: m.sender_name.clone(),
        subject: m.subject.clone(),
        status: m.status.clone(),
        attempts: m.attempts,
        last_error: m.last_error.clone(),
        created_at: m.created_at,
    };
    let rows = outbox::admin_list(&app.db, before, PAGE + 1).await?;
    let next_before = (rows.len() as i64 > PAGE).then(|| rows[PAGE as usize - 1].id);
    let messages = rows.iter().take(PAGE as usize).map(summary).collect();
    let opened = match open {
        Some(id) => outbox::admin_get(&app.db, id).await?.map(|m| (summary(&m), m.text_body)),
        None => None,
    };
    Ok(crate::model::MailPage { messages, next_before, opened, sends: app.mailer.sends() })
}
