//! Configuration: defaults, then an optional TOML file, then environment
//! variables and command-line options (clap reads both).

use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Deserialize;

use rapport_web::client::TrustedProxies;
use rapport_web::metrics::Metrics;

use crate::cli::Globals;

/// The default configuration file, documented. `rapport config print-default`
/// prints it; a test checks that it parses to the built-in defaults.
pub const DEFAULT_FILE: &str = r#"# Rapport configuration. Every setting can also be given as an environment
# variable (shown beside it) or a command-line option, which win over this file.

# The address the server listens on. RAPPORT_LISTEN, --listen
listen = "127.0.0.1:8080"

# Where the embedded SQLite database and other local files live.
# RAPPORT_DATA_DIR, --data-dir
data_dir = "data"

# The database. Empty: the SQLite file rapport.db in data_dir.
# PostgreSQL: "postgres://user:password@host:5432/rapport".
# RAPPORT_DATABASE_URL, --database-url
database_url = ""

# Whether outbound requests (webhook deliveries) may go to private, loopback
# or link-local addresses. Off: an endpoint inside the network is refused, at
# registration and again when its name is resolved. For tests and
# installations whose receivers live on the same network.
# RAPPORT_ALLOW_PRIVATE_ADDRESSES
allow_private_addresses = false

# The proxies (load balancers) whose X-Forwarded-For names the client, for
# sign-in throttling and the logs: addresses or networks, comma separated,
# such as "10.0.0.0/8, 127.0.0.1". Empty: the connection's own address.
# RAPPORT_TRUSTED_PROXIES
trusted_proxies = ""

# The bearer token that opens /metrics from anywhere. Empty: /metrics answers
# callers on this machine only. RAPPORT_METRICS_TOKEN
metrics_token = ""

[log]
# "auto" (JSON when stdout is not a terminal), "json" or "pretty".
# RAPPORT_LOG_FORMAT, --log-format
format = "auto"
# Which messages to show, in tracing's filter syntax. RAPPORT_LOG
filter = "info"
"#;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub listen: String,
    pub data_dir: PathBuf,
    pub database_url: String,
    pub allow_private_addresses: bool,
    pub trusted_proxies: String,
    pub metrics_token: String,
    pub log: LogConfig,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogConfig {
    pub format: String,
    pub filter: String,
}

impl Config {
    pub fn load(globals: &Globals) -> anyhow::Result<Self> {
        let mut config: Self = toml::from_str(DEFAULT_FILE).context("the built-in defaults")?;
        if let Some(path) = &globals.config {
            config = config.overlaid_with_file(path)?;
        }
        if let Some(url) = &globals.database_url {
            config.database_url = url.clone();
        }
        if let Some(dir) = &globals.data_dir {
            config.data_dir = dir.clone();
        }
        if let Some(format) = &globals.log_format {
            config.log.format = format.clone();
        }
        if let Ok(filter) = std::env::var("RAPPORT_LOG") {
            config.log.filter = filter;
        }
        if let Ok(proxies) = std::env::var("RAPPORT_TRUSTED_PROXIES") {
            config.trusted_proxies = proxies;
        }
        if let Ok(token) = std::env::var("RAPPORT_METRICS_TOKEN") {
            config.metrics_token = token;
        }
        if let Ok(allow) = std::env::var("RAPPORT_ALLOW_PRIVATE_ADDRESSES") {
            config.allow_private_addresses = match allow.trim() {
                "true" | "1" | "yes" => true,
                "false" | "0" | "no" | "" => false,
                other => anyhow::bail!("RAPPORT_ALLOW_PRIVATE_ADDRESSES: {other:?} is neither true nor false"),
            };
        }
        Ok(config)
    }

    fn overlaid_with_file(self, path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let file: PartialConfig = toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
        let log = file.log.unwrap_or_default();
        Ok(Self {
            listen: file.listen.unwrap_or(self.listen),
            data_dir: file.data_dir.unwrap_or(self.data_dir),
            database_url: file.database_url.unwrap_or(self.database_url),
            allow_private_addresses: file.allow_private_addresses.unwrap_or(self.allow_private_addresses),
            trusted_proxies: file.trusted_proxies.unwrap_or(self.trusted_proxies),
            metrics_token: file.metrics_token.unwrap_or(self.metrics_token),
            log: LogConfig {
                format: log.format.unwrap_or(self.log.format),
                filter: log.filter.unwrap_or(self.log.filter),
            },
        })
    }

    /// The database URL to connect to: the configured one, or the SQLite file in
    /// the data directory (created with the directory when missing).
    pub fn database_url(&self) -> anyhow::Result<String> {
        if !self.database_url.trim().is_empty() {
            return Ok(self.database_url.clone());
        }
        std::fs::create_dir_all(&self.data_dir)
            .with_context(|| format!("creating the data directory {}", self.data_dir.display()))?;
        Ok(format!("sqlite:{}", self.data_dir.join("rapport.db").display()))
    }

    /// What the HTTP layer is told: the proxies it believes, who may read
    /// the metrics.
    pub fn web(&self) -> anyhow::Result<(TrustedProxies, Metrics)> {
        let proxies =
            TrustedProxies::parse(&self.trusted_proxies).map_err(|e| anyhow::anyhow!("trusted_proxies: {e}"))?;
        let token = self.metrics_token.trim();
        Ok((proxies, Metrics::new((!token.is_empty()).then(|| token.to_owned()))))
    }

    /// The application over `db`, its outbound requests as configured.
    pub fn app(&self, db: rapport_core::Db) -> rapport_core::App {
        let outbound = rapport_core::kernel::outbound::Outbound::new(self.allow_private_addresses);
        rapport_core::App::new(db).with_outbound(outbound)
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PartialConfig {
    listen: Option<String>,
    data_dir: Option<PathBuf>,
    database_url: Option<String>,
    allow_private_addresses: Option<bool>,
    trusted_proxies: Option<String>,
    metrics_token: Option<String>,
    log: Option<PartialLog>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PartialLog {
    format: Option<String>,
    filter: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn globals() -> Globals {
        Globals { config: None, database_url: None, data_dir: None, log_format: None }
    }

    #[test]
    fn the_default_file_is_the_default() {
        let config = Config::load(&globals()).expect("defaults");
        assert_eq!(config.listen, "127.0.0.1:8080");
        assert_eq!(config.data_dir, PathBuf::from("data"));
        assert_eq!(config.database_url, "");
    }

    #[test]
    fn a_file_overrides_defaults_and_options_override_the_file() {
        let path = std::env::temp_dir().join(format!("rapport-config-{}.toml", std::process::id()));
        std::fs::write(&path, "listen = \"0.0.0.0:9000\"\ndatabase_url = \"sqlite:x.db\"\n[log]\nformat = \"json\"\n")
            .expect("write");
        let mut options = globals();
        options.config = Some(path.clone());
        options.database_url = Some("postgres://db/rapport".into());
        let config = Config::load(&options).expect("load");
        assert_eq!(config.listen, "0.0.0.0:9000");
        assert_eq!(config.database_url, "postgres://db/rapport");
        assert_eq!(config.log.format, "json");
        assert_eq!(config.log.filter, "info");

        std::fs::write(&path, "lisen = \"typo\"\n").expect("write");
        let error = Config::load(&options).expect_err("unknown key");
        assert!(format!("{error:#}").contains("lisen"), "{error:#}");
        let _ = std::fs::remove_file(path);
    }
}
