//! Tenants as wholes: writing one's directory, deleting, reading its clock; the platform's
//! schema and the catalog reads.

use async_trait::async_trait;
use futures::FutureExt;
use sqlx::AnyConnection;

use super::directory::{
    Apps, Departments, Identities, Users, adopt_legacy, insert_departments, insert_identities,
    insert_users,
};
use super::{SqlPlatformStore, TenantStore};
use crate::catalog::{CatalogStore, Revisions, Snapshot};
use crate::clock::{Millis, TenantClock};
use crate::db::{
    Cell, Columns, Legacy, Migration, ReadRow, Schema, Table, WriteProgress, backend, insert,
};
use crate::directory::{App, Tenant, TenantDirectory};
use crate::error::{StoreError, StoreResult};
use crate::events::Subscriptions;
use crate::ids::{AppId, TenantKey};
use crate::table;

/// The platform's tables: tenants, apps, the directory, tokens, the request journal, event
/// subscriptions, the event outbox and (PostgreSQL) rate-limit windows.
pub static SCHEMA: Schema = Schema {
    component: "platform",
    migrations: &[
        Migration {
            version: 1,
            name: "platform",
            sqlite: include_str!("../../migrations/sqlite/0001_platform.sql"),
            postgres: include_str!("../../migrations/postgres/0001_platform.sql"),
        },
        Migration {
            version: 2,
            name: "request_journal",
            sqlite: include_str!("../../migrations/sqlite/0002_request_journal.sql"),
            postgres: include_str!("../../migrations/postgres/0002_request_journal.sql"),
        },
        Migration {
            version: 3,
            name: "events",
            sqlite: include_str!("../../migrations/sqlite/0003_events.sql"),
            postgres: include_str!("../../migrations/postgres/0003_events.sql"),
        },
        Migration {
            version: 4,
            name: "rate_windows",
            sqlite: include_str!("../../migrations/sqlite/0004_rate_windows.sql"),
            postgres: include_str!("../../migrations/postgres/0004_rate_windows.sql"),
        },
        Migration {
            version: 5,
            name: "directory_revision",
            sqlite: include_str!("../../migrations/sqlite/0005_directory_revision.sql"),
            postgres: include_str!("../../migrations/postgres/0005_directory_revision.sql"),
        },
        Migration {
            version: 6,
            name: "directory_people",
            sqlite: include_str!("../../migrations/sqlite/0006_directory_people.sql"),
            postgres: include_str!("../../migrations/postgres/0006_directory_people.sql"),
        },
        Migration {
            version: 7,
            name: "identities_by_tenant",
            sqlite: include_str!("../../migrations/sqlite/0007_identities_by_tenant.sql"),
            postgres: include_str!("../../migrations/postgres/0007_identities_by_tenant.sql"),
        },
    ],
    legacy: Legacy {
        tables: &[
            "meta",
            "catalog_revision",
            "tenants",
            "apps",
            "app_token_issues",
            "dingtalk_token_issues",
            "departments",
            "users",
            "user_identities",
            "oauth_grants",
        ],
        adopt: |conn| adopt_legacy(conn).boxed(),
    },
};

/// A tenant's clock: `clock_fixed_ms`, `clock_offset_ms`.
impl Columns for TenantClock {
    fn put(&self, out: &mut Vec<Cell>) {
        self.fixed.put(out);
        self.offset_ms.put(out);
    }
    fn read(row: &ReadRow<'_>, columns: &[&str]) -> StoreResult<Self> {
        Ok(Self {
            fixed: Option::<Millis>::read(row, &columns[..1])?,
            offset_ms: i64::read(row, &columns[1..])?,
        })
    }
}

table! {
    /// Tenants.
    pub(crate) Tenants: Tenant in "tenants",
    scope (),
    {
        tenant_key: ["tenant_key"],
        name: ["name"],
        dingtalk_corp_id: ["dingtalk_corp_id"],
        clock: ["clock_fixed_ms", "clock_offset_ms"],
    }
}

/// Writes a tenant's directory in place of the tenant (the tenant's previous rows, the services'
/// included, go with its old row): the first step of loading a tenant, in the loading
/// transaction.
pub async fn write_tenant(
    conn: &mut AnyConnection,
    directory: &TenantDirectory,
    progress: &dyn WriteProgress,
) -> StoreResult<()> {
    let key = &directory.tenant.tenant_key;
    delete_tenant_row(conn, key).await?;
    insert::<Tenants, _>(
        conn,
        std::slice::from_ref(&directory.tenant),
        progress,
        |t| Tenants::cells((), t),
    )
    .await?;
    let apps: Vec<(&App, i64)> = directory.apps.iter().zip(0..).collect();
    insert::<Apps, _>(conn, &apps, progress, |(app, position)| {
        Apps::cells((position,), app)
    })
    .await?;
    insert_departments(conn, key, &directory.departments, Some(0), progress).await?;
    insert_users(conn, key, &directory.users, Some(0), progress).await?;
    insert_identities(conn, key, &directory.identities, progress).await?;
    insert::<Subscriptions, _>(conn, &directory.subscriptions, progress, |s| {
        Subscriptions::cells((), s)
    })
    .await
}

/// Deletes a tenant; everything it holds goes with it (foreign keys, ON DELETE CASCADE).
async fn delete_tenant_row(conn: &mut AnyConnection, tenant: &TenantKey) -> StoreResult<bool> {
    let done = sqlx::query("DELETE FROM tenants WHERE tenant_key = $1")
        .bind(tenant.as_str())
        .execute(&mut *conn)
        .await
        .map_err(backend)?;
    Ok(done.rows_affected() > 0)
}

#[async_trait]
impl CatalogStore for SqlPlatformStore {
    async fn revisions(&self) -> StoreResult<Revisions> {
        // Every request reads them: a point read.
        self.db
            .point_read_optional(
                "SELECT c.revision, d.revision FROM catalog_revision c, directory_revision d \
                 WHERE c.id = 1 AND d.id = 1",
                &[],
                |row| {
                    Ok(Revisions {
                        catalog: row.get(0)?,
                        directory: row.get(1)?,
                    })
                },
            )
            .await?
            .ok_or_else(|| StoreError::Backend("the revision rows are missing".into()))
    }

    async fn app(&self, _at: &Snapshot, app_id: &AppId) -> StoreResult<Option<App>> {
        sqlx::query("SELECT * FROM apps WHERE app_id = $1")
            .bind(app_id.as_str())
            .fetch_optional(self.db.pool())
            .await
            .map_err(backend)?
            .as_ref()
            .map(Apps::read)
            .transpose()
    }

    async fn tenant(&self, _at: &Snapshot, tenant: &TenantKey) -> StoreResult<Option<Tenant>> {
        sqlx::query("SELECT * FROM tenants WHERE tenant_key = $1")
            .bind(tenant.as_str())
            .fetch_optional(self.db.pool())
            .await
            .map_err(backend)?
            .as_ref()
            .map(Tenants::read)
            .transpose()
    }
}

#[async_trait]
impl TenantStore for SqlPlatformStore {
    /// The token issues of its apps go too (they are keyed by app, not owned by the tenant: a
    /// reload keeps them).
    async fn delete_tenant(&self, tenant: &TenantKey) -> StoreResult<bool> {
        let mut write = self.db.begin_write().await?;
        sqlx::query(
            "DELETE FROM app_token_issues \
             WHERE app_id IN (SELECT app_id FROM apps WHERE tenant_key = $1)",
        )
        .bind(tenant.as_str())
        .execute(&mut *write.tx)
        .await
        .map_err(backend)?;
        let deleted = delete_tenant_row(&mut write.tx, tenant).await?;
        write.commit().await?;
        Ok(deleted)
    }

    async fn delete_all_tenants(&self) -> StoreResult<u64> {
        let mut write = self.db.begin_write().await?;
        sqlx::query("DELETE FROM app_token_issues")
            .execute(&mut *write.tx)
            .await
            .map_err(backend)?;
        let done = sqlx::query("DELETE FROM tenants")
            .execute(&mut *write.tx)
            .await
            .map_err(backend)?;
        write.commit().await?;
        Ok(done.rows_affected())
    }

    async fn has_tenants(&self) -> StoreResult<bool> {
        let mut conn = self.db.pool().acquire().await.map_err(backend)?;
        has_tenants(&mut conn).await
    }

    async fn tenants(&self) -> StoreResult<Vec<Tenant>> {
        sqlx::query("SELECT * FROM tenants ORDER BY tenant_key")
            .fetch_all(self.db.pool())
            .await
            .map_err(backend)?
            .iter()
            .map(Tenants::read)
            .collect()
    }

    async fn set_tenant_clock(&self, tenant: &TenantKey, clock: TenantClock) -> StoreResult<bool> {
        let mut write = self.db.begin_write().await?;
        let done = sqlx::query(
            "UPDATE tenants SET clock_fixed_ms = $1, clock_offset_ms = $2 WHERE tenant_key = $3",
        )
        .bind(clock.fixed.map(|at| at.0))
        .bind(clock.offset_ms)
        .bind(tenant.as_str())
        .execute(&mut *write.tx)
        .await
        .map_err(backend)?;
        write.commit().await?;
        Ok(done.rows_affected() > 0)
    }

    async fn tenant_directory(&self, tenant: &TenantKey) -> StoreResult<Option<TenantDirectory>> {
        let Some(row) = sqlx::query("SELECT * FROM tenants WHERE tenant_key = $1")
            .bind(tenant.as_str())
            .fetch_optional(self.db.pool())
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        // Departments and users added after a load (contact imports) follow in creation
        // order; the key breaks no tie a position leaves, it only makes the order total.
        Ok(Some(TenantDirectory {
            tenant: Tenants::read(&row)?,
            apps: self.db.owned::<Apps>(tenant, "position").await?,
            departments: self
                .db
                .owned::<Departments>(tenant, "position, department_id")
                .await?,
            users: self.db.owned::<Users>(tenant, "position, user_id").await?,
            identities: self
                .db
                .owned::<Identities>(tenant, "user_id, app_id")
                .await?,
            subscriptions: self.db.owned::<Subscriptions>(tenant, "app_id").await?,
        }))
    }
}

/// Whether the database (as `conn` sees it, inside its transaction if any) holds a tenant.
pub async fn has_tenants(conn: &mut AnyConnection) -> StoreResult<bool> {
    let any = sqlx::query("SELECT tenant_key FROM tenants LIMIT 1")
        .fetch_optional(&mut *conn)
        .await
        .map_err(backend)?;
    Ok(any.is_some())
}
