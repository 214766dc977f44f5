//! `rapport`: the one binary. Every subcommand is a thin shell around the use
//! cases of `rapport-core`.

mod cli;
mod commands;
mod config;
mod logging;

use clap::Parser;

/// mimalloc instead of the system allocator: serving a page of parties is
/// allocation-heavy (rows, JSON), and glibc's allocator contends on its arena
/// locks across the runtime's and SQLite's threads (see docs/BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            // The error and its causes on one line; the stack trace only when
            // asked for, as Rust programs are asked (RUST_BACKTRACE=1).
            if std::env::var("RUST_BACKTRACE").is_ok_and(|v| v != "0") {
                eprintln!("error: {error:?}");
            } else {
                eprintln!("error: {error:#}");
            }
            std::process::ExitCode::FAILURE
        }
    }
}

fn run() -> anyhow::Result<()> {
    let cli = cli::Cli::parse();
    let config = config::Config::load(&cli.globals)?;
    // A server's logs are its output; a one-off command prints its result on
    // stdout, so its logs go to stderr, out of the way of scripts.
    let serving = matches!(cli.command, cli::Command::Serve(_) | cli::Command::Demo(_) | cli::Command::Worker);
    logging::init(&config.log, serving);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(commands::run(cli.command, config))
}
