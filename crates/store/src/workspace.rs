//! DingTalk workspace tasks and task-list visibility.

use async_trait::async_trait;
use openwork_core::clock::Millis;
use openwork_core::ids::{TenantKey, UserId, WorkspaceTaskId};
use openwork_core::store::{StoreResult, Unwatched, WorkspaceStore, WriteProgress};
use openwork_core::workspace::{TasklistVisibility, WorkspaceTask};
use sqlx::AnyConnection;

use crate::bulk::insert_rows_watched;
use crate::rows::{flag, int, json, text, to_json};
use crate::{SqlStore, backend};

/// Inserts tasks; each is kept whole as JSON, with the columns its lookups use beside it.
pub(crate) async fn insert_workspace_tasks(
    conn: &mut AnyConnection,
    tenant: &str,
    tasks: &[WorkspaceTask],
    progress: &dyn WriteProgress,
) -> StoreResult<()> {
    insert_rows_watched(
        conn,
        "workspace_tasks",
        &[
            "tenant_key",
            "task_id",
            "source",
            "source_id",
            "corp_id",
            "body",
            "gmt_create_ms",
            "gmt_modified_ms",
        ],
        tasks,
        progress,
        |_, t| {
            vec![
                tenant.into(),
                t.task_id.as_str().into(),
                t.source.as_str().into(),
                t.source_id.as_str().into(),
                t.corp_id.clone().into(),
                to_json(t).into(),
                t.gmt_create.0.into(),
                t.gmt_modified.0.into(),
            ]
        },
    )
    .await
}

impl SqlStore {
    async fn task_where(
        &self,
        condition: &str,
        binds: &[&str],
    ) -> StoreResult<Option<WorkspaceTask>> {
        let sql = format!("SELECT body FROM workspace_tasks WHERE {condition}");
        let mut query = sqlx::query(&sql);
        for value in binds {
            query = query.bind(*value);
        }
        query
            .fetch_optional(self.pool())
            .await
            .map_err(backend)?
            .as_ref()
            .map(|row| json(row, "body"))
            .transpose()
    }
}

#[async_trait]
impl WorkspaceStore for SqlStore {
    async fn workspace_task(
        &self,
        tenant: &TenantKey,
        id: &WorkspaceTaskId,
    ) -> StoreResult<Option<WorkspaceTask>> {
        self.task_where(
            "tenant_key = $1 AND task_id = $2",
            &[tenant.as_str(), id.as_str()],
        )
        .await
    }

    async fn workspace_task_by_source(
        &self,
        tenant: &TenantKey,
        source: &str,
        source_id: &str,
    ) -> StoreResult<Option<WorkspaceTask>> {
        self.task_where(
            "tenant_key = $1 AND source = $2 AND source_id = $3",
            &[tenant.as_str(), source, source_id],
        )
        .await
    }

    async fn insert_workspace_task(
        &self,
        tenant: &TenantKey,
        task: &WorkspaceTask,
    ) -> StoreResult<()> {
        let mut write = self.begin_write().await?;
        insert_workspace_tasks(
            &mut write.tx,
            tenant.as_str(),
            std::slice::from_ref(task),
            &Unwatched,
        )
        .await?;
        write.commit().await
    }

    async fn replace_workspace_task(
        &self,
        tenant: &TenantKey,
        task: &WorkspaceTask,
    ) -> StoreResult<()> {
        let mut write = self.begin_write().await?;
        sqlx::query("DELETE FROM workspace_tasks WHERE tenant_key = $1 AND task_id = $2")
            .bind(tenant.as_str())
            .bind(task.task_id.as_str())
            .execute(&mut *write.tx)
            .await
            .map_err(backend)?;
        insert_workspace_tasks(
            &mut write.tx,
            tenant.as_str(),
            std::slice::from_ref(task),
            &Unwatched,
        )
        .await?;
        write.commit().await
    }

    async fn delete_workspace_task(
        &self,
        tenant: &TenantKey,
        id: &WorkspaceTaskId,
    ) -> StoreResult<bool> {
        let mut write = self.begin_write().await?;
        let done =
            sqlx::query("DELETE FROM workspace_tasks WHERE tenant_key = $1 AND task_id = $2")
                .bind(tenant.as_str())
                .bind(id.as_str())
                .execute(&mut *write.tx)
                .await
                .map_err(backend)?;
        write.commit().await?;
        Ok(done.rows_affected() > 0)
    }

    async fn delete_workspace_tasks_of_project(
        &self,
        tenant: &TenantKey,
        project: &str,
    ) -> StoreResult<u64> {
        let mut write = self.begin_write().await?;
        let done =
            sqlx::query("DELETE FROM workspace_tasks WHERE tenant_key = $1 AND corp_id = $2")
                .bind(tenant.as_str())
                .bind(project)
                .execute(&mut *write.tx)
                .await
                .map_err(backend)?;
        write.commit().await?;
        Ok(done.rows_affected())
    }

    async fn set_tasklist_visibility(
        &self,
        tenant: &TenantKey,
        user: &UserId,
        project: Option<&str>,
        hidden: bool,
        at: Millis,
    ) -> StoreResult<()> {
        let mut write = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO workspace_tasklists (tenant_key, user_id, project_id, hidden, changed_at_ms) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tenant_key, user_id, project_id) \
             DO UPDATE SET hidden = excluded.hidden, changed_at_ms = excluded.changed_at_ms",
        )
        .bind(tenant.as_str())
        .bind(user.as_str())
        // '' stands for the whole organisation.
        .bind(project.unwrap_or(""))
        .bind(i64::from(hidden))
        .bind(at.0)
        .execute(&mut *write.tx)
        .await
        .map_err(backend)?;
        write.commit().await
    }

    async fn tasklist_visibility(
        &self,
        tenant: &TenantKey,
        user: &UserId,
    ) -> StoreResult<Vec<TasklistVisibility>> {
        sqlx::query(
            "SELECT project_id, hidden, changed_at_ms FROM workspace_tasklists \
             WHERE tenant_key = $1 AND user_id = $2 ORDER BY project_id",
        )
        .bind(tenant.as_str())
        .bind(user.as_str())
        .fetch_all(self.pool())
        .await
        .map_err(backend)?
        .iter()
        .map(|row| {
            let project = text(row, "project_id")?;
            Ok(TasklistVisibility {
                project_id: (!project.is_empty()).then_some(project),
                hidden: flag(row, "hidden")?,
                changed_at: Millis(int(row, "changed_at_ms")?),
            })
        })
        .collect()
    }
}
