//! Stores and their routing directory: lookups, modules, status, domains, seeding.

use super::on_both_backends;
use crate::server::{
    db::{products, stores, stores::StoreStatus, Db},
    seed,
};

async fn store(db: &Db, code: &str) -> stores::StoreRecord {
    stores::by_code(db, code).await.unwrap().unwrap_or_else(|| panic!("store {code}"))
}

on_both_backends!(
    seeding_the_bench_set_again_leaves_1000_stores,
    store_by_code_has_its_name_theme_modules_and_primary_domain,
    unknown_code_is_no_store,
    store_by_active_domain_is_the_domains_store,
    enabled_modules_are_listed_sorted,
    suspending_a_store_changes_its_status_only,
    a_domain_belongs_to_one_store,
    only_a_stores_own_domain_can_become_its_primary,
    generated_stores_continue_after_the_existing_ones,
    a_migrated_database_is_ready,
);

async fn seeding_the_bench_set_again_leaves_1000_stores(db: &Db) {
    seed::bench(db, false).await.expect("seed the bench data set again");
    assert_eq!(stores::count(db).await.unwrap(), 1000);
    assert_eq!(store(db, "t0001").await.name, "Store 0001");
}

async fn store_by_code_has_its_name_theme_modules_and_primary_domain(db: &Db) {
    let t1 = store(db, "t0001").await;
    assert_eq!(t1.name, "Store 0001");
    assert_eq!(t1.status, StoreStatus::Active);
    assert_eq!(t1.theme().primary.to_string(), "#3779b1");
    assert_eq!(t1.theme().secondary.to_string(), "#00ce70");
    assert_eq!(&*t1.modules, ["catalog"], "wallet is disabled");
    assert_eq!(t1.primary_domain.as_deref(), Some("shop-0001.test"));
}

async fn unknown_code_is_no_store(db: &Db) {
    assert!(stores::by_code(db, "t9999").await.unwrap().is_none());
}

async fn store_by_active_domain_is_the_domains_store(db: &Db) {
    let by_domain = stores::by_active_domain(db, "shop-0002.test").await.unwrap().expect("domain");
    assert_eq!(by_domain.code, "t0002");
    assert!(stores::by_active_domain(db, "shop-0201.test").await.unwrap().is_none(), "no such domain");
}

async fn enabled_modules_are_listed_sorted(db: &Db) {
    let t1 = store(db, "t0001").await;
    stores::set_module(&mut db.pool.acquire().await.unwrap(), t1.id, "wallet", true).await.unwrap();
    assert_eq!(&*store(db, "t0001").await.modules, ["catalog", "wallet"]);
    stores::set_module(&mut db.pool.acquire().await.unwrap(), t1.id, "wallet", false).await.unwrap();
    assert_eq!(&*store(db, "t0001").await.modules, ["catalog"]);
}

async fn suspending_a_store_changes_its_status_only(db: &Db) {
    let t1 = store(db, "t0001").await;
    stores::set_status(&mut db.pool.acquire().await.unwrap(), t1.id, StoreStatus::Suspended).await.unwrap();
    assert_eq!(store(db, "t0001").await.status, StoreStatus::Suspended);
    assert_eq!(store(db, "t0002").await.status, StoreStatus::Active);
}

async fn a_domain_belongs_to_one_store(db: &Db) {
    let (t1, t2) = (store(db, "t0001").await, store(db, "t0002").await);
    stores::add_active_domain(db, t1.id, "www.shop-0001.test", false).await.unwrap();
    let dup = stores::add_active_domain(db, t2.id, "www.shop-0001.test", false).await;
    assert!(matches!(dup, Err(sqlx::Error::Database(e)) if e.is_unique_violation()), "a second owner");
    let owner = stores::by_active_domain(db, "www.shop-0001.test").await.unwrap().expect("served");
    assert_eq!(owner.code, "t0001");
}

async fn only_a_stores_own_domain_can_become_its_primary(db: &Db) {
    let (t1, t2) = (store(db, "t0001").await, store(db, "t0002").await);
    stores::add_active_domain(db, t1.id, "www.shop-0001.test", false).await.unwrap();
    assert!(
        !stores::set_primary_domain(&mut db.pool.acquire().await.unwrap(), t2.id, "www.shop-0001.test")
            .await
            .unwrap(),
        "not t0002's"
    );
    assert_eq!(store(db, "t0002").await.primary_domain.as_deref(), Some("shop-0002.test"));
    assert!(stores::set_primary_domain(&mut db.pool.acquire().await.unwrap(), t1.id, "www.shop-0001.test")
        .await
        .unwrap());
    assert_eq!(store(db, "t0001").await.primary_domain.as_deref(), Some("www.shop-0001.test"));
}

async fn generated_stores_continue_after_the_existing_ones(db: &Db) {
    seed::generated(db, 3, 2, 1, false).await.unwrap();
    assert_eq!(stores::count(db).await.unwrap(), 1003);
    let s = stores::by_active_domain(db, "s001001.shop.test").await.unwrap().expect("generated domain");
    assert_eq!(s.code, "s001001");
    let listed = products::list(db, s.id, "", crate::model::ProductSort::Featured, 1, 50).await.unwrap();
    assert_eq!(listed.total, 2);
    assert!(stores::by_active_domain(db, "s001002.shop.test").await.unwrap().is_none(), "one domain only");
}

async fn a_migrated_database_is_ready(db: &Db) {
    assert!(db.ready().await);
}
