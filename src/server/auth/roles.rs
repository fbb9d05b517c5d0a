//! The server's half of "who may do what": the table of `model::roles` for members of
//! an active store, everything for platform admins, and nothing for members of a
//! suspended store (its dashboard stays open to admins only).

use super::{Action, Principal};
use crate::{model::allows, server::db::stores::StoreStatus};

/// Whether `who` may do `action` in a store whose status is `status`.
pub fn permits(who: &Principal, action: Action, status: StoreStatus) -> bool {
    who.is_admin || (status == StoreStatus::Active && who.role.is_some_and(|role| allows(role, action)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::auth::Role;

    fn member(role: Option<Role>, is_admin: bool) -> Principal {
        Principal { user_id: 1, email: "a@x.test".into(), is_admin, role, session: String::new() }
    }

    #[test]
    fn a_suspended_store_is_closed_to_its_members_and_open_to_admins() {
        let owner = member(Some(Role::Owner), false);
        assert!(permits(&owner, Action::Settings, StoreStatus::Active));
        assert!(!permits(&owner, Action::Settings, StoreStatus::Suspended));
        assert!(!permits(&member(Some(Role::Staff), false), Action::Products, StoreStatus::Suspended));
        assert!(permits(&member(None, true), Action::ExportOrders, StoreStatus::Suspended));
        assert!(!permits(&member(None, false), Action::View, StoreStatus::Active), "not a member");
    }
}
