//! DingTalk workspace tasks (`dingtalk.oapi.workspace.task.*` and `tasklist.*`): the rules of
//! create, update, lookups, deletes and task-list visibility (docs/semantics.md, "DingTalk
//! workspace tasks"). Every user a call names must be one of the tenant's; a write whose tenant
//! vanished after the token check answers the platform's `TenantGone`.

use std::collections::BTreeSet;
use std::sync::Arc;

use openwork_platform::access::Access;
use openwork_platform::db::Db;
use openwork_platform::error::GatewayError;
use openwork_platform::ids::{TenantKey, UserId, derive_numeric_id, random_hex32};
use openwork_platform::paging::{Page, PageRequest};
use openwork_platform::{Platform, StoreError};

use crate::command::*;
use crate::error::{Error, Result};
use crate::model::*;
use crate::store::{SqlWorkspaceStore, WorkspaceStore};

/// The workspace service: tasks and task lists over the platform's directory.
#[derive(Clone)]
pub struct WorkspaceService {
    platform: Platform,
    pub(crate) store: Arc<dyn WorkspaceStore>,
}

/// A write's storage failure: a taken `(source, source_id)` is the vendor's "task exists", a
/// tenant deleted since the token check the platform's `TenantGone`.
fn failed_write(access: &Access, err: StoreError) -> Error {
    match err {
        StoreError::Conflict(_) => Error::TaskExists,
        other => access.failed_write(other).into(),
    }
}

impl WorkspaceService {
    /// The service over the platform and the workspace tables of `db`.
    pub fn new(platform: Platform, db: Db) -> Self {
        Self {
            platform,
            store: Arc::new(SqlWorkspaceStore::new(db)),
        }
    }

    /// Every named user must be one of the tenant's (the name is the argument the error names).
    async fn check_users<'a>(
        &self,
        access: &Access,
        named: impl IntoIterator<Item = (&'static str, &'a UserId)>,
    ) -> Result<()> {
        let named: Vec<(&str, &UserId)> = named.into_iter().collect();
        let ids: Vec<UserId> = named.iter().map(|(_, id)| (*id).clone()).collect();
        let known: BTreeSet<UserId> = self
            .platform
            .existing_users(access.tenant_key(), &ids)
            .await?;
        match named.into_iter().find(|(_, id)| !known.contains(*id)) {
            Some((argument, id)) => Err(GatewayError::invalid(
                argument,
                format!("{:?} is not a user of this organisation", id.0),
            )
            .into()),
            None => Ok(()),
        }
    }

    /// `workspace.task.create`. The source defaults to openwork's own; a task without
    /// `source_id` gets its `task_id` as one.
    pub async fn create(&self, access: &Access, command: CreateTask) -> Result<WorkspaceTask> {
        let CreateTask { operator, draft } = command;
        let tenant = access.tenant();
        let creator = draft
            .creator_userid
            .clone()
            .unwrap_or_else(|| operator.clone());
        self.check_users(
            access,
            [("operator_userid", &operator), ("creator_userid", &creator)]
                .into_iter()
                .chain(draft.modifier_userid.iter().map(|u| ("modifier_userid", u)))
                .chain(draft.executor_userid.iter().map(|u| ("executor_userid", u)))
                .chain(draft.tracker_userids.iter().map(|u| ("tracker_userids", u))),
        )
        .await?;
        let now = self.platform.tenant_now(tenant);
        let task_id = derive_numeric_id(&tenant.tenant_key, "workspace_task", &random_hex32());
        let source = draft
            .source
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| DEFAULT_SOURCE.to_owned());
        let gmt_create = draft.gmt_create.unwrap_or(now);
        let task = WorkspaceTask {
            source_id: draft
                .source_id
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| task_id.clone()),
            task_id: WorkspaceTaskId::new(task_id),
            biz_tag: source.clone(),
            source,
            subject: draft.subject.unwrap_or_default(),
            description: draft.description,
            creator_userid: Some(creator),
            modifier_userid: Some(draft.modifier_userid.unwrap_or(operator)),
            executor_userid: draft.executor_userid,
            tracker_userids: draft.tracker_userids,
            priority: draft.priority,
            status_stage: draft.status_stage,
            status_id: draft.status_id,
            task_type_id: draft.task_type_id,
            task_type_category: draft.task_type_category,
            parent_id: draft.parent_id,
            corp_id: draft.corp_id,
            belong_corp_id: tenant.dingtalk_corp_id.clone(),
            is_archived: draft.is_archived.unwrap_or(false),
            is_recycled: draft.is_recycled.unwrap_or(false),
            plan_start_date: draft.plan_start_date,
            plan_finish_date: draft.plan_finish_date,
            start_date: draft.start_date,
            finish_date: draft.finish_date,
            gmt_create,
            gmt_modified: draft.gmt_modified.unwrap_or(gmt_create.max(now)),
            extension: draft.extension,
        };
        self.store
            .insert_task(&tenant.tenant_key, &task)
            .await
            .map_err(|err| failed_write(access, err))?;
        Ok(task)
    }

    /// `workspace.task.update`: applies the patch; the operator becomes the modifier.
    pub async fn update(&self, access: &Access, command: UpdateTask) -> Result<WorkspaceTask> {
        let UpdateTask {
            task_id,
            operator,
            patch,
        } = command;
        let mut task = self.task(access, &task_id).await?;
        self.check_users(
            access,
            operator
                .iter()
                .map(|u| ("operator_userid", u))
                .chain(patch.executor_userid.set().map(|u| ("executor_userid", u)))
                .chain(
                    patch
                        .tracker_userids
                        .iter()
                        .flatten()
                        .map(|u| ("tracker_userids", u)),
                ),
        )
        .await?;
        let text =
            |patch: Patch<String>, current: String| patch.apply(Some(current)).unwrap_or_default();
        task.source = text(patch.source, task.source);
        if task.source.is_empty() {
            task.source = DEFAULT_SOURCE.to_owned();
        }
        task.source_id = text(patch.source_id, task.source_id);
        if task.source_id.is_empty() {
            task.source_id = task.task_id.to_string();
        }
        task.subject = text(patch.subject, task.subject);
        task.description = patch.description.apply(task.description);
        task.executor_userid = patch.executor_userid.apply(task.executor_userid);
        if let Some(trackers) = patch.tracker_userids {
            task.tracker_userids = trackers;
        }
        task.priority = patch.priority.or(task.priority);
        task.status_stage = patch.status_stage.or(task.status_stage);
        task.status_id = patch.status_id.or(task.status_id);
        task.task_type_id = patch.task_type_id.or(task.task_type_id);
        task.task_type_category = patch.task_type_category.apply(task.task_type_category);
        task.parent_id = patch.parent_id.apply(task.parent_id);
        task.corp_id = patch.corp_id.apply(task.corp_id);
        task.is_archived = patch.is_archived.unwrap_or(task.is_archived);
        task.is_recycled = patch.is_recycled.unwrap_or(task.is_recycled);
        task.plan_start_date = patch.plan_start_date.apply(task.plan_start_date);
        task.plan_finish_date = patch.plan_finish_date.apply(task.plan_finish_date);
        task.start_date = patch.start_date.apply(task.start_date);
        task.finish_date = patch.finish_date.apply(task.finish_date);
        task.extension.comment_count = patch.comment_count.apply(task.extension.comment_count);
        task.extension.file_path = patch.file_path.apply(task.extension.file_path);
        task.extension.other = patch.other.apply(task.extension.other);
        if let Some(operator) = operator {
            task.modifier_userid = Some(operator);
        }
        let now = self.platform.tenant_now(access.tenant());
        task.gmt_modified = patch.gmt_modified.apply(Some(now)).unwrap_or(now);
        self.store
            .replace_task(access.tenant_key(), &task)
            .await
            .map_err(|err| failed_write(access, err))?;
        Ok(task)
    }

    /// `workspace.task.get`.
    pub async fn task(&self, access: &Access, task_id: &WorkspaceTaskId) -> Result<WorkspaceTask> {
        self.store
            .task(access.tenant_key(), task_id)
            .await?
            .ok_or(Error::TaskNotFound)
    }

    /// `workspace.task.getbysourceid`: `source` defaults to openwork's own.
    pub async fn task_by_source(
        &self,
        access: &Access,
        source: SourceRef,
    ) -> Result<WorkspaceTask> {
        let name = source.source.as_deref().unwrap_or(DEFAULT_SOURCE);
        self.store
            .task_by_source(access.tenant_key(), name, &source.source_id)
            .await?
            .ok_or(Error::TaskNotFound)
    }

    /// `workspace.task.delete`.
    pub async fn delete(&self, access: &Access, command: DeleteTask) -> Result<()> {
        self.check_users(access, [("operator_userid", &command.operator)])
            .await?;
        if self
            .store
            .delete_task(access.tenant_key(), &command.task_id)
            .await?
        {
            Ok(())
        } else {
            Err(Error::TaskNotFound)
        }
    }

    /// `workspace.task.deletebyproject`: deletes the project's tasks; answers how many.
    pub async fn delete_project_tasks(
        &self,
        access: &Access,
        command: DeleteProjectTasks,
    ) -> Result<u64> {
        self.check_users(access, [("operator_userid", &command.operator)])
            .await?;
        Ok(self
            .store
            .delete_project_tasks(access.tenant_key(), &command.project_id)
            .await?)
    }

    /// The `tasklist` calls: changes which of a user's tasks show in their task list.
    pub async fn change_tasklist(&self, access: &Access, command: ChangeTasklist) -> Result<()> {
        let ChangeTasklist {
            operator,
            user,
            change,
        } = command;
        self.check_users(access, [("operator_userid", &operator), ("userid", &user)])
            .await?;
        let (project, hidden) = match change {
            TasklistChange::AddByProject { project_id } => (Some(project_id), false),
            TasklistChange::HideByProject { project_id } => (Some(project_id), true),
            TasklistChange::HideByOrg => (None, true),
            TasklistChange::CancelHidden => (None, false),
        };
        let now = self.platform.tenant_now(access.tenant());
        self.store
            .set_tasklist_visibility(access.tenant_key(), &user, project.as_deref(), hidden, now)
            .await
            .map_err(|err| failed_write(access, err))
    }

    /// How many tasks a tenant holds (the caller checked that it exists).
    pub async fn count_tasks(&self, tenant: &TenantKey) -> openwork_platform::Result<usize> {
        Ok(self.store.count_tasks(tenant).await?)
    }

    /// A user's task-list visibility (admin API).
    pub async fn tasklist_visibility(
        &self,
        tenant: &TenantKey,
        user: &UserId,
    ) -> Result<Vec<TasklistVisibility>> {
        self.platform.existing_tenant(tenant).await?;
        Ok(self.store.tasklist_visibility(tenant, user).await?)
    }

    /// A page of the tenant's tasks in `task_id` byte order (admin API); for the 19-digit IDs
    /// openwork gives tasks that is their numeric order.
    pub async fn tasks_page(
        &self,
        tenant: &TenantKey,
        page: &PageRequest,
    ) -> Result<Page<WorkspaceTask>> {
        self.platform.existing_tenant(tenant).await?;
        let pager =
            self.platform
                .admin_pager(tenant, "admin.workspace_tasks", String::new(), page)?;
        let after = pager.after.as_deref().map(WorkspaceTaskId::from);
        let tasks = self
            .store
            .tasks_page(tenant, after.as_ref(), pager.limit())
            .await?;
        Ok(pager.close(tasks, |task| task.task_id.to_string()))
    }
}
