//! Users, sessions, store creation with an owner invite, and set-password tokens.

use super::on_both_backends;
use crate::{
    model::Theme,
    server::{
        db::{store_lifecycle, stores, users, Db},
        tokens::sha256_hex,
    },
};

const ADMIN: &str = "root@x.test";

/// Creates store `code` with the wallet module and an owner invite for `owner@x.test`.
async fn create_store(db: &Db, code: &str) -> Result<store_lifecycle::Created, sqlx::Error> {
    let admin = users::upsert_admin(db, ADMIN, "$argon2id$hash").await.unwrap();
    let modules = vec!["wallet".to_string()];
    let theme = Theme::default();
    let store = store_lifecycle::CreateStore {
        code,
        name: "New Shop",
        theme: &theme,
        modules: &modules,
        owner: Some("owner@x.test"),
        author: ADMIN,
    };
    let _ = admin;
    store_lifecycle::create_store(&mut *db.pool.acquire().await?, store).await
}

on_both_backends!(
    upserting_an_admin_again_keeps_the_same_user,
    a_session_finds_its_user_until_it_is_deleted,
    an_expired_session_finds_no_user,
    a_new_store_has_core_modules_its_own_and_an_owner_invite,
    store_codes_are_unique,
    a_new_stores_id_comes_after_every_existing_store,
    an_owner_invite_makes_the_owner_a_member_once_its_token_is_taken,
    a_set_password_token_works_only_once,
    inviting_a_proven_account_makes_no_link,
    using_one_link_spends_the_accounts_other_links,
    a_reset_link_expires_after_an_hour,
);

async fn upserting_an_admin_again_keeps_the_same_user(db: &Db) {
    let admin = users::upsert_admin(db, ADMIN, "$argon2id$hash").await.unwrap();
    assert_eq!(users::upsert_admin(db, ADMIN, "$argon2id$other").await.unwrap(), admin);
    let user = users::by_email(db, ADMIN).await.unwrap().expect("the admin");
    assert_eq!((user.id, user.is_admin), (admin, 1));
    assert_eq!(user.password_hash.as_deref(), Some("$argon2id$other"), "the password is reset");
}

async fn a_session_finds_its_user_until_it_is_deleted(db: &Db) {
    let admin = users::upsert_admin(db, ADMIN, "$argon2id$hash").await.unwrap();
    users::create_session(db, "s1", admin, 60).await.unwrap();
    let user = users::session_user(db, "s1").await.unwrap().expect("a live session");
    assert_eq!((user.id, user.is_admin), (admin, 1));
    users::delete_session(db, "s1").await.unwrap();
    assert!(users::session_user(db, "s1").await.unwrap().is_none(), "signed out");
}

async fn an_expired_session_finds_no_user(db: &Db) {
    let admin = users::upsert_admin(db, ADMIN, "$argon2id$hash").await.unwrap();
    users::create_session(db, "old", admin, -1).await.unwrap();
    assert!(users::session_user(db, "old").await.unwrap().is_none());
}

async fn a_new_store_has_core_modules_its_own_and_an_owner_invite(db: &Db) {
    let created = create_store(db, "newshop").await.unwrap();
    assert!(created.owner_token.is_some(), "a new owner gets a set-password token");
    let s = stores::by_code(db, "newshop").await.unwrap().expect("the new store");
    assert_eq!(s.id, created.id);
    assert_eq!(&*s.modules, ["cart", "catalog", "orders", "wallet"]);
    assert_eq!(stores::count(db).await.unwrap(), 1001);
}

async fn store_codes_are_unique(db: &Db) {
    create_store(db, "newshop").await.unwrap();
    let dup = create_store(db, "newshop").await;
    assert!(matches!(dup, Err(sqlx::Error::Database(e)) if e.is_unique_violation()), "a second newshop");
    assert_eq!(stores::count(db).await.unwrap(), 1001);
}

async fn a_new_stores_id_comes_after_every_existing_store(db: &Db) {
    let created = create_store(db, "newshop").await.unwrap();
    assert!(created.id.get() > 1000, "{:?}", created.id);
}

async fn an_owner_invite_makes_the_owner_a_member_once_its_token_is_taken(db: &Db) {
    let created = create_store(db, "newshop").await.unwrap();
    let invited = users::by_email(db, "owner@x.test").await.unwrap().expect("the invited account");
    assert_eq!(
        users::role_in(db, created.id, invited.id).await.unwrap(),
        None,
        "no role before the link is used"
    );
    assert!(users::stores_of(db, invited.id).await.unwrap().is_empty());
    let token = sha256_hex(&created.owner_token.expect("an invite"));
    let (owner, email) = users::take_password_token(&mut db.pool.acquire().await.unwrap(), &token)
        .await
        .unwrap()
        .expect("a valid token");
    assert_eq!(email, "owner@x.test");
    assert_eq!(users::role_in(db, created.id, owner).await.unwrap().as_deref(), Some("owner"));
    let theirs: Vec<String> = users::stores_of(db, owner).await.unwrap().into_iter().map(|s| s.0).collect();
    assert_eq!(theirs, vec!["newshop".to_string()]);
}

async fn a_set_password_token_works_only_once(db: &Db) {
    let created = create_store(db, "newshop").await.unwrap();
    let token = sha256_hex(&created.owner_token.expect("an invite"));
    assert!(users::take_password_token(&mut db.pool.acquire().await.unwrap(), &token)
        .await
        .unwrap()
        .is_some());
    assert!(users::take_password_token(&mut db.pool.acquire().await.unwrap(), &token)
        .await
        .unwrap()
        .is_none());
}

async fn inviting_a_proven_account_makes_no_link(db: &Db) {
    let created = create_store(db, "newshop").await.unwrap();
    let mut conn = db.pool.acquire().await.unwrap();
    let admin = users::by_email(db, ADMIN).await.unwrap().expect("the admin");
    let link = users::invite(&mut conn, created.id, ADMIN, "staff").await.unwrap();
    assert_eq!(link, None, "a proven account is told by mail, with no link to set its password");
    assert_eq!(users::role_in(db, created.id, admin.id).await.unwrap().as_deref(), Some("staff"));
}

async fn using_one_link_spends_the_accounts_other_links(db: &Db) {
    let created = create_store(db, "newshop").await.unwrap();
    let mut conn = db.pool.acquire().await.unwrap();
    let owner = users::by_email(db, "owner@x.test").await.unwrap().expect("the owner").id;
    let reset = users::new_link(&mut conn, owner, users::Purpose::Reset).await.unwrap();
    assert!(users::take_password_token(&mut conn, &sha256_hex(&reset)).await.unwrap().is_some());
    let invite = sha256_hex(&created.owner_token.expect("an invite"));
    assert!(
        users::take_password_token(&mut conn, &invite).await.unwrap().is_none(),
        "the invite is spent too"
    );
}

async fn a_reset_link_expires_after_an_hour(db: &Db) {
    create_store(db, "newshop").await.unwrap();
    let mut conn = db.pool.acquire().await.unwrap();
    let owner = users::by_email(db, "owner@x.test").await.unwrap().expect("the owner").id;
    let reset = users::new_link(&mut conn, owner, users::Purpose::Reset).await.unwrap();
    let hash = sha256_hex(&reset);
    let (expires,): (i64,) = sqlx::query_as("SELECT expires_at FROM password_tokens WHERE token_hash = $1")
        .bind(&hash)
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    let left = expires - crate::server::db::now();
    assert!((users::RESET_TTL_SECS - 2..=users::RESET_TTL_SECS).contains(&left), "{left} s left");
    sqlx::query("UPDATE password_tokens SET expires_at = $2 WHERE token_hash = $1")
        .bind(&hash)
        .bind(crate::server::db::now() - 1)
        .execute(&mut *conn)
        .await
        .unwrap();
    assert!(users::take_password_token(&mut conn, &hash).await.unwrap().is_none(), "an expired link");
}
