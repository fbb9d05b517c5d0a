//! The checkout form and its checks: the browser shows every problem before sending, the
//! server refuses whatever the browser sent.

use serde::{Deserialize, Serialize};

use super::{normalize_code, FieldProblem, PaymentMethod};

/// The checkout form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutInput {
    pub email: String,
    pub name: String,
    pub line1: String,
    #[serde(default)]
    pub line2: String,
    pub city: String,
    pub postal_code: String,
    pub country: String,
    pub payment: String,
    /// A gift card code to pay with (the wallet module); empty for none.
    #[serde(default)]
    pub gift_card: String,
    /// Pay what the signed-in shopper's wallet holds first (the wallet module).
    #[serde(default)]
    pub use_wallet: bool,
    /// Made when the form is shown; the same key twice is the same order.
    pub idempotency_key: String,
}

/// A checkout that passed [`CheckoutInput::check`]: trimmed and within bounds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkout {
    pub email: String,
    pub name: String,
    pub line1: String,
    pub line2: String,
    pub city: String,
    pub postal_code: String,
    pub country: String,
    pub payment: PaymentMethod,
    /// A gift card code in its stored form.
    pub gift_card: Option<String>,
    pub use_wallet: bool,
    pub idempotency_key: String,
}

/// Fields of the checkout form, in the order they are shown.
pub const CHECKOUT_FIELDS: [&str; 9] =
    ["email", "name", "line1", "line2", "city", "postal_code", "country", "gift_card", "payment"];

impl CheckoutInput {
    /// Every problem of the form, each named by its field.
    pub fn check(&self) -> Result<Checkout, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let mut text = |field: &str, value: &str, max: usize, required: &str| -> String {
            let v = value.trim();
            if v.is_empty() && !required.is_empty() {
                problems.push(FieldProblem::new(field, required));
            } else if v.chars().count() > max {
                problems.push(FieldProblem::new(field, format!("use at most {max} characters")));
            } else if v.chars().any(char::is_control) {
                problems.push(FieldProblem::new(field, "remove control characters"));
            }
            v.to_string()
        };
        let email = text("email", &self.email, 254, "enter your email address");
        let name = text("name", &self.name, 100, "enter the name to ship to");
        let line1 = text("line1", &self.line1, 200, "enter the street and number");
        let line2 = text("line2", &self.line2, 200, "");
        let city = text("city", &self.city, 100, "enter the city");
        let postal_code = text("postal_code", &self.postal_code, 20, "enter the postal code");
        let country = text("country", &self.country, 60, "enter the country");
        if !email.is_empty() && !plausible_email(&email) {
            problems.push(FieldProblem::new("email", "enter an email address like name@example.com"));
        }
        if !postal_code.is_empty()
            && !postal_code.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
        {
            problems.push(FieldProblem::new("postal_code", "use letters, digits, spaces and dashes"));
        }
        let gift_card = match self.gift_card.trim() {
            "" => None,
            typed => {
                let code = normalize_code(typed);
                if code.is_none() {
                    problems.push(FieldProblem::new(
                        "gift_card",
                        "enter the 16-character code as printed, like ABCD-EFGH-JKLM-NPQR",
                    ));
                }
                code
            }
        };
        let payment = PaymentMethod::parse(&self.payment);
        if payment.is_none() {
            problems.push(FieldProblem::new("payment", "choose how you will pay"));
        }
        let key = self.idempotency_key.trim();
        let key_ok = (16..=64).contains(&key.len())
            && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !key_ok {
            problems.push(FieldProblem::new("idempotency_key", "reload the checkout page and try again"));
        }
        problems.sort_by_key(|p| CHECKOUT_FIELDS.iter().position(|f| *f == p.field).unwrap_or(usize::MAX));
        match payment {
            Some(payment) if problems.is_empty() => Ok(Checkout {
                email: email.to_lowercase(),
                name,
                line1,
                line2,
                city,
                postal_code,
                country,
                payment,
                gift_card,
                use_wallet: self.use_wallet,
                idempotency_key: key.to_string(),
            }),
            _ => Err(problems),
        }
    }
}

/// One `@`, something before it, a dot in the domain after it, no spaces.
fn plausible_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> CheckoutInput {
        CheckoutInput {
            email: " Ada@Example.com ".into(),
            name: "Ada Lovelace".into(),
            line1: "12 St James's Square".into(),
            line2: String::new(),
            city: "London".into(),
            postal_code: "SW1Y 4JH".into(),
            country: "United Kingdom".into(),
            payment: "bank_transfer".into(),
            gift_card: String::new(),
            use_wallet: false,
            idempotency_key: "k0123456789abcdef".into(),
        }
    }

    fn fields(input: &CheckoutInput) -> Vec<String> {
        input.check().err().unwrap_or_default().into_iter().map(|p| p.field).collect()
    }

    #[test]
    fn a_complete_form_is_trimmed_and_the_email_lowercased() {
        let c = good().check().expect("a good form");
        assert_eq!(c.email, "ada@example.com");
        assert_eq!(c.payment, PaymentMethod::BankTransfer);
        assert_eq!(c.gift_card, None);
        let mut with_card = good();
        with_card.gift_card = " abcd-efgh-jkmn-pqrs ".into();
        assert_eq!(with_card.check().unwrap().gift_card.as_deref(), Some("ABCDEFGHJKMNPQRS"));
    }

    #[test]
    fn every_problem_is_named_by_its_field_in_form_order() {
        let empty = CheckoutInput::default();
        assert_eq!(
            fields(&empty),
            ["email", "name", "line1", "city", "postal_code", "country", "payment", "idempotency_key"]
        );
        let mut bad = good();
        bad.email = "ada at example".into();
        bad.postal_code = "<script>".into();
        bad.payment = "card".into();
        bad.gift_card = "FREE-MONEY".into();
        assert_eq!(fields(&bad), ["email", "postal_code", "gift_card", "payment"]);
    }

    #[test]
    fn emails_need_one_at_and_a_dotted_domain() {
        for bad in ["a@b", "@b.com", "a@@b.com", "a b@c.com", "a@.com", "a@b.com."] {
            let mut f = good();
            f.email = bad.into();
            assert_eq!(fields(&f), ["email"], "{bad:?}");
        }
    }

    #[test]
    fn oversize_and_control_characters_are_refused() {
        let mut f = good();
        f.name = "n".repeat(101);
        f.city = "Lon\u{0}don".into();
        assert_eq!(fields(&f), ["name", "city"]);
    }

    #[test]
    fn the_idempotency_key_is_a_token_not_free_text() {
        for bad in ["short", "has spaces in it here", "x".repeat(65).as_str(), "../../etc/passwd/aaaa"] {
            let mut f = good();
            f.idempotency_key = bad.into();
            assert_eq!(fields(&f), ["idempotency_key"], "{bad:?}");
        }
    }
}
