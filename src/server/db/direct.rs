//! The storefront's catalog reads on a SQLite file, run on the thread that asks for them.
//!
//! sqlx runs each SQLite connection on a worker thread of its own: a statement goes to
//! that thread and its rows come back, two thread switches per query, and each value of
//! each row is copied into sqlx's row and again into `Any`'s. On a catalog page that cost
//! more CPU than SQLite spends finding the page. So on a SQLite file the catalog's reads
//! (the product list, which every catalog page and the JSON list make, a product and its
//! reviews) are asked of SQLite directly, through `rusqlite` on the library sqlx itself
//! links, on the request's own thread, through connections that only read
//! (`PRAGMA query_only`), and their rows are read straight into the model.
//!
//! Nothing here awaits, so a read holds its async worker for as long as it runs. Each read
//! therefore has a deadline ([`DbSettings::read_deadline`]): SQLite's progress handler
//! looks at the clock every few thousand steps and ends a read that passed it. Such a read
//! fails as the database being busy (a 503 with `Retry-After`, like a lock held too long):
//! with the search index a read that long means the server is overloaded, and the same
//! search a moment later usually answers.
//!
//! A connection is taken from the idle list, used and given back within one call, so there
//! are never more of them than threads that read at once, and a request dropped halfway
//! cannot leave one in use. Each statement is prepared once per connection and kept.

use std::{
    path::{Path, PathBuf},
    sync::{
        atomic::{AtomicBool, AtomicU64, Ordering},
        Arc, LazyLock, Mutex,
    },
    time::{Duration, Instant},
};

use rusqlite::{ffi, OpenFlags, Row, ToSql};
use sqlx::error::{DatabaseError, ErrorKind};

use super::{DbSettings, SQLITE_READ_ONLY};

/// SQLite steps between two looks at the clock: a few microseconds of work.
const STEPS_PER_CHECK: i32 = 2_000;

/// Statements kept prepared per connection: the catalog asks about twenty different ones.
const STATEMENTS_KEPT: usize = 64;

/// `$1`, `$2`, …: how parameters are written, in the text shared with PostgreSQL.
const PARAMETER_NAMES: [&str; 9] = ["$1", "$2", "$3", "$4", "$5", "$6", "$7", "$8", "$9"];

/// The read connections of one SQLite file.
pub(super) struct DirectReads {
    path: PathBuf,
    settings: DbSettings,
    pub(super) idle: Mutex<Vec<Conn>>,
    closed: AtomicBool,
}

impl DirectReads {
    /// Reads of the SQLite file at `path`.
    pub(super) fn new(path: PathBuf, settings: DbSettings) -> Self {
        Self { path, settings, idle: Mutex::new(Vec::new()), closed: AtomicBool::new(false) }
    }

    /// Closes the idle connections and refuses new reads.
    pub(super) fn close(&self) {
        self.closed.store(true, Ordering::SeqCst);
        self.lock().clear();
    }

    /// Runs `read` on a connection no one else is using, opened if none is idle, within
    /// the read deadline.
    pub(super) fn with<T>(
        &self,
        read: impl FnOnce(&mut Conn) -> Result<T, sqlx::Error>,
    ) -> Result<T, sqlx::Error> {
        if self.closed.load(Ordering::SeqCst) {
            return Err(sqlx::Error::PoolClosed);
        }
        let idle = self.lock().pop();
        let mut conn = match idle {
            Some(conn) => conn,
            None => Conn::open(&self.path, &self.settings)?,
        };
        let budget = u64::try_from(self.settings.read_deadline.as_nanos()).unwrap_or(u64::MAX);
        conn.deadline.store(clock().saturating_add(budget), Ordering::Relaxed);
        let result = read(&mut conn);
        conn.deadline.store(u64::MAX, Ordering::Relaxed);
        // A failed statement leaves the connection as it was: its statement is reset and
        // its parameters cleared when it goes back to the connection's cache.
        let mut idle = self.lock();
        if !self.closed.load(Ordering::SeqCst) {
            idle.push(conn);
        }
        result
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Conn>> {
        self.idle.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Nanoseconds on a monotonic clock (since its first reading).
fn clock() -> u64 {
    static START: LazyLock<Instant> = LazyLock::new(Instant::now);
    u64::try_from(START.elapsed().as_nanos()).unwrap_or(u64::MAX)
}

/// One SQLite connection (with its kept statements) and the deadline of its current read.
pub(super) struct Conn {
    db: rusqlite::Connection,
    /// When the current read must end, on [`clock`]; `u64::MAX` between reads.
    deadline: Arc<AtomicU64>,
    read_deadline: Duration,
}

impl Conn {
    fn open(path: &Path, settings: &DbSettings) -> Result<Self, sqlx::Error> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let fail = |e| failure(e, settings.read_deadline);
        let db = rusqlite::Connection::open_with_flags(path, flags).map_err(fail)?;
        db.execute_batch(&settings.sqlite_pragmas()).map_err(fail)?;
        db.execute_batch(SQLITE_READ_ONLY).map_err(fail)?;
        // A read waits on a lock on the request's thread: no longer than its deadline.
        db.busy_timeout(settings.busy_timeout.min(settings.read_deadline)).map_err(fail)?;
        db.set_prepared_statement_cache_capacity(STATEMENTS_KEPT);
        let deadline = Arc::new(AtomicU64::new(u64::MAX));
        let watched = deadline.clone();
        db.progress_handler(STEPS_PER_CHECK, Some(move || clock() > watched.load(Ordering::Relaxed)));
        Ok(Self { db, deadline, read_deadline: settings.read_deadline })
    }

    /// The rows of `sql` with `params` bound to `$1`, `$2`, …, each read by `row`.
    pub(super) fn query<T>(
        &mut self,
        sql: &str,
        params: &[&dyn ToSql],
        mut row: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, sqlx::Error> {
        let fail = |e| failure(e, self.read_deadline);
        if sql.trim().is_empty() {
            return Err(sqlx::Error::Protocol("an empty statement".into()));
        }
        let mut statement = self.db.prepare_cached(sql).map_err(fail)?;
        let expected = statement.parameter_count();
        if expected != params.len() {
            return Err(sqlx::Error::Protocol(format!(
                "{} parameters given for a statement that has {expected}",
                params.len()
            )));
        }
        if params.len() > PARAMETER_NAMES.len() {
            return Err(sqlx::Error::Protocol("at most nine parameters".into()));
        }
        for (name, value) in PARAMETER_NAMES.iter().zip(params) {
            let Some(index) = statement.parameter_index(name).map_err(fail)? else {
                return Err(sqlx::Error::Protocol(
                    "parameters are written $1, $2, … and numbered from $1 with none left out".into(),
                ));
            };
            statement.raw_bind_parameter(index, value).map_err(fail)?;
        }
        let mut rows = statement.raw_query();
        let mut out = Vec::new();
        while let Some(r) = rows.next().map_err(fail)? {
            out.push(row(r).map_err(fail)?);
        }
        Ok(out)
    }
}

/// What the linked SQLite must offer, read from `PRAGMA compile_options` of a connection
/// opened in memory: thread support (its connections are used from many threads) and
/// FTS5 (product search). `Err` says what is missing, for the operator.
pub(super) fn check_library() -> Result<(), String> {
    let options = rusqlite::Connection::open_in_memory().and_then(|db| {
        let mut statement = db.prepare("PRAGMA compile_options")?;
        let options = statement.query_map([], |row| row.get::<_, String>(0))?;
        options.collect::<rusqlite::Result<Vec<String>>>()
    });
    check_compile_options(&options.map_err(|e| format!("the linked SQLite cannot be opened: {e}"))?)
}

/// [`check_library`] on the list of compile options.
pub(super) fn check_compile_options(options: &[String]) -> Result<(), String> {
    let threadsafe = options.iter().find_map(|o| o.strip_prefix("THREADSAFE="));
    if !matches!(threadsafe, Some("1" | "2")) {
        return Err(format!(
            "the linked SQLite was built without thread support (THREADSAFE={}); Arcade uses its \
             connections from many threads and needs THREADSAFE=1 or 2",
            threadsafe.unwrap_or("unknown")
        ));
    }
    if !options.iter().any(|o| o == "ENABLE_FTS5") {
        return Err(
            "the linked SQLite was built without FTS5 (ENABLE_FTS5), which product search needs".into()
        );
    }
    Ok(())
}

/// A rusqlite error as sqlx's, so the catalog's callers see one error type.
fn failure(e: rusqlite::Error, deadline: Duration) -> sqlx::Error {
    match e {
        rusqlite::Error::SqliteFailure(f, message) => {
            let message = if f.extended_code == ffi::SQLITE_INTERRUPT {
                // Nothing else interrupts these connections.
                format!("the read ran past its deadline of {} ms", deadline.as_millis())
            } else {
                message.unwrap_or_else(|| f.to_string())
            };
            sqlx::Error::Database(Box::new(DirectFailure { code: f.extended_code, message }))
        }
        e @ (rusqlite::Error::FromSqlConversionFailure(..)
        | rusqlite::Error::InvalidColumnType(..)
        | rusqlite::Error::IntegralValueOutOfRange(..)
        | rusqlite::Error::Utf8Error(..)) => sqlx::Error::Decode(Box::new(e)),
        other => sqlx::Error::Protocol(other.to_string()),
    }
}

/// An error SQLite reported to a direct read, with its (extended) result code.
#[derive(Debug, thiserror::Error)]
#[error("SQLite error {code}: {message}")]
pub(super) struct DirectFailure {
    code: i32,
    message: String,
}

impl DirectFailure {
    /// Busy or locked past the busy timeout, or past the read's deadline.
    pub(super) fn is_busy(&self) -> bool {
        matches!(self.code & 0xff, ffi::SQLITE_BUSY | ffi::SQLITE_LOCKED | ffi::SQLITE_INTERRUPT)
    }
}

impl DatabaseError for DirectFailure {
    fn message(&self) -> &str {
        &self.message
    }

    fn code(&self) -> Option<std::borrow::Cow<'_, str>> {
        Some(self.code.to_string().into())
    }

    fn as_error(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        self
    }

    fn as_error_mut(&mut self) -> &mut (dyn std::error::Error + Send + Sync + 'static) {
        self
    }

    fn into_error(self: Box<Self>) -> Box<dyn std::error::Error + Send + Sync + 'static> {
        self
    }

    fn kind(&self) -> ErrorKind {
        ErrorKind::Other
    }
}
