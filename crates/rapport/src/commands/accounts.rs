//! `rapport user …`, `rapport token …`, `rapport workspace …`: administering
//! who gets in, from the machine Rapport runs on (as the system).

use std::io::{BufRead, IsTerminal};

use anyhow::{Context, bail};
use rapport_core::{Actor, App, AppError};
use rapport_domain::access::TokenScope;
use rapport_domain::identity::{Password, UserInput};
use rapport_domain::workspaces::{WorkspaceSettings, WorkspaceSettingsInput};

use crate::cli::{PasswordSource, TokenCommand, UserCommand, WorkspaceCommand};
use crate::config::Config;

async fn app(config: &Config) -> anyhow::Result<App> {
    let app = App::new(super::open(&config.database_url()?).await?);
    app.ensure_default_workspace().await?;
    Ok(app)
}

/// Turns a refusal into a message naming each field at fault.
fn explain(error: AppError) -> anyhow::Error {
    match error {
        AppError::Validation(errors) => {
            let lines: Vec<_> = errors.0.iter().map(|e| format!("  {}: {}", e.field, e.message)).collect();
            anyhow::anyhow!("invalid input:\n{}", lines.join("\n"))
        }
        other => anyhow::anyhow!(other),
    }
}

fn read_password(source: &PasswordSource) -> anyhow::Result<Password> {
    if source.password_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).context("reading the password from standard input")?;
        return Ok(Password::new(line.trim_end_matches(['\n', '\r'])));
    }
    if !std::io::stdin().is_terminal() {
        bail!("no terminal to ask for the password on: pass --password-stdin and pipe it in");
    }
    let first = rpassword::prompt_password("Password: ")?;
    let again = rpassword::prompt_password("Password again: ")?;
    if first != again {
        bail!("the two passwords differ");
    }
    Ok(Password::new(first))
}

pub async fn user(config: &Config, command: UserCommand) -> anyhow::Result<()> {
    let app = app(config).await?;
    match command {
        UserCommand::Add { email, name, role, workspace, locale, password } => {
            let workspace = app.workspace_by_slug(&workspace).await.context("no workspace with that slug")?;
            let actor = Actor::system(workspace.id, "system:cli");
            let input = UserInput {
                email,
                display_name: name,
                locale: Some(locale),
                password: read_password(&password)?,
                role,
            };
            let user = app.create_user(&actor, workspace.id, &input).await.map_err(explain)?;
            println!("created {} ({}) as {} of workspace {}", user.email.as_str(), user.id, input.role, workspace.slug);
        }
        UserCommand::List => {
            let slugs: Vec<_> = app.list_workspaces().await?.into_iter().map(|w| (w.id, w.slug)).collect();
            for user in app.users().await? {
                let memberships: Vec<_> = app
                    .memberships_of(user.id)
                    .await?
                    .into_iter()
                    .map(|(id, role)| {
                        let slug = slugs.iter().find(|(w, _)| *w == id).map_or("?", |(_, s)| s.as_str());
                        format!("{slug}:{}", role.as_str())
                    })
                    .collect();
                println!("{}\t{}\t{}", user.email.as_str(), user.display_name, memberships.join(","));
            }
        }
        UserCommand::ResetPassword { email, password, revoke_tokens } => {
            let user = app.user_by_email(&email).await.context("no user with that email")?;
            let workspace = app.ensure_default_workspace().await?;
            let actor = Actor::system(workspace.id, "system:cli");
            let (revoked, live) = app
                .reset_password(&actor, user.id, &read_password(&password)?, revoke_tokens)
                .await
                .map_err(explain)?;
            println!("password changed for {}; their sessions have ended", user.email.as_str());
            if revoke_tokens {
                println!("{revoked} API tokens revoked");
            } else if live > 0 {
                println!("{live} API tokens still work: run again with --revoke-tokens to revoke them");
            }
        }
    }
    Ok(())
}

pub async fn token(config: &Config, command: TokenCommand) -> anyhow::Result<()> {
    let app = app(config).await?;
    let TokenCommand::Create { user, name, scope, workspace, expires_in_days } = command;
    let user = app.user_by_email(&user).await.context("no user with that email")?;
    let workspace = app.workspace_by_slug(&workspace).await.context("no workspace with that slug")?;
    let scope = TokenScope::parse(&scope).map_err(|p| anyhow::anyhow!("--scope {p}"))?;
    let expires_at = expires_in_days.map(|days| app.now() + time::Duration::days(i64::from(days)));
    let actor = Actor::system(workspace.id, "system:cli");
    let (secret, token) =
        app.create_token(&actor, user.id, workspace.id, &name, scope, expires_at).await.map_err(explain)?;
    eprintln!("token {} for {} ({}): shown this once", token.id, user.email.as_str(), scope.as_str());
    println!("{secret}");
    Ok(())
}

pub async fn workspace(config: &Config, command: WorkspaceCommand) -> anyhow::Result<()> {
    let app = app(config).await?;
    match command {
        WorkspaceCommand::Add { slug, name, currency, locale, time_zone, phone_region } => {
            let input = WorkspaceSettingsInput { name, currency, locale, time_zone, phone_region };
            let settings = WorkspaceSettings::parse(&input).map_err(|e| explain(AppError::Validation(e)))?;
            let created = app.create_workspace(&slug, settings).await.map_err(explain)?;
            println!("created workspace {} ({})", created.slug, created.id);
        }
        WorkspaceCommand::List => {
            for w in app.list_workspaces().await? {
                let s = &w.settings;
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    w.slug,
                    s.name,
                    s.currency.as_str(),
                    s.locale.as_str(),
                    s.time_zone.as_str()
                );
            }
        }
    }
    Ok(())
}
