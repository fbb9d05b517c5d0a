//! Per-store SEO: robots.txt, sitemap.xml and the head tags of storefront pages, every URL
//! on the store's canonical origin whichever way the page was reached.

use arcade::server::db::products::{self, NewProduct};

use crate::helpers::*;

/// The `href` of the page's canonical link.
fn canonical(res: &Response) -> &str {
    let link = res
        .body
        .split("<link ")
        .skip(1)
        .map(|tag| &tag[..tag.find('>').unwrap()])
        .find(|tag| tag.contains(r#"rel="canonical""#))
        .unwrap_or_else(|| panic!("no canonical link: {}", res.body));
    let href = &link[link.find(r#"href=""#).expect("an href") + 6..];
    &href[..href.find('"').unwrap()]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_copy_of_a_page_names_the_primary_domain_as_canonical() {
    let app = spawn_app().await;
    // Store 1 has the primary custom domain shop-0001.test; store 500 has none.
    for (host, path, expected) in [
        ("t0001.platform.test", "/shop/products", "http://shop-0001.test/shop/products"),
        ("shop-0001.test", "/shop/products?sort=price_desc&q=mug", "http://shop-0001.test/shop/products"),
        (PLATFORM, "/stores/t0001/shop/products/3", "http://shop-0001.test/shop/products/3"),
        (PLATFORM, "/stores/t0500/", "http://t0500.platform.test/"),
        ("t0500.platform.test", "/shop/products?page=2", "http://t0500.platform.test/shop/products?page=2"),
    ] {
        let res = app.get(host, path).await;
        assert_eq!(res.status, 200, "{host}{path}");
        assert_eq!(canonical(&res), expected, "{host}{path}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_carry_a_description_and_open_graph_tags() {
    let app = spawn_app().await;

    let product = app.get("t0002.platform.test", "/shop/products/25").await;

    let body = &product.body;
    assert!(body.contains(r#"<meta name="description" content="Item 05 from store t0002: a hand-picked product with free shipping and 30-day returns."#), "{body}");
    assert!(body.contains(r#"<meta property="og:type" content="product""#));
    assert!(body.contains(r#"<meta property="og:url" content="http://shop-0002.test/shop/products/25""#));
    assert!(body.contains(r#"<meta property="og:site_name" content="Store 0002""#));
    let home = app.get("t0002.platform.test", "/").await;
    assert!(home.body.contains(r#"<meta property="og:type" content="website""#));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn markup_in_a_product_description_stays_text_in_the_head() {
    let app = spawn_app().await;
    let store = app.store_id("t0001").await;
    let evil = r#"x" onload="alert(1)"><script>alert(2)</script>"#;
    let new = NewProduct { name: "Evil".into(), description: evil.into(), price_cents: 100, stock: Some(1) };
    let id = products::create(&mut *app.conn().await, store, &new).await.unwrap().id;

    let res = app.get("t0001.platform.test", &format!("/shop/products/{id}")).await;

    assert_eq!(res.status, 200);
    let escaped = "x&quot; onload=&quot;alert(1)&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;";
    assert!(res.body.contains(&format!(r#"<meta name="description" content="{escaped}">"#)), "{}", res.body);
    assert!(res.body.contains(&format!(r#"<meta property="og:description" content="{escaped}">"#)));
    assert!(!res.body.contains("<script>alert(2)"), "markup was injected");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn robots_txt_allows_the_declared_pages_and_points_to_the_sitemap_on_the_canonical_origin() {
    let app = spawn_app().await;

    let res = app.get("t0001.platform.test", "/robots.txt").await;

    assert_eq!(res.status, 200);
    assert_eq!(res.header("content-type"), Some("text/plain; charset=utf-8"));
    // Crawlers may read what the storefront declares shared, and nothing else.
    for allowed in ["Allow: /$\n", "Allow: /shop/products\n", "Allow: /pkg/\n", "Allow: /sitemap.xml\n"] {
        assert!(res.body.contains(allowed), "{allowed:?} in {}", res.body);
    }
    assert!(res.body.contains("\nDisallow: /\n"), "{}", res.body);
    assert!(!res.body.contains("/shop/cart") && !res.body.contains("/api/"), "{}", res.body);
    assert!(res.body.ends_with("Sitemap: http://shop-0001.test/sitemap.xml\n"), "{}", res.body);
    let platform = app.get(PLATFORM, "/robots.txt").await;
    assert!(platform.body.contains("Disallow: /store/\n"), "{}", platform.body);
    assert_eq!(app.get("unknown.test", "/robots.txt").await.status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sitemap_lists_the_stores_pages_and_only_its_products() {
    let app = spawn_app().await;

    let res = app.get(PLATFORM, "/stores/t0500/sitemap.xml").await;

    assert_eq!(res.status, 200);
    assert_eq!(res.header("content-type"), Some("application/xml; charset=utf-8"));
    let locs: Vec<&str> = res.body.split("<loc>").skip(1).map(|s| &s[..s.find("</loc>").unwrap()]).collect();
    let mut expected = vec![
        "http://t0500.platform.test/".to_string(),
        "http://t0500.platform.test/shop/products".to_string(),
    ];
    expected.extend(
        product_ids_of(500).iter().map(|id| format!("http://t0500.platform.test/shop/products/{id}")),
    );
    assert_eq!(locs, expected);
    assert_eq!(app.get("t0500.platform.test", "/sitemap.xml?page=2").await.status, 404, "one file only");
    assert_eq!(app.get("t0500.platform.test", "/sitemap.xml?page=0").await.status, 404);
}

/// The text of the page's one JSON-LD block, as the HTML parser ends it (at the first `</script`).
fn json_ld(body: &str) -> &str {
    const OPEN: &str = r#"<script type="application/ld+json">"#;
    assert_eq!(body.matches(OPEN).count(), 1, "one JSON-LD block: {body}");
    let start = body.find(OPEN).unwrap() + OPEN.len();
    let len = body[start..].to_ascii_lowercase().find("</script").expect("the block ends");
    &body[start..start + len]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_product_page_has_its_title_and_structured_data() {
    let app = spawn_app().await;

    let res = app.get("t0002.platform.test", "/shop/products/25").await;

    assert_eq!(res.status, 200);
    let product = bench_product(2, 5);
    assert!(
        res.body.contains(r#"<meta property="og:title" content="Product 05 of Store 0002""#),
        "{}",
        res.body
    );
    let data: serde_json::Value = serde_json::from_str(json_ld(&res.body)).expect("JSON");
    let url = "http://shop-0002.test/shop/products/25";
    assert_eq!(data["@context"], "https://schema.org");
    assert_eq!(data["@type"], "Product");
    assert_eq!(data["name"], product["name"]);
    assert_eq!(data["description"], product["description"]);
    assert_eq!(data["sku"], "25");
    assert_eq!(data["url"], url);
    assert!(data.get("image").is_none(), "the bench products have no image");
    let cents = product["price_cents"].as_i64().unwrap();
    assert_eq!(
        data["offers"],
        serde_json::json!({
            "@type": "Offer",
            "price": format!("{}.{:02}", cents / 100, cents % 100),
            "priceCurrency": "USD",
            "availability": "https://schema.org/InStock",
            "url": url,
        })
    );
    let home = app.get("t0002.platform.test", "/").await;
    assert!(home.body.contains(r#"<meta property="og:title" content="Store 0002""#));
    assert!(!home.body.contains("application/ld+json"), "structured data is a product's");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hostile_product_name_stays_inside_the_structured_data() {
    let app = spawn_app().await;
    let store = app.store_id("t0001").await;
    let evil = "</script><script>alert(1)</script><!-- & </SCRIPT >";
    let new = NewProduct { name: evil.into(), description: String::new(), price_cents: 100, stock: Some(0) };
    let id = products::create(&mut *app.conn().await, store, &new).await.unwrap().id;

    let res = app.get("t0001.platform.test", &format!("/shop/products/{id}")).await;

    assert_eq!(res.status, 200);
    let data: serde_json::Value = serde_json::from_str(json_ld(&res.body)).expect("the block is whole JSON");
    assert_eq!(data["name"], evil);
    assert_eq!(data["offers"]["availability"], "https://schema.org/OutOfStock");
    assert!(data.get("description").is_none(), "no empty description");
    assert!(!res.body.contains("<script>alert(1)"), "markup was injected");
    assert!(!res.body.contains("<!-- &"), "a comment was opened");
    let policy = res.header("content-security-policy").expect("a policy");
    assert!(!policy.contains("unsafe-inline"), "the data block needs no exception: {policy}");
}
