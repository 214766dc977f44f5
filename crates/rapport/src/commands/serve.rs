//! `rapport serve`: the HTTP server, stopping gracefully on SIGTERM or Ctrl-C.

use std::collections::HashMap;

use anyhow::Context;
use rapport_core::{App, Db};
use rapport_domain::common::ids::WorkspaceId;
use rapport_web::AppState;
use tokio::net::TcpListener;

use crate::config::Config;

pub async fn run(config: &Config, listen: Option<&str>) -> anyhow::Result<()> {
    let db = super::open(&config.database_url()?).await?;
    serve(db, listen.unwrap_or(&config.listen), |_| {}).await
}

/// Serves `db` on `address`; `on_ready` hears the bound address first.
pub async fn serve(db: Db, address: &str, on_ready: impl FnOnce(std::net::SocketAddr)) -> anyhow::Result<()> {
    let state = AppState::new(App::new(db.clone())).await.context("preparing the default workspace")?;
    let listener = TcpListener::bind(address).await.with_context(|| format!("listening on {address}"))?;
    tokio::spawn(expire_idempotency_keys(state.app.clone()));
    tokio::spawn(let_time_pass(state.app.clone()));
    let bound = listener.local_addr()?;
    tracing::info!(address = %bound, "serving");
    on_ready(bound);
    // The peer address feeds sign-in throttling.
    let service = rapport_ui::router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service).with_graceful_shutdown(shutdown_signal()).await?;
    db.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Forgets old idempotency keys, ended sessions and old sign-in failures, now
/// and every hour.
async fn expire_idempotency_keys(app: App) {
    let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        every_hour.tick().await;
        match app.expire_idempotency_keys().await {
            Ok(count) => tracing::debug!(count, "expired idempotency keys"),
            Err(error) => tracing::warn!(%error, "could not expire idempotency keys"),
        }
        match app.expire_credentials().await {
            Ok(count) => tracing::debug!(count, "expired sessions and sign-in failures"),
            Err(error) => tracing::warn!(%error, "could not expire sessions"),
        }
    }
}

/// Reclassifies every party once a day in its workspace's time zone (and at
/// start), so that time passing
/// moves buyers to at risk and lapsed, expires contracts and ends overrides;
/// before that, fits the value models again where the fit is a week old.
/// Several servers may run it at once: a pass never overwrites a fresher
/// classification, so the second one finds nothing to do.
async fn let_time_pass(app: App) {
    let mut every_ten_minutes = tokio::time::interval(std::time::Duration::from_secs(600));
    // The day each workspace was last passed for, in its own time zone.
    let mut passed: HashMap<WorkspaceId, time::Date> = HashMap::new();
    loop {
        every_ten_minutes.tick().await;
        // Models first: a new fit reclassifies its workspace itself.
        match app.refit_stale_models().await {
            Ok((fitted, skipped)) if fitted + skipped > 0 => {
                tracing::info!(fitted, skipped, "value models fitted where a week old");
            }
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "could not fit the value models"),
        }
        let workspaces = match app.list_workspaces().await {
            Ok(workspaces) => workspaces,
            Err(error) => {
                tracing::warn!(%error, "could not list the workspaces to reclassify");
                continue;
            }
        };
        let cause = rapport_core::classification::Cause { what: "time", actor: "system:scheduler" };
        for workspace in workspaces {
            let today = workspace.settings.time_zone.date_of(app.now());
            if passed.get(&workspace.id) == Some(&today) {
                continue;
            }
            match app.reclassify_workspace(workspace.id, today, cause).await {
                Ok(done) => {
                    passed.insert(workspace.id, today);
                    tracing::info!(workspace = %workspace.slug, parties = done.parties, changed = done.changed, "reclassified for the day");
                }
                Err(error) => tracing::warn!(%error, workspace = %workspace.slug, "could not reclassify"),
            }
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
    tracing::info!("shutting down: finishing requests in flight");
}
