//! The `arcade` binary: parse the command line, run it.

use clap::Parser;

fn main() -> std::process::ExitCode {
    arcade::server::cli::run(arcade::server::config::Cli::parse())
}
