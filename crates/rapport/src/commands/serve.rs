//! `rapport serve` (the HTTP server and a worker of the job queue) and
//! `rapport worker` (the worker alone), stopping gracefully on SIGTERM or
//! Ctrl-C.

use anyhow::Context;
use rapport_core::App;
use rapport_core::jobs::runner::Worker;
use rapport_web::AppState;
use tokio::net::TcpListener;

use crate::cli::ServeArgs;
use crate::config::Config;

pub async fn run(config: &Config, args: &ServeArgs) -> anyhow::Result<()> {
    let db = super::open(&config.database_url()?).await?;
    let listen = args.listen.as_deref().unwrap_or(&config.listen);
    serve(config, config.app(db), listen, !args.no_worker, |_| {}).await
}

/// Serves `app` on `address`, with a worker of the job queue beside it when
/// `with_worker`; `on_ready` hears the bound address first. A stop signal
/// lets requests in flight finish and hands the worker's jobs back.
pub async fn serve(
    config: &Config,
    app: App,
    address: &str,
    with_worker: bool,
    on_ready: impl FnOnce(std::net::SocketAddr),
) -> anyhow::Result<()> {
    let db = app.db().clone();
    let (proxies, metrics) = config.web()?;
    let state = AppState::new(app).await.context("preparing the default workspace")?;
    let state = state.trusting(proxies).with_metrics(metrics);
    let listener = TcpListener::bind(address).await.with_context(|| format!("listening on {address}"))?;
    let stopping = Stopping::on_signal();
    let worker = with_worker.then(|| tokio::spawn(Worker::new(state.app.clone()).run(stopping.wait())));
    let bound = listener.local_addr()?;
    tracing::info!(address = %bound, worker = with_worker, "serving");
    on_ready(bound);
    // The peer address feeds sign-in throttling.
    let service = rapport_ui::router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service).with_graceful_shutdown(stopping.wait()).await?;
    if let Some(worker) = worker {
        worker.await.context("the worker")?;
    }
    db.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// `rapport worker`: the job queue's worker alone, without the HTTP server,
/// until a stop signal.
pub async fn worker(config: &Config) -> anyhow::Result<()> {
    let db = super::open(&config.database_url()?).await?;
    let app = config.app(db.clone());
    app.ensure_default_workspace().await.context("preparing the default workspace")?;
    let stopping = Stopping::on_signal();
    Worker::new(app).run(stopping.wait()).await;
    db.close().await;
    Ok(())
}

/// A stop signal (SIGTERM or Ctrl-C) heard once and told to everyone who
/// waits for it: the HTTP server and the worker.
#[derive(Clone)]
struct Stopping(tokio::sync::watch::Receiver<bool>);

impl Stopping {
    fn on_signal() -> Self {
        let (tell, hear) = tokio::sync::watch::channel(false);
        tokio::spawn(async move {
            shutdown_signal().await;
            let _ = tell.send(true);
        });
        Self(hear)
    }

    /// Completes once the signal is heard.
    fn wait(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        let mut hear = self.0.clone();
        async move {
            let _ = hear.wait_for(|stop| *stop).await;
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::warn!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight, handing back jobs");
}
