//! The theme editor: typed tokens refused by field, the draft and its versions, the preview
//! link, and publishing pushed to the open tabs of that store only.

use std::time::Duration;

use serde_json::{json, Value};

use crate::helpers::*;

const DASH: &str = "/store/t0001/api/dashboard";

/// The default theme's form with some fields changed.
fn form(changes: Value) -> Value {
    let mut f = json!({
        "primary": "#3d5afe", "secondary": "#00bfa5", "accent": "#e65100", "background": "#ffffff",
        "text": "#1f2328", "font": "system", "radius": "8", "layout": "grid", "hero_heading": "", "hero_text": "",
    });
    for (k, v) in changes.as_object().unwrap() {
        f[k] = v.clone();
    }
    f
}

async fn save(app: &TestApp, who: &Session, changes: Value) -> Response {
    app.call(who, &format!("{DASH}/theme_save"), json!({ "theme": form(changes) })).await
}

async fn act(app: &TestApp, who: &Session, what: &str, body: Value) -> Response {
    app.call(who, &format!("{DASH}/{what}"), body).await
}

/// The `--primary-color` a storefront page starts with.
fn primary_of(res: &Response) -> String {
    let css = res.theme_css().expect("a theme rule");
    css.split("--primary-color:").nth(1).unwrap()[..7].to_string()
}

async fn rows(app: &TestApp, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(&app.db.pool).await.unwrap();
    n
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_tokens_are_refused_by_field_and_nothing_is_saved() {
    let app = spawn_app().await;
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;
    for (field, value) in [
        ("primary", json!("red;}</style><script>alert(1)</script>")),
        ("background", json!("url(https://evil.test/x.png)")),
        ("text", json!("#".repeat(10_000))),
        ("font", json!("Comic Sans'; } body { display:none")),
        ("radius", json!("999")),
        ("layout", json!("masonry")),
        ("hero_heading", json!("h".repeat(81))),
        ("hero_text", json!("two\nlines")),
    ] {
        let res = save(&app, &owner, json!({ field: value })).await;
        assert_eq!((res.status, res.json()["field"].as_str()), (422, Some(field)), "{field}: {res:?}");
    }
    // Several bad fields at once: each is named with its own message, the first leads.
    let res = save(&app, &owner, json!({ "primary": "red", "radius": "-1", "layout": "masonry" })).await;
    assert_eq!((res.status, res.json()["field"].as_str()), (422, Some("primary")), "{res:?}");
    let named: Vec<(String, String)> = res.json()["fields"]
        .as_array()
        .expect("every bad field")
        .iter()
        .map(|p| (p["field"].as_str().unwrap().to_string(), p["message"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(
        named.iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>(),
        ["primary", "radius", "layout"],
        "{res:?}"
    );
    assert!(named.iter().all(|(_, m)| !m.is_empty()), "{named:?}");
    let not_a_string =
        app.call(&owner, &format!("{DASH}/theme_save"), json!({ "theme": { "primary": 5 } })).await;
    assert_eq!(
        (not_a_string.status, not_a_string.json()["error"].as_str()),
        (422, Some("invalid")),
        "{not_a_string:?}"
    );
    assert_eq!(rows(&app, "SELECT COUNT(*) FROM theme_versions WHERE state = 'draft'").await, 0);

    let staff = app.member_session("staff@t0001.test", "t0001", "staff").await;
    assert_eq!(save(&app, &staff, json!({ "primary": "#112233" })).await.status, 403, "staff only look");
    let editor = act(&app, &staff, "theme", json!({})).await;
    assert_eq!((editor.status, editor.json()["can_edit"].as_bool()), (200, Some(false)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_is_private_until_published_and_a_revert_is_a_new_version() {
    let app = spawn_app().await;
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;
    let before = primary_of(&app.get("t0001.platform.test", "/shop/products").await);

    assert_eq!(save(&app, &owner, json!({ "primary": "#AA0000" })).await.status, 200);
    assert_eq!(save(&app, &owner, json!({ "primary": "#bb0000", "font": "serif" })).await.status, 200);
    assert_eq!(rows(&app, "SELECT COUNT(*) FROM theme_versions WHERE state = 'draft'").await, 1, "one draft");
    for (host, path) in [("t0001.platform.test", "/shop/products"), (PLATFORM, "/stores/t0001/shop/products")]
    {
        assert_eq!(primary_of(&app.get(host, path).await), before, "a draft is not shown");
    }

    assert_eq!(act(&app, &owner, "theme_publish", json!({})).await.status, 200);
    for (host, path) in [
        ("t0001.platform.test", "/shop/products"),
        ("shop-0001.test", "/shop/products"),
        (PLATFORM, "/stores/t0001/shop/products"),
    ] {
        let page = app.get(host, path).await;
        assert_eq!(primary_of(&page), "#bb0000", "{host}{path}: published, in the first HTML");
        assert!(page.theme_css().unwrap().contains("Georgia"));
    }
    let again = act(&app, &owner, "theme_publish", json!({})).await;
    assert_eq!((again.status, again.json()["message"].as_str()), (409, Some("there is no draft to publish")));

    let editor = act(&app, &owner, "theme", json!({})).await.json();
    let history: Vec<i64> =
        editor["history"].as_array().unwrap().iter().map(|v| v["version"].as_i64().unwrap()).collect();
    assert_eq!(history.len(), 2, "{editor}");
    let first = history[1];
    assert_eq!(act(&app, &owner, "theme_revert", json!({ "version": first })).await.status, 200);
    assert_eq!(primary_of(&app.get("t0001.platform.test", "/shop/products").await), before);
    let editor = act(&app, &owner, "theme", json!({})).await.json();
    let versions: Vec<i64> =
        editor["history"].as_array().unwrap().iter().map(|v| v["version"].as_i64().unwrap()).collect();
    assert_eq!(versions.len(), 3, "a revert adds a version, history is kept");
    assert!(versions[0] > history[0]);
    assert_eq!(editor["history"][0]["published"], true);
    assert_eq!(editor["history"][0]["author"], "owner@t0001.test");
    let audited =
        rows(&app, "SELECT COUNT(*) FROM audit_log WHERE action IN ('theme.publish', 'theme.revert')").await;
    assert_eq!(audited, 2);

    let other = app.member_session("owner@t0002.test", "t0002", "owner").await;
    let only_ours = versions[0];
    let theirs =
        app.call(&other, "/store/t0002/api/dashboard/theme_revert", json!({ "version": only_ours })).await;
    assert_eq!(theirs.status, 404, "store 2 has no such version of store 1");
    assert_eq!(act(&app, &other, "theme_publish", json!({})).await.status, 403, "nor a say in store 1");

    assert_eq!(save(&app, &owner, json!({ "primary": "#00aa00" })).await.status, 200);
    assert_eq!(act(&app, &owner, "theme_discard", json!({})).await.status, 200);
    assert_eq!(rows(&app, "SELECT COUNT(*) FROM theme_versions WHERE state = 'draft'").await, 0);
    assert_eq!(act(&app, &owner, "theme_discard", json!({})).await.status, 409);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_preview_link_shows_the_draft_uncached_until_published() {
    let app = spawn_app().await;
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;
    let published = primary_of(&app.get("t0001.platform.test", "/").await);
    assert_eq!(act(&app, &owner, "theme_preview_link", json!({})).await.status, 409, "no draft yet");
    assert_eq!(save(&app, &owner, json!({ "primary": "#123456" })).await.status, 200);
    let link = act(&app, &owner, "theme_preview_link", json!({})).await.json();
    let link = link.as_str().unwrap().to_string();
    assert!(
        link.starts_with("http://shop-0001.test/?theme_preview="),
        "on the store's primary domain: {link}"
    );
    let query = format!("/{}", link.split('/').nth(3).unwrap());
    let token = query.split('=').nth(1).unwrap().to_string();

    for (host, path) in [
        ("shop-0001.test", query.clone()),
        ("t0001.platform.test", query.clone()),
        (PLATFORM, format!("/stores/t0001{query}")),
    ] {
        for _ in 0..2 {
            let page = app.get(host, &path).await;
            assert_eq!(primary_of(&page), "#123456", "{host}{path}");
            assert!(page.body.contains("preview-banner"), "marked as a preview");
            assert_eq!(page.header("cache-control"), Some("private, no-store"));
        }
    }
    assert_eq!(
        primary_of(&app.get("t0001.platform.test", "/").await),
        published,
        "others see the published theme"
    );
    let mut tampered = token.clone();
    tampered.replace_range(0..1, if tampered.starts_with('a') { "b" } else { "a" });
    for (host, q) in [("t0001.platform.test", tampered.as_str()), ("t0002.platform.test", token.as_str())] {
        let page = app.get(host, &format!("/?theme_preview={q}")).await;
        assert!(!page.body.contains("preview-banner") && primary_of(&page) != "#123456", "{host}");
    }

    assert_eq!(act(&app, &owner, "theme_publish", json!({})).await.status, 200);
    assert!(
        !app.get("t0001.platform.test", &query).await.body.contains("preview-banner"),
        "publishing ends it"
    );
    assert_eq!(save(&app, &owner, json!({ "primary": "#654321" })).await.status, 200);
    let link = act(&app, &owner, "theme_preview_link", json!({})).await.json();
    let query = format!("/{}", link.as_str().unwrap().split('/').nth(3).unwrap());
    sqlx::query("UPDATE theme_previews SET expires_at = 1").execute(&app.db.pool).await.unwrap();
    assert!(!app.get("t0001.platform.test", &query).await.body.contains("preview-banner"), "expired");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_preview_token_that_names_no_link_costs_no_query() {
    let app = spawn_app().await;
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;
    assert_eq!(save(&app, &owner, json!({ "primary": "#123456" })).await.status, 200);
    let link = act(&app, &owner, "theme_preview_link", json!({})).await.json();
    let token = link.as_str().unwrap().rsplit('=').next().unwrap().to_string();
    let home = app.get("t0001.platform.test", "/").await;
    assert_eq!(home.status, 200);

    // From here on every query fails.
    app.db.pool.close().await;
    let guess = "0".repeat(64);
    let res = app.get("t0001.platform.test", &format!("/?theme_preview={guess}")).await;
    assert_eq!((res.status, res.header("x-cache")), (200, Some("hit")), "answered without the database");
    assert_eq!(res.body, home.body, "the page without a preview");
    let known = app.get("t0001.platform.test", &format!("/?theme_preview={token}")).await;
    assert_eq!(known.status, 503, "a live link's token is looked up, and the database is gone");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn publishing_reaches_the_open_tabs_of_that_store_only() {
    let app = spawn_app().await;
    let owner = app.member_session("owner@t0001.test", "t0001", "owner").await;
    let mut tabs = vec![
        Tab::open(&app, "t0001.platform.test", "/events/theme", None).await,
        Tab::open(&app, "shop-0001.test", "/events/theme", None).await,
        Tab::open(&app, PLATFORM, "/stores/t0001/events/theme", None).await,
    ];
    let mut other = Tab::open(&app, "t0002.platform.test", "/events/theme", None).await;
    let mut other_path = Tab::open(&app, PLATFORM, "/stores/t0002/events/theme", None).await;

    assert_eq!(save(&app, &owner, json!({ "primary": "#0a0b0c" })).await.status, 200);
    assert_eq!(act(&app, &owner, "theme_publish", json!({})).await.status, 200);

    for tab in &mut tabs {
        tab.read_for(Duration::from_millis(500)).await;
        assert_eq!(tab.themes(), 1, "{}", tab.1);
        assert!(tab.1.contains(r##"["--primary-color","#0a0b0c"]"##), "{}", tab.1);
    }
    for tab in [&mut other, &mut other_path] {
        tab.read_for(Duration::from_millis(300)).await;
        assert_eq!(tab.themes(), 0, "another store's tab gets nothing: {}", tab.1);
    }

    // A tab that reconnects with an old event id gets the current theme at once; with the
    // current one, nothing.
    let id = tabs[0].1.split("id: ").nth(1).unwrap().lines().next().unwrap().to_string();
    let mut stale = Tab::open(&app, "t0001.platform.test", "/events/theme", Some("0000000000000000")).await;
    let mut fresh = Tab::open(&app, "t0001.platform.test", "/events/theme", Some(&id)).await;
    stale.read_for(Duration::from_millis(200)).await;
    fresh.read_for(Duration::from_millis(200)).await;
    assert_eq!((stale.themes(), fresh.themes()), (1, 0), "{} / {}", stale.1, fresh.1);
    assert!(stale.1.contains("#0a0b0c"));

    let page = app.get(PLATFORM, "/events/theme").await;
    assert_eq!(page.status, 404, "the platform has no theme stream");
}
