//! The HTML of one page of each kind, as snapshots (`tests/api/snapshots/`): a change to
//! any page's markup fails here until its new snapshot is reviewed and committed with it.
//!
//! To accept a change: `INSTA_UPDATE=always cargo test --features ssr --test api page_markup`,
//! then read the diff of `tests/api/snapshots/` before committing it (or `cargo insta review`).
//!
//! The server runs on an empty site root, so the pages name the plain bundle files whatever
//! a local build left in `target/site`; a per-render nonce is written as `…`.

use crate::helpers::{product_ids_of, spawn_app_with_site, TestApp, ADMIN_HOST, DASHBOARD_HOST, PLATFORM};

const STORE: &str = "t0001.platform.test";

/// The page's HTML with one tag per line, so a snapshot's diff points at the tag that
/// changed; its nonces (fresh on every render) and the hashes in islands' names (a hash of
/// the island's code, which any edit to it changes) as `…`.
fn markup(html: &str) -> String {
    let html = html.replace("><", ">\n<");
    let html = elide_values(&html, "nonce=\"", |value| (0, value.len()));
    elide_values(&html, "data-component=\"", |value| match value.rfind('_') {
        Some(at) if value[at + 1..].bytes().all(|b| b.is_ascii_digit()) => (at + 1, value.len()),
        _ => (value.len(), value.len()),
    })
}

/// `text` with, in each attribute value that follows `attribute`, the range `part` picks
/// written as `…`.
fn elide_values(text: &str, attribute: &str, part: impl Fn(&str) -> (usize, usize)) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(attribute).map(|i| i + attribute.len()) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let value = &rest[..rest.find('"').unwrap_or(rest.len())];
        let (from, to) = part(value);
        out.push_str(&value[..from]);
        if from < to {
            out.push('…');
        }
        out.push_str(&value[to..]);
        rest = &rest[value.len()..];
    }
    out.push_str(rest);
    out
}

/// The page at `path` on `host` (with `cookie`, if any), which must answer `status`.
async fn page(app: &TestApp, host: &str, path: &str, cookie: Option<&str>, status: u16) -> String {
    let mut req = app.get(host, path);
    if let Some(cookie) = cookie {
        req = req.header("Cookie", cookie);
    }
    let res = req.await;
    assert_eq!(res.status, status, "{host}{path}: {}", res.body);
    markup(&res.body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_of_page_keeps_its_markup() {
    let site = tempfile::tempdir().expect("an empty site root");
    let app = spawn_app_with_site(site.path()).await;
    // The console shows when each store was created: the seed's time, today.
    sqlx::query("UPDATE stores SET created_at = 1765065600").execute(&app.db.pool).await.unwrap();
    let product = product_ids_of(1)[0];

    let storefront = [
        ("storefront_home", "/".to_string(), 200),
        ("storefront_products", "/shop/products".to_string(), 200),
        ("storefront_product", format!("/shop/products/{product}"), 200),
        ("storefront_cart", "/shop/cart".to_string(), 200),
        ("storefront_not_found", "/no-such-page".to_string(), 404),
    ];
    for (name, path, status) in storefront {
        insta::assert_snapshot!(name, page(&app, STORE, &path, None, status).await);
    }
    insta::assert_snapshot!("platform_home", page(&app, PLATFORM, "/", None, 200).await);
    insta::assert_snapshot!("console_sign_in", page(&app, ADMIN_HOST, "/login", None, 200).await);

    let admin = app.admin_session("snapshots@arcade.test").await;
    insta::assert_snapshot!(
        "console_stores",
        page(&app, ADMIN_HOST, "/stores", Some(&admin.cookie), 200).await
    );
    let owner = app.member_session("owner@snapshots.test", "t0001", "owner").await;
    insta::assert_snapshot!(
        "dashboard_products",
        page(&app, DASHBOARD_HOST, "/store/t0001/products", Some(&owner.cookie), 200).await
    );
}

#[test]
fn nonces_and_island_hashes_are_elided_and_tags_one_per_line() {
    assert_eq!(
        markup(r#"<p>a_1</p><script nonce="abc123">x</script><style nonce="z9">y</style>"#),
        "<p>a_1</p>\n<script nonce=\"…\">x</script>\n<style nonce=\"…\">y</style>"
    );
    assert_eq!(
        markup(r#"<leptos-island data-component="CartLink_1403437"><x data-component="Plain_name">"#),
        "<leptos-island data-component=\"CartLink_…\">\n<x data-component=\"Plain_name\">"
    );
    assert_eq!(markup("<p>no nonce</p>"), "<p>no nonce</p>");
}
