//! The console's old addresses on P move permanently to `admin.P`, keeping path and query;
//! a write sent there is redirected, never run on P.

use serde_json::json;

use crate::helpers::*;

/// A permanent redirect: 301 or 308.
fn assert_moved(res: &Response, to: &str, what: &str) {
    assert!(matches!(res.status, 301 | 308), "{what}: {res:?}");
    assert_eq!(res.location(), to, "{what}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn old_console_dashboard_and_sign_in_addresses_move_to_the_console_host_with_their_query() {
    let app = spawn_app().await;

    for (path, to) in [
        ("/admin", "/"),
        ("/admin/", "/"),
        ("/admin/stores?q=a%26b&status=active", "/stores?q=a%26b&status=active"),
        ("/admin/stores/t0001", "/stores/t0001"),
        ("/store/t0001/", "/store/t0001/"),
        (
            "/store/t0001/orders?status=paid&q=ada%40example.com",
            "/store/t0001/orders?status=paid&q=ada%40example.com",
        ),
        ("/store/t0001/orders.csv", "/store/t0001/orders.csv"),
        ("/login", "/login"),
        ("/login?next=%2Fstore%2Ft0001%2F", "/login?next=%2Fstore%2Ft0001%2F"),
        ("/forgot-password", "/forgot-password"),
        ("/set-password?token=0123abcd", "/set-password?token=0123abcd"),
    ] {
        let res = app.get(PLATFORM, path).await;
        assert_moved(&res, &format!("http://admin.platform.test{to}"), path);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_move_keeps_the_port_the_request_came_on() {
    let app = spawn_app().await;

    let res = app.get("platform.test:3000", "/store/t0001/products?page=2").await;

    assert_moved(&res, "http://admin.platform.test:3000/store/t0001/products?page=2", "with a port");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn path_mode_storefronts_and_the_landing_stay_on_the_platform_host() {
    let app = spawn_app().await;

    for path in ["/", "/stores/t0001/", "/stores/t0001/shop/products", "/stores/t0001/shop/cart"] {
        let res = app.get(PLATFORM, path).await;
        assert_eq!(res.status, 200, "{path}: {res:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_to_an_old_address_is_redirected_and_never_runs_on_the_platform_host() {
    let app = spawn_app().await;
    let admin = app.admin_session("root@platform.test").await;
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;
    let on_p = |s: &Session| Session { host: PLATFORM.into(), cookie: s.cookie.clone() };

    let suspend = json!({"code": "t0002", "suspended": true});
    let res = app.call(&on_p(&admin), "/admin/api/admin/set_status", suspend).await;
    // 308 keeps the method: the browser sends the write again to admin.P, from P's origin,
    // which the console's origin check refuses (see `origins`).
    assert_eq!(res.status, 308, "{res:?}");
    assert_eq!(res.location(), "http://admin.platform.test/api/admin/set_status");
    assert_eq!(app.store("t0002").await.status.as_str(), "active", "suspended through P");

    let save = json!({"id": 1, "product": {"name": "Defaced", "description": "", "price": "1"}});
    let res = app.call(&on_p(&owner), "/store/t0001/api/dashboard/save_product", save).await;
    assert_eq!(res.status, 308, "{res:?}");
    assert_eq!(res.location(), "http://admin.platform.test/store/t0001/api/dashboard/save_product");
    assert_eq!(super::name_of_product_1(&app).await, "Product 01 of Store 0001", "saved through P");
}
