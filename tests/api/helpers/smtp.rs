//! An SMTP server on loopback for tests: it speaks enough of RFC 5321 for `lettre` (EHLO,
//! MAIL, RCPT, DATA, RSET, NOOP, QUIT) and keeps what it receives, or refuses every
//! message with a temporary failure when built with [`SmtpSink::refusing`].

use std::{net::SocketAddr, sync::Arc};

use tokio::{
    io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
    net::TcpListener,
    sync::Mutex,
};

/// A message as the sink received it.
#[derive(Clone, Debug)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    /// The message's data (headers and body, dot-unstuffed).
    pub data: String,
}

/// A running SMTP server and what it received.
#[derive(Clone)]
pub struct SmtpSink {
    pub addr: SocketAddr,
    pub received: Arc<Mutex<Vec<Received>>>,
    /// Number of DATA commands answered (accepted or refused).
    pub attempts: Arc<Mutex<usize>>,
}

impl SmtpSink {
    /// A sink that accepts every message.
    pub async fn start() -> Self {
        Self::spawn(false).await
    }

    /// A sink that answers every message's data with `451` (try again later).
    pub async fn refusing() -> Self {
        Self::spawn(true).await
    }

    /// `smtp://127.0.0.1:{port}`: plain SMTP, as `--smtp-url` takes it.
    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    async fn spawn(refuse: bool) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind the SMTP sink");
        let sink = Self {
            addr: listener.local_addr().expect("its address"),
            received: Arc::default(),
            attempts: Arc::default(),
        };
        let state = sink.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let state = state.clone();
                tokio::spawn(async move {
                    let _ = state.session(stream, refuse).await;
                });
            }
        });
        sink
    }

    async fn session(&self, stream: tokio::net::TcpStream, refuse: bool) -> std::io::Result<()> {
        let (read, mut write) = stream.into_split();
        let mut lines = BufReader::new(read).lines();
        write.write_all(b"220 sink.test ESMTP\r\n").await?;
        let (mut from, mut to) = (String::new(), Vec::new());
        while let Some(line) = lines.next_line().await? {
            let upper = line.to_ascii_uppercase();
            let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                b"250-sink.test\r\n250 8BITMIME\r\n"
            } else if let Some(rest) = upper.strip_prefix("MAIL FROM:") {
                from = line[line.len() - rest.len()..].trim().to_string();
                b"250 OK\r\n"
            } else if let Some(rest) = upper.strip_prefix("RCPT TO:") {
                to.push(line[line.len() - rest.len()..].trim().trim_matches(['<', '>']).to_string());
                b"250 OK\r\n"
            } else if upper == "DATA" {
                write.write_all(b"354 end with <CRLF>.<CRLF>\r\n").await?;
                let mut data = String::new();
                while let Some(l) = lines.next_line().await? {
                    if l == "." {
                        break;
                    }
                    data.push_str(l.strip_prefix('.').unwrap_or(&l));
                    data.push('\n');
                }
                *self.attempts.lock().await += 1;
                if refuse {
                    b"451 4.3.0 try again later\r\n"
                } else {
                    let to = std::mem::take(&mut to);
                    self.received.lock().await.push(Received { from: from.clone(), to, data });
                    b"250 OK queued\r\n"
                }
            } else if upper == "QUIT" {
                write.write_all(b"221 bye\r\n").await?;
                return Ok(());
            } else {
                b"250 OK\r\n"
            };
            write.write_all(reply).await?;
        }
        Ok(())
    }

    /// Waits up to 10 s for at least `n` received messages; answers them all.
    pub async fn wait_for(&self, n: usize) -> Vec<Received> {
        for _ in 0..200 {
            let got = self.received.lock().await.clone();
            if got.len() >= n {
                return got;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("the SMTP sink received {} of {n} messages", self.received.lock().await.len());
    }
}
