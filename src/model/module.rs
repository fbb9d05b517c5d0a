//! The module catalog: every module a store may have, defined once for the server (the
//! gate, the console's checks) and the browser (forms, the storefront footer). The
//! database's `modules` table holds the same rows so `store_modules` can refer to them.
//!
//! Only modules that do something are here: a module that is not in this enum cannot be
//! offered, toggled or shown anywhere. Blog, newsletter and analytics were listed before
//! they existed; migration 0014 took them out of databases that had them.

use serde::{Deserialize, Serialize};

/// A module of the catalog. In JSON and in the database it is its key (`"wallet"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Module {
    Catalog,
    Cart,
    Orders,
    Reviews,
    Wishlist,
    Wallet,
}

impl Module {
    /// The whole catalog, core modules first, in the order pages list it.
    pub const ALL: [Module; 6] =
        [Self::Catalog, Self::Cart, Self::Orders, Self::Reviews, Self::Wishlist, Self::Wallet];

    /// The key used in URLs, JSON and the database.
    pub const fn key(self) -> &'static str {
        match self {
            Self::Catalog => "catalog",
            Self::Cart => "cart",
            Self::Orders => "orders",
            Self::Reviews => "reviews",
            Self::Wishlist => "wishlist",
            Self::Wallet => "wallet",
        }
    }

    /// The name the console and the dashboard show.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Catalog => "Catalog",
            Self::Cart => "Cart",
            Self::Orders => "Orders",
            Self::Reviews => "Reviews",
            Self::Wishlist => "Wishlist",
            Self::Wallet => "Wallet",
        }
    }

    /// One line on what it does, for store owners and admins.
    pub const fn description(self) -> &'static str {
        match self {
            Self::Catalog => "Products, search and product pages",
            Self::Cart => "Cart and checkout",
            Self::Orders => "Order history and fulfilment",
            Self::Reviews => "Product ratings and reviews",
            Self::Wishlist => "Saved products for shoppers",
            Self::Wallet => "Gift cards and store credit",
        }
    }

    /// Core modules are on for every store and cannot be turned off.
    pub const fn is_core(self) -> bool {
        matches!(self, Self::Catalog | Self::Cart | Self::Orders)
    }

    /// What it offers shoppers, as the storefront footer names it; `None` for modules
    /// shoppers do not see as a feature.
    pub const fn shopper_feature(self) -> Option<&'static str> {
        match self {
            Self::Reviews => Some("Customer reviews"),
            Self::Wishlist => Some("Wishlists"),
            Self::Wallet => Some("Gift cards and store credit"),
            _ => None,
        }
    }

    /// The module with this key (exact, lowercase).
    pub fn parse(key: &str) -> Option<Module> {
        Self::ALL.into_iter().find(|m| m.key() == key)
    }

    /// The module with this key, or why there is none, for the console's forms and API
    /// (a key such as `blog` names a module that is not offered).
    pub fn parse_offered(key: &str) -> Result<Module, String> {
        Self::parse(key).ok_or_else(|| {
            let offered: Vec<&str> = Self::ALL.iter().filter(|m| !m.is_core()).map(|m| m.key()).collect();
            format!("there is no module {key:?}; the modules a store can have are {}", offered.join(", "))
        })
    }

    /// What a store owner is told about getting this module when their store lacks it.
    pub fn how_to_get(self) -> String {
        format!("Ask the platform's admins to turn on {} for this store.", self.name())
    }
}

impl std::fmt::Display for Module {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::Module;

    #[test]
    fn keys_round_trip_and_nothing_else_parses() {
        for m in Module::ALL {
            assert_eq!(Module::parse(m.key()), Some(m));
            assert_eq!(serde_json::to_string(&m).unwrap(), format!("\"{}\"", m.key()));
        }
        for bad in ["", "Wallet", "WALLET", " wallet", "wallet ", "teleport", "wallet;drop", "wållet", "blog"]
        {
            assert_eq!(Module::parse(bad), None, "{bad:?}");
        }
        assert!(serde_json::from_str::<Module>("\"teleport\"").is_err());
    }

    #[test]
    fn modules_that_do_nothing_yet_are_not_in_the_catalog() {
        for key in ["blog", "newsletter", "analytics"] {
            let refused = Module::parse_offered(key).unwrap_err();
            assert_eq!(
                refused,
                format!("there is no module \"{key}\"; the modules a store can have are reviews, wishlist, wallet")
            );
            assert!(serde_json::from_str::<Module>(&format!("\"{key}\"")).is_err());
        }
        assert_eq!(Module::parse_offered("wallet"), Ok(Module::Wallet));
    }

    #[test]
    fn core_modules_come_first() {
        let core: Vec<_> = Module::ALL.iter().filter(|m| m.is_core()).map(|m| m.key()).collect();
        assert_eq!(core, ["catalog", "cart", "orders"]);
        assert!(Module::ALL.iter().skip(3).all(|m| !m.is_core()));
    }
}
