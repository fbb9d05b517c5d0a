//! `spawn_app()`: the real server on 127.0.0.1:0 over a fresh, seeded SQLite database,
//! and a tiny HTTP/1.1 client that can send any `Host` (reqwest would cost compile time
//! and would refuse the hostile values some tests need).

use std::{
    collections::BTreeSet,
    future::{Future, IntoFuture},
    net::{IpAddr, SocketAddr},
    pin::Pin,
};

use arcade::server::{
    auth::password,
    db::{stores, stores::StoreRecord, users, Db, StoreId},
    seed,
    startup::{self, AppConfig},
    state::AppState,
    tenancy::resolve::Ttl,
};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
};

/// The platform domain P of every test app (as in the bench workload).
pub const PLATFORM: &str = "platform.test";

/// A running server and handles on its data.
pub struct TestApp {
    pub addr: SocketAddr,
    pub db: Db,
    pub state: AppState,
    _dir: tempfile::TempDir,
}

/// The admin console's host in tests.
pub const ADMIN_HOST: &str = "admin.platform.test";

/// The server over the bench data set, believing no proxy.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(Vec::new(), None).await
}

/// The server over the bench data set, believing `X-Forwarded-*` from `proxies`.
pub async fn spawn_app_trusting(proxies: Vec<IpAddr>) -> TestApp {
    spawn_app_with(proxies, None).await
}

/// The server over the bench data set, asking `dns_server` to verify custom domains.
pub async fn spawn_app_with(proxies: Vec<IpAddr>, dns_server: Option<SocketAddr>) -> TestApp {
    let dir = tempfile::tempdir().expect("temporary directory");
    let url = format!("sqlite://{}/arcade.db", dir.path().display());
    let db = Db::connect(&url, 4).await.expect("open the test database");
    db.migrate().await.expect("migrate the test database");
    seed::bench(&db, false).await.expect("seed the bench data set");

    let config = AppConfig {
        platform_domain: PLATFORM.into(),
        public_port: None,
        trusted_proxies: proxies,
        resolver_cache_entries: 10_000,
        page_cache_bytes: 8 * 1024 * 1024,
        resolver_ttl: Ttl::default(),
        dns_server,
        uploads_dir: dir.path().join("uploads"),
    };
    let built = startup::build(db.clone(), &config, startup::leptos_options()).expect("build the app");
    let state = built.state.clone();
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind a port");
    let addr = listener.local_addr().expect("bound address");
    tokio::spawn(startup::serve(listener, built));
    TestApp { addr, db, state, _dir: dir }
}

impl TestApp {
    /// `GET path` with `Host: host`.
    pub fn get(&self, host: &str, path: &str) -> RequestBuilder {
        RequestBuilder::new(self.addr, "GET", Some(host), path)
    }

    /// `POST path` with `Host: host`; add a body with [`RequestBuilder::form`].
    pub fn post(&self, host: &str, path: &str) -> RequestBuilder {
        RequestBuilder::new(self.addr, "POST", Some(host), path)
    }

    /// `method path` with `Host: host` (for PUT, DELETE and the like).
    pub fn request(&self, method: &'static str, host: &str, path: &str) -> RequestBuilder {
        RequestBuilder::new(self.addr, method, Some(host), path)
    }

    /// `GET path` without any `Host` header.
    pub fn get_without_host(&self, path: &str) -> RequestBuilder {
        RequestBuilder::new(self.addr, "GET", None, path)
    }

    /// A store of the bench data set, read from the database.
    pub async fn store(&self, code: &str) -> StoreRecord {
        stores::by_code(&self.db, code).await.expect("query the store").expect("the store exists")
    }

    /// A connection of the test database, for repository calls that take one.
    pub async fn conn(&self) -> sqlx::pool::PoolConnection<sqlx::Any> {
        self.db.pool.acquire().await.expect("a database connection")
    }

    /// The id of a store of the bench data set.
    pub async fn store_id(&self, code: &str) -> StoreId {
        self.store(code).await.id
    }

    /// Creates (or resets) a platform admin and signs in on the admin host.
    pub async fn admin_session(&self, email: &str) -> Session {
        let hash = password::hash(TEST_PASSWORD);
        users::upsert_admin(&self.db, email, &hash).await.expect("create the admin");
        self.sign_in(ADMIN_HOST, email).await
    }

    /// Creates (or resets) a platform admin and signs in on `host` (P, to open dashboards).
    pub async fn admin_session_on(&self, host: &str, email: &str) -> Session {
        let hash = password::hash(TEST_PASSWORD);
        users::upsert_admin(&self.db, email, &hash).await.expect("create the admin");
        self.sign_in(host, email).await
    }

    /// Creates a user with `role` (`owner`/`staff`) in store `code` and signs in on P.
    pub async fn member_session(&self, email: &str, code: &str, role: &str) -> Session {
        let store = self.store_id(code).await;
        let mut conn = self.db.pool.acquire().await.expect("a connection");
        let (id, _) = users::get_or_create(&mut conn, email, None, false).await.expect("create the user");
        users::add_member(&mut conn, store, id, role).await.expect("add the membership");
        users::set_password(&mut conn, id, &password::hash(TEST_PASSWORD)).await.expect("set the password");
        self.sign_in(PLATFORM, email).await
    }

    /// Signs in through the sign-in server function with [`TEST_PASSWORD`].
    pub async fn sign_in(&self, host: &str, email: &str) -> Session {
        let res = self.sign_in_with(host, email, TEST_PASSWORD).await;
        let cookie = res
            .headers
            .iter()
            .filter(|(k, _)| k == "set-cookie")
            .find_map(|(_, v)| v.split(';').next().filter(|c| c.starts_with("arcade_session=")))
            .unwrap_or_else(|| panic!("sign-in of {email} on {host} set no session: {res:?}"))
            .to_string();
        Session { host: host.to_string(), cookie }
    }

    /// The raw answer of a sign-in attempt.
    pub async fn sign_in_with(&self, host: &str, email: &str, password: &str) -> Response {
        let body = format!("email={}&password={}&next=%2F", encode(email), encode(password));
        self.post(host, "/api/auth/login").header("Origin", &format!("http://{host}")).form(&body).await
    }

    /// A JSON call to a server function or API route as `session`, from its own origin.
    pub fn call(&self, session: &Session, path: &str, body: serde_json::Value) -> RequestBuilder {
        self.post(&session.host, path)
            .header("Origin", &format!("http://{}", session.host))
            .header("Cookie", &session.cookie)
            .json(&body)
    }

    /// The same call without any session (an anonymous visitor on `host`).
    pub fn call_anonymous(&self, host: &str, path: &str, body: serde_json::Value) -> RequestBuilder {
        self.post(host, path).header("Origin", &format!("http://{host}")).json(&body)
    }

    /// Makes this process forget what it cached about a store (as a write in the app would).
    pub async fn invalidate(&self, code: &str, domains: &[&str]) {
        self.state.resolver.invalidate(code, domains).await;
    }
}

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
    fn new(addr: SocketAddr, method: &'static str, host: Option<&str>, path: &str) -> Self {
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
        stream.write_all(&self.body).await.expect("send the request body");
        let mut raw = Vec::new();
        // A server refusing a request may close before reading all of it; keep what came.
        // A server that never finishes its answer fails the test instead of hanging it.
        let read = tokio::time::timeout(RESPONSE_TIMEOUT, stream.read_to_end(&mut raw)).await;
        assert!(
            read.is_ok(),
            "no complete answer within {RESPONSE_TIMEOUT:?} for {} {}",
            self.method,
            self.path
        );
        Response::parse(&raw)
    }
}

/// The password of every test account.
pub const TEST_PASSWORD: &str = "correct horse battery staple";

/// A signed-in user: the host the session lives on and the `Cookie` header value.
#[derive(Clone, Debug)]
pub struct Session {
    pub host: String,
    pub cookie: String,
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

/// How long a test waits for the server to finish an answer.
const RESPONSE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

impl IntoFuture for RequestBuilder {
    type Output = Response;
    type IntoFuture = Pin<Box<dyn Future<Output = Response> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// An HTTP answer: status, headers (lowercased names, in order) and body as text.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    fn parse(raw: &[u8]) -> Self {
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("no complete response head in {:?}", String::from_utf8_lossy(raw)));
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let rest = &raw[split + 4..];
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap_or_default();
        let status = status_line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("bad status line {status_line:?}"));
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let mut res = Self { status, headers, body: String::new() };
        let body = if res.header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
            dechunk(rest)
        } else if let Some(len) = res.header("content-length").and_then(|v| v.parse::<usize>().ok()) {
            rest[..len.min(rest.len())].to_vec()
        } else {
            rest.to_vec()
        };
        res.body = String::from_utf8_lossy(&body).into_owned();
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

    /// Ids of the product cards and product pages in an HTML body (`id="product-N"`), in order.
    pub fn product_ids(&self) -> Vec<i64> {
        self.body.split("id=\"product-").skip(1).filter_map(|s| s.split('"').next()?.parse().ok()).collect()
    }

    /// The store numbers named by product names in the body (`… of Store 0001` → 1).
    pub fn stores_in_product_names(&self) -> BTreeSet<i64> {
        self.body.split(" of Store ").skip(1).filter_map(|s| s.get(..4)?.parse().ok()).collect()
    }
}

/// Decodes a `Transfer-Encoding: chunked` body.
fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = raw.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size_line = String::from_utf8_lossy(&raw[..eol]);
        let size_hex = size_line.split(';').next().unwrap_or("").trim();
        let size =
            usize::from_str_radix(size_hex, 16).unwrap_or_else(|_| panic!("bad chunk size {size_line:?}"));
        raw = &raw[eol + 2..];
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&raw[..size.min(raw.len())]);
        raw = raw.get(size + 2..).unwrap_or_default();
    }
}

/// Store `i`'s primary colour in the bench data set (`WORKLOAD.md`).
pub fn primary_color(i: i64) -> String {
    format!("#{:06x}", (i * 2654435761) % 16777216)
}

/// The ids of store `i`'s 20 products in the bench data set.
pub fn product_ids_of(i: i64) -> Vec<i64> {
    ((i - 1) * 20 + 1..=i * 20).collect()
}

/// Product `j` of store `i` in the bench data set, as the JSON API lists it.
pub fn bench_product(i: i64, j: i64) -> serde_json::Value {
    serde_json::json!({
        "id": (i - 1) * 20 + j,
        "name": format!("Product {j:02} of Store {i:04}"),
        "price_cents": 199 + (i * 37 + j * 101) % 9800,
        "description": format!("Item {j:02} from store t{i:04}: a hand-picked product with free shipping and 30-day returns."),
    })
}

/// Asserts `res` is store `i`'s product list: 200, its theme, its 20 products and no others.
pub fn assert_product_list_of(res: &Response, i: i64) {
    assert_eq!(res.status, 200, "status of store {i}'s product list; body: {}", res.body);
    let color = format!("--primary-color:{}", primary_color(i));
    assert!(res.body.contains(&color), "store {i}'s theme ({color}) is not in the page");
    assert_eq!(res.product_ids(), product_ids_of(i), "product cards on store {i}'s page");
    assert_eq!(res.stores_in_product_names(), BTreeSet::from([i]), "stores named by product names");
}
