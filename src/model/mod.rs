//! Plain data shared by the server and the browser.

mod back_office;
mod checkout;
mod color;
mod gift_card;
mod mail;
mod module;
mod product;
mod review;
mod roles;
mod shop;
mod store_code;
mod theme;
mod theme_input;

pub use back_office::*;
pub use checkout::{Checkout, CheckoutInput, CHECKOUT_FIELDS};
pub use color::{ColorError, HexColor, AA_LARGE, AA_TEXT};
pub use gift_card::*;
pub use mail::{linkify, MailPage, MailSummary, TextPiece};
pub use module::Module;
pub use product::*;
pub use review::*;
pub use roles::{allows, Action, Role};
pub use shop::*;
pub use store_code::{CodeError, StoreCode, RESERVED_CODES};
pub use theme::{Font, Layout, Line, Radius, Theme};
pub use theme_input::*;

use serde::{Deserialize, Serialize};

/// How a storefront request found its store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Resolution {
    /// A verified custom domain (`shop.example.com`).
    Custom,
    /// A subdomain of the platform domain (`t0001.platform.test`).
    Subdomain,
    /// A path prefix on the platform domain (`platform.test/stores/t0001/`).
    Path,
}

/// What the browser may know about the site it is on: no ids, no secrets.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SiteInfo {
    pub kind: SiteKind,
    /// The router base: `/stores/{code}` in path mode, empty otherwise.
    pub base: String,
    pub store: Option<PublicStore>,
    /// The platform domain, for links back to the platform.
    pub platform_origin: String,
    /// `http://admin.P[:port]`, where the console, the dashboards and sign-in are: set on
    /// the platform's and those sites' pages, never on a storefront's.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub admin_origin: String,
    /// The signed-in user (platform, admin and dashboard sites only; not read by the shop
    /// bundle).
    #[cfg_attr(feature = "shop", serde(skip_deserializing))]
    pub me: Option<Me>,
    /// Set when the module gate refused this page: the module it belongs to, which the
    /// store lacks. The page is then that refusal, on the server and when it hydrates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked: Option<Module>,
}

/// The label of the console's host under the platform domain: `admin.P`.
pub const ADMIN_LABEL: &str = "admin";

/// `{admin_origin}/store/{code}/`: a store's dashboard, on the console's origin.
pub fn dashboard_url(admin_origin: &str, code: &str) -> String {
    format!("{admin_origin}/store/{code}/")
}

/// Which site a page belongs to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SiteKind {
    #[default]
    Platform,
    Admin,
    Dashboard,
    Storefront,
}

/// A store as its shoppers see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicStore {
    pub code: String,
    pub name: String,
    pub logo_url: Option<String>,
    /// The browser-tab icon, when the store has its own; else the logo serves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub favicon_url: Option<String>,
    /// Not read by the shop bundle, whose islands do not use it (less code to parse it).
    #[cfg_attr(feature = "shop", serde(skip_deserializing))]
    pub theme: Theme,
    pub modules: Vec<String>,
    /// `scheme://host[:port]` where the store is canonically found (primary domain or
    /// subdomain): canonical links and shared URLs point there from every mode.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub canonical: String,
    /// True on a theme preview link: the page shows the draft theme.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub preview: bool,
}

impl PublicStore {
    /// The home page's heading and the line under it: the theme's, else defaults.
    pub fn hero(&self) -> (String, String) {
        self.theme.hero(&self.name)
    }
}

impl SiteInfo {
    /// True when the store of this site offers `module` (what the server's gate decides,
    /// from the same list): its pages, links and buttons exist only then.
    pub fn offers(&self, module: Module) -> bool {
        self.store.as_ref().is_some_and(|s| s.modules.iter().any(|m| m == module.key()))
    }

    /// A path of this site's host as the site's routes see it: without the path-mode prefix.
    pub fn path_in_site<'a>(&self, path: &'a str) -> &'a str {
        path.strip_prefix(self.base.as_str()).unwrap_or(path)
    }

    /// A link inside the current site, keeping the path-mode prefix.
    pub fn href(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// A page of the console's origin (`/login`, `/`), e.g. from the platform's landing.
    pub fn admin_url(&self, path: &str) -> String {
        format!("{}{path}", self.admin_origin)
    }

    /// The dashboard of store `code`.
    pub fn dashboard_url(&self, code: &str) -> String {
        dashboard_url(&self.admin_origin, code)
    }

    /// The address of a store asset: uploads are served under the store's own prefix,
    /// anything else (an absolute URL) is used as it is.
    pub fn asset(&self, url: &str) -> String {
        if url.starts_with("/uploads/") {
            self.href(url)
        } else {
            url.to_string()
        }
    }

    /// The address of store `code`'s asset on a page outside its storefront (the console, a
    /// dashboard): uploads through the store's path under the platform host, anything else
    /// (an image on the image origin) as it is.
    pub fn store_asset(&self, code: &str, url: &str) -> String {
        if url.starts_with("/uploads/") {
            format!("{}/stores/{code}{url}", self.platform_origin)
        } else {
            url.to_string()
        }
    }
}

/// A product as listed on a storefront and in the JSON API.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Product {
    pub id: i64,
    pub name: String,
    pub price_cents: i64,
    pub description: String,
    /// Store-relative URL of an uploaded image (`/uploads/…`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ssr", sqlx(default))]
    pub image_url: Option<String>,
    /// Units the store has left.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", sqlx(default))]
    pub stock: i64,
}

impl Product {
    /// The price as shoppers read it, `$D.CC`.
    pub fn price(&self) -> String {
        format_price(self.price_cents)
    }

    /// What a shopper's own pages (wishlist, cart) say about the stock left.
    pub fn availability(&self) -> Availability {
        Availability::of(self.stock)
    }

    /// True when none is left. This, not the count, is what shared pages show: an order
    /// that leaves some changes no page, and a product that sells out shows at once.
    pub fn sold_out(&self) -> bool {
        self.stock <= 0
    }
}

/// Stock as a shopper's own pages read it: exact counts only when few are left. Pages
/// shared by every shopper say only whether a product is sold out ([`Product::sold_out`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Availability {
    InStock,
    Few(i64),
    SoldOut,
}

impl Availability {
    /// At or under this many left, the page says how many.
    pub const FEW: i64 = 5;

    pub fn of(stock: i64) -> Self {
        match stock {
            ..=0 => Self::SoldOut,
            n if n <= Self::FEW => Self::Few(n),
            _ => Self::InStock,
        }
    }

    pub fn label(self) -> String {
        match self {
            Self::InStock => "In stock".into(),
            Self::Few(n) => format!("Only {n} left"),
            Self::SoldOut => "Sold out".into(),
        }
    }
}

/// Formats integer cents as `$D.CC`.
pub fn format_price(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    format!("{sign}${}.{:02}", c / 100, c % 100)
}

/// Sort orders offered on the product list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProductSort {
    #[default]
    Featured,
    PriceAsc,
    PriceDesc,
    Name,
}

impl ProductSort {
    pub const ALL: [ProductSort; 4] = [Self::Featured, Self::PriceAsc, Self::PriceDesc, Self::Name];

    /// The value used in URLs (`?sort=price_asc`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Featured => "featured",
            Self::PriceAsc => "price_asc",
            Self::PriceDesc => "price_desc",
            Self::Name => "name",
        }
    }

    /// The label shown in the sort menu.
    pub fn label(self) -> &'static str {
        match self {
            Self::Featured => "Featured",
            Self::PriceAsc => "Price: low to high",
            Self::PriceDesc => "Price: high to low",
            Self::Name => "Name",
        }
    }

    /// Reads a URL value; anything unknown is the default order.
    pub fn parse(s: &str) -> Self {
        Self::ALL.into_iter().find(|o| o.as_str() == s).unwrap_or_default()
    }
}

/// One page of a product list.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProductPage {
    pub products: Vec<Product>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_are_dollars_and_two_digit_cents() {
        assert_eq!(format_price(337), "$3.37");
        assert_eq!(format_price(5), "$0.05");
        assert_eq!(format_price(100000), "$1000.00");
        assert_eq!(format_price(-250), "-$2.50");
    }

    #[test]
    fn unknown_sort_falls_back_to_featured() {
        assert_eq!(ProductSort::parse("price_desc"), ProductSort::PriceDesc);
        assert_eq!(ProductSort::parse("drop table"), ProductSort::Featured);
    }
}
