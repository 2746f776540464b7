//! Tenants as wholes: replacing one from a fixture, deleting, reading its clock; the platform's
//! schema.

use async_trait::async_trait;
use futures::FutureExt;
use openwork_core::clock::{Millis, TenantClock};
use openwork_core::directory::Tenant;
use openwork_core::ids::TenantKey;
use openwork_core::store::{StoreResult, TenantStore, WriteProgress};
use openwork_core::world::{TenantSummary, TenantWorld};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

use crate::bulk::{Cell, insert};
use crate::directory::{Apps, insert_departments, insert_identities, insert_users};
use crate::migrate::{Legacy, Migration, Schema};
use crate::{Columns, SqlStore, Table, backend, table};

/// The platform's tables: tenants, apps, the directory, tokens.
pub(crate) static SCHEMA: Schema = Schema {
    component: "platform",
    migrations: &[Migration {
        version: 1,
        name: "platform",
        sqlite: include_str!("../migrations/platform/sqlite/0001_platform.sql"),
        postgres: include_str!("../migrations/platform/postgres/0001_platform.sql"),
    }],
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
        adopt: |conn| crate::directory::adopt_legacy(conn).boxed(),
    },
};

/// A tenant's clock: `clock_fixed_ms`, `clock_offset_ms`.
impl Columns for TenantClock {
    fn put(&self, out: &mut Vec<Cell>) {
        self.fixed.put(out);
        self.offset_ms.put(out);
    }
    fn read(row: &AnyRow, columns: &[&str]) -> StoreResult<Self> {
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

async fn insert_world(
    conn: &mut AnyConnection,
    world: &TenantWorld,
    progress: &dyn WriteProgress,
) -> StoreResult<()> {
    let key = &world.tenant.tenant_key;
    insert::<Tenants, _>(conn, std::slice::from_ref(&world.tenant), progress, |t| {
        Tenants::cells((), t)
    })
    .await?;
    let positions: Vec<i64> = (0..world.apps.len() as i64).collect();
    let apps: Vec<_> = world.apps.iter().zip(&positions).collect();
    insert::<Apps, _>(conn, &apps, progress, |(app, position)| {
        Apps::cells((*position,), app)
    })
    .await?;
    insert_departments(conn, key, &world.departments, Some(0), progress).await?;
    insert_users(conn, key, &world.users, Some(0), progress).await?;
    insert_identities(conn, key, &world.identities, progress).await?;
    crate::performance::insert_world(conn, world, progress).await?;
    crate::reports::insert_world(conn, world, progress).await?;
    crate::workspace::insert_workspace_tasks(conn, key, &world.workspace_tasks, progress).await?;
    Ok(())
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
impl TenantStore for SqlStore {
    /// Token issues are keyed by app and survive a replacement: an app that kept its secret keeps
    /// handing out its current token, and one whose secret changed fails the fingerprint check.
    async fn replace_tenants(
        &self,
        worlds: &[TenantWorld],
        progress: &dyn WriteProgress,
    ) -> StoreResult<()> {
        let mut write = self.begin_write().await?;
        for world in worlds {
            delete_tenant_row(&mut write.tx, &world.tenant.tenant_key).await?;
            insert_world(&mut write.tx, world, progress).await?;
        }
        write.commit().await
    }

    async fn delete_tenant(&self, tenant: &TenantKey) -> StoreResult<bool> {
        let mut write = self.begin_write().await?;
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
        let mut write = self.begin_write().await?;
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

    async fn tenant(&self, tenant: &TenantKey) -> StoreResult<Option<Tenant>> {
        sqlx::query("SELECT * FROM tenants WHERE tenant_key = $1")
            .bind(tenant.as_str())
            .fetch_optional(self.pool())
            .await
            .map_err(backend)?
            .as_ref()
            .map(Tenants::read)
            .transpose()
    }

    async fn has_tenants(&self) -> StoreResult<bool> {
        let any = sqlx::query("SELECT tenant_key FROM tenants LIMIT 1")
            .fetch_optional(self.pool())
            .await
            .map_err(backend)?;
        Ok(any.is_some())
    }

    async fn tenant_summary(&self, tenant: &TenantKey) -> StoreResult<Option<TenantSummary>> {
        if self.tenant(tenant).await?.is_none() {
            return Ok(None);
        }
        let mut counts = Vec::new();
        for table in [
            "apps",
            "departments",
            "users",
            "semesters",
            "stages",
            "stage_tasks",
            "review_templates",
            "report_rules",
            "reports",
            "workspace_tasks",
        ] {
            let count: i64 = sqlx::query_scalar(&format!(
                "SELECT COUNT(*) FROM {table} WHERE tenant_key = $1"
            ))
            .bind(tenant.as_str())
            .fetch_one(self.pool())
            .await
            .map_err(backend)?;
            counts.push(count as usize);
        }
        Ok(Some(TenantSummary {
            tenant_key: tenant.to_string(),
            apps: counts[0],
            departments: counts[1],
            users: counts[2],
            semesters: counts[3],
            stages: counts[4],
            stage_tasks: counts[5],
            review_templates: counts[6],
            report_rules: counts[7],
            reports: counts[8],
            workspace_tasks: counts[9],
        }))
    }

    async fn set_tenant_clock(&self, tenant: &TenantKey, clock: TenantClock) -> StoreResult<bool> {
        let mut write = self.begin_write().await?;
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
}
