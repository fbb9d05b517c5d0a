//! The rendered-page cache: never stale after a store write, never shared between stores,
//! the same for shoppers with and without cookies (no shared page reads them), never used
//! for a shopper's own pages.

mod shared;

use arcade::server::db::{
    products::{self, NewProduct},
    stores,
};

use crate::helpers::{
    assert_product_list_of, spawn_app, spawn_app_configured, Response, TestApp, ADMIN_HOST, PLATFORM,
};

/// Adds a product to t0001 directly in the database, with a new store revision but no
/// cache invalidation; its id.
async fn add_product(app: &TestApp, name: &str) -> i64 {
    let id = app.store_id("t0001").await;
    let new = NewProduct {
        name: name.into(),
        description: "Added by a test.".into(),
        price_cents: 1234,
        stock: Some(5),
    };
    let mut conn = app.conn().await;
    let product = products::create(&mut conn, id, &new).await.expect("create a product").id;
    stores::bump_revision(&mut conn, id).await.expect("bump the revision");
    product
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_product_shows_after_resolver_invalidation() {
    let app = spawn_app().await;
    assert_product_list_of(&app.get("t0001.platform.test", "/shop/products").await, 1);

    let id = add_product(&app, "Fresh Mug").await;
    app.invalidate("t0001", &["shop-0001.test"]).await;

    let res = app.get("t0001.platform.test", "/shop/products").await;
    assert_eq!(res.status, 200);
    assert!(res.body.contains("Fresh Mug"), "the cached page was served stale");
    assert!(res.product_ids().contains(&id));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anonymous_page_is_served_from_cache_until_the_store_is_invalidated() {
    let app = spawn_app().await;
    let first = app.get("t0001.platform.test", "/shop/products").await;
    assert_product_list_of(&first, 1);
    assert_eq!(first.header("x-cache"), Some("miss"), "rendered, then kept");

    add_product(&app, "Fresh Mug").await;

    let res = app.get("t0001.platform.test", "/shop/products").await;
    assert_product_list_of(&res, 1);
    assert!(!res.body.contains("Fresh Mug"), "an anonymous GET was rendered again instead of cached");
    assert_eq!(res.header("x-cache"), Some("hit"));
    let own = app.get("t0001.platform.test", "/shop/cart").await;
    assert_eq!((own.status, own.header("x-cache")), (200, None), "a shopper's own page is not the cache's");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shopper_with_a_cart_cookie_is_served_the_cached_page() {
    let app = spawn_app().await;
    assert_product_list_of(&app.get("t0001.platform.test", "/shop/products").await, 1);
    add_product(&app, "Fresh Mug").await;

    let res = app
        .get("t0001.platform.test", "/shop/products")
        .header("Cookie", &format!("arcade_cart_t0001={}", "a".repeat(64)))
        .await;

    assert_product_list_of(&res, 1);
    assert!(!res.body.contains("Fresh Mug"), "a request with a cookie was rendered again instead of cached");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_rendered_for_a_cookie_request_is_the_same_for_everyone() {
    let app = spawn_app().await;

    let with_cookie = app.get("t0001.platform.test", "/shop/products").header("Cookie", "session=abc").await;
    assert_product_list_of(&with_cookie, 1);
    add_product(&app, "Fresh Mug").await;

    let anonymous = app.get("t0001.platform.test", "/shop/products").await;
    assert_eq!(anonymous.body, with_cookie.body, "the anonymous visitor got another page");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shoppers_own_pages_are_never_cached_anywhere() {
    let app = spawn_app().await;

    for path in ["/shop/cart", "/shop/checkout", "/shop/account", &format!("/shop/orders/{}", "b".repeat(64))]
    {
        let res = app.get("t0001.platform.test", path).await;
        assert_eq!(res.header("cache-control"), Some("private, no-store"), "{path}: {res:?}");
    }
    assert!(app.state.pages.is_empty().await, "a shopper's page went into the cache");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cached_page_of_one_store_is_never_served_for_another() {
    let app = spawn_app().await;

    for _ in 0..2 {
        assert_product_list_of(&app.get("t0001.platform.test", "/shop/products").await, 1);
        assert_product_list_of(&app.get("t0002.platform.test", "/shop/products").await, 2);
        assert_product_list_of(&app.get("shop-0003.test", "/shop/products").await, 3);
        assert_product_list_of(&app.get(PLATFORM, "/stores/t0004/shop/products").await, 4);
        assert_product_list_of(&app.get(PLATFORM, "/stores/t0005/shop/products").await, 5);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cached_page_keeps_the_links_of_the_mode_it_was_rendered_for() {
    let app = spawn_app().await;

    for _ in 0..2 {
        let sub = app.get("t0001.platform.test", "/shop/products").await;
        assert_eq!(sub.status, 200);
        assert!(sub.body.contains(r#"href="/shop/products/1""#));
        let path = app.get(PLATFORM, "/stores/t0001/shop/products").await;
        assert_eq!(path.status, 200);
        assert!(path.body.contains(r#"href="/stores/t0001/shop/products/1""#));
        assert!(!path.body.contains(r#"href="/shop/products/1""#), "path mode got the subdomain page");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_hosts_leave_nothing_in_the_page_cache() {
    let app = spawn_app().await;

    for host in ["nostore-0001.test", "t1001.platform.test", "a.t0001.platform.test"] {
        assert_eq!(app.get(host, "/shop/products").await.status, 404);
    }

    assert!(app.state.pages.is_empty().await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cached_pages_are_sent_compressed_as_accepted_and_revalidated_by_etag() {
    use std::io::Read;
    let app = spawn_app().await;
    let plain = app.get("t0001.platform.test", "/shop/products").await;
    assert_eq!(plain.header("content-encoding"), None, "a client that asks for nothing gets plain bytes");
    let etag = plain.header("etag").expect("an entity tag").to_string();

    for (accept, coding) in [("gzip, deflate, br", "br"), ("gzip", "gzip"), ("br;q=0, gzip", "gzip")] {
        let res = app.get("t0001.platform.test", "/shop/products").header("Accept-Encoding", accept).await;
        assert_eq!((res.status, res.header("content-encoding")), (200, Some(coding)), "{accept}");
        assert_eq!(res.header("vary"), Some("accept-encoding"));
        assert_eq!(res.header("etag"), Some(etag.as_str()), "one tag for one page, whatever the coding");
        let mut decoded = Vec::new();
        match coding {
            "br" => brotli::Decompressor::new(&res.bytes[..], 4096).read_to_end(&mut decoded),
            _ => flate2::read::GzDecoder::new(&res.bytes[..]).read_to_end(&mut decoded),
        }
        .expect("a well-formed body");
        assert_eq!(String::from_utf8(decoded).unwrap(), plain.body, "{accept}");
        assert!(
            res.bytes.len() * 3 < plain.body.len(),
            "{coding}: {} of {}",
            res.bytes.len(),
            plain.body.len()
        );
    }

    let again = app.get("t0001.platform.test", "/shop/products").header("If-None-Match", &etag).await;
    assert_eq!((again.status, again.body.as_str()), (304, ""));
    assert_eq!(again.header("etag"), Some(etag.as_str()));
    let other = app.get("t0002.platform.test", "/shop/products").header("If-None-Match", &etag).await;
    assert_eq!(other.status, 200, "another store's page has another tag");
    add_product(&app, "Changed Mug").await;
    app.invalidate("t0001", &["shop-0001.test"]).await;
    let changed = app.get("t0001.platform.test", "/shop/products").header("If-None-Match", &etag).await;
    assert_eq!(changed.status, 200, "a changed page is sent again");
    assert!(changed.body.contains("Changed Mug"));
}

/// The body of `res`, decoded from its `Content-Encoding`.
fn decoded(res: &Response) -> String {
    use std::io::Read;
    let mut out = Vec::new();
    match res.header("content-encoding") {
        Some("br") => brotli::Decompressor::new(&res.bytes[..], 4096).read_to_end(&mut out),
        Some("gzip") => flate2::read::GzDecoder::new(&res.bytes[..]).read_to_end(&mut out),
        other => panic!("not compressed ({other:?}): {res:?}"),
    }
    .expect("a well-formed body");
    String::from_utf8(out).expect("text")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_the_cache_does_not_keep_are_sent_compressed_too() {
    let app = spawn_app().await;
    let admin = app.admin_session("root@platform.test").await;
    for (host, path, cookie) in [
        ("t0001.platform.test", "/shop/cart", None), // a shopper's own page
        (ADMIN_HOST, "/stores", Some(admin.cookie.as_str())), // the console
    ] {
        let get = |accept: Option<&str>| {
            let mut req = app.get(host, path);
            if let Some(c) = cookie {
                req = req.header("Cookie", c);
            }
            if let Some(a) = accept {
                req = req.header("Accept-Encoding", a);
            }
            req
        };
        let plain = get(None).await;
        assert_eq!((plain.status, plain.header("content-encoding")), (200, None), "{path}");
        for (accept, coding) in [("gzip, deflate, br", "br"), ("gzip", "gzip")] {
            let res = get(Some(accept)).await;
            assert_eq!((res.status, res.header("content-encoding")), (200, Some(coding)), "{path}, {accept}");
            assert_eq!(res.header("vary"), Some("accept-encoding"), "{path}");
            assert!(res.header("x-cache").is_none(), "{path} was not the cache's");
            let page = decoded(&res);
            assert!(page.starts_with("<!DOCTYPE html>") && page.contains("</html>"), "{path}: whole: {page}");
            assert!(
                res.bytes.len() * 3 < page.len() * 2,
                "{path} {coding}: {} of {}",
                res.bytes.len(),
                page.len()
            );
        }
    }
    assert!(app.state.pages.is_empty().await);

    let uncached = spawn_app_configured(|c| c.page_cache_bytes = 0).await;
    let res = uncached.get("t0001.platform.test", "/shop/products").header("Accept-Encoding", "br").await;
    assert_eq!(res.header("content-encoding"), Some("br"), "with the cache off: {res:?}");
    assert_product_list_of(&Response { body: decoded(&res), ..res }, 1);
}
