//! Competing claims of one custom domain: several stores may claim it while it is
//! pending, each with its own TXT token; the first to verify wins, the others are told
//! so; a claim nobody verifies expires instead of blocking the domain.

use serde_json::{json, Value};

use crate::{dns_server::DnsServer, helpers::*};

const DOMAIN: &str = "contested.example.test";

struct Claimants {
    app: TestApp,
    dns: DnsServer,
    a: Session,
    b: Session,
}

async fn claimants() -> Claimants {
    let dns = DnsServer::start().await;
    let app = spawn_app_with(Vec::new(), Some(dns.addr)).await;
    let a = app.member_session("owner@t0001.test", "t0001", "owner").await;
    let b = app.member_session("owner@t0002.test", "t0002", "owner").await;
    Claimants { app, dns, a, b }
}

impl Claimants {
    async fn call(&self, who: &Session, code: &str, name: &str) -> Response {
        let path = format!("/store/{code}/api/dashboard/{name}");
        self.app.call(who, &path, json!({ "domain": DOMAIN })).await
    }

    /// Publishes the TXT records of every claim at once, as if each owner set theirs.
    fn publish(&self, claims: &[&Value]) {
        let name = claims[0]["txt_name"].as_str().unwrap_or("");
        let values: Vec<&str> = claims.iter().map(|c| c["txt_value"].as_str().unwrap_or("")).collect();
        self.dns.set_txt(name, &values);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_stores_may_claim_a_domain_and_the_first_to_verify_serves_it() {
    let c = claimants().await;
    let claim_a = c.call(&c.a, "t0001", "add_domain").await;
    let claim_b = c.call(&c.b, "t0002", "add_domain").await;
    assert_eq!(claim_a.status, 200, "{}", claim_a.body);
    assert_eq!(claim_b.status, 200, "a pending claim does not block another store: {}", claim_b.body);
    let (claim_a, claim_b) = (claim_a.json(), claim_b.json());
    assert_ne!(claim_a["txt_value"], claim_b["txt_value"], "each claim proves itself with its own token");
    c.publish(&[&claim_a, &claim_b]);

    let won = c.call(&c.b, "t0002", "verify_domain").await;
    assert_eq!(won.status, 200, "{}", won.body);
    assert_eq!(won.json()["status"], "active");

    let lost = c.call(&c.a, "t0001", "verify_domain").await;
    assert_eq!(lost.status, 409, "{}", lost.body);
    assert_eq!(lost.json()["field"], "domain");
    assert_eq!(lost.json()["message"], "another store verified this domain first");
    assert_serves(&c.app, "shop-0002.test").await;

    let late = c.call(&c.a, "t0001", "add_domain").await;
    assert_eq!(late.status, 409, "once served, the domain cannot be claimed: {}", late.body);
    assert_eq!(late.json()["message"], "this domain belongs to another store");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_claim_that_ran_out_cannot_be_verified_and_adding_it_again_renews_it() {
    let c = claimants().await;
    let first = c.call(&c.a, "t0001", "add_domain").await.json();
    c.publish(&[&first]);
    let eight_days_ago = now_secs() - 8 * 24 * 3600;
    sqlx::query("UPDATE store_domains SET created_at = $1 WHERE domain = $2")
        .bind(eight_days_ago)
        .bind(DOMAIN)
        .execute(&c.app.db.pool)
        .await
        .unwrap();

    let expired = c.call(&c.a, "t0001", "verify_domain").await;
    assert_eq!(expired.status, 422, "{}", expired.body);
    assert!(expired.json()["message"].as_str().unwrap_or("").contains("expired"), "{}", expired.body);
    assert_eq!(c.app.get(DOMAIN, "/").await.status, 404, "an expired claim serves nothing");

    let renewed = c.call(&c.a, "t0001", "add_domain").await;
    assert_eq!(renewed.status, 200, "{}", renewed.body);
    let renewed = renewed.json();
    assert_ne!(renewed["txt_value"], first["txt_value"], "a renewed claim has a new token");
    c.publish(&[&renewed]);
    assert_eq!(c.call(&c.a, "t0001", "verify_domain").await.status, 200);
    assert_serves(&c.app, "shop-0001.test").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_cannot_claim_a_domain_it_is_already_claiming() {
    let c = claimants().await;
    assert_eq!(c.call(&c.a, "t0001", "add_domain").await.status, 200);

    let again = c.call(&c.a, "t0001", "add_domain").await;

    assert_eq!(again.status, 409, "{}", again.body);
    assert_eq!(again.json()["message"], "this store has claimed this domain already; verify it");
}

/// The contested domain now belongs to the store whose primary domain is `primary`: as a
/// secondary domain it redirects there, keeping the path.
async fn assert_serves(app: &TestApp, primary: &str) {
    let res = app.get(DOMAIN, "/shop/products").await;
    assert_eq!(res.status, 308, "{}", res.body);
    assert_eq!(res.location(), format!("http://{primary}/shop/products"));
}

fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
