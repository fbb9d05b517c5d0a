//! Only what a route declares shared is kept and served to everyone, under a key that a
//! port, an unread parameter or `HEAD` does not change; a cold page is rendered once for
//! all who wait on it; a body too long to keep is sent whole. The routes counted here exist
//! only in these tests' servers (`AppConfig::extra_routes`), inside every layer.

use std::{
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    },
    time::Duration,
};

use arcade::server::{http::public_routes::PublicRoute, startup::ExtraRoutes};
use axum::{
    http::header,
    response::{Html, IntoResponse},
    routing::get,
    Router,
};

use crate::helpers::*;

const STORE: &str = "t0001.platform.test";

/// A page that counts its renders and takes a while, so concurrent requests overlap.
fn counted(
    renders: &Arc<AtomicUsize>,
    body: String,
) -> axum::routing::MethodRouter<arcade::server::state::AppState> {
    let renders = renders.clone();
    get(move || {
        let (renders, body) = (renders.clone(), body.clone());
        async move {
            renders.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(300)).await;
            Html(body)
        }
    })
}

fn page(text: &str) -> String {
    format!("<!DOCTYPE html><html><head></head><body>{}</body></html>", text.repeat(40))
}

async fn app_with(routes: Router<arcade::server::state::AppState>, public: Vec<PublicRoute>) -> TestApp {
    spawn_app_configured(move |c| {
        c.extra_routes = Some(ExtraRoutes(routes));
        c.extra_public_routes = public;
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_storefront_route_nobody_declared_is_private_and_never_kept() {
    let renders = Arc::new(AtomicUsize::new(0));
    let app =
        app_with(Router::new().route("/shop/lookbook", counted(&renders, page("Lookbook"))), vec![]).await;

    for n in 1..=2 {
        let res = app.get(STORE, "/shop/lookbook").await;
        assert_eq!(res.status, 200);
        assert!(res.body.contains("Lookbook"));
        assert_eq!(res.header("cache-control"), Some("private, no-store"), "{res:?}");
        assert_eq!(res.header("x-cache"), None);
        assert_eq!(renders.load(Ordering::SeqCst), n, "rendered for each request");
    }
    assert!(app.state.pages.is_empty().await, "nothing undeclared went into the cache");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cold_page_is_rendered_once_for_every_request_waiting_on_it() {
    let renders = Arc::new(AtomicUsize::new(0));
    let routes = Router::new().route("/shop/lookbook", counted(&renders, page("Lookbook")));
    let app = app_with(routes, vec![PublicRoute::page("/shop/lookbook", &[])]).await;

    let asks = (0..12).map(|_| app.get(STORE, "/shop/lookbook").send());
    let answers = futures::future::join_all(asks).await;

    assert_eq!(renders.load(Ordering::SeqCst), 1, "one render for twelve requests");
    let mut misses = 0;
    for res in &answers {
        assert_eq!((res.status, res.body.as_str()), (200, answers[0].body.as_str()));
        assert_eq!(res.header("cache-control"), None, "declared shared: {res:?}");
        misses += usize::from(res.header("x-cache") == Some("miss"));
    }
    assert_eq!(misses, 1, "the others were answered with what the first one rendered");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_waiting_on_an_answer_that_is_not_kept_are_answered_for_themselves() {
    let renders = Arc::new(AtomicUsize::new(0));
    let counter = renders.clone();
    let own = get(move || {
        let renders = counter.clone();
        async move {
            let n = renders.fetch_add(1, Ordering::SeqCst) + 1;
            tokio::time::sleep(Duration::from_millis(300)).await;
            ([(header::SET_COOKIE, format!("visit={n}"))], Html(page(&format!("Visit {n} "))))
        }
    });
    let app =
        app_with(Router::new().route("/shop/hello", own), vec![PublicRoute::page("/shop/hello", &[])]).await;

    let asks = (0..6).map(|_| app.get(STORE, "/shop/hello").send());
    let answers = futures::future::join_all(asks).await;

    assert_eq!(renders.load(Ordering::SeqCst), 6, "each request got its own answer");
    let mut visits: Vec<String> = answers
        .iter()
        .map(|res| {
            assert_eq!(res.status, 200);
            assert_eq!(res.header("cache-control"), Some("private, no-store"), "it sets a cookie");
            let cookie = res.header("set-cookie").expect("its own cookie").to_string();
            assert!(res.body.contains(&format!("Visit {} ", &cookie["visit=".len()..])), "its own page");
            cookie
        })
        .collect();
    visits.sort();
    visits.dedup();
    assert_eq!(visits.len(), 6, "no answer was handed to another request");
    assert!(app.state.pages.is_empty().await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_port_or_a_parameter_no_page_reads_is_the_same_entry() {
    let app = spawn_app().await;
    // The first render is asked for with a port and a parameter of the client's choosing.
    let first = app.get("t0002.platform.test:6666", "/shop/products?utm_source=x6666&cb=6666").await;
    assert_product_list_of(&first, 2);
    assert_eq!(first.header("x-cache"), Some("miss"));
    assert!(!first.body.contains("6666"), "the page carries nothing of what the client chose");

    for (host, path) in [
        ("t0002.platform.test", "/shop/products"),
        ("t0002.platform.test:1234", "/shop/products"),
        ("t0002.platform.test", "/shop/products?cb=123"),
    ] {
        let res = app.get(host, path).await;
        assert_eq!((res.status, res.header("x-cache")), (200, Some("hit")), "{host}{path}");
        assert_eq!(res.body, first.body, "{host}{path}");
    }
    let ordered = app.get("t0002.platform.test", "/shop/products?sort=price_asc&page=2&q=a").await;
    assert_eq!(ordered.header("x-cache"), Some("miss"));
    let reordered = app.get("t0002.platform.test", "/shop/products?q=a&x=1&page=2&sort=price_asc").await;
    assert_eq!(reordered.header("x-cache"), Some("hit"), "the parameters a page reads, in any order");
    assert_eq!(reordered.body, ordered.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn head_is_answered_from_the_cached_get_without_a_body() {
    let app = spawn_app().await;
    let get = app.get(STORE, "/shop/products").await;
    assert_eq!(get.header("x-cache"), Some("miss"));

    let head = app.request("HEAD", STORE, "/shop/products").await;
    assert_eq!((head.status, head.header("x-cache"), head.body.as_str()), (200, Some("hit"), ""));
    assert_eq!(head.header("content-length"), Some(get.bytes.len().to_string().as_str()));
    assert_eq!(head.header("etag"), get.header("etag"));

    let cold = app.request("HEAD", STORE, "/shop/products/1").await;
    assert_eq!((cold.status, cold.header("x-cache"), cold.body.as_str()), (200, Some("miss"), ""));
    let filled = app.get(STORE, "/shop/products/1").await;
    assert_eq!(filled.header("x-cache"), Some("hit"), "a HEAD miss filled the entry from a GET render");
    assert!(filled.body.contains("</html>"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_too_long_to_keep_or_hash_whole_is_sent_as_it_is() {
    let renders = Arc::new(AtomicUsize::new(0));
    let long = page(&"Long page. ".repeat(4_000)); // about 1.7 MB: over what the cache keeps
    let huge = page(&"Huge page. ".repeat(40_000)); // about 17 MB: over what a page policy hashes
    let routes = Router::new().route("/shop/long", counted(&renders, long.clone())).route(
        "/shop/huge",
        get({
            let huge = huge.clone();
            move || async move { Html(huge).into_response() }
        }),
    );
    let app = app_with(routes, vec![PublicRoute::page("/shop/long", &[])]).await;

    for n in 1..=2 {
        for accept in [None, Some("br, gzip")] {
            let mut req = app.get(STORE, "/shop/long");
            if let Some(a) = accept {
                req = req.header("Accept-Encoding", a);
            }
            let res = req.await;
            assert_eq!(res.status, 200, "{accept:?}");
            assert_eq!(res.header("x-cache"), None, "not kept");
            assert!(res.body == long, "every byte, in order ({} of {})", res.body.len(), long.len());
        }
        assert_eq!(renders.load(Ordering::SeqCst), 2 * n, "rendered again each time");
    }
    let res = app.get(STORE, "/shop/huge").await;
    assert_eq!(res.status, 200);
    assert!(res.body == huge, "every byte ({} of {})", res.body.len(), huge.len());
    assert!(
        res.header("content-security-policy").is_some_and(|p| p.contains("script-src")),
        "{:?}",
        res.header("content-security-policy")
    );
    assert!(app.state.pages.is_empty().await);
}
