//! The wallet module: gift cards issued by the owner, kept in a shopper's wallet, spent at
//! checkout in the order's transaction, given back on cancel. Off, it is absent everywhere;
//! on, no card of one store or shopper is reachable by another.

use arcade::api::{
    checkout::{OrderByToken, PlaceOrder},
    wallet::{AddGiftCard, MyWallet},
};
use leptos::server_fn::ServerFn;
use serde_json::json;

use super::*;

const ISSUE: &str = "/store/t0001/api/dashboard/gift_card_issue";

/// The owner of store 1, signed in.
async fn owner_of_one(app: &TestApp) -> Session {
    app.member_session("owner@t0001.test", "t0001", "owner").await
}

/// Issues a card of `amount` in store 1 as its owner; its printed code.
async fn issue(app: &TestApp, owner: &Session, amount: &str) -> String {
    let res = app.call(owner, ISSUE, json!({ "card": { "amount": amount, "expires": "" } })).await;
    assert_eq!(res.status, 200, "{res:?}");
    res.json()["code"].as_str().expect("the code, shown once").to_string()
}

/// What a card has left, by the last four characters of its code.
async fn balance_of(app: &TestApp, code: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT balance_cents FROM gift_cards WHERE code_tail = $1")
        .bind(&code[code.len() - 4..])
        .fetch_one(&app.db.pool)
        .await
        .expect("a card");
    n
}

/// The order a placed checkout answered, as its shopper's private page loads it.
async fn placed(app: &TestApp, shopper: &Shopper, res: &Response) -> Value {
    assert_eq!(res.status, 200, "{res:?}");
    let token = res.json()["token"].as_str().unwrap().to_string();
    let order = shopper.call(app, OrderByToken::PATH).json(&json!({ "token": token })).await;
    assert_eq!(order.status, 200, "{order:?}");
    order.json()
}

fn gate_error() -> Value {
    json!({"error": "module not enabled", "message": "this store does not offer wallet", "module": "wallet", "upgrade": true})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_disabled_wallet_is_absent_everywhere() {
    let app = spawn_app().await;
    let owner = owner_of_one(&app).await;
    let ada = signed_up(&app, Shopper::on("t0001.platform.test")).await;

    for (host, prefix) in [("t0001.platform.test", ""), ("shop-0001.test", ""), (PLATFORM, "/stores/t0001")] {
        let balance = app.get(host, &format!("{prefix}/api/wallet/balance")).await;
        assert_eq!((balance.status, balance.json()), (403, gate_error()), "{host}{prefix}");
    }
    let page = app.get(DASHBOARD_HOST, "/store/t0001/gift-cards").header("Cookie", &owner.cookie).await;
    assert_eq!(page.status, 403, "the module's locked card");
    assert!(page.body.contains("Ask the platform's admins to turn on Wallet for this store."));
    let issued = app.call(&owner, ISSUE, json!({ "card": { "amount": "30" } })).await;
    assert_eq!((issued.status, issued.json()), (403, gate_error()));
    assert_eq!(ada.call(&app, MyWallet::PATH).form("").await.status, 403);
    assert_eq!(ada.call(&app, AddGiftCard::PATH).form("code=ABCD-EFGH-JKLM-NPQR").await.status, 403);
    let account = app.get(&ada.host, "/shop/account").header("Cookie", ada.cookie.as_deref().unwrap()).await;
    assert_eq!(account.status, 200);
    assert!(!account.body.contains("Your wallet"));

    let mut guest = Shopper::on("t0001.platform.test");
    let before = stock_of(&app, bench_item(1, 1).0).await;
    let res =
        buy(&app, &mut guest, 1, "wallet-off-key-0001", json!({ "gift_card": "ABCD-EFGH-JKLM-NPQR" })).await;
    assert_eq!((res.status, res.json()), (403, gate_error()));
    assert_eq!(rows_of(&app, "orders", "t0001").await, 0, "nothing written");
    assert_eq!(stock_of(&app, bench_item(1, 1).0).await, before);
    assert_eq!(guest.cart(&app).await["lines"].as_array().unwrap().len(), 1, "the cart is kept");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_card_pays_for_orders_until_it_is_spent_and_its_code_is_never_stored() {
    let app = spawn_app().await;
    let owner = owner_of_one(&app).await;
    enable(&app, "t0001", "wallet").await;
    let staff = app.member_session("staff@t0001.test", "t0001", "staff").await;
    let by_staff = app.call(&staff, ISSUE, json!({ "card": { "amount": "30" } })).await;
    assert_eq!(by_staff.status, 403, "only the owner issues cards");
    let code = issue(&app, &owner, "30").await;
    let (stored,): (String,) =
        sqlx::query_as("SELECT code_hash FROM gift_cards").fetch_one(&app.db.pool).await.unwrap();
    assert!(!stored.contains(&code.replace('-', "")), "only a digest is kept");

    let (_, price) = bench_item(1, 1);
    let mut guest = Shopper::on("t0001.platform.test");
    let lower = code.to_lowercase().replace('-', " ");
    let first = buy(&app, &mut guest, 1, "wallet-card-key-0001", json!({ "gift_card": lower })).await;
    let order = placed(&app, &guest, &first).await;
    let paid = price.min(3000);
    assert_eq!((order["total_cents"].as_i64(), order["gift_cents"].as_i64()), (Some(price), Some(paid)));
    assert_eq!(balance_of(&app, &code).await, 3000 - paid);

    // Spend the card down to nothing, then try once more.
    let mut n = 2;
    while balance_of(&app, &code).await > 0 {
        let res =
            buy(&app, &mut guest, 1, &format!("wallet-card-key-{n:04}"), json!({ "gift_card": code })).await;
        assert_eq!(res.status, 200, "{res:?}");
        n += 1;
    }
    let orders = rows_of(&app, "orders", "t0001").await;
    let empty = buy(&app, &mut guest, 1, "wallet-card-key-empty", json!({ "gift_card": code })).await;
    assert_eq!(empty.status, 409, "{empty:?}");
    assert_eq!(empty.json()["field"], "gift_card");
    assert_eq!(empty.json()["message"], "this gift card has nothing left on it");
    assert_eq!(rows_of(&app, "orders", "t0001").await, orders, "no order without the card");
    let (spent,): (i64,) = sqlx::query_as("SELECT CAST(SUM(gift_cents) AS BIGINT) FROM orders")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(spent, 3000, "the orders together took exactly the card's value");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_codes_are_refused_by_field_and_nothing_is_written() {
    let app = spawn_app().await;
    let owner = owner_of_one(&app).await;
    enable(&app, "t0001", "wallet").await;
    enable(&app, "t0002", "wallet").await;
    let code = issue(&app, &owner, "30").await;
    let owner2 = app.member_session("owner@t0002.test", "t0002", "owner").await;
    let other = app
        .call(&owner2, "/store/t0002/api/dashboard/gift_card_issue", json!({ "card": { "amount": "50" } }))
        .await;
    let other_code = other.json()["code"].as_str().unwrap().to_string();
    let expired = issue(&app, &owner, "20").await;
    sqlx::query("UPDATE gift_cards SET expires_at = 1 WHERE code_tail = $1")
        .bind(&expired[expired.len() - 4..])
        .execute(&app.db.pool)
        .await
        .unwrap();

    let mut guest = Shopper::on("t0001.platform.test");
    for (typed, status, message) in [
        ("FREE-MONEY", 422, "enter the 16-character code as printed, like ABCD-EFGH-JKLM-NPQR"),
        ("2222-2222-2222-2222", 422, "this store has no gift card with this code"),
        (other_code.as_str(), 422, "this store has no gift card with this code"),
        (expired.as_str(), 409, "this gift card has expired"),
    ] {
        let res = buy(&app, &mut guest, 1, "wallet-bad-key-0001", json!({ "gift_card": typed })).await;
        assert_eq!(
            (res.status, res.json()["field"].as_str()),
            (status, Some("gift_card")),
            "{typed}: {res:?}"
        );
        assert_eq!(res.json()["message"], message, "{typed}");
    }
    assert_eq!(rows_of(&app, "orders", "t0001").await, 0);
    assert_eq!(balance_of(&app, &code).await, 3000);
    let wallet_without_account = guest.call(&app, AddGiftCard::PATH).form(&format!("code={code}")).await;
    assert_eq!(wallet_without_account.status, 401);
    let use_wallet = buy(&app, &mut guest, 1, "wallet-bad-key-0002", json!({ "use_wallet": true })).await;
    assert_eq!(
        (use_wallet.status, use_wallet.json()["message"].as_str()),
        (422, Some("sign in to pay with your wallet"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wallet_is_its_shoppers_alone_and_its_balance_is_never_cached() {
    let app = spawn_app().await;
    let owner = owner_of_one(&app).await;
    enable(&app, "t0001", "wallet").await;
    enable(&app, "t0002", "wallet").await;
    let (code, second) = (issue(&app, &owner, "30").await, issue(&app, &owner, "12.50").await);
    let mut ada = signed_up(&app, Shopper::on("t0001.platform.test")).await;
    let bob = signed_up_as(&app, Shopper::on("t0001.platform.test"), "bob@example.com", "Bob").await;

    assert_eq!(
        app.get("t0001.platform.test", "/api/wallet/balance").await.status,
        401,
        "no account, no wallet"
    );
    let added = ada.call(&app, AddGiftCard::PATH).form(&format!("code={code}")).await;
    assert_eq!(added.status, 200, "{added:?}");
    assert_eq!(added.json()["balance_cents"], 3000);
    let taken = bob.call(&app, AddGiftCard::PATH).form(&format!("code={code}")).await;
    assert_eq!(
        (taken.status, taken.json()["message"].as_str()),
        (409, Some("this gift card is in another account's wallet"))
    );
    let mut bob_buys = bob.clone();
    let res = buy(&app, &mut bob_buys, 1, "wallet-theft-key-01", json!({ "gift_card": code })).await;
    assert_eq!(res.status, 409, "another account's card cannot pay: {res:?}");

    // Ada's balance, then Bob's, then Ada's again: each their own, never a cached answer.
    let balance = |s: &Shopper| {
        let req = app.get(&s.host, "/api/wallet/balance").header("Cookie", s.cookie.as_deref().unwrap());
        async move { req.await }
    };
    for (who, cents) in [(&ada, 3000), (&bob, 0), (&ada, 3000)] {
        let res = balance(who).await;
        assert_eq!((res.status, res.json()["balance_cents"].as_i64()), (200, Some(cents)), "{res:?}");
        assert_eq!(res.header("cache-control"), Some("private, no-store"));
    }
    // Ada's session means nothing on store 2, whatever name her cookie is sent under.
    let token = ada.cookie.as_deref().unwrap().split("arcade_shopper_t0001=").nth(1).unwrap().to_string();
    for sent in [ada.cookie.clone().unwrap(), format!("arcade_shopper_t0002={token}")] {
        let res = app.get("t0002.platform.test", "/api/wallet/balance").header("Cookie", &sent).await;
        assert_eq!(res.status, 401, "{sent}");
    }

    // Paying from the wallet: the card she added, and one she types, which joins it.
    let (_, price) = bench_item(1, 3);
    let res =
        buy(&app, &mut ada, 3, "wallet-ada-key-0001", json!({ "use_wallet": true, "gift_card": second }))
            .await;
    let order = placed(&app, &ada, &res).await;
    assert_eq!(order["gift_cents"].as_i64(), Some(price.min(4250)));
    let left = balance(&ada).await.json();
    assert_eq!(
        (left["balance_cents"].as_i64(), left["cards"].as_i64()),
        (Some(4250 - price.min(4250)), Some(2))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_an_order_gives_the_card_back_what_it_paid() {
    let app = spawn_app().await;
    enable(&app, "t0001", "wallet").await;
    let owner = owner_of_one(&app).await;
    let code = issue(&app, &owner, "5").await;
    let mut guest = Shopper::on("t0001.platform.test");
    let res = buy(&app, &mut guest, 2, "wallet-cancel-key-01", json!({ "gift_card": code })).await;
    let number = res.json()["number"].as_i64().unwrap();
    assert!(balance_of(&app, &code).await < 500);

    let cancel = app
        .call(
            &owner,
            "/store/t0001/api/dashboard/order_status",
            json!({ "number": number, "from": "Placed", "to": "Cancelled" }),
        )
        .await;

    assert_eq!(cancel.status, 200, "{cancel:?}");
    assert_eq!(balance_of(&app, &code).await, 500);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_checkouts_never_spend_a_card_twice() {
    let app = spawn_app().await;
    let owner = owner_of_one(&app).await;
    enable(&app, "t0001", "wallet").await;
    let code = issue(&app, &owner, "20").await;
    let mut shoppers = Vec::new();
    for _ in 0..6 {
        let mut s = Shopper::on("t0001.platform.test");
        assert_eq!(s.add(&app, bench_item(1, 4).0, 1).await.status, 200);
        shoppers.push(s);
    }
    let sends: Vec<_> = shoppers
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut form = checkout_form(&format!("wallet-race-key-{i:04}"));
            form["gift_card"] = json!(code);
            tokio::spawn(s.call(&app, PlaceOrder::PATH).json(&json!({ "checkout": form })).send())
        })
        .collect();
    let mut answers = Vec::new();
    for send in sends {
        answers.push(send.await.expect("the request task"));
    }

    for res in &answers {
        assert!(res.status == 200 || res.status == 409, "{res:?}");
    }
    let (spent,): (i64,) = sqlx::query_as("SELECT CAST(COALESCE(SUM(gift_cents), 0) AS BIGINT) FROM orders")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(spent + balance_of(&app, &code).await, 2000, "every cent accounted for, none spent twice");
    let (redeemed,): (i64,) =
        sqlx::query_as("SELECT CAST(COALESCE(SUM(amount_cents), 0) AS BIGINT) FROM gift_card_redemptions")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(redeemed, spent);
}
