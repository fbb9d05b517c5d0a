//! Which store a request reaches: unknown and malformed hosts, canonical redirects,
//! suspension, and forwarded headers from proxies.

use arcade::server::db::stores::{self, StoreStatus};

use crate::helpers::{assert_product_list_of, spawn_app, spawn_app_trusting, TestApp, PLATFORM};

/// Hosts that name no store; each must get the plain 404 page.
const UNKNOWN_HOSTS: [&str; 6] = [
    "nostore-0001.test",
    "shop-0201.test",
    "t1001.platform.test",
    "a.t0001.platform.test",
    "t0001.platform.test.evil.test",
    "evilplatform.test",
];

async fn status_of(app: &TestApp, host: &str) -> u16 {
    app.get(host, "/shop/products").await.status
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_custom_domain_is_404() {
    let app = spawn_app().await;
    assert_eq!(status_of(&app, "nostore-0001.test").await, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn custom_domain_never_registered_is_404() {
    let app = spawn_app().await;
    // Stores 201..1000 have no custom domain.
    assert_eq!(status_of(&app, "shop-0201.test").await, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subdomain_of_unknown_store_is_404() {
    let app = spawn_app().await;
    assert_eq!(status_of(&app, "t1001.platform.test").await, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nested_subdomain_of_a_store_is_404() {
    let app = spawn_app().await;
    assert_eq!(status_of(&app, "a.t0001.platform.test").await, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lookalike_host_that_starts_like_a_store_is_404() {
    let app = spawn_app().await;
    assert_eq!(status_of(&app, "t0001.platform.test.evil.test").await, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn host_that_only_ends_with_the_platform_name_is_404() {
    let app = spawn_app().await;
    assert_eq!(status_of(&app, "evilplatform.test").await, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reserved_subdomain_is_not_a_store() {
    let app = spawn_app().await;
    for host in ["api.platform.test", "static.platform.test", "stores.platform.test"] {
        assert_eq!(status_of(&app, host).await, 404, "Host: {host}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn not_found_page_reveals_no_store_data() {
    let app = spawn_app().await;

    for host in UNKNOWN_HOSTS {
        let res = app.get(host, "/shop/products").await;
        assert_eq!(res.status, 404, "Host: {host}");
        for secret in ["Store 0", "t0001", "--primary-color", "cdn.platform.test", "arcade-site"] {
            assert!(!res.body.contains(secret), "Host: {host}: 404 page shows {secret:?}: {}", res.body);
        }
        assert!(res.product_ids().is_empty(), "Host: {host}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn not_found_page_is_not_cached_by_clients() {
    let app = spawn_app().await;

    let res = app.get("nostore-0001.test", "/shop/products").await;

    assert_eq!(res.status, 404);
    assert_eq!(res.header("cache-control"), Some("no-store"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_host_is_400() {
    let app = spawn_app().await;

    for host in [
        "t0001 .platform.test",
        "t0001.platform.test evil.test",
        "t0001..platform.test",
        "-t0001.platform.test",
        "t0001.platform.test:abc",
        "t0001.platform.test:",
        "t0001.platform.test/shop",
        "t0001_x.platform.test",
        "<script>alert(1)</script>",
        "\"t0001.platform.test\"",
        "[::1]:8080",
        "",
        format!("{}.platform.test", "a".repeat(64)).as_str(),
        format!("{}platform.test", "a.".repeat(130)).as_str(),
    ] {
        let res = app.get(host, "/shop/products").await;
        assert_eq!(res.status, 400, "Host: {host:?}");
        assert!(res.product_ids().is_empty(), "Host: {host:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn host_with_control_characters_is_400() {
    let app = spawn_app().await;

    // Refused by the HTTP parser or by the tenancy layer; either way 400.
    for host in ["t0001.platform.test\x7f", "t0001.platform.test\x01"] {
        assert_eq!(status_of(&app, host).await, 400, "Host: {host:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_without_host_is_400() {
    let app = spawn_app().await;

    let res = app.get_without_host("/shop/products").await;

    assert_eq!(res.status, 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_with_two_host_headers_is_400() {
    let app = spawn_app().await;

    // RFC 9112 §3.2: a server MUST answer 400 to more than one Host line; picking one
    // would let a proxy and this server disagree about the store.
    let res = app.get("t0001.platform.test", "/shop/products").header("Host", "t0002.platform.test").await;

    assert_eq!(res.status, 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn www_redirects_to_the_platform_keeping_path_and_query() {
    let app = spawn_app().await;

    let res = app.get("www.platform.test", "/x?y=1").await;

    assert_eq!(res.status, 308);
    assert_eq!(res.location(), "http://platform.test/x?y=1");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn www_redirect_keeps_the_port_of_the_host() {
    let app = spawn_app().await;

    let res = app.get("www.platform.test:8080", "/x?y=1").await;

    assert_eq!(res.status, 308);
    assert_eq!(res.location(), "http://platform.test:8080/x?y=1");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secondary_custom_domain_redirects_to_the_primary_keeping_path_and_query() {
    let app = spawn_app().await;
    let id = app.store_id("t0001").await;
    stores::add_active_domain(&app.db, id, "www.shop-0001.test", false).await.unwrap();
    app.invalidate("t0001", &["shop-0001.test", "www.shop-0001.test"]).await;

    let res = app.get("www.shop-0001.test", "/shop/products?sort=price_asc&page=2").await;

    assert_eq!(res.status, 308);
    assert_eq!(res.location(), "http://shop-0001.test/shop/products?sort=price_asc&page=2");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn primary_custom_domain_is_served_without_redirect() {
    let app = spawn_app().await;
    let id = app.store_id("t0001").await;
    stores::add_active_domain(&app.db, id, "www.shop-0001.test", false).await.unwrap();
    app.invalidate("t0001", &["shop-0001.test", "www.shop-0001.test"]).await;

    let res = app.get("shop-0001.test", "/shop/products").await;

    assert_product_list_of(&res, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn suspended_store_is_503_at_once() {
    let app = spawn_app().await;
    let warm = app.get("t0001.platform.test", "/shop/products").await;
    assert_eq!(warm.status, 200, "before suspension");

    stores::set_status(&mut *app.conn().await, app.store_id("t0001").await, StoreStatus::Suspended)
        .await
        .unwrap();
    app.invalidate("t0001", &["shop-0001.test"]).await;

    for (host, path) in [
        ("t0001.platform.test", "/shop/products"),
        ("shop-0001.test", "/shop/products"),
        (PLATFORM, "/stores/t0001/shop/products"),
    ] {
        let res = app.get(host, path).await;
        assert_eq!(res.status, 503, "{host}{path}");
        assert!(res.product_ids().is_empty(), "{host}{path} still lists products");
        assert!(!res.body.contains("--primary-color"), "{host}{path} is themed");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn suspended_store_json_api_is_not_served() {
    let app = spawn_app().await;
    stores::set_status(&mut *app.conn().await, app.store_id("t0001").await, StoreStatus::Suspended)
        .await
        .unwrap();
    app.invalidate("t0001", &["shop-0001.test"]).await;

    let res = app.get("t0001.platform.test", "/api/v1/products").await;

    assert_eq!(res.status, 503);
    assert!(!res.body.contains("Product 01"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn suspension_leaves_other_stores_open() {
    let app = spawn_app().await;
    stores::set_status(&mut *app.conn().await, app.store_id("t0001").await, StoreStatus::Suspended)
        .await
        .unwrap();
    app.invalidate("t0001", &["shop-0001.test"]).await;

    let res = app.get("t0002.platform.test", "/shop/products").await;

    assert_product_list_of(&res, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forwarded_host_from_a_trusted_proxy_selects_the_store() {
    let app = spawn_app_trusting(vec!["127.0.0.1".parse().unwrap()]).await;

    let res = app
        .get("t0001.platform.test", "/shop/products")
        .header("X-Forwarded-Host", "t0002.platform.test")
        .await;

    assert_product_list_of(&res, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forwarded_host_from_an_untrusted_peer_is_ignored() {
    let app = spawn_app().await;

    let res = app
        .get("t0001.platform.test", "/shop/products")
        .header("X-Forwarded-Host", "t0002.platform.test")
        .await;

    assert_product_list_of(&res, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forwarded_proto_from_a_trusted_proxy_sets_the_redirect_scheme() {
    let app = spawn_app_trusting(vec!["127.0.0.1".parse().unwrap()]).await;

    let res = app
        .get("127.0.0.1", "/x?y=1")
        .header("X-Forwarded-Host", "www.platform.test")
        .header("X-Forwarded-Proto", "https")
        .await;

    assert_eq!(res.status, 308);
    assert_eq!(res.location(), "https://platform.test/x?y=1");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forwarded_proto_from_an_untrusted_peer_is_ignored() {
    let app = spawn_app().await;

    let res = app.get("www.platform.test", "/x?y=1").header("X-Forwarded-Proto", "https").await;

    assert_eq!(res.status, 308);
    assert_eq!(res.location(), "http://platform.test/x?y=1");
}
