//! `/shop/account`: a shopper's account in this store, or the forms to sign in, create one
//! or ask for a new password; with `?confirm=` or `?reset=` (links mailed to the shopper),
//! the step that confirms the address or sets the new password.

use leptos::prelude::*;
use leptos_meta::Meta;

use crate::{
    api::shopper::{
        my_account, ShopperConfirm, ShopperForgotPassword, ShopperResetPassword, ShopperSignIn,
        ShopperSignOut, ShopperSignUp,
    },
    components::{action_error, FieldError, FormError, PageTitle, StoreLayout},
    model::{format_price, ShopperAccount, SiteInfo},
    text::datetime,
};

#[component]
pub fn AccountPage() -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let sign_in = ServerAction::<ShopperSignIn>::new();
    let sign_up = ServerAction::<ShopperSignUp>::new();
    let sign_out = ServerAction::<ShopperSignOut>::new();
    let confirm = ServerAction::<ShopperConfirm>::new();
    let reset = ServerAction::<ShopperResetPassword>::new();
    let account = Resource::new(
        move || {
            (
                sign_in.version().get(),
                sign_out.version().get(),
                confirm.version().get(),
                reset.version().get(),
            )
        },
        |_| my_account(),
    );
    let query = leptos_router::hooks::use_query_map();
    let link = query.with_untracked(|q| {
        q.get("confirm").map(|t| (true, t)).or_else(|| q.get("reset").map(|t| (false, t)))
    });
    let title =
        format!("Your account | {}", site.store.as_ref().map(|s| s.name.as_str()).unwrap_or_default());
    view! {
        <PageTitle text=title/>
        <Meta name="robots" content="noindex"/>
        <StoreLayout>
            <Transition fallback=|| view! { <p class="muted" role="status">"Loading your account…"</p> }>
                {move || {
                    let link = link.clone();
                    Suspend::new(async move {
                    match account.await {
                        Ok(Some(a)) => view! { <Account account=a sign_out/> }.into_any(),
                        Ok(None) => match link {
                            Some((true, token)) => view! { <ConfirmForm action=confirm token/> }.into_any(),
                            Some((false, token)) => view! { <ResetForm action=reset token/> }.into_any(),
                            None => view! { <SignInOrUp sign_in sign_up/> }.into_any(),
                        },
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}}
            </Transition>
        </StoreLayout>
    }
}

#[component]
fn Account(account: ShopperAccount, sign_out: ServerAction<ShopperSignOut>) -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let hello = if account.name.is_empty() { account.email.clone() } else { account.name.clone() };
    view! {
        <div class="page-head">
            <h1>{format!("Hello, {hello}")}</h1>
            <ActionForm action=sign_out attr:class="inline">
                <button type="submit" class="secondary">"Sign out"</button>
            </ActionForm>
        </div>
        <p class="muted">{format!("Signed in as {}", account.email)}</p>
        <h2>"Your orders"</h2>
        {if account.orders.is_empty() {
            view! {
                <p>"No orders yet."</p>
                <a class="button" href=site.href("/shop/products")>"Browse products"</a>
            }.into_any()
        } else {
            view! {
                <ul class="shopper-orders">
                    {account.orders.into_iter().map(|o| view! {
                        <li>
                            <a href=site.href(&format!("/shop/orders/{}", o.token))>{format!("Order #{}", o.number)}</a>
                            <span>{datetime(o.created_at)}</span>
                            <span class="badge">{o.status.label()}</span>
                            <strong>{format_price(o.total_cents)}</strong>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        <super::wallet::WalletSection/>
    }
}

/// Which form the signed-out account page shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    SignIn,
    SignUp,
    Forgot,
}

/// One form at a time (their fields share names and error ids): sign in, create an
/// account, or ask for a new password.
#[component]
fn SignInOrUp(sign_in: ServerAction<ShopperSignIn>, sign_up: ServerAction<ShopperSignUp>) -> impl IntoView {
    let form = RwSignal::new(Form::SignIn);
    let forgot = ServerAction::<ShopperForgotPassword>::new();
    let switch = move |to: Form, label: &'static str| {
        view! { <button type="button" class="link-button" on:click=move |_| form.set(to)>{label}</button> }
    };
    view! {
        <h1>"Your account"</h1>
        <p class="muted">"An account keeps your orders in one place. You can also check out as a guest."</p>
        <section class="account-form" aria-live="polite">
            {move || match form.get() {
                Form::SignUp => view! { <SignUpForm action=sign_up/> }.into_any(),
                Form::SignIn => view! { <SignInForm action=sign_in/> }.into_any(),
                Form::Forgot => view! { <ForgotForm action=forgot/> }.into_any(),
            }}
            <p>
                {move || match form.get() {
                    Form::SignIn => view! {
                        {switch(Form::Forgot, "Forgot password?")}
                        " · "
                        {switch(Form::SignUp, "New here? Create an account")}
                    }.into_any(),
                    _ => switch(Form::SignIn, "Back to sign in").into_any(),
                }}
            </p>
        </section>
    }
}

/// Asks for a reset link; the answer is the same whether or not the address has an account.
#[component]
fn ForgotForm(action: ServerAction<ShopperForgotPassword>) -> impl IntoView {
    let error = action_error(action);
    view! {
        <h2>"Forgot your password?"</h2>
        <Show
            when=move || matches!(action.value().get(), Some(Ok(())))
            fallback=move || view! {
                <ActionForm action attr:class="stack">
                    <label for="email">"Email"</label>
                    <input id="email" name="email" type="email" autocomplete="email" required aria-describedby="email-error"/>
                    <FieldError error field="email"/>
                    <FormError error fields=&["email"]/>
                    <button type="submit">"Email me a link"</button>
                </ActionForm>
            }
        >
            <p role="status">"If an account here uses that address, we have emailed it a link to choose a new password. It works once, for 1 hour."</p>
        </Show>
    }
}

/// The step of a mailed sign-up link: one click confirms (a link opened by a mail scanner
/// changes nothing).
#[component]
fn ConfirmForm(action: ServerAction<ShopperConfirm>, token: String) -> impl IntoView {
    let error = action_error(action);
    view! {
        <h1>"Confirm your email"</h1>
        <ActionForm action attr:class="stack">
            <input type="hidden" name="token" value=token/>
            <FieldError error field="token"/>
            <FormError error fields=&["token"]/>
            <button type="submit">"Confirm and sign in"</button>
        </ActionForm>
    }
}

/// The step of a mailed reset link: the new password.
#[component]
fn ResetForm(action: ServerAction<ShopperResetPassword>, token: String) -> impl IntoView {
    let error = action_error(action);
    view! {
        <h1>"Choose a new password"</h1>
        <ActionForm action attr:class="stack">
            <input type="hidden" name="token" value=token/>
            <label for="password">"New password (at least 10 characters)"</label>
            <input id="password" name="password" type="password" autocomplete="new-password" required minlength="10" aria-describedby="password-error token-error"/>
            <FieldError error field="password"/>
            <FieldError error field="token"/>
            <FormError error fields=&["password", "token"]/>
            <button type="submit">"Save and sign in"</button>
        </ActionForm>
    }
}

#[component]
fn SignInForm(action: ServerAction<ShopperSignIn>) -> impl IntoView {
    let error = action_error(action);
    view! {
        <h2>"Sign in"</h2>
        <ActionForm action attr:class="stack">
            <label for="email">"Email"</label>
            <input id="email" name="email" type="email" autocomplete="email" required aria-describedby="email-error"/>
            <FieldError error field="email"/>
            <label for="password">"Password"</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required aria-describedby="password-error"/>
            <FieldError error field="password"/>
            <FormError error fields=&["email", "password"]/>
            <button type="submit">"Sign in"</button>
        </ActionForm>
    }
}

#[component]
fn SignUpForm(action: ServerAction<ShopperSignUp>) -> impl IntoView {
    let error = action_error(action);
    let sent = move || matches!(action.value().get(), Some(Ok(())));
    view! {
        <h2>"Create an account"</h2>
        <Show
            when=sent
            fallback=move || view! {
                <ActionForm action attr:class="stack">
                    <label for="name">"Name (optional)"</label>
                    <input id="name" name="name" type="text" autocomplete="name" aria-describedby="name-error"/>
                    <FieldError error field="name"/>
                    <label for="email">"Email"</label>
                    <input id="email" name="email" type="email" autocomplete="email" required aria-describedby="email-error"/>
                    <FieldError error field="email"/>
                    <label for="password">"Password (at least 10 characters)"</label>
                    <input id="password" name="password" type="password" autocomplete="new-password" required minlength="10" aria-describedby="password-error"/>
                    <FieldError error field="password"/>
                    <FormError error fields=&["name", "email", "password"]/>
                    <button type="submit">"Create account"</button>
                </ActionForm>
            }
        >
            <p role="status">"Check your email: we have sent a link to confirm your address. Your account is ready once you use it."</p>
        </Show>
    }
}
