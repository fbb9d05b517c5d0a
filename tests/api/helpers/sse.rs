//! A storefront's theme event stream (`/events/theme`) as a browser tab holds it open.

use std::time::Duration;

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

use super::TestApp;

/// An open event stream of a storefront, read as it arrives.
pub struct Tab(TcpStream, pub String);

impl Tab {
    pub async fn open(app: &TestApp, host: &str, path: &str, last_id: Option<&str>) -> Tab {
        let mut s = TcpStream::connect(app.addr).await.unwrap();
        let last = last_id.map(|id| format!("Last-Event-ID: {id}\r\n")).unwrap_or_default();
        let head = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: text/event-stream\r\n{last}\r\n");
        s.write_all(head.as_bytes()).await.unwrap();
        let mut tab = Tab(s, String::new());
        tab.read_for(Duration::from_millis(300)).await;
        assert!(tab.1.starts_with("HTTP/1.1 200"), "{}", tab.1);
        assert!(tab.1.to_lowercase().contains("content-type: text/event-stream"), "{}", tab.1);
        tab
    }

    /// Reads what arrives within `wait`.
    pub async fn read_for(&mut self, wait: Duration) {
        let mut buf = [0u8; 4096];
        let deadline = tokio::time::Instant::now() + wait;
        while let Ok(Ok(n)) = tokio::time::timeout_at(deadline, self.0.read(&mut buf)).await {
            if n == 0 {
                break;
            }
            self.1.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    }

    pub fn themes(&self) -> usize {
        self.1.matches("event: theme").count()
    }
}
