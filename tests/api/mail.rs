//! Mail goes through the transactional outbox: written in the transaction of the change that
//! causes it, delivered by a real SMTP conversation afterwards, retried when the server
//! fails, marked failed in the end; nothing is sent for a change that rolled back.

use std::time::Duration;

use arcade::server::{
    mail::{compose, MailConfig, RetryPolicy},
    write::Write,
};
use serde_json::json;

use crate::helpers::*;

async fn spawn_app_mailing_to(sink: &SmtpSink, attempts: u32) -> TestApp {
    let url = sink.url();
    spawn_app_configured(move |config| {
        config.mail = MailConfig {
            smtp_url: Some(url),
            from: Some("no-reply@platform.test".into()),
            retry: RetryPolicy { first_wait: Duration::ZERO, max_wait: Duration::ZERO, attempts },
        };
    })
    .await
}

async fn statuses(app: &TestApp) -> Vec<(String, i64, Option<String>)> {
    sqlx::query_as("SELECT status, attempts, last_error FROM mail_outbox ORDER BY id")
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
}

async fn create_store_with_owner(app: &TestApp, owner: &str) {
    let admin = app.admin_session("root@platform.test").await;
    let store = json!({"code": "mailshop", "name": "Mail & Co", "primary": "", "background": "", "text": "",
        "modules": [], "owner_email": owner});
    let res = app.call(&admin, "/api/admin/create_store", json!({ "store": store })).await;
    assert_eq!(res.status, 200, "{res:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invitation_is_delivered_over_smtp_with_a_text_and_an_html_part() {
    let sink = SmtpSink::start().await;
    let app = spawn_app_mailing_to(&sink, 3).await;

    create_store_with_owner(&app, "owner@mail.test").await;

    let got = sink.wait_for(1).await;
    assert_eq!(got[0].to, ["owner@mail.test"]);
    assert!(got[0].from.contains("no-reply@platform.test"), "{}", got[0].from);
    let data = &got[0].data;
    for part in [
        "Content-Type: text/plain",
        "Content-Type: text/html",
        "Subject: You're invited to Mail & Co on Arcade",
    ] {
        assert!(data.contains(part), "{part} missing from {data}");
    }
    // A name with `&` goes out as an RFC 2047 encoded word: base64 of "Mail & Co".
    let from = data.lines().find(|l| l.starts_with("From: ")).expect("a From header");
    assert_eq!(
        from, "From: =?utf-8?b?TWFpbCAmIENv?= <no-reply@platform.test>",
        "the store's name as the sender"
    );
    for _ in 0..100 {
        if statuses(&app).await.first().is_some_and(|s| s.0 == "sent") {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("not marked sent: {:?}", statuses(&app).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_smtp_server_is_retried_then_the_message_is_marked_failed() {
    let sink = SmtpSink::refusing().await;
    let app = spawn_app_mailing_to(&sink, 3).await;

    create_store_with_owner(&app, "owner@mail.test").await;

    for _ in 0..200 {
        if statuses(&app).await.first().is_some_and(|s| s.0 == "failed") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let row = statuses(&app).await.remove(0);
    assert_eq!((row.0.as_str(), row.1), ("failed", 3), "{row:?}");
    assert!(row.2.as_deref().is_some_and(|e| e.contains("451")), "the server's answer is kept: {row:?}");
    assert_eq!(*sink.attempts.lock().await, 3, "one conversation per attempt");
    let admin = app.admin_session("ops@platform.test").await;
    let page = app.call(&admin, "/api/admin/mail", json!({ "before": null, "open": null })).await;
    assert_eq!(page.json()["messages"][0]["status"], "failed", "{}", page.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mail_of_a_write_that_rolls_back_is_never_sent_and_a_committed_one_is() {
    let sink = SmtpSink::start().await;
    let app = spawn_app_mailing_to(&sink, 3).await;
    let mail = |to: &str| compose::staff_reset(to, "http://admin.platform.test/set-password?token=00");

    let mut rolled_back = Write::begin(&app.state, (None, "test")).await.unwrap();
    rolled_back.mail(&mail("gone@mail.test")).await.unwrap();
    drop(rolled_back);
    let mut committed = Write::begin(&app.state, (None, "test")).await.unwrap();
    committed.mail(&mail("kept@mail.test")).await.unwrap();
    committed.commit("test.mail", "").await.unwrap();

    let got = sink.wait_for(1).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let got_now = sink.received.lock().await.clone();
    assert_eq!(got_now.len(), 1, "{got_now:?}");
    assert_eq!(got[0].to, ["kept@mail.test"]);
    assert!(
        app.mail_to("gone@mail.test").await.is_empty(),
        "nothing of the rolled-back write is in the outbox"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_smtp_mail_is_kept_for_the_console_which_only_admins_read() {
    let app = spawn_app().await;
    create_store_with_owner(&app, "owner@mail.test").await;

    let admin = app.admin_session("root@platform.test").await;
    let list = app.call(&admin, "/api/admin/mail", json!({ "before": null, "open": null })).await;
    assert_eq!(list.status, 200, "{list:?}");
    let first = &list.json()["messages"][0];
    assert_eq!(
        (first["recipient"].as_str(), first["status"].as_str()),
        (Some("owner@mail.test"), Some("kept"))
    );
    let id = first["id"].as_i64().unwrap();
    let open = app.call(&admin, "/api/admin/mail", json!({ "before": null, "open": id })).await.json();
    let text = open["opened"][1].as_str().unwrap();
    assert!(link_with(text, "http://admin.platform.test/set-password?token=").is_some(), "{text}");

    let owner = app.member_session("someone@t0001.test", "t0001", "owner").await;
    let refused = app
        .call(
            &Session { host: ADMIN_HOST.into(), cookie: owner.cookie },
            "/api/admin/mail",
            json!({ "before": null, "open": id }),
        )
        .await;
    assert_eq!(refused.status, 403, "{refused:?}");
    assert!(!refused.body.contains("token"));
}
