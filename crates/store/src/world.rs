//! Tenants as wholes: writing a world (the platform's directory, then each service's data) in
//! one transaction, and counting what a tenant holds.

use async_trait::async_trait;
use openwork_core::ids::TenantKey;
use openwork_core::store::{StoreResult, WorldStore, WriteProgress};
use openwork_core::world::{TenantSummary, TenantWorld};
use openwork_platform::db::backend;
use openwork_platform::store::write_tenant;
use sqlx::AnyConnection;

use crate::SqlStore;

async fn insert_world(
    conn: &mut AnyConnection,
    world: &TenantWorld,
    progress: &dyn WriteProgress,
) -> StoreResult<()> {
    write_tenant(conn, &world.directory, progress).await?;
    let key = &world.directory.tenant.tenant_key;
    openwork_performance::store::write_section(conn, key, &world.performance, progress).await?;
    openwork_report::store::write_section(conn, key, &world.report, progress).await?;
    openwork_workspace::store::write_section(conn, key, &world.workspace_tasks, progress).await
}

#[async_trait]
impl WorldStore for SqlStore {
    /// Token issues are keyed by app and survive a replacement: an app that kept its secret keeps
    /// handing out its current token, and one whose secret changed fails the fingerprint check.
    async fn replace_tenants(
        &self,
        worlds: &[TenantWorld],
        progress: &dyn WriteProgress,
    ) -> StoreResult<()> {
        let mut write = self.db.begin_write().await?;
        for world in worlds {
            insert_world(&mut write.tx, world, progress).await?;
        }
        write.commit().await
    }

    async fn tenant_summary(&self, tenant: &TenantKey) -> StoreResult<Option<TenantSummary>> {
        let exists = sqlx::query("SELECT tenant_key FROM tenants WHERE tenant_key = $1")
            .bind(tenant.as_str())
            .fetch_optional(self.db.pool())
            .await
            .map_err(backend)?;
        if exists.is_none() {
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
            .fetch_one(self.db.pool())
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
}
