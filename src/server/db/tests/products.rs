//! Products: scoped by store, searched, sorted and paged.

use super::{id_of, on_both_backends};
use crate::{
    model::ProductSort,
    server::db::{products, products::NewProduct, stores, Db, StoreId},
};

async fn total(db: &Db, store: StoreId, q: &str) -> i64 {
    products::list(db, store, q, ProductSort::Featured, 1, 50).await.unwrap().total
}

on_both_backends!(
    a_stores_list_holds_its_20_bench_products_with_their_prices,
    a_product_of_another_store_is_not_found,
    a_store_cannot_delete_another_stores_product,
    search_matches_a_name_in_any_case_within_the_store,
    percent_and_underscore_in_a_search_are_literals,
    price_ascending_lists_the_cheapest_first,
    page_two_of_eight_holds_products_9_to_16,
    a_page_past_the_end_is_empty_and_still_counts_the_matches,
    new_products_get_fresh_ids_in_turn_after_the_seeded_ones,
    a_listed_product_is_the_product_as_stored_whatever_its_text,
    price_descending_keeps_its_order_through_the_page,
);

async fn a_stores_list_holds_its_20_bench_products_with_their_prices(db: &Db) {
    let page = products::list(db, id_of(db, "t0001").await, "", ProductSort::Featured, 1, 50).await.unwrap();
    assert_eq!(page.total, 20);
    assert_eq!(page.products.iter().map(|p| p.id).collect::<Vec<_>>(), (1..=20).collect::<Vec<_>>());
    assert_eq!(page.products[0].name, "Product 01 of Store 0001");
    assert_eq!(page.products[0].price_cents, 337, "199 + (1 * 37 + 1 * 101) % 9800");
}

async fn a_product_of_another_store_is_not_found(db: &Db) {
    let (t1, t2) = (id_of(db, "t0001").await, id_of(db, "t0002").await);
    assert!(products::get(db, t1, 21).await.unwrap().is_none(), "product 21 belongs to t0002");
    assert_eq!(
        products::get(db, t2, 21).await.unwrap().expect("t0002's product").name,
        "Product 01 of Store 0002"
    );
}

async fn a_store_cannot_delete_another_stores_product(db: &Db) {
    let (t1, t2) = (id_of(db, "t0001").await, id_of(db, "t0002").await);
    assert!(!products::delete(&mut db.pool.acquire().await.unwrap(), t1, 21).await.unwrap());
    assert!(products::get(db, t2, 21).await.unwrap().is_some());
}

async fn search_matches_a_name_in_any_case_within_the_store(db: &Db) {
    let t1 = id_of(db, "t0001").await;
    let hits = products::list(db, t1, "product 07", ProductSort::Featured, 1, 50).await.unwrap();
    assert_eq!(hits.total, 1);
    assert_eq!(hits.products[0].name, "Product 07 of Store 0001");
    assert_eq!(total(db, t1, "of Store 0002").await, 0, "search never reaches another store");
}

async fn percent_and_underscore_in_a_search_are_literals(db: &Db) {
    let t1 = id_of(db, "t0001").await;
    assert_eq!(total(db, t1, "%").await, 0);
    assert_eq!(total(db, t1, "Product _7").await, 0);
}

async fn price_ascending_lists_the_cheapest_first(db: &Db) {
    let t1 = id_of(db, "t0001").await;
    let asc = products::list(db, t1, "", ProductSort::PriceAsc, 1, 50).await.unwrap().products;
    let prices: Vec<i64> = asc.iter().map(|p| p.price_cents).collect();
    let mut sorted = prices.clone();
    sorted.sort_unstable();
    assert_eq!(prices, sorted);
    assert_eq!(asc.len(), 20);
}

async fn page_two_of_eight_holds_products_9_to_16(db: &Db) {
    let t1 = id_of(db, "t0001").await;
    let paged = products::list(db, t1, "", ProductSort::Featured, 2, 8).await.unwrap();
    assert_eq!(paged.products.iter().map(|p| p.id).collect::<Vec<_>>(), (9..=16).collect::<Vec<_>>());
    assert_eq!(paged.total, 20);
}

async fn a_page_past_the_end_is_empty_and_still_counts_the_matches(db: &Db) {
    let t1 = id_of(db, "t0001").await;
    let past = products::list(db, t1, "", ProductSort::Featured, 4, 8).await.unwrap();
    assert!(past.products.is_empty());
    assert_eq!((past.total, past.page), (20, 4));
    let first = products::list(db, t1, "product 1", ProductSort::Name, 1, 100).await.unwrap();
    assert!(first.products.iter().any(|p| p.name == "Product 19 of Store 0001"));
    let searched = products::list(db, t1, "product 1", ProductSort::Name, 9, 8).await.unwrap();
    assert!(searched.products.is_empty());
    assert_eq!(searched.total, first.products.len() as i64, "the same count as the first page's");
}

async fn new_products_get_fresh_ids_in_turn_after_the_seeded_ones(db: &Db) {
    let before = stores::by_code(db, "t0001").await.unwrap().unwrap();
    let new =
        NewProduct { name: "Mug".into(), description: "Blue".into(), price_cents: 1200, stock: Some(4) };
    let mut conn = db.pool.acquire().await.unwrap();
    let created = products::create(&mut conn, before.id, &new).await.unwrap();
    assert!(created.id > 20_000, "after every bench product: {}", created.id);
    assert_eq!(products::create(&mut conn, before.id, &new).await.unwrap().id, created.id + 1);
    assert_eq!(
        products::get(db, before.id, created.id).await.unwrap().map(|p| p.name).as_deref(),
        Some("Mug")
    );
    assert!(products::delete(&mut conn, before.id, created.id).await.unwrap());
    assert!(products::get(db, before.id, created.id).await.unwrap().is_none());
}

/// However the list is read (rows on the calling thread on a SQLite file, one JSON row
/// elsewhere): quotes, backslashes, markup, non-ASCII text, an image and a missing image all
/// come back exactly as a plain read of the row gives them.
async fn a_listed_product_is_the_product_as_stored_whatever_its_text(db: &Db) {
    let t1 = id_of(db, "t0001").await;
    let name = r#"Tee "Ærø" \ </script><b>&amp; 🧵"#;
    let new = NewProduct {
        name: name.into(),
        description: "line one\nline\ttwo".into(),
        price_cents: 0,
        stock: Some(0),
    };
    let mut conn = db.pool.acquire().await.unwrap();
    let odd = products::create(&mut conn, t1, &new).await.unwrap();
    assert!(products::set_image(&mut conn, t1, 3, "/uploads/t0001-p3-\"x\".png").await.unwrap());
    let listed = products::list(db, t1, "", ProductSort::Featured, 1, 100).await.unwrap();
    assert_eq!(listed.total, 21);
    for id in [odd.id, 3, 4] {
        let stored = products::get(db, t1, id).await.unwrap().expect("stored");
        assert_eq!(listed.products.iter().find(|p| p.id == id), Some(&stored), "product {id}");
    }
    assert_eq!(listed.products.last().map(|p| p.name.as_str()), Some(name));
    assert_eq!(listed.products[2].image_url.as_deref(), Some("/uploads/t0001-p3-\"x\".png"));
    assert_eq!(listed.products[3].image_url, None);
}

async fn price_descending_keeps_its_order_through_the_page(db: &Db) {
    let t1 = id_of(db, "t0001").await;
    let all = products::list(db, t1, "", ProductSort::PriceDesc, 1, 100).await.unwrap().products;
    let prices: Vec<i64> = all.iter().map(|p| p.price_cents).collect();
    let mut sorted = prices.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(prices, sorted);
    let second = products::list(db, t1, "", ProductSort::PriceDesc, 2, 7).await.unwrap().products;
    assert_eq!(second, all[7..14].to_vec(), "page 2 of 7 is the 8th to 14th dearest");
}
