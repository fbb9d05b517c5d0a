//! `/reviews` (the reviews module): what shoppers wrote, newest first; hide a review from
//! the product page or show it again.

use leptos::prelude::*;
use leptos_meta::Title;

use super::load_error;
use crate::{
    api::reviews::{owner_reviews, set_review_hidden},
    components::ConsoleLayout,
    error::ApiError,
    model::{stars, OwnerReview, SiteInfo},
    text::date,
};

/// Hides (true) or shows a review: (product, shopper, hidden).
type Visibility = Action<(i64, i64, bool), Result<(), ApiError>>;

#[component]
pub fn ReviewsPage() -> impl IntoView {
    let toggle: Visibility = Action::new(|&(product, shopper, hidden): &(i64, i64, bool)| {
        set_review_hidden(product, shopper, hidden)
    });
    let reviews = Resource::new(move || toggle.version().get(), |_| owner_reviews());
    let outcome = move || match toggle.value().get() {
        Some(Err(e)) => Some(
            view! { <p class="form-error" role="alert">{format!("Could not change the review: {e}")}</p> },
        ),
        _ => None,
    };
    view! {
        <Title text="Reviews | Arcade"/>
        <ConsoleLayout>
            <h1>"Reviews"</h1>
            <p class="lead">"Reviews by shoppers who bought the product. A hidden review leaves the product page and its average."</p>
            {outcome}
            <Transition fallback=|| view! { <p class="muted" role="status">"Loading reviews…"</p> }>
                {move || Suspend::new(async move {
                    match reviews.await {
                        Ok(list) if list.is_empty() => view! { <p>"No reviews yet."</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="owner-reviews">
                                {list.into_iter().map(|r| view! { <OwnerReviewItem r toggle/> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => load_error(e, "the reviews"),
                    }
                })}
            </Transition>
        </ConsoleLayout>
    }
}

#[component]
fn OwnerReviewItem(r: OwnerReview, toggle: Visibility) -> impl IntoView {
    let site = expect_context::<SiteInfo>();
    let (product, shopper, hidden) = (r.product_id, r.shopper_id, r.hidden);
    let action = if hidden { "Show again" } else { "Hide" };
    view! {
        <li class=if hidden { "hidden-review" } else { "" }>
            <p class="review-head">
                <a href=site.href(&format!("/products/{product}"))>{r.product_name.clone()}</a>
                " · " <span aria-hidden="true" class="stars">{stars(r.review.rating)}</span>
                <span class="visually-hidden">{format!("{} out of 5 stars", r.review.rating)}</span>
                " by " <strong>{r.review.author}</strong> " on " {date(r.review.created_at)}
                {hidden.then(|| view! { " " <span class="badge">"Hidden"</span> })}
            </p>
            {(!r.review.body.is_empty()).then(|| view! { <p class="review-body">{r.review.body}</p> })}
            <button type="button" class="secondary" disabled=move || toggle.pending().get()
                on:click=move |_| { toggle.dispatch((product, shopper, !hidden)); }>
                {action} <span class="visually-hidden">{format!(" the review of {}", r.product_name)}</span>
            </button>
        </li>
    }
}
