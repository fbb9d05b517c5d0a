//! Logo and product image uploads: what is accepted, where it is served, what is refused.

use crate::helpers::*;

/// A tiny valid PNG header followed by filler; the server recognises images by these bytes.
pub fn png() -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n".to_vec();
    b.extend_from_slice(&[7u8; 200]);
    b
}

/// A multipart body with one `file` field.
fn multipart(bytes: &[u8], filename: &str) -> (String, Vec<u8>) {
    let boundary = "arcadeTestBoundary7MA4YWxk";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

pub async fn upload(app: &TestApp, session: &Session, path: &str, bytes: &[u8], name: &str) -> Response {
    let (content_type, body) = multipart(bytes, name);
    app.post(&session.host, path)
        .header("Origin", &format!("http://{}", session.host))
        .header("Cookie", &session.cookie)
        .body(content_type.as_str(), body)
        .await
}

/// Asserts the upload was answered by a redirect back to the form's `page`, carrying
/// `Ok(notice)` or `Err((image, upload_error))`: the error names the store image whose form
/// it belongs to.
pub fn assert_back_to(res: &Response, page: &str, outcome: Result<&str, (&str, &str)>) {
    assert_eq!(res.status, 303, "upload answer: {res:?}");
    let query = match outcome {
        Ok(notice) => format!("notice={}", encode(notice)),
        Err((image, error)) => format!("upload_error={}&image={image}", encode(error)),
    };
    assert_eq!(res.location(), format!("{page}?{query}"));
}

/// Where the server keeps an image: the first 32 hex digits of its SHA-256.
fn upload_url(bytes: &[u8], ext: &str) -> String {
    use sha2::{Digest, Sha256};
    format!("/uploads/{}.{ext}", &hex::encode(Sha256::digest(bytes))[..32])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_uploads_a_logo_that_the_store_serves_on_its_own_hosts() {
    let app = spawn_app().await;
    let admin = app.admin_session("root@platform.test").await;
    let res = upload(&app, &admin, "/uploads/logo/t0001", &png(), "logo.png").await;
    assert_back_to(&res, "/stores/t0001", Ok("Logo updated"));

    let logo = app.store("t0001").await.logo_url.expect("a logo URL");
    assert_eq!(logo, upload_url(&png(), "png"));
    let file = app.get("t0001.platform.test", &logo).await;
    assert_eq!(file.status, 200);
    assert_eq!(file.header("content-type"), Some("image/png"));
    assert_eq!(file.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(app.get(PLATFORM, &format!("/stores/t0001{logo}")).await.status, 200, "path mode");
    assert_eq!(app.get("t0002.platform.test", &logo).await.status, 404, "another store's host");
    let home = app.get("t0001.platform.test", "/").await;
    assert_eq!(home.status, 200);
    assert!(home.body.contains(&logo), "the storefront shows the new logo");
}

/// The storefront header's logo: `Some(src)` of its `<img>`, `None` when there is none.
fn header_logo(res: &Response) -> Option<&str> {
    let brand = res.body.split("class=\"store-brand\"").nth(1).expect("a storefront header");
    let brand = &brand[..brand.find("</a>").expect("the brand link ends")];
    brand
        .split("<img")
        .nth(1)
        .map(|img| img.split("src=\"").nth(1).and_then(|s| s.split('"').next()).unwrap_or(""))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_whose_logo_file_is_gone_shows_its_initials() {
    let app = spawn_app().await;
    let admin = app.admin_session("root@platform.test").await;
    upload(&app, &admin, "/uploads/logo/t0001", &png(), "logo.png").await;
    let logo = app.store("t0001").await.logo_url.expect("a logo URL");
    let page = app.get("t0001.platform.test", "/shop/products").await;
    assert_eq!(header_logo(&page), Some(logo.as_str()), "precondition: the logo shows");

    let id = app.store_id("t0001").await;
    let file =
        app.state.images.uploads_dir.join(id.get().to_string()).join(logo.trim_start_matches("/uploads/"));
    std::fs::remove_file(file).expect("remove the logo file");
    // Files are checked when a store is loaded, not per request: load it again.
    app.invalidate("t0001", &["shop-0001.test"]).await;

    for (host, path) in [("t0001.platform.test", "/shop/products"), (PLATFORM, "/stores/t0001/")] {
        let res = app.get(host, path).await;
        assert_eq!(res.status, 200, "{host}{path}");
        assert_eq!(header_logo(&res), None, "{host}{path}: no <img> for a missing logo");
        assert!(!res.body.contains(&logo), "{host}{path}: the missing file is not referenced");
        assert!(
            res.body.contains(r#"<span role="img" aria-label="Store 0001" class="initials">S0</span>"#),
            "{host}{path}: the initials badge, named for the store"
        );
    }
    let console = app.get(ADMIN_HOST, "/stores/t0001").header("Cookie", &admin.cookie).await;
    assert_eq!(console.status, 200);
    assert!(!console.body.contains(&logo), "the console shows no broken preview either");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn svg_html_and_oversize_files_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let admin = app.admin_session("root@platform.test").await;
    let before = app.store("t0001").await.logo_url;
    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>";
    let not_an_image = "use a PNG, JPEG, WebP or GIF image (SVG is not accepted)";
    for (bytes, name, error) in [
        (svg.to_vec(), "logo.png", not_an_image),
        (b"<html><script>alert(1)</script></html>".to_vec(), "logo.gif", not_an_image),
        (
            {
                let mut big = png();
                big.resize(2 * 1024 * 1024 + 1, 0);
                big
            },
            "big.png",
            "the image is over 2 MB",
        ),
        (Vec::new(), "empty.png", "choose a file to upload"),
    ] {
        let res = upload(&app, &admin, "/uploads/logo/t0001", &bytes, name).await;
        assert_back_to(&res, "/stores/t0001", Err(("logo", error)));
    }
    assert_eq!(app.store("t0001").await.logo_url, before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn owners_set_images_of_their_own_products_only() {
    let app = spawn_app().await;
    let owner_a = app.member_session("a@owner.test", "t0001", "owner").await;
    let owner_b = app.member_session("b@owner.test", "t0002", "owner").await;

    let res = upload(&app, &owner_b, "/store/t0001/uploads/product/1", &png(), "p.png").await;
    assert_eq!(res.status, 403, "owner of t0002 on t0001's dashboard");
    let res = upload(&app, &owner_b, "/store/t0002/uploads/product/1", &png(), "p.png").await;
    assert_eq!(res.status, 404, "t0001's product id on t0002's dashboard");

    let res = upload(&app, &owner_a, "/store/t0001/uploads/product/1", &png(), "p.png").await;
    assert_back_to(&res, "/store/t0001/products/1", Ok("Image updated"));
    let api = app.get("t0001.platform.test", "/api/v1/products?per_page=1").await;
    assert_eq!(api.status, 200);
    let api = api.json();
    let image = api["products"][0]["image_url"].as_str().expect("the product has an image").to_string();
    assert_eq!(image, upload_url(&png(), "png"));
    assert_eq!(app.get("t0001.platform.test", &image).await.status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upload_paths_cannot_reach_other_files() {
    let app = spawn_app().await;
    for path in [
        "/uploads/..%2f..%2fetc%2fpasswd",
        "/uploads/../../Cargo.toml",
        "/uploads/0123456789ABCDEF0123456789ABCDEF.png",
        "/uploads/0123456789abcdef0123456789abcdef.svg",
        "/uploads/arcade.db",
    ] {
        let res = app.get("t0001.platform.test", path).await;
        assert_eq!(res.status, 404, "{path}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_out_and_cross_origin_uploads_are_refused() {
    let app = spawn_app().await;
    let admin = app.admin_session("root@platform.test").await;
    let (content_type, body) = multipart(&png(), "logo.png");
    let anonymous = app
        .post(ADMIN_HOST, "/uploads/logo/t0001")
        .header("Origin", "http://admin.platform.test")
        .body(content_type.as_str(), body.clone())
        .await;
    assert_eq!(anonymous.status, 401);
    let forged = app
        .post(ADMIN_HOST, "/uploads/logo/t0001")
        .header("Origin", "http://evil.test")
        .header("Cookie", &admin.cookie)
        .body(content_type.as_str(), body)
        .await;
    assert_eq!(forged.status, 403);
    assert_eq!(
        app.store("t0001").await.logo_url.as_deref(),
        Some("https://cdn.platform.test/logos/t0001.png")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_logo_whose_audit_entry_fails_is_neither_set_nor_recorded() {
    let app = spawn_app().await;
    let admin = app.admin_session("root@platform.test").await;
    let before = app.store("t0001").await.logo_url;
    crate::whole_writes::fail_audit_of(&app, "store.logo").await;

    let res = upload(&app, &admin, "/uploads/logo/t0001", &png(), "logo.png").await;

    assert_back_to(&res, "/stores/t0001", Err(("logo", "the image could not be saved; please try again")));
    assert_eq!(app.store("t0001").await.logo_url, before, "the logo is unchanged");
    let (assets,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM assets").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(assets, 0, "the asset row went with the rolled-back write");
}

/// The `href` of the page's `<link rel="icon">`, if it has one.
fn icon_link(res: &Response) -> Option<&str> {
    res.body
        .split("<link ")
        .skip(1)
        .map(|tag| &tag[..tag.find('>').unwrap_or(tag.len())])
        .find(|tag| tag.contains(r#"rel="icon""#))
        .and_then(|tag| tag.split(r#"href=""#).nth(1)?.split('"').next())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn owners_give_their_store_a_favicon_that_only_they_can_change() {
    let app = spawn_app().await;
    let owner = app.member_session("a@owner.test", "t0001", "owner").await;
    let staff = app.member_session("s@owner.test", "t0001", "staff").await;
    let other = app.member_session("b@owner.test", "t0002", "owner").await;
    let mut icon = png();
    icon.extend_from_slice(b"a different picture");

    // The logo is the tab's icon while there is no favicon (and the page gets cached).
    upload(&app, &owner, "/store/t0001/uploads/logo/t0001", &png(), "logo.png").await;
    let logo = app.store("t0001").await.logo_url.expect("a logo URL");
    let home = app.get("t0001.platform.test", "/").await;
    assert_eq!(icon_link(&home), Some(logo.as_str()));

    // Refused: staff, another store's owner on this dashboard, and on their own with this code.
    for (who, path, status) in [
        (&staff, "/store/t0001/uploads/favicon/t0001", 403),
        (&other, "/store/t0001/uploads/favicon/t0001", 403),
        (&other, "/store/t0002/uploads/favicon/t0001", 403),
    ] {
        let res = upload(&app, who, path, &icon, "icon.png").await;
        assert_eq!(res.status, status, "{path} as {}", who.cookie);
    }
    let res = upload(&app, &owner, "/store/t0001/uploads/banner/t0001", &icon, "icon.png").await;
    assert_eq!(res.status, 404, "a store has a logo and a favicon, nothing else by this path");
    let res =
        upload(&app, &owner, "/store/t0001/uploads/favicon/t0001", b"<svg onload=alert(1)>", "i.svg").await;
    assert_back_to(
        &res,
        "/store/t0001/settings",
        Err(("favicon", "use a PNG, JPEG, WebP or GIF image (SVG is not accepted)")),
    );
    assert_eq!(app.store("t0001").await.favicon_url, None, "nothing refused was set");

    let res = upload(&app, &owner, "/store/t0001/uploads/favicon/t0001", &icon, "icon.png").await;
    assert_back_to(&res, "/store/t0001/settings", Ok("Favicon updated"));
    let favicon = app.store("t0001").await.favicon_url.expect("a favicon URL");
    assert_eq!(favicon, upload_url(&icon, "png"));
    assert_eq!(app.get("t0001.platform.test", &favicon).await.status, 200);
    for (host, path, href) in [
        ("t0001.platform.test", "/", favicon.clone()),
        (PLATFORM, "/stores/t0001/", format!("/stores/t0001{favicon}")),
    ] {
        let page = app.get(host, path).await;
        assert_eq!(
            icon_link(&page),
            Some(href.as_str()),
            "{host}{path}: the favicon, not the logo or a cached page"
        );
    }
    assert_eq!(icon_link(&app.get("t0002.platform.test", "/").await), None, "t0002 is untouched");
    let (audited,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'store.favicon' AND store_code = 't0001'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(audited, 1);
}
