use rapport_core::App;

use crate::client::TrustedProxies;
use crate::metrics::Metrics;

/// What every handler can reach.
#[derive(Clone, Debug)]
pub struct AppState {
    pub app: App,
    /// The proxies whose `X-Forwarded-For` names the client.
    pub proxies: TrustedProxies,
    pub metrics: Metrics,
}

impl AppState {
    /// The state for `app`, making sure its default workspace exists; no
    /// proxy trusted, the metrics open to this machine only.
    pub async fn new(app: App) -> Result<Self, rapport_core::AppError> {
        app.ensure_default_workspace().await?;
        Ok(Self { app, proxies: TrustedProxies::default(), metrics: Metrics::default() })
    }

    /// The same state, believing `X-Forwarded-For` from `proxies`.
    pub fn trusting(self, proxies: TrustedProxies) -> Self {
        Self { proxies, ..self }
    }

    /// The same state, its metrics opened by `token` (when given).
    pub fn with_metrics(self, metrics: Metrics) -> Self {
        Self { metrics, ..self }
    }
}
