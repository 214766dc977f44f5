//! `rapport reclassify`: every party's classification recomputed, one
//! workspace after another.

use std::time::Instant;

use rapport_core::App;
use rapport_core::classification::Cause;

use crate::cli::ReclassifyArgs;
use crate::config::Config;

pub async fn run(config: &Config, args: &ReclassifyArgs) -> anyhow::Result<()> {
    let db = super::open(&config.database_url()?).await?;
    let app = App::new(db.clone());
    let workspaces = match &args.workspace {
        Some(slug) => vec![app.workspace_by_slug(slug).await.map_err(|e| anyhow::anyhow!("workspace {slug}: {e}"))?],
        None => app.list_workspaces().await?,
    };
    let cause = Cause { what: if args.rebuild { "rebuild" } else { "reclassify" }, actor: "system:cli" };
    let as_of = match &args.as_of {
        Some(day) => Some(
            rapport_domain::common::dates::parse_date(day).map_err(|e| anyhow::anyhow!("--as-of: {}", e.message))?,
        ),
        None => None,
    };
    for workspace in workspaces {
        let today = as_of.unwrap_or_else(|| workspace.settings.time_zone.date_of(app.now()));
        let started = Instant::now();
        let done = if args.rebuild {
            app.rebuild_relationships(workspace.id, cause).await?
        } else {
            app.reclassify_workspace(workspace.id, today, cause).await?
        };
        println!(
            "{}: {} parties, {} changed, {:.2} s",
            workspace.slug,
            done.parties,
            done.changed,
            started.elapsed().as_secs_f64()
        );
    }
    db.close().await;
    Ok(())
}
