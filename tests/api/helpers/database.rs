//! The database under each test app: a fresh copy of the bench data set, on the backend
//! that `ARCADE_TEST_DATABASE` names (`sqlite`, the default, or `postgres`).
//!
//! The bench data set is seeded once per test process into a template; each test then
//! gets its own copy (a file copy on SQLite, `CREATE DATABASE … TEMPLATE` on PostgreSQL),
//! which costs a fraction of seeding 1,000 stores again.

use std::path::Path;

use arcade::server::{
    auth::password::random_hex,
    db::{Db, DbSettings},
    seed,
};
use sqlx::{AnyConnection, Connection, Executor};
use tokio::sync::OnceCell;

/// Connections in each test app's pool.
pub const POOL_SIZE: u32 = 4;

/// The backend the integration tests run on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TestBackend {
    Sqlite,
    /// A PostgreSQL cluster: the URL of any database on it, used to create and drop others.
    Postgres(String),
}

/// The backend named by `ARCADE_TEST_DATABASE`; panics on an unknown name, or on
/// `postgres` without a cluster, so a missing database is a failure and never a skip.
pub fn backend() -> TestBackend {
    match std::env::var("ARCADE_TEST_DATABASE").as_deref() {
        Err(_) | Ok("") | Ok("sqlite") => TestBackend::Sqlite,
        Ok("postgres") => match std::env::var("ARCADE_TEST_POSTGRES_URL") {
            Ok(url) if !url.is_empty() => TestBackend::Postgres(url),
            _ => panic!(
                "ARCADE_TEST_DATABASE=postgres needs ARCADE_TEST_POSTGRES_URL, the URL of a PostgreSQL \
                 database whose user may create databases (scripts/with-postgres.sh starts a throwaway \
                 cluster and sets it; `make test-unit` does both)"
            ),
        },
        Ok(other) => panic!("ARCADE_TEST_DATABASE={other:?}: use sqlite or postgres"),
    }
}

/// A test's own database, seeded with the bench data set. A PostgreSQL one is dropped
/// with it; a SQLite one is a file in `dir`, removed with the test's directory.
pub struct TestDatabase {
    pub db: Db,
    postgres: Option<(String, String)>,
}

impl TestDatabase {
    /// A fresh copy of the bench data set, opened with `settings`; SQLite files go into `dir`.
    pub async fn create(dir: &Path, settings: DbSettings) -> Self {
        match backend() {
            TestBackend::Sqlite => {
                let file = dir.join("arcade.db");
                std::fs::write(&file, sqlite_template().await).expect("copy the template database");
                let db = Db::connect_with(&format!("sqlite://{}", file.display()), settings)
                    .await
                    .expect("open the test database");
                Self { db, postgres: None }
            }
            TestBackend::Postgres(cluster) => {
                let template = postgres_template(&cluster).await;
                let name = format!("arcade_t_{}", random_hex(8));
                admin_execute(&cluster, &format!("CREATE DATABASE {name} TEMPLATE {template}")).await;
                let db = Db::connect_with(&database_url(&cluster, &name), settings)
                    .await
                    .expect("connect to the test database");
                Self { db, postgres: Some((cluster, name)) }
            }
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some((cluster, name)) = self.postgres.take() else { return };
        // Drop runs inside the test's runtime, which cannot be blocked on; a thread with its
        // own runtime can. FORCE ends the connections the server still holds.
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

/// The bytes of a SQLite database holding the migrated bench data set, made once.
async fn sqlite_template() -> &'static [u8] {
    static TEMPLATE: OnceCell<Vec<u8>> = OnceCell::const_new();
    TEMPLATE
        .get_or_init(|| async {
            let dir = tempfile::tempdir().expect("a directory for the template database");
            let seeded = dir.path().join("seeded.db");
            let db =
                Db::connect(&format!("sqlite://{}", seeded.display()), 1).await.expect("open the template");
            db.migrate().await.expect("migrate the template database");
            seed::bench(&db, false).await.expect("seed the bench data set");
            // One self-contained file, whatever is still in the write-ahead log.
            let file = dir.path().join("template.db");
            sqlx::query("VACUUM INTO $1")
                .bind(file.display().to_string())
                .execute(&db.pool)
                .await
                .expect("write the template database");
            db.pool.close().await;
            std::fs::read(&file).expect("read the template database")
        })
        .await
}

/// The name of a PostgreSQL database holding the migrated bench data set, made once per
/// test process. It stays on the cluster (a throwaway one under `make test-unit`).
async fn postgres_template(cluster: &str) -> &'static str {
    static TEMPLATE: OnceCell<String> = OnceCell::const_new();
    TEMPLATE
        .get_or_init(|| async {
            let name = format!("arcade_tpl_{}", random_hex(8));
            admin_execute(cluster, &format!("CREATE DATABASE {name}")).await;
            let db = Db::connect(&database_url(cluster, &name), POOL_SIZE)
                .await
                .expect("connect to the template database");
            db.migrate().await.expect("migrate the template database");
            seed::bench(&db, false).await.expect("seed the bench data set");
            // A template must have no connections when it is copied.
            db.pool.close().await;
            name
        })
        .await
}

/// Runs one statement on the cluster's database named in `cluster` (CREATE/DROP DATABASE).
async fn admin_execute(cluster: &str, sql: &str) {
    sqlx::any::install_default_drivers();
    let mut conn = AnyConnection::connect(cluster)
        .await
        .unwrap_or_else(|e| panic!("connect to PostgreSQL at ARCADE_TEST_POSTGRES_URL: {e}"));
    conn.execute(sql).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    conn.close().await.expect("close the admin connection");
}

/// `cluster` with its database name replaced by `name` (user, host, port and options kept).
fn database_url(cluster: &str, name: &str) -> String {
    let (base, query) = cluster.split_once('?').map_or((cluster, None), |(b, q)| (b, Some(q)));
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[authority_start..].find('/').map_or(base.len(), |i| authority_start + i);
    let mut url = format!("{}/{name}", &base[..path_start]);
    if let Some(query) = query {
        url.push('?');
        url.push_str(query);
    }
    url
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
