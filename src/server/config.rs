//! Command-line and environment configuration, one `clap` struct per command.

use std::net::{IpAddr, SocketAddr};

use clap::{Args, Parser, Subcommand};

use super::{serving::ConnectionLimits, stored_files::ImageOrigin, theme_events::StreamCaps};

/// `arcade`: a multi-tenant storefront platform.
#[derive(Debug, Parser)]
#[command(name = "arcade", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start the web server (migrates the database first).
    // Boxed: its many settings make it far larger than the other commands.
    Serve(Box<ServeArgs>),
    /// Apply database migrations and exit.
    Migrate(DbArgs),
    /// Load data: the benchmark data set, or N generated stores.
    Seed(SeedArgs),
    /// Manage platform admins.
    #[command(subcommand)]
    Admin(AdminCommand),
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create a platform admin (or reset an admin's password). The password is typed at
    /// a prompt, or read from standard input when it is not a terminal; never a flag.
    Create(AdminCreateArgs),
}

#[derive(Debug, Clone, Args)]
pub struct AdminCreateArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The admin's email address (their sign-in name).
    #[arg(long)]
    pub email: String,
}

/// Where the data lives.
#[derive(Debug, Clone, Args)]
pub struct DbArgs {
    /// `sqlite://path` (created if missing) or `postgres://user:pass@host/db`.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://data/arcade.db")]
    pub database_url: String,
    /// Largest number of pooled database connections.
    #[arg(long, env = "ARCADE_DB_MAX_CONNECTIONS", default_value_t = 16)]
    pub db_max_connections: u32,
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Address to listen on.
    #[arg(long, env = "ARCADE_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// The platform domain P: stores live at `{code}.P`, the admin console at `admin.P`.
    #[arg(long, env = "ARCADE_PLATFORM_DOMAIN", default_value = "localhost")]
    pub platform_domain: String,
    /// Load the demo stores (idempotent) and print where to find them.
    #[arg(long, env = "ARCADE_DEMO")]
    pub demo: bool,
    /// Proxies whose `X-Forwarded-Host`/`-Proto` are believed (comma-separated IPs).
    #[arg(long, env = "ARCADE_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<IpAddr>,
    /// Most hosts kept in the resolver cache.
    #[arg(long, env = "ARCADE_RESOLVER_CACHE", default_value_t = 200_000)]
    pub resolver_cache_entries: u64,
    /// Most megabytes of rendered storefront responses kept in memory (0 turns it off).
    #[arg(long, env = "ARCADE_PAGE_CACHE_MB", default_value_t = 64)]
    pub page_cache_mb: u64,
    /// DNS server for custom-domain verification (`ip:port`); the system's resolvers when unset.
    #[arg(long, env = "ARCADE_DNS_SERVER")]
    pub dns_server: Option<SocketAddr>,
    /// Where uploaded logos and product images are kept (`{dir}/{store id}/{hash}.{ext}`).
    #[arg(long, env = "ARCADE_UPLOADS_DIR", default_value = "data/uploads")]
    pub uploads_dir: std::path::PathBuf,
    /// An origin (`https://cdn.example.com`) whose images stores may use as their logo, as
    /// well as their own uploads; pages' Content-Security-Policy allows images from it.
    #[arg(long, env = "ARCADE_IMAGE_ORIGIN")]
    pub image_origin: Option<ImageOrigin>,
    /// Where mail goes: `smtp://user:pass@host:587?tls=required` (STARTTLS), `smtps://user:pass@host`
    /// (TLS) or `smtp://host:25`. Without it mail is kept in the database for the console's Mail page.
    #[arg(long, env = "ARCADE_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// The address mail comes from (`no-reply@{platform domain}` when unset).
    #[arg(long, env = "ARCADE_MAIL_FROM")]
    pub mail_from: Option<String>,
    /// Most connections open at once; past it new ones wait to be accepted. Lowered to fit
    /// the open-files limit when that is smaller.
    #[arg(long, env = "ARCADE_MAX_CONNECTIONS", default_value_t = u32::try_from(ConnectionLimits::default().max_connections).unwrap_or(u32::MAX),
          value_parser = clap::value_parser!(u32).range(1..))]
    pub max_connections: u32,
    /// Seconds a client has to send a request's line and headers, from the moment the
    /// connection opens or its last answer ends (so also how long an idle connection stays).
    #[arg(long, env = "ARCADE_HEADER_TIMEOUT", default_value_t = ConnectionLimits::default().header_timeout.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub header_timeout: u64,
    /// Seconds shutdown waits for requests in flight, then for background tasks.
    #[arg(long, env = "ARCADE_SHUTDOWN_TIMEOUT", default_value_t = ConnectionLimits::default().shutdown_timeout.as_secs(),
          value_parser = clap::value_parser!(u64).range(0..=3600))]
    pub shutdown_timeout: u64,
    /// Open theme-event streams (live theme updates) allowed per client network (an IPv4
    /// address or an IPv6 /64); more are answered 429.
    #[arg(long, env = "ARCADE_THEME_STREAMS_PER_CLIENT", default_value_t = StreamCaps::default().per_client)]
    pub theme_streams_per_client: usize,
    /// Open theme-event streams allowed per store; more are answered 429.
    #[arg(long, env = "ARCADE_THEME_STREAMS_PER_STORE", default_value_t = StreamCaps::default().per_store)]
    pub theme_streams_per_store: usize,
}

#[derive(Debug, Clone, Args)]
pub struct SeedArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The benchmark data set: stores t0001..t1000, 20 products each, 200 custom domains.
    #[arg(long, conflicts_with = "stores")]
    pub bench: bool,
    /// Number of stores to add (codes `s000001`…, after the existing stores).
    #[arg(long)]
    pub stores: Option<u32>,
    /// Products per added store.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(0..=10_000))]
    pub products: u32,
    /// How many of the added stores get a verified custom domain (`{code}.shop.test`).
    #[arg(long, default_value_t = 0)]
    pub custom_domains: u32,
}
