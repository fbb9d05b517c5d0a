//! Shoppers' one-time links, on the store's own host: the sign-up confirmation and the
//! password reset. Links are mailed to the address they are for and built from the store's
//! canonical origin; no answer says whether an address has an account here.

use super::{
    cart::server::Shop,
    shopper::server::{checked_email, start_session, throttle},
};
use crate::error::ApiError;
use crate::server::{
    auth::{
        password::{self, Lane},
        throttle::Act,
    },
    db::{shopper_links, shoppers},
    mail::{
        self,
        compose::{self, Sender},
    },
    tenancy::site::canonical_origin,
    tokens,
};

/// `{canonical origin}/shop/account?{key}={token}`: where a mailed link lands.
fn link(shop: &Shop, key: &str, token: &str) -> String {
    format!("{}/shop/account?{key}={token}", canonical_origin(&shop.ctx, &shop.app.platform_origin))
}

fn sender(shop: &Shop) -> Sender<'_> {
    Sender::store(shop.ctx.id(), &shop.ctx.store.name)
}

/// Writes the sign-up mail: a confirmation link for a new address, or, for an address that
/// has an account here, a note with links to sign in and to reset the password.
pub async fn mail_sign_up(shop: &Shop, email: &str, name: &str, hash: &str) -> Result<(), ApiError> {
    let app = &shop.app;
    let existing = shoppers::by_email(&app.db, shop.ctx.id(), email).await?;
    let mut tx = app.db.begin_write().await?;
    let mail = match existing {
        None => {
            let token = shopper_links::new_signup(&mut tx, shop.ctx.id(), email, name, hash).await?;
            compose::shopper_confirm(sender(shop), email, &link(shop, "confirm", &token))
        }
        Some(_) => {
            let token = shopper_links::new_reset(&mut tx, shop.ctx.id(), email).await?;
            let sign_in = format!("{}/shop/account", canonical_origin(&shop.ctx, &app.platform_origin));
            compose::shopper_exists(sender(shop), email, &sign_in, &link(shop, "reset", &token))
        }
    };
    app.mailer.enqueue(&mut tx, &mail).await?;
    tx.commit().await?;
    app.mailer.wake();
    Ok(())
}

fn bad_link() -> ApiError {
    ApiError::invalid("token", "this link was used already or has expired; ask for a new one")
}

/// Uses a sign-up link: makes the account with what was chosen at sign-up, signs it in.
pub async fn confirm(token: String) -> Result<(), ApiError> {
    let shop = Shop::of_request()?;
    if !tokens::is_link_token(&token) {
        return Err(bad_link());
    }
    throttle(&shop, Act::UseLink, "")?;
    let mut tx = shop.app.db.begin_write().await?;
    let Some(used) =
        shopper_links::take(&mut tx, shop.ctx.id(), &token, shopper_links::Purpose::SignUp).await?
    else {
        return Err(bad_link());
    };
    let hash = used.password_hash.ok_or_else(bad_link)?;
    let id = shopper_links::set_password(&mut tx, shop.ctx.id(), &used.email, &used.name, &hash).await?;
    tx.commit().await?;
    start_session(&shop, id).await
}

/// Mails a reset link to `email` when it has an account here; answers alike either way.
pub async fn forgot(email: String) -> Result<(), ApiError> {
    let shop = Shop::of_request()?;
    let email = checked_email(&email)?;
    throttle(&shop, Act::ResetRequest, &email)?;
    mail::after_answer("shopper reset", async move {
        let app = shop.app.clone();
        if shoppers::by_email(&app.db, shop.ctx.id(), &email).await?.is_none() {
            return Ok(());
        }
        let mut tx = app.db.begin_write().await?;
        let token = shopper_links::new_reset(&mut tx, shop.ctx.id(), &email).await?;
        let mail = compose::shopper_reset(sender(&shop), &email, &link(&shop, "reset", &token));
        app.mailer.enqueue(&mut tx, &mail).await?;
        tx.commit().await?;
        app.mailer.wake();
        Ok(())
    });
    Ok(())
}

/// Uses a reset link: the new password, every other session ended, signed in.
pub async fn reset(token: String, new_password: String) -> Result<(), ApiError> {
    let shop = Shop::of_request()?;
    if !tokens::is_link_token(&token) {
        return Err(bad_link());
    }
    password::check_new(&new_password).map_err(|m| ApiError::invalid("password", m))?;
    throttle(&shop, Act::UseLink, "")?;
    let hash = password::hash_blocking(Lane::Shoppers, new_password).await;
    let mut tx = shop.app.db.begin_write().await?;
    let Some(used) =
        shopper_links::take(&mut tx, shop.ctx.id(), &token, shopper_links::Purpose::Reset).await?
    else {
        return Err(bad_link());
    };
    let id = shopper_links::set_password(&mut tx, shop.ctx.id(), &used.email, &used.name, &hash).await?;
    tx.commit().await?;
    start_session(&shop, id).await
}
