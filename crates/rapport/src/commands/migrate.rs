//! `rapport migrate`: apply pending migrations, make sure the default
//! workspace exists (so the other commands work from the command line
//! alone), and exit.

use rapport_core::App;

use crate::config::Config;

pub async fn run(config: &Config) -> anyhow::Result<()> {
    let db = super::open(&config.database_url()?).await?;
    let workspace = App::new(db.clone()).ensure_default_workspace().await?;
    db.close().await;
    println!("migrations applied; workspace {} ready", workspace.slug);
    Ok(())
}
