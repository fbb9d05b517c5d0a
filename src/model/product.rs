//! What a product may be: one set of checks for the dashboard form (in the browser and on
//! the server) and the JSON API, each problem named by its field.

use serde::{Deserialize, Serialize};

/// Longest product name, in characters.
pub const NAME_MAX: usize = 200;
/// Longest product description, in characters.
pub const DESCRIPTION_MAX: usize = 5000;
/// Highest price, in cents ($1,000,000.00).
pub const PRICE_MAX_CENTS: i64 = 100_000_000;
/// Most units of one product a store may hold in stock.
pub const STOCK_MAX: i64 = 1_000_000;

/// What is wrong with one field of a form or request body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

impl FieldProblem {
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}

impl std::fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// A product as its owner edits it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductInput {
    pub name: String,
    pub description: String,
    /// Dollars as typed, e.g. `12.50`.
    pub price: String,
    /// Units in stock, as typed; empty keeps the count.
    #[serde(default)]
    pub stock: String,
}

/// A product ready to store: made by [`ProductInput::check`] (the dashboard) or
/// [`NewProduct::check`] (the JSON API), so its fields are within bounds and trimmed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewProduct {
    pub name: String,
    pub description: String,
    pub price_cents: i64,
    /// Units in stock; `None` keeps what a product has (none for a new one).
    pub stock: Option<i64>,
}

impl NewProduct {
    /// Checks a product given with its price in cents; the price field is `price_cents`.
    pub fn check(
        name: &str,
        description: &str,
        price_cents: i64,
        stock: Option<i64>,
    ) -> Result<Self, Vec<FieldProblem>> {
        let price = if (0..=PRICE_MAX_CENTS).contains(&price_cents) {
            Ok(price_cents)
        } else {
            Err(FieldProblem::new("price_cents", format!("use 0 to {PRICE_MAX_CENTS} cents")))
        };
        let stock = match stock {
            Some(n) if !(0..=STOCK_MAX).contains(&n) => {
                Err(FieldProblem::new("stock", format!("use 0 to {STOCK_MAX} units")))
            }
            n => Ok(n),
        };
        Self::assemble(name, description, price, stock)
    }

    fn assemble(
        name: &str,
        description: &str,
        price: Result<i64, FieldProblem>,
        stock: Result<Option<i64>, FieldProblem>,
    ) -> Result<Self, Vec<FieldProblem>> {
        let name = name.trim();
        let description = description.trim();
        let mut problems = Vec::new();
        if name.is_empty() {
            problems.push(FieldProblem::new("name", "enter a name"));
        } else if name.chars().count() > NAME_MAX {
            problems.push(FieldProblem::new("name", format!("use at most {NAME_MAX} characters")));
        } else if name.chars().any(char::is_control) {
            problems.push(FieldProblem::new("name", "remove control characters"));
        }
        if description.chars().count() > DESCRIPTION_MAX {
            problems
                .push(FieldProblem::new("description", format!("use at most {DESCRIPTION_MAX} characters")));
        }
        match (price, stock) {
            (Ok(price_cents), Ok(stock)) if problems.is_empty() => {
                Ok(Self { name: name.into(), description: description.into(), price_cents, stock })
            }
            (price, stock) => {
                problems.extend(price.err());
                problems.extend(stock.err());
                Err(problems)
            }
        }
    }
}

impl ProductInput {
    /// Checks the dashboard form; the price field is `price`, in dollars as typed.
    pub fn check(&self) -> Result<NewProduct, Vec<FieldProblem>> {
        let price = parse_price(&self.price).map_err(|m| FieldProblem::new("price", m));
        // Left empty, the count is kept (none for a new product).
        let stock = match self.stock.trim() {
            "" => Ok(None),
            typed => parse_stock(typed).map(Some).map_err(|m| FieldProblem::new("stock", m)),
        };
        NewProduct::assemble(&self.name, &self.description, price, stock)
    }
}

/// Parses a stock count as typed: a whole number from 0 to [`STOCK_MAX`].
pub fn parse_stock(input: &str) -> Result<i64, &'static str> {
    let s = input.trim();
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err("enter a whole number, like 12");
    }
    s.parse::<i64>().ok().filter(|n| *n <= STOCK_MAX).ok_or("at most 1,000,000 units")
}

/// Parses dollars as typed (`12`, `12.5`, `12.50`, `$12.50`) into cents.
pub fn parse_price(input: &str) -> Result<i64, &'static str> {
    let s = input.trim().trim_start_matches('$');
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !(frac.is_empty() || (frac.len() <= 2 && digits(frac))) {
        return Err("enter a price like 12.50");
    }
    let whole: i64 = whole.parse().map_err(|_| "price is too large")?;
    let cents =
        if frac.len() == 1 { frac.parse::<i64>().unwrap_or(0) * 10 } else { frac.parse().unwrap_or(0) };
    whole
        .checked_mul(100)
        .and_then(|w| w.checked_add(cents))
        .filter(|c| *c <= PRICE_MAX_CENTS)
        .ok_or("price is too large (at most $1,000,000.00)")
}

#[cfg(test)]
#[path = "product_tests.rs"]
mod tests;
