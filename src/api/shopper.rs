//! Shopper accounts, on the store's own host: sign up, sign in, sign out, the account page.
//! Optional: guests check out too. An account belongs to one store.

use leptos::prelude::*;

use crate::error::ApiError;
use crate::model::ShopperAccount;

#[cfg(feature = "ssr")]
use super::access::respond;

/// Mails a link to `email` that confirms the address and makes the account. The answer is
/// the same whether or not the address has an account here (one that has is told by mail).
#[server(endpoint = "/account/sign_up")]
pub async fn shopper_sign_up(email: String, password: String, name: String) -> Result<(), ApiError> {
    respond(async move { server::sign_up(email, password, name).await }).await
}

/// Uses a sign-up link: the account is made and signed in.
#[server(endpoint = "/account/confirm")]
pub async fn shopper_confirm(token: String) -> Result<(), ApiError> {
    respond(async move { super::shopper_links::confirm(token).await }).await
}

/// Mails a link to choose a new password to `email`, if it has an account here; the
/// answer is the same either way.
#[server(endpoint = "/account/forgot_password")]
pub async fn shopper_forgot_password(email: String) -> Result<(), ApiError> {
    respond(async move { super::shopper_links::forgot(email).await }).await
}

/// Uses a reset link: sets the password, ends the account's other sessions, signs in.
#[server(endpoint = "/account/reset_password")]
pub async fn shopper_reset_password(token: String, password: String) -> Result<(), ApiError> {
    respond(async move { super::shopper_links::reset(token, password).await }).await
}

/// Signs in to this store's account with `email`. Throttled like the console's sign-in.
#[server(endpoint = "/account/sign_in")]
pub async fn shopper_sign_in(email: String, password: String) -> Result<(), ApiError> {
    respond(async move { server::sign_in(email, password).await }).await
}

/// Ends this session.
#[server(endpoint = "/account/sign_out")]
pub async fn shopper_sign_out() -> Result<(), ApiError> {
    respond(async move { server::sign_out().await }).await
}

/// The signed-in shopper's account and orders; `None` when signed out (the account page
/// then offers to sign in, so this is not an error).
#[server(endpoint = "/account/me")]
pub async fn my_account() -> Result<Option<ShopperAccount>, ApiError> {
    respond(async move {
        let shop = super::cart::server::Shop::of_request()?;
        let Some(me) = server::signed_in(&shop).await? else { return Ok(None) };
        let orders = crate::server::db::orders::of_shopper(&shop.app.db, shop.ctx.id(), me.id).await?;
        Ok(Some(ShopperAccount { email: me.email, name: me.name, orders }))
    })
    .await
}

#[cfg(feature = "ssr")]
pub(crate) mod server {
    use leptos::prelude::*;

    use crate::{
        api::{auth::client_ip, cart::server::Shop},
        error::ApiError,
        server::{
            auth::{
                password::{self, Lane},
                throttle::{Act, Scope},
            },
            db::{shoppers, users},
            shopper_cookies::{self, Kind},
        },
    };

    /// The account of this request's session in this store, if any.
    pub async fn signed_in(shop: &Shop) -> Result<Option<shoppers::Shopper>, ApiError> {
        let Some(token) = shop.token(Kind::Session) else { return Ok(None) };
        Ok(shoppers::session_shopper(&shop.app.db, shop.ctx.id(), &token).await?)
    }

    pub(crate) fn checked_email(email: &str) -> Result<String, ApiError> {
        users::parse_email(email).map_err(|m| ApiError::invalid("email", m))
    }

    pub(crate) fn checked_name(name: &str) -> Result<String, ApiError> {
        let name = name.trim().to_string();
        if name.chars().count() > 100 || name.chars().any(char::is_control) {
            return Err(ApiError::invalid("name", "use at most 100 characters, no control characters"));
        }
        Ok(name)
    }

    /// Counts an attempt of `act` for `email` in this store's own buckets.
    pub(crate) fn throttle(shop: &Shop, act: Act, email: &str) -> Result<(), ApiError> {
        shop.app
            .throttle
            .attempt(Scope::Store(shop.ctx.code()), act, email, client_ip())
            .map_err(|retry_after| ApiError::Throttled { retry_after })
    }

    pub(crate) async fn start_session(shop: &Shop, shopper: i64) -> Result<(), ApiError> {
        let (token, cookie) = shopper_cookies::issue(Kind::Session, &shop.ctx);
        shoppers::create_session(&shop.app.db, shop.ctx.id(), &token, shopper, Kind::Session.ttl_secs())
            .await?;
        expect_context::<leptos_axum::ResponseOptions>().append_header(http::header::SET_COOKIE, cookie);
        Ok(())
    }

    pub async fn sign_up(email: String, password: String, name: String) -> Result<(), ApiError> {
        let shop = Shop::of_request()?;
        let email = checked_email(&email)?;
        let name = checked_name(&name)?;
        password::check_new(&password).map_err(|m| ApiError::invalid("password", m))?;
        throttle(&shop, Act::SignUp, &email)?;
        // Hashed whether or not the address has an account, so both take as long.
        let hash = password::hash_blocking(Lane::Shoppers, password).await;
        super::super::shopper_links::mail_sign_up(&shop, &email, &name, &hash).await
    }

    pub async fn sign_in(email: String, password: String) -> Result<(), ApiError> {
        let shop = Shop::of_request()?;
        let email = checked_email(&email)?;
        if password.is_empty() || password.len() > password::MAX_PASSWORD {
            return Err(ApiError::invalid("password", "enter your password"));
        }
        throttle(&shop, Act::SignIn, &email)?;
        let account = shoppers::by_email(&shop.app.db, shop.ctx.id(), &email).await?;
        let hash = account.as_ref().map(|a| a.password_hash.clone());
        if !password::verify_blocking(Lane::Shoppers, password, hash).await {
            return Err(ApiError::invalid("password", "wrong email or password"));
        }
        let account = account.ok_or(ApiError::Unauthorized)?;
        shop.app.throttle.succeeded(Scope::Store(shop.ctx.code()), Act::SignIn, &email, client_ip());
        start_session(&shop, account.id).await
    }

    pub async fn sign_out() -> Result<(), ApiError> {
        let shop = Shop::of_request()?;
        if let Some(token) = shop.token(Kind::Session) {
            shoppers::delete_session(&shop.app.db, shop.ctx.id(), &token).await?;
        }
        let clear = shopper_cookies::clear(Kind::Session, &shop.ctx);
        expect_context::<leptos_axum::ResponseOptions>().append_header(http::header::SET_COOKIE, clear);
        Ok(())
    }
}
