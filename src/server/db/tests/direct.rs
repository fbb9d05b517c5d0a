//! The product list's direct SQLite reads (`db::direct`): what they refuse, their
//! deadline, and that a failure leaves the connection answering the next read.

use std::time::{Duration, Instant};

use super::{id_of, FreshDb};
use crate::{
    model::ProductSort,
    server::db::{
        direct::{check_compile_options, check_library, DirectReads},
        is_busy, products, Db, DbSettings,
    },
};

fn direct(db: &Db) -> &DirectReads {
    db.direct.as_deref().expect("a SQLite file reads the product list directly")
}

fn first_name(reads: &DirectReads) -> Result<Vec<String>, sqlx::Error> {
    reads.with(|c| c.query("SELECT name FROM products WHERE id = $1", &[&1], |r| r.get(0)))
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
    let refused = reads.with(|c| c.query("UPDATE products SET name = 'x' WHERE id = $1", &[&1], |_| Ok(())));
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
    let failures: [(&str, Vec<&dyn rusqlite::ToSql>, &str); 6] = [
        ("SELECT nonsense FROM nowhere", vec![], "no such table"),
        ("SELECT name FROM products WHERE id = $1", vec![], "0 parameters given for a statement that has 1"),
        ("SELECT name FROM products WHERE id = $1", vec![&1, &2], "2 parameters given"),
        ("SELECT name FROM products WHERE id = ?", vec![&1], "parameters are written $1"),
        ("SELECT name FROM products WHERE id = $2", vec![&1], "none left out"),
        ("  ", vec![], "an empty statement"),
    ];
    for (sql, params, expected) in failures {
        let result = reads.with(|c| c.query(sql, &params, |r| r.get::<_, i64>(0)));
        let error = result.expect_err(sql).to_string();
        assert!(error.contains(expected), "{sql}: {error}");
        assert_eq!(first_name(reads).unwrap(), ["Product 01 of Store 0001"], "after {sql}");
    }
    // Only the first statement of a text is prepared: what follows it is never run.
    let first = reads.with(|c| c.query("SELECT 1; DELETE FROM products", &[], |r| r.get::<_, i64>(0)));
    assert_eq!(first.unwrap(), [1]);
    let null = reads.with(|c| c.query("SELECT NULL", &[], |r| r.get::<_, String>(0)));
    assert!(matches!(null, Err(sqlx::Error::Decode(_))), "NULL is not text: {null:?}");
    let row_error = reads.with(|c| {
        c.query("SELECT id FROM products WHERE store_id = $1", &[&1], |_| {
            Err::<(), _>(rusqlite::Error::QueryReturnedNoRows)
        })
    });
    assert!(matches!(row_error, Err(sqlx::Error::Protocol(_))), "a row's error ends the read");
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
        |a: &str, b: &str| reads.with(|c| c.query(sql, &[&a, &b], |r| r.get::<_, i64>(0))).unwrap()[0];
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
        direct(&db).with(|c| c.query("SELECT COUNT(*) FROM _sqlx_migrations", &[], |r| r.get::<_, i64>(0)));
    assert!(applied.unwrap()[0] > 0, "the direct reads see the migrated file");
    db.close().await.unwrap();
}

/// A read that runs past its deadline is ended there (not when it would have finished:
/// this one never would), fails as the database being busy, and leaves its connection
/// answering the next read.
#[tokio::test]
async fn a_read_past_its_deadline_is_abandoned_as_busy() {
    let fresh = FreshDb::sqlite().await;
    let file = fresh._dir.as_ref().expect("a SQLite file").path().join("arcade.db");
    let deadline = Duration::from_millis(50);
    let settings = DbSettings { read_deadline: deadline, ..DbSettings::new(2) };
    let db = Db::connect_with(&format!("sqlite://{}", file.display()), settings).await.unwrap();
    let reads = direct(&db);
    let endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT COUNT(*) FROM n";
    let started = Instant::now();
    let error = reads.with(|c| c.query(endless, &[], |r| r.get::<_, i64>(0))).expect_err("an endless read");
    let took = started.elapsed();
    assert!(took >= deadline && took < deadline + Duration::from_millis(200), "ended after {took:?}");
    assert!(error.to_string().contains("past its deadline of 50 ms"), "{error}");
    assert!(is_busy(&error), "a read past its deadline is the database being busy");
    assert_eq!(first_name(reads).unwrap(), ["Product 01 of Store 0001"]);
    db.close().await.unwrap();
}

/// The linked SQLite is checked before anything opens: this one has thread support and
/// FTS5, and a library without either is refused with a message that names what is missing.
#[test]
fn a_sqlite_without_threads_or_fts5_is_refused() {
    check_library().expect("the linked SQLite has thread support and FTS5");
    let options = |list: &[&str]| list.iter().map(|o| o.to_string()).collect::<Vec<_>>();
    assert_eq!(check_compile_options(&options(&["THREADSAFE=1", "ENABLE_FTS5"])), Ok(()));
    assert_eq!(check_compile_options(&options(&["THREADSAFE=2", "ENABLE_FTS5"])), Ok(()));
    let single = check_compile_options(&options(&["THREADSAFE=0", "ENABLE_FTS5"])).unwrap_err();
    assert!(single.contains("without thread support (THREADSAFE=0)"), "{single}");
    let unknown = check_compile_options(&options(&["ENABLE_FTS5"])).unwrap_err();
    assert!(unknown.contains("THREADSAFE=unknown"), "{unknown}");
    let no_fts = check_compile_options(&options(&["THREADSAFE=1", "ENABLE_FTS4"])).unwrap_err();
    assert!(no_fts.contains("without FTS5"), "{no_fts}");
}

/// The linked SQLite is built as `.cargo/config.toml` asks: each connection's page cache
/// behind its own lock, not every connection's in one cache behind one lock
/// (`ENABLE_MEMORY_MANAGEMENT`), and no memory statistics (a lock around every allocation).
#[test]
fn the_linked_sqlite_keeps_no_lock_that_all_connections_share() {
    let db = rusqlite::Connection::open_in_memory().expect("an in-memory database");
    let mut statement = db.prepare("PRAGMA compile_options").unwrap();
    let options: Vec<String> =
        statement.query_map([], |row| row.get(0)).unwrap().collect::<Result<_, _>>().unwrap();
    assert!(!options.iter().any(|o| o == "ENABLE_MEMORY_MANAGEMENT"), "one shared page cache: {options:?}");
    assert!(options.iter().any(|o| o == "DEFAULT_MEMSTATUS=0"), "memory statistics kept: {options:?}");
}
