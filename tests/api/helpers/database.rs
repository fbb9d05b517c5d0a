//! The database under each test app: a fresh copy of the bench data set, on the backend
//! that `ARCADE_TEST_DATABASE` names (`sqlite`, the default, or `postgres`).
//!
//! The bench data set is seeded once per test process into a template; each test then
//! gets its own copy (see `arcade::server::db::fresh`).

use std::path::Path;

use arcade::server::db::{fresh::Fresh, Db, DbSettings};

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

/// A test's own database, seeded with the bench data set (`arcade::server::db::fresh`). A
/// PostgreSQL one is dropped with it; a SQLite one is a file in `dir`, removed with the
/// test's directory.
pub struct TestDatabase {
    pub db: Db,
    fresh: Fresh,
}

impl TestDatabase {
    /// A fresh copy of the bench data set, opened with `settings`; SQLite files go into `dir`.
    pub async fn create(dir: &Path, settings: DbSettings) -> Self {
        let fresh = match backend() {
            TestBackend::Sqlite => Fresh::sqlite(&dir.join("arcade.db"), settings).await,
            TestBackend::Postgres(cluster) => Fresh::postgres(&cluster, settings).await,
        };
        Self { db: fresh.db.clone(), fresh }
    }

    /// The PostgreSQL database's URL (`None` on SQLite), for a second node on it.
    pub fn postgres_url(&self) -> Option<String> {
        self.fresh.postgres_url()
    }
}
