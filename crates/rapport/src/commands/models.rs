//! `rapport models`: fitting and validating the customer-value models, and
//! loading the CDNOW data they were published on.

use std::time::Instant;

use anyhow::{Context, anyhow};
use rapport_core::value::store::StoredFit;
use rapport_core::workspaces::DEFAULT_WORKSPACE_SLUG;
use rapport_core::{Actor, App};
use rapport_domain::common::dates::parse_date;
use rapport_domain::value::cdnow;
use time::Date;

use crate::cli::ModelsCommand;
use crate::config::Config;

fn day(raw: &str, flag: &str) -> anyhow::Result<Date> {
    parse_date(raw).map_err(|e| anyhow!("{flag}: {}", e.message))
}

async fn actor(app: &App, workspace: Option<&str>) -> anyhow::Result<Actor> {
    let slug = workspace.unwrap_or(DEFAULT_WORKSPACE_SLUG);
    let workspace = app.workspace_by_slug(slug).await.map_err(|e| anyhow!("workspace {slug}: {e}"))?;
    Ok(Actor::system(workspace.id, "system:cli"))
}

/// The parameters by name, the log-likelihoods and how each fit ended.
fn print_fit(stored: &StoredFit) {
    let fit = &stored.fit;
    println!(
        "data: {} customers ({} bought again), {} to {}, {}",
        fit.customers, fit.repeat_customers, fit.data_from, fit.calibration_end, fit.currency
    );
    let b = &fit.bgnbd;
    println!(
        "BG/NBD: r = {:.6}, alpha = {:.6}, a = {:.6}, b = {:.6}; log-likelihood {:.4}; {} after {} iterations",
        b.params.r,
        b.params.alpha,
        b.params.a,
        b.params.b,
        b.log_likelihood,
        b.convergence.reason,
        b.convergence.iterations
    );
    match &fit.gamma_gamma {
        Some(g) => println!(
            "Gamma-Gamma: p = {:.6}, q = {:.6}, gamma = {:.6}; log-likelihood {:.4}; {} after {} iterations",
            g.params.p, g.params.q, g.params.gamma, g.log_likelihood, g.convergence.reason, g.convergence.iterations
        ),
        None => println!("Gamma-Gamma: not fitted (too few customers bought again)"),
    }
}

pub async fn run(config: &Config, command: ModelsCommand) -> anyhow::Result<()> {
    let db = super::open(&config.database_url()?).await?;
    let app = App::new(db.clone());
    let started = Instant::now();
    match command {
        ModelsCommand::Fit { workspace, calibration_end } => {
            let actor = actor(&app, workspace.as_deref()).await?;
            let end = calibration_end.as_deref().map(|d| day(d, "--calibration-end")).transpose()?;
            let stored = app.fit_value_models(&actor, end).await?;
            print_fit(&stored);
        }
        ModelsCommand::Validate { workspace, calibration_end, holdout_end } => {
            let actor = actor(&app, workspace.as_deref()).await?;
            let end = day(&calibration_end, "--calibration-end")?;
            let holdout = holdout_end.as_deref().map(|d| day(d, "--holdout-end")).transpose()?;
            let stored = app.validate_value_models(&actor, end, holdout).await?;
            print_fit(&stored);
            if let Some(tracking) = &stored.fit.tracking {
                println!("week  ends on      actual  expected  cumulative actual  cumulative expected");
                for w in &tracking.weeks {
                    println!(
                        "{:>4}  {}  {:>6}  {:>8.1}  {:>17}  {:>19.1}{}",
                        w.week,
                        w.ends_on,
                        w.actual,
                        w.expected,
                        w.actual_cumulative,
                        w.expected_cumulative,
                        if w.holdout { "  (holdout)" } else { "" }
                    );
                }
                println!(
                    "holdout: {} repeat transactions, {:.1} expected; error {}; weekly MAPE {}",
                    tracking.holdout_actual,
                    tracking.holdout_expected,
                    tracking.holdout_error.map_or("n/a".into(), |e| format!("{:+.1} %", e * 100.0)),
                    tracking.weekly_mape.map_or("n/a".into(), |e| format!("{:.1} %", e * 100.0)),
                );
            }
        }
        ModelsCommand::ImportCdnow { path, workspace } => {
            let actor = actor(&app, workspace.as_deref()).await?;
            let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
            let lines = cdnow::parse(&text).with_context(|| format!("reading {}", path.display()))?;
            // Minutes of work on the full file: shown on a terminal, silent in scripts.
            let bar = indicatif::ProgressBar::new(lines.len() as u64).with_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:40} {pos}/{len} purchases · {elapsed} · about {eta} left",
                )
                .context("the progress bar's template")?,
            );
            let done = app.import_cdnow(&actor, &lines, |n| bar.set_position(n)).await;
            bar.finish_and_clear();
            let done = done?;
            println!("imported {} customers and {} orders", done.customers, done.orders);
        }
    }
    eprintln!("done in {:.2} s", started.elapsed().as_secs_f64());
    db.close().await;
    Ok(())
}
