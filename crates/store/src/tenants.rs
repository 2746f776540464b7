//! Tenants as wholes: replacing one from a fixture, deleting, reading its settings and clock.

use async_trait::async_trait;
use openwork_core::clock::{Millis, TenantClock};
use openwork_core::directory::{PerformanceSettings, ReportSettings, Tenant};
use openwork_core::ids::TenantKey;
use openwork_core::store::{StoreResult, TenantStore, WriteProgress};
use openwork_core::world::{TenantSummary, TenantWorld};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

use crate::bulk::{Cell, insert_rows, insert_rows_watched};
use crate::directory::{insert_departments, insert_identities, insert_users};
use crate::performance::{
    SEMESTER_COLUMNS, STAGE_COLUMNS, STAGE_TASK_COLUMNS, insert_review_templates, semester_cells,
    stage_cells, stage_task_cells,
};
use crate::reports::{insert_report_rules, insert_reports};
use crate::rows::{flag, int, maybe_int, maybe_text, text, to_json};
use crate::workspace::insert_workspace_tasks;
use crate::{SqlStore, backend};

/// Every table holding tenant data, keyed by `tenant_key`. Deleting a tenant empties each.
pub(crate) const TENANT_TABLES: &[&str] = &[
    "tenants",
    "apps",
    "departments",
    "users",
    "user_identities",
    "semesters",
    "stages",
    "stage_tasks",
    "review_templates",
    "report_rules",
    "reports",
    "report_recipients",
    "report_view_removals",
    "workspace_tasks",
    "workspace_tasklists",
    "oauth_grants",
    "contact_jobs",
    "contact_job_items",
    "contact_job_results",
];

async fn delete_tenant_rows(conn: &mut AnyConnection, tenant: &TenantKey) -> StoreResult<u64> {
    let mut tenants_deleted = 0;
    for table in TENANT_TABLES {
        let done = sqlx::query(&format!("DELETE FROM {table} WHERE tenant_key = $1"))
            .bind(tenant.as_str())
            .execute(&mut *conn)
            .await
            .map_err(backend)?;
        if *table == "tenants" {
            tenants_deleted = done.rows_affected();
        }
    }
    Ok(tenants_deleted)
}

async fn insert_world(
    conn: &mut AnyConnection,
    world: &TenantWorld,
    progress: &dyn WriteProgress,
) -> StoreResult<()> {
    let key = world.tenant.tenant_key.as_str();
    let tenant = &world.tenant;
    insert_rows(
        conn,
        "tenants",
        &[
            "tenant_key",
            "name",
            "dingtalk_corp_id",
            "clock_fixed_ms",
            "clock_offset_ms",
            "perf_licensed",
            "perf_allow_late",
            "report_enabled",
        ],
        std::slice::from_ref(tenant),
        |_, tenant| {
            vec![
                key.into(),
                tenant.name.as_str().into(),
                tenant.dingtalk_corp_id.clone().into(),
                tenant.clock.fixed.map(|at| at.0).into(),
                tenant.clock.offset_ms.into(),
                tenant.performance.licensed.into(),
                tenant.performance.allow_late_submission.into(),
                tenant.report.enabled.into(),
            ]
        },
    )
    .await?;
    insert_rows(
        conn,
        "apps",
        &[
            "app_id",
            "tenant_key",
            "app_secret",
            "name",
            "developer",
            "scopes",
            "dingtalk_app_key",
            "dingtalk",
            "position",
        ],
        &world.apps,
        |i, app| {
            vec![
                app.app_id.as_str().into(),
                key.into(),
                app.app_secret.as_str().into(),
                app.name.as_str().into(),
                app.developer.as_str().into(),
                to_json(&app.scopes).into(),
                app.dingtalk.as_ref().map(|d| d.app_key.clone()).into(),
                app.dingtalk.as_ref().map(to_json).into(),
                Cell::Int(i as i64),
            ]
        },
    )
    .await?;
    insert_departments(conn, &world.tenant.tenant_key, &world.departments, Some(0)).await?;
    insert_users(
        conn,
        &world.tenant.tenant_key,
        &world.users,
        Some(0),
        progress,
    )
    .await?;
    insert_identities(conn, &world.tenant.tenant_key, &world.identities, progress).await?;
    insert_rows(
        conn,
        "semesters",
        SEMESTER_COLUMNS,
        &world.semesters,
        |_, s| semester_cells(key, s),
    )
    .await?;
    insert_rows(conn, "stages", STAGE_COLUMNS, &world.stages, |_, s| {
        stage_cells(key, s)
    })
    .await?;
    insert_rows_watched(
        conn,
        "stage_tasks",
        STAGE_TASK_COLUMNS,
        &world.stage_tasks,
        progress,
        |_, t| stage_task_cells(key, t),
    )
    .await?;
    insert_review_templates(conn, key, &world.review_templates).await?;
    insert_report_rules(conn, key, &world.report_rules).await?;
    insert_reports(conn, key, &world.reports, progress).await?;
    insert_workspace_tasks(conn, key, &world.workspace_tasks, progress).await?;
    Ok(())
}

fn tenant_from_row(row: &AnyRow) -> StoreResult<Tenant> {
    Ok(Tenant {
        tenant_key: TenantKey::new(text(row, "tenant_key")?),
        name: text(row, "name")?,
        dingtalk_corp_id: maybe_text(row, "dingtalk_corp_id")?,
        clock: TenantClock {
            fixed: maybe_int(row, "clock_fixed_ms")?.map(Millis),
            offset_ms: int(row, "clock_offset_ms")?,
        },
        performance: PerformanceSettings {
            licensed: flag(row, "perf_licensed")?,
            allow_late_submission: flag(row, "perf_allow_late")?,
        },
        report: ReportSettings {
            enabled: flag(row, "report_enabled")?,
        },
    })
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
            delete_tenant_rows(&mut write.tx, &world.tenant.tenant_key).await?;
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
        let deleted = delete_tenant_rows(&mut write.tx, tenant).await?;
        write.commit().await?;
        Ok(deleted > 0)
    }

    async fn delete_all_tenants(&self) -> StoreResult<u64> {
        let mut write = self.begin_write().await?;
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tenants")
            .fetch_one(&mut *write.tx)
            .await
            .map_err(backend)?;
        sqlx::query("DELETE FROM app_token_issues")
            .execute(&mut *write.tx)
            .await
            .map_err(backend)?;
        for table in TENANT_TABLES {
            sqlx::query(&format!("DELETE FROM {table}"))
                .execute(&mut *write.tx)
                .await
                .map_err(backend)?;
        }
        write.commit().await?;
        Ok(count as u64)
    }

    async fn tenant(&self, tenant: &TenantKey) -> StoreResult<Option<Tenant>> {
        sqlx::query("SELECT * FROM tenants WHERE tenant_key = $1")
            .bind(tenant.as_str())
            .fetch_optional(self.pool())
            .await
            .map_err(backend)?
            .as_ref()
            .map(tenant_from_row)
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
