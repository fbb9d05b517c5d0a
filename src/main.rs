//! The `arcade` binary: parse the command line, run it.

#![forbid(unsafe_code)]

use clap::Parser;

// Many small allocations per request on every worker thread: mimalloc keeps them per
// thread, where glibc's malloc made the workers wait on one lock (seen in `perf`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    arcade::server::cli::run(arcade::server::config::Cli::parse())
}
