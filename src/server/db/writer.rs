//! Write transactions, which on SQLite take turns in this process.
//!
//! SQLite lets one connection write at a time. A `BEGIN IMMEDIATE` that finds another
//! connection writing waits in SQLite's busy handler, which sleeps (1, 2, 5, 10… up to
//! 100 ms) and tries again: under load most of a write's time went in those sleeps, and
//! their length made the slowest answers. Here writers queue for a turn, first come first
//! served, before they begin; the lock is free when each begins, so none sleeps. Writers in
//! other processes (an `arcade` command beside the server) still meet the busy handler.
//!
//! A write is a chain of statements, each handed to its connection's thread and back.
//! Among a busy server's requests each hand-back waited for a worker, and the writers'
//! queue moved at the pace of those waits (the checkout's ceiling). The busiest writes
//! (placing an order, changing a cart) therefore run on a thread of their own through
//! [`Db::on_writer`](super::Db::on_writer), and on a file the writes have a connection of
//! their own, so a write never waits for the pool behind readers either.
//!
//! PostgreSQL locks rows, not the database: its writers run side by side, without turns.

use std::{
    future::Future,
    ops::{Deref, DerefMut},
    path::PathBuf,
    sync::Arc,
    time::Duration,
};

use sqlx::{pool::PoolConnection, Any, AnyConnection, AnyPool, Transaction};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::ACQUIRE_TIMEOUT;

/// The queue of this process's SQLite writers: one turn at a time, and the thread that
/// [`Db::on_writer`](super::Db::on_writer) runs writes on.
#[derive(Debug)]
pub(super) struct Turns {
    queue: Arc<Semaphore>,
    thread: WriterThread,
    /// The writes' own connection (a pool of one) on a SQLite file; `None` in memory, where
    /// every connection is a database of its own and writes take the database's pool.
    own: Option<AnyPool>,
    /// On a file: the thread that checkpoints the log for the writes' connection.
    _checkpoints: Option<Checkpointer>,
}

/// What the writes' own connection is set up with beside every connection's settings: it
/// never checkpoints (see [`Checkpointer`]).
pub(super) const NO_CHECKPOINTS: &str = "PRAGMA wal_autocheckpoint=0;";

impl Turns {
    /// The writers' turns; on a file (`own` with the `file` it writes), with the writes'
    /// own connection and a thread that checkpoints for it every `checkpoint_every`.
    pub(super) fn new(own: Option<(AnyPool, PathBuf)>, checkpoint_every: Duration) -> std::io::Result<Self> {
        let (own, checkpoints) = match own {
            Some((pool, file)) => (Some(pool), Some(Checkpointer::start(file, checkpoint_every)?)),
            None => (None, None),
        };
        Ok(Self {
            queue: Arc::new(Semaphore::new(1)),
            thread: WriterThread::start()?,
            own,
            _checkpoints: checkpoints,
        })
    }

    /// Opens the writes' own connection at start, so the first write does not wait for it
    /// and a database that cannot be written is found at once.
    pub(super) async fn open(&self) -> Result<(), sqlx::Error> {
        let Some(pool) = self.own.clone() else { return Ok(()) };
        pool.acquire().await.map(drop)
    }

    /// Runs `write` on the writer thread and waits for it.
    pub(super) async fn on_writer<F, T, E>(&self, write: F) -> Result<T, E>
    where
        F: Future<Output = Result<T, E>> + Send + 'static,
        T: Send + 'static,
        E: From<sqlx::Error> + Send + 'static,
    {
        // In the caller's span, so what the write logs is found with its request.
        match self.thread.runtime.spawn(tracing::Instrument::in_current_span(write)).await {
            Ok(done) => done,
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            // Only when the database is closing: the writer thread stopped before the write ran.
            Err(_) => Err(sqlx::Error::PoolClosed.into()),
        }
    }

    /// Closes the writes' own connection, if they have one.
    pub(super) async fn close(&self) {
        if let Some(own) = &self.own {
            own.close().await;
        }
    }

    /// Waits for this process's turn to write, then takes SQLite's write lock at once
    /// (`BEGIN IMMEDIATE`): a deferred transaction that reads and then writes would fail
    /// with "database is locked" when a writer of another process went first.
    pub(super) async fn begin(&self, pool: &AnyPool) -> Result<WriteTx, sqlx::Error> {
        let turn = self.turn().await?;
        let tx = self.own.as_ref().unwrap_or(pool).begin_with("BEGIN IMMEDIATE").await?;
        Ok(WriteTx { tx: Some(tx), turn: Some(turn) })
    }

    /// Waits for this process's turn to write, then hands over the writes' connection
    /// outside a transaction: for writes of one statement each, which SQLite makes whole
    /// on its own, without the two round trips of `BEGIN` and `COMMIT`.
    pub(super) async fn conn(&self, pool: &AnyPool) -> Result<WriteConn, sqlx::Error> {
        let turn = self.turn().await?;
        let conn = self.own.as_ref().unwrap_or(pool).acquire().await?;
        Ok(WriteConn { conn, _turn: Some(turn) })
    }

    async fn turn(&self) -> Result<OwnedSemaphorePermit, sqlx::Error> {
        match tokio::time::timeout(ACQUIRE_TIMEOUT, self.queue.clone().acquire_owned()).await {
            Ok(Ok(turn)) => Ok(turn),
            Ok(Err(_)) => Err(sqlx::Error::PoolClosed),
            Err(_) => Err(sqlx::Error::PoolTimedOut),
        }
    }
}

/// The connection writes of one statement each run on, while it is this writer's turn
/// (see [`Turns::conn`]); the turn passes on when it is dropped.
#[derive(Debug)]
pub struct WriteConn {
    conn: PoolConnection<Any>,
    /// This process's turn to write on SQLite; `None` on PostgreSQL.
    _turn: Option<OwnedSemaphorePermit>,
}

impl WriteConn {
    /// A connection that needs no turn (PostgreSQL).
    pub(super) fn concurrent(conn: PoolConnection<Any>) -> Self {
        Self { conn, _turn: None }
    }
}

impl Deref for WriteConn {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        &self.conn
    }
}

impl DerefMut for WriteConn {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.conn
    }
}

/// The writer thread: a runtime of its own for the writes sent there, so each hand-back of
/// a statement is taken up at once instead of waiting among the requests a worker is
/// serving. It stops when the database is dropped.
#[derive(Debug)]
struct WriterThread {
    runtime: tokio::runtime::Handle,
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl WriterThread {
    fn start() -> std::io::Result<Self> {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        let handle = runtime.handle().clone();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        std::thread::Builder::new().name("arcade-writer".into()).spawn(move || {
            let _ = runtime.block_on(stopped);
        })?;
        Ok(Self { runtime: handle, _stop: stop })
    }
}

/// Copies the log's pages into the database file (a checkpoint) on a thread of its own.
/// Left to itself, SQLite checkpoints in the commit that takes the log past 1,000 pages:
/// inside a write's turn, the pages copied and the files synced while every other writer
/// waits. Here the writes' connection never checkpoints, and this thread does, without
/// waiting for or holding up a writer (`PASSIVE`); a page written many times between two
/// checkpoints is copied once.
#[derive(Debug)]
struct Checkpointer {
    /// Dropped with the database: the thread sees it gone and ends.
    _stop: std::sync::mpsc::Sender<()>,
}

impl Checkpointer {
    fn start(file: PathBuf, every: Duration) -> std::io::Result<Self> {
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        std::thread::Builder::new().name("arcade-checkpoint".into()).spawn(move || {
            let flags =
                rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let conn = match rusqlite::Connection::open_with_flags(&file, flags) {
                Ok(conn) => conn,
                Err(e) => {
                    tracing::error!(error = %e, "no checkpoints: the database could not be opened");
                    return;
                }
            };
            while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(every) {
                if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
                    tracing::warn!(error = %e, "a checkpoint failed; the next one tries again");
                }
            }
        })?;
        Ok(Self { _stop: stop })
    }
}

/// A transaction that will write: `&mut tx` is its connection. It ends with
/// [`WriteTx::commit`]; dropped before, it is rolled back, and on SQLite the next writer's
/// turn comes once the rollback has let go of the lock.
#[derive(Debug)]
pub struct WriteTx {
    /// `None` only once committed or being rolled back.
    tx: Option<Transaction<'static, Any>>,
    /// This process's turn to write on SQLite; `None` on PostgreSQL.
    turn: Option<OwnedSemaphorePermit>,
}

impl WriteTx {
    /// A transaction that needs no turn (PostgreSQL).
    pub(super) fn concurrent(tx: Transaction<'static, Any>) -> Self {
        Self { tx: Some(tx), turn: None }
    }

    /// Commits; the turn passes on once the commit is done.
    pub async fn commit(mut self) -> Result<(), sqlx::Error> {
        match self.tx.take() {
            Some(tx) => tx.commit().await,
            None => Ok(()),
        }
    }
}

impl Deref for WriteTx {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        self.tx.as_ref().expect("a transaction until it ends")
    }
}

impl DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        self.tx.as_mut().expect("a transaction until it ends")
    }
}

impl Drop for WriteTx {
    fn drop(&mut self) {
        let (Some(tx), Some(turn)) = (self.tx.take(), self.turn.take()) else {
            // Committed, or without a turn: sqlx rolls an open transaction back itself.
            return;
        };
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(async move {
                    if let Err(e) = tx.rollback().await {
                        tracing::warn!(error = %e, "a write transaction could not be rolled back");
                    }
                    drop(turn);
                });
            }
            Err(_) => drop((tx, turn)),
        }
    }
}
