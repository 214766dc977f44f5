//! Schema migrations, embedded in the binary: one directory per dialect with the
//! same version numbers, applied at start and by `rapport migrate`.

use std::borrow::Cow;

use sqlx::migrate::{Migration, MigrationType, Migrator};

use crate::kernel::db::Db;
use crate::kernel::store::StoreError;

/// (version, description, SQLite text, PostgreSQL text). Append only.
const MIGRATIONS: &[(i64, &str, &str, &str)] = &[
    (
        1,
        "foundation",
        include_str!("../../migrations/sqlite/0001_foundation.sql"),
        include_str!("../../migrations/postgres/0001_foundation.sql"),
    ),
    (
        2,
        "identity",
        include_str!("../../migrations/sqlite/0002_identity.sql"),
        include_str!("../../migrations/postgres/0002_identity.sql"),
    ),
    (
        3,
        "commerce",
        include_str!("../../migrations/sqlite/0003_commerce.sql"),
        include_str!("../../migrations/postgres/0003_commerce.sql"),
    ),
    (
        4,
        "relationships",
        include_str!("../../migrations/sqlite/0004_relationships.sql"),
        include_str!("../../migrations/postgres/0004_relationships.sql"),
    ),
    (
        5,
        "relationship pass",
        include_str!("../../migrations/sqlite/0005_relationship_pass.sql"),
        include_str!("../../migrations/postgres/0005_relationship_pass.sql"),
    ),
    (
        6,
        "value models",
        include_str!("../../migrations/sqlite/0006_value_models.sql"),
        include_str!("../../migrations/postgres/0006_value_models.sql"),
    ),
    (
        7,
        "playbooks",
        include_str!("../../migrations/sqlite/0007_playbooks.sql"),
        include_str!("../../migrations/postgres/0007_playbooks.sql"),
    ),
    (
        8,
        "saved views",
        include_str!("../../migrations/sqlite/0008_saved_views.sql"),
        include_str!("../../migrations/postgres/0008_saved_views.sql"),
    ),
    (
        9,
        "served parties",
        include_str!("../../migrations/sqlite/0009_served_parties.sql"),
        include_str!("../../migrations/postgres/0009_served_parties.sql"),
    ),
    (
        10,
        "order numbers",
        include_str!("../../migrations/sqlite/0010_order_numbers.sql"),
        include_str!("../../migrations/postgres/0010_order_numbers.sql"),
    ),
    (
        11,
        "party list orders",
        include_str!("../../migrations/sqlite/0011_party_orders.sql"),
        include_str!("../../migrations/postgres/0011_party_orders.sql"),
    ),
    (
        12,
        "password links",
        include_str!("../../migrations/sqlite/0012_password_links.sql"),
        include_str!("../../migrations/postgres/0012_password_links.sql"),
    ),
    (
        13,
        "events",
        include_str!("../../migrations/sqlite/0013_events.sql"),
        include_str!("../../migrations/postgres/0013_events.sql"),
    ),
    (
        14,
        "jobs",
        include_str!("../../migrations/sqlite/0014_jobs.sql"),
        include_str!("../../migrations/postgres/0014_jobs.sql"),
    ),
    (
        15,
        "webhooks",
        include_str!("../../migrations/sqlite/0015_webhooks.sql"),
        include_str!("../../migrations/postgres/0015_webhooks.sql"),
    ),
    (
        16,
        "idempotency commits",
        include_str!("../../migrations/sqlite/0016_idempotency_commits.sql"),
        include_str!("../../migrations/postgres/0016_idempotency_commits.sql"),
    ),
];

fn migrator(postgres: bool) -> Migrator {
    let migrations = MIGRATIONS
        .iter()
        .map(|(version, description, sqlite, pg)| {
            let sql: &'static str = if postgres { pg } else { sqlite };
            Migration::new(
                *version,
                Cow::Borrowed(*description),
                MigrationType::Simple,
                sqlx::SqlStr::from_static(sql),
                false,
            )
        })
        .collect();
    Migrator::with_migrations(migrations)
}

/// Applies every migration the database has not seen; returns how many there are.
pub async fn run(db: &Db) -> Result<usize, StoreError> {
    match db {
        Db::Sqlite(sqlite) => migrator(false).run(sqlite.pool()).await.map_err(StoreError::other)?,
        Db::Postgres(pool) => migrator(true).run(pool).await.map_err(StoreError::other)?,
    }
    Ok(MIGRATIONS.len())
}
