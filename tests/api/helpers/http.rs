//! A tiny HTTP/1.1 client that can send any `Host` (reqwest would cost compile time and
//! would refuse the hostile values some tests need). It reads an answer to the end and
//! fails the test when the body is shorter than its framing says.

use std::{
    collections::BTreeSet,
    future::{Future, IntoFuture},
    net::SocketAddr,
    pin::Pin,
    time::Duration,
};

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

/// How long a test waits for the server to finish an answer.
const RESPONSE_TIMEOUT: Duration = Duration::from_secs(10);

/// A request being built; `.await` sends it.
pub struct RequestBuilder {
    addr: SocketAddr,
    method: &'static str,
    host: Option<String>,
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl RequestBuilder {
    /// A request to the server at `addr` (any server: the tests also start the binary).
    pub fn new(addr: SocketAddr, method: &'static str, host: Option<&str>, path: &str) -> Self {
        Self {
            addr,
            method,
            host: host.map(str::to_string),
            path: path.into(),
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// Adds a header line, sent as given.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// An `application/x-www-form-urlencoded` body (server functions' default encoding).
    pub fn form(mut self, body: &str) -> Self {
        self.body = body.as_bytes().to_vec();
        self.header("Content-Type", "application/x-www-form-urlencoded")
    }

    /// A body with its content type.
    pub fn body(mut self, content_type: &str, body: Vec<u8>) -> Self {
        self.body = body;
        self.header("Content-Type", content_type)
    }

    /// A JSON body.
    pub fn json(mut self, body: &serde_json::Value) -> Self {
        self.body = body.to_string().into_bytes();
        self.header("Content-Type", "application/json")
    }

    /// Sends the request on a new connection and reads the whole answer.
    pub async fn send(self) -> Response {
        let mut head = format!("{} {} HTTP/1.1\r\n", self.method, self.path);
        if let Some(host) = &self.host {
            head.push_str(&format!("Host: {host}\r\n"));
        }
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if self.method != "GET" || !self.body.is_empty() {
            head.push_str(&format!("Content-Length: {}\r\n", self.body.len()));
        }
        head.push_str("Connection: close\r\n\r\n");

        let mut stream = TcpStream::connect(self.addr).await.expect("connect to the test server");
        stream.write_all(head.as_bytes()).await.expect("send the request head");
        // A server refusing a request may answer and close before reading all of it.
        let _ = stream.write_all(&self.body).await;
        let mut raw = Vec::new();
        // A server that never finishes its answer fails the test instead of hanging it.
        let read = tokio::time::timeout(RESPONSE_TIMEOUT, stream.read_to_end(&mut raw)).await;
        let what = format!("{} {}", self.method, self.path);
        let Ok(read) = read else {
            panic!("no complete answer within {RESPONSE_TIMEOUT:?} for {what}");
        };
        // A reset after the whole answer arrived is harmless; the framing check below
        // catches one that cut the answer short.
        Response::parse(&raw, read.err(), &what, self.method == "HEAD")
    }
}

impl IntoFuture for RequestBuilder {
    type Output = Response;
    type IntoFuture = Pin<Box<dyn Future<Output = Response> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// Percent-encodes a form value.
pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// An HTTP answer: status, headers (lowercased names, in order) and body as text.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// The body as it arrived (compressed bodies are not text).
    pub bytes: Vec<u8>,
}

impl Response {
    /// Parses a whole answer read until the server closed (`read_error` if the read ended
    /// with one); panics when the body is cut short of its `Content-Length` or chunks, or
    /// when the answer to a `HEAD` (`to_head`) has one.
    fn parse(raw: &[u8], read_error: Option<std::io::Error>, what: &str, to_head: bool) -> Self {
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or_else(|| {
            panic!("{what}: no complete response head ({read_error:?}) in {:?}", String::from_utf8_lossy(raw))
        });
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let rest = &raw[split + 4..];
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap_or_default();
        let status = status_line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("{what}: bad status line {status_line:?}"));
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let mut res = Self { status, headers, body: String::new(), bytes: Vec::new() };
        let body = if matches!(status, 204 | 304) || to_head {
            assert!(rest.is_empty(), "{what}: a {status} answer with a body: {res:?}");
            Vec::new()
        } else if res.header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
            dechunk(rest).unwrap_or_else(|e| panic!("{what}: {e} ({read_error:?}); head: {res:?}"))
        } else if let Some(len) = res.header("content-length") {
            let len: usize = len.parse().unwrap_or_else(|_| panic!("{what}: bad Content-Length {len:?}"));
            assert!(
                rest.len() == len,
                "{what}: Content-Length {len} but {} body bytes arrived ({read_error:?}); head: {res:?}",
                rest.len()
            );
            rest.to_vec()
        } else {
            // Delimited by the end of the connection: only a clean close ends it.
            assert!(read_error.is_none(), "{what}: the connection failed mid-body: {read_error:?}");
            rest.to_vec()
        };
        res.body = String::from_utf8_lossy(&body).into_owned();
        res.bytes = body;
        res
    }

    /// The first value of a header (`name` in lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The `Location` of a redirect.
    pub fn location(&self) -> &str {
        self.header("location").unwrap_or_else(|| panic!("no Location in {self:?}"))
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", self.body))
    }

    /// The theme rule the page carries in `<style id="arcade-theme">`.
    pub fn theme_css(&self) -> Option<&str> {
        let start = self.body.find(r#"<style id="arcade-theme">"#)? + r#"<style id="arcade-theme">"#.len();
        let len = self.body[start..].find("</style>")?;
        Some(&self.body[start..start + len])
    }

    /// What the page tells the browser about its site (`<script id="arcade-site">`).
    pub fn site_json(&self) -> serde_json::Value {
        let open = r#"<script id="arcade-site" type="application/json">"#;
        let start =
            self.body.find(open).unwrap_or_else(|| panic!("no site script in {}", self.body)) + open.len();
        let len = self.body[start..].find("</script>").expect("the site script ends");
        serde_json::from_str(&self.body[start..start + len]).expect("the site script is JSON")
    }

    /// Ids of the product cards and product pages in an HTML body (`id="product-N"`), in order.
    pub fn product_ids(&self) -> Vec<i64> {
        self.body.split("id=\"product-").skip(1).filter_map(|s| s.split('"').next()?.parse().ok()).collect()
    }

    /// The store numbers named by product names in the body (`… of Store 0001` → 1).
    pub fn stores_in_product_names(&self) -> BTreeSet<i64> {
        self.body.split(" of Store ").skip(1).filter_map(|s| s.get(..4)?.parse().ok()).collect()
    }
}

/// Decodes a `Transfer-Encoding: chunked` body; an error when a chunk or the final
/// zero-size chunk is missing.
fn dechunk(mut raw: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    loop {
        let eol = raw
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or_else(|| format!("chunked body ends without its last chunk after {} bytes", out.len()))?;
        let size_line = String::from_utf8_lossy(&raw[..eol]);
        let size_hex = size_line.split(';').next().unwrap_or("").trim();
        let size =
            usize::from_str_radix(size_hex, 16).map_err(|_| format!("bad chunk size {size_line:?}"))?;
        raw = &raw[eol + 2..];
        if size == 0 {
            return Ok(out);
        }
        let chunk = raw
            .get(..size)
            .filter(|_| raw.get(size..size + 2) == Some(b"\r\n"))
            .ok_or_else(|| format!("a chunk of {size} bytes cut short after {} bytes", out.len()))?;
        out.extend_from_slice(chunk);
        raw = &raw[size + 2..];
    }
}

#[cfg(test)]
mod tests {
    use super::Response;

    fn parse(raw: &str) -> Response {
        Response::parse(raw.as_bytes(), None, "GET /", false)
    }

    #[test]
    fn body_of_its_content_length_is_read_whole() {
        assert_eq!(parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello").body, "hello");
    }

    #[test]
    #[should_panic(expected = "Content-Length 10 but 5 body bytes arrived")]
    fn body_shorter_than_its_content_length_fails() {
        parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello");
    }

    #[test]
    fn chunked_body_is_decoded() {
        let res =
            parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhel\r\n2\r\nlo\r\n0\r\n\r\n");
        assert_eq!(res.body, "hello");
    }

    #[test]
    #[should_panic(expected = "chunked body ends without its last chunk")]
    fn chunked_body_without_its_last_chunk_fails() {
        parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhel\r\n");
    }

    #[test]
    #[should_panic(expected = "a chunk of 5 bytes cut short")]
    fn chunk_shorter_than_its_size_fails() {
        parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel");
    }
}
