//! The two dialects' migrations kept in step: after migrating, SQLite and
//! PostgreSQL have the same tables, the same columns with the same
//! nullability, the same indexes over the same columns (unique or not,
//! partial or not) and the same foreign keys. Types differ by design (see
//! the migrations' headers) and are not compared.

use std::collections::BTreeSet;

use rapport_core::Db;
use rapport_core::testing::TestDb;
use sqlx::Row;

/// One fact of a schema, written the same way for both databases.
type Facts = BTreeSet<String>;

async fn sqlite_schema(db: &Db) -> Facts {
    let Db::Sqlite(sqlite) = db else { panic!("a SQLite database") };
    let pool = sqlite.pool();
    let mut facts = Facts::new();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await
    .expect("tables");
    for table in tables {
        facts.insert(format!("table {table}"));
        let columns = sqlx::query("SELECT name, \"notnull\", pk FROM pragma_table_info(?)")
            .bind(&table)
            .fetch_all(pool)
            .await
            .expect("columns");
        for column in columns {
            let (name, not_null, pk): (String, i64, i64) =
                (column.get("name"), column.get("notnull"), column.get("pk"));
            let nullable = if not_null == 1 || pk > 0 { "not null" } else { "null" };
            facts.insert(format!("column {table}.{name} {nullable}"));
            if pk > 0 {
                facts.insert(format!("primary key {table}.{name}"));
            }
        }
        let indexes = sqlx::query("SELECT name, \"unique\", partial FROM pragma_index_list(?) WHERE origin = 'c'")
            .bind(&table)
            .fetch_all(pool)
            .await
            .expect("indexes");
        for index in indexes {
            let (name, unique, partial): (String, i64, i64) =
                (index.get("name"), index.get("unique"), index.get("partial"));
            let columns: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_index_info(?) ORDER BY seqno")
                .bind(&name)
                .fetch_all(pool)
                .await
                .expect("index columns");
            let unique = if unique == 1 { "unique " } else { "" };
            let partial = if partial == 1 { " partial" } else { "" };
            facts.insert(format!("{unique}index {name} on {table} ({}){partial}", columns.join(", ")));
        }
        let keys = sqlx::query("SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list(?)")
            .bind(&table)
            .fetch_all(pool)
            .await
            .expect("foreign keys");
        for key in keys {
            let (from, to_table, to): (String, String, Option<String>) =
                (key.get("from"), key.get("table"), key.get("to"));
            facts.insert(format!("foreign key {table}.{from} -> {to_table}.{}", to.unwrap_or_else(|| "id".into())));
        }
    }
    facts
}

async fn postgres_schema(db: &Db) -> Facts {
    let Db::Postgres(pool) = db else { panic!("a PostgreSQL database") };
    let mut facts = Facts::new();
    let columns = sqlx::query(
        "SELECT c.table_name, c.column_name, c.is_nullable FROM information_schema.columns c \
         JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema \
         WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.table_name <> '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await
    .expect("columns");
    for column in columns {
        let (table, name, nullable): (String, String, String) =
            (column.get("table_name"), column.get("column_name"), column.get("is_nullable"));
        facts.insert(format!("table {table}"));
        let nullable = if nullable == "NO" { "not null" } else { "null" };
        facts.insert(format!("column {table}.{name} {nullable}"));
    }
    let keys = sqlx::query(
        "SELECT cl.relname AS table_name, a.attname AS column_name FROM pg_constraint k \
         JOIN pg_class cl ON cl.oid = k.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace \
         JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey) \
         WHERE k.contype = 'p' AND n.nspname = 'public' AND cl.relname <> '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await
    .expect("primary keys");
    for key in keys {
        let (table, column): (String, String) = (key.get("table_name"), key.get("column_name"));
        facts.insert(format!("primary key {table}.{column}"));
    }
    // Indexes made by CREATE INDEX, not those behind a constraint.
    let indexes = sqlx::query(
        "SELECT t.relname AS table_name, i.relname AS index_name, x.indisunique, x.indpred IS NOT NULL AS partial, \
         array_to_string(ARRAY(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord) \
           JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord), ', ') AS columns \
         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace \
         WHERE n.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
    )
    .fetch_all(pool)
    .await
    .expect("indexes");
    for index in indexes {
        let (table, name, unique, partial, columns): (String, String, bool, bool, String) = (
            index.get("table_name"),
            index.get("index_name"),
            index.get("indisunique"),
            index.get("partial"),
            index.get("columns"),
        );
        let unique = if unique { "unique " } else { "" };
        let partial = if partial { " partial" } else { "" };
        facts.insert(format!("{unique}index {name} on {table} ({columns}){partial}"));
    }
    let foreign = sqlx::query(
        "SELECT cl.relname AS table_name, a.attname AS column_name, rt.relname AS to_table, ra.attname AS to_column \
         FROM pg_constraint k JOIN pg_class cl ON cl.oid = k.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace \
         JOIN pg_class rt ON rt.oid = k.confrelid \
         JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1] \
         JOIN pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = k.confkey[1] \
         WHERE k.contype = 'f' AND n.nspname = 'public'",
    )
    .fetch_all(pool)
    .await
    .expect("foreign keys");
    for key in foreign {
        let (table, column, to_table, to_column): (String, String, String, String) =
            (key.get("table_name"), key.get("column_name"), key.get("to_table"), key.get("to_column"));
        facts.insert(format!("foreign key {table}.{column} -> {to_table}.{to_column}"));
    }
    facts
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_dialects_migrate_to_the_same_schema() {
    let (lite, pg) = (TestDb::sqlite().await, TestDb::postgres().await);
    let (sqlite, postgres) = (sqlite_schema(&lite.db).await, postgres_schema(&pg.db).await);
    lite.teardown().await;
    pg.teardown().await;
    assert!(sqlite.iter().filter(|f| f.starts_with("table ")).count() > 30, "{sqlite:#?}");
    let only_sqlite: Vec<_> = sqlite.difference(&postgres).collect();
    let only_postgres: Vec<_> = postgres.difference(&sqlite).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "only in SQLite: {only_sqlite:#?}\nonly in PostgreSQL: {only_postgres:#?}"
    );
}
