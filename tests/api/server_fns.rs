//! Leptos server functions: the store is the one the request resolves to, never one the
//! client names.

use arcade::api::storefront::{GetProduct, ListProducts};
use leptos::server_fn::ServerFn;
use serde_json::Value;

use crate::helpers::{product_ids_of, spawn_app, Response, PLATFORM};

const LIST_ARGS: &str = "q=&sort=PriceAsc&page=1";

fn listed(res: &Response) -> Vec<(i64, i64)> {
    assert_eq!(res.status, 200, "server fn answer: {}", res.body);
    let body: Value = res.json();
    body["products"]
        .as_array()
        .expect("a products array")
        .iter()
        .map(|p| (p["id"].as_i64().unwrap(), p["price_cents"].as_i64().unwrap()))
        .collect()
}

fn assert_store_sorted_by_price(listed: &[(i64, i64)], store: i64) {
    let mut ids: Vec<i64> = listed.iter().map(|(id, _)| *id).collect();
    let prices: Vec<i64> = listed.iter().map(|(_, price)| *price).collect();
    assert!(prices.windows(2).all(|w| w[0] <= w[1]), "not sorted by price: {prices:?}");
    ids.sort_unstable();
    assert_eq!(ids, product_ids_of(store), "products of store {store}");
}

#[test]
fn server_fn_paths_live_under_api() {
    assert!(ListProducts::PATH.starts_with("/api/list_products"), "{}", ListProducts::PATH);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_products_on_a_subdomain_returns_that_store_sorted_by_price() {
    let app = spawn_app().await;

    let res = app.post("t0001.platform.test", ListProducts::PATH).form(LIST_ARGS).await;

    assert_store_sorted_by_price(&listed(&res), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_products_on_a_custom_domain_returns_that_store() {
    let app = spawn_app().await;

    let res = app.post("shop-0003.test", ListProducts::PATH).form(LIST_ARGS).await;

    assert_store_sorted_by_price(&listed(&res), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_products_under_a_path_prefix_returns_the_prefix_store() {
    let app = spawn_app().await;

    let path = format!("/stores/t0002{}", ListProducts::PATH);
    let res = app.post(PLATFORM, &path).form(LIST_ARGS).await;

    assert_store_sorted_by_price(&listed(&res), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_products_on_the_bare_platform_host_is_404() {
    let app = spawn_app().await;

    let res = app.post(PLATFORM, ListProducts::PATH).form(LIST_ARGS).await;

    assert_eq!(res.status, 404, "{}", res.body);
    assert!(res.body.contains("no store at this address"), "{}", res.body);
    assert!(!res.body.contains("Product 01"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_products_on_an_unknown_host_is_404() {
    let app = spawn_app().await;

    let res = app.post("nostore-0001.test", ListProducts::PATH).form(LIST_ARGS).await;

    assert_eq!(res.status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_products_ignores_a_store_named_by_the_client() {
    let app = spawn_app().await;

    let body = format!("{LIST_ARGS}&store=t0002&store_id=2&code=t0002");
    let res = app.post("t0001.platform.test", ListProducts::PATH).form(&body).await;

    assert!(!res.body.contains("of Store 0002"), "{}", res.body);
    assert_store_sorted_by_price(&listed(&res), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_product_of_another_store_is_none() {
    let app = spawn_app().await;

    let own = app.post("t0001.platform.test", GetProduct::PATH).form("id=1").await;
    let other = app.post("t0001.platform.test", GetProduct::PATH).form("id=21").await;

    assert_eq!(own.status, 200, "{}", own.body);
    assert_eq!(own.json()["name"], "Product 01 of Store 0001");
    assert_eq!(other.status, 200, "{}", other.body);
    assert_eq!(other.json(), Value::Null);
}
