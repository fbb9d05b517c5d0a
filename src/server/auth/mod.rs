//! Accounts: password hashing, sessions, sign-in throttling, roles, invitations and API
//! keys. (The guard that checks every request against them is a layer of the HTTP
//! pipeline: `server::http::guard`.)

pub mod api_key;
pub mod invites;
pub mod password;
pub mod roles;
pub mod sessions;
pub mod throttle;

use crate::model::Me;
pub use crate::model::{Action, Role};

/// The signed-in user of a request (inserted by the guard on platform, admin and
/// dashboard sites only; storefront hosts never see a session).
#[derive(Clone, Debug)]
pub struct Principal {
    pub user_id: i64,
    pub email: String,
    pub is_admin: bool,
    /// The role in the dashboard's store, when the request is for a dashboard.
    pub role: Option<Role>,
    /// SHA-256 of the session token, to end this session on sign-out.
    pub session: String,
}

impl Principal {
    /// What the page may show about this user.
    pub fn me(&self) -> Me {
        Me { email: self.email.clone(), is_admin: self.is_admin, role: self.role.map(|r| r.as_str().into()) }
    }

    /// Who did something, for the audit log.
    pub fn actor(&self) -> (Option<i64>, &str) {
        (Some(self.user_id), &self.email)
    }
}
