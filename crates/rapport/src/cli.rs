//! The command line: subcommands and the options they share.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "rapport", version, about = "Rapport, the CRM that knows a client from a customer from a consumer.")]
pub struct Cli {
    #[command(flatten)]
    pub globals: Globals,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every subcommand understands. Each also reads an environment
/// variable, and both win over the configuration file.
#[derive(Debug, Args)]
pub struct Globals {
    /// A TOML configuration file (see `rapport config print-default`).
    #[arg(long, global = true, env = "RAPPORT_CONFIG")]
    pub config: Option<PathBuf>,
    /// The database: `sqlite:PATH` or `postgres://…`. Default: a SQLite file in the data directory.
    #[arg(long, global = true, env = "RAPPORT_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// Where the embedded database and other local files live.
    #[arg(long, global = true, env = "RAPPORT_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Log format: `auto` (JSON unless stdout is a terminal), `json` or `pretty`.
    #[arg(long, global = true, env = "RAPPORT_LOG_FORMAT")]
    pub log_format: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API and the web interface.
    Serve(ServeArgs),
    /// Work the job queue (scheduled passes, webhook deliveries) without
    /// serving HTTP, until SIGTERM or Ctrl-C.
    Worker,
    /// Look at the job queue, retry a dead job or cancel a waiting one.
    #[command(subcommand)]
    Jobs(JobsCommand),
    /// Apply pending database migrations, then exit.
    Migrate,
    /// Start with a fresh SQLite database full of demo data, then serve it.
    Demo(DemoArgs),
    /// Inspect the configuration.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Manage users.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Manage workspaces.
    #[command(subcommand)]
    Workspace(WorkspaceCommand),
    /// Recompute every party's classification (idempotent: a second run
    /// changes nothing). `serve` does this itself once a day.
    Reclassify(ReclassifyArgs),
    /// Customer-value models: fit, validate, and load the CDNOW data.
    #[command(subcommand)]
    Models(ModelsCommand),
    /// Print a shell's completion script, such as
    /// `rapport completions bash > /etc/bash_completion.d/rapport`.
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Subcommand)]
pub enum ModelsCommand {
    /// Fit BG/NBD and Gamma-Gamma to a workspace's orders and print the
    /// parameters; the fit is kept and classifications follow it.
    Fit {
        /// The workspace (by slug); the default workspace when absent.
        #[arg(long)]
        workspace: Option<String>,
        /// Fit on the orders up to this day (YYYY-MM-DD); today when absent.
        #[arg(long)]
        calibration_end: Option<String>,
    },
    /// Fit on the orders up to a day and compare the forecast with what
    /// happened after it, week by week.
    Validate {
        #[arg(long)]
        workspace: Option<String>,
        #[arg(long)]
        calibration_end: String,
        /// The last day compared (YYYY-MM-DD); today when absent.
        #[arg(long)]
        holdout_end: Option<String>,
    },
    /// Load a CDNOW purchase file (CDNOW_master.txt or CDNOW_sample.txt)
    /// into a workspace that keeps US dollars: people, an offering, orders.
    ImportCdnow {
        path: PathBuf,
        #[arg(long)]
        workspace: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum JobsCommand {
    /// List jobs, newest first.
    List {
        /// The workspace (by slug); the default workspace when absent.
        #[arg(long)]
        workspace: Option<String>,
        /// Only jobs in this state: queued, running, done, dead or cancelled.
        #[arg(long)]
        status: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// Queue a dead, cancelled or done job again, with fresh attempts.
    Retry { id: uuid::Uuid },
    /// Cancel a job that is waiting.
    Cancel { id: uuid::Uuid },
}

#[derive(Debug, Args)]
pub struct ReclassifyArgs {
    /// Only this workspace (by slug); every workspace when absent.
    #[arg(long)]
    pub workspace: Option<String>,
    /// Also rebuild each party's order summary from its orders (slow: reads
    /// every order; for repairs).
    #[arg(long)]
    pub rebuild: bool,
    /// Classify as of this day (YYYY-MM-DD) instead of today: what time
    /// will do. For benchmarks and trials; the next daily pass undoes it.
    #[arg(long, hide = true)]
    pub as_of: Option<String>,
}

/// How a command gets a password: asked for on the terminal, or read from
/// standard input (one line) for scripts.
#[derive(Debug, Args)]
pub struct PasswordSource {
    /// Read the password from standard input instead of asking for it.
    #[arg(long)]
    pub password_stdin: bool,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user and make them a member of a workspace.
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// owner, admin, manager, sales, marketing, service, account_manager or viewer.
        #[arg(long)]
        role: String,
        /// The workspace's slug.
        #[arg(long, default_value = "default")]
        workspace: String,
        /// The interface language: en, id or pl.
        #[arg(long, default_value = "en")]
        locale: String,
        #[command(flatten)]
        password: PasswordSource,
    },
    /// List every user with their workspaces and roles.
    List,
    /// Set a new password (every session of the user ends).
    ResetPassword {
        #[arg(long)]
        email: String,
        #[command(flatten)]
        password: PasswordSource,
        /// Also revoke every API token of the user (their sessions end anyway).
        #[arg(long)]
        revoke_tokens: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create an API token for a user; its secret is printed once.
    Create {
        /// The user's email.
        #[arg(long)]
        user: String,
        #[arg(long)]
        name: String,
        /// read, write or admin.
        #[arg(long, default_value = "read")]
        scope: String,
        /// The workspace's slug.
        #[arg(long, default_value = "default")]
        workspace: String,
        /// Days until the token stops working; never when absent.
        #[arg(long)]
        expires_in_days: Option<u32>,
    },
}

#[derive(Debug, Subcommand)]
pub enum WorkspaceCommand {
    /// Create a workspace.
    Add {
        /// A short name for the CLI: lower-case letters, digits and dashes.
        #[arg(long)]
        slug: String,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "IDR")]
        currency: String,
        #[arg(long, default_value = "en")]
        locale: String,
        #[arg(long, default_value = "Asia/Jakarta")]
        time_zone: String,
        /// The country phones without a country code are read in.
        #[arg(long, default_value = "ID")]
        phone_region: String,
    },
    /// List the workspaces.
    List,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address to listen on, such as 127.0.0.1:8080.
    #[arg(long, env = "RAPPORT_LISTEN")]
    pub listen: Option<String>,
    /// Serve only: leave the job queue to `rapport worker` processes.
    #[arg(long, env = "RAPPORT_NO_WORKER")]
    pub no_worker: bool,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// The address to listen on, such as 127.0.0.1:8080.
    #[arg(long, env = "RAPPORT_LISTEN")]
    pub listen: Option<String>,
    /// How many parties to make (one in five an organization).
    #[arg(long, default_value_t = 300)]
    pub size: usize,
    /// Make the data, print where it is, and exit instead of serving.
    #[arg(long)]
    pub no_serve: bool,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the default configuration file, with every setting explained.
    PrintDefault,
}
