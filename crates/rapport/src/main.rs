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
    logging::init(&config.log);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(commands::run(cli.command, config))
}
