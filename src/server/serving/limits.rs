//! How much of the server one client, or many, may hold: open connections, the time a
//! request's head and body may take, the size of a head, and how long shutdown waits.

use std::time::Duration;

/// File descriptors kept free of connections: the database pool and its readers, uploads
/// and assets being read, the listener, logs.
const RESERVED_FILES: u64 = 256;

/// The bounds every connection is served within.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Open connections at most; past it the server stops accepting until one ends
    /// (new ones wait in the kernel's queue).
    pub max_connections: usize,
    /// Time a client has to send a request's line and headers, counted from the moment the
    /// connection opens or its previous answer ends: it is also how long an idle keep-alive
    /// connection is kept.
    pub header_timeout: Duration,
    /// Longest wait for the next piece of a request body (a stalled upload).
    pub body_timeout: Duration,
    /// Longest a write to the client may wait (one that stopped reading its answer).
    pub send_timeout: Duration,
    /// Largest request line plus headers, in bytes; a larger head is answered 431.
    pub max_header_bytes: usize,
    /// How long shutdown waits for requests in flight, then for background tasks.
    pub shutdown_timeout: Duration,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        Self {
            max_connections: 10_000,
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            send_timeout: Duration::from_secs(30),
            max_header_bytes: 16 * 1024,
            shutdown_timeout: Duration::from_secs(10),
        }
    }
}

impl ConnectionLimits {
    /// These limits with at most as many connections as the process may open files for,
    /// after raising its soft limit of open files to the hard one (a server's first need);
    /// a connection over that limit would fail to be accepted and starve the database of
    /// file descriptors too.
    pub fn fitted_to_open_files(mut self) -> Self {
        let files = match rlimit::increase_nofile_limit(u64::MAX) {
            Ok(files) => files,
            Err(e) => {
                tracing::warn!(error = %e, "cannot read the limit of open files; connections are not fitted to it");
                return self;
            }
        };
        let room = usize::try_from(files.saturating_sub(RESERVED_FILES)).unwrap_or(usize::MAX).max(1);
        if self.max_connections > room {
            tracing::warn!(
                asked = self.max_connections,
                allowed = room,
                open_files = files,
                "fewer connections than asked: the process may open only so many files (raise `ulimit -n`)"
            );
            self.max_connections = room;
        }
        self
    }
}
