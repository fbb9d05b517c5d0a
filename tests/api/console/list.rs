//! The store list: search, filters, sorts and keyset pagination.

use std::collections::HashSet;

use serde_json::{json, Value};

use super::{new_store, ROOT};
use crate::helpers::*;

/// One page of `list_stores`: the codes shown and the cursor of the next page.
async fn page(app: &TestApp, admin: &Session, query: Value) -> (Vec<String>, Option<String>) {
    let mut args = json!({ "q": "", "status": "", "module": "", "sort": "Code", "after": null });
    if let (Some(args), Some(query)) = (args.as_object_mut(), query.as_object()) {
        args.extend(query.clone());
    }
    let res = app.call(admin, "/api/admin/stores", args).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let body = res.json();
    let codes = body["stores"]
        .as_array()
        .expect("a stores array")
        .iter()
        .map(|s| s["code"].as_str().expect("a code").to_string())
        .collect();
    (codes, body["next"].as_str().map(str::to_string))
}

fn codes(range: std::ops::RangeInclusive<i64>) -> Vec<String> {
    range.map(|i| format!("t{i:04}")).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_matches_a_code_prefix() {
    let app = spawn_app().await;
    let admin = app.admin_session(ROOT).await;

    let (found, next) = page(&app, &admin, json!({ "q": "t099" })).await;

    assert_eq!(found, codes(990..=999));
    assert_eq!(next, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_matches_a_name_prefix_in_any_case() {
    let app = spawn_app().await;
    let admin = app.admin_session(ROOT).await;

    let (found, _) = page(&app, &admin, json!({ "q": "sToRe 012" })).await;

    assert_eq!(found, codes(120..=129));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_by_a_whole_custom_domain_finds_its_store_only() {
    let app = spawn_app().await;
    let admin = app.admin_session(ROOT).await;

    let (exact, _) = page(&app, &admin, json!({ "q": "SHOP-0007.test" })).await;
    let (partial, _) = page(&app, &admin, json!({ "q": "shop-0007.te" })).await;

    assert_eq!(exact, vec!["t0007".to_string()]);
    assert_eq!(partial, Vec::<String>::new(), "only whole domains match");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_filter_lists_only_stores_in_that_status() {
    let app = spawn_app().await;
    let admin = app.admin_session(ROOT).await;
    for code in ["t0003", "t0500"] {
        let res = app.call(&admin, "/api/admin/set_status", json!({ "code": code, "suspended": true })).await;
        assert_eq!(res.status, 200, "{}", res.body);
    }

    let (suspended, _) = page(&app, &admin, json!({ "status": "suspended" })).await;
    let (active, _) = page(&app, &admin, json!({ "status": "active" })).await;

    assert_eq!(suspended, vec!["t0003".to_string(), "t0500".to_string()]);
    assert_eq!(active[..4], ["t0001", "t0002", "t0004", "t0005"]);
    assert_eq!(active.len(), 24);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn module_filter_lists_only_stores_with_that_module_enabled() {
    let app = spawn_app().await;
    let admin = app.admin_session(ROOT).await;
    for (code, enabled) in [("t0010", true), ("t0020", true), ("t0030", true), ("t0030", false)] {
        let body = json!({ "code": code, "module": "reviews", "enabled": enabled });
        assert_eq!(app.call(&admin, "/api/admin/set_module", body).await.status, 200);
    }

    let (reviews, _) = page(&app, &admin, json!({ "module": "reviews" })).await;
    let (wallet, _) = page(&app, &admin, json!({ "module": "wallet" })).await;

    assert_eq!(reviews, vec!["t0010".to_string(), "t0020".to_string()]);
    assert_eq!(wallet, Vec::<String>::new(), "wallet is disabled everywhere in the bench set");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_three_sorts_order_by_creation_and_by_code() {
    let app = spawn_app().await;
    let admin = app.admin_session(ROOT).await;
    for code in ["zzz-made-first", "aaa-made-second"] {
        let res = app.call(&admin, "/api/admin/create_store", new_store(code, json!({}))).await;
        assert_eq!(res.status, 200, "{}", res.body);
    }

    let (newest, _) = page(&app, &admin, json!({ "sort": "Newest" })).await;
    let (oldest, _) = page(&app, &admin, json!({ "sort": "Oldest" })).await;
    let (by_code, _) = page(&app, &admin, json!({ "sort": "Code" })).await;

    assert_eq!(newest[..4], ["aaa-made-second", "zzz-made-first", "t1000", "t0999"]);
    assert_eq!(oldest[..3], ["t0001", "t0002", "t0003"]);
    assert_eq!(by_code[..3], ["aaa-made-second", "t0001", "t0002"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn following_next_walks_every_store_once_in_each_sort() {
    let app = spawn_app().await;
    let admin = app.admin_session(ROOT).await;
    for (sort, first) in [("Newest", "t1000"), ("Oldest", "t0001"), ("Code", "t0001")] {
        let mut seen: Vec<String> = Vec::new();
        let mut after: Option<String> = None;
        let mut pages = 0;
        loop {
            let (codes, next) = page(&app, &admin, json!({ "sort": sort, "after": after })).await;
            pages += 1;
            assert!(pages <= 42, "{sort}: more pages than 1000 stores need");
            if next.is_some() {
                assert_eq!(codes.len(), 24, "{sort}: a full page before the last");
            }
            seen.extend(codes);
            match next {
                Some(cursor) => after = Some(cursor),
                None => break,
            }
        }
        assert_eq!(pages, 42, "{sort}: 41 full pages and one of 16");
        assert_eq!(seen.len(), 1000, "{sort}: stores listed");
        assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 1000, "{sort}: duplicates");
        assert_eq!(seen[0], first, "{sort}");
        let mut expected = codes(1..=1000);
        if sort == "Newest" {
            expected.reverse();
        }
        assert_eq!(seen, expected, "{sort}: order across pages");
    }
}
