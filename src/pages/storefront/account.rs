//! `/shop/account`: a shopper's account in this store, or the forms to sign in or create one.

use leptos::prelude::*;
use leptos_meta::Meta;

use crate::{
    api::shopper::{my_account, ShopperSignIn, ShopperSignOut, ShopperSignUp},
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
    let account = Resource::new(
        move || (sign_in.version().get(), sign_up.version().get(), sign_out.version().get()),
        |_| my_account(),
    );
    let title =
        format!("Your account | {}", site.store.as_ref().map(|s| s.name.as_str()).unwrap_or_default());
    view! {
        <PageTitle text=title/>
        <Meta name="robots" content="noindex"/>
        <StoreLayout>
            <Transition fallback=|| view! { <p class="muted" role="status">"Loading your account…"</p> }>
                {move || Suspend::new(async move {
                    match account.await {
                        Ok(Some(a)) => view! { <Account account=a sign_out/> }.into_any(),
                        Ok(None) => view! { <SignInOrUp sign_in sign_up/> }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
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

/// One form at a time (their fields share names and error ids): sign in, or create one.
#[component]
fn SignInOrUp(sign_in: ServerAction<ShopperSignIn>, sign_up: ServerAction<ShopperSignUp>) -> impl IntoView {
    let creating = RwSignal::new(false);
    view! {
        <h1>"Your account"</h1>
        <p class="muted">"An account keeps your orders in one place. You can also check out as a guest."</p>
        <section class="account-form" aria-live="polite">
            {move || if creating.get() {
                view! { <SignUpForm action=sign_up/> }.into_any()
            } else {
                view! { <SignInForm action=sign_in/> }.into_any()
            }}
            <p>
                <button type="button" class="link-button" on:click=move |_| creating.update(|c| *c = !*c)>
                    {move || if creating.get() { "I already have an account" } else { "New here? Create an account" }}
                </button>
            </p>
        </section>
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
    view! {
        <h2>"Create an account"</h2>
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
}
