//! Write transactions, which on SQLite take turns in this process.
//!
//! SQLite lets one connection write at a time. A `BEGIN IMMEDIATE` that finds another
//! connection writing waits in SQLite's busy handler, which sleeps (1, 2, 5, 10… up to
//! 100 ms) and tries again: under load most of a write's time went in those sleeps, and
//! their length made the slowest answers. Here writers queue for a turn, first come first
//! served, before they begin; the lock is free when each begins, so none sleeps. Writers in
//! other processes (an `arcade` command beside the server) still meet the busy handler.
//!
//! PostgreSQL locks rows, not the database: its writers run side by side, without turns.

use std::{
    ops::{Deref, DerefMut},
    sync::Arc,
};

use sqlx::{Any, AnyConnection, AnyPool, Transaction};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::ACQUIRE_TIMEOUT;

/// The queue of this process's SQLite writers: one turn at a time.
#[derive(Debug)]
pub(super) struct Turns(Arc<Semaphore>);

impl Turns {
    pub(super) fn new() -> Self {
        Self(Arc::new(Semaphore::new(1)))
    }

    /// Waits for this process's turn to write, then takes SQLite's write lock at once
    /// (`BEGIN IMMEDIATE`): a deferred transaction that reads and then writes would fail
    /// with "database is locked" when a writer of another process went first.
    pub(super) async fn begin(&self, pool: &AnyPool) -> Result<WriteTx, sqlx::Error> {
        let turn = match tokio::time::timeout(ACQUIRE_TIMEOUT, self.0.clone().acquire_owned()).await {
            Ok(Ok(turn)) => turn,
            Ok(Err(_)) => return Err(sqlx::Error::PoolClosed),
            Err(_) => return Err(sqlx::Error::PoolTimedOut),
        };
        let tx = pool.begin_with("BEGIN IMMEDIATE").await?;
        Ok(WriteTx { tx: Some(tx), turn: Some(turn) })
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
