//! The migration runner: each component (the platform, each service) owns its tables and
//! brings its migrations; the runner applies what a database lacks, in one transaction, and
//! records it per component in `openwork_migrations`.
//!
//! A database written by openwork 0.1 (one schema for everything, migrated by sqlx, with
//! `_sqlx_migrations`) is carried over in the same transaction: its tables are renamed
//! `legacy_<name>`, every component's migrations create the current tables, each component
//! copies its rows over ([`Legacy::adopt`]), and the legacy tables are dropped. Either all of it
//! happens or none.

use futures::future::BoxFuture;
use sqlx::AnyConnection;

use super::{Db, Dialect, backend};
use crate::clock::{RealClock, SystemClock};
use crate::error::{StoreError, StoreResult};

/// One schema change of a component, in both dialects.
#[derive(Debug)]
pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sqlite: &'static str,
    pub postgres: &'static str,
}

impl Migration {
    fn sql(&self, dialect: Dialect) -> &'static str {
        match dialect {
            Dialect::Sqlite => self.sqlite,
            Dialect::Postgres => self.postgres,
        }
    }
}

/// Copies a component's rows from the tables of openwork 0.1 (renamed `legacy_<name>`) into its
/// current tables.
pub type AdoptFn = for<'c> fn(&'c mut AnyConnection) -> BoxFuture<'c, StoreResult<()>>;

/// How a component carries over a database written by openwork 0.1.
#[derive(Debug)]
pub struct Legacy {
    /// The 0.1 tables whose rows are this component's.
    pub tables: &'static [&'static str],
    pub adopt: AdoptFn,
}

/// A component's tables: its migrations in order, and how it adopts a 0.1 database.
#[derive(Debug)]
pub struct Schema {
    pub component: &'static str,
    pub migrations: &'static [Migration],
    pub legacy: Legacy,
}

/// The versions of openwork 0.1's sqlx migrations, all of which a 0.1 database has applied.
const LEGACY_VERSIONS: [i64; 5] = [1, 2, 3, 4, 5];

/// Serialises migrations of replicas starting together on one PostgreSQL database.
const POSTGRES_LOCK: i64 = 0x6f70_656e_776f_726b; // "openwork"

async fn execute(conn: &mut AnyConnection, sql: &str) -> StoreResult<()> {
    sqlx::raw_sql(sql)
        .execute(&mut *conn)
        .await
        .map_err(backend)?;
    Ok(())
}

async fn table_exists(
    conn: &mut AnyConnection,
    dialect: Dialect,
    table: &str,
) -> StoreResult<bool> {
    let sql = match dialect {
        Dialect::Sqlite => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $1",
        Dialect::Postgres => {
            "SELECT COUNT(*) FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_name = $1"
        }
    };
    let count: i64 = sqlx::query_scalar(sql)
        .bind(table)
        .fetch_one(&mut *conn)
        .await
        .map_err(backend)?;
    Ok(count > 0)
}

/// Names from a one-column query.
async fn names(conn: &mut AnyConnection, sql: &str) -> StoreResult<Vec<String>> {
    sqlx::query_scalar(sql)
        .fetch_all(&mut *conn)
        .await
        .map_err(backend)
}

impl Db {
    /// Brings the database up to every component's latest migration (the platform's first).
    pub async fn migrate(&self, schemas: &[&Schema]) -> StoreResult<()> {
        let dialect = self.dialect();
        let mut write = self.begin_write().await?;
        let conn = &mut *write.tx;
        if dialect == Dialect::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(POSTGRES_LOCK)
                .execute(&mut *conn)
                .await
                .map_err(backend)?;
        }
        let legacy = table_exists(conn, dialect, "_sqlx_migrations").await?;
        if legacy {
            set_legacy_tables_aside(conn, dialect, schemas).await?;
        }
        execute(
            conn,
            "CREATE TABLE IF NOT EXISTS openwork_migrations (\
                 component     TEXT NOT NULL, \
                 version       BIGINT NOT NULL, \
                 name          TEXT NOT NULL, \
                 applied_at_ms BIGINT NOT NULL, \
                 PRIMARY KEY (component, version))",
        )
        .await?;
        for schema in schemas {
            let applied: i64 = sqlx::query_scalar(
                "SELECT COALESCE(MAX(version), 0) FROM openwork_migrations WHERE component = $1",
            )
            .bind(schema.component)
            .fetch_one(&mut *conn)
            .await
            .map_err(backend)?;
            let known = schema.migrations.last().map_or(0, |m| m.version);
            if applied > known {
                return Err(StoreError::Backend(format!(
                    "this database was written by a newer openwork (its {} schema is at version \
                     {applied}, this openwork knows up to {known}): run that version, or use \
                     another database",
                    schema.component
                )));
            }
            for migration in schema.migrations.iter().filter(|m| m.version > applied) {
                execute(conn, migration.sql(dialect)).await.map_err(|err| {
                    StoreError::Backend(format!(
                        "migration {} {} ({}) failed: {err}",
                        schema.component, migration.version, migration.name
                    ))
                })?;
                sqlx::query(
                    "INSERT INTO openwork_migrations (component, version, name, applied_at_ms) \
                     VALUES ($1, $2, $3, $4)",
                )
                .bind(schema.component)
                .bind(migration.version)
                .bind(migration.name)
                .bind(SystemClock.now().0)
                .execute(&mut *conn)
                .await
                .map_err(backend)?;
            }
        }
        if legacy {
            for schema in schemas {
                (schema.legacy.adopt)(conn).await.map_err(|err| {
                    StoreError::Backend(format!(
                        "carrying over the {} data of openwork 0.1 failed: {err}",
                        schema.component
                    ))
                })?;
            }
            for table in schemas.iter().flat_map(|s| s.legacy.tables) {
                execute(conn, &format!("DROP TABLE legacy_{table}")).await?;
            }
            execute(conn, "DROP TABLE _sqlx_migrations").await?;
        }
        write.commit().await?;
        if legacy {
            tracing::info!("carried over a database written by openwork 0.1");
        }
        Ok(())
    }
}

/// Renames every table of an openwork 0.1 database to `legacy_<name>` and drops its triggers and
/// secondary indexes, whose names the current schema reuses.
async fn set_legacy_tables_aside(
    conn: &mut AnyConnection,
    dialect: Dialect,
    schemas: &[&Schema],
) -> StoreResult<()> {
    let applied: Vec<i64> = sqlx::query_scalar(
        "SELECT version FROM _sqlx_migrations WHERE success = TRUE ORDER BY version",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(|err| {
        StoreError::Backend(format!(
            "this database has sqlx migrations but they cannot be read ({err})"
        ))
    })?;
    if applied != LEGACY_VERSIONS {
        return Err(StoreError::Backend(format!(
            "this database was written by an unreleased openwork (its migrations are {applied:?}, \
             openwork 0.1 left {LEGACY_VERSIONS:?}); load your fixture into a new database"
        )));
    }
    match dialect {
        Dialect::Sqlite => {
            let objects = names(
                conn,
                "SELECT type || ' ' || name FROM sqlite_master \
                 WHERE type IN ('trigger', 'index') AND sql IS NOT NULL",
            )
            .await?;
            for object in objects {
                // "trigger name" or "index name"
                execute(conn, &format!("DROP {object}")).await?;
            }
        }
        Dialect::Postgres => {
            let triggers = names(
                conn,
                "SELECT DISTINCT CAST(trigger_name AS TEXT) || ' ON ' \
                 || CAST(event_object_table AS TEXT) \
                 FROM information_schema.triggers WHERE trigger_schema = current_schema()",
            )
            .await?;
            for trigger in triggers {
                execute(conn, &format!("DROP TRIGGER {trigger}")).await?;
            }
            // Index names are unique per schema, primary keys' included: rename them all.
            let indexes = names(
                conn,
                "SELECT CAST(indexname AS TEXT) FROM pg_indexes \
                 WHERE schemaname = current_schema()",
            )
            .await?;
            for index in indexes {
                execute(
                    conn,
                    &format!("ALTER INDEX {index} RENAME TO legacy_{index}"),
                )
                .await?;
            }
        }
    }
    for table in schemas.iter().flat_map(|s| s.legacy.tables) {
        if !table_exists(conn, dialect, table).await? {
            return Err(StoreError::Backend(format!(
                "this looks like an openwork 0.1 database, but its table {table} is missing"
            )));
        }
        execute(
            conn,
            &format!("ALTER TABLE {table} RENAME TO legacy_{table}"),
        )
        .await?;
    }
    Ok(())
}
