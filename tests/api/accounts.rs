//! Sign-in, sessions and cookies.

use crate::helpers::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_signs_in_and_reads_platform_stats() {
    let app = spawn_app().await;
    let admin = app.admin_session("root@platform.test").await;
    let res = app.call(&admin, "/api/admin/stats", serde_json::json!({})).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["stores_active"], 1000);
}
