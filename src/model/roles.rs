//! Who may do what in a store's dashboard: the one table behind README's "Who may do
//! what". The server asks it before every dashboard function, the order export and the
//! uploads (`server::auth::roles::permits`, which adds platform admins and suspended
//! stores); pages ask it only to hide what would be refused.

use serde::{Deserialize, Serialize};

/// A role in one store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    Owner,
    Staff,
}

impl Role {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "owner" => Some(Self::Owner),
            "staff" => Some(Self::Staff),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Owner => "owner",
            Self::Staff => "staff",
        }
    }
}

/// Something done in a store's dashboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Open the dashboard: the overview, the team list, the theme editor read-only.
    View,
    /// Create, change and delete products, with their stock and images.
    Products,
    /// See the orders, one by one, with the shopper's address.
    ViewOrders,
    /// Move an order on: placed → paid → shipped → delivered.
    AdvanceOrders,
    /// Cancel an order: its units go back in stock, its gift cards are refunded.
    CancelOrders,
    /// Download every order with every shopper's personal data as CSV.
    ExportOrders,
    /// Invite and remove staff.
    Team,
    /// Add, verify, make primary and remove custom domains.
    Domains,
    /// Create and revoke API keys.
    ApiKeys,
    /// Save, publish and discard the theme, make preview links.
    Theme,
    /// Rename the store, upload its logo and favicon.
    Settings,
    /// See the gift cards issued.
    ViewGiftCards,
    /// Issue gift cards (money the store owes).
    IssueGiftCards,
    /// Hide a review from the product page, or show it again.
    ModerateReviews,
}

impl Action {
    /// Every action, in the order of README's table.
    pub const ALL: [Action; 14] = [
        Action::View,
        Action::Products,
        Action::ViewOrders,
        Action::AdvanceOrders,
        Action::CancelOrders,
        Action::ExportOrders,
        Action::Team,
        Action::Domains,
        Action::ApiKeys,
        Action::Theme,
        Action::Settings,
        Action::ViewGiftCards,
        Action::IssueGiftCards,
        Action::ModerateReviews,
    ];

    /// Its row's name in README's table.
    pub fn label(self) -> &'static str {
        match self {
            Action::View => "open the dashboard, see the team, theme read-only",
            Action::Products => "products: create, edit, delete, stock, images",
            Action::ViewOrders => "orders: list and view",
            Action::AdvanceOrders => "orders: mark paid, shipped, delivered",
            Action::CancelOrders => "orders: cancel",
            Action::ExportOrders => "orders: export CSV (every shopper's address)",
            Action::Team => "team: invite and remove staff",
            Action::Domains => "custom domains",
            Action::ApiKeys => "API keys",
            Action::Theme => "theme: save, publish, discard, preview links",
            Action::Settings => "settings: name, logo and favicon uploads",
            Action::ViewGiftCards => "gift cards: list",
            Action::IssueGiftCards => "gift cards: issue",
            Action::ModerateReviews => "reviews: hide and show",
        }
    }
}

/// Whether a member with `role` may do `action` in an active store. Staff run the shop
/// floor (products, stock, fulfilling orders, reviews); what moves money back, reaches every
/// shopper's personal data at once, or decides who else gets in stays with the owner.
pub fn allows(role: Role, action: Action) -> bool {
    match role {
        Role::Owner => true,
        Role::Staff => matches!(
            action,
            Action::View
                | Action::Products
                | Action::ViewOrders
                | Action::AdvanceOrders
                | Action::ViewGiftCards
                | Action::ModerateReviews
        ),
    }
}

impl super::Me {
    /// Whether the page should offer `action` (the server decides again on every call).
    pub fn may(&self, action: Action) -> bool {
        self.is_admin || self.role.as_deref().and_then(Role::parse).is_some_and(|r| allows(r, action))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// README's table, row by row: (action, admin, owner, staff).
    fn readme_rows() -> Vec<(String, [bool; 3])> {
        let readme = include_str!("../../README.md");
        let table = readme.split("## Who may do what").nth(1).expect("README has the section");
        table
            .lines()
            .skip_while(|l| !l.starts_with("| action"))
            .skip(2)
            .take_while(|l| l.starts_with('|'))
            .map(|l| {
                let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
                let yes = |i: usize| cells[i] == "yes";
                (cells[0].to_string(), [yes(1), yes(2), yes(3)])
            })
            .collect()
    }

    #[test]
    fn the_readme_table_is_the_table_the_code_enforces() {
        let rows = readme_rows();
        let dashboard: Vec<_> = rows.iter().filter(|(name, _)| !name.starts_with("console")).collect();
        assert_eq!(dashboard.len(), Action::ALL.len(), "one README row per action: {rows:?}");
        for (action, (name, [admin, owner, staff])) in Action::ALL.into_iter().zip(dashboard) {
            assert_eq!(name, action.label(), "README's rows follow Action::ALL");
            assert!(admin, "admins may do everything: {name}");
            assert_eq!(*owner, allows(Role::Owner, action), "owner: {name}");
            assert_eq!(*staff, allows(Role::Staff, action), "staff: {name}");
        }
    }

    #[test]
    fn staff_cannot_export_cancel_or_change_the_team() {
        for action in [Action::ExportOrders, Action::CancelOrders, Action::Team] {
            assert!(!allows(Role::Staff, action), "{action:?}");
            assert!(allows(Role::Owner, action), "{action:?}");
        }
    }
}
