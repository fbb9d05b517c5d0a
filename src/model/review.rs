//! The reviews module: shoppers who bought a product rate it from 1 to 5 stars and say why;
//! the product page shows the average and the reviews the owner has not hidden.

use serde::{Deserialize, Serialize};

use super::FieldProblem;

/// Longest review, in characters.
pub const REVIEW_MAX_CHARS: usize = 2000;

/// A review as shoppers read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Review {
    /// The reviewer's name as they gave it, or "A shopper".
    pub author: String,
    pub rating: i64,
    pub body: String,
    pub created_at: i64,
}

/// A product's reviews: how many, their average, the newest ones.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductReviews {
    pub count: i64,
    /// The average rating times ten, rounded (43 is 4.3 stars); 0 without reviews.
    pub average_tenths: i64,
    pub reviews: Vec<Review>,
}

impl ProductReviews {
    /// `4.3 out of 5`, for people and screen readers alike.
    pub fn average(&self) -> String {
        format!("{}.{} out of 5", self.average_tenths / 10, self.average_tenths % 10)
    }

    /// `12 reviews`, `1 review`.
    pub fn count_label(&self) -> String {
        match self.count {
            1 => "1 review".into(),
            n => format!("{n} reviews"),
        }
    }
}

/// Stars as text (`★★★★☆`), shown beside the number that says the same.
pub fn stars(rating: i64) -> String {
    let full = rating.clamp(0, 5) as usize;
    format!("{}{}", "★".repeat(full), "☆".repeat(5 - full))
}

/// What the product page may offer the shopper looking at it (asked from the browser:
/// the page itself is the same for everyone).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewStanding {
    pub signed_in: bool,
    /// True when they bought the product (an order not cancelled).
    pub bought: bool,
    /// Their review of it, to change.
    pub mine: Option<Review>,
}

/// The review form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewInput {
    pub product_id: i64,
    pub rating: String,
    #[serde(default)]
    pub body: String,
}

/// A checked review.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewReview {
    pub product_id: i64,
    pub rating: i64,
    pub body: String,
}

impl ReviewInput {
    pub fn check(&self) -> Result<NewReview, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let rating = self.rating.trim().parse::<i64>().ok().filter(|r| (1..=5).contains(r));
        if rating.is_none() {
            problems.push(FieldProblem::new("rating", "choose from 1 to 5 stars"));
        }
        let body = self.body.trim().replace("\r\n", "\n");
        if body.chars().count() > REVIEW_MAX_CHARS {
            problems.push(FieldProblem::new("body", format!("use at most {REVIEW_MAX_CHARS} characters")));
        } else if body.chars().any(|c| c.is_control() && c != '\n') {
            problems.push(FieldProblem::new("body", "remove control characters"));
        }
        match rating {
            Some(rating) if problems.is_empty() => {
                Ok(NewReview { product_id: self.product_id, rating, body })
            }
            _ => Err(problems),
        }
    }
}

/// A review as the store's owner sees it, to hide or show again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerReview {
    pub product_id: i64,
    pub product_name: String,
    pub shopper_id: i64,
    pub review: Review,
    pub hidden: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(rating: &str, body: &str) -> ReviewInput {
        ReviewInput { product_id: 7, rating: rating.into(), body: body.into() }
    }

    #[test]
    fn a_rating_is_one_to_five_and_the_text_is_bounded() {
        assert_eq!(
            input("4", "  Sturdy.\r\nWould buy again. ").check(),
            Ok(NewReview { product_id: 7, rating: 4, body: "Sturdy.\nWould buy again.".into() })
        );
        assert_eq!(input("5", "").check().map(|r| r.rating), Ok(5), "a rating alone is a review");
        let fields = |i: ReviewInput| i.check().unwrap_err().into_iter().map(|p| p.field).collect::<Vec<_>>();
        for bad in ["0", "6", "", "4.5", "-1", "five"] {
            assert_eq!(fields(input(bad, "ok")), ["rating"], "{bad:?}");
        }
        assert_eq!(fields(input("3", &"x".repeat(REVIEW_MAX_CHARS + 1))), ["body"]);
        assert_eq!(fields(input("3", "bell\u{7}")), ["body"]);
    }

    #[test]
    fn averages_and_stars_read_plainly() {
        let r = ProductReviews { count: 12, average_tenths: 43, reviews: vec![] };
        assert_eq!((r.average(), r.count_label()), ("4.3 out of 5".into(), "12 reviews".into()));
        assert_eq!(
            ProductReviews { count: 1, average_tenths: 50, reviews: vec![] }.count_label(),
            "1 review"
        );
        assert_eq!(stars(4), "★★★★☆");
        assert_eq!(stars(9), "★★★★★");
    }
}
