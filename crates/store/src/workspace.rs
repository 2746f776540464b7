//! DingTalk workspace tasks and task-list visibility; the workspace service's schema.

use async_trait::async_trait;
use futures::FutureExt;
use openwork_core::clock::Millis;
use openwork_core::ids::{TenantKey, UserId, WorkspaceTaskId};
use openwork_core::store::{StoreError, StoreResult, Unwatched, WorkspaceStore, WriteProgress};
use openwork_core::workspace::{TasklistVisibility, WorkspaceTask};
use openwork_platform::db::{
    AnyConnection, Legacy, Migration, Schema, Table, backend, column, insert,
};
use openwork_platform::table;

use crate::SqlStore;

/// The workspace service's tables.
pub static SCHEMA: Schema = Schema {
    component: "workspace",
    migrations: &[Migration {
        version: 1,
        name: "workspace",
        sqlite: include_str!("../migrations/workspace/sqlite/0001_workspace.sql"),
        postgres: include_str!("../migrations/workspace/postgres/0001_workspace.sql"),
    }],
    legacy: Legacy {
        tables: &["workspace_tasks", "workspace_tasklists"],
        adopt: |conn| adopt_legacy(conn).boxed(),
    },
};

table! {
    /// Workspace tasks.
    pub(crate) Tasks: WorkspaceTask in "workspace_tasks",
    scope (tenant_key: TenantKey),
    {
        task_id: ["task_id"],
        source: ["source"],
        source_id: ["source_id"],
        subject: ["subject"],
        description: ["description"],
        creator_userid: ["creator_userid"],
        modifier_userid: ["modifier_userid"],
        executor_userid: ["executor_userid"],
        tracker_userids: ["tracker_userids"],
        priority: ["priority"],
        status_stage: ["status_stage"],
        status_id: ["status_id"],
        task_type_id: ["task_type_id"],
        task_type_category: ["task_type_category"],
        parent_id: ["parent_id"],
        corp_id: ["corp_id"],
        belong_corp_id: ["belong_corp_id"],
        biz_tag: ["biz_tag"],
        is_archived: ["is_archived"],
        is_recycled: ["is_recycled"],
        plan_start_date: ["plan_start_ms"],
        plan_finish_date: ["plan_finish_ms"],
        start_date: ["start_ms"],
        finish_date: ["finish_ms"],
        gmt_create: ["gmt_create_ms"],
        gmt_modified: ["gmt_modified_ms"],
        extension: ["comment_count", "file_path", "other"],
    }
}

/// Inserts tasks.
pub(crate) async fn insert_workspace_tasks(
    conn: &mut AnyConnection,
    tenant: &TenantKey,
    tasks: &[WorkspaceTask],
    progress: &dyn WriteProgress,
) -> StoreResult<()> {
    insert::<Tasks, _>(conn, tasks, progress, |t| Tasks::cells((tenant,), t)).await
}

impl SqlStore {
    async fn task_where(
        &self,
        condition: &str,
        binds: &[&str],
    ) -> StoreResult<Option<WorkspaceTask>> {
        let sql = format!("SELECT * FROM workspace_tasks WHERE {condition}");
        let mut query = sqlx::query(&sql);
        for value in binds {
            query = query.bind(*value);
        }
        query
            .fetch_optional(self.db.pool())
            .await
            .map_err(backend)?
            .as_ref()
            .map(Tasks::read)
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
        let mut write = self.db.begin_write().await?;
        insert_workspace_tasks(
            &mut write.tx,
            tenant,
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
        let mut write = self.db.begin_write().await?;
        sqlx::query("DELETE FROM workspace_tasks WHERE tenant_key = $1 AND task_id = $2")
            .bind(tenant.as_str())
            .bind(task.task_id.as_str())
            .execute(&mut *write.tx)
            .await
            .map_err(backend)?;
        insert_workspace_tasks(
            &mut write.tx,
            tenant,
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
        let mut write = self.db.begin_write().await?;
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
        let mut write = self.db.begin_write().await?;
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
        let mut write = self.db.begin_write().await?;
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
        .fetch_all(self.db.pool())
        .await
        .map_err(backend)?
        .iter()
        .map(|row| {
            let project: String = column(row, "project_id")?;
            Ok(TasklistVisibility {
                project_id: (!project.is_empty()).then_some(project),
                hidden: column(row, "hidden")?,
                changed_at: column(row, "changed_at_ms")?,
            })
        })
        .collect()
    }
}

/// Carries the workspace rows of an openwork 0.1 database over (see `migrate`). 0.1 kept each
/// task whole, as JSON.
async fn adopt_legacy(conn: &mut AnyConnection) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO workspace_tasklists (tenant_key, user_id, project_id, hidden, changed_at_ms) \
         SELECT tenant_key, user_id, project_id, hidden, changed_at_ms FROM legacy_workspace_tasklists",
    )
    .execute(&mut *conn)
    .await
    .map_err(backend)?;
    let rows = sqlx::query("SELECT tenant_key, body FROM legacy_workspace_tasks")
        .fetch_all(&mut *conn)
        .await
        .map_err(backend)?;
    for row in rows {
        let tenant: TenantKey = column(&row, "tenant_key")?;
        let task: legacy::Task = serde_json::from_str(&column::<String>(&row, "body")?)
            .map_err(|err| StoreError::Backend(format!("a 0.1 workspace task: {err}")))?;
        insert_workspace_tasks(conn, &tenant, &[task.into()], &Unwatched).await?;
    }
    Ok(())
}

/// The JSON shape openwork 0.1 stored workspace tasks in.
mod legacy {
    use openwork_core::clock::Millis;
    use openwork_core::ids::{UserId, WorkspaceTaskId};
    use openwork_core::workspace::{TaskExtension, WorkspaceTask};
    use serde::Deserialize;

    #[derive(Deserialize)]
    pub(super) struct Task {
        task_id: String,
        source: String,
        source_id: String,
        subject: String,
        description: Option<String>,
        creator_userid: Option<String>,
        modifier_userid: Option<String>,
        executor_userid: Option<String>,
        tracker_userids: Vec<String>,
        priority: Option<i64>,
        status_stage: Option<i64>,
        status_id: Option<i64>,
        task_type_id: Option<i64>,
        task_type_category: Option<String>,
        parent_id: Option<String>,
        corp_id: Option<String>,
        belong_corp_id: Option<String>,
        biz_tag: String,
        is_archived: bool,
        is_recycled: bool,
        plan_start_date: Option<i64>,
        plan_finish_date: Option<i64>,
        start_date: Option<i64>,
        finish_date: Option<i64>,
        gmt_create: i64,
        gmt_modified: i64,
        extension: Extension,
    }

    #[derive(Deserialize)]
    struct Extension {
        comment_count: Option<String>,
        file_path: Option<String>,
        other: Option<String>,
    }

    impl From<Task> for WorkspaceTask {
        fn from(t: Task) -> Self {
            Self {
                task_id: WorkspaceTaskId::new(t.task_id),
                source: t.source,
                source_id: t.source_id,
                subject: t.subject,
                description: t.description,
                creator_userid: t.creator_userid.map(UserId::new),
                modifier_userid: t.modifier_userid.map(UserId::new),
                executor_userid: t.executor_userid.map(UserId::new),
                tracker_userids: t.tracker_userids.into_iter().map(UserId::new).collect(),
                priority: t.priority,
                status_stage: t.status_stage,
                status_id: t.status_id,
                task_type_id: t.task_type_id,
                task_type_category: t.task_type_category,
                parent_id: t.parent_id,
                corp_id: t.corp_id,
                belong_corp_id: t.belong_corp_id,
                biz_tag: t.biz_tag,
                is_archived: t.is_archived,
                is_recycled: t.is_recycled,
                plan_start_date: t.plan_start_date.map(Millis),
                plan_finish_date: t.plan_finish_date.map(Millis),
                start_date: t.start_date.map(Millis),
                finish_date: t.finish_date.map(Millis),
                gmt_create: Millis(t.gmt_create),
                gmt_modified: Millis(t.gmt_modified),
                extension: TaskExtension {
                    comment_count: t.extension.comment_count,
                    file_path: t.extension.file_path,
                    other: t.extension.other,
                },
            }
        }
    }
}
