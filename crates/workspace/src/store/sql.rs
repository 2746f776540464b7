//! The workspace tables in SQL both dialects share: tasks (one row each, the extension in
//! columns) and task-list visibility (one row per user and project, `''` for the whole
//! organisation).

use async_trait::async_trait;
use openwork_platform::StoreResult;
use openwork_platform::clock::Millis;
use openwork_platform::db::{
    AnyConnection, Db, Param, Table, Unwatched, WriteProgress, backend, column, delete_owned,
    insert,
};
use openwork_platform::ids::{TenantKey, UserId};
use openwork_platform::table;

use super::WorkspaceStore;
use crate::model::{TasklistVisibility, WorkspaceTask, WorkspaceTaskId};

/// The workspace store over a database's workspace tables.
#[derive(Clone)]
pub struct SqlWorkspaceStore {
    db: Db,
}

impl SqlWorkspaceStore {
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

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

/// Writes a tenant's tasks as a fixture declares them (in the transaction that writes the
/// tenant).
pub async fn write_section(
    conn: &mut AnyConnection,
    tenant: &TenantKey,
    tasks: &[WorkspaceTask],
    progress: &dyn WriteProgress,
) -> StoreResult<()> {
    insert::<Tasks, _>(conn, tasks, progress, |t| Tasks::cells((tenant,), t)).await
}

impl SqlWorkspaceStore {
    async fn task_where(
        &self,
        condition: &str,
        binds: &[&str],
    ) -> StoreResult<Option<WorkspaceTask>> {
        // One task by a unique key (getbysourceid, every update): a point read.
        let sql = format!("SELECT * FROM workspace_tasks WHERE {condition}");
        let params: Vec<Param> = binds.iter().map(|value| Param::Text(value)).collect();
        self.db
            .point_read_optional(&sql, &params, Tasks::read_row)
            .await
    }
}

#[async_trait]
impl WorkspaceStore for SqlWorkspaceStore {
    async fn task(
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

    async fn task_by_source(
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

    async fn insert_task(&self, tenant: &TenantKey, task: &WorkspaceTask) -> StoreResult<()> {
        let mut write = self.db.begin_write().await?;
        write_section(
            &mut write.tx,
            tenant,
            std::slice::from_ref(task),
            &Unwatched,
        )
        .await?;
        write.commit().await
    }

    async fn replace_task(&self, tenant: &TenantKey, task: &WorkspaceTask) -> StoreResult<()> {
        let mut write = self.db.begin_write().await?;
        let key = [("task_id", task.task_id.as_str())];
        delete_owned::<Tasks>(&mut write.tx, tenant, &key).await?;
        write_section(
            &mut write.tx,
            tenant,
            std::slice::from_ref(task),
            &Unwatched,
        )
        .await?;
        write.commit().await
    }

    async fn delete_task(&self, tenant: &TenantKey, id: &WorkspaceTaskId) -> StoreResult<bool> {
        let key = [("task_id", id.as_str())];
        Ok(self.db.delete_owned::<Tasks>(tenant, &key).await? > 0)
    }

    async fn delete_project_tasks(&self, tenant: &TenantKey, project: &str) -> StoreResult<u64> {
        // The project is the tasks' corp_id.
        self.db
            .delete_owned::<Tasks>(tenant, &[("corp_id", project)])
            .await
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

    async fn count_tasks(&self, tenant: &TenantKey) -> StoreResult<usize> {
        self.db.count_owned::<Tasks>(tenant).await
    }

    async fn tasks_page(
        &self,
        tenant: &TenantKey,
        after: Option<&WorkspaceTaskId>,
        limit: usize,
    ) -> StoreResult<Vec<WorkspaceTask>> {
        let after = after.map(WorkspaceTaskId::as_str);
        self.db
            .keyset_page::<Tasks>(tenant, "task_id", &[], None, after, limit)
            .await
    }
}
