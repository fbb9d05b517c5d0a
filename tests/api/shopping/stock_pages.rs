//! What an order changes of the shared pages: nothing while stock is left (every cached
//! page is still a hit), and at once when it sells a product out or a cancel puts a
//! sold-out product back on sale. The server refuses what is not there either way.

use serde_json::json;

use super::*;

const HOST: &str = "t0001.platform.test";

/// The shared answers that show `product`: home, the list, its page, the JSON list.
fn shared_paths(product: i64) -> [String; 4] {
    ["/".into(), "/shop/products".into(), format!("/shop/products/{product}"), "/api/v1/products".into()]
}

async fn revision(app: &TestApp) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT revision FROM stores WHERE code = 't0001'")
        .fetch_one(&app.db.pool)
        .await
        .expect("the store's revision");
    n
}

/// Places an order of what `shopper` holds; its number.
async fn place(app: &TestApp, shopper: &Shopper, key: &str) -> i64 {
    let res = shopper.checkout(app, key).await;
    assert_eq!(res.status, 200, "{res:?}");
    res.json()["number"].as_i64().expect("a number")
}

async fn cancel(app: &TestApp, owner: &Session, number: i64) {
    let body = json!({ "number": number, "from": "Placed", "to": "Cancelled" });
    let res = app.call(owner, "/store/t0001/api/dashboard/order_status", body).await;
    assert_eq!(res.status, 200, "{res:?}");
}

/// The product's card in a product list page.
fn card(page: &Response, product: i64) -> String {
    let tag = format!(r#"<li id="product-{product}" class="product">"#);
    let start = page.body.find(&tag).unwrap_or_else(|| panic!("no {tag} in {}", page.body));
    let rest = &page.body[start..];
    rest[..rest.find("</li>").expect("the card's end")].to_string()
}

/// The product in the JSON list.
fn listed(list: &Response, product: i64) -> serde_json::Value {
    let products = list.json()["products"].as_array().expect("products").clone();
    products.into_iter().find(|p| p["id"] == product).expect("the product is listed")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn orders_that_leave_stock_keep_every_cached_page() {
    let app = spawn_app().await;
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;
    let (product, _) = bench_item(1, 5);
    set_stock(&app, product, 3).await;
    let mut first = Vec::new();
    for path in shared_paths(product) {
        let res = app.get(HOST, &path).await;
        assert_eq!((res.status, res.header("x-cache")), (200, Some("miss")), "{path}: {res:?}");
        first.push(res);
    }
    let before = revision(&app).await;

    // Two units of the three, then one of another product; the owner moves one order on
    // and cancels another that sold nothing out.
    let mut ada = Shopper::on(HOST);
    ada.add(&app, product, 2).await;
    let sold = place(&app, &ada, "keeps-pages-key-0001").await;
    let mut bob = Shopper::on(HOST);
    bob.add(&app, bench_item(1, 6).0, 1).await;
    let other = place(&app, &bob, "keeps-pages-key-0002").await;
    let paid = json!({ "number": sold, "from": "Placed", "to": "Paid" });
    assert_eq!(app.call(&owner, "/store/t0001/api/dashboard/order_status", paid).await.status, 200);
    cancel(&app, &owner, other).await;

    assert_eq!(stock_of(&app, product).await, 1);
    assert_eq!(revision(&app).await, before, "no page's key changed");
    for (path, was) in shared_paths(product).iter().zip(&first) {
        let res = app.get(HOST, path).await;
        assert_eq!((res.status, res.header("x-cache")), (200, Some("hit")), "{path}: {res:?}");
        assert_eq!(res.body, was.body, "{path}: the same page");
    }
    let page = app.get(HOST, &format!("/shop/products/{product}")).await;
    assert!(page.body.contains(r#"<p class="availability">In stock</p>"#), "{}", page.body);
    assert!(!page.body.contains(" left</p>"), "no count of what is left on a shared page");
    let list = app.get(HOST, "/api/v1/products").await;
    assert_eq!(listed(&list, product).get("stock"), None, "nor in the public JSON");

    // More than is left, from the stale page: the server says how many there are.
    let mut cy = Shopper::on(HOST);
    let res = cy.add(&app, product, 2).await;
    assert_eq!(res.status, 409);
    assert_eq!(res.json(), json!({"error": "conflict", "message": "only 1 left", "field": "quantity"}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_order_that_sells_a_product_out_shows_at_once_and_a_cancel_puts_it_back() {
    let app = spawn_app().await;
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;
    let (product, _) = bench_item(1, 5);
    set_stock(&app, product, 3).await;
    // Bob puts the last unit in his cart while there is one to put there.
    let mut bob = Shopper::on(HOST);
    assert_eq!(bob.add(&app, product, 1).await.status, 200);
    for path in shared_paths(product) {
        assert_eq!(app.get(HOST, &path).await.header("x-cache"), Some("miss"), "{path}");
    }
    let on_sale = app.get(HOST, &format!("/shop/products/{product}")).await;
    assert!(on_sale.body.contains(r#"<p class="availability">In stock</p>"#), "{}", on_sale.body);
    assert!(!card(&app.get(HOST, "/shop/products").await, product).contains("Sold out"));

    let mut ada = Shopper::on(HOST);
    ada.add(&app, product, 3).await;
    let number = place(&app, &ada, "sells-out-key-00001").await;

    assert_eq!(stock_of(&app, product).await, 0);
    let page = app.get(HOST, &format!("/shop/products/{product}")).await;
    assert_eq!((page.status, page.header("x-cache")), (200, Some("miss")), "rendered again");
    assert!(page.body.contains(r#"<p class="availability sold-out">Sold out</p>"#), "{}", page.body);
    assert!(!page.body.contains("Add to cart"), "no way to add it");
    for path in ["/", "/shop/products"] {
        let list = app.get(HOST, path).await;
        assert_eq!(list.header("x-cache"), Some("miss"), "{path}");
        let card = card(&list, product);
        assert!(card.contains(r#"<span class="availability sold-out">Sold out</span>"#), "{path}: {card}");
        assert!(!self::card(&list, bench_item(1, 6).0).contains("Sold out"), "{path}: only that one");
    }
    assert_eq!(listed(&app.get(HOST, "/api/v1/products").await, product)["available"], false);

    // Bob's cart still holds it: the order is refused whole, and so is adding it again.
    let res = bob.checkout(&app, "sells-out-key-00002").await;
    assert_eq!(res.status, 409, "{res:?}");
    assert_eq!(
        res.json(),
        json!({
            "error": "conflict",
            "message": "Product 05 of Store 0001 is sold out; take it out of your cart to go on",
            "field": "cart",
        })
    );
    assert_eq!(rows_of(&app, "orders", "t0001").await, 1);
    assert_eq!(Shopper::on(HOST).add(&app, product, 1).await.status, 409);

    // The owner cancels Ada's order: the units are back, and so is the product.
    cancel(&app, &owner, number).await;
    let page = app.get(HOST, &format!("/shop/products/{product}")).await;
    assert_eq!(page.header("x-cache"), Some("miss"));
    assert!(page.body.contains(r#"<p class="availability">In stock</p>"#), "{}", page.body);
    assert!(!card(&app.get(HOST, "/shop/products").await, product).contains("Sold out"));
    assert_eq!(listed(&app.get(HOST, "/api/v1/products").await, product)["available"], true);
    assert_eq!(place(&app, &bob, "sells-out-key-00003").await, 1002, "Bob's order goes through now");
}
