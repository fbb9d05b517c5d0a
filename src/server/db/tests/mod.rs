//! The repository tests: each behaviour runs on each backend, as `{behaviour}::sqlite`,
//! `{behaviour}::sqlite_pooled` and `{behaviour}::postgres`, each on its own fresh database
//! holding the bench data set.
//!
//! The PostgreSQL half needs `ARCADE_TEST_POSTGRES_URL` (`make test-unit` starts a throwaway
//! cluster and sets it) and fails without it. To run only the SQLite half, leave the other
//! out by name: `cargo test --features ssr --lib -- --skip ::postgres`.

mod accounts;
mod carts;
mod console;
mod direct;
mod migrations;
mod products;
mod reads;
mod stores;
mod writes;

use super::{fresh::Fresh, Db, DbSettings};

/// Runs each named behaviour, an `async fn name(db: &Db)` of the calling module, as three
/// tests, each on a fresh database: `name::sqlite`, `name::sqlite_pooled` (the same file
/// with every read through the pool, as an in-memory database reads: the catalog's other
/// row reader) and `name::postgres`.
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                let fresh = $crate::server::db::tests::FreshDb::sqlite().await;
                super::$name(&fresh.db).await;
            }

            #[tokio::test]
            async fn sqlite_pooled() {
                let fresh = $crate::server::db::tests::FreshDb::sqlite().await;
                super::$name(&fresh.db.without_direct_reads()).await;
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

/// A database of its own for one test, holding the bench data set ([`fresh`]): a
/// PostgreSQL one is dropped with it, a SQLite one is a file in a directory removed with it.
pub(crate) struct FreshDb {
    pub db: Db,
    _fresh: Fresh,
    _dir: Option<tempfile::TempDir>,
}

impl FreshDb {
    /// A SQLite file copied from the template.
    pub async fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("a directory for the test database");
        let fresh = Fresh::sqlite(&dir.path().join("arcade.db"), DbSettings::new(4)).await;
        Self { db: fresh.db.clone(), _fresh: fresh, _dir: Some(dir) }
    }

    /// A PostgreSQL database copied from the template; fails the test when no cluster is
    /// given, so a missing PostgreSQL never passes as a skip.
    pub async fn postgres() -> Self {
        let fresh = Fresh::postgres(&postgres_cluster(), DbSettings::new(4)).await;
        Self { db: fresh.db.clone(), _fresh: fresh, _dir: None }
    }
}

impl Db {
    /// This database with its reads through the pool: the catalog's list then takes the
    /// form PostgreSQL and an in-memory SQLite database read.
    pub(crate) fn without_direct_reads(&self) -> Db {
        Db { direct: None, ..self.clone() }
    }
}

/// The PostgreSQL cluster of `ARCADE_TEST_POSTGRES_URL`, or a failure that says how to
/// get one.
pub(crate) fn postgres_cluster() -> String {
    std::env::var("ARCADE_TEST_POSTGRES_URL").ok().filter(|u| !u.is_empty()).unwrap_or_else(|| {
        panic!(
            "ARCADE_TEST_POSTGRES_URL is not set: this test needs PostgreSQL. `make test-unit` \
             starts a throwaway cluster (scripts/with-postgres.sh); to run only the SQLite \
             tests, leave these out: cargo test --features ssr --lib -- --skip ::postgres"
        )
    })
}

/// The id of the store with this code, which the test expects to exist.
pub(crate) async fn id_of(db: &Db, code: &str) -> super::StoreId {
    super::stores::by_code(db, code).await.unwrap().unwrap_or_else(|| panic!("store {code}")).id
}
