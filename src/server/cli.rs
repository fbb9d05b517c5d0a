//! The `arcade` commands.

use std::process::ExitCode;

use tokio::net::TcpListener;

use super::{
    auth::password,
    config::{AdminCommand, AdminCreateArgs, Cli, Command, DbArgs, SeedArgs, ServeArgs},
    db::{self, Db},
    seed, startup, tokens,
};

/// Runs a parsed command line; errors are printed for people, with a non-zero exit.
pub fn run(cli: Cli) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Serve(args) => serve(*args).await,
            Command::Migrate(args) => migrate(args).await,
            Command::Seed(args) => seed(args).await,
            Command::Admin(AdminCommand::Create(args)) => admin_create(args).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

type CliResult = Result<(), String>;

async fn open(args: &DbArgs) -> Result<Db, String> {
    let db = Db::connect(&args.database_url, args.db_max_connections).await.map_err(|e| e.to_string())?;
    db.migrate().await.map_err(|e| e.to_string())?;
    Ok(db)
}

/// Closes the database at the end of a command: see [`Db::close`]. Waits at most a few
/// seconds for connections still out (a server's last background work).
async fn close(db: Db) -> CliResult {
    match tokio::time::timeout(std::time::Duration::from_secs(5), db.close()).await {
        Ok(closed) => closed.map_err(|e| format!("closing the database failed: {e}")),
        Err(_) => Err("closing the database timed out".into()),
    }
}

async fn migrate(args: DbArgs) -> CliResult {
    close(open(&args).await?).await?;
    println!("migrations applied to {}", db::redact(&args.database_url));
    Ok(())
}

async fn seed(args: SeedArgs) -> CliResult {
    let db = open(&args.db).await?;
    let started = std::time::Instant::now();
    if args.bench {
        seed::bench(&db, true).await.map_err(|e| format!("seeding failed: {e}"))?;
        println!(
            "benchmark data set ready: 1000 stores, 20,000 products, 200 custom domains ({:.1?})",
            started.elapsed()
        );
    } else if let Some(n) = args.stores {
        if args.custom_domains > n {
            return Err(format!("--custom-domains {} is more than --stores {n}", args.custom_domains));
        }
        seed::generated(&db, n, args.products, args.custom_domains, true)
            .await
            .map_err(|e| format!("seeding failed: {e}"))?;
        println!(
            "added {n} stores with {} products each, {} custom domains ({:.1?})",
            args.products,
            args.custom_domains,
            started.elapsed()
        );
    } else {
        return Err("say what to seed: --bench, or --stores N [--products M] [--custom-domains K]".into());
    }
    close(db).await
}

async fn admin_create(args: AdminCreateArgs) -> CliResult {
    let email = db::users::parse_email(&args.email).map_err(|e| format!("--email: {e}"))?;
    let password = read_password()?;
    password::check_new(&password).map_err(|e| format!("password: {e}"))?;
    let db = open(&args.db).await?;
    let existed = db::users::by_email(&db, &email).await.map_err(|e| e.to_string())?.is_some();
    let hash = password::hash_blocking(password::Lane::Staff, password).await;
    db::users::upsert_admin(&db, &email, &hash).await.map_err(|e| format!("saving the admin failed: {e}"))?;
    close(db).await?;
    let verb = if existed { "updated" } else { "created" };
    println!(
        "admin {email} {verb}; sign in at /admin/ on the platform domain or at admin.{{platform domain}}"
    );
    Ok(())
}

/// The new password: typed twice at a prompt on a terminal, else the first line of stdin.
fn read_password() -> Result<String, String> {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password: ").map_err(|e| e.to_string())?;
        let again = rpassword::prompt_password("Password again: ").map_err(|e| e.to_string())?;
        if first != again {
            return Err("the two passwords differ".into());
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).map_err(|e| format!("reading the password from stdin: {e}"))?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}

/// Demo accounts, with fresh passwords on every start (printed, never stored in clear).
struct DemoLogins {
    admin: (String, String),
    owner: (String, String),
}

async fn demo_logins(db: &Db) -> Result<DemoLogins, String> {
    let fail = |e: sqlx::Error| format!("creating demo accounts failed: {e}");
    let admin = ("admin@arcade.test".to_string(), format!("demo-{}", tokens::random_hex(6)));
    let owner = ("owner@t0001.test".to_string(), format!("demo-{}", tokens::random_hex(6)));
    let admin_hash = password::hash_blocking(password::Lane::Staff, admin.1.clone()).await;
    db::users::upsert_admin(db, &admin.0, &admin_hash).await.map_err(fail)?;
    let owner_hash = password::hash_blocking(password::Lane::Staff, owner.1.clone()).await;
    let store = db::stores::by_code(db, "t0001").await.map_err(fail)?.ok_or("demo store t0001 is missing")?;
    let mut conn = db.pool.acquire().await.map_err(fail)?;
    let (owner_id, _) = db::users::get_or_create(&mut conn, &owner.0, None, false).await.map_err(fail)?;
    db::users::add_member(&mut conn, store.id, owner_id, "owner").await.map_err(fail)?;
    db::users::set_password(&mut conn, owner_id, &owner_hash).await.map_err(fail)?;
    Ok(DemoLogins { admin, owner })
}

async fn serve(args: ServeArgs) -> CliResult {
    init_tracing();
    let db = open(&args.db).await?;
    let mut logins = None;
    if args.demo {
        seed::bench(&db, false).await.map_err(|e| format!("loading demo data failed: {e}"))?;
        logins = Some(demo_logins(&db).await?);
    }
    let config = startup::AppConfig::from_args(&args);
    let built = startup::build(db.clone(), &config, startup::leptos_options())?;
    // Compress the browser bundle before the first visitor asks for it. Only a head start:
    // shutdown does not wait for it (brotli at its best level takes seconds per file).
    let (state, stop) = (built.state.clone(), built.state.shutdown.clone());
    built.state.tasks.spawn(async move {
        tokio::select! {
            _ = state.assets.warm() => {}
            _ = stop.cancelled() => {}
        }
    });
    // Expired carts, sessions and links go in the background while the server runs.
    super::cleanup::spawn_cleanup(&built.state);
    let listener = TcpListener::bind(args.addr).await.map_err(|e| match e.kind() {
        std::io::ErrorKind::AddrInUse => {
            format!("{} is already in use: stop the other server or pass --addr", args.addr)
        }
        _ => format!("cannot listen on {}: {e}", args.addr),
    })?;
    print_urls(&built.state, &db, args.demo).await;
    // Admins, owners and staff all sign in on the console's origin.
    let app = &built.state;
    match logins {
        Some(l) => {
            println!("  admin console   {}/   sign in as {} / {}", app.admin_origin, l.admin.0, l.admin.1);
            let dashboard = app.dashboard_url("t0001");
            println!("  owner dashboard {dashboard}   sign in as {} / {}", l.owner.0, l.owner.1);
        }
        None => println!("  console         {}/   (sign in: {}/login)", app.admin_origin, app.admin_origin),
    }
    startup::serve(listener, built).await.map_err(|e| format!("server error: {e}"))?;
    close(db).await
}

async fn print_urls(app: &super::state::App, db: &Db, demo: bool) {
    let platform_origin = app.platform_origin.as_str();
    let stores = db::stores::list_active(db, 1).await.unwrap_or_default();
    println!("Arcade is listening.");
    println!("  platform        {platform_origin}/");
    if let Some((code, _)) = stores.first() {
        let (scheme, host) = platform_origin.split_once("://").unwrap_or(("http", platform_origin));
        println!("  storefront      {scheme}://{code}.{host}/");
        println!("  path mode       {platform_origin}/stores/{code}/");
        println!("  JSON            {scheme}://{code}.{host}/api/v1/products");
    } else {
        println!("  no stores yet: run `arcade seed --bench` or start with --demo");
    }
    if demo {
        println!("  demo data: stores t0001..t1000; shop-0001.test..shop-0200.test are their custom domains");
    }
    println!("  health          {platform_origin}/health   ready {platform_origin}/ready");
}

fn init_tracing() {
    use tracing_subscriber::{fmt, EnvFilter};
    let filter = EnvFilter::try_from_env("ARCADE_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let _ = fmt().with_env_filter(filter).with_target(false).try_init();
}
