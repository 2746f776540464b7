//! The inverse of [`fixture::build`](crate::fixture::build) (docs/fixtures.md, "Exporting a
//! world"): a tenant's stored workspace tasks written back as its `workspace_tasks`, every ID
//! pinned and every default the loader fills in (the modifier, the creation and change times)
//! written out. `biz_tag` and `belong_corp_id` have no key: the loader derives them from the
//! source and the tenant, as the API does.

use openwork_platform::fixture::export::{id_text, id_texts};
use openwork_platform::fixture::{IdText, Instant};
use openwork_platform::ids::UserId;

use crate::WorkspaceService;
use crate::fixture::{WorkspaceExtensionDoc, WorkspaceTaskDoc};
use crate::model::WorkspaceTask;

impl WorkspaceService {
    /// The tenant's workspace tasks as fixture keys, by `task_id` (the tenant is known to
    /// exist).
    pub async fn export(
        &self,
        tenant: &openwork_platform::ids::TenantKey,
    ) -> openwork_platform::Result<Vec<WorkspaceTaskDoc>> {
        let every = i64::MAX as usize;
        let tasks = self.store.tasks_page(tenant, None, every).await?;
        Ok(task_docs(&tasks))
    }
}

pub fn task_docs(tasks: &[WorkspaceTask]) -> Vec<WorkspaceTaskDoc> {
    tasks.iter().map(task_doc).collect()
}

fn task_doc(task: &WorkspaceTask) -> WorkspaceTaskDoc {
    let user = |id: &Option<UserId>| id_text(id.as_ref().map(|u| u.as_str()));
    let extension = &task.extension;
    let has_extension = extension.comment_count.is_some()
        || extension.file_path.is_some()
        || extension.other.is_some();
    WorkspaceTaskDoc {
        task_id: Some(IdText(task.task_id.to_string())),
        source: Some(task.source.clone()),
        source_id: IdText(task.source_id.clone()),
        subject: task.subject.clone(),
        description: task.description.clone(),
        creator_userid: user(&task.creator_userid),
        modifier_userid: user(&task.modifier_userid),
        executor_userid: user(&task.executor_userid),
        tracker_userids: id_texts(&task.tracker_userids),
        priority: task.priority,
        status_stage: task.status_stage,
        status_id: task.status_id,
        task_type_id: task.task_type_id,
        task_type_category: task.task_type_category.clone(),
        parent_id: id_text(task.parent_id.as_deref()),
        corp_id: task.corp_id.clone(),
        is_archived: task.is_archived,
        is_recycled: task.is_recycled,
        plan_start_date: task.plan_start_date.map(Instant),
        plan_finish_date: task.plan_finish_date.map(Instant),
        start_date: task.start_date.map(Instant),
        finish_date: task.finish_date.map(Instant),
        gmt_create: Some(Instant(task.gmt_create)),
        gmt_modified: Some(Instant(task.gmt_modified)),
        extension: has_extension.then(|| WorkspaceExtensionDoc {
            comment_count: id_text(extension.comment_count.as_deref()),
            file_path: extension.file_path.clone(),
            other: extension.other.clone(),
        }),
    }
}
