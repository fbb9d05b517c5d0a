//! Connections for reads, which on SQLite are handed out without sqlx's pool.
//!
//! sqlx's pool pings every connection it takes back, in a task it spawns for that
//! (sqlx-core's `return_to_pool`). A SQLite connection lives on a worker thread of its
//! own, so that ping is a second round trip between threads after every query: on a
//! catalog page, as much CPU as the query. Nothing can have gone away at the other end of
//! a SQLite connection, so these are taken back as they are, last in first out (the
//! thread that ran the last query is the one most likely still warm). They are read-only
//! (`PRAGMA query_only`), so no write, and so no transaction, can be left open on one.
//!
//! On PostgreSQL a read takes a connection from the pool, whose ping does find a
//! connection that died with its server or network.

use std::{
    ops::{Deref, DerefMut},
    sync::Mutex,
};

use sqlx::{
    any::AnyConnectOptions, pool::PoolConnection, Any, AnyConnection, ConnectOptions, Connection, Executor,
};
use tokio::sync::{Semaphore, SemaphorePermit};

use super::{ACQUIRE_TIMEOUT, SQLITE_READ_ONLY};

/// Read-only SQLite connections, opened when first needed, at most `most` of them.
pub(super) struct Readers {
    options: AnyConnectOptions,
    idle: Mutex<Vec<AnyConnection>>,
    permits: Semaphore,
    /// The settings of every SQLite connection (see `DbSettings::sqlite_pragmas`).
    pragmas: std::sync::Arc<str>,
}

impl Readers {
    pub(super) fn new(options: AnyConnectOptions, most: u32, pragmas: std::sync::Arc<str>) -> Self {
        let permits = Semaphore::new(most.max(1) as usize);
        Self { options, idle: Mutex::new(Vec::new()), permits, pragmas }
    }

    pub(super) async fn take(&self) -> Result<Reader<'_>, sqlx::Error> {
        let permit = match tokio::time::timeout(ACQUIRE_TIMEOUT, self.permits.acquire()).await {
            Ok(Ok(permit)) => permit,
            Ok(Err(_)) => return Err(sqlx::Error::PoolClosed),
            Err(_) => return Err(sqlx::Error::PoolTimedOut),
        };
        let idle = self.lock().pop();
        let conn = match idle {
            Some(conn) => conn,
            None => self.open().await?,
        };
        Ok(Reader(Held::Kept { conn: Some(conn), readers: self, _permit: permit }))
    }

    async fn open(&self) -> Result<AnyConnection, sqlx::Error> {
        let mut conn = self.options.connect().await?;
        conn.execute(&*self.pragmas).await?;
        conn.execute(SQLITE_READ_ONLY).await?;
        Ok(conn)
    }

    /// Closes the idle connections and refuses new reads.
    pub(super) async fn close(&self) {
        self.permits.close();
        let idle = std::mem::take(&mut *self.lock());
        for conn in idle {
            let _ = conn.close().await;
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<AnyConnection>> {
        self.idle.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A connection to read with, for as long as it is held: `&mut *reader` is an executor.
pub struct Reader<'a>(Held<'a>);

enum Held<'a> {
    Kept {
        /// `None` only while being given back.
        conn: Option<AnyConnection>,
        readers: &'a Readers,
        _permit: SemaphorePermit<'a>,
    },
    Pooled(PoolConnection<Any>),
}

impl Reader<'_> {
    pub(super) fn pooled(conn: PoolConnection<Any>) -> Self {
        Self(Held::Pooled(conn))
    }
}

impl Deref for Reader<'_> {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        match &self.0 {
            Held::Kept { conn, .. } => conn.as_ref().expect("a held reader has its connection"),
            Held::Pooled(conn) => conn,
        }
    }
}

impl DerefMut for Reader<'_> {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        match &mut self.0 {
            Held::Kept { conn, .. } => conn.as_mut().expect("a held reader has its connection"),
            Held::Pooled(conn) => conn,
        }
    }
}

impl Drop for Reader<'_> {
    /// Puts the connection back before its permit is released (fields drop after this).
    fn drop(&mut self) {
        if let Held::Kept { conn, readers, .. } = &mut self.0 {
            if let Some(conn) = conn.take() {
                readers.lock().push(conn);
            }
        }
    }
}
