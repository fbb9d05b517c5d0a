//! Sign-in, sign-out, password resets and set-password, on the console's origin (`admin.P`)
//! only: the session cookie is set there, host-only, and read nowhere else. One-time links
//! are mailed to the account's address; no answer here says whether an email has an account.

use leptos::prelude::*;

use crate::error::ApiError;
use crate::model::MyStore;

#[cfg(feature = "ssr")]
use super::access::{self, respond};

/// Signs in with email and password, then goes to `next` (a path on this host): the
/// console for an admin, else the list of the user's stores. Answers the page to load.
#[server(endpoint = "/auth/login")]
pub async fn login(email: String, password: String, next: String) -> Result<String, ApiError> {
    use crate::server::{
        auth::{
            password::{self, Lane},
            sessions,
            throttle::{Act, Scope},
        },
        db::users,
        http::guard::safe_next,
    };
    respond(async move {
        let app = access::state()?;
        on_console_origin()?;
        let email = users::parse_email(&email).map_err(|m| ApiError::invalid("email", m))?;
        if password.is_empty() || password.len() > password::MAX_PASSWORD {
            return Err(ApiError::invalid("password", "enter your password"));
        }
        let ip = client_ip();
        let throttled = |retry_after| ApiError::Throttled { retry_after };
        app.throttle.attempt(Scope::Staff, Act::SignIn, &email, ip).map_err(throttled)?;
        let user = users::by_email(&app.db, &email).await?;
        let hash = user.as_ref().and_then(|u| u.password_hash.clone());
        if !password::verify_blocking(Lane::Staff, password, hash).await {
            return Err(ApiError::invalid("password", "wrong email or password"));
        }
        let user = user.ok_or(ApiError::Unauthorized)?;
        app.throttle.succeeded(Scope::Staff, Act::SignIn, &email, ip);
        let cookie = sessions::start(&app.db, user.id, &access::origin()).await?;
        let res = expect_context::<leptos_axum::ResponseOptions>();
        res.append_header(http::header::SET_COOKIE, cookie);
        Ok(land_on(&safe_next(&next, "/")))
    })
    .await
}

/// Ends this session (the cookie and the database row); answers the page to load.
#[server(endpoint = "/auth/logout")]
pub async fn logout() -> Result<String, ApiError> {
    use crate::server::{auth::sessions, db::users};
    respond(async move {
        let app = access::state()?;
        on_console_origin()?;
        if let Ok(who) = access::principal() {
            users::delete_session(&app.db, &who.session).await?;
        }
        let res = expect_context::<leptos_axum::ResponseOptions>();
        res.append_header(http::header::SET_COOKIE, sessions::clear(&access::origin()));
        Ok(land_on("/login"))
    })
    .await
}

/// Mails a link to choose a new password to `email`, if it has an account. The answer is
/// the same either way, and comes before any lookup is made.
#[server(endpoint = "/auth/forgot_password")]
pub async fn forgot_password(email: String) -> Result<(), ApiError> {
    use crate::server::{
        auth::throttle::{Act, Scope},
        mail::compose,
    };
    respond(async move {
        let app = access::state()?;
        on_console_origin()?;
        let email =
            crate::server::db::users::parse_email(&email).map_err(|m| ApiError::invalid("email", m))?;
        let throttled = |retry_after| ApiError::Throttled { retry_after };
        app.throttle.attempt(Scope::Staff, Act::ResetRequest, &email, client_ip()).map_err(throttled)?;
        crate::server::mail::after_answer("password reset", async move {
            use crate::server::db::users;
            let Some(user) = users::by_email(&app.db, &email).await? else { return Ok(()) };
            let mut tx = app.db.begin_write().await?;
            let token = users::new_link(&mut tx, user.id, users::Purpose::Reset).await?;
            let link = format!("{}/set-password?token={token}", app.admin_origin);
            app.mailer.enqueue(&mut tx, &compose::staff_reset(&email, &link)).await?;
            tx.commit().await?;
            app.mailer.wake();
            Ok(())
        });
        Ok(())
    })
    .await
}

/// Sets the password of the account a one-time link was made for, ends its other sessions
/// and links, and signs in; answers the page to load.
#[server(endpoint = "/auth/set_password")]
pub async fn set_password(token: String, password: String) -> Result<String, ApiError> {
    use crate::server::{
        auth::{
            password::{self as pw, Lane},
            sessions,
            throttle::{Act, Scope},
        },
        db::users,
        tokens,
        write::Write,
    };
    respond(async move {
        let app = access::state()?;
        on_console_origin()?;
        if !tokens::is_link_token(&token) {
            return Err(ApiError::invalid("token", "this link is not valid"));
        }
        pw::check_new(&password).map_err(|m| ApiError::invalid("password", m))?;
        let throttled = |retry_after| ApiError::Throttled { retry_after };
        app.throttle.attempt(Scope::Staff, Act::UseLink, "", client_ip()).map_err(throttled)?;
        // Hashed before the transaction: argon2 takes a while and must not hold the write lock.
        let hash = pw::hash_blocking(Lane::Staff, password).await;
        let mut w = Write::begin(&app, (None, "")).await?;
        let Some((user, email)) = users::take_password_token(w.conn(), &tokens::sha256_hex(&token)).await?
        else {
            return Err(ApiError::invalid(
                "token",
                "this link was used already or has expired; ask for a new one",
            ));
        };
        users::set_password(w.conn(), user, &hash).await?;
        w.set_actor(Some(user), &email);
        w.commit("user.set_password", "").await?;
        let cookie = sessions::start(&app.db, user, &access::origin()).await?;
        expect_context::<leptos_axum::ResponseOptions>().append_header(http::header::SET_COOKIE, cookie);
        Ok(land_on("/"))
    })
    .await
}

/// The stores the signed-in user belongs to (empty when signed out).
#[server(endpoint = "/auth/my_stores")]
pub async fn my_stores() -> Result<Vec<MyStore>, ApiError> {
    respond(async move {
        let Ok(who) = access::principal() else { return Ok(Vec::new()) };
        let app = access::state()?;
        let rows = crate::server::db::users::stores_of(&app.db, who.user_id).await?;
        Ok(rows.into_iter().map(|(code, name, role)| MyStore { code, name, role }).collect())
    })
    .await
}

/// Where the browser goes after the session changed: `to` (a path on this host), loaded
/// anew so the whole page shows who is signed in now. A plain form post gets a 302 there;
/// a hydrated page gets the path back and loads it itself (`frame::load_on_success`)
/// rather than letting its router show it with the old session's view of the site.
#[cfg(feature = "ssr")]
fn land_on(to: &str) -> String {
    let parts = use_context::<http::request::Parts>();
    let accept = parts.as_ref().and_then(|p| p.headers.get(http::header::ACCEPT)?.to_str().ok());
    if accept.is_some_and(|a| a.contains("text/html")) {
        leptos_axum::redirect(to);
    } else if let (Some(res), Ok(location)) =
        (use_context::<leptos_axum::ResponseOptions>(), http::HeaderValue::from_str(to))
    {
        res.insert_header(http::header::LOCATION, location);
    }
    to.to_string()
}

/// Refuses a call made anywhere but on the console's origin (the console or a dashboard).
#[cfg(feature = "ssr")]
fn on_console_origin() -> Result<(), ApiError> {
    use crate::server::tenancy::Site;
    match use_context::<Site>() {
        Some(Site::Admin | Site::Dashboard(_)) => Ok(()),
        _ => Err(ApiError::Forbidden),
    }
}

/// The client's address, for throttling (forwarded only by trusted proxies).
#[cfg(feature = "ssr")]
pub(crate) fn client_ip() -> Option<std::net::IpAddr> {
    let parts = use_context::<http::request::Parts>()?;
    parts.extensions.get::<crate::server::tenancy::ClientIp>().map(|c| c.0)
}
