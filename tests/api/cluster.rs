//! Two nodes on one PostgreSQL database, each with caches of its own: a store changed
//! through one is served changed by the other within a second, stores nobody changed stay
//! in its caches, a theme published through one reaches the store's tabs open on the
//! other, and a node whose listening connection is cut forgets every store (it may have
//! missed announcements). On SQLite one process serves the database: no second node.

use std::time::{Duration, Instant};

use arcade::server::write::{Shows, Write};

use serde_json::json;

use crate::helpers::*;

/// Renames `code` through `node`, as any write that shoppers see does: in a `Write`.
async fn rename(node: &TestApp, code: &str, name: &str) {
    let id = node.store_id(code).await;
    let mut w = Write::begin(&node.state, (None, "test")).await.unwrap().store(id, code, Shows::Storefront);
    sqlx::query("UPDATE stores SET name = $1 WHERE id = $2")
        .bind(name)
        .bind(id.get())
        .execute(w.conn())
        .await
        .unwrap();
    w.commit("store.rename", name.to_string()).await.unwrap();
}

/// Waits up to `within` for `node` to serve `code`'s home page with `text` in it.
async fn serves(node: &TestApp, code: &str, text: &str, within: Duration) -> bool {
    let started = Instant::now();
    loop {
        if node.get(&format!("{code}.{PLATFORM}"), "/").send().await.body.contains(text) {
            return true;
        }
        if started.elapsed() > within {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// How many connections listen on this app's database.
async fn listeners(node: &TestApp) -> i64 {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'",
    )
    .fetch_one(&node.db.pool)
    .await
    .unwrap();
    n
}

/// Two nodes on one database; `None` on SQLite, which one process serves.
async fn two_nodes() -> Option<(TestApp, TestApp)> {
    let one = spawn_app().await;
    let two = one.second_node().await;
    if two.is_none() {
        eprintln!("SQLite: one node serves the database, nothing to announce");
    }
    Some((one, two?))
}

/// Node two's answer for `code`'s home page, asked twice: the second from its cache.
async fn cached(node: &TestApp, code: &str) -> Response {
    node.get(&format!("{code}.{PLATFORM}"), "/").send().await;
    node.get(&format!("{code}.{PLATFORM}"), "/").send().await
}

#[tokio::test]
async fn a_store_renamed_through_one_node_is_served_renamed_by_the_other_within_a_second() {
    let Some((one, two)) = two_nodes().await else { return };
    for code in ["t0001", "t0002"] {
        assert_eq!(cached(&two, code).await.header("x-cache"), Some("hit"), "{code} cached on node two");
    }
    rename(&one, "t0001", "Renamed Across Nodes").await;
    assert!(
        serves(&two, "t0001", "Renamed Across Nodes", Duration::from_secs(1)).await,
        "node two serves the new name within a second"
    );
    let other = two.get(&format!("t0002.{PLATFORM}"), "/").send().await;
    assert_eq!(other.header("x-cache"), Some("hit"), "a store nobody changed stays in node two's cache");
}

#[tokio::test]
async fn a_node_whose_listening_connection_is_cut_forgets_every_store_and_hears_again() {
    let Some((one, two)) = two_nodes().await else { return };
    assert_eq!(cached(&two, "t0002").await.header("x-cache"), Some("hit"));
    let started = Instant::now();
    while listeners(&one).await < 2 {
        assert!(started.elapsed() < Duration::from_secs(3), "each node listens on a connection of its own");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Both nodes' listening connections end, as when the database restarts; what is
    // announced meanwhile may be lost.
    sqlx::query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND query LIKE 'LISTEN%'",
    )
    .execute(&one.db.pool)
    .await
    .unwrap();
    rename(&one, "t0002", "Renamed While Cut").await;
    assert!(
        serves(&two, "t0002", "Renamed While Cut", Duration::from_secs(3)).await,
        "node two forgets what it held once it notices the cut"
    );
    // Listening again: the next change arrives as before.
    rename(&one, "t0002", "Renamed After").await;
    assert!(serves(&two, "t0002", "Renamed After", Duration::from_secs(1)).await, "node two hears again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_theme_published_through_one_node_reaches_that_stores_tabs_on_the_other() {
    let Some((one, two)) = two_nodes().await else { return };
    let mut tabs = [
        Tab::open(&two, &format!("t0001.{PLATFORM}"), "/events/theme", None).await,
        Tab::open(&two, PLATFORM, "/stores/t0001/events/theme", None).await,
    ];
    let mut other = Tab::open(&two, &format!("t0002.{PLATFORM}"), "/events/theme", None).await;
    let owner = one.member_session("owner@t0001.test", "t0001", "owner").await;
    let dashboard = "/store/t0001/api/dashboard";
    let theme = json!({
        "primary": "#0a0b0c", "secondary": "#00bfa5", "accent": "#e65100", "background": "#ffffff",
        "text": "#1f2328", "font": "system", "radius": "8", "layout": "grid", "hero_heading": "", "hero_text": "",
    });
    let saved = one.call(&owner, &format!("{dashboard}/theme_save"), json!({ "theme": theme })).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let published = one.call(&owner, &format!("{dashboard}/theme_publish"), json!({})).await;
    assert_eq!(published.status, 200, "{}", published.body);
    for tab in &mut tabs {
        tab.read_for(Duration::from_secs(1)).await;
        assert_eq!(tab.themes(), 1, "one theme event on node two within a second: {}", tab.1);
        assert!(tab.1.contains(r##"["--primary-color","#0a0b0c"]"##), "{}", tab.1);
    }
    other.read_for(Duration::from_millis(300)).await;
    assert_eq!(other.themes(), 0, "another store's tab gets nothing: {}", other.1);
}
