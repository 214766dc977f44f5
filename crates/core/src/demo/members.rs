//! The demo's members besides its owner: an account manager for the
//! clients and a member of each other kind of work, each with a fresh
//! password for a newcomer to sign in as.

use rapport_domain::common::ids::UserId;
use rapport_domain::identity::{Password, UserInput};

use crate::kernel::store::StoreError;
use crate::kernel::{Actor, App, AppError};

/// A member made for the demo and how to sign in as them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    pub id: UserId,
    pub name: String,
    pub email: String,
    pub role: String,
    pub locale: String,
    pub password: String,
}

/// (name, email, role, language).
const MEMBERS: [(&str, &str, &str, &str); 5] = [
    ("Dewi Lestari", "dewi@example.com", "account_manager", "id"),
    ("Arief Nugroho", "arief@example.com", "account_manager", "id"),
    ("Budi Santoso", "budi@example.com", "sales", "id"),
    ("Sari Wijaya", "sari@example.com", "service", "en"),
    ("Ola Kowalska", "ola@example.com", "viewer", "pl"),
];

/// Makes the demo's members with fresh passwords.
pub async fn members(app: &App, actor: &Actor) -> Result<Vec<Credentials>, AppError> {
    let mut made = Vec::new();
    for (name, email, role, locale) in MEMBERS {
        let password: String =
            crate::kernel::secrets::new_secret("").map_err(StoreError::other)?.chars().take(16).collect();
        let input = UserInput {
            email: email.to_owned(),
            display_name: name.to_owned(),
            locale: Some(locale.to_owned()),
            password: Password::new(password.clone()),
            role: role.to_owned(),
        };
        let user = app.create_user(actor, actor.workspace_id, &input).await?;
        made.push(Credentials {
            id: user.id,
            name: name.to_owned(),
            email: email.to_owned(),
            role: role.to_owned(),
            locale: locale.to_owned(),
            password,
        });
    }
    Ok(made)
}
