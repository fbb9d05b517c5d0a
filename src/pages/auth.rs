//! Sign-in, forgotten-password and set-password pages, on the console's origin (`admin.P`),
//! where admins, owners and staff all sign in.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    api::auth::{ForgotPassword, Login, SetPassword},
    components::{action_error, frame::load_on_success, FieldError, FormError, MAIN_ID},
    error::ApiError,
    model::SiteInfo,
};

/// `/login`: email and password; goes back to `?next=` afterwards.
#[component]
pub fn LoginPage() -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let query = use_query_map();
    let next = query.read_untracked().get("next").unwrap_or_else(|| site.href("/"));
    let login = ServerAction::<Login>::new();
    load_on_success(login);
    let error = action_error(login);
    view! {
        <Title text="Sign in | Arcade"/>
        <main id=MAIN_ID class="page auth">
            <section class="auth-card">
                <h1>"Sign in to Arcade"</h1>
                {site.me.clone().map(|me| view! { <p class="muted">"You are signed in as " {me.email} "."</p> })}
                <ActionForm action=login>
                    <input type="hidden" name="next" value=next/>
                    <label for="email">"Email"</label>
                    <input
                        id="email"
                        name="email"
                        type="email"
                        autocomplete="username"
                        required
                        autofocus
                        aria-invalid=move || invalid(error, &["email"])
                        aria-describedby="email-error"
                    />
                    <FieldError error field="email"/>
                    <label for="password">"Password"</label>
                    <input
                        id="password"
                        name="password"
                        type="password"
                        autocomplete="current-password"
                        required
                        aria-invalid=move || invalid(error, &["password"])
                        aria-describedby="password-error"
                    />
                    <FieldError error field="password"/>
                    <FormError error fields=&["email", "password"]/>
                    <button type="submit" disabled=move || login.pending().get()>
                        {move || if login.pending().get() { "Signing in…" } else { "Sign in" }}
                    </button>
                </ActionForm>
                <p><a href=site.href("/forgot-password")>"Forgot password?"</a></p>
            </section>
        </main>
    }
}

/// `/forgot-password`: asks for a link to choose a new password, mailed to the address.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let action = ServerAction::<ForgotPassword>::new();
    let error = action_error(action);
    let sent = move || matches!(action.value().get(), Some(Ok(())));
    view! {
        <Title text="Forgot your password? | Arcade"/>
        <main id=MAIN_ID class="page auth">
            <section class="auth-card">
                <h1>"Forgot your password?"</h1>
                <Show
                    when=sent
                    fallback=move || view! {
                        <p class="muted" id="forgot-hint">"We will email you a link to choose a new one."</p>
                        <ActionForm action>
                            <label for="email">"Email"</label>
                            <input id="email" name="email" type="email" autocomplete="username" required autofocus
                                aria-invalid=move || invalid(error, &["email"])
                                aria-describedby="forgot-hint email-error"/>
                            <FieldError error field="email"/>
                            <FormError error fields=&["email"]/>
                            <button type="submit" disabled=move || action.pending().get()>"Email me a link"</button>
                        </ActionForm>
                    }
                >
                    <p role="status">
                        "If an account uses that address, we have emailed it a link to choose a new password. "
                        "The link works once, for 1 hour."
                    </p>
                </Show>
                <p><a href=site.href("/login")>"Back to sign in"</a></p>
            </section>
        </main>
    }
}

/// `/set-password?token=…`: where an invite or reset link lands.
#[component]
pub fn SetPasswordPage() -> impl IntoView {
    let query = use_query_map();
    let token = query.read_untracked().get("token").unwrap_or_default();
    let action = ServerAction::<SetPassword>::new();
    load_on_success(action);
    let error = action_error(action);
    view! {
        <Title text="Choose a password | Arcade"/>
        <main id=MAIN_ID class="page auth">
            <section class="auth-card">
                <h1>"Choose your password"</h1>
                <p class="muted" id="password-hint">"At least 10 characters. This link works once."</p>
                <ActionForm action>
                    <input type="hidden" name="token" value=token/>
                    <label for="password">"New password"</label>
                    <input
                        id="password"
                        name="password"
                        type="password"
                        autocomplete="new-password"
                        minlength="10"
                        required
                        autofocus
                        aria-invalid=move || invalid(error, &["password", "token"])
                        aria-describedby="password-hint password-error token-error"
                    />
                    <FieldError error field="password"/>
                    <FieldError error field="token"/>
                    <FormError error fields=&["password", "token"]/>
                    <button type="submit" disabled=move || action.pending().get()>"Save and sign in"</button>
                </ActionForm>
            </section>
        </main>
    }
}

/// `aria-invalid` of a control: whether the last answer was about one of its fields.
fn invalid(error: Signal<Option<ApiError>>, fields: &[&str]) -> String {
    error.get().is_some_and(|e| fields.iter().any(|f| e.for_field(f).is_some())).to_string()
}
