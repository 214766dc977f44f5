//! `rapport demo`: a fresh SQLite database with demo data, then the server.

use anyhow::Context;
use rapport_core::{Actor, App};
use rapport_domain::access::TokenScope;
use rapport_domain::identity::{Password, UserInput};

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
    let actor = Actor::system(workspace.id, "system:demo");
    let started = std::time::Instant::now();
    let (email, password, token) = owner(&app, &actor).await?;
    let seeded = rapport_core::demo::seed(&app, &actor, args.size).await?;
    println!(
        "Demo database {} holds {} parties, {} orders and {} contracts over the last two years ({:.1} s).",
        path.display(),
        seeded.parties,
        seeded.orders,
        seeded.contracts,
        started.elapsed().as_secs_f64()
    );
    if !seeded.fitted {
        println!("The value models could not be fitted to this history: too few customers came back.");
    }
    println!("Sign in as {email} (owner) with the password {password}");
    for member in &seeded.members {
        println!(
            "        or {} ({}, {}) with the password {}",
            member.email, member.name, member.role, member.password
        );
    }
    println!("or call the API with: Authorization: Bearer {token}");
    if args.no_serve {
        db.close().await;
        return Ok(());
    }
    let listen = args.listen.as_deref().unwrap_or(&config.listen);
    super::serve::serve(config, config.app(db), listen, true, |address| {
        println!("Rapport is running: open http://{address}/ in a browser; the API is at http://{address}/api/v1/parties, its document at http://{address}/api/v1/openapi.json. Stop it with Ctrl-C.");
    })
    .await
}

/// Makes the demo's owner with a fresh password and an admin token for the API.
async fn owner(app: &App, actor: &Actor) -> anyhow::Result<(String, String, String)> {
    let email = "owner@example.com".to_owned();
    let password = rapport_core::kernel::secrets::new_secret("")?.chars().take(16).collect::<String>();
    let input = UserInput {
        email: email.clone(),
        display_name: "Demo Owner".to_owned(),
        locale: Some("en".to_owned()),
        password: Password::new(password.clone()),
        role: "owner".to_owned(),
    };
    let user = app.create_user(actor, actor.workspace_id, &input).await?;
    let (token, _) = app.create_token(actor, user.id, actor.workspace_id, "demo", TokenScope::Admin, None).await?;
    Ok((email, password, token))
}
