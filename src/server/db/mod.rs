//! The database: one pool (SQLite or PostgreSQL through sqlx's `Any` driver), migrations,
//! and one file per aggregate. Store-scoped functions take a [`StoreId`] first.

pub mod api_keys;
pub mod audit;
pub mod carts;
mod direct;
pub mod domains;
pub mod fresh;
pub mod gift_cards;
pub mod ids;
pub mod order_replays;
pub mod orders;
pub mod products;
mod readers;
pub mod reviews;
mod search;
mod settings;
pub mod shopper_links;
pub mod shoppers;
pub mod store_admin;
pub mod store_lifecycle;
pub mod stores;
pub mod theme_previews;
pub mod themes;
pub mod users;
pub mod wishlists;
mod writer;

use std::{path::Path, str::FromStr, sync::Arc, time::Duration};

use sqlx::{
    any::{AnyConnectOptions, AnyPoolOptions},
    migrate::Migrator,
    AnyPool, ConnectOptions, Connection, Executor,
};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

/// What makes a SQLite connection read-only, after [`DbSettings::sqlite_pragmas`]: the
/// readers' and the direct reads'. Each keeps 512 KiB of pages of its own (SQLite's default
/// is 2 MiB a connection), enough for the indexes' upper levels; the rest of the file is
/// read from the system's page cache, which all connections share.
const SQLITE_READ_ONLY: &str = "PRAGMA query_only=ON; PRAGMA cache_size=-512";

/// How often the log of a SQLite file is checkpointed (see [`writer`]).
const CHECKPOINT_EVERY: Duration = Duration::from_millis(250);

/// How long a query waits for a connection before it fails.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

/// Which database the pool talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A store's id. Made only by reading a store row, so a store-scoped query
/// cannot be written without having resolved (or looked up) the store first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StoreId(i64);

impl StoreId {
    pub(crate) fn from_db(id: i64) -> Self {
        Self(id)
    }

    /// The raw id, for binding in queries and for logs.
    pub fn get(self) -> i64 {
        self.0
    }
}

pub use readers::Reader;
pub use settings::{is_busy, DbSettings, BUSY_TIMEOUT, READ_DEADLINE};
pub use writer::{WriteConn, WriteTx};

/// The connection pool and the backend it talks to.
#[derive(Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
    /// Connections for [`Db::read`] on a SQLite file (see [`readers`]).
    readers: Option<Arc<readers::Readers>>,
    /// On a SQLite file: the catalog's reads on the request's thread (see [`direct`]).
    direct: Option<Arc<direct::DirectReads>>,
    /// On SQLite: the queue of this process's writers (see [`writer`]).
    turns: Option<Arc<writer::Turns>>,
    /// On PostgreSQL: the URL that [`Db::listener`] connects to.
    listen_url: Option<Arc<str>>,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db").field("pool", &self.pool).field("backend", &self.backend).finish_non_exhaustive()
    }
}

/// Why the database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum DbOpenError {
    #[error("unsupported DATABASE_URL {0:?}: use sqlite://path or postgres://…")]
    Scheme(String),
    #[error("cannot create the directory for {path}: {source}")]
    Dir { path: String, source: std::io::Error },
    #[error("cannot connect to the database ({url}): {source}")]
    Connect { url: String, source: sqlx::Error },
    #[error("{0}")]
    Sqlite(String),
    #[error("migrations failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// The URL with any password replaced, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            let user = creds.split(':').next().unwrap_or("");
            format!("{}{}:***{}", &url[..s + 3], user, &url[at..])
        }
        _ => url.to_string(),
    }
}

impl Db {
    /// Opens the pool with `max_connections` and the default waits; see [`Db::connect_with`].
    pub async fn connect(url: &str, max_connections: u32) -> Result<Self, DbOpenError> {
        Self::connect_with(url, DbSettings::new(max_connections)).await
    }

    /// Opens the pool; a SQLite file and its directory are created when missing. On SQLite
    /// the linked library is checked first: without thread support or FTS5 nothing opens.
    pub async fn connect_with(url: &str, settings: DbSettings) -> Result<Self, DbOpenError> {
        sqlx::any::install_default_drivers();
        let max_connections = settings.max_connections;
        let mut on_disk = false;
        let (backend, url) = if let Some(path) = url.strip_prefix("sqlite://") {
            let file = path.split('?').next().unwrap_or(path);
            if file != ":memory:" && !file.is_empty() {
                on_disk = true;
                if let Some(dir) = Path::new(file).parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir)
                        .map_err(|source| DbOpenError::Dir { path: file.to_string(), source })?;
                }
            }
            let url = if path.contains('?') { url.to_string() } else { format!("{url}?mode=rwc") };
            direct::check_library().map_err(DbOpenError::Sqlite)?;
            (Backend::Sqlite, url)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            (Backend::Postgres, url.to_string())
        } else {
            return Err(DbOpenError::Scheme(redact(url)));
        };
        let connect_err = |source| DbOpenError::Connect { url: redact(&url), source };
        let options = AnyConnectOptions::from_str(&url)
            .map_err(connect_err)?
            .log_statements(tracing::log::LevelFilter::Trace);
        // One direct connection first: a pool would only report "timed out", this
        // reports why (refused, unknown host, bad password, unreadable file).
        options.connect().await.map_err(connect_err)?.close().await.map_err(connect_err)?;
        // Every connection to an in-memory SQLite database is a database of its own: reads
        // there go through the pool, with the writes.
        let sqlite_pragmas: Arc<str> = settings.sqlite_pragmas().into();
        let readers = on_disk.then(|| {
            Arc::new(readers::Readers::new(options.clone(), max_connections, sqlite_pragmas.clone()))
        });
        // The file as sqlx reads the URL (percent-decoded).
        let file = if on_disk {
            let sqlite = sqlx::sqlite::SqliteConnectOptions::from_str(&url).map_err(connect_err)?;
            Some(sqlite.get_filename().to_path_buf())
        } else {
            None
        };
        let direct = file.clone().map(|file| Arc::new(direct::DirectReads::new(file, settings.clone())));
        let postgres_setup: Arc<str> = settings.postgres_setup().into();
        let setup = match backend {
            Backend::Sqlite => sqlite_pragmas.clone(),
            Backend::Postgres => postgres_setup,
        };
        let pool = pool_options(backend, setup.clone())
            .max_connections(max_connections)
            .connect_with(options.clone())
            .await
            .map_err(connect_err)?;
        let turns = match backend {
            Backend::Sqlite => {
                // On a file, the writes have a connection of their own (see [`writer`]); in
                // memory every connection is a database of its own, so they share the pool's.
                let own = file.map(|file| writer::OwnSetup {
                    options: options.clone(),
                    setup: format!("{setup} {}", writer::NO_CHECKPOINTS),
                    file,
                });
                let turns = writer::Turns::new(own, CHECKPOINT_EVERY).await.map_err(|e| match e {
                    writer::StartError::Thread(e) => DbOpenError::Sqlite(e.to_string()),
                    writer::StartError::Connect(source) => connect_err(source),
                })?;
                Some(Arc::new(turns))
            }
            Backend::Postgres => None,
        };
        let listen_url = (backend == Backend::Postgres).then(|| url.as_str().into());
        Ok(Self { pool, backend, readers, direct, turns, listen_url })
    }

    /// On PostgreSQL, a connection for notifications (`LISTEN`), which connects again when
    /// cut; `None` on SQLite, which one process serves alone.
    pub async fn listener(&self) -> Option<Result<sqlx::postgres::PgListener, sqlx::Error>> {
        let url = self.listen_url.as_deref()?;
        Some(sqlx::postgres::PgListener::connect(url).await)
    }

    /// Applies every pending migration of this backend.
    pub async fn migrate(&self) -> Result<(), DbOpenError> {
        match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&self.pool).await?,
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await?,
        }
        Ok(())
    }

    /// A connection for reads outside a transaction: the storefront's store lookups, and
    /// the catalog's reads where they are not direct. On a SQLite file it is one of the
    /// read-only connections kept beside the pool, handed back without the pool's ping;
    /// otherwise one of the pool's.
    pub async fn read(&self) -> Result<Reader<'_>, sqlx::Error> {
        match &self.readers {
            Some(readers) => readers.take().await,
            None => Ok(Reader::pooled(self.pool.acquire().await?)),
        }
    }

    /// Starts a transaction that will write; on SQLite once it is this writer's turn
    /// (see [`writer`]).
    pub async fn begin_write(&self) -> Result<WriteTx, sqlx::Error> {
        match &self.turns {
            Some(turns) => turns.begin(&self.pool).await,
            None => WriteTx::concurrent(self.pool.acquire().await?).await,
        }
    }

    /// The connection for writes of one statement each (no transaction); on SQLite once it
    /// is this writer's turn (see [`writer`]), and its turn until it is dropped.
    pub async fn write_conn(&self) -> Result<WriteConn, sqlx::Error> {
        match &self.turns {
            Some(turns) => turns.conn(&self.pool).await,
            None => Ok(WriteConn::pooled(self.pool.acquire().await?)),
        }
    }

    /// Runs a write (a future that begins, writes and commits) where writes run best: on
    /// SQLite on the writer thread (see [`writer`]), on PostgreSQL where it is.
    pub async fn on_writer<F, T, E>(&self, write: F) -> Result<T, E>
    where
        F: std::future::Future<Output = Result<T, E>> + Send + 'static,
        T: Send + 'static,
        E: From<sqlx::Error> + Send + 'static,
    {
        match &self.turns {
            Some(turns) => turns.on_writer(write).await,
            None => write.await,
        }
    }

    /// Closes every connection once they are back in the pool. On SQLite the write-ahead log
    /// is first folded into the database file, so the file alone holds everything written:
    /// a copy of it (a backup, a benchmark's fresh database) is complete once a command has
    /// ended, even a long seed whose last stores would otherwise still be in `-wal`.
    pub async fn close(self) -> Result<(), sqlx::Error> {
        if let Some(direct) = &self.direct {
            direct.close();
        }
        if let Some(readers) = &self.readers {
            readers.close().await;
        }
        if let Some(turns) = &self.turns {
            turns.close().await;
        }
        if self.backend == Backend::Sqlite {
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&self.pool).await?;
        }
        self.pool.close().await;
        Ok(())
    }

    /// True when the database answers and every migration is applied.
    pub async fn ready(&self) -> bool {
        let expected = match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.iter().count(),
            Backend::Postgres => POSTGRES_MIGRATIONS.iter().count(),
        } as i64;
        let applied: Result<(i64,), _> =
            sqlx::query_as("SELECT COUNT(*) FROM _sqlx_migrations WHERE success = TRUE")
                .fetch_one(&self.pool)
                .await;
        matches!(applied, Ok((n,)) if n >= expected)
    }
}

/// A pool's settings: its waits, and what every new connection runs first.
fn pool_options(backend: Backend, setup: Arc<str>) -> AnyPoolOptions {
    AnyPoolOptions::new()
        .acquire_timeout(ACQUIRE_TIMEOUT)
        // A pooled SQLite connection is a file handle on a worker thread: there is no
        // link to have dropped, so the round trip of a ping on every acquire buys
        // nothing. A PostgreSQL connection can die with its server or network; keep it.
        .test_before_acquire(backend == Backend::Postgres)
        .after_connect(move |conn, _| {
            let setup = setup.clone();
            Box::pin(async move {
                conn.execute(&*setup).await?;
                Ok(())
            })
        })
}

/// Seconds since the Unix epoch, the time format of every table.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests;
