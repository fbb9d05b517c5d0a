//! The reviews module: only shoppers who bought a product review it, the product page shows
//! the average and the reviews (escaped), the owner hides one. Off, it is absent everywhere;
//! no store's owner or shopper reaches another store's reviews.

use arcade::api::reviews::{LoadReviews, MyReviewStanding, PostReview};
use leptos::server_fn::ServerFn;
use serde_json::json;

use super::*;

const VISIBILITY: &str = "/store/t0001/api/dashboard/review_visibility";

async fn post(app: &TestApp, s: &Shopper, product: i64, rating: &str, body: &str) -> Response {
    s.call(app, PostReview::PATH)
        .json(&json!({ "review": { "product_id": product, "rating": rating, "body": body } }))
        .await
}

/// The product page as anyone loads it (from the page cache when it holds it).
async fn page(app: &TestApp, product: i64) -> String {
    let res = app.get("t0001.platform.test", &format!("/shop/products/{product}")).await;
    assert_eq!(res.status, 200);
    res.body
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disabled_reviews_are_absent_everywhere() {
    let app = spawn_app().await;
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;
    let ada = signed_up(&app, Shopper::on("t0001.platform.test")).await;
    let (product, _) = bench_item(1, 1);
    let gate = json!({"error": "module not enabled", "message": "this store does not offer reviews", "module": "reviews", "upgrade": true});

    assert!(!page(&app, product).await.contains("reviews-heading"));
    let list = ada.call(&app, LoadReviews::PATH).json(&json!({ "product_id": product })).await;
    assert_eq!((list.status, list.json()), (403, gate.clone()));
    assert_eq!(post(&app, &ada, product, "5", "").await.status, 403);
    let dashboard_page =
        app.get(DASHBOARD_HOST, "/store/t0001/reviews").header("Cookie", &owner.cookie).await;
    assert_eq!(dashboard_page.status, 403, "the module's locked card");
    assert!(dashboard_page.body.contains("Ask the platform's admins to turn on Reviews for this store."));
    let hide =
        app.call(&owner, VISIBILITY, json!({ "product_id": product, "shopper_id": 1, "hidden": true })).await;
    assert_eq!((hide.status, hide.json()), (403, gate));
    assert_eq!(rows_of(&app, "reviews", "t0001").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn buyers_review_and_the_product_page_shows_the_average() {
    let app = spawn_app().await;
    enable(&app, "t0001", "reviews").await;
    let (product, _) = bench_item(1, 1);
    assert!(page(&app, product).await.contains("No reviews yet."));

    let guest = Shopper::on("t0001.platform.test");
    assert_eq!(post(&app, &guest, product, "5", "").await.status, 401);
    let standing = guest.call(&app, MyReviewStanding::PATH).json(&json!({ "product_id": product })).await;
    assert_eq!(standing.json(), json!({ "signed_in": false, "bought": false, "mine": null }));

    let mut ada = signed_up(&app, Shopper::on("t0001.platform.test")).await;
    let early = post(&app, &ada, product, "5", "Looks great").await;
    assert_eq!(
        (early.status, early.json()["message"].as_str()),
        (409, Some("only shoppers who bought this product can review it"))
    );
    assert_eq!(buy(&app, &mut ada, 1, "review-ada-key-0001", json!({})).await.status, 200);
    let bad = post(&app, &ada, product, "6", "").await;
    assert_eq!((bad.status, bad.json()["field"].as_str()), (422, Some("rating")));
    let ok = post(&app, &ada, product, "4", "Sturdy <script>alert(1)</script>").await;
    assert_eq!(ok.status, 200, "{ok:?}");
    assert_eq!(ok.json()["mine"]["rating"], 4);

    let mut bob = signed_up_as(&app, Shopper::on("t0001.platform.test"), "bob@example.com", "Bob").await;
    assert_eq!(buy(&app, &mut bob, 1, "review-bob-key-0001", json!({})).await.status, 200);
    assert_eq!(post(&app, &bob, product, "5", "").await.status, 200);

    let html = page(&app, product).await;
    assert!(html.contains("4.5 out of 5") && html.contains("from 2 reviews"), "the average is on the page");
    assert!(html.contains("Sturdy &lt;script&gt;alert(1)&lt;/script&gt;"), "the text is escaped");
    assert!(!html.contains("<script>alert(1)"));
    // Writing again replaces the review: still one per shopper.
    assert_eq!(post(&app, &ada, product, "2", "Broke after a week").await.status, 200);
    assert!(page(&app, product).await.contains("3.5 out of 5"));
    assert_eq!(rows_of(&app, "reviews", "t0001").await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_owner_hides_a_review_and_no_other_store_can() {
    let app = spawn_app().await;
    enable(&app, "t0001", "reviews").await;
    enable(&app, "t0002", "reviews").await;
    let (product, _) = bench_item(1, 2);
    let mut ada = signed_up(&app, Shopper::on("t0001.platform.test")).await;
    assert_eq!(buy(&app, &mut ada, 2, "review-hide-key-0001", json!({})).await.status, 200);
    assert_eq!(post(&app, &ada, product, "1", "Rude words here").await.status, 200);
    let (shopper,): (i64,) =
        sqlx::query_as("SELECT shopper_id FROM reviews").fetch_one(&app.db.pool).await.unwrap();
    let target = json!({ "product_id": product, "shopper_id": shopper, "hidden": true });

    let owner2 = app.member_session("owner@t0002.test", "t0002", "owner").await;
    let theirs = app.call(&owner2, "/store/t0002/api/dashboard/review_visibility", target.clone()).await;
    assert_eq!(theirs.status, 404, "another store's review is not found from store 2");
    let cross = app.call(&owner2, VISIBILITY, target.clone()).await;
    assert_eq!(cross.status, 403, "store 2's owner has no say in store 1's dashboard");
    assert!(page(&app, product).await.contains("Rude words here"));

    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;
    assert_eq!(app.call(&owner, VISIBILITY, target).await.status, 200);
    let html = page(&app, product).await;
    assert!(
        !html.contains("Rude words here") && html.contains("No reviews yet."),
        "hidden, and out of the average"
    );
    let (audited,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'review.hide' AND store_code = 't0001'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(audited, 1);

    // Ada's session is nobody on store 2, whatever name her cookie is sent under.
    let token = ada.cookie.as_deref().unwrap().split("arcade_shopper_t0001=").nth(1).unwrap().to_string();
    let on_two = Shopper {
        cookie: Some(format!("arcade_shopper_t0002={token}")),
        ..Shopper::on("t0002.platform.test")
    };
    let standing = on_two.call(&app, MyReviewStanding::PATH).json(&json!({ "product_id": product })).await;
    assert_eq!(standing.json()["signed_in"], false);
}
