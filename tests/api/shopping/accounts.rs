//! Shopper accounts: per store, cookies as strict as the cart's, throttled sign-in, order
//! history; an account of one store means nothing on another.

use arcade::api::shopper::{MyAccount, ShopperSignIn, ShopperSignOut, ShopperSignUp};
use leptos::server_fn::ServerFn;

use super::*;

const PASSWORD: &str = "a shopper's long password";

/// Signs up on `shopper`'s store, confirms the address from the mailed link, and keeps
/// the session cookie beside any cart cookie; the answer of the confirmation.
async fn sign_up(app: &TestApp, shopper: &mut Shopper, email: &str) -> Response {
    let body = format!("email={}&password={}&name=Ada", encode(email), encode(PASSWORD));
    let res = shopper.call(app, ShopperSignUp::PATH).form(&body).await;
    assert_eq!(res.status, 200, "sign-up: {res:?}");
    assert!(session_cookie(&res).is_none(), "signed in before the address is confirmed: {res:?}");
    let res = confirm_sign_up(app, shopper, email).await;
    keep_session(shopper, &res);
    res
}

fn session_cookie(res: &Response) -> Option<&str> {
    res.headers
        .iter()
        .find(|(k, v)| k == "set-cookie" && v.starts_with("arcade_shopper_"))
        .map(|(_, v)| v.as_str())
}

fn keep_session(shopper: &mut Shopper, res: &Response) {
    if let Some(set) = session_cookie(res) {
        shopper.keep(set);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shopper_signs_up_and_sees_their_orders_only() {
    let app = spawn_app().await;
    let mut ada = Shopper::on("t0001.platform.test");
    let res = sign_up(&app, &mut ada, "ada@example.com").await;
    assert_eq!(res.status, 200, "{res:?}");
    let set = session_cookie(&res).expect("a session cookie");
    assert!(
        set.contains("HttpOnly")
            && set.contains("SameSite=Lax")
            && set.contains("Path=/")
            && !set.contains("Domain"),
        "{set}"
    );

    ada.add(&app, bench_item(1, 1).0, 1).await;
    assert_eq!(ada.checkout(&app, "account-order-key-01").await.status, 200);
    // A guest order of the same store, by someone else: not Ada's.
    let mut guest = Shopper::on("t0001.platform.test");
    guest.add(&app, bench_item(1, 2).0, 1).await;
    assert_eq!(guest.checkout(&app, "guest-order-key-0001").await.status, 200);

    let me = ada.call(&app, MyAccount::PATH).form("").await;
    assert_eq!(me.status, 200, "{me:?}");
    let orders = me.json()["orders"].as_array().unwrap().clone();
    assert_eq!(orders.len(), 1);
    assert_eq!(orders[0]["number"], 1001);
    let page = app
        .get("t0001.platform.test", "/shop/account")
        .header("Cookie", ada.cookie.as_deref().unwrap())
        .await;
    assert!(page.body.contains("Order #1001") && !page.body.contains("Order #1002"), "{}", page.body);
    assert_eq!(page.header("cache-control"), Some("private, no-store"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_account_of_one_store_means_nothing_on_another() {
    let app = spawn_app().await;
    let mut ada = Shopper::under_path("t0001");
    assert_eq!(sign_up(&app, &mut ada, "ada@example.com").await.status, 200);
    let cookie = ada.cookie.clone().unwrap();
    assert!(cookie.starts_with("arcade_shopper_t0001="));
    let token = cookie.split('=').nth(1).unwrap();

    for (host, base) in [("t0002.platform.test", ""), ("shop-0002.test", ""), (PLATFORM, "/stores/t0002")] {
        for sent in [cookie.clone(), format!("arcade_shopper_t0002={token}")] {
            let bob = Shopper { host: host.into(), base: base.into(), cookie: Some(sent) };
            let me = bob.call(&app, MyAccount::PATH).form("").await;
            assert_eq!((me.status, me.json()), (200, serde_json::Value::Null), "{host}{base}: signed out");
        }
    }
    // The same email and password signs in nowhere else, and may sign up there afresh.
    let mut elsewhere = Shopper::on("t0002.platform.test");
    let body = format!("email=ada%40example.com&password={}", encode(PASSWORD));
    assert_eq!(elsewhere.call(&app, ShopperSignIn::PATH).form(&body).await.status, 422);
    assert_eq!(sign_up(&app, &mut elsewhere, "ada@example.com").await.status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_checks_the_password_and_is_throttled() {
    let app = spawn_app().await;
    let mut ada = Shopper::on("t0003.platform.test");
    sign_up(&app, &mut ada, "ada@example.com").await;

    let try_with = |password: &str| {
        let body = format!("email=ada%40example.com&password={}", encode(password));
        Shopper::on("t0003.platform.test").call(&app, ShopperSignIn::PATH).form(&body)
    };
    let good = try_with(PASSWORD).await;
    assert_eq!(good.status, 200);
    assert!(session_cookie(&good).is_some());
    for _ in 0..5 {
        let bad = try_with("not the password").await;
        assert_eq!(bad.status, 422);
        assert_eq!(bad.json()["message"], "wrong email or password");
    }
    let locked = try_with(PASSWORD).await;
    assert_eq!(locked.status, 429, "{locked:?}");
    assert!(session_cookie(&locked).is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_taken_email_answers_like_a_new_one_and_a_short_password_is_refused_by_field() {
    let app = spawn_app().await;
    let mut ada = Shopper::on("t0001.platform.test");
    sign_up(&app, &mut ada, "ada@example.com").await;

    let body =
        |email: &str| format!("email={}&password={}&name=Eve", encode(email), encode("eve's own password"));
    let taken = Shopper::on("t0001.platform.test")
        .call(&app, ShopperSignUp::PATH)
        .form(&body("ADA@example.com"))
        .await;
    let fresh = Shopper::on("t0001.platform.test")
        .call(&app, ShopperSignUp::PATH)
        .form(&body("eve@example.com"))
        .await;
    assert_eq!((taken.status, &taken.body), (fresh.status, &fresh.body), "the answers tell the two apart");
    assert!(session_cookie(&taken).is_none());
    let (subject, text, _) = app.mail_to("ada@example.com").await.pop().expect("ada is told");
    assert!(subject.starts_with("You already have an account"), "{subject}");
    assert!(link_param(&text, "confirm").is_none(), "no way to confirm someone else's password: {text}");
    let eve_signs_in = format!("email=ada%40example.com&password={}", encode("eve's own password"));
    let eve = Shopper::on("t0001.platform.test").call(&app, ShopperSignIn::PATH).form(&eve_signs_in).await;
    assert_eq!(eve.status, 422, "the account keeps Ada's password");
    let short = Shopper::on("t0001.platform.test")
        .call(&app, ShopperSignUp::PATH)
        .form("email=bob%40example.com&password=short&name=")
        .await;
    assert_eq!(short.status, 422);
    assert_eq!(short.json()["field"], "password");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_ends_the_session_at_once() {
    let app = spawn_app().await;
    let mut ada = Shopper::on("t0001.platform.test");
    sign_up(&app, &mut ada, "ada@example.com").await;
    assert_ne!(ada.call(&app, MyAccount::PATH).form("").await.json(), serde_json::Value::Null);

    let out = ada.call(&app, ShopperSignOut::PATH).form("").await;
    assert_eq!(out.status, 200);
    assert!(session_cookie(&out).is_some_and(|c| c.contains("Max-Age=0")), "the cookie is cleared");

    // The old token, replayed: no longer a session.
    assert_eq!(ada.call(&app, MyAccount::PATH).form("").await.json(), serde_json::Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forgotten_password_answers_alike_and_only_an_account_gets_a_reset_link() {
    let app = spawn_app().await;
    let mut ada = Shopper::on("t0002.platform.test");
    sign_up(&app, &mut ada, "ada@example.com").await;
    let forgot = |email: &str| {
        Shopper::on("t0002.platform.test")
            .call(&app, arcade::api::shopper::ShopperForgotPassword::PATH)
            .form(&format!("email={}", encode(email)))
    };

    let known = forgot("ada@example.com").await;
    let unknown = forgot("nobody@example.com").await;

    assert_eq!((known.status, &known.body), (unknown.status, &unknown.body));
    for _ in 0..100 {
        if app.mail_to("ada@example.com").await.len() == 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let (subject, text, _) = app.mail_to("ada@example.com").await.pop().expect("a reset mail");
    assert_eq!(subject, "Reset your password at Store 0002");
    // Store 2 has a primary custom domain: the link is on its canonical origin.
    assert!(link_with(&text, "http://shop-0002.test/shop/account?reset=").is_some(), "{text}");
    assert!(app.mail_to("nobody@example.com").await.is_empty());
}
