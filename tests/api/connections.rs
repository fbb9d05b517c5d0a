//! Bounded connections and graceful shutdown: what one client, or thousands, can hold of
//! the server, what a panicking handler answers, and how the server stops.

mod flood;
mod limits;
mod panics;
mod shutdown;
mod streams;

use std::{
    net::SocketAddr,
    time::{Duration, Instant},
};

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

/// Reads and drops what the server sends until it closes the connection; how long that
/// took, or `None` when it was still open after `wait`.
async fn closed_within(stream: &mut TcpStream, wait: Duration) -> Option<Duration> {
    let started = Instant::now();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout_at((started + wait).into(), stream.read(&mut buf)).await {
            Err(_) => return None,
            Ok(Ok(0)) | Ok(Err(_)) => return Some(started.elapsed()),
            Ok(Ok(_)) => {}
        }
    }
}

/// One answer read from a connection that stays open: its status, head and body (framed
/// by `Content-Length`, which every answer these tests read on a kept connection has).
async fn read_answer(stream: &mut TcpStream) -> (u16, String, String) {
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&raw[..end]).into_owned();
            let length = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().to_string())
                })
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or_else(|| panic!("no Content-Length in {head}"));
            if raw.len() >= end + 4 + length {
                let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("a status");
                let body = String::from_utf8_lossy(&raw[end + 4..end + 4 + length]).into_owned();
                return (status, head, body);
            }
        }
        match tokio::time::timeout_at(deadline, stream.read(&mut buf)).await {
            Ok(Ok(n)) if n > 0 => raw.extend_from_slice(&buf[..n]),
            other => panic!("the answer was cut short ({other:?}): {}", String::from_utf8_lossy(&raw)),
        }
    }
}

/// Sends a GET on a connection that is kept open afterwards.
async fn send_get(stream: &mut TcpStream, host: &str, path: &str) {
    let head = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n");
    stream.write_all(head.as_bytes()).await.expect("send the request");
}

/// Asks for an event stream of a storefront with `headers` added; the connection and the
/// answer's head (lower-cased), read as soon as it arrives.
async fn ask_stream(addr: SocketAddr, host: &str, path: &str, headers: &str) -> (TcpStream, String) {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let head = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: text/event-stream\r\n{headers}\r\n");
    stream.write_all(head.as_bytes()).await.expect("send the request");
    let mut raw = Vec::new();
    let mut buf = [0u8; 1024];
    while !raw.windows(4).any(|w| w == b"\r\n\r\n") {
        match tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buf)).await {
            Ok(Ok(n)) if n > 0 => raw.extend_from_slice(&buf[..n]),
            other => panic!("no answer to the stream request ({other:?})"),
        }
    }
    (stream, String::from_utf8_lossy(&raw).to_lowercase())
}

/// An open event stream; panics unless it is answered 200 with an event stream.
async fn open_stream(addr: SocketAddr, host: &str, path: &str, headers: &str) -> TcpStream {
    let (stream, head) = ask_stream(addr, host, path, headers).await;
    assert!(head.starts_with("http/1.1 200"), "{head}");
    assert!(head.contains("content-type: text/event-stream"), "{head}");
    stream
}

/// The status an event-stream request is answered with (the stream, if any, is closed).
async fn stream_status(addr: SocketAddr, host: &str, path: &str, headers: &str) -> u16 {
    let (_, head) = ask_stream(addr, host, path, headers).await;
    head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("a status in {head}"))
}
