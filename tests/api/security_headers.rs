//! Security headers: every kind of answer carries them, pages get a policy that allows
//! exactly their own inline script and style (also when served from the page cache),
//! uploads keep their sandbox, and HSTS is sent only behind a trusted TLS proxy.

use base64::{engine::general_purpose::STANDARD, Engine as _};
use sha2::{Digest, Sha256};

use crate::helpers::*;

const PERMISSIONS: &str = "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), \
    hid=(), magnetometer=(), microphone=(), midi=(), payment=(), serial=(), usb=()";
const NOTHING_ALLOWED: &str =
    "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The headers every answer carries, whatever it is.
fn assert_common_headers(res: &Response, what: &str) {
    assert_eq!(res.header("x-content-type-options"), Some("nosniff"), "{what}");
    assert_eq!(res.header("referrer-policy"), Some("strict-origin-when-cross-origin"), "{what}");
    assert_eq!(res.header("permissions-policy"), Some(PERMISSIONS), "{what}");
    assert_eq!(res.header("x-frame-options"), Some("DENY"), "{what}");
    assert_eq!(res.header("strict-transport-security"), None, "{what}: no TLS, no HSTS");
    assert_eq!(res.headers.iter().filter(|(k, _)| k == "content-security-policy").count(), 1, "{what}");
}

/// `'sha256-…'` of each `<tag>` element's content in `html` that the browser would apply:
/// scripts without `src` and not a JSON data block (the site's, a product's JSON-LD),
/// every style.
fn inline_hashes(html: &str, tag: &str) -> Vec<String> {
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(&open) {
        let after = &rest[at + open.len()..];
        let end_of_tag = after.find('>').expect("a complete tag");
        let attributes = &after[..end_of_tag];
        let content = &after[end_of_tag + 1..];
        let len = content.find(&close).expect("a closed element");
        let data_block = ["application/json", "application/ld+json"].iter().any(|t| attributes.contains(t));
        if !attributes.contains("src=") && !data_block {
            hashes.push(format!("'sha256-{}'", STANDARD.encode(Sha256::digest(&content.as_bytes()[..len]))));
        }
        rest = &content[len..];
    }
    hashes
}

/// The policy a rendered page must have: its own inline scripts and styles, nothing else.
fn page_policy(res: &Response, images: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {}; style-src 'self' {}; \
         img-src 'self' data:{images}; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'",
        inline_hashes(&res.body, "script").join(" "),
        inline_hashes(&res.body, "style").join(" "),
    )
}

fn assert_page_policy(res: &Response, images: &str, what: &str) {
    assert_common_headers(res, what);
    let scripts = inline_hashes(&res.body, "script");
    assert!(!scripts.is_empty(), "{what}: the hydration script (and Leptos' data, if any): {}", res.body);
    assert_eq!(inline_hashes(&res.body, "style").len(), 1, "{what}: the theme");
    assert_eq!(res.header("content-security-policy"), Some(page_policy(res, images).as_str()), "{what}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn storefront_page_allows_its_own_inline_code_fresh_and_from_the_page_cache() {
    let app = spawn_app().await;
    let fresh = app.get("t0001.platform.test", "/shop/products").await;
    assert_product_list_of(&fresh, 1);
    assert!(!app.state.pages.is_empty().await, "precondition: the page went into the cache");
    let cached = app.get("t0001.platform.test", "/shop/products").await;

    assert_page_policy(&fresh, "", "fresh page");
    assert_page_policy(&cached, "", "cached page");
    assert_eq!(cached.body, fresh.body);
    assert_eq!(cached.header("content-security-policy"), fresh.header("content-security-policy"));
    let other = app.get("t0002.platform.test", "/shop/products").await;
    assert_page_policy(&other, "", "another store");
    assert_ne!(
        other.header("content-security-policy"),
        fresh.header("content-security-policy"),
        "another theme and other data, other hashes"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn storefront_pages_in_every_mode_carry_a_page_policy() {
    let app = spawn_app().await;
    for (host, path) in [
        ("t0001.platform.test", "/"),
        ("shop-0001.test", "/shop/products/3"),
        (PLATFORM, "/stores/t0001/shop/products"),
        (PLATFORM, "/"),
    ] {
        let res = app.get(host, path).await;
        assert_eq!(res.status, 200, "{host}{path}");
        assert_page_policy(&res, "", &format!("{host}{path}"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn console_page_may_show_logos_from_the_platform_host() {
    let app = spawn_app().await;
    let admin = app.admin_session("root@platform.test").await;

    let res = app.get(ADMIN_HOST, "/stores").header("Cookie", &admin.cookie).await;
    let sign_in = app.get(ADMIN_HOST, "/login").await;

    assert_eq!(res.status, 200, "{}", res.body);
    assert_page_policy(&res, " http://platform.test", "console");
    assert_eq!(sign_in.status, 200, "{}", sign_in.body);
    assert_page_policy(&sign_in, " http://platform.test", "sign-in");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dashboard_page_carries_the_store_theme_in_its_policy() {
    let app = spawn_app().await;
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;

    let res = app.get(DASHBOARD_HOST, "/store/t0001/products").header("Cookie", &owner.cookie).await;

    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.body.contains(&format!("--primary-color:{}", primary_color(1))));
    assert_page_policy(&res, " http://platform.test", "dashboard");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_answers_allow_nothing() {
    let app = spawn_app().await;
    for (path, status) in [("/api/v1/products", 200), ("/api/wallet/balance", 403)] {
        let res = app.get("t0001.platform.test", path).await;
        assert_eq!(res.status, status, "{path}");
        assert_common_headers(&res, path);
        assert_eq!(res.header("content-security-policy"), Some(NOTHING_ALLOWED), "{path}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn not_found_pages_allow_only_their_own_style() {
    let app = spawn_app().await;

    let plain = app.get("nostore.test", "/shop/products").await;
    assert_eq!(plain.status, 404);
    assert_common_headers(&plain, "unknown host");
    let style = inline_hashes(&plain.body, "style");
    assert_eq!(inline_hashes(&plain.body, "script"), Vec::<String>::new());
    assert_eq!(
        plain.header("content-security-policy"),
        Some(
            format!(
                "default-src 'none'; style-src {}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
                style[0]
            )
            .as_str()
        )
    );

    let in_store = app.get("t0001.platform.test", "/shop/products/21").await;
    assert_eq!(in_store.status, 404, "another store's product");
    assert_page_policy(&in_store, "", "404 inside a store");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_keep_their_sandbox_policy() {
    let app = spawn_app().await;
    let id = app.store_id("t0001").await;
    let name = "0123456789abcdef0123456789abcdef.png";
    let dir = app.state.images.uploads_dir.join(id.get().to_string());
    std::fs::create_dir_all(&dir).expect("the store's upload folder");
    std::fs::write(dir.join(name), b"\x89PNG\r\n\x1a\n....").expect("an uploaded file");

    let res = app.get("t0001.platform.test", &format!("/uploads/{name}")).await;

    assert_eq!(res.status, 200);
    assert_common_headers(&res, "upload");
    assert_eq!(res.header("content-security-policy"), Some("default-src 'none'; sandbox"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hsts_is_sent_only_when_a_trusted_proxy_says_https() {
    let proxied = spawn_app_trusting(vec!["127.0.0.1".parse().unwrap()]).await;
    for path in ["/shop/products", "/shop/products", "/api/v1/products", "/nowhere"] {
        let res = proxied.get("t0001.platform.test", path).header("X-Forwarded-Proto", "https").await;
        assert_eq!(res.header("strict-transport-security"), Some("max-age=31536000"), "{path}");
    }
    let plain = proxied.get("t0001.platform.test", "/shop/products").await;
    assert_eq!(plain.header("strict-transport-security"), None, "the proxy says nothing: plain HTTP");
    let http = proxied.get("t0001.platform.test", "/shop/products").header("X-Forwarded-Proto", "http").await;
    assert_eq!(http.header("strict-transport-security"), None, "the proxy says http");

    let direct = spawn_app().await;
    let res = direct.get("t0001.platform.test", "/shop/products").header("X-Forwarded-Proto", "https").await;
    assert_eq!(res.status, 200);
    assert_eq!(res.header("strict-transport-security"), None, "from a peer that is not a trusted proxy");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redirects_and_ops_answers_carry_the_headers_too() {
    let app = spawn_app().await;
    for (host, path, status) in [
        ("www.platform.test", "/", 308),
        (ADMIN_HOST, "/stores", 303),
        (PLATFORM, "/health", 200),
        ("bad_host!", "/", 400),
    ] {
        let res = app.get(host, path).await;
        assert_eq!(res.status, status, "{host}{path}");
        assert_common_headers(&res, &format!("{host}{path}"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn markup_in_a_product_name_is_escaped_and_never_allowed() {
    use arcade::server::db::products::{self, NewProduct};
    let app = spawn_app().await;
    let store = app.store_id("t0001").await;
    let evil = "</title><script>alert(1)</script>";
    let new = NewProduct { name: evil.into(), description: evil.into(), price_cents: 100, stock: None };
    let id = products::create(&mut *app.conn().await, store, &new).await.expect("create a product").id;

    let res = app.get("t0001.platform.test", &format!("/shop/products/{id}")).await;

    assert_eq!(res.status, 200);
    assert!(!res.body.contains("<script>alert(1)"), "the name is text, in the title too");
    assert!(res.body.contains("<title>&lt;/title>&lt;script>alert(1)&lt;/script> | Store 0001</title>"));
    let policy = res.header("content-security-policy").expect("a policy");
    let hash = format!("'sha256-{}'", STANDARD.encode(Sha256::digest(b"alert(1)")));
    assert!(!policy.contains(&hash), "had it got through, the script would still be blocked: {policy}");
    assert!(!policy.contains("unsafe-inline"), "{policy}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logos_on_the_configured_image_origin_show_and_no_other_origin_is_allowed() {
    let app =
        spawn_app_configured(|c| c.image_origin = Some("https://cdn.platform.test".parse().unwrap())).await;
    // Logos that only look as if they were on the image origin.
    for (code, logo) in [
        ("t0002", "https://cdn.platform.test.evil.test/logos/t0002.png"),
        ("t0003", "https://cdn.platform.test@evil.test/logos/t0003.png"),
        ("t0004", "https://cdn.platform.test/logo.png\" onerror=\"alert(1)"),
    ] {
        sqlx::query("UPDATE stores SET logo_url = $1 WHERE code = $2")
            .bind(logo)
            .bind(code)
            .execute(&app.db.pool)
            .await
            .expect("set the logo");
    }

    let res = app.get("t0001.platform.test", "/shop/products").await;
    assert_eq!(res.status, 200);
    assert!(
        res.body.contains(r#"<img src="https://cdn.platform.test/logos/t0001.png" alt="Store 0001 logo""#),
        "the bench data's logo, on the image origin: {}",
        res.body
    );
    assert_page_policy(&res, " https://cdn.platform.test", "storefront");
    for code in ["t0002", "t0003", "t0004"] {
        let res = app.get(&format!("{code}.platform.test"), "/shop/products").await;
        assert_eq!(res.status, 200, "{code}");
        assert!(!res.body.contains("evil.test") && !res.body.contains("onerror"), "{code}: {}", res.body);
        assert!(res.body.contains(r#"class="initials">S0</span>"#), "{code}: the initials instead");
        assert_page_policy(&res, " https://cdn.platform.test", code);
    }
    // The console lists the logos too, and may also show uploads from the platform host.
    let admin = app.admin_session("root@platform.test").await;
    let res = app.get(ADMIN_HOST, "/stores?sort=code").header("Cookie", &admin.cookie).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.body.contains(r#"src="https://cdn.platform.test/logos/t0001.png""#), "console logo");
    assert!(!res.body.contains("evil.test"), "console: no look-alike logo");
    assert_page_policy(&res, " https://cdn.platform.test http://platform.test", "console");
}
