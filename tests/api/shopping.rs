//! Shopping: carts, checkout, stock and orders, in every tenancy mode, on both databases.
//! Each store is probed with the other stores' hosts, ids and cookies.

mod accounts;
mod cart;
mod checkout;
mod limits;
mod modules;
mod orders;
mod replays;
mod reviews;
mod stock_pages;
mod wallet;

use arcade::{
    api::{
        cart::{AddToCart, GetCart},
        checkout::PlaceOrder,
        shopper::ShopperSignUp,
    },
    server::db::stores,
};
use leptos::server_fn::ServerFn;
use serde_json::{json, Value};

use crate::helpers::*;

/// A shopper in one store: the host and path prefix they reach it by and their cookies.
#[derive(Clone, Debug)]
pub struct Shopper {
    pub host: String,
    /// `/stores/{code}` in path mode, empty otherwise.
    pub base: String,
    pub cookie: Option<String>,
}

impl Shopper {
    pub fn on(host: &str) -> Self {
        Self { host: host.into(), base: String::new(), cookie: None }
    }

    pub fn under_path(code: &str) -> Self {
        Self { host: PLATFORM.into(), base: format!("/stores/{code}"), cookie: None }
    }

    fn origin(&self) -> String {
        format!("http://{}", self.host)
    }

    /// A server function call from the store's own page, with this shopper's cookie.
    pub fn call(&self, app: &TestApp, path: &str) -> RequestBuilder {
        let mut req = app.post(&self.host, &format!("{}{path}", self.base)).header("Origin", &self.origin());
        if let Some(c) = &self.cookie {
            req = req.header("Cookie", c);
        }
        req
    }

    /// Adds to the cart and keeps the cart cookie the answer sets.
    pub async fn add(&mut self, app: &TestApp, product: i64, quantity: i64) -> Response {
        let res =
            self.call(app, AddToCart::PATH).form(&format!("product_id={product}&quantity={quantity}")).await;
        if let Some(set) = cart_cookie(&res) {
            self.keep(set);
        }
        res
    }

    /// Keeps the cookie a `Set-Cookie` value gives, beside the others of other names.
    pub fn keep(&mut self, set_cookie: &str) {
        let pair = set_cookie.split(';').next().expect("name=value").to_string();
        let name = pair.split('=').next().unwrap_or_default().to_string();
        let mut all: Vec<String> = self
            .cookie
            .iter()
            .flat_map(|c| c.split("; "))
            .filter(|c| c.split('=').next() != Some(name.as_str()))
            .map(str::to_string)
            .collect();
        all.push(pair);
        self.cookie = Some(all.join("; "));
    }

    pub async fn cart(&self, app: &TestApp) -> Value {
        let res = self.call(app, GetCart::PATH).form("").await;
        assert_eq!(res.status, 200, "{res:?}");
        res.json()
    }

    /// Places an order with a good form and `key` as its idempotency key.
    pub async fn checkout(&self, app: &TestApp, key: &str) -> Response {
        self.checkout_with(app, checkout_form(key)).await
    }

    pub async fn checkout_with(&self, app: &TestApp, form: Value) -> Response {
        self.call(app, PlaceOrder::PATH).json(&json!({ "checkout": form })).await
    }
}

/// A checkout form that passes every check.
pub fn checkout_form(key: &str) -> Value {
    json!({
        "email": "ada@example.com",
        "name": "Ada Lovelace",
        "line1": "12 St James's Square",
        "line2": "",
        "city": "London",
        "postal_code": "SW1Y 4JH",
        "country": "United Kingdom",
        "payment": "bank_transfer",
        "idempotency_key": key,
    })
}

/// The `Set-Cookie` of a cart cookie in an answer.
pub fn cart_cookie(res: &Response) -> Option<&str> {
    res.headers
        .iter()
        .find(|(k, v)| k == "set-cookie" && v.starts_with("arcade_cart_"))
        .map(|(_, v)| v.as_str())
}

/// Sets a product's stock in the database.
pub async fn set_stock(app: &TestApp, product: i64, stock: i64) {
    sqlx::query("UPDATE products SET stock = $1 WHERE id = $2")
        .bind(stock)
        .bind(product)
        .execute(&app.db.pool)
        .await
        .expect("set the stock");
}

/// A product's stock in the database.
pub async fn stock_of(app: &TestApp, product: i64) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT stock FROM products WHERE id = $1")
        .bind(product)
        .fetch_one(&app.db.pool)
        .await
        .expect("read the stock");
    n
}

/// How many rows of `table` belong to store `code`.
pub async fn rows_of(app: &TestApp, table: &str, code: &str) -> i64 {
    let store = app.store_id(code).await;
    let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table} WHERE store_id = $1"))
        .bind(store.get())
        .fetch_one(&app.db.pool)
        .await
        .expect("count rows");
    n
}

/// Product `j` (1–20) of bench store `i`: its id and price.
pub fn bench_item(i: i64, j: i64) -> (i64, i64) {
    let p = bench_product(i, j);
    (p["id"].as_i64().expect("an id"), p["price_cents"].as_i64().expect("a price"))
}

/// Turns a module on for a store, as the console does (revision bumped, caches told).
pub async fn enable(app: &TestApp, code: &str, module: &str) {
    let id = app.store_id(code).await;
    let mut conn = app.conn().await;
    stores::set_module(&mut conn, id, module, true).await.expect("set the module");
    stores::bump_revision(&mut conn, id).await.expect("bump the revision");
    drop(conn);
    app.invalidate(code, &[&format!("shop-{}.test", &code[1..])]).await;
}

/// Ada's account in the shopper's store, signed in.
pub async fn signed_up(app: &TestApp, shopper: Shopper) -> Shopper {
    signed_up_as(app, shopper, "ada@example.com", "Ada").await
}

/// An account of `email` in the shopper's store, confirmed from the mailed link and signed in.
pub async fn signed_up_as(app: &TestApp, mut shopper: Shopper, email: &str, name: &str) -> Shopper {
    let res = shopper
        .call(app, ShopperSignUp::PATH)
        .form(&format!("email={}&password=a+long+enough+password&name={}", encode(email), encode(name)))
        .await;
    assert_eq!(res.status, 200, "{res:?}");
    let res = confirm_sign_up(app, &shopper, email).await;
    assert_eq!(res.status, 200, "{res:?}");
    let set =
        res.headers.iter().find(|(k, v)| k == "set-cookie" && v.starts_with("arcade_shopper_")).unwrap();
    shopper.keep(&set.1);
    shopper
}

/// Uses the confirmation link of the newest mail to `email`; the answer (its session cookie).
pub async fn confirm_sign_up(app: &TestApp, shopper: &Shopper, email: &str) -> Response {
    let (_, text, _) = app.wait_for_mail_to(&email.to_ascii_lowercase()).await;
    let token = link_param(&text, "confirm").expect("a confirmation link");
    shopper.call(app, arcade::api::shopper::ShopperConfirm::PATH).form(&format!("token={token}")).await
}

/// Puts one unit of product `j` of bench store 1 in the cart and checks out with `form`
/// changes applied; the answer.
pub async fn buy(app: &TestApp, shopper: &mut Shopper, j: i64, key: &str, extra: Value) -> Response {
    let res = shopper.add(app, bench_item(1, j).0, 1).await;
    assert_eq!(res.status, 200, "{res:?}");
    let mut form = checkout_form(key);
    for (k, v) in extra.as_object().into_iter().flatten() {
        form[k] = v.clone();
    }
    shopper.checkout_with(app, form).await
}
