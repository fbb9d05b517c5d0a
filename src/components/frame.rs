//! The frame and form pieces shared by the admin console and the owner dashboard.

use leptos::prelude::*;

use super::{SkipLink, MAIN_ID};
use crate::{
    api::auth::Logout,
    error::ApiError,
    model::{Module, SiteInfo, SiteKind},
};

/// Header with the site's name, its navigation and the signed-in user; page in `<main>`.
#[component]
pub fn ConsoleLayout(children: Children) -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let admin = site.me.as_ref().is_some_and(|me| me.is_admin);
    let (title, links): (String, Vec<(&str, String)>) = match site.kind {
        // Owners and staff on the console's home see their stores, and no console sections.
        SiteKind::Admin if !admin => ("Arcade".into(), vec![]),
        SiteKind::Admin => (
            "Arcade admin".into(),
            vec![
                ("Overview", site.href("/")),
                ("Stores", site.href("/stores")),
                ("New store", site.href("/stores/new")),
                ("Import", site.href("/stores/import")),
                ("Audit log", site.href("/audit")),
                ("Mail", site.href("/mail")),
            ],
        ),
        SiteKind::Dashboard => {
            let mut links = vec![
                ("Overview", site.href("/")),
                ("Products", site.href("/products")),
                ("Orders", site.href("/orders")),
                ("Theme", site.href("/theme")),
            ];
            if site.offers(Module::Wallet) {
                links.push(("Gift cards", site.href("/gift-cards")));
            }
            if site.offers(Module::Reviews) {
                links.push(("Reviews", site.href("/reviews")));
            }
            links.extend([
                ("Domains", site.href("/domains")),
                ("API keys", site.href("/keys")),
                ("Settings", site.href("/settings")),
            ]);
            (site.store.as_ref().map(|s| s.name.clone()).unwrap_or_default(), links)
        }
        _ => ("Arcade".into(), vec![]),
    };
    let logout = ServerAction::<Logout>::new();
    load_on_success(logout);
    let me = site.me.clone();
    // From a dashboard, the way back to the console, or to the user's other stores.
    let home = (site.kind == SiteKind::Dashboard).then(|| {
        let label = if admin { "Admin console" } else { "Your stores" };
        view! { <a href=site.admin_url("/") rel="external">{label}</a> }
    });
    view! {
        <SkipLink/>
        <header class="console-header">
            <a class="brand" href=site.href("/")>{title}</a>
            <nav class="console-nav" aria-label="Sections">
                {links.into_iter().map(|(label, href)| view! { <a href=href>{label}</a> }).collect_view()}
            </nav>
            <div class="console-user">
                {home}
                {me.map(|me| {
                    view! {
                        <span class="muted">{me.email}</span>
                        <ActionForm action=logout attr:class="inline">
                            <button type="submit" class="link-button">"Sign out"</button>
                        </ActionForm>
                    }
                })}
            </div>
        </header>
        <main id=MAIN_ID class="page console" tabindex="-1">{children()}</main>
    }
}

/// The message for one form field, shown under it when the last answer was about it.
#[component]
pub fn FieldError(#[prop(into)] error: Signal<Option<ApiError>>, field: &'static str) -> impl IntoView {
    move || {
        error.get().and_then(|e| e.for_field(field)).map(|m| {
            view! { <p class="field-error" role="alert" id=format!("{field}-error")>{m}</p> }
        })
    }
}

/// An error that is not about one field (access, conflicts without a field, the server).
#[component]
pub fn FormError(
    #[prop(into)] error: Signal<Option<ApiError>>,
    fields: &'static [&'static str],
) -> impl IntoView {
    move || {
        error
            .get()
            .filter(|e| fields.iter().all(|f| e.for_field(f).is_none()))
            .map(|e| view! { <p class="form-error" role="alert">{e.to_string()}</p> })
    }
}

/// The error of an action's last answer, if it failed.
pub fn action_error<I, O>(action: ServerAction<I>) -> Signal<Option<ApiError>>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = ApiError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    result_error(action.value())
}

/// Loads the page a successful `action` answered (sign-in, sign-out, a new password) with
/// a full page load, so everything on it shows the new session.
pub fn load_on_success<I>(action: ServerAction<I>)
where
    I: leptos::server_fn::ServerFn<Output = String, Error = ApiError> + Clone + Send + Sync + 'static,
{
    Effect::new(move || {
        if let Some(Ok(to)) = action.value().get() {
            #[cfg(feature = "hydrate")]
            let _ = window().location().set_href(&to);
            #[cfg(not(feature = "hydrate"))]
            let _ = to;
        }
    });
}

/// The error of the last answer held in `value` (an action's), if it failed.
pub fn result_error<O, V>(value: V) -> Signal<Option<ApiError>>
where
    V: Get<Value = Option<Result<O, ApiError>>> + Send + Sync + 'static,
{
    Signal::derive(move || value.get().and_then(|r| r.err()))
}

/// Navigation options for a path that already carries the site's base (from
/// `site.href`), so the router must not add it a second time.
pub fn absolute() -> leptos_router::NavigateOptions {
    leptos_router::NavigateOptions { resolve: false, ..Default::default() }
}

/// Asks the user to confirm a destructive action with the browser's own dialog.
pub fn confirm(message: &str) -> bool {
    #[cfg(feature = "hydrate")]
    {
        window().confirm_with_message(message).unwrap_or(false)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = message;
        false
    }
}

/// A page's data could not be loaded: a way to sign in again, a plain "no access", or the
/// error with a way to retry. `what` names the data ("the stores").
pub fn load_error(e: ApiError, what: &'static str, login: String, forbidden: String) -> AnyView {
    match e {
        ApiError::Unauthorized => view! {
            <section class="panel" role="alert">
                <h2>"Your session has ended"</h2>
                <p>"Sign in again to continue."</p>
                <a class="button" href=login rel="external">"Sign in"</a>
            </section>
        }
        .into_any(),
        ApiError::Forbidden => view! {
            <section class="panel" role="alert">
                <h2>"No access"</h2>
                <p>{forbidden}</p>
            </section>
        }
        .into_any(),
        e => view! {
            <section class="panel" role="alert">
                <h2>{format!("We could not load {what}")}</h2>
                <p class="error">{e.to_string()}</p>
                <p><a href="" rel="external">"Reload the page"</a>" to try again."</p>
            </section>
        }
        .into_any(),
    }
}
