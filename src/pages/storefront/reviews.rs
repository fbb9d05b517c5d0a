//! Reviews on a product page (the reviews module): the average, the newest reviews, and,
//! for a signed-in shopper who bought the product, the form to write theirs.

use leptos::{either::EitherOf4, ev::SubmitEvent, prelude::*};

use crate::{
    api::reviews::{my_review_standing, post_review},
    error::ApiError,
    model::{stars, ProductReviews, Review, ReviewInput, ReviewStanding, SiteInfo, REVIEW_MAX_CHARS},
    text::date,
};

/// The reviews of a product: the list as the server loaded it for the page (the page is
/// the same for every shopper), and the shopper's own form, an island. Shown where the
/// store offers reviews (the page loads them only there).
#[component]
pub fn ReviewsSection(product_id: i64, reviews: Result<ProductReviews, ApiError>) -> impl IntoView {
    let list = match reviews {
        Ok(r) => view! { <ReviewList r/> }.into_any(),
        Err(e) => view! { <p class="error">{e.to_string()}</p> }.into_any(),
    };
    view! {
        <section class="reviews" aria-labelledby="reviews-heading">
            <h2 id="reviews-heading">"Reviews"</h2>
            {list}
            <ReviewForm product_id/>
        </section>
    }
}

#[component]
fn ReviewList(r: ProductReviews) -> impl IntoView {
    if r.count == 0 {
        return view! { <p>"No reviews yet."</p> }.into_any();
    }
    view! {
        <p class="rating-summary">
            <span aria-hidden="true" class="stars">{stars((r.average_tenths + 5) / 10)}</span>
            " " <strong>{r.average()}</strong> {format!(" from {}", r.count_label())}
        </p>
        <ul class="review-list">
            {r.reviews.into_iter().map(|review| view! { <ReviewItem review/> }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn ReviewItem(review: Review) -> impl IntoView {
    view! {
        <li>
            <p class="review-head">
                <span aria-hidden="true" class="stars">{stars(review.rating)}</span>
                <span class="visually-hidden">{format!("{} out of 5 stars", review.rating)}</span>
                " " <strong>{review.author}</strong> " · " <span class="muted">{date(review.created_at)}</span>
            </p>
            {(!review.body.is_empty()).then(|| view! { <p class="review-body">{review.body}</p> })}
        </li>
    }
}

/// Filled in the browser: the page is cached and the same for every shopper. An island.
#[island]
fn ReviewForm(product_id: i64) -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let standing = RwSignal::new(None::<ReviewStanding>);
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            if let Ok(s) = my_review_standing(product_id).await {
                standing.set(Some(s));
            }
        });
    });
    let account = site.href("/shop/account");
    move || match standing.get() {
        None => EitherOf4::A(()),
        Some(s) if !s.signed_in => EitherOf4::B(view! {
            <p><a href=account.clone()>"Sign in"</a> " to review products you bought."</p>
        }),
        Some(s) if !s.bought => EitherOf4::C(
            view! { <p class="muted">"You can review this product once you have bought it."</p> },
        ),
        Some(s) => EitherOf4::D(view! { <WriteReview product_id mine=s.mine/> }),
    }
}

/// The form; once posted, the review shows in the list when the page is next loaded.
#[component]
fn WriteReview(product_id: i64, mine: Option<Review>) -> impl IntoView {
    let editing = mine.is_some();
    let rating = RwSignal::new(mine.as_ref().map(|m| m.rating.to_string()).unwrap_or_default());
    let body = RwSignal::new(mine.map(|m| m.body).unwrap_or_default());
    let send = Action::new(move |input: &ReviewInput| post_review(input.clone()));
    let problem = move |field: &'static str| {
        move || send.value().get().and_then(|r| r.err()).and_then(|e: ApiError| e.for_field(field))
    };
    let general = move || {
        send.value()
            .get()
            .and_then(|r| r.err())
            .filter(|e| e.for_field("rating").is_none() && e.for_field("body").is_none())
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        send.dispatch(ReviewInput { product_id, rating: rating.get(), body: body.get() });
    };
    view! {
        <form class="stack review-form" on:submit=on_submit novalidate>
            <h3>{if editing { "Change your review" } else { "Write a review" }}</h3>
            <fieldset class="rating-choice" aria-describedby="rating-error">
                <legend>"Your rating"</legend>
                {(1..=5).map(|n| {
                    let id = format!("rating-{n}");
                    view! {
                        <span class="choice">
                            <input type="radio" id=id.clone() name="rating" value=n.to_string()
                                checked=move || rating.get() == n.to_string()
                                on:change=move |_| rating.set(n.to_string())/>
                            <label for=id>{format!("{n} {}", if n == 1 { "star" } else { "stars" })}</label>
                        </span>
                    }
                }).collect_view()}
                <p class="field-error" id="rating-error" role="alert">{problem("rating")}</p>
            </fieldset>
            <label for="review-body">"Your review (optional)"</label>
            <textarea id="review-body" name="body" rows="4" maxlength=REVIEW_MAX_CHARS bind:value=body aria-describedby="body-error"></textarea>
            <p class="field-error" id="body-error" role="alert">{problem("body")}</p>
            <p class="form-error" role="alert">{move || general().map(|e| e.to_string())}</p>
            <button type="submit" disabled=move || send.pending().get()>
                {if editing { "Update review" } else { "Post review" }}
            </button>
            <p role="status">{move || matches!(send.value().get(), Some(Ok(_))).then_some("Thank you: your review is posted.")}</p>
        </form>
    }
}
