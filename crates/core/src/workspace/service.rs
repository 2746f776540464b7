//! DingTalk workspace tasks (`dingtalk.oapi.workspace.task.*` and `tasklist.*`): the rules of
//! create, update, lookups, deletes and task-list visibility (semantics.md §7).

use std::collections::BTreeSet;

use super::model::*;
use crate::Openwork;
use crate::access::Access;
use crate::directory::Tenant;
use crate::error::{DingTalkError, Error, Result};
use crate::ids::{UserId, WorkspaceTaskId};
use crate::store::StoreError;
use openwork_platform::error::GatewayError;

fn check_enums(
    priority: Option<i64>,
    status_stage: Option<i64>,
    category: Option<&str>,
) -> Result<()> {
    if priority.is_some_and(|p| !PRIORITIES.contains(&p)) {
        return Err(GatewayError::invalid("priority", "must be 10, 20, 30 or 40").into());
    }
    if status_stage.is_some_and(|s| !STATUS_STAGES.contains(&s)) {
        return Err(GatewayError::invalid("status_stage", "must be 0, 1 or 2").into());
    }
    if category.is_some_and(|c| !TASK_TYPE_CATEGORIES.contains(&c)) {
        return Err(GatewayError::invalid(
            "task_type_category",
            "must be task, req, bug, risk or workitem",
        )
        .into());
    }
    Ok(())
}

/// A uniqueness conflict of `(source, source_id)` is the vendor's "task exists".
fn exists_on_conflict(err: StoreError) -> Error {
    match err {
        StoreError::Conflict(_) => DingTalkError::TaskExists.into(),
        other => other.into(),
    }
}

impl Openwork {
    async fn workspace_tenant(&self, access: &Access) -> Result<Tenant> {
        Ok(access.tenant().clone())
    }

    /// Every named user must be one of the tenant's (`field` names the argument for the error).
    async fn check_users<'a>(
        &self,
        access: &Access,
        named: impl IntoIterator<Item = (&'static str, &'a UserId)>,
    ) -> Result<()> {
        let named: Vec<(&str, &UserId)> = named.into_iter().collect();
        let ids: Vec<UserId> = named.iter().map(|(_, id)| (*id).clone()).collect();
        let known: BTreeSet<UserId> = self
            .platform()
            .existing_users(access.tenant_key(), &ids)
            .await?
            .into_iter()
            .collect();
        match named.into_iter().find(|(_, id)| !known.contains(*id)) {
            Some((field, id)) => {
                Err(GatewayError::invalid(field, format!("no user {:?}", id.0)).into())
            }
            None => Ok(()),
        }
    }

    /// `workspace.task.create`. The source defaults to openwork's own; a task without
    /// `source_id` gets its `task_id` as one.
    pub async fn create_workspace_task(
        &self,
        access: &Access,
        operator: &UserId,
        draft: TaskDraft,
    ) -> Result<WorkspaceTask> {
        let tenant = self.workspace_tenant(access).await?;
        check_enums(
            draft.priority,
            draft.status_stage,
            draft.task_type_category.as_deref(),
        )?;
        let creator = draft
            .creator_userid
            .clone()
            .unwrap_or_else(|| operator.clone());
        self.check_users(
            access,
            std::iter::once(("operator_userid", operator))
                .chain(std::iter::once(("creator_userid", &creator)))
                .chain(draft.modifier_userid.iter().map(|u| ("modifier_userid", u)))
                .chain(draft.executor_userid.iter().map(|u| ("executor_userid", u)))
                .chain(draft.tracker_userids.iter().map(|u| ("tracker_userids", u))),
        )
        .await?;
        let now = self.tenant_now(&tenant);
        let task_id = crate::ids::derive_numeric_id(
            &tenant.tenant_key,
            "workspace_task",
            &crate::ids::random_hex32(),
        );
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
            modifier_userid: Some(draft.modifier_userid.unwrap_or_else(|| operator.clone())),
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
        if self
            .store()
            .workspace_task_by_source(&tenant.tenant_key, &task.source, &task.source_id)
            .await?
            .is_some()
        {
            return Err(DingTalkError::TaskExists.into());
        }
        self.store()
            .insert_workspace_task(&tenant.tenant_key, &task)
            .await
            .map_err(exists_on_conflict)?;
        Ok(task)
    }

    /// `workspace.task.update`: applies the patch; the operator becomes the modifier.
    pub async fn update_workspace_task(
        &self,
        access: &Access,
        operator: Option<&UserId>,
        task_id: &WorkspaceTaskId,
        patch: TaskPatch,
    ) -> Result<WorkspaceTask> {
        let tenant = self.workspace_tenant(access).await?;
        let mut task = self.workspace_task(access, task_id).await?;
        check_enums(
            patch.priority,
            patch.status_stage,
            match &patch.task_type_category {
                Patch::Set(category) => Some(category.as_str()),
                _ => None,
            },
        )?;
        let executor = match &patch.executor_userid {
            Patch::Set(user) => Some(user),
            _ => None,
        };
        self.check_users(
            access,
            operator
                .map(|u| ("operator_userid", u))
                .into_iter()
                .chain(executor.map(|u| ("executor_userid", u)))
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
            task.modifier_userid = Some(operator.clone());
        }
        let now = self.tenant_now(&tenant);
        task.gmt_modified = patch.gmt_modified.apply(Some(now)).unwrap_or(now);
        if let Some(other) = self
            .store()
            .workspace_task_by_source(&tenant.tenant_key, &task.source, &task.source_id)
            .await?
        {
            if other.task_id != task.task_id {
                return Err(DingTalkError::TaskExists.into());
            }
        }
        self.store()
            .replace_workspace_task(&tenant.tenant_key, &task)
            .await
            .map_err(exists_on_conflict)?;
        Ok(task)
    }

    /// `workspace.task.get`.
    pub async fn workspace_task(
        &self,
        access: &Access,
        task_id: &WorkspaceTaskId,
    ) -> Result<WorkspaceTask> {
        self.store()
            .workspace_task(access.tenant_key(), task_id)
            .await?
            .ok_or_else(|| DingTalkError::TaskNotFound.into())
    }

    /// `workspace.task.getbysourceid`: `source` defaults to openwork's own.
    pub async fn workspace_task_by_source(
        &self,
        access: &Access,
        source: Option<&str>,
        source_id: &str,
    ) -> Result<WorkspaceTask> {
        let source = source.filter(|s| !s.is_empty()).unwrap_or(DEFAULT_SOURCE);
        self.store()
            .workspace_task_by_source(access.tenant_key(), source, source_id)
            .await?
            .ok_or_else(|| DingTalkError::TaskNotFound.into())
    }

    /// `workspace.task.delete`.
    pub async fn delete_workspace_task(
        &self,
        access: &Access,
        operator: &UserId,
        task_id: &WorkspaceTaskId,
    ) -> Result<()> {
        self.check_users(access, [("operator_userid", operator)])
            .await?;
        if self
            .store()
            .delete_workspace_task(access.tenant_key(), task_id)
            .await?
        {
            Ok(())
        } else {
            Err(DingTalkError::TaskNotFound.into())
        }
    }

    /// `workspace.task.deletebyproject`: deletes the project's tasks; answers how many.
    pub async fn delete_workspace_tasks_of_project(
        &self,
        access: &Access,
        operator: &UserId,
        project_id: &str,
    ) -> Result<u64> {
        self.check_users(access, [("operator_userid", operator)])
            .await?;
        Ok(self
            .store()
            .delete_workspace_tasks_of_project(access.tenant_key(), project_id)
            .await?)
    }

    /// The `tasklist` calls: changes which of `user`'s tasks show in their task list.
    pub async fn change_tasklist(
        &self,
        access: &Access,
        operator: &UserId,
        user: &UserId,
        change: TasklistChange,
    ) -> Result<()> {
        let tenant = self.workspace_tenant(access).await?;
        self.check_users(access, [("operator_userid", operator), ("userid", user)])
            .await?;
        let (project, hidden) = match change {
            TasklistChange::AddByProject { project_id } => (Some(project_id), false),
            TasklistChange::HideByProject { project_id } => (Some(project_id), true),
            TasklistChange::HideByOrg => (None, true),
            TasklistChange::CancelHidden => (None, false),
        };
        let now = self.tenant_now(&tenant);
        self.store()
            .set_tasklist_visibility(&tenant.tenant_key, user, project.as_deref(), hidden, now)
            .await?;
        Ok(())
    }

    /// A user's task-list visibility (admin API).
    pub async fn tasklist_visibility(
        &self,
        tenant: &crate::ids::TenantKey,
        user: &UserId,
    ) -> Result<Vec<TasklistVisibility>> {
        self.existing_tenant(tenant).await?;
        Ok(self.store().tasklist_visibility(tenant, user).await?)
    }
}
