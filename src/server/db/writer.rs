//! Write transactions, which on SQLite take turns in this process.
//!
//! SQLite lets one connection write at a time. A `BEGIN IMMEDIATE` that finds another
//! connection writing waits in SQLite's busy handler, which sleeps (1, 2, 5, 10… up to
//! 100 ms) and tries again: under load most of a write's time went in those sleeps, and
//! their length made the slowest answers. Here writers queue for a turn, first come first
//! served, before they begin; the lock is free when each begins, so none sleeps. On a file
//! the turn is the lock on the writes' own connection, which they hold for good: it never
//! goes back to a pool, whose hand-back tests it with a round trip while the next writer
//! waits. Writers in other processes (an `arcade` command beside the server) still meet the
//! busy handler.
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

use sqlx::{
    any::{AnyConnectOptions, AnyTransactionManager},
    pool::PoolConnection,
    Any, AnyConnection, AnyPool, ConnectOptions, Connection, Executor, TransactionManager,
};
use tokio::sync::{Mutex, OwnedMappedMutexGuard, OwnedMutexGuard};

use super::ACQUIRE_TIMEOUT;

/// This process's SQLite writers: one turn at a time, and the thread that
/// [`Db::on_writer`](super::Db::on_writer) runs writes on.
#[derive(Debug)]
pub(super) struct Turns {
    thread: WriterThread,
    /// On a file, the writes' own connection, held for as long as the database is open: its
    /// lock is the turn (first come, first served), and a write never goes back to a pool,
    /// whose hand-back tests the connection with a round trip to its thread while the next
    /// writer waits. `None` in memory, where every connection is a database of its own and
    /// writes take turns for the pool's connection instead; the slot is empty once closed.
    own: Option<Arc<Mutex<Option<Own>>>>,
    /// On a file: the thread that checkpoints the log for the writes' connection, until
    /// the database closes.
    checkpoints: std::sync::Mutex<Option<Checkpointer>>,
}

/// What the writes' own connection is set up with beside every connection's settings: it
/// never checkpoints (see [`Checkpointer`]).
pub(super) const NO_CHECKPOINTS: &str = "PRAGMA wal_autocheckpoint=0;";

impl Turns {
    /// The writers' turns; on a file, with the writes' `own` connection and a thread that
    /// checkpoints for it every `checkpoint_every`.
    pub(super) async fn new(own: Option<OwnSetup>, checkpoint_every: Duration) -> Result<Self, StartError> {
        let thread = WriterThread::start().map_err(StartError::Thread)?;
        let (own, checkpoints) = match own {
            Some(OwnSetup { options, setup, file }) => {
                // Opened on the writer thread: sqlx starts the connection's own thread from
                // the one that connects, and so on the writer's core.
                let opening = async move {
                    let mut conn = options.connect().await?;
                    conn.execute(&*setup).await?;
                    Ok(conn)
                };
                let conn = match thread.runtime.spawn(opening).await {
                    Ok(opened) => opened.map_err(StartError::Connect)?,
                    Err(e) => return Err(StartError::Thread(std::io::Error::other(e))),
                };
                let own = Own { conn, left_open: false };
                let checkpoints = Checkpointer::start(file, checkpoint_every).map_err(StartError::Thread)?;
                (Some(Arc::new(Mutex::new(Some(own)))), Some(checkpoints))
            }
            None => (None, None),
        };
        Ok(Self { thread, own, checkpoints: std::sync::Mutex::new(checkpoints) })
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

    /// Closes the writes' own connection, if they have one, once the write holding it ends,
    /// and ends the checkpoint thread: its connection would keep the closing checkpoint
    /// from emptying the log, and one it ran meanwhile would keep it busy.
    pub(super) async fn close(&self) {
        let checkpoints = self.checkpoints.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(checkpoints) = checkpoints {
            if tokio::task::spawn_blocking(move || checkpoints.stop()).await.is_err() {
                tracing::warn!("the checkpoint thread did not end cleanly");
            }
        }
        let Some(own) = &self.own else { return };
        if let Some(own) = own.lock().await.take() {
            if let Err(e) = own.conn.close().await {
                tracing::warn!(error = %e, "the writes' connection did not close cleanly");
            }
        }
    }

    /// Waits for this process's turn to write, then takes SQLite's write lock at once
    /// (`BEGIN IMMEDIATE`): a deferred transaction that reads and then writes would fail
    /// with "database is locked" when a writer of another process went first.
    pub(super) async fn begin(&self, pool: &AnyPool) -> Result<WriteTx, sqlx::Error> {
        match self.conn(pool).await?.held {
            Held::Own(conn) => WriteTx::immediate(conn).await,
            pooled => WriteTx::begin(pooled, Some("BEGIN IMMEDIATE")).await,
        }
    }

    /// Waits for this process's turn to write, then hands over the writes' connection
    /// outside a transaction: for writes of one statement each, which SQLite makes whole
    /// on its own, without the two round trips of `BEGIN` and `COMMIT`.
    pub(super) async fn conn(&self, pool: &AnyPool) -> Result<WriteConn, sqlx::Error> {
        let Some(own) = &self.own else {
            // In memory the pool's one connection is the database: taking it is the turn.
            return Ok(WriteConn::pooled(pool.acquire().await?));
        };
        let turn = match tokio::time::timeout(ACQUIRE_TIMEOUT, own.clone().lock_owned()).await {
            Ok(turn) => turn,
            Err(_) => return Err(sqlx::Error::PoolTimedOut),
        };
        let Ok(mut own) = OwnedMutexGuard::try_map(turn, Option::as_mut) else {
            return Err(sqlx::Error::PoolClosed);
        };
        if own.left_open {
            // A write dropped where no runtime could roll it back (see `WriteTx`'s `Drop`).
            // Its commit may have run unanswered, so a rollback that finds no transaction
            // is as good as one that ends it.
            own.left_open = false;
            if let Err(e) = own.conn.execute("ROLLBACK").await {
                tracing::debug!(error = %e, "no transaction was left open");
            }
        }
        Ok(WriteConn { held: Held::Own(own) })
    }
}

/// How the writes' own connection to a SQLite file is opened.
pub(super) struct OwnSetup {
    pub options: AnyConnectOptions,
    /// Run once on the connection when it opens.
    pub setup: String,
    pub file: PathBuf,
}

/// Why the writers could not start.
#[derive(Debug)]
pub(super) enum StartError {
    /// A thread of theirs did not start.
    Thread(std::io::Error),
    /// Their connection did not open.
    Connect(sqlx::Error),
}

/// The writes' own connection to a SQLite file.
#[derive(Debug)]
struct Own {
    conn: AnyConnection,
    /// True when a write ended without its transaction being rolled back: the next writer
    /// rolls it back before anything else.
    left_open: bool,
}

/// The writes' own connection, held with the turn.
type OwnConn = OwnedMappedMutexGuard<Option<Own>, Own>;

/// A connection that writes, held by one writer until dropped.
#[derive(Debug)]
enum Held {
    /// The writes' own connection to a SQLite file, held with the turn it is locked by.
    Own(OwnConn),
    /// A connection of the pool (PostgreSQL, and SQLite in memory).
    Pooled(PoolConnection<Any>),
}

impl Deref for Held {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        match self {
            Self::Own(own) => &own.conn,
            Self::Pooled(conn) => conn,
        }
    }
}

impl DerefMut for Held {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        match self {
            Self::Own(own) => &mut own.conn,
            Self::Pooled(conn) => conn,
        }
    }
}

/// The connection writes of one statement each run on, while it is this writer's turn
/// (see [`Turns::conn`]); the turn passes on when it is dropped.
#[derive(Debug)]
pub struct WriteConn {
    held: Held,
}

impl WriteConn {
    /// A connection of the pool: on PostgreSQL it needs no turn.
    pub(super) fn pooled(conn: PoolConnection<Any>) -> Self {
        Self { held: Held::Pooled(conn) }
    }
}

impl Deref for WriteConn {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        &self.held
    }
}

impl DerefMut for WriteConn {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.held
    }
}

/// The writer thread: a runtime of its own for the writes sent there, so each hand-back of
/// a statement is taken up at once instead of waiting among the requests a worker is
/// serving. It stops when the database is dropped.
///
/// It keeps to one core, and so does the thread of the writes' own connection, which it
/// starts (a thread starts on its parent's cores). The two hand each statement back and
/// forth, one running while the other waits: on one core each hand-back is a switch
/// between them, where across two it woke an idle core first, which cost about as much
/// as the statement (checkout: 1,000 → 2,000 orders/s, see `docs/PERFORMANCE.md`). The
/// core is the last the process may use; with one, nothing changes.
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
            keep_to_one_core();
            let _ = runtime.block_on(stopped);
        })?;
        Ok(Self { runtime: handle, _stop: stop })
    }
}

/// Keeps the calling thread, and the threads it starts, on the last core it may use.
fn keep_to_one_core() {
    let cores = core_affinity::get_core_ids().unwrap_or_default();
    if let [_, .., last] = cores.as_slice() {
        if !core_affinity::set_for_current(*last) {
            tracing::debug!("the writer thread runs on any core");
        }
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
    stop: std::sync::mpsc::Sender<()>,
    thread: std::thread::JoinHandle<()>,
}

impl Checkpointer {
    fn start(file: PathBuf, every: Duration) -> std::io::Result<Self> {
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        let thread = std::thread::Builder::new().name("arcade-checkpoint".into()).spawn(move || {
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
        Ok(Self { stop, thread })
    }

    /// Ends the thread, and with it its connection, once a checkpoint it is running ends.
    fn stop(self) {
        drop(self.stop);
        let _ = self.thread.join();
    }
}

/// A transaction that will write: `&mut tx` is its connection. It ends with
/// [`WriteTx::commit`]; dropped before, it is rolled back before the next writer has the
/// connection.
#[derive(Debug)]
pub struct WriteTx {
    /// `None` only while being dropped.
    held: Option<Held>,
    /// True from `BEGIN` until the commit has succeeded.
    open: bool,
}

impl WriteTx {
    /// Begins a transaction on a connection of the pool, with `begin` or the database's
    /// plain `BEGIN`; sqlx keeps track of it, and rolls it back if it is left open.
    async fn begin(mut held: Held, begin: Option<&'static str>) -> Result<Self, sqlx::Error> {
        AnyTransactionManager::begin(&mut held, begin.map(Into::into)).await?;
        Ok(Self { held: Some(held), open: true })
    }

    /// Begins a transaction on the writes' own connection with a plain statement: sqlx's
    /// begin with a statement of the caller's costs a second round trip to the connection's
    /// thread, to check that a transaction began. This type keeps track of it instead.
    async fn immediate(mut own: OwnConn) -> Result<Self, sqlx::Error> {
        own.conn.execute("BEGIN IMMEDIATE").await?;
        Ok(Self { held: Some(Held::Own(own)), open: true })
    }

    /// A transaction on a connection of the pool, with no turn (PostgreSQL).
    pub(super) async fn concurrent(conn: PoolConnection<Any>) -> Result<Self, sqlx::Error> {
        Self::begin(Held::Pooled(conn), None).await
    }

    /// Commits; the turn passes on once the commit is done.
    pub async fn commit(mut self) -> Result<(), sqlx::Error> {
        match self.held.as_mut() {
            Some(Held::Own(own)) => own.conn.execute("COMMIT").await.map(drop)?,
            Some(pooled) => AnyTransactionManager::commit(pooled).await?,
            None => {}
        }
        self.open = false;
        Ok(())
    }
}

impl Deref for WriteTx {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        self.held.as_deref().expect("a connection until dropped")
    }
}

impl DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        self.held.as_deref_mut().expect("a connection until dropped")
    }
}

impl Drop for WriteTx {
    fn drop(&mut self) {
        if !self.open {
            return;
        }
        match self.held.take() {
            // The turn passes on once the rollback is done; with no runtime to run it, the
            // next writer rolls back first.
            Some(Held::Own(mut own)) => match tokio::runtime::Handle::try_current() {
                Ok(runtime) => {
                    runtime.spawn(async move {
                        if let Err(e) = own.conn.execute("ROLLBACK").await {
                            tracing::warn!(error = %e, "a write transaction could not be rolled back");
                        }
                    });
                }
                Err(_) => own.left_open = true,
            },
            // Sent to the connection now and run before anything sent after it; a commit
            // that ran but was never answered (its future dropped) makes this a no-op.
            Some(mut pooled) => AnyTransactionManager::start_rollback(&mut pooled),
            None => {}
        }
    }
}
