//! `spawn_app()`: the real server on 127.0.0.1:0 over its own copy of the bench data set,
//! on SQLite or PostgreSQL (see [`database`]), and the HTTP client the tests talk to it with.

mod bench;
mod database;
mod http;
mod smtp;
mod sse;

use std::net::{IpAddr, SocketAddr};

use arcade::server::{
    auth::password,
    db::{stores, stores::StoreRecord, users, Db, DbSettings, StoreId},
    serving::ConnectionLimits,
    startup::{self, AppConfig},
    state::AppState,
    tenancy::resolve::Ttl,
    theme_events::StreamCaps,
};
use tokio::net::TcpListener;

pub use bench::*;
pub use http::{encode, RequestBuilder, Response};
pub use smtp::SmtpSink;
pub use sse::Tab;

/// The platform domain P of every test app (as in the bench workload).
pub const PLATFORM: &str = "platform.test";

/// A running server and handles on its data.
pub struct TestApp {
    pub addr: SocketAddr,
    pub db: Db,
    pub state: AppState,
    /// The serving task: it ends when the app's `shutdown` token is cancelled and draining is done.
    pub server: tokio::task::JoinHandle<std::io::Result<()>>,
    /// The database, dropped with the app; `None` on a second node, which shares another's.
    database: Option<database::TestDatabase>,
    _dir: tempfile::TempDir,
}

/// The admin console's host in tests: where everyone signs in.
pub const ADMIN_HOST: &str = "admin.platform.test";

/// The host of every store's dashboard (`/store/{code}/…`): the console's.
pub const DASHBOARD_HOST: &str = ADMIN_HOST;

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
    spawn_app_configured(|config| {
        config.trusted_proxies = proxies;
        config.dns_server = dns_server;
    })
    .await
}

/// The server over the bench data set, with the test settings changed by `configure`.
pub async fn spawn_app_configured(configure: impl FnOnce(&mut AppConfig)) -> TestApp {
    spawn_app_on(startup::leptos_options(), DbSettings::new(database::POOL_SIZE), configure).await
}

/// The server over the bench data set serving the site under `site_root` (its `pkg/`).
pub async fn spawn_app_with_site(site_root: &std::path::Path) -> TestApp {
    let mut leptos = startup::leptos_options();
    leptos.site_root = site_root.to_string_lossy().into_owned().into();
    spawn_app_on(leptos, DbSettings::new(database::POOL_SIZE), |_| {}).await
}

/// The server over the bench data set, its database opened with the default settings as
/// `db_settings` changes them (a short busy timeout or read deadline).
pub async fn spawn_app_with_db(db_settings: impl FnOnce(&mut DbSettings)) -> TestApp {
    let mut settings = DbSettings::new(database::POOL_SIZE);
    db_settings(&mut settings);
    spawn_app_on(startup::leptos_options(), settings, |_| {}).await
}

async fn spawn_app_on(
    leptos: leptos::config::LeptosOptions,
    settings: DbSettings,
    configure: impl FnOnce(&mut AppConfig),
) -> TestApp {
    let dir = tempfile::tempdir().expect("temporary directory");
    let database = database::TestDatabase::create(dir.path(), settings).await;
    let db = database.db.clone();
    serve_on(db, Some(database), dir, leptos, configure).await
}

/// The app over `db`, its files in `dir`, serving on a port of its own.
async fn serve_on(
    db: Db,
    database: Option<database::TestDatabase>,
    dir: tempfile::TempDir,
    leptos: leptos::config::LeptosOptions,
    configure: impl FnOnce(&mut AppConfig),
) -> TestApp {
    let mut config = AppConfig {
        platform_domain: PLATFORM.into(),
        public_port: None,
        trusted_proxies: Vec::new(),
        resolver_cache_entries: 10_000,
        page_cache_bytes: 8 * 1024 * 1024,
        resolver_ttl: Ttl::default(),
        dns_server: None,
        uploads_dir: dir.path().join("uploads"),
        image_origin: None,
        mail: Default::default(),
        anonymous_limits: Default::default(),
        connections: ConnectionLimits::default(),
        theme_streams: StreamCaps::default(),
        extra_routes: None,
        extra_public_routes: Vec::new(),
    };
    configure(&mut config);
    let built = startup::build(db.clone(), &config, leptos).expect("build the app");
    let state = built.state.clone();
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind a port");
    let addr = listener.local_addr().expect("bound address");
    let server = tokio::spawn(startup::serve(listener, built));
    TestApp { addr, db, state, server, database, _dir: dir }
}

impl TestApp {
    /// On PostgreSQL, another node serving this app's database with caches of its own, as
    /// a second `arcade serve` would; `None` on SQLite, which one process serves.
    pub async fn second_node(&self) -> Option<TestApp> {
        let url = self.database.as_ref()?.postgres_url()?;
        let db =
            Db::connect_with(&url, DbSettings::new(database::POOL_SIZE)).await.expect("a second connection");
        let dir = tempfile::tempdir().expect("temporary directory");
        Some(serve_on(db, None, dir, startup::leptos_options(), |_| {}).await)
    }

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

    /// Creates a user with `role` (`owner`/`staff`) in store `code` and signs in on the
    /// dashboards' host.
    pub async fn member_session(&self, email: &str, code: &str, role: &str) -> Session {
        let store = self.store_id(code).await;
        let mut conn = self.db.pool.acquire().await.expect("a connection");
        let (id, _) = users::get_or_create(&mut conn, email, None, false).await.expect("create the user");
        users::add_member(&mut conn, store, id, role).await.expect("add the membership");
        users::set_password(&mut conn, id, &password::hash(TEST_PASSWORD)).await.expect("set the password");
        self.sign_in(DASHBOARD_HOST, email).await
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

    /// The mail written to `to` so far, oldest first: (subject, plain text, status).
    pub async fn mail_to(&self, to: &str) -> Vec<(String, String, String)> {
        sqlx::query_as("SELECT subject, text_body, status FROM mail_outbox WHERE recipient = $1 ORDER BY id")
            .bind(to)
            .fetch_all(&self.db.pool)
            .await
            .expect("read the outbox")
    }

    /// Waits up to 5 s for mail to `to` (some is written just after the answer); the newest.
    pub async fn wait_for_mail_to(&self, to: &str) -> (String, String, String) {
        for _ in 0..100 {
            if let Some(last) = self.mail_to(to).await.pop() {
                return last;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("no mail to {to}");
    }

    /// Makes this process forget what it cached about a store (as a write in the app would).
    pub async fn invalidate(&self, code: &str, domains: &[&str]) {
        self.state.resolver.invalidate(code, domains).await;
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

/// The value of `key=` in the first link of a mail's text that has it (a token).
pub fn link_param(text: &str, key: &str) -> Option<String> {
    let at = text.find(&format!("{key}="))? + key.len() + 1;
    Some(text[at..].chars().take_while(char::is_ascii_hexdigit).collect())
}

/// The first `http(s)://` link of a mail's text that contains `needle`.
pub fn link_with(text: &str, needle: &str) -> Option<String> {
    text.split_whitespace().find(|w| w.starts_with("http") && w.contains(needle)).map(str::to_string)
}
