//! How the database is opened, which of its errors mean "busy, try again", and what a
//! caller is told of a database error.

use std::time::Duration;

use super::direct::DirectFailure;
use crate::error::ApiError;

/// How long a statement waits on another connection's lock by default.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// How long a direct catalog read may hold its async worker by default (see
/// `db::direct`). A catalog page's reads take well under a millisecond, a search of the
/// index a few; a broad search of a very large store sorted by price, about a tenth of a
/// second on a release build.
pub const READ_DEADLINE: Duration = Duration::from_millis(250);

/// The pool's size and its waits.
#[derive(Clone, Debug)]
pub struct DbSettings {
    /// Connections in the pool (and read connections beside it on SQLite).
    pub max_connections: u32,
    /// How long a statement waits on a lock another connection holds before it fails as
    /// busy: SQLite's `busy_timeout`, PostgreSQL's `lock_timeout`.
    pub busy_timeout: Duration,
    /// How long one direct read (SQLite only) may run before it is abandoned.
    pub read_deadline: Duration,
}

impl DbSettings {
    /// The defaults with `max_connections` connections.
    pub fn new(max_connections: u32) -> Self {
        Self { max_connections, busy_timeout: BUSY_TIMEOUT, read_deadline: READ_DEADLINE }
    }

    /// The settings of every SQLite connection, the pool's and the readers'.
    pub(super) fn sqlite_pragmas(&self) -> String {
        format!(
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; \
             PRAGMA busy_timeout={};",
            self.busy_timeout.as_millis()
        )
    }

    /// The settings of every PostgreSQL connection.
    pub(super) fn postgres_setup(&self) -> String {
        format!("SET lock_timeout = {}", self.busy_timeout.as_millis())
    }
}

/// True when the database could not answer in time, so the request may be tried again:
/// SQLite busy or locked past the busy timeout (from sqlx or a direct read), a direct read
/// past its deadline, PostgreSQL's `lock_timeout` or `statement_timeout`.
pub fn is_busy(e: &sqlx::Error) -> bool {
    let sqlx::Error::Database(d) = e else { return false };
    if let Some(direct) = d.try_downcast_ref::<DirectFailure>() {
        return direct.is_busy();
    }
    if d.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
        // The extended code; its low byte is the primary one (5 busy, 6 locked).
        let code = d.code().and_then(|c| c.parse::<i32>().ok());
        return code.is_some_and(|c| matches!(c & 0xff, 5 | 6));
    }
    if d.try_downcast_ref::<sqlx::postgres::PgDatabaseError>().is_some() {
        // lock_not_available, query_canceled.
        return matches!(d.code().as_deref(), Some("55P03" | "57014"));
    }
    false
}

impl From<sqlx::Error> for ApiError {
    /// Logs the database error with the place of the `?` that met it; the client reads
    /// only that something went wrong. A pool with no free connection within its wait, a
    /// lock held past the busy timeout or a read past its deadline is the server being
    /// busy: 503, to try again.
    #[track_caller]
    fn from(e: sqlx::Error) -> Self {
        let at = std::panic::Location::caller();
        if matches!(e, sqlx::Error::PoolTimedOut) || is_busy(&e) {
            tracing::warn!(error = %e, %at, "database busy");
            return Self::Unavailable;
        }
        tracing::error!(error = %e, %at, "database error");
        Self::server("something went wrong on our side; please try again")
    }
}
