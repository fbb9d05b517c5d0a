//! The storefront's catalog reads on a SQLite file, run on the thread that asks for them.
//!
//! sqlx runs each SQLite connection on a worker thread of its own: a statement goes to
//! that thread and its rows come back, two thread switches per query, and each value of
//! each row is copied into sqlx's row and again into `Any`'s. On a catalog page that cost
//! more CPU than SQLite spends finding the page. So on a SQLite file the catalog's reads
//! (the product list, which every catalog page and the JSON list make, a product and its
//! reviews) are asked of SQLite directly (the library sqlx itself links) on the request's
//! own thread, through connections that only read (`PRAGMA query_only`), and their rows
//! are read straight into the model.
//!
//! Nothing here awaits. A connection is taken from the idle list, used and given back
//! within one call, so there are never more of them than threads that read at once, and
//! a request dropped halfway cannot leave one in use. Each statement is prepared once per
//! connection and kept.

use std::{
    borrow::Cow,
    ffi::{c_int, CStr, CString},
    ptr::{self, NonNull},
    sync::{
        atomic::{AtomicBool, Ordering},
        Mutex,
    },
};

use libsqlite3_sys as ffi;
use sqlx::error::{DatabaseError, ErrorKind};

use super::{SQLITE_PRAGMAS, SQLITE_READ_ONLY};

/// How long a read waits on a lock before it fails. A reader of a WAL database waits only
/// while another connection recovers the log, and it waits on the request's own thread.
const BUSY_TIMEOUT_MS: c_int = 1000;

/// The read connections of one SQLite file.
pub(super) struct DirectReads {
    path: CString,
    pub(super) idle: Mutex<Vec<Conn>>,
    closed: AtomicBool,
}

impl DirectReads {
    /// Reads of the SQLite file at `path`; `None` for a path SQLite cannot be given.
    pub(super) fn new(path: &str) -> Option<Self> {
        Some(Self {
            path: CString::new(path).ok()?,
            idle: Mutex::new(Vec::new()),
            closed: AtomicBool::new(false),
        })
    }

    /// Closes the idle connections and refuses new reads.
    pub(super) fn close(&self) {
        self.closed.store(true, Ordering::SeqCst);
        self.lock().clear();
    }

    /// Runs `read` on a connection no one else is using, opened if none is idle.
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
            None => Conn::open(&self.path)?,
        };
        let result = read(&mut conn);
        // A failed statement leaves the connection as it was (see `Conn::query`).
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

/// A value bound to `$n`, the n-th of the slice given.
pub(super) enum Param<'a> {
    Int(i64),
    Text(&'a str),
}

/// One SQLite connection and the statements prepared on it.
pub(super) struct Conn {
    db: NonNull<ffi::sqlite3>,
    statements: Vec<Prepared>,
}

/// A prepared statement, finalized when dropped (before its connection closes).
struct Prepared {
    sql: Box<str>,
    stmt: NonNull<ffi::sqlite3_stmt>,
    /// `slots[n - 1]`: SQLite's index of the parameter `$n`.
    slots: Vec<c_int>,
}

// SAFETY: the connection is opened with SQLITE_OPEN_NOMUTEX, which lets it be used from
// any thread but by one at a time. Every use goes through `&mut Conn`, and a `Conn` is
// either owned by one caller of `DirectReads::with` or lies in the idle list.
unsafe impl Send for Conn {}

impl Conn {
    fn open(path: &CStr) -> Result<Self, sqlx::Error> {
        let mut db = ptr::null_mut();
        let flags = ffi::SQLITE_OPEN_READWRITE | ffi::SQLITE_OPEN_NOMUTEX;
        // SAFETY: `path` is NUL-terminated and `db` is a place for the handle.
        let rc = unsafe { ffi::sqlite3_open_v2(path.as_ptr(), &mut db, flags, ptr::null()) };
        // A handle comes back even when opening fails, and must be closed: `conn` does.
        let db = NonNull::new(db).ok_or_else(|| failure(ffi::SQLITE_NOMEM, "out of memory".into()))?;
        let mut conn = Self { db, statements: Vec::new() };
        if rc != ffi::SQLITE_OK {
            return Err(conn.error(rc));
        }
        conn.execute(SQLITE_PRAGMAS)?;
        conn.execute(SQLITE_READ_ONLY)?;
        // After the shared settings, whose wait is the pool's.
        // SAFETY: the handle is open.
        unsafe { ffi::sqlite3_busy_timeout(conn.db.as_ptr(), BUSY_TIMEOUT_MS) };
        Ok(conn)
    }

    /// Runs statements that return nothing.
    fn execute(&mut self, sql: &str) -> Result<(), sqlx::Error> {
        let sql = CString::new(sql).map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
        // SAFETY: the handle is open and `sql` is NUL-terminated; no callback is given.
        let rc = unsafe {
            ffi::sqlite3_exec(self.db.as_ptr(), sql.as_ptr(), None, ptr::null_mut(), ptr::null_mut())
        };
        if rc != ffi::SQLITE_OK {
            return Err(self.error(rc));
        }
        Ok(())
    }

    /// The rows of `sql` with `params` bound to `$1`, `$2`, …, each read by `row`.
    pub(super) fn query<T>(
        &mut self,
        sql: &str,
        params: &[Param<'_>],
        mut row: impl FnMut(&Row<'_>) -> Result<T, sqlx::Error>,
    ) -> Result<Vec<T>, sqlx::Error> {
        let db = self.db;
        let prepared = self.prepared(sql)?;
        if prepared.slots.len() != params.len() {
            return Err(sqlx::Error::Protocol(format!(
                "{} parameters given for a statement that has {}",
                params.len(),
                prepared.slots.len()
            )));
        }
        // From here on the statement is reset and its parameters cleared however this ends
        // (text is bound without a copy, so it must not outlive `params`).
        let running = Running(prepared.stmt);
        let stmt = running.0.as_ptr();
        for (param, &slot) in params.iter().zip(&prepared.slots) {
            // SAFETY: `stmt` is a live statement and `slot` one of its parameters. Text is
            // bound as SQLITE_STATIC: it is read until `running` clears the bindings,
            // while `params` is still borrowed.
            let rc = unsafe {
                match *param {
                    Param::Int(v) => ffi::sqlite3_bind_int64(stmt, slot, v),
                    Param::Text(s) => {
                        let len = c_int::try_from(s.len())
                            .map_err(|_| failure(ffi::SQLITE_TOOBIG, "text too long".into()))?;
                        ffi::sqlite3_bind_text(stmt, slot, s.as_ptr().cast(), len, ffi::SQLITE_STATIC())
                    }
                }
            };
            if rc != ffi::SQLITE_OK {
                return Err(error_of(db, rc));
            }
        }
        let mut rows = Vec::new();
        loop {
            // SAFETY: `stmt` is a live statement with every parameter bound.
            match unsafe { ffi::sqlite3_step(stmt) } {
                ffi::SQLITE_ROW => rows.push(row(&Row { stmt: running.0, _running: &running })?),
                ffi::SQLITE_DONE => return Ok(rows),
                rc => return Err(error_of(db, rc)),
            }
        }
    }

    /// The statement for `sql`, prepared on first use.
    fn prepared(&mut self, sql: &str) -> Result<&Prepared, sqlx::Error> {
        if let Some(i) = self.statements.iter().position(|p| &*p.sql == sql) {
            return Ok(&self.statements[i]);
        }
        let len = c_int::try_from(sql.len())
            .map_err(|_| failure(ffi::SQLITE_TOOBIG, "statement too long".into()))?;
        let mut stmt = ptr::null_mut();
        let mut tail = ptr::null();
        // SAFETY: the handle is open and `sql` is valid for `len` bytes.
        let rc = unsafe {
            ffi::sqlite3_prepare_v3(
                self.db.as_ptr(),
                sql.as_ptr().cast(),
                len,
                ffi::SQLITE_PREPARE_PERSISTENT,
                &mut stmt,
                &mut tail,
            )
        };
        if rc != ffi::SQLITE_OK {
            return Err(self.error(rc));
        }
        let stmt = NonNull::new(stmt).ok_or_else(|| sqlx::Error::Protocol("an empty statement".into()))?;
        let prepared = Prepared { sql: sql.into(), stmt, slots: Vec::new() };
        // `tail` points past the first statement: anything after it but blanks and a `;`
        // would be dropped without a word, so it is refused.
        let rest_at = tail as usize - sql.as_ptr() as usize;
        if !sql[rest_at..].trim_matches(|c: char| c.is_whitespace() || c == ';').is_empty() {
            return Err(sqlx::Error::Protocol("one statement at a time".into()));
        }
        let prepared = prepared.with_slots()?;
        self.statements.push(prepared);
        Ok(self.statements.last().expect("just pushed"))
    }

    fn error(&self, rc: c_int) -> sqlx::Error {
        error_of(self.db, rc)
    }
}

impl Prepared {
    /// Maps `$1`, `$2`, … to SQLite's parameter indexes (in order of first appearance).
    fn with_slots(mut self) -> Result<Self, sqlx::Error> {
        let stmt = self.stmt.as_ptr();
        // SAFETY: `stmt` is a live statement.
        let count = unsafe { ffi::sqlite3_bind_parameter_count(stmt) };
        let mut slots = Vec::new();
        for index in 1..=count {
            // SAFETY: as above. A name, when there is one, is NUL-terminated and lives as
            // long as the statement.
            let name = unsafe { ffi::sqlite3_bind_parameter_name(stmt, index) };
            let name = if name.is_null() { &b""[..] } else { unsafe { CStr::from_ptr(name) }.to_bytes() };
            let number = name.strip_prefix(b"$").and_then(|n| std::str::from_utf8(n).ok());
            let Some(n) = number.and_then(|n| n.parse::<usize>().ok()).filter(|n| *n >= 1) else {
                return Err(sqlx::Error::Protocol("parameters are written $1, $2, …".into()));
            };
            if slots.len() < n {
                slots.resize(n, 0);
            }
            slots[n - 1] = index;
        }
        if slots.contains(&0) {
            return Err(sqlx::Error::Protocol("parameters are numbered from $1 with none left out".into()));
        }
        self.slots = slots;
        Ok(self)
    }
}

impl Drop for Prepared {
    fn drop(&mut self) {
        // SAFETY: the statement is live and not used after this.
        unsafe { ffi::sqlite3_finalize(self.stmt.as_ptr()) };
    }
}

impl Drop for Conn {
    fn drop(&mut self) {
        self.statements.clear();
        // SAFETY: every statement of the handle is finalized; it is not used after this.
        unsafe { ffi::sqlite3_close(self.db.as_ptr()) };
    }
}

/// A statement being run: reset, and its parameters cleared, when dropped.
struct Running(NonNull<ffi::sqlite3_stmt>);

impl Drop for Running {
    fn drop(&mut self) {
        // SAFETY: the statement is live (its connection outlives this).
        unsafe {
            ffi::sqlite3_reset(self.0.as_ptr());
            ffi::sqlite3_clear_bindings(self.0.as_ptr());
        }
    }
}

/// The row a statement stands on.
pub(super) struct Row<'a> {
    stmt: NonNull<ffi::sqlite3_stmt>,
    _running: &'a Running,
}

impl Row<'_> {
    /// An integer column (0 for NULL).
    pub(super) fn int(&self, column: c_int) -> i64 {
        // SAFETY: the statement stands on a row; SQLite answers 0 for a column it lacks.
        unsafe { ffi::sqlite3_column_int64(self.stmt.as_ptr(), column) }
    }

    /// A text column; NULL and text that is not UTF-8 are errors.
    pub(super) fn text(&self, column: c_int) -> Result<&str, sqlx::Error> {
        self.optional_text(column)?.ok_or_else(|| sqlx::Error::ColumnDecode {
            index: column.to_string(),
            source: "NULL where text was expected".into(),
        })
    }

    /// A text column that may be NULL; text that is not UTF-8 is an error.
    pub(super) fn optional_text(&self, column: c_int) -> Result<Option<&str>, sqlx::Error> {
        let stmt = self.stmt.as_ptr();
        // SAFETY: the statement stands on a row. The text is read before its length, as
        // SQLite asks, and stays valid until the statement moves on, which the borrow of
        // `self` outlasts.
        let bytes = unsafe {
            let text = ffi::sqlite3_column_text(stmt, column);
            if text.is_null() {
                return Ok(None);
            }
            std::slice::from_raw_parts(text, ffi::sqlite3_column_bytes(stmt, column) as usize)
        };
        std::str::from_utf8(bytes)
            .map(Some)
            .map_err(|e| sqlx::Error::ColumnDecode { index: column.to_string(), source: Box::new(e) })
    }
}

fn error_of(db: NonNull<ffi::sqlite3>, rc: c_int) -> sqlx::Error {
    // SAFETY: the handle is open; its message is NUL-terminated, copied at once.
    let message = unsafe { CStr::from_ptr(ffi::sqlite3_errmsg(db.as_ptr())) }.to_string_lossy().into_owned();
    failure(rc, message)
}

fn failure(code: c_int, message: String) -> sqlx::Error {
    sqlx::Error::Database(Box::new(SqliteFailure { code, message }))
}

/// An error SQLite reported, with its (extended) result code.
#[derive(Debug, thiserror::Error)]
#[error("SQLite error {code}: {message}")]
struct SqliteFailure {
    code: c_int,
    message: String,
}

impl DatabaseError for SqliteFailure {
    fn message(&self) -> &str {
        &self.message
    }

    fn code(&self) -> Option<Cow<'_, str>> {
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
