//! `/metrics` in Prometheus' text format, for whoever runs the servers:
//! requests and their latency per route, the job queue's depth and lag,
//! dead jobs, failed webhook attempts, the database pool's use. Open only to
//! a configured token, or else to callers on this machine.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;
use rapport_core::Db;

use crate::problem::Problem;
use crate::state::AppState;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: String,
    /// The route's template (`/api/v1/parties/{id}`), never the path asked
    /// for: ids would make a series each.
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StatusLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolLabels {
    state: String,
}

/// The process's metrics, and who may read them.
#[derive(Clone)]
pub struct Metrics {
    inner: Arc<Inner>,
}

struct Inner {
    registry: Registry,
    requests: Family<StatusLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    queue_due: Gauge,
    queue_lag: Gauge,
    jobs_dead: Gauge,
    webhook_failures: Gauge,
    pool: Family<PoolLabels, Gauge>,
    /// SQLite's one writer: writers waiting, and the groups committed with
    /// the writes they carried (their ratio is the mean group size).
    writers_waiting: Gauge,
    group_commits: Gauge,
    grouped_writes: Gauge,
    /// The bearer token that opens `/metrics` from anywhere; none: only
    /// callers on this machine may read them.
    token: Option<String>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new(None)
    }
}

/// Latency buckets, in seconds: from a millisecond to ten seconds.
const BUCKETS: [f64; 12] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];

impl Metrics {
    /// Metrics that `token` opens (when given) beside callers on this machine.
    pub fn new(token: Option<String>) -> Self {
        let mut registry = Registry::with_prefix("rapport");
        let requests = Family::<StatusLabels, Counter>::default();
        registry.register("http_requests", "Requests answered, by route and status", requests.clone());
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(|| Histogram::new(BUCKETS));
        registry.register("http_request_duration_seconds", "Time to answer, by route", latency.clone());
        let queue_due = Gauge::default();
        registry.register("jobs_due", "Jobs due and waiting to run", queue_due.clone());
        let queue_lag = Gauge::default();
        registry.register("jobs_oldest_due_seconds", "How long the oldest due job has waited", queue_lag.clone());
        let jobs_dead = Gauge::default();
        registry.register("jobs_dead", "Jobs out of attempts, kept", jobs_dead.clone());
        let webhook_failures = Gauge::default();
        registry.register(
            "webhook_failed_attempts",
            "Webhook attempts without a 2xx answer, ever",
            webhook_failures.clone(),
        );
        let pool = Family::<PoolLabels, Gauge>::default();
        registry.register("db_pool_connections", "Database connections by state", pool.clone());
        let writers_waiting = Gauge::default();
        registry.register(
            "sqlite_writers_waiting",
            "Writers waiting for a turn at SQLite's writer",
            writers_waiting.clone(),
        );
        let group_commits = Gauge::default();
        registry.register(
            "sqlite_group_commits",
            "Groups of writes committed together on SQLite",
            group_commits.clone(),
        );
        let grouped_writes = Gauge::default();
        registry.register("sqlite_grouped_writes", "Writes committed in those groups", grouped_writes.clone());
        let inner = Inner {
            registry,
            requests,
            latency,
            queue_due,
            queue_lag,
            jobs_dead,
            webhook_failures,
            pool,
            writers_waiting,
            group_commits,
            grouped_writes,
            token,
        };
        Self { inner: Arc::new(inner) }
    }

    fn record(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let (method, route) = (method.to_owned(), route.to_owned());
        self.inner
            .latency
            .get_or_create(&RouteLabels { method: method.clone(), route: route.clone() })
            .observe(seconds);
        self.inner.requests.get_or_create(&StatusLabels { method, route, status }).inc();
    }

    /// Whether a request may read the metrics: with the token, or from this
    /// machine when there is none.
    fn open_to(&self, headers: &HeaderMap, peer: Option<IpAddr>) -> bool {
        match &self.inner.token {
            Some(token) => headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
                .is_some_and(|given| constant_time_eq(given.as_bytes(), token.as_bytes())),
            None => peer.is_none_or(|ip| ip.is_loopback()),
        }
    }
}

/// Compares two secrets in time that does not depend on where they differ.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Counts and times every request by its route.
pub async fn middleware(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().as_str().to_owned();
    let route = request.extensions().get::<MatchedPath>().map_or("unmatched", MatchedPath::as_str).to_owned();
    let response = next.run(request).await;
    state.metrics.record(&method, &route, response.status().as_u16(), started.elapsed().as_secs_f64());
    response
}

/// The metrics in Prometheus' text format.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses(
        (status = 200, description = "The metrics, in Prometheus' text format", content_type = "text/plain"),
        (status = 403, description = "Neither the metrics token nor a caller on this machine", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database does not answer", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn metrics(State(state): State<AppState>, headers: HeaderMap, request: Request) -> Response {
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(peer)| peer.ip());
    if !state.metrics.open_to(&headers, peer) {
        return Problem::new(StatusCode::FORBIDDEN, "forbidden", "Forbidden", "The metrics need their token.")
            .into_response();
    }
    let inner = &state.metrics.inner;
    match state.app.queue_health().await {
        Ok(health) => {
            inner.queue_due.set(health.due);
            inner.queue_lag.set(health.oldest_due_seconds);
            inner.jobs_dead.set(health.dead);
            inner.webhook_failures.set(health.failed_deliveries);
        }
        Err(error) => return Problem::from(error).into_response(),
    }
    let (size, idle) = match state.app.db() {
        Db::Sqlite(sqlite) => {
            let writer = sqlite.writer_stats();
            inner.writers_waiting.set(i64::try_from(writer.waiting).unwrap_or(i64::MAX));
            inner.group_commits.set(i64::try_from(writer.groups).unwrap_or(i64::MAX));
            inner.grouped_writes.set(i64::try_from(writer.writes).unwrap_or(i64::MAX));
            (sqlite.pool().size(), sqlite.pool().num_idle())
        }
        Db::Postgres(pool) => (pool.size(), pool.num_idle()),
    };
    let idle = u32::try_from(idle).unwrap_or(u32::MAX);
    inner.pool.get_or_create(&PoolLabels { state: "idle".into() }).set(i64::from(idle));
    inner.pool.get_or_create(&PoolLabels { state: "in_use".into() }).set(i64::from(size.saturating_sub(idle)));
    let mut text = String::new();
    if prometheus_client::encoding::text::encode(&mut text, &inner.registry).is_err() {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    let content_type = HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8");
    ([(header::CONTENT_TYPE, content_type)], text).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_opens_the_metrics_else_only_this_machine() {
        let local: Option<IpAddr> = Some("127.0.0.1".parse().expect("ip"));
        let remote: Option<IpAddr> = Some("203.0.113.9".parse().expect("ip"));
        let open = Metrics::new(None);
        assert!(open.open_to(&HeaderMap::new(), local));
        assert!(!open.open_to(&HeaderMap::new(), remote));
        let guarded = Metrics::new(Some("s3cret".into()));
        let mut with = HeaderMap::new();
        with.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer s3cret"));
        let mut wrong = HeaderMap::new();
        wrong.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer s3creT"));
        assert!(guarded.open_to(&with, remote));
        assert!(!guarded.open_to(&wrong, local), "with a token, the token only");
    }
}
