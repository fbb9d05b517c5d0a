//! The repository tests: each behaviour runs twice, as `{behaviour}::sqlite` and
//! `{behaviour}::postgres`, each on its own fresh database holding the bench data set.
//!
//! The PostgreSQL half needs `ARCADE_TEST_POSTGRES_URL` (`make test-unit` starts a throwaway
//! cluster and sets it) and fails without it. To run only the SQLite half, leave the other
//! out by name: `cargo test --features ssr --lib -- --skip ::postgres`.

mod accounts;
mod console;
mod direct;
mod migrations;
mod products;
mod reads;
mod stores;

use tokio::sync::OnceCell;

use super::Db;
use crate::server::{auth::password::random_hex, seed};

/// Runs each named behaviour, an `async fn name(db: &Db)` of the calling module, as two
/// tests: `name::sqlite` and `name::postgres`, each on a fresh database.
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                let fresh = $crate::server::db::tests::FreshDb::sqlite().await;
                super::$name(&fresh.db).await;
            }

            #[tokio::test]
            async fn postgres() {
                let fresh = $crate::server::db::tests::FreshDb::postgres().await;
                super::$name(&fresh.db).await;
            }
        }
    )*};
}
use on_both_backends;

/// A database of its own for one test, holding the bench data set. A PostgreSQL one is
/// dropped with it, a SQLite one is a file in a directory removed with it.
pub(crate) struct FreshDb {
    pub db: Db,
    _dir: Option<tempfile::TempDir>,
    postgres: Option<(String, String)>,
}

impl FreshDb {
    /// A SQLite file copied from a template seeded once per test process.
    pub async fn sqlite() -> Self {
        static TEMPLATE: OnceCell<Vec<u8>> = OnceCell::const_new();
        let template = TEMPLATE
            .get_or_init(|| async {
                let dir = tempfile::tempdir().expect("a directory for the template");
                let db = seeded(&format!("sqlite://{}", dir.path().join("seeded.db").display())).await;
                // One self-contained file, whatever is still in the write-ahead log.
                let file = dir.path().join("template.db");
                sqlx::query("VACUUM INTO $1")
                    .bind(file.display().to_string())
                    .execute(&db.pool)
                    .await
                    .expect("write the template");
                db.pool.close().await;
                std::fs::read(&file).expect("read the template")
            })
            .await;
        let dir = tempfile::tempdir().expect("a directory for the test database");
        let file = dir.path().join("arcade.db");
        std::fs::write(&file, template).expect("copy the template");
        let db =
            Db::connect(&format!("sqlite://{}", file.display()), 4).await.expect("open the test database");
        Self { db, _dir: Some(dir), postgres: None }
    }

    /// A PostgreSQL database created from a template seeded once per test process; fails
    /// the test when no cluster is given, so a missing PostgreSQL never passes as a skip.
    pub async fn postgres() -> Self {
        let cluster =
            std::env::var("ARCADE_TEST_POSTGRES_URL").ok().filter(|u| !u.is_empty()).unwrap_or_else(|| {
                panic!(
                    "ARCADE_TEST_POSTGRES_URL is not set: this test needs PostgreSQL. `make test-unit` \
                     starts a throwaway cluster (scripts/with-postgres.sh); to run only the SQLite \
                     tests, leave these out: cargo test --features ssr --lib -- --skip ::postgres"
                )
            });
        static TEMPLATE: OnceCell<String> = OnceCell::const_new();
        let template = TEMPLATE
            .get_or_init(|| async {
                let name = format!("arcade_tpl_{}", random_hex(8));
                admin_execute(&cluster, &format!("CREATE DATABASE {name}")).await;
                let db = seeded(&database_url(&cluster, &name)).await;
                // A template must have no connections when it is copied.
                db.pool.close().await;
                name
            })
            .await;
        let name = format!("arcade_t_{}", random_hex(8));
        admin_execute(&cluster, &format!("CREATE DATABASE {name} TEMPLATE {template}")).await;
        let db = Db::connect(&database_url(&cluster, &name), 4).await.expect("connect to the test database");
        Self { db, _dir: None, postgres: Some((cluster, name)) }
    }
}

impl Drop for FreshDb {
    fn drop(&mut self) {
        let Some((cluster, name)) = self.postgres.take() else { return };
        // The test's runtime cannot be blocked on; a thread with its own runtime can.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build();
            runtime
                .expect("a runtime to drop the test database")
                .block_on(admin_execute(&cluster, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")));
        })
        .join();
        if dropped.is_err() && !std::thread::panicking() {
            panic!("could not drop the test database");
        }
    }
}

/// The id of the store with this code, which the test expects to exist.
pub(crate) async fn id_of(db: &Db, code: &str) -> super::StoreId {
    super::stores::by_code(db, code).await.unwrap().unwrap_or_else(|| panic!("store {code}")).id
}

/// A migrated database at `url` with the bench data set.
async fn seeded(url: &str) -> Db {
    let db = Db::connect(url, 4).await.expect("open the template database");
    db.migrate().await.expect("migrate the template database");
    seed::bench(&db, false).await.expect("seed the bench data set");
    db
}

/// Runs one statement (CREATE/DROP DATABASE) on the database `cluster` names.
async fn admin_execute(cluster: &str, sql: &str) {
    use sqlx::{AnyConnection, Connection, Executor};
    sqlx::any::install_default_drivers();
    let mut conn = AnyConnection::connect(cluster)
        .await
        .unwrap_or_else(|e| panic!("connect to PostgreSQL at ARCADE_TEST_POSTGRES_URL: {e}"));
    conn.execute(sql).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    conn.close().await.expect("close the admin connection");
}

/// `cluster` with its database name replaced by `name`.
fn database_url(cluster: &str, name: &str) -> String {
    let (base, query) = cluster.split_once('?').map_or((cluster, None), |(b, q)| (b, Some(q)));
    let authority = base.find("://").map_or(0, |i| i + 3);
    let path = base[authority..].find('/').map_or(base.len(), |i| authority + i);
    match query {
        Some(query) => format!("{}/{name}?{query}", &base[..path]),
        None => format!("{}/{name}", &base[..path]),
    }
}

#[test]
fn database_url_replaces_only_the_database_name() {
    assert_eq!(database_url("postgres://u@h:5/arcade_test", "x"), "postgres://u@h:5/x");
    assert_eq!(
        database_url("postgres://u:p@h/db?sslmode=disable", "x"),
        "postgres://u:p@h/x?sslmode=disable"
    );
    assert_eq!(database_url("postgres://h", "x"), "postgres://h/x");
}
