//! The product list's direct SQLite reads (`db::direct`): what they refuse, and that a
//! failure leaves the connection answering the next read.

use super::{id_of, FreshDb};
use crate::{
    model::ProductSort,
    server::db::{
        direct::{DirectReads, Param::*},
        products, Db,
    },
};

fn direct(db: &Db) -> &DirectReads {
    db.direct.as_deref().expect("a SQLite file reads the product list directly")
}

fn first_name(reads: &DirectReads) -> Result<Vec<String>, sqlx::Error> {
    reads.with(|c| {
        c.query("SELECT name FROM products WHERE id = $1", &[Int(1)], |r| Ok(r.text(0)?.to_owned()))
    })
}

fn idle(reads: &DirectReads) -> usize {
    reads.idle.lock().unwrap().len()
}

#[tokio::test]
async fn the_list_sees_a_commit_made_just_before_it() {
    let fresh = FreshDb::sqlite().await;
    let db = &fresh.db;
    let store = id_of(db, "t0001").await;
    let name = |db| async move {
        products::list(db, store, "", ProductSort::Featured, 1, 20).await.unwrap().products[0].name.clone()
    };
    assert_eq!(name(db).await, "Product 01 of Store 0001");
    sqlx::query("UPDATE products SET name = 'Renamed' WHERE id = 1").execute(&db.pool).await.unwrap();
    assert_eq!(name(db).await, "Renamed");
}

#[tokio::test]
async fn a_write_is_refused_and_changes_nothing() {
    let fresh = FreshDb::sqlite().await;
    let reads = direct(&fresh.db);
    let refused =
        reads.with(|c| c.query("UPDATE products SET name = 'x' WHERE id = $1", &[Int(1)], |_| Ok(())));
    let error = refused.expect_err("the list's connections only read").to_string();
    assert!(error.contains("readonly"), "{error}");
    assert_eq!(first_name(reads).unwrap(), ["Product 01 of Store 0001"]);
}

/// Every kind of failure is an error, and the connection it happened on (the only one:
/// reads here are one at a time) goes back and answers the next read.
#[tokio::test]
async fn a_failed_statement_leaves_its_connection_answering() {
    let fresh = FreshDb::sqlite().await;
    let reads = direct(&fresh.db);
    let failures = [
        ("SELECT nonsense FROM nowhere", vec![], "no such table"),
        ("SELECT name FROM products WHERE id = $1", vec![], "0 parameters given for a statement that has 1"),
        ("SELECT name FROM products WHERE id = $1", vec![Int(1), Int(2)], "2 parameters given"),
        ("SELECT name FROM products WHERE id = ?", vec![Int(1)], "parameters are written $1"),
        ("SELECT name FROM products WHERE id = $2", vec![Int(1), Int(1)], "none left out"),
        ("SELECT 1; DELETE FROM products", vec![], "one statement at a time"),
        ("  ", vec![], "an empty statement"),
    ];
    for (sql, params, expected) in failures {
        let result = reads.with(|c| c.query(sql, &params, |r| Ok(r.int(0))));
        let error = result.expect_err(sql).to_string();
        assert!(error.contains(expected), "{sql}: {error}");
        assert_eq!(first_name(reads).unwrap(), ["Product 01 of Store 0001"], "after {sql}");
    }
    let null = reads.with(|c| c.query("SELECT NULL", &[], |r| Ok(r.text(0)?.to_owned())));
    assert!(null.expect_err("NULL is not text").to_string().contains("NULL where text was expected"));
    let row_error = reads.with(|c| {
        c.query("SELECT id FROM products WHERE store_id = $1", &[Int(1)], |_| {
            Err::<(), _>(sqlx::Error::RowNotFound)
        })
    });
    assert!(matches!(row_error, Err(sqlx::Error::RowNotFound)), "a row's error ends the read");
    assert_eq!(first_name(reads).unwrap(), ["Product 01 of Store 0001"]);
    assert_eq!(idle(reads), 1, "one connection served every read");
    assert!(
        products::count(&fresh.db, id_of(&fresh.db, "t0001").await).await.unwrap() == 20,
        "nothing was deleted"
    );
}

/// Text is bound as a value, never spliced into the statement, and a statement reused
/// with other values answers for them.
#[tokio::test]
async fn bound_text_is_a_value_and_a_kept_statement_takes_new_ones() {
    let fresh = FreshDb::sqlite().await;
    let reads = direct(&fresh.db);
    let sql = "SELECT COUNT(*) FROM products WHERE name = $1 OR $2 = 'all'";
    let count =
        |a: &str, b: &str| reads.with(|c| c.query(sql, &[Text(a), Text(b)], |r| Ok(r.int(0)))).unwrap()[0];
    assert_eq!(count("' OR 1=1 --", ""), 0);
    assert_eq!(count("Product 03 of Store 0007", ""), 1);
    assert_eq!(count("", "all"), 20_000);
    assert_eq!(count("Product 03 of Store 0007\0", ""), 0, "a NUL is part of the text");
}

#[tokio::test]
async fn a_closed_database_refuses_direct_reads() {
    let fresh = FreshDb::sqlite().await;
    let reads = fresh.db.direct.clone().expect("direct reads");
    first_name(&reads).unwrap();
    fresh.db.clone().close().await.unwrap();
    assert!(matches!(first_name(&reads), Err(sqlx::Error::PoolClosed)));
    assert_eq!(idle(&reads), 0, "its connections are closed");
}

/// Lists asked from many tasks at once on a runtime of several threads each get their
/// own store's page, over no more connections than reads ran at the same time.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_lists_each_get_their_own_page() {
    let fresh = FreshDb::sqlite().await;
    let db = fresh.db.clone();
    let mut stores = Vec::new();
    for code in ["t0001", "t0002", "t0500", "t1000"] {
        stores.push(id_of(&db, code).await);
    }
    let tasks: Vec<_> = (0..64)
        .map(|i| {
            let (db, store) = (db.clone(), stores[i % stores.len()]);
            tokio::spawn(async move {
                let page = products::list(&db, store, "", ProductSort::PriceDesc, 1, 20).await.unwrap();
                let first = (store.get() - 1) * 20 + 1;
                assert_eq!(page.total, 20);
                assert!(page.products.iter().all(|p| (first..first + 20).contains(&p.id)), "store {store:?}");
                assert!(page.products.windows(2).all(|w| w[0].price_cents >= w[1].price_cents));
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    assert!((1..=4).contains(&idle(direct(&db))), "{} connections", idle(direct(&db)));
}

/// A file name written percent-encoded in the URL (as a space or `#` must be) is read from
/// the file the pool writes, as sqlx decodes it.
#[tokio::test]
async fn a_percent_encoded_file_name_reads_the_pools_file() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/my%20shop%231.db", dir.path().display());
    let db = Db::connect(&url, 2).await.unwrap();
    db.migrate().await.unwrap();
    assert!(dir.path().join("my shop#1.db").is_file(), "sqlx decodes the name");
    let applied =
        direct(&db).with(|c| c.query("SELECT COUNT(*) FROM _sqlx_migrations", &[], |r| Ok(r.int(0))));
    assert!(applied.unwrap()[0] > 0, "the direct reads see the migrated file");
    db.close().await.unwrap();
}
