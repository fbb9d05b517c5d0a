//! A suspended store takes no uploads from its own people: not its owner's logo or
//! favicon, not its staff's product images. Platform admins still can (from the console).

use serde_json::json;

use super::lines;
use crate::{
    helpers::*,
    uploads::{assert_back_to, png, upload},
};

/// Suspends t0001 from the console, as an admin does.
async fn suspend_a(app: &TestApp, admin: &Session) {
    let res = app.call(admin, "/api/admin/set_status", json!({"code": "t0001", "suspended": true})).await;
    assert_eq!(res.status, 200, "{res:?}");
}

/// Everything an upload changes: the store's images, its products' images, its files.
async fn images_of_a(app: &TestApp) -> Vec<String> {
    let id = Some(app.store_id("t0001").await.get());
    let mut all = lines(
        app,
        "SELECT COALESCE(logo_url, '-') || '|' || COALESCE(favicon_url, '-') FROM stores WHERE id = $1",
        id,
    )
    .await;
    all.extend(
        lines(
            app,
            "SELECT id || '|' || COALESCE(image_url, '-') FROM products WHERE store_id = $1 ORDER BY id",
            id,
        )
        .await,
    );
    all.extend(lines(app, "SELECT hash FROM assets WHERE store_id = $1 ORDER BY hash", id).await);
    all
}

/// Files kept under t0001's upload folder.
async fn files_of_a(app: &TestApp) -> usize {
    let dir = app.state.images.uploads_dir.join(app.store_id("t0001").await.get().to_string());
    std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn owners_and_staff_of_a_suspended_store_cannot_upload() {
    let app = spawn_app().await;
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;
    let staff = app.member_session("staff@t0001.test", "t0001", "staff").await;
    let admin = app.admin_session("root@platform.test").await;
    suspend_a(&app, &admin).await;
    let before = images_of_a(&app).await;

    for (who, name, path) in [
        (&owner, "owner", "/store/t0001/uploads/logo/t0001"),
        (&owner, "owner", "/store/t0001/uploads/favicon/t0001"),
        (&owner, "owner", "/store/t0001/uploads/product/1"),
        (&staff, "staff", "/store/t0001/uploads/product/1"),
    ] {
        let res = upload(&app, who, path, &png(), "picture.png").await;
        assert_eq!(res.status, 403, "{name} uploading to {path}: {res:?}");
    }

    assert_eq!(images_of_a(&app).await, before, "a refused upload changed the store");
    assert_eq!(files_of_a(&app).await, 0, "a refused upload left a file");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admins_still_upload_for_a_suspended_store() {
    let app = spawn_app().await;
    let admin = app.admin_session("root@platform.test").await;
    suspend_a(&app, &admin).await;

    let res = upload(&app, &admin, "/uploads/logo/t0001", &png(), "logo.png").await;

    assert_back_to(&res, "/stores/t0001", Ok("Logo updated"));
    assert!(app.store("t0001").await.logo_url.is_some());
}
