//! Sign-in, sign-out and set-password, on the platform and admin hosts only.

use leptos::prelude::*;

use super::error::ApiError;
use crate::model::MyStore;

#[cfg(feature = "ssr")]
use super::access::{self, respond};

/// Signs in with email and password, then goes to `next` (a path on this host).
#[server(endpoint = "/auth/login")]
pub async fn login(email: String, password: String, next: String) -> Result<(), ApiError> {
    use crate::server::{
        auth::{guard::safe_next, password, sessions},
        db::users,
        tenancy::Site,
    };
    respond(async move {
        let app = access::state()?;
        let site = use_context::<Site>();
        let home = match &site {
            Some(Site::Admin { base }) => format!("{base}/"),
            Some(Site::Platform) => "/".to_string(),
            _ => return Err(ApiError::Forbidden),
        };
        let email = users::parse_email(&email).map_err(|m| ApiError::invalid("email", m))?;
        if password.is_empty() || password.len() > password::MAX_PASSWORD {
            return Err(ApiError::invalid("password", "enter your password"));
        }
        let ip = client_ip();
        app.throttle.attempt(&email, ip).map_err(|retry_after| ApiError::Throttled { retry_after })?;
        let user = users::by_email(&app.db, &email).await?;
        let hash = user.as_ref().and_then(|u| u.password_hash.clone());
        if !password::verify_blocking(password, hash).await {
            return Err(ApiError::invalid("password", "wrong email or password"));
        }
        let user = user.ok_or(ApiError::Unauthorized)?;
        if matches!(site, Some(Site::Admin { .. })) && user.is_admin != 1 {
            return Err(ApiError::invalid("email", "this account is not a platform admin"));
        }
        app.throttle.succeeded(&email, ip);
        let cookie = sessions::start(&app.db, user.id, &access::origin()).await?;
        let res = expect_context::<leptos_axum::ResponseOptions>();
        res.append_header(http::header::SET_COOKIE, cookie);
        leptos_axum::redirect(&safe_next(&next, &home));
        Ok(())
    })
    .await
}

/// Ends this session (the cookie and the database row).
#[server(endpoint = "/auth/logout")]
pub async fn logout() -> Result<(), ApiError> {
    use crate::server::{auth::sessions, db::users, tenancy::Site};
    respond(async move {
        let app = access::state()?;
        if !matches!(use_context::<Site>(), Some(Site::Platform | Site::Admin { .. } | Site::Dashboard(_))) {
            return Err(ApiError::Forbidden);
        }
        if let Ok(who) = access::principal() {
            users::delete_session(&app.db, &who.session).await?;
        }
        let res = expect_context::<leptos_axum::ResponseOptions>();
        res.append_header(http::header::SET_COOKIE, sessions::clear(&access::origin()));
        let to = match use_context::<Site>() {
            Some(Site::Admin { base }) => format!("{base}/login"),
            _ => "/login".into(),
        };
        leptos_axum::redirect(&to);
        Ok(())
    })
    .await
}

/// Sets the password of the account a one-time link was made for, and signs in.
#[server(endpoint = "/auth/set_password")]
pub async fn set_password(token: String, password: String) -> Result<(), ApiError> {
    use crate::server::{
        auth::{password as pw, sessions},
        db::users,
        tenancy::Site,
        write::Write,
    };
    respond(async move {
        let app = access::state()?;
        if !matches!(use_context::<Site>(), Some(Site::Platform)) {
            return Err(ApiError::Forbidden);
        }
        pw::check_new(&password).map_err(|m| ApiError::invalid("password", m))?;
        if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(ApiError::invalid("token", "this link is not valid"));
        }
        // Hashed before the transaction: argon2 takes a while and must not hold the write lock.
        let hash = pw::hash_blocking(password).await;
        let mut w = Write::begin(&app, (None, "")).await?;
        let Some((user, email)) = users::take_password_token(w.conn(), &pw::sha256_hex(&token)).await? else {
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
        leptos_axum::redirect("/");
        Ok(())
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

/// The client's address, for throttling (forwarded only by trusted proxies).
#[cfg(feature = "ssr")]
fn client_ip() -> Option<std::net::IpAddr> {
    let parts = use_context::<http::request::Parts>()?;
    parts.extensions.get::<crate::server::tenancy::ClientIp>().map(|c| c.0)
}
