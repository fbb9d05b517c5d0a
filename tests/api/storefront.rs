//! Storefront pages in the three modes: the right store, its theme, its links.

use serde_json::json;

use crate::helpers::{assert_product_list_of, spawn_app, ADMIN_HOST, PLATFORM};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subdomain_serves_its_store_products_with_its_theme() {
    let app = spawn_app().await;

    let res = app.get("t0001.platform.test", "/shop/products").await;

    assert_product_list_of(&res, 1);
    assert!(res.body.contains("--primary-color:#3779b1"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn custom_domain_serves_its_store_products_with_its_theme() {
    let app = spawn_app().await;

    let res = app.get("shop-0001.test", "/shop/products").await;

    assert_product_list_of(&res, 1);
    assert!(res.body.contains("--primary-color:#3779b1"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn path_mode_serves_its_store_products_with_its_theme() {
    let app = spawn_app().await;

    let res = app.get(PLATFORM, "/stores/t0001/shop/products").await;

    assert_product_list_of(&res, 1);
    assert!(res.body.contains("--primary-color:#3779b1"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn host_with_port_upper_case_or_trailing_dot_is_the_same_store() {
    let app = spawn_app().await;

    for (host, path) in [
        ("t0001.platform.test:8080", "/shop/products"),
        ("T0001.PLATFORM.TEST", "/shop/products"),
        ("t0001.platform.test.", "/shop/products"),
        ("Shop-0001.Test.:443", "/shop/products"),
        ("PLATFORM.TEST.:3000", "/stores/t0001/shop/products"),
    ] {
        let res = app.get(host, path).await;
        assert_eq!(res.status, 200, "Host: {host}");
        assert_product_list_of(&res, 1);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn product_list_shows_prices_and_the_store_initials_for_an_off_site_logo() {
    let app = spawn_app().await;

    let res = app.get("t0001.platform.test", "/shop/products").await;

    assert_eq!(res.status, 200);
    // Product 01 of store 1 costs 199 + (37 + 101) % 9800 cents.
    assert!(res.body.contains("$3.37"), "price as $D.CC");
    // Pages load images from their own origin only, so a logo elsewhere would not show.
    assert!(!res.body.contains("https://cdn.platform.test/logos/t0001.png"), "no off-site logo");
    assert!(
        res.body.contains(r#"<span role="img" aria-label="Store 0001" class="initials">S0</span>"#),
        "the store's initials"
    );
    assert!(res.header("content-type").is_some_and(|t| t.starts_with("text/html")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn storefront_home_shows_the_store_hero() {
    let app = spawn_app().await;

    let res = app.get("t0002.platform.test", "/").await;

    assert_eq!(res.status, 200);
    assert!(res.body.contains("Welcome to Store 0002"));
    assert!(!res.body.contains("Store 0001"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn product_page_of_the_store_is_200_with_its_name() {
    let app = spawn_app().await;

    let res = app.get("t0001.platform.test", "/shop/products/1").await;

    assert_eq!(res.status, 200);
    assert!(res.body.contains("Product 01 of Store 0001"));
    assert_eq!(res.product_ids(), vec![1]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn product_of_another_store_is_404() {
    let app = spawn_app().await;

    // Product 21 is the first product of t0002.
    let res = app.get("t0001.platform.test", "/shop/products/21").await;

    assert_eq!(res.status, 404);
    assert!(!res.body.contains("Store 0002"), "another store's product leaked");
    assert!(res.product_ids().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn product_id_that_is_not_a_number_is_404() {
    let app = spawn_app().await;

    let res = app.get("t0001.platform.test", "/shop/products/abc").await;

    assert_eq!(res.status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn path_mode_links_keep_the_store_prefix() {
    let app = spawn_app().await;

    let res = app.get(PLATFORM, "/stores/t0001/shop/products").await;

    assert_eq!(res.status, 200);
    assert!(res.body.contains(r#"href="/stores/t0001/shop/products/1""#), "product links: {}", res.body);
    assert!(res.body.contains(r#"href="/stores/t0001/shop/products""#), "navigation");
    assert!(!res.body.contains(r#"href="/shop/"#), "a link lost the prefix");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn path_mode_site_script_carries_the_base() {
    let app = spawn_app().await;

    let res = app.get(PLATFORM, "/stores/t0001/shop/products").await;

    assert_eq!(res.status, 200);
    let site = res.site_json();
    assert_eq!(
        (&site["kind"], &site["base"], &site["store"]["code"]),
        (&json!("Storefront"), &json!("/stores/t0001"), &json!("t0001"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subdomain_site_script_has_an_empty_base() {
    let app = spawn_app().await;

    let res = app.get("t0001.platform.test", "/shop/products").await;

    assert_eq!(res.status, 200);
    let site = res.site_json();
    assert_eq!(
        (&site["kind"], &site["base"], &site["store"]["code"]),
        (&json!("Storefront"), &json!(""), &json!("t0001"))
    );
    assert!(res.body.contains(r#"href="/shop/products/1""#));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn path_mode_store_root_without_slash_redirects_to_slash() {
    let app = spawn_app().await;

    let res = app.get(PLATFORM, "/stores/t0001").await;

    assert_eq!(res.status, 308);
    assert_eq!(res.location(), "/stores/t0001/");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn path_mode_store_root_redirect_keeps_the_query() {
    let app = spawn_app().await;

    let res = app.get(PLATFORM, "/stores/t0001?ref=mail").await;

    assert_eq!(res.status, 308);
    assert_eq!(res.location(), "/stores/t0001/?ref=mail");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn path_mode_store_root_is_its_home() {
    let app = spawn_app().await;

    let res = app.get(PLATFORM, "/stores/t0001/").await;

    assert_eq!(res.status, 200);
    assert!(res.body.contains("Welcome to Store 0001"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn path_mode_code_in_upper_case_is_404() {
    let app = spawn_app().await;

    let res = app.get(PLATFORM, "/stores/T0001/shop/products").await;

    assert_eq!(res.status, 404);
    assert!(res.product_ids().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn path_mode_reserved_code_is_404() {
    let app = spawn_app().await;

    let res = app.get(PLATFORM, "/stores/admin/shop/products").await;

    assert_eq!(res.status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn path_mode_unknown_store_is_404() {
    let app = spawn_app().await;

    let res = app.get(PLATFORM, "/stores/t9999/shop/products").await;

    assert_eq!(res.status, 404);
    assert!(res.product_ids().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dot_segments_do_not_reach_another_path_mode_store() {
    let app = spawn_app().await;

    for path in ["/stores/t0001/../t0002/shop/products", "/stores/t0001/%2e%2e/t0002/shop/products"] {
        let res = app.get(PLATFORM, path).await;
        assert_eq!(res.status, 404, "{path}");
        assert!(!res.body.contains("of Store 0002"), "{path} showed t0002's products");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn path_prefix_is_not_honoured_on_a_store_host() {
    let app = spawn_app().await;

    for host in ["t0001.platform.test", "shop-0001.test"] {
        let res = app.get(host, "/stores/t0002/shop/products").await;
        assert_eq!(res.status, 404, "Host: {host}");
        assert!(!res.body.contains("of Store 0002"), "Host: {host} showed t0002's products");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn storefront_pages_are_404_on_the_platform_host() {
    let app = spawn_app().await;

    let res = app.get(PLATFORM, "/shop/products").await;

    assert_eq!(res.status, 404);
    assert!(res.product_ids().is_empty());
}

/// What marks the script of a page that hydrates as islands.
const ISLANDS_SCRIPT: &str = r#"document.querySelectorAll("leptos-island")"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn catalog_pages_hydrate_as_islands_and_carry_no_data_outside_them() {
    let app = spawn_app().await;
    for (host, path, islands) in [
        ("t0001.platform.test", "/", &["CartLink"][..]),
        ("t0001.platform.test", "/shop/products", &["CartLink", "SortSelect"]),
        (PLATFORM, "/stores/t0001/shop/products?q=&sort=price_desc", &["CartLink", "SortSelect"]),
        ("shop-0001.test", "/shop/products/3", &["CartLink", "AddToCart"]),
        ("shop-0001.test", "/shop/products/21", &["CartLink"]),
    ] {
        let res = app.get(host, path).await;
        let what = format!("{host}{path}");
        assert!(res.status == 200 || path.ends_with("/21"), "{what}: {}", res.status);
        assert!(res.body.contains(ISLANDS_SCRIPT), "{what}: the islands script");
        // Named `<Component>_<hash of its source>` by Leptos.
        let found: Vec<&str> = res
            .body
            .split(r#"<leptos-island data-component=""#)
            .skip(1)
            .map(|rest| rest[..rest.find('"').unwrap()].rsplit_once('_').unwrap().0)
            .collect();
        assert_eq!(found, islands, "{what}: its islands, in order");
        // The list and product data are in the HTML only: nothing is serialized for hydration.
        assert!(!res.body.contains("__RESOLVED_RESOURCES["), "{what}: {}", res.body);
    }
    let list = app.get("t0001.platform.test", "/shop/products").await;
    assert_eq!(list.body.matches("Product 01 of Store 0001").count(), 1, "the name is in the list only");

    let product = app.get("t0001.platform.test", "/shop/products/3").await;
    assert!(
        product.body.contains(r#"" data-props="{&quot;id&quot;:3,&quot;sold_out&quot;:false}"#),
        "the island's props are what it needs: {}",
        product.body
    );
}

/// The catalog is rendered without the router (`server::catalog`), from the path alone:
/// what names no page of it is the store's 404, in every mode, and only reads render it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn catalog_paths_that_name_no_page_are_404_and_writes_render_nothing() {
    let app = spawn_app().await;
    for (host, path) in [
        ("t0001.platform.test", "/shop/products/"),
        ("t0001.platform.test", "/shop/products/1/"),
        ("t0001.platform.test", "/shop/products/1/reviews"),
        ("t0001.platform.test", "/shop/products/%31"),
        ("t0001.platform.test", "/shop/products/-1"),
        ("t0001.platform.test", "/shop/products/99999999999999999999"),
        ("shop-0001.test", "/shop/products//1"),
        (PLATFORM, "/stores/t0001/shop/products/21"),
        (PLATFORM, "/stores/t0001/shop/products/1/x"),
    ] {
        let res = app.get(host, path).await;
        assert_eq!(res.status, 404, "{host}{path}");
        assert!(
            res.body.contains("Page not found | Store 0001"),
            "{host}{path}: the store's 404: {}",
            res.body
        );
        assert!(res.product_ids().is_empty(), "{host}{path}");
    }
    for method in ["POST", "PUT", "DELETE"] {
        let res = app.request(method, "t0001.platform.test", "/shop/products").form("q=x").await;
        // The catalog's pages answer GET and HEAD only; any other method finds no page.
        assert_eq!(res.status, 404, "{method}");
        assert!(res.product_ids().is_empty(), "{method}: no list is rendered");
    }
}

/// A catalog page ends with the hydration data its islands read in the browser (empty: the
/// page's data is in its HTML), as a page rendered through leptos_axum does.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn catalog_pages_end_with_the_data_their_islands_hydrate_from() {
    let app = spawn_app().await;
    for path in ["/", "/shop/products", "/shop/products/3", "/shop/products/21"] {
        let res = app.get("t0001.platform.test", path).await;
        let tail = &res.body[res.body.rfind("</html>").expect("a document")..];
        assert!(tail.starts_with("</html><script>__RESOLVED_RESOURCES=[];"), "{path}: {tail}");
        assert!(tail.ends_with("<script>__INCOMPLETE_CHUNKS=[];</script>"), "{path}: {tail}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_past_the_catalog_and_the_console_hydrate_whole() {
    let app = spawn_app().await;
    let admin = app.admin_session("root@platform.test").await;
    for (host, path, cookie) in [
        ("t0001.platform.test", "/shop/cart", ""),
        ("t0001.platform.test", "/shop/account", ""),
        (PLATFORM, "/stores/t0001/shop/checkout", ""),
        ("t0001.platform.test", "/no-such-page", ""),
        (PLATFORM, "/", ""),
        (ADMIN_HOST, "/login", ""),
        (ADMIN_HOST, "/stores", admin.cookie.as_str()),
    ] {
        let res = app.get(host, path).header("Cookie", cookie).await;
        assert!(res.body.contains("mod.hydrate()"), "{host}{path}: the whole app's script: {}", res.body);
        assert!(!res.body.contains(ISLANDS_SCRIPT), "{host}{path}");
    }
}
