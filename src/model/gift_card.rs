//! The wallet module: gift cards a store's owner issues and its shoppers spend at checkout,
//! alone or kept in their account's wallet. Amounts are integer cents.

use serde::{Deserialize, Serialize};

use super::{parse_price, FieldProblem};

/// Characters of a gift card code: no 0/O or 1/I, so a code read off paper is typed right.
/// 32 of them: each carries 5 bits, a code of 16 carries 80.
pub const CODE_ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
/// Characters in a code, without the dashes it is printed with.
pub const CODE_LEN: usize = 16;
/// The largest card an owner can issue.
pub const CARD_MAX_CENTS: i64 = 1_000_000;

/// A code as typed (`abcd-efgh jkmn-pqrs`) in its one stored form (`ABCDEFGHJKMNPQRS`),
/// or `None` when it cannot be a code of ours.
pub fn normalize_code(input: &str) -> Option<String> {
    let code: String =
        input.chars().filter(|c| !matches!(c, ' ' | '-')).map(|c| c.to_ascii_uppercase()).collect();
    let ours = code.len() == CODE_LEN && code.bytes().all(|b| CODE_ALPHABET.contains(&b));
    ours.then_some(code)
}

/// A stored code as printed on a card: `ABCD-EFGH-JKMN-PQRS`.
pub fn format_code(code: &str) -> String {
    code.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join("-")
}

/// A gift card as its store's owner sees it: never the code, only its last four.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GiftCard {
    pub id: i64,
    pub code_tail: String,
    pub initial_cents: i64,
    pub balance_cents: i64,
    /// Unix seconds after which it cannot be spent; none: never.
    pub expires_at: Option<i64>,
    pub created_at: i64,
    /// True once a shopper keeps it in their account's wallet.
    pub in_wallet: bool,
    /// True when its last day has passed (as the server read its clock).
    pub expired: bool,
}

impl GiftCard {
    /// `…PQRS`: enough to tell cards apart, not enough to spend one.
    pub fn label(&self) -> String {
        format!("…{}", self.code_tail)
    }
}

/// A card just issued: the only time its whole code is shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedGiftCard {
    pub card: GiftCard,
    /// As printed: `ABCD-EFGH-JKMN-PQRS`.
    pub code: String,
}

/// The issue form as typed: an amount and an optional last day (`YYYY-MM-DD`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GiftCardInput {
    pub amount: String,
    #[serde(default)]
    pub expires: String,
}

/// A checked issue form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NewGiftCard {
    pub cents: i64,
    /// The first second it can no longer be spent: the day after the last day, 00:00 UTC.
    pub expires_at: Option<i64>,
}

impl GiftCardInput {
    /// Every problem, by field. `now` is the current Unix time: a card cannot expire
    /// before it is issued.
    pub fn check(&self, now: i64) -> Result<NewGiftCard, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let cents = match parse_price(&self.amount) {
            Ok(0) => Err("enter an amount above zero".to_string()),
            Ok(c) if c > CARD_MAX_CENTS => Err("at most $10,000.00 per card".to_string()),
            Ok(c) => Ok(c),
            Err(m) => Err(m.replace("price", "amount")),
        }
        .map_err(|m| problems.push(FieldProblem::new("amount", m)))
        .ok();
        let expires_at = match self.expires.trim() {
            "" => None,
            day => match day_start(day) {
                Some(start) if start + DAY > now => Some(start + DAY),
                Some(_) => {
                    problems.push(FieldProblem::new("expires", "choose today or a later day"));
                    None
                }
                None => {
                    problems.push(FieldProblem::new("expires", "enter a date like 2027-12-31"));
                    None
                }
            },
        };
        match cents {
            Some(cents) if problems.is_empty() => Ok(NewGiftCard { cents, expires_at }),
            _ => Err(problems),
        }
    }
}

const DAY: i64 = 86_400;

/// 00:00 UTC of a `YYYY-MM-DD` day, as Unix seconds.
fn day_start(s: &str) -> Option<i64> {
    let mut parts = s.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let month = time::Month::try_from(m.parse::<u8>().ok()?).ok()?;
    let date = time::Date::from_calendar_date(y.parse().ok()?, month, d.parse().ok()?).ok()?;
    Some(date.midnight().assume_utc().unix_timestamp())
}

/// A card in a shopper's wallet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WalletCard {
    pub code_tail: String,
    pub balance_cents: i64,
    pub expires_at: Option<i64>,
}

/// What a signed-in shopper holds in one store: the cards they added and what is left.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wallet {
    /// What the cards that can still be spent hold together.
    pub balance_cents: i64,
    pub cards: Vec<WalletCard>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_as_typed_and_kept_in_one_form() {
        assert_eq!(normalize_code("abcd-efgh jkmn-pqrs").as_deref(), Some("ABCDEFGHJKMNPQRS"));
        assert_eq!(format_code("ABCDEFGHJKMNPQRS"), "ABCD-EFGH-JKMN-PQRS");
        for bad in
            ["", "ABCD", "ABCDEFGHJKMNPQRS2", "ABCD-EFGH-JKMN-PQR0", "ABCDEFGHJKMNPQRI", "ABCDÉFGHJKMNPQRS"]
        {
            assert_eq!(normalize_code(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn an_issue_form_needs_a_positive_bounded_amount_and_a_future_day() {
        let now = 1_790_000_000; // 2026-09-21
        let input =
            |amount: &str, expires: &str| GiftCardInput { amount: amount.into(), expires: expires.into() };
        assert_eq!(input("25", "").check(now), Ok(NewGiftCard { cents: 2500, expires_at: None }));
        let ok = input("10.50", "2026-12-31").check(now).unwrap();
        assert_eq!(ok.cents, 1050);
        assert_eq!(ok.expires_at, Some(day_start("2027-01-01").unwrap()));
        let fields =
            |i: GiftCardInput| i.check(now).unwrap_err().into_iter().map(|p| p.field).collect::<Vec<_>>();
        assert_eq!(fields(input("0", "")), ["amount"]);
        assert_eq!(fields(input("10001", "")), ["amount"]);
        assert_eq!(fields(input("-5", "2026-02-30")), ["amount", "expires"]);
        assert_eq!(fields(input("5", "2020-01-01")), ["expires"]);
        assert_eq!(fields(input("5", "31/12/2026")), ["expires"]);
    }
}
