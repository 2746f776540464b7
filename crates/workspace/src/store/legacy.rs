//! The workspace data of a database written by openwork 0.1 (see
//! `openwork_platform::db::migrate`).

use openwork_platform::clock::Millis;
use openwork_platform::db::{AnyConnection, Unwatched, backend, column};
use openwork_platform::ids::{TenantKey, UserId};
use openwork_platform::{StoreError, StoreResult};
use serde::Deserialize;

use super::sql::write_section;
use crate::model::{TaskExtension, WorkspaceTask, WorkspaceTaskId};

/// Carries the workspace rows of an openwork 0.1 database over (see `migrate`). 0.1 kept each
/// task whole, as JSON.
pub(super) async fn adopt_legacy(conn: &mut AnyConnection) -> StoreResult<()> {
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
        let task: LegacyTask = serde_json::from_str(&column::<String>(&row, "body")?)
            .map_err(|err| StoreError::Backend(format!("a 0.1 workspace task: {err}")))?;
        write_section(conn, &tenant, &[task.into()], &Unwatched).await?;
    }
    Ok(())
}

/// The JSON shape openwork 0.1 stored workspace tasks in.
#[derive(Deserialize)]
struct LegacyTask {
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
    extension: LegacyExtension,
}

#[derive(Deserialize)]
struct LegacyExtension {
    comment_count: Option<String>,
    file_path: Option<String>,
    other: Option<String>,
}

impl From<LegacyTask> for WorkspaceTask {
    fn from(t: LegacyTask) -> Self {
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
