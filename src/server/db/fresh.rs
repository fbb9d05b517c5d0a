//! Fresh databases holding the bench data set, for the repository tests (`db::tests`), the
//! integration suite (`tests/api`) and benchmarks: one fixture for all of them.
//!
//! The data set is seeded once per process into a template; each database is then a copy
//! of it (a file copy on SQLite, `CREATE DATABASE … TEMPLATE` on PostgreSQL), which costs a
//! fraction of seeding 1,000 stores again. A PostgreSQL copy is dropped with its
//! [`Fresh`]; a SQLite file lives in a directory its caller owns.

use std::path::Path;

use sqlx::{AnyConnection, Connection, Executor};
use tokio::sync::OnceCell;

use super::{Db, DbSettings};
use crate::server::{seed, tokens::random_hex};

/// A database of its own, holding the bench data set; a PostgreSQL one is dropped with it.
pub struct Fresh {
    pub db: Db,
    postgres: Option<(String, String)>,
}

impl Fresh {
    /// A SQLite file `file` (in a directory the caller keeps), opened with `settings`.
    pub async fn sqlite(file: &Path, settings: DbSettings) -> Self {
        std::fs::write(file, sqlite_template().await).expect("copy the template database");
        let db = Db::connect_with(&format!("sqlite://{}", file.display()), settings)
            .await
            .expect("open the test database");
        Self { db, postgres: None }
    }

    /// A database on the PostgreSQL cluster `cluster` (the URL of any database on it whose
    /// user may create databases), opened with `settings`.
    pub async fn postgres(cluster: &str, settings: DbSettings) -> Self {
        let template = postgres_template(cluster).await;
        let name = format!("arcade_t_{}", random_hex(8));
        admin_execute(cluster, &format!("CREATE DATABASE {name} TEMPLATE {template}")).await;
        let db = Db::connect_with(&database_url(cluster, &name), settings)
            .await
            .expect("connect to the test database");
        Self { db, postgres: Some((cluster.to_string(), name)) }
    }
}

impl Fresh {
    /// The URL of the PostgreSQL database, for a second connection to it (another node).
    pub fn postgres_url(&self) -> Option<String> {
        self.postgres.as_ref().map(|(cluster, name)| database_url(cluster, name))
    }
}

impl Drop for Fresh {
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

/// A migrated database at `url` with the bench data set.
async fn seeded(url: &str) -> Db {
    let db = Db::connect(url, 4).await.expect("open the template database");
    db.migrate().await.expect("migrate the template database");
    seed::bench(&db, false).await.expect("seed the bench data set");
    db
}

/// The bytes of a SQLite database holding the migrated bench data set, made once.
async fn sqlite_template() -> &'static [u8] {
    static TEMPLATE: OnceCell<Vec<u8>> = OnceCell::const_new();
    TEMPLATE
        .get_or_init(|| async {
            let dir = std::env::temp_dir().join(format!("arcade-template-{}", random_hex(8)));
            std::fs::create_dir_all(&dir).expect("a directory for the template database");
            let db = seeded(&format!("sqlite://{}", dir.join("seeded.db").display())).await;
            // One self-contained file, whatever is still in the write-ahead log.
            let file = dir.join("template.db");
            sqlx::query("VACUUM INTO $1")
                .bind(file.display().to_string())
                .execute(&db.pool)
                .await
                .expect("write the template database");
            db.pool.close().await;
            let bytes = std::fs::read(&file).expect("read the template database");
            let _ = std::fs::remove_dir_all(&dir);
            bytes
        })
        .await
}

/// The name of a PostgreSQL database holding the migrated bench data set, made once per
/// process. It stays on the cluster (a throwaway one under `make test-unit`).
async fn postgres_template(cluster: &str) -> &'static str {
    static TEMPLATE: OnceCell<String> = OnceCell::const_new();
    TEMPLATE
        .get_or_init(|| async {
            let name = format!("arcade_tpl_{}", random_hex(8));
            admin_execute(cluster, &format!("CREATE DATABASE {name}")).await;
            let db = seeded(&database_url(cluster, &name)).await;
            // A template must have no connections when it is copied.
            db.pool.close().await;
            name
        })
        .await
}

/// Runs one statement (CREATE/DROP DATABASE) on the database `cluster` names.
pub async fn admin_execute(cluster: &str, sql: &str) {
    sqlx::any::install_default_drivers();
    let mut conn = AnyConnection::connect(cluster)
        .await
        .unwrap_or_else(|e| panic!("connect to PostgreSQL at {}: {e}", super::redact(cluster)));
    conn.execute(sql).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    conn.close().await.expect("close the admin connection");
}

/// `cluster` with its database name replaced by `name` (user, host, port and options kept).
pub fn database_url(cluster: &str, name: &str) -> String {
    let (base, query) = cluster.split_once('?').map_or((cluster, None), |(b, q)| (b, Some(q)));
    let authority = base.find("://").map_or(0, |i| i + 3);
    let path = base[authority..].find('/').map_or(base.len(), |i| authority + i);
    match query {
        Some(query) => format!("{}/{name}?{query}", &base[..path]),
        None => format!("{}/{name}", &base[..path]),
    }
}

#[cfg(test)]
mod tests {
    use super::database_url;

    #[test]
    fn database_url_replaces_only_the_database_name() {
        assert_eq!(database_url("postgres://u@h:5/arcade_test", "x"), "postgres://u@h:5/x");
        assert_eq!(
            database_url("postgres://u:p@h/db?sslmode=disable", "x"),
            "postgres://u:p@h/x?sslmode=disable"
        );
        assert_eq!(database_url("postgres://h", "x"), "postgres://h/x");
    }
}
