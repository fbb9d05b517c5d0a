//! The module gate through the real server, driven by the declaration (`arcade::routes`):
//! every page, server function and API route of an optional module is refused where the
//! store lacks the module (a storefront page 404, a dashboard page the module's locked card
//! with 403, a call 403 `module not enabled`) and answers 200 where the store has it. One
//! store's module never opens another store's routes, whatever cookies or ids are sent.

use std::collections::BTreeSet;

use arcade::{
    api::{
        reviews::{LoadReviews, MyReviewStanding, OwnerReviews, PostReview, SetReviewHidden},
        wallet::{AddGiftCard, GiftCards, IssueGiftCard, MyWallet},
        wishlist::{RemoveFromWishlist, SaveToWishlist, Wishlist},
    },
    model::Module,
    routes::{Kind, Owner, Route, ROUTES},
};
use leptos::server_fn::ServerFn;
use serde_json::{json, Value};

use crate::{
    helpers::*,
    shopping::{bench_item, buy, enable, rows_of, signed_up, Shopper},
};

/// The modules a store may lack.
fn optional() -> impl Iterator<Item = Module> {
    Module::ALL.into_iter().filter(|m| !m.is_core())
}

/// Every route declared under `module`.
fn routes_of(module: Module) -> impl Iterator<Item = &'static Route> {
    ROUTES.iter().filter(move |r| r.owner == Owner::Module(module))
}

/// The gate's answer for `module`, as DESIGN.md gives it.
fn refusal(module: Module) -> Value {
    let key = module.key();
    json!({"error": "module not enabled", "message": format!("this store does not offer {key}"), "module": key, "upgrade": true})
}

/// A dashboard route (the owner's side of a module) rather than a shopper's.
fn on_dashboard(route: &Route) -> bool {
    route.path.starts_with("/api/dashboard/")
        || (route.kind == Kind::Page && !route.path.starts_with("/shop/"))
}

/// The storefront of store 1 in each tenancy mode: host and path prefix.
const MODES: [(&str, &str); 3] =
    [("t0001.platform.test", ""), ("shop-0001.test", ""), (PLATFORM, "/stores/t0001")];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_of_a_missing_module_is_refused_in_every_mode() {
    let app = spawn_app().await;
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;
    let ada = signed_up(&app, Shopper::on("t0001.platform.test")).await;
    let cookie = ada.cookie.clone().expect("a session");
    let mut checked = 0;

    for module in optional() {
        for route in routes_of(module) {
            checked += 1;
            let path = route.path;
            if route.kind == Kind::Page && on_dashboard(route) {
                let page = app
                    .get(DASHBOARD_HOST, &format!("/store/t0001{path}"))
                    .header("Cookie", &owner.cookie)
                    .await;
                assert_eq!(page.status, 403, "{path}");
                assert!(page.body.contains(&format!("{} is not on for this store", module.name())), "{path}");
                assert!(page.body.contains(&module.how_to_get()), "{path}: {}", page.body);
                assert_eq!(page.site_json()["locked"], module.key(), "the browser shows the same refusal");
                continue;
            }
            if on_dashboard(route) {
                let res = app.call(&owner, &format!("/store/t0001{path}"), json!({})).await;
                assert_eq!((res.status, res.json()), (403, refusal(module)), "{path}");
                continue;
            }
            for (host, base) in MODES {
                let url = format!("{base}{path}");
                let res = match route.kind {
                    Kind::Page => app.get(host, &url).header("Cookie", &cookie).await,
                    Kind::Http => app.get(host, &url).header("Cookie", &cookie).await,
                    Kind::ServerFn => {
                        let origin = format!("http://{host}");
                        app.post(host, &url)
                            .header("Origin", &origin)
                            .header("Cookie", &cookie)
                            .form("")
                            .await
                    }
                };
                if route.kind == Kind::Page {
                    assert_eq!(res.status, 404, "{host}{url}");
                    assert!(res.body.contains("Page not found"), "the store's 404 page: {}", res.body);
                    assert_eq!(res.site_json()["locked"], module.key(), "{host}{url}");
                } else {
                    assert_eq!((res.status, res.json()), (403, refusal(module)), "{host}{url}");
                    assert!(res.header("content-type").unwrap_or_default().starts_with("application/json"));
                }
            }
        }
    }
    assert!(checked >= 16, "every optional module's routes: {checked}");
    for table in ["gift_cards", "wishlist_items", "reviews"] {
        assert_eq!(rows_of(&app, table, "t0001").await, 0, "{table}: nothing written");
    }
}

/// Asserts a 200 and notes the route as answered.
fn answered(seen: &mut BTreeSet<&'static str>, path: &'static str, res: &Response) {
    assert_eq!(res.status, 200, "{path}: {res:?}");
    seen.insert(path);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_of_an_enabled_module_answers() {
    let app = spawn_app().await;
    for module in optional() {
        enable(&app, "t0001", module.key()).await;
    }
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;
    let mut ada = signed_up(&app, Shopper::on("t0001.platform.test")).await;
    let cookie = ada.cookie.clone().expect("a session");
    let dash = |path: &str| format!("/store/t0001{path}");
    let page = |path: &str| app.get(DASHBOARD_HOST, &dash(path)).header("Cookie", &owner.cookie);
    let (product, _) = bench_item(1, 1);
    let mut seen = BTreeSet::new();

    // Wallet: the owner issues a card, the shopper keeps it in their wallet.
    let issued = app
        .call(&owner, &dash(IssueGiftCard::PATH), json!({ "card": { "amount": "30", "expires": "" } }))
        .await;
    answered(&mut seen, IssueGiftCard::PATH, &issued);
    let code = issued.json()["code"].as_str().expect("a code").to_string();
    answered(&mut seen, GiftCards::PATH, &app.call(&owner, &dash(GiftCards::PATH), json!({})).await);
    let added = ada.call(&app, AddGiftCard::PATH).form(&format!("code={}", encode(&code))).await;
    answered(&mut seen, AddGiftCard::PATH, &added);
    answered(&mut seen, MyWallet::PATH, &ada.call(&app, MyWallet::PATH).form("").await);
    let balance = app.get(&ada.host, "/api/wallet/balance").header("Cookie", &cookie).await;
    answered(&mut seen, "/api/wallet/balance", &balance);
    assert_eq!(balance.json(), json!({ "balance_cents": 3000, "cards": 1 }));
    answered(&mut seen, "/gift-cards", &page("/gift-cards").await);

    // Wishlist: save, list, take off.
    let form = format!("product_id={product}");
    answered(&mut seen, SaveToWishlist::PATH, &ada.call(&app, SaveToWishlist::PATH).form(&form).await);
    let list = ada.call(&app, Wishlist::PATH).form("").await;
    answered(&mut seen, Wishlist::PATH, &list);
    assert_eq!(list.json()[0]["id"], product);
    answered(
        &mut seen,
        RemoveFromWishlist::PATH,
        &ada.call(&app, RemoveFromWishlist::PATH).form(&form).await,
    );
    let wishlist_page = app.get(&ada.host, "/shop/wishlist").header("Cookie", &cookie).await;
    answered(&mut seen, "/shop/wishlist", &wishlist_page);

    // Reviews: a buyer reviews, everyone reads, the owner hides it.
    assert_eq!(buy(&app, &mut ada, 1, "gate-review-key-0001", json!({})).await.status, 200);
    let review = json!({ "review": { "product_id": product, "rating": "5", "body": "Good" } });
    answered(&mut seen, PostReview::PATH, &ada.call(&app, PostReview::PATH).json(&review).await);
    let of_product = json!({ "product_id": product });
    answered(&mut seen, LoadReviews::PATH, &ada.call(&app, LoadReviews::PATH).json(&of_product).await);
    let standing = ada.call(&app, MyReviewStanding::PATH).json(&of_product).await;
    answered(&mut seen, MyReviewStanding::PATH, &standing);
    let reviews = app.call(&owner, &dash(OwnerReviews::PATH), json!({})).await;
    answered(&mut seen, OwnerReviews::PATH, &reviews);
    let shopper = reviews.json()[0]["shopper_id"].as_i64().expect("the reviewer");
    let hide = json!({ "product_id": product, "shopper_id": shopper, "hidden": true });
    answered(&mut seen, SetReviewHidden::PATH, &app.call(&owner, &dash(SetReviewHidden::PATH), hide).await);
    answered(&mut seen, "/reviews", &page("/reviews").await);

    let declared: BTreeSet<&str> = optional().flat_map(routes_of).map(|r| r.path).collect();
    assert_eq!(seen, declared, "each declared route of a module is exercised here");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_stores_wallet_does_not_open_anothers() {
    let app = spawn_app().await;
    enable(&app, "t0001", "wallet").await;
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;
    let issued = app
        .call(&owner, "/store/t0001/api/dashboard/gift_card_issue", json!({ "card": { "amount": "30" } }))
        .await;
    let code = issued.json()["code"].as_str().expect("store 1's card").to_string();
    let ada = signed_up(&app, Shopper::on("t0001.platform.test")).await;
    let token = ada.cookie.as_deref().unwrap().split("arcade_shopper_t0001=").nth(1).unwrap().to_string();

    // Store 1's session cookie as it is, and its token under store 2's cookie name.
    for sent in [ada.cookie.clone().unwrap(), format!("arcade_shopper_t0002={token}")] {
        for bob in [Shopper::on("t0002.platform.test"), Shopper::under_path("t0002")] {
            let bob = Shopper { cookie: Some(sent.clone()), ..bob };
            let wallet = bob.call(&app, MyWallet::PATH).form("").await;
            assert_eq!((wallet.status, wallet.json()), (403, refusal(Module::Wallet)), "{bob:?}");
            let add = bob.call(&app, AddGiftCard::PATH).form(&format!("code={}", encode(&code))).await;
            assert_eq!((add.status, add.json()), (403, refusal(Module::Wallet)), "{bob:?}");
            let balance =
                app.get(&bob.host, &format!("{}/api/wallet/balance", bob.base)).header("Cookie", &sent).await;
            assert_eq!((balance.status, balance.json()), (403, refusal(Module::Wallet)), "{bob:?}");
        }
    }
    // Not even a platform admin opens store 2's gift cards.
    let admin = app.admin_session("root@platform.test").await;
    let cards = app.call(&admin, "/store/t0002/api/dashboard/gift_cards", json!({})).await;
    assert_eq!((cards.status, cards.json()), (403, refusal(Module::Wallet)));
    let page = app.get(DASHBOARD_HOST, "/store/t0002/gift-cards").header("Cookie", &admin.cookie).await;
    assert_eq!(page.status, 403);
    assert_eq!(rows_of(&app, "gift_cards", "t0002").await, 0);

    // Store 1 is unchanged: its shopper's wallet still answers.
    assert_eq!(ada.call(&app, MyWallet::PATH).form("").await.status, 200);
    assert_eq!(app.call(&admin, "/store/t0001/api/dashboard/gift_cards", json!({})).await.status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_home_shows_each_missing_module_as_a_locked_card_saying_how_to_get_it() {
    let app = spawn_app().await;
    enable(&app, "t0001", "wallet").await;
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;

    let home = app.get(DASHBOARD_HOST, "/store/t0001/").header("Cookie", &owner.cookie).await;

    assert_eq!(home.status, 200);
    let cards: Vec<&str> =
        home.body.split("<li class=\"module-card").skip(1).map(|c| &c[..c.find("</li>").unwrap()]).collect();
    assert_eq!(cards.len(), Module::ALL.len(), "one card per module: {}", home.body);
    for (module, card) in Module::ALL.into_iter().zip(&cards) {
        assert!(card.contains(module.name()) && card.contains(module.description()), "{card}");
        let locked = !module.is_core() && module != Module::Wallet;
        assert_eq!(card.starts_with(" disabled"), locked, "{}: {card}", module.key());
        assert_eq!(card.contains(&module.how_to_get()), locked, "{}: {card}", module.key());
    }
    for gone in ["Blog", "Newsletter", "Analytics"] {
        assert!(!home.body.contains(gone), "{gone} is not offered");
    }
}
