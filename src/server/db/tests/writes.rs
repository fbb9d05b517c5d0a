//! Writes run on the writer thread ([`Db::on_writer`]) and writes begun anywhere else take
//! the same turns: none is lost, none meets a busy database, and what a write on the
//! writer returns (a value, an error, a panic) reaches its caller.

use super::on_both_backends;
use crate::server::db::{
    ids::{self, Counter},
    Db,
};

on_both_backends!(
    writes_on_the_writer_and_elsewhere_all_commit,
    a_failed_write_on_the_writer_leaves_nothing,
    a_write_dropped_before_its_commit_leaves_nothing,
);

#[tokio::test]
async fn a_panic_on_the_writer_reaches_its_caller() {
    let fresh = super::FreshDb::sqlite().await;
    let db = fresh.db.clone();
    let outcome = tokio::spawn(async move {
        db.on_writer(async {
            if true {
                panic!("a write that panics")
            } else {
                Ok::<(), sqlx::Error>(())
            }
        })
        .await
    })
    .await;
    assert!(outcome.expect_err("the panic reaches the caller").is_panic());
    // The writer thread goes on: the next write runs.
    let db = fresh.db.clone();
    let n = fresh.db.on_writer(async move { next_key_id(&db).await }).await.expect("a write after the panic");
    assert!(n > 0);
}

#[tokio::test]
async fn a_write_dropped_where_no_runtime_runs_leaves_nothing_and_the_next_goes_on() {
    let fresh = super::FreshDb::sqlite().await;
    let before = next_key_id(&fresh.db).await.expect("a write");
    let mut tx = fresh.db.begin_write().await.unwrap();
    ids::next(&mut tx, Counter::ApiKeys).await.unwrap();
    // Dropped on a thread with no runtime to roll it back: the transaction stays open
    // until the next writer takes its turn and rolls it back, also one that writes
    // outside a transaction.
    std::thread::spawn(move || drop(tx)).join().unwrap();
    let mut conn = fresh.db.write_conn().await.expect("the next writer's turn");
    ids::next(&mut conn, Counter::ApiKeys).await.unwrap();
    drop(conn);
    assert_eq!(
        next_key_id(&fresh.db).await.expect("the write after it"),
        before + 2,
        "the dropped write took no id, the one-statement write after it kept its own"
    );
}

#[tokio::test]
async fn the_checkpoint_thread_copies_the_log_into_the_file_while_writes_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("log.db");
    let db = Db::connect(&format!("sqlite://{}", file.display()), 2).await.unwrap();
    let mut tx = db.begin_write().await.unwrap();
    sqlx::query("CREATE TABLE filler (body TEXT NOT NULL)").execute(&mut *tx).await.unwrap();
    tx.commit().await.unwrap();
    let before = std::fs::metadata(&file).unwrap().len();
    // About 300 pages, well under the 1,000 at which a connection would checkpoint itself:
    // the file grows only when the checkpoint thread copies them in.
    for _ in 0..20 {
        let mut tx = db.begin_write().await.unwrap();
        for _ in 0..60 {
            sqlx::query("INSERT INTO filler (body) VALUES ($1)")
                .bind("x".repeat(1_000))
                .execute(&mut *tx)
                .await
                .unwrap();
        }
        tx.commit().await.unwrap();
    }
    let grown = async {
        while std::fs::metadata(&file).unwrap().len() < before + 1_000_000 {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(5), grown)
        .await
        .expect("the rows reach the database file within a few checkpoints");
}

/// Takes the next API key id in a write of its own.
async fn next_key_id(db: &Db) -> Result<i64, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let n = ids::next(&mut tx, Counter::ApiKeys).await?;
    tx.commit().await?;
    Ok(n)
}

async fn writes_on_the_writer_and_elsewhere_all_commit(db: &Db) {
    let first = next_key_id(db).await.expect("a write");
    let mut tasks = Vec::new();
    for i in 0..40 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            if i % 2 == 0 {
                let on = db.clone();
                on.on_writer(async move { next_key_id(&db).await }).await
            } else {
                next_key_id(&db).await
            }
        }));
    }
    let mut ids = Vec::new();
    for t in tasks {
        ids.push(t.await.expect("no panic").expect("no write refused or busy"));
    }
    ids.sort_unstable();
    let expected: Vec<i64> = (first + 1..=first + 40).collect();
    assert_eq!(ids, expected, "every write committed once, none lost or repeated");
}

async fn a_write_dropped_before_its_commit_leaves_nothing(db: &Db) {
    let before = next_key_id(db).await.expect("a write");
    let mut tx = db.begin_write().await.unwrap();
    ids::next(&mut tx, Counter::ApiKeys).await.unwrap();
    drop(tx);
    assert_eq!(next_key_id(db).await.expect("the next write"), before + 1, "the dropped write took no id");
}

async fn a_failed_write_on_the_writer_leaves_nothing(db: &Db) {
    let before = next_key_id(db).await.expect("a write");
    let inner = db.clone();
    let failed: Result<(), sqlx::Error> = db
        .on_writer(async move {
            let mut tx = inner.begin_write().await?;
            ids::next(&mut tx, Counter::ApiKeys).await?;
            sqlx::query("INSERT INTO no_such_table VALUES (1)").execute(&mut *tx).await?;
            tx.commit().await
        })
        .await;
    assert!(failed.is_err(), "the statement's error is the write's");
    assert_eq!(next_key_id(db).await.expect("a write"), before + 1, "the failed write took no id");
}

/// The writer thread and its connection's thread keep to one core, the same one, where the
/// process may use more than one: each statement's hand-back is then a switch on that core,
/// not a wake-up of another (see `writer::WriterThread`).
#[cfg(target_os = "linux")]
#[tokio::test]
async fn the_writer_and_its_connections_thread_share_one_core() {
    let cores = core_affinity::get_core_ids().unwrap_or_default();
    let Some(last) = cores.last().filter(|_| cores.len() > 1) else {
        eprintln!("one core: nothing to keep to");
        return;
    };
    let fresh = super::FreshDb::sqlite().await;
    // A write through it, so its threads are up.
    next_key_id(&fresh.db).await.expect("a write");
    let threads = std::fs::read_dir("/proc/self/task").expect("this process's threads");
    let (mut writers, mut workers) = (Vec::new(), Vec::new());
    for t in threads.flatten() {
        let name = std::fs::read_to_string(t.path().join("comm")).unwrap_or_default();
        let status = std::fs::read_to_string(t.path().join("status")).unwrap_or_default();
        let cores = status
            .lines()
            .find_map(|l| l.strip_prefix("Cpus_allowed_list:"))
            .unwrap_or("")
            .trim()
            .to_string();
        match name.trim() {
            "arcade-writer" => writers.push(cores),
            n if n.starts_with("sqlx-sqlite") => workers.push(cores),
            _ => {}
        }
    }
    let only_last = last.id.to_string();
    assert!(!writers.is_empty(), "a writer thread runs");
    assert!(writers.iter().all(|c| *c == only_last), "writer threads keep to core {only_last}: {writers:?}");
    assert!(
        workers.contains(&only_last),
        "the writes' connection's thread keeps to the writer's core: {workers:?}"
    );
    assert!(workers.iter().any(|c| *c != only_last), "the pool's connections run on any core: {workers:?}");
}
