//! `rapport migrate`: apply pending migrations and exit.

use crate::config::Config;

pub async fn run(config: &Config) -> anyhow::Result<()> {
    let db = super::open(&config.database_url()?).await?;
    db.close().await;
    println!("migrations applied");
    Ok(())
}
