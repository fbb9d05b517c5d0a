//! Serving connections within bounds, and shutting down gracefully.
//!
//! Each connection is served by hyper's HTTP/1 connection with a timer, so a client has
//! [`ConnectionLimits::header_timeout`] to send a request's head (slow-loris clients and
//! idle keep-alive sockets are closed), a head larger than
//! [`ConnectionLimits::max_header_bytes`] is answered 431, a request body that stalls
//! fails after [`ConnectionLimits::body_timeout`], and a client that stops reading is cut
//! off after [`ConnectionLimits::send_timeout`]. A semaphore caps the open connections:
//! at the cap the server stops accepting, and new connections wait in the kernel's queue.
//!
//! Shutdown (SIGTERM, Ctrl-C, or the app's `shutdown` token cancelled) stops accepting,
//! ends the theme-event streams (they watch the same token), lets requests in flight
//! finish within [`ConnectionLimits::shutdown_timeout`] and cuts what is left, then waits
//! for the app's background tasks within the rest of the same bound.

pub mod limits;

use std::{
    net::SocketAddr,
    pin::{pin, Pin},
    sync::Arc,
    time::Duration,
};

use axum::{body::Body, extract::ConnectInfo};
use hyper::{body::Incoming, server::conn::http1};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::{
    net::{TcpListener, TcpStream},
    sync::{OwnedSemaphorePermit, Semaphore},
    time::Instant,
};
use tokio_io_timeout::TimeoutWriter;
use tokio_util::{sync::CancellationToken, task::TaskTracker};
use tower::ServiceExt;
use tower_http::timeout::TimeoutBody;

pub use limits::ConnectionLimits;

use super::startup::Built;

/// Serves until the app's `shutdown` token is cancelled (SIGTERM and Ctrl-C cancel it),
/// then drains as the module docs say.
pub async fn serve(listener: TcpListener, built: Built) -> std::io::Result<()> {
    let Built { state, service, limits } = built;
    let stop = state.shutdown.clone();
    tokio::spawn({
        let stop = stop.clone();
        async move {
            tokio::select! { _ = shutdown_signal() => stop.cancel(), _ = stop.cancelled() => {} }
        }
    });
    let connections = TaskTracker::new();
    let cut = CancellationToken::new();
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_header_size(limits.max_header_bytes);
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    loop {
        let accepted = tokio::select! {
            biased;
            _ = stop.cancelled() => break,
            accepted = accept(&listener, &permits) => accepted,
        };
        let Some((stream, peer, permit)) = accepted else { continue };
        let service = service.clone();
        let body_timeout = limits.body_timeout;
        let serve = move |req: hyper::Request<Incoming>| {
            let mut req = req.map(|b| Body::new(TimeoutBody::new(body_timeout, b)));
            req.extensions_mut().insert(ConnectInfo(peer));
            service.clone().oneshot(req)
        };
        let mut io = TimeoutWriter::new(stream);
        io.set_timeout(Some(limits.send_timeout));
        let conn = http.serve_connection(TokioIo::new(Box::pin(io)), hyper::service::service_fn(serve));
        connections.spawn(connection(conn, permit, stop.clone(), cut.clone()));
    }
    // New connections are refused from here on, so a load balancer tries another node.
    drop(listener);
    tracing::info!(open = connections.len(), "shutting down: no longer accepting connections");
    let deadline = Instant::now() + limits.shutdown_timeout;
    connections.close();
    if tokio::time::timeout_at(deadline, connections.wait()).await.is_err() {
        tracing::warn!(left = connections.len(), "requests still in flight at the shutdown bound are cut");
        cut.cancel();
        connections.wait().await;
    }
    state.tasks.close();
    if tokio::time::timeout_at(deadline, state.tasks.wait()).await.is_err() {
        tracing::warn!(left = state.tasks.len(), "background tasks still running at the shutdown bound");
    }
    tracing::info!("connections and background tasks done");
    Ok(())
}

/// The next connection, once one may be opened; `None` after a failed accept.
async fn accept(
    listener: &TcpListener,
    permits: &Arc<Semaphore>,
) -> Option<(TcpStream, SocketAddr, OwnedSemaphorePermit)> {
    // The semaphore is never closed.
    let permit = permits.clone().acquire_owned().await.ok()?;
    match listener.accept().await {
        Ok((stream, peer)) => {
            let _ = stream.set_nodelay(true);
            Some((stream, peer, permit))
        }
        Err(e) if is_connection_error(&e) => None,
        // Out of file descriptors or the like: retrying at once would spin.
        Err(e) => {
            tracing::error!(error = %e, "accepting a connection failed");
            tokio::time::sleep(Duration::from_secs(1)).await;
            None
        }
    }
}

/// An error about one connection (the client gave up before it was accepted), not the listener.
fn is_connection_error(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(e.kind(), ConnectionRefused | ConnectionAborted | ConnectionReset)
}

/// Serves one connection; at shutdown lets its request in flight finish (an idle one closes
/// at once), and drops it when `cut`. Its permit is given back when it ends.
async fn connection<S>(
    conn: http1::Connection<Io, S>,
    permit: OwnedSemaphorePermit,
    stop: CancellationToken,
    cut: CancellationToken,
) where
    S: hyper::service::HttpService<Incoming>,
    S::Error: Into<BoxError>,
    S::ResBody: 'static,
    <S::ResBody as hyper::body::Body>::Error: Into<BoxError>,
{
    let mut conn = pin!(conn);
    let mut ended = tokio::select! {
        ended = conn.as_mut() => Some(ended),
        _ = stop.cancelled() => None,
    };
    if ended.is_none() {
        conn.as_mut().graceful_shutdown();
        ended = tokio::select! { ended = conn.as_mut() => Some(ended), _ = cut.cancelled() => None };
    }
    if let Some(Err(e)) = ended {
        // A client that goes away or times out is ordinary.
        tracing::debug!(error = %e, "connection ended with an error");
    }
    drop(permit);
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A connection's socket, whose writes time out.
type Io = TokioIo<Pin<Box<TimeoutWriter<TcpStream>>>>;

/// Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
