//! Carts, checkout and orders as shoppers and owners see them, and the checks a checkout
//! form must pass: one set of rules for the browser and the server.

use serde::{Deserialize, Serialize};

use super::format_price;

/// Most units of one product in one cart.
pub const MAX_QUANTITY: i64 = 99;
/// Most different products in one cart.
pub const MAX_LINES: usize = 50;

/// One product in a cart, priced as the store prices it now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct CartLine {
    pub product_id: i64,
    pub name: String,
    pub image_url: Option<String>,
    pub unit_price_cents: i64,
    pub quantity: i64,
    /// Units the store has left.
    pub stock: i64,
}

impl CartLine {
    pub fn total_cents(&self) -> i64 {
        self.unit_price_cents * self.quantity
    }

    /// True when the store has fewer units left than the cart asks for.
    pub fn short(&self) -> bool {
        self.quantity > self.stock
    }
}

/// A shopper's cart in one store.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cart {
    pub lines: Vec<CartLine>,
}

impl Cart {
    /// Units in the cart, for the badge.
    pub fn count(&self) -> i64 {
        self.lines.iter().map(|l| l.quantity).sum()
    }

    pub fn total_cents(&self) -> i64 {
        self.lines.iter().map(CartLine::total_cents).sum()
    }

    pub fn total(&self) -> String {
        format_price(self.total_cents())
    }
}

/// How a shopper pays. Offline only: nothing is charged online.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PaymentMethod {
    #[default]
    BankTransfer,
    CashOnDelivery,
}

impl PaymentMethod {
    pub const ALL: [Self; 2] = [Self::BankTransfer, Self::CashOnDelivery];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::BankTransfer => "bank_transfer",
            Self::CashOnDelivery => "cash_on_delivery",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::BankTransfer => "Bank transfer",
            Self::CashOnDelivery => "Pay on delivery",
        }
    }

    /// What happens next, said plainly: no card is taken online.
    pub fn explanation(self) -> &'static str {
        match self {
            Self::BankTransfer => {
                "Offline payment: the store emails you its bank details; it ships once the transfer arrives."
            }
            Self::CashOnDelivery => {
                "Offline payment: you pay the courier in cash or by card when the parcel arrives."
            }
        }
    }
}

/// Where an order is in its life. Placed → paid → shipped → delivered; cancelled
/// (from placed or paid) puts the stock back.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrderStatus {
    #[default]
    Placed,
    Paid,
    Shipped,
    Delivered,
    Cancelled,
}

impl OrderStatus {
    pub const ALL: [Self; 5] = [Self::Placed, Self::Paid, Self::Shipped, Self::Delivered, Self::Cancelled];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Placed => "placed",
            Self::Paid => "paid",
            Self::Shipped => "shipped",
            Self::Delivered => "delivered",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Placed => "Placed",
            Self::Paid => "Paid",
            Self::Shipped => "Shipped",
            Self::Delivered => "Delivered",
            Self::Cancelled => "Cancelled",
        }
    }

    /// The statuses an order in this one may move to.
    pub fn next(self) -> &'static [Self] {
        match self {
            Self::Placed => &[Self::Paid, Self::Cancelled],
            Self::Paid => &[Self::Shipped, Self::Cancelled],
            Self::Shipped => &[Self::Delivered],
            Self::Delivered | Self::Cancelled => &[],
        }
    }
}

/// A line of a placed order, at the price it was bought for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct OrderItem {
    pub product_id: i64,
    pub name: String,
    pub unit_price_cents: i64,
    pub quantity: i64,
}

impl OrderItem {
    pub fn total_cents(&self) -> i64 {
        self.unit_price_cents * self.quantity
    }
}

/// An order with its lines, for its shopper's private page and the owner's order page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    pub number: i64,
    pub status: OrderStatus,
    pub email: String,
    pub ship_name: String,
    pub ship_line1: String,
    pub ship_line2: String,
    pub ship_city: String,
    pub ship_postal_code: String,
    pub ship_country: String,
    pub payment: PaymentMethod,
    pub total_cents: i64,
    /// What gift cards paid of the total (the wallet module).
    #[serde(default)]
    pub gift_cents: i64,
    pub created_at: i64,
    pub items: Vec<OrderItem>,
}

impl Order {
    /// What is left to pay offline after gift cards.
    pub fn due_cents(&self) -> i64 {
        self.total_cents - self.gift_cents
    }

    /// The shipping address as the lines of a label, without empty ones.
    pub fn address_lines(&self) -> Vec<String> {
        [
            self.ship_name.clone(),
            self.ship_line1.clone(),
            self.ship_line2.clone(),
            format!("{} {}", self.ship_postal_code, self.ship_city),
            self.ship_country.clone(),
        ]
        .into_iter()
        .filter(|l| !l.trim().is_empty())
        .collect()
    }
}

/// What a placed checkout answers: the order number and the shopper's private link token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacedOrder {
    pub number: i64,
    pub token: String,
}

/// An order in the owner's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRow {
    pub number: i64,
    pub status: OrderStatus,
    pub email: String,
    pub total_cents: i64,
    pub item_count: i64,
    pub created_at: i64,
}

/// A page of the owner's order list, newest first; `older` continues it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderPage {
    pub orders: Vec<OrderRow>,
    /// The number to pass as `before` for the next page, when there is one.
    pub older: Option<i64>,
}

/// One of a signed-in shopper's orders, with the token of its private page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopperOrder {
    pub number: i64,
    pub status: OrderStatus,
    pub total_cents: i64,
    pub created_at: i64,
    pub token: String,
}

/// A signed-in shopper's account page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopperAccount {
    pub email: String,
    pub name: String,
    pub orders: Vec<ShopperOrder>,
}
