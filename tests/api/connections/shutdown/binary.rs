//! `arcade serve` itself, sent SIGTERM with a theme-event stream open, on a SQLite file.

use std::{
    path::Path,
    process::{Child, Command, ExitStatus, Stdio},
    time::{Duration, Instant},
};

use arcade::api::cart::AddToCart;
use leptos::server_fn::ServerFn;
use sqlx::{Connection, SqliteConnection};
use tokio::io::AsyncReadExt;

use super::super::open_stream;
use crate::helpers::RequestBuilder;

/// The shutdown bound the server is started with.
const BOUND: Duration = Duration::from_secs(5);

fn arcade(args: &[&str], database: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_arcade"));
    cmd.args(args).arg("--database-url").arg(format!("sqlite://{}", database.display()));
    cmd.env("ARCADE_LOG", "warn").env_remove("DATABASE_URL");
    cmd
}

/// A port free at the time of asking.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Waits for the child to exit, at most `wait`.
fn exit_within(child: &mut Child, wait: Duration) -> Option<ExitStatus> {
    let started = Instant::now();
    while started.elapsed() < wait {
        if let Some(status) = child.try_wait().expect("the server's status") {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

/// The id of a product of store `code` in the database file.
async fn a_product_of(database: &Path, code: &str) -> i64 {
    let mut conn = SqliteConnection::connect(&format!("sqlite://{}", database.display())).await.unwrap();
    let (id,): (i64,) = sqlx::query_as(
        "SELECT p.id FROM products p JOIN stores s ON s.id = p.store_id WHERE s.code = $1 ORDER BY p.id LIMIT 1",
    )
    .bind(code)
    .fetch_one(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();
    id
}

fn wal_len(database: &Path) -> u64 {
    let wal = database.with_file_name(format!("{}-wal", database.file_name().unwrap().to_string_lossy()));
    std::fs::metadata(wal).map_or(0, |m| m.len())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_ends_the_event_streams_and_exits_0_within_the_bound_with_the_wal_checkpointed() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("arcade.db");
    let seeded = arcade(&["seed", "--stores", "1", "--products", "2"], &database).output().unwrap();
    assert!(seeded.status.success(), "seed: {}", String::from_utf8_lossy(&seeded.stderr));
    let product = a_product_of(&database, "s000001").await;
    let port = free_port();
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let mut server = arcade(&["serve", "--addr", &addr.to_string()], &database)
        .args(["--shutdown-timeout", &BOUND.as_secs().to_string()])
        .arg("--uploads-dir")
        .arg(dir.path().join("uploads"))
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let store = format!("s000001.localhost:{port}");
    let started = Instant::now();
    while tokio::net::TcpStream::connect(addr).await.is_err() {
        assert!(started.elapsed() < Duration::from_secs(60), "the server did not start");
        assert!(server.try_wait().unwrap().is_none(), "the server exited at start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(RequestBuilder::new(addr, "GET", Some(&store), "/health").await.status, 200);
    // A write that is in the write-ahead log while the server runs.
    let added = RequestBuilder::new(addr, "POST", Some(&store), AddToCart::PATH)
        .header("Origin", &format!("http://{store}"))
        .form(&format!("product_id={product}&quantity=1"))
        .await;
    assert_eq!(added.status, 200, "{added:?}");
    assert!(wal_len(&database) > 0, "the write is still in the log before shutdown");
    let mut stream = open_stream(addr, &store, "/events/theme", "").await;

    let term = Command::new("kill").args(["-TERM", &server.id().to_string()]).status().unwrap();
    assert!(term.success());
    let signalled = Instant::now();

    let mut rest = Vec::new();
    let ended = tokio::time::timeout(BOUND, stream.read_to_end(&mut rest)).await;
    assert!(matches!(ended, Ok(Ok(_))), "the stream ends cleanly: {ended:?}");
    assert!(rest.ends_with(b"0\r\n\r\n"), "with its last chunk: {:?}", String::from_utf8_lossy(&rest));
    let status = exit_within(&mut server, BOUND.saturating_sub(signalled.elapsed()));
    let Some(status) = status else {
        let _ = server.kill();
        panic!("still running {BOUND:?} after SIGTERM");
    };
    assert!(status.success(), "exit status {status}");
    assert_eq!(wal_len(&database), 0, "the log was folded into the database file");
}
