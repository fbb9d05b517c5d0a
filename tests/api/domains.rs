//! Custom domains from the owner dashboard: adding, DNS TXT verification against a DNS
//! server the test controls, serving, TLS permission, primary redirects and removal.

use serde_json::{json, Value};

use crate::{dns_server::DnsServer, helpers::*};

/// A server that verifies domains against `dns`, and the signed-in owner of `code`.
struct Fixture {
    app: TestApp,
    dns: DnsServer,
    owner: Session,
    code: &'static str,
}

async fn fixture(code: &'static str) -> Fixture {
    let dns = DnsServer::start().await;
    let app = spawn_app_with(Vec::new(), Some(dns.addr)).await;
    let owner = app.member_session(&format!("owner@{code}.test"), code, "owner").await;
    Fixture { app, dns, owner, code }
}

impl Fixture {
    /// Calls a dashboard function of this store as its owner.
    async fn call(&self, name: &str, domain: &str) -> Response {
        let path = format!("/store/{}/api/dashboard/{name}", self.code);
        self.app.call(&self.owner, &path, json!({ "domain": domain })).await
    }

    /// Adds `domain` and returns what the dashboard shows for it.
    async fn add(&self, domain: &str) -> Value {
        let res = self.call("add_domain", domain).await;
        assert_eq!(res.status, 200, "add {domain}: {}", res.body);
        res.json()
    }

    /// Adds `domain`, publishes its TXT record and verifies it.
    async fn add_verified(&self, domain: &str) -> Value {
        let info = self.add(domain).await;
        self.publish(&info);
        let res = self.call("verify_domain", domain).await;
        assert_eq!(res.status, 200, "verify {domain}: {}", res.body);
        res.json()
    }

    /// Publishes the TXT record the dashboard asked for.
    fn publish(&self, info: &Value) {
        let (name, value) =
            (info["txt_name"].as_str().unwrap_or(""), info["txt_value"].as_str().unwrap_or(""));
        self.dns.set_txt(name, &[value]);
    }

    async fn tls_ask(&self, domain: &str) -> u16 {
        self.app.get("127.0.0.1", &format!("/internal/tls/ask?domain={domain}")).await.status
    }

    /// The domains of this store as the dashboard lists them.
    async fn list(&self) -> Vec<Value> {
        let path = format!("/store/{}/api/dashboard/domains", self.code);
        let res = self.app.call(&self.owner, &path, json!({})).await;
        assert_eq!(res.status, 200, "{}", res.body);
        res.json().as_array().expect("a list").clone()
    }

    async fn domains(&self) -> Vec<String> {
        self.list().await.iter().map(|d| d["domain"].as_str().unwrap_or("").into()).collect()
    }

    async fn status_of(&self, domain: &str) -> String {
        let list = self.list().await;
        let row = list.iter().find(|d| d["domain"] == domain).expect("the domain is listed");
        row["status"].as_str().unwrap_or("").into()
    }
}

fn message(res: &Response) -> String {
    res.json()["message"].as_str().unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn added_domain_is_pending_with_the_txt_record_to_create() {
    let f = fixture("t0500").await;

    let info = f.add("Shop.NewDomain.test").await;

    assert_eq!(info["domain"], "shop.newdomain.test");
    assert_eq!(info["status"], "pending");
    assert_eq!(info["is_primary"], false);
    assert_eq!(info["txt_name"], "_arcade-verify.shop.newdomain.test");
    let value = info["txt_value"].as_str().unwrap_or_default();
    let token = value.strip_prefix("arcade-verify=").unwrap_or_default();
    assert!(
        token.len() == 32 && token.bytes().all(|b| b.is_ascii_hexdigit()),
        "a token to publish: {value:?}"
    );
    assert_eq!(f.app.get("shop.newdomain.test", "/shop/products").await.status, 404, "not served yet");
    assert_eq!(f.tls_ask("shop.newdomain.test").await, 404, "no certificate yet");
    assert_eq!(f.domains().await, vec!["shop.newdomain.test".to_string()]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verifying_without_the_record_says_what_was_found_and_keeps_it_pending() {
    let f = fixture("t0500").await;
    let info = f.add("shop.newdomain.test").await;
    let want = info["txt_value"].as_str().unwrap_or_default().to_string();

    let missing = f.call("verify_domain", "shop.newdomain.test").await;
    f.dns.set_txt("_arcade-verify.shop.newdomain.test", &["arcade-verify=somebody-else"]);
    let wrong = f.call("verify_domain", "shop.newdomain.test").await;

    assert_eq!(missing.status, 422, "{}", missing.body);
    assert!(message(&missing).contains("no TXT record"), "{}", missing.body);
    assert!(message(&missing).contains(&want), "the message repeats the value to publish");
    assert_eq!(wrong.status, 422, "{}", wrong.body);
    assert!(message(&wrong).contains("arcade-verify=somebody-else"), "{}", wrong.body);
    assert_eq!(f.status_of("shop.newdomain.test").await, "pending");
    assert_eq!(f.app.get("shop.newdomain.test", "/shop/products").await.status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verified_domain_serves_the_store_and_may_get_a_certificate() {
    let f = fixture("t0500").await;
    let info = f.add("shop.newdomain.test").await;
    f.dns.set_txt(
        "_arcade-verify.shop.newdomain.test",
        &["v=spf1 -all", info["txt_value"].as_str().unwrap_or("")],
    );
    assert_eq!(f.app.get("shop.newdomain.test", "/shop/products").await.status, 404, "cached as unknown");

    let res = f.call("verify_domain", "shop.newdomain.test").await;

    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["status"], "active");
    assert_eq!(res.json()["is_primary"], true, "a store's first domain becomes primary");
    assert_product_list_of(&f.app.get("shop.newdomain.test", "/shop/products").await, 500);
    assert_eq!(f.tls_ask("shop.newdomain.test").await, 200);
    assert_product_list_of(&f.app.get("t0500.platform.test", "/shop/products").await, 500);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn domains_of_others_under_the_platform_or_malformed_are_refused() {
    let f = fixture("t0001").await;
    let cases = [
        ("shop-0002.test", 409, "belongs to another store"),
        ("shop-0001.test", 409, "has this domain already"),
        ("t0005.platform.test", 422, "platform.test"),
        ("platform.test", 422, "platform.test"),
        ("bad_domain!", 422, "not a valid domain"),
        ("a..b", 422, "not a valid domain"),
        ("shop.test:8080", 422, "no path or port"),
        ("10.0.0.1", 422, "not an IP address"),
        ("", 422, "enter a domain"),
    ];
    for (domain, status, says) in cases {
        let res = f.call("add_domain", domain).await;
        assert_eq!(res.status, status, "{domain:?}: {}", res.body);
        assert_eq!(res.json()["field"], "domain", "{domain:?}");
        assert!(message(&res).contains(says), "{domain:?}: {:?} should say {says:?}", message(&res));
    }
    assert_eq!(f.domains().await, vec!["shop-0001.test".to_string()]);
    assert_product_list_of(&f.app.get("shop-0002.test", "/shop/products").await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_cannot_manage_domains() {
    let f = fixture("t0500").await;
    let staff = f.app.member_session("staff@t0500.test", "t0500", "staff").await;

    let res = f
        .app
        .call(&staff, "/store/t0500/api/dashboard/add_domain", json!({ "domain": "x.newdomain.test" }))
        .await;

    assert_eq!(res.status, 403, "{}", res.body);
    assert_eq!(f.domains().await, Vec::<String>::new());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn making_a_domain_primary_redirects_the_other_to_it() {
    let f = fixture("t0500").await;
    f.add_verified("a.newdomain.test").await;
    f.add_verified("b.newdomain.test").await;
    let b_before = f.app.get("b.newdomain.test", "/shop/products?page=2").await;
    assert_eq!(b_before.status, 308, "b redirects to the first primary");
    assert_eq!(b_before.location(), "http://a.newdomain.test/shop/products?page=2");

    let res = f.call("make_primary", "b.newdomain.test").await;

    assert_eq!(res.status, 200, "{}", res.body);
    let a = f.app.get("a.newdomain.test", "/shop/products?page=2").await;
    assert_eq!(a.status, 308);
    assert_eq!(a.location(), "http://b.newdomain.test/shop/products?page=2");
    assert_product_list_of(&f.app.get("b.newdomain.test", "/shop/products").await, 500);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pending_domain_cannot_be_made_primary() {
    let f = fixture("t0500").await;
    f.add_verified("a.newdomain.test").await;
    f.add("b.newdomain.test").await;

    let res = f.call("make_primary", "b.newdomain.test").await;

    assert_eq!(res.status, 422, "{}", res.body);
    assert_product_list_of(&f.app.get("a.newdomain.test", "/shop/products").await, 500);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn removed_domain_stops_serving_and_loses_its_certificate() {
    let f = fixture("t0500").await;
    f.add_verified("shop.newdomain.test").await;
    assert_eq!(f.app.get("shop.newdomain.test", "/shop/products").await.status, 200, "cached while served");

    let res = f.call("remove_domain", "shop.newdomain.test").await;

    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(f.app.get("shop.newdomain.test", "/shop/products").await.status, 404);
    assert_eq!(f.tls_ask("shop.newdomain.test").await, 404);
    assert_eq!(f.domains().await, Vec::<String>::new());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_owner_cannot_remove_another_stores_domain() {
    let f = fixture("t0001").await;

    let res = f.call("remove_domain", "shop-0003.test").await;

    assert_eq!(res.status, 404, "{}", res.body);
    assert_product_list_of(&f.app.get("shop-0003.test", "/shop/products").await, 3);
}
