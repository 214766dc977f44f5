//! `rapport demo`: a fresh SQLite database with demo data, then the server.

use anyhow::Context;
use rapport_core::{Actor, App};

use crate::cli::DemoArgs;
use crate::config::Config;

pub async fn run(config: &Config, args: &DemoArgs) -> anyhow::Result<()> {
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("creating the data directory {}", config.data_dir.display()))?;
    let path = config.data_dir.join("demo.db");
    for suffix in ["", "-wal", "-shm"] {
        let mut file = path.clone().into_os_string();
        file.push(suffix);
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("removing the old demo database {}", path.display())),
        }
    }
    let db = super::open(&format!("sqlite:{}", path.display())).await?;
    let app = App::new(db.clone());
    let workspace = app.ensure_default_workspace().await?;
    let actor = Actor { workspace_id: workspace.id, label: "system:demo".to_owned() };
    let count = rapport_core::demo::seed(&app, &actor, args.size).await?;
    println!("Demo database {} holds {count} parties.", path.display());
    if args.no_serve {
        db.close().await;
        return Ok(());
    }
    let listen = args.listen.as_deref().unwrap_or(&config.listen);
    super::serve::serve(db, listen, |address| {
        println!("Rapport is running: the API at http://{address}/api/v1/parties, its document at http://{address}/api/v1/openapi.json. Stop it with Ctrl-C.");
    })
    .await
}
