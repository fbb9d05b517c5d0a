//! Builds the application: state, router and the layers around it; and serves it.

use std::{convert::Infallible, net::SocketAddr, path::Path, sync::Arc};

use axum::{
    extract::{DefaultBodyLimit, Request},
    middleware::{from_fn, from_fn_with_state},
    response::Response,
    routing::{get, post, put},
    Router,
};
use leptos::{config::LeptosOptions, prelude::*};
use leptos_axum::{generate_route_list, LeptosRoutes};
use tokio::net::TcpListener;
use tokio_util::{sync::CancellationToken, task::TaskTracker};
use tower::{util::BoxCloneSyncService, ServiceBuilder};

use super::{
    anonymous_writes::{AnonymousLimits, AnonymousWrites},
    auth::throttle::LoginThrottle,
    auth::Principal,
    catalog::{self, CatalogPages},
    config::ServeArgs,
    db::Db,
    dns::DnsVerifier,
    http::{
        assets::{self, Assets},
        cache::{self, PageCache},
        compress, csp, guard, identify, json_api, json_errors, ops, order_export, panics, preview,
        public_routes::{PublicRoute, PublicRoutes},
        security_headers, seo, shared, uploads,
    },
    mail::{MailConfig, Mailer},
    modules,
    serving::ConnectionLimits,
    state::{App, AppState},
    stored_files::{ImageOrigin, ShownImages},
    tenancy::{resolve::Ttl, Hostname, RequestOrigin, Resolver, Site},
    theme_events::{StreamCaps, ThemeHub},
};
use crate::app::{hydration::hash_file, shell, App as LeptosApp};

/// The Leptos runtime settings: `Leptos.toml` when present, `LEPTOS_*` variables
/// (set by cargo-leptos) over it, built-in defaults otherwise.
pub fn leptos_options() -> LeptosOptions {
    let from_file = Path::new("Leptos.toml")
        .exists()
        .then(|| get_configuration(Some("Leptos.toml")).ok())
        .flatten()
        .map(|c| c.leptos_options);
    let mut options = from_file.unwrap_or_else(|| {
        LeptosOptions::builder().output_name("arcade").site_root("target/site").site_pkg_dir("pkg").build()
    });
    if let Ok(root) = std::env::var("LEPTOS_SITE_ROOT") {
        options.site_root = root.into();
    }
    // A release build names its files by content and lists the names in hash.txt beside
    // the binary; without that file (tests, a bare `cargo build`) the plain names serve.
    options.hash_files = hash_file(&options).is_some();
    options
}

/// Everything `serve` needs besides the listener.
pub struct Built {
    pub state: AppState,
    /// The router wrapped by the layers of the pipeline.
    pub service: BoxCloneSyncService<Request, Response, Infallible>,
    /// The bounds connections are served within, fitted to the process's open-files limit.
    pub limits: ConnectionLimits,
}

/// Settings of a built app (the parts of `ServeArgs` that are not about listening).
#[derive(Clone, Debug)]
pub struct AppConfig {
    pub platform_domain: String,
    pub public_port: Option<u16>,
    pub trusted_proxies: Vec<std::net::IpAddr>,
    pub resolver_cache_entries: u64,
    pub page_cache_bytes: u64,
    pub resolver_ttl: Ttl,
    /// DNS server for domain verification; the system's when `None`.
    pub dns_server: Option<SocketAddr>,
    pub uploads_dir: std::path::PathBuf,
    /// Where stores' logos may also be: a CDN's origin, allowed by the pages' policy.
    pub image_origin: Option<ImageOrigin>,
    /// SMTP server, sender address and retries of mail.
    pub mail: MailConfig,
    /// How many carts and guest orders anonymous shoppers may start, per client and store.
    pub anonymous_limits: AnonymousLimits,
    /// Bounds on connections, request heads and bodies, and shutdown.
    pub connections: ConnectionLimits,
    /// Open theme-event streams allowed per client network and per store.
    pub theme_streams: StreamCaps,
    /// Routes served beside the app's own, inside every layer (a program that embeds the
    /// server adds its own; the tests add ones that fail on purpose).
    pub extra_routes: Option<ExtraRoutes>,
    /// Routes of `extra_routes` shared with everyone (see [`PublicRoutes`]); the others
    /// are private, as any route not declared.
    pub extra_public_routes: Vec<PublicRoute>,
}

/// Routes added to the app's router; see [`AppConfig::extra_routes`].
#[derive(Clone)]
pub struct ExtraRoutes(pub Router<AppState>);

impl std::fmt::Debug for ExtraRoutes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ExtraRoutes")
    }
}

impl AppConfig {
    pub fn from_args(args: &ServeArgs) -> Self {
        Self {
            platform_domain: args.platform_domain.clone(),
            public_port: Some(args.addr.port()).filter(|p| *p != 80),
            trusted_proxies: args.trusted_proxies.clone(),
            resolver_cache_entries: args.resolver_cache_entries,
            page_cache_bytes: args.page_cache_mb * 1024 * 1024,
            resolver_ttl: Ttl::default(),
            dns_server: args.dns_server,
            uploads_dir: args.uploads_dir.clone(),
            image_origin: args.image_origin.clone(),
            mail: MailConfig {
                smtp_url: args.smtp_url.clone(),
                from: args.mail_from.clone(),
                ..Default::default()
            },
            anonymous_limits: AnonymousLimits::default(),
            connections: ConnectionLimits {
                max_connections: usize::try_from(args.max_connections).unwrap_or(usize::MAX),
                header_timeout: std::time::Duration::from_secs(args.header_timeout),
                shutdown_timeout: std::time::Duration::from_secs(args.shutdown_timeout),
                ..ConnectionLimits::default()
            },
            theme_streams: StreamCaps {
                per_client: args.theme_streams_per_client,
                per_store: args.theme_streams_per_store,
            },
            extra_routes: None,
            extra_public_routes: Vec::new(),
        }
    }
}

/// Builds state and the service: the router wrapped by the layers of the pipeline.
pub fn build(db: Db, config: &AppConfig, leptos: LeptosOptions) -> Result<Built, String> {
    let platform = Hostname::parse(&config.platform_domain)
        .map_err(|e| format!("--platform-domain {:?}: {e}", config.platform_domain))?;
    let origin_of = |host: &str| match config.public_port {
        Some(port) => format!("http://{host}:{port}"),
        None => format!("http://{host}"),
    };
    let platform_origin = origin_of(platform.as_str());
    let admin_origin = origin_of(&format!("{}.{platform}", crate::model::ADMIN_LABEL));
    let mailer = Arc::new(Mailer::new(&config.mail, platform.as_str())?);
    let images = Arc::new(ShownImages {
        uploads_dir: config.uploads_dir.clone(),
        origin: config.image_origin.clone(),
    });
    let state = AppState(Arc::new(App {
        leptos: leptos.clone(),
        resolver: Resolver::new(db.clone(), config.resolver_cache_entries, config.resolver_ttl)
            .with_images(images.clone()),
        db,
        pages: PageCache::new(config.page_cache_bytes),
        public: PublicRoutes::new(&config.extra_public_routes),
        platform,
        platform_origin,
        public_port: config.public_port,
        trusted_proxies: config.trusted_proxies.clone(),
        dns: DnsVerifier::new(config.dns_server)?,
        throttle: LoginThrottle::default(),
        images,
        themes: ThemeHub::new(config.theme_streams),
        mailer,
        admin_origin,
        assets: Assets::new(Path::new(&*leptos.site_root).join(&*leptos.site_pkg_dir)),
        anonymous_writes: AnonymousWrites::new(config.anonymous_limits),
        shutdown: CancellationToken::new(),
        tasks: TaskTracker::new(),
        node: crate::server::tokens::random_hex(8),
    }));
    let routes = route_list();
    let context = leptos_context(state.clone());
    let router = http_routes()
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let leptos = leptos.clone();
            move || shell(leptos.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, shell));
    // The module gate on every route of the app's own (not on routes an embedder adds):
    // inside the tenancy layer and the guard, so it reads the request's site and runs after
    // sign-in checks; see `server::modules`.
    let router = router.layer(axum::middleware::from_fn(modules::gate));
    let router = match &config.extra_routes {
        Some(ExtraRoutes(extra)) => router.merge(extra.clone()),
        None => router,
    }
    .with_state(state.clone());
    let page_policy =
        Arc::new(csp::PagePolicy::new(&leptos, &state.platform_origin, config.image_origin.as_ref())?);
    let catalog = Arc::new(CatalogPages {
        state: state.clone(),
        options: leptos.clone(),
        context: Arc::new(leptos_context(state.clone())),
    });
    let trusted_proxies: Arc<[std::net::IpAddr]> = config.trusted_proxies.as_slice().into();
    // The pipeline, outermost first: one concern per layer, the router last.
    let service = ServiceBuilder::new()
        // Every answer carries the security headers, whichever layer made it.
        .layer(from_fn_with_state(trusted_proxies, security_headers::security_headers))
        // A JSON caller gets the one error shape, also for refusals of the layers below.
        .layer(from_fn(json_errors::json_errors))
        // A panic below is answered with the plain 500 page.
        .layer(panics::layer())
        // Host → site and store; path-mode prefixes; canonical redirects.
        .layer(from_fn_with_state(state.clone(), identify::identify))
        // A preview link shows the store's draft theme.
        .layer(from_fn_with_state(state.clone(), preview::preview))
        // Answers that no layer below compressed are compressed on the way out.
        .layer(from_fn(compress::compress))
        // Declared shared storefront answers from the page cache; the rest marked private.
        .layer(from_fn_with_state(state.clone(), cache::shared_pages))
        // What a cached page never reaches is copied for a request only when it does.
        .layer(shared::SharedLayer)
        // Pages get their policy before the page cache keeps them.
        .layer(from_fn_with_state(page_policy, csp::page_policy))
        // Origin checks, sessions, and who may see the console and dashboards.
        .layer(from_fn_with_state(state.clone(), guard::guard))
        .layer(DefaultBodyLimit::max(guard::MAX_BODY))
        // The storefront's catalog, rendered without the router.
        .layer(from_fn_with_state(catalog, catalog::pages))
        .service(router);
    let limits = config.connections.clone().fitted_to_open_files();
    Ok(Built { service: BoxCloneSyncService::new(service), state, limits })
}

/// The app's routes besides its pages and server functions; each is declared in
/// `crate::routes` (a test reads this router's paths and fails on one that is not).
pub fn http_routes() -> Router<AppState> {
    Router::new()
        .route("/health", get(ops::health))
        .route("/ready", get(ops::ready))
        .route("/internal/tls/ask", get(ops::tls_ask))
        .nest("/api/v1", api_v1())
        .route("/api/wallet/balance", get(json_api::wallet_balance))
        .route("/events/theme", get(crate::server::theme_events::stream))
        .route("/pkg/{file}", get(assets::pkg))
        .route("/uploads/{file}", get(uploads::serve))
        .route("/orders.csv", get(order_export::orders_csv))
        .route("/robots.txt", get(seo::robots))
        .route("/sitemap.xml", get(seo::sitemap))
        .route("/uploads/{image}/{code}", post(uploads::store_image))
        .route("/uploads/product/{id}", post(uploads::product_image))
        .route("/api/tenants/by-subdomain/{sub}/config", get(json_api::tenant_config))
}

/// The public JSON API of a storefront; writes need an API key of the store.
fn api_v1() -> Router<AppState> {
    Router::new()
        .route("/products", get(json_api::list_products).post(json_api::create_product))
        .route("/products/{id}", put(json_api::update_product).delete(json_api::delete_product))
        .layer(axum::middleware::map_response(json_api::bearer_challenge))
}

/// The app's routes, listed once per process: listing renders the app without a
/// request, which must not run beside real renders on the same threads.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(LeptosApp)).clone()
}

/// Gives every page render and server function the request's site.
fn leptos_context(state: AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    move || {
        let Some(parts) = use_context::<http::request::Parts>() else { return };
        let Some(site) = parts.extensions.get::<Site>() else { return };
        let principal = parts.extensions.get::<Principal>().cloned();
        let mut info = site.info(&state, principal.as_ref().map(Principal::me));
        info.locked = parts.extensions.get::<modules::Locked>().map(|l| l.0);
        provide_context(info);
        if let Some(p) = principal {
            provide_context(p);
        }
        if let Some(origin) = parts.extensions.get::<RequestOrigin>() {
            provide_context(origin.clone());
        }
        let base = match site {
            Site::Storefront(ctx) | Site::Dashboard(ctx) => {
                provide_context(ctx.clone());
                provide_context(crate::app::ThemeCss(ctx.store.style.css.clone()));
                ctx.base.as_str()
            }
            _ => "",
        };
        provide_context(site.clone());
        if !base.is_empty() {
            let pq = parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
            provide_context(leptos_router::location::RequestUrl::new(&format!("{base}{pq}")));
        }
    }
}

/// Serves within the app's connection limits until SIGTERM, Ctrl-C or the app's `shutdown`
/// token, then drains gracefully: see [`super::serving`].
pub async fn serve(listener: TcpListener, built: Built) -> std::io::Result<()> {
    let state = built.state.clone();
    // At shutdown the message being sent is finished; the rest waits in the outbox for the next start.
    let mail = crate::server::mail::deliver::run(
        state.db.clone(),
        state.mailer.clone(),
        state.shutdown.clone().cancelled_owned(),
    );
    state.tasks.spawn(mail);
    // On PostgreSQL, the stores other nodes change are forgotten here too, heard from before
    // the first request.
    let changes = crate::server::cluster::listen(&state.db).await.map_err(std::io::Error::other)?;
    if let Some(changes) = changes {
        state.tasks.spawn(crate::server::cluster::follow(state.clone(), changes));
    }
    super::serving::serve(listener, built).await
}
