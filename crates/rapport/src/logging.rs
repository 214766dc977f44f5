//! Structured logs: JSON for machines (when stdout is not a terminal), readable
//! lines for people.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

use crate::config::LogConfig;

/// Starts logging, to stdout when `to_stdout`, else to stderr.
pub fn init(config: &LogConfig, to_stdout: bool) {
    let filter = EnvFilter::try_new(&config.filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let json = match config.format.as_str() {
        "json" => true,
        "pretty" => false,
        _ if to_stdout => !std::io::stdout().is_terminal(),
        _ => !std::io::stderr().is_terminal(),
    };
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    match (json, to_stdout) {
        (true, true) => builder.json().flatten_event(true).with_current_span(true).with_writer(std::io::stdout).init(),
        (true, false) => builder.json().flatten_event(true).with_current_span(true).with_writer(std::io::stderr).init(),
        (false, true) => builder.with_writer(std::io::stdout).init(),
        (false, false) => builder.with_writer(std::io::stderr).init(),
    }
}
