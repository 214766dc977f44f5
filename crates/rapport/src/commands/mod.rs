//! One file per subcommand.

mod accounts;
mod demo;
mod jobs;
mod migrate;
mod models;
mod reclassify;
mod serve;

use anyhow::Context;
use rapport_core::{Db, kernel::migrate as migrations};

use crate::cli::{Command, ConfigCommand};
use crate::config::{Config, DEFAULT_FILE};

pub async fn run(command: Command, config: Config) -> anyhow::Result<()> {
    match command {
        Command::Serve(args) => serve::run(&config, &args).await,
        Command::Worker => serve::worker(&config).await,
        Command::Jobs(command) => jobs::run(&config, command).await,
        Command::Migrate => migrate::run(&config).await,
        Command::Demo(args) => demo::run(&config, &args).await,
        Command::Config(ConfigCommand::PrintDefault) => {
            print!("{DEFAULT_FILE}");
            Ok(())
        }
        Command::User(command) => accounts::user(&config, command).await,
        Command::Token(command) => accounts::token(&config, command).await,
        Command::Workspace(command) => accounts::workspace(&config, command).await,
        Command::Reclassify(args) => reclassify::run(&config, &args).await,
        Command::Models(command) => models::run(&config, command).await,
        Command::Completions { shell } => {
            // Only the commands' shape: no database is opened.
            let mut command = <crate::cli::Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "rapport", &mut std::io::stdout());
            Ok(())
        }
    }
}

/// Connects to `url` and brings its schema up to date.
async fn open(url: &str) -> anyhow::Result<Db> {
    let shown = rapport_core::kernel::db::redact_url(url);
    let db = Db::connect(url).await.with_context(|| format!("connecting to {shown}"))?;
    let count = migrations::run(&db).await.with_context(|| format!("migrating {shown}"))?;
    tracing::info!(database = %shown, migrations = count, "database ready");
    Ok(db)
}
