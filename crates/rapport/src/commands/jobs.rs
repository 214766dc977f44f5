//! `rapport jobs`: the job queue as an administrator sees it.

use rapport_core::jobs::JobStatus;
use rapport_core::workspaces::DEFAULT_WORKSPACE_SLUG;
use rapport_core::{Actor, App};

use crate::cli::JobsCommand;
use crate::config::Config;

pub async fn run(config: &Config, command: JobsCommand) -> anyhow::Result<()> {
    let db = super::open(&config.database_url()?).await?;
    let app = App::new(db.clone());
    let outcome = work(&app, command).await;
    db.close().await;
    outcome
}

async fn work(app: &App, command: JobsCommand) -> anyhow::Result<()> {
    match command {
        JobsCommand::List { workspace, status, limit } => {
            let slug = workspace.as_deref().unwrap_or(DEFAULT_WORKSPACE_SLUG);
            let found = app.workspace_by_slug(slug).await.map_err(|e| anyhow::anyhow!("workspace {slug}: {e}"))?;
            let status = match status.as_deref() {
                Some(name) => Some(JobStatus::parse(name).ok_or_else(|| {
                    anyhow::anyhow!("--status: {name:?} is none of queued, running, done, dead, cancelled")
                })?),
                None => None,
            };
            let actor = Actor::system(found.id, "system:cli");
            let jobs = app.list_jobs(&actor, status, None, limit).await?;
            println!("{:<36}  {:<24}  {:<9}  {:>8}  {:<20}  last error", "id", "kind", "status", "attempts", "run at");
            for job in jobs {
                let run_at = job.run_at.format(&time::format_description::well_known::Rfc3339)?;
                println!(
                    "{:<36}  {:<24}  {:<9}  {:>3} of {:<2}  {:<20}  {}",
                    job.id,
                    job.kind,
                    job.status.as_str(),
                    job.attempts,
                    job.max_attempts,
                    run_at,
                    job.last_error.unwrap_or_default()
                );
            }
        }
        JobsCommand::Retry { id } => {
            let job = app.retry_job(&installation(app).await?, id).await?;
            println!("{} {} is queued again", job.kind, job.id);
        }
        JobsCommand::Cancel { id } => {
            let job = app.cancel_job(&installation(app).await?, id).await?;
            println!("{} {} is cancelled", job.kind, job.id);
        }
    }
    Ok(())
}

/// The system acting on a job by id: the job names its workspace.
async fn installation(app: &App) -> anyhow::Result<Actor> {
    let default = app.workspace_by_slug(DEFAULT_WORKSPACE_SLUG).await?;
    Ok(Actor::system(default.id, "system:cli"))
}
