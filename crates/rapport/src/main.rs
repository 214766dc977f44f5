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

fn main() -> anyhow::Result<()> {
    let cli = cli::Cli::parse();
    let config = config::Config::load(&cli.globals)?;
    // A server's logs are its output; a one-off command prints its result on
    // stdout, so its logs go to stderr, out of the way of scripts.
    let serving = matches!(cli.command, cli::Command::Serve(_) | cli::Command::Demo(_));
    logging::init(&config.log, serving);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(commands::run(cli.command, config))
}
