//! Admin API use cases that drive the performance workflow: replace or delete a semester,
//! change a stage (pause it, move its deadline), set a user's to-dos, manage review templates;
//! and list semesters with their stages, and a stage's tasks a page at a time with the status
//! each has now. Bodies use the fixture vocabulary and are checked the same way.

use std::sync::Arc;

use openwork_platform::Error as PlatformError;
use openwork_platform::StoreError;
use openwork_platform::ids::{TenantKey, UserId};
use openwork_platform::paging::{Page, PageRequest};
use openwork_wire::feishu::events::STAGE_TASK_OPEN_RESULT;

use crate::error::{Error, Result};
use crate::events::{review_data_changes, stage_reviewees};
use crate::fixture::{
    ReviewTemplateDoc, SemesterDoc, StageChangeDoc, StageTaskCountsDoc, check_task_counts,
    review_template_from_body, semester_from_body,
};
use crate::model::{
    I18n, ReviewTemplate, ReviewTemplateId, SemesterId, SemesterStages, Stage, StageId, StageTask,
};
use crate::service::PerformanceService;
use crate::status::{CompletionFilter, StageTaskStatus, StatusContext};
use crate::store::Counts;

/// How often a semester replacement is prepared again when results opened meanwhile.
const REPLACE_ATTEMPTS: usize = 3;

fn not_found(what: String) -> Error {
    PlatformError::not_found(what).into()
}

/// What a semester replacement wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SemesterReplaced {
    pub semester_id: SemesterId,
    pub stages: usize,
    pub stage_tasks: usize,
    pub activities: usize,
}

/// A user's task in a stage with the status the performance APIs would give it now, on the
/// tenant's clock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageTaskNow {
    pub task: StageTask,
    pub status: StageTaskStatus,
}

impl PerformanceService {
    /// How much performance data a tenant holds (the caller checked that it exists).
    pub async fn counts(&self, tenant: &TenantKey) -> openwork_platform::Result<Counts> {
        Ok(self.store.counts(tenant).await?)
    }

    /// `PUT …/semesters/{id}`: creates or replaces a semester with its stages and their tasks.
    pub async fn put_semester(
        &self,
        tenant_key: &TenantKey,
        semester_id: &str,
        doc: SemesterDoc,
    ) -> Result<SemesterReplaced> {
        let tenant = self.platform.existing_tenant(tenant_key).await?;
        let known = self
            .platform
            .known_users(tenant_key, doc.referenced_users())
            .await?;
        let now = self.platform.tenant_now(&tenant);
        let catalog = self.store.review_catalog(tenant_key).await?;
        let mut parts = semester_from_body(tenant_key, semester_id, doc, known, &catalog, now)?;
        let semester = parts.semesters[0].clone();
        for (j, stage) in parts.stages.iter().enumerate() {
            if let Some(existing) = self.store.stage(tenant_key, &stage.stage_id).await? {
                if existing.semester_id != semester.semester_id {
                    return Err(PlatformError::invalid_fixture(
                        format!("stages[{j}].stage_id"),
                        format!(
                            "stage {:?} belongs to semester {:?}",
                            stage.stage_id.0, existing.semester_id.0
                        ),
                    )
                    .into());
                }
            }
        }
        let opening_subscribers = self
            .platform
            .event_subscribers(tenant_key, STAGE_TASK_OPEN_RESULT)
            .await?;
        let mut attempts = 0;
        loop {
            let before = self
                .store
                .semester_reviews(tenant_key, &semester.semester_id)
                .await?;
            // Results open after the replacement are announced by it unless their opening was
            // announced before (it goes on); results not open are not announced.
            let mut deliveries = Vec::new();
            for stage in &mut parts.stages {
                let announced_before = before
                    .stages
                    .iter()
                    .any(|old| old.stage_id == stage.stage_id && old.results_announced);
                stage.results_announced = stage.results_open(now);
                if stage.results_announced && !announced_before {
                    let reviewees = stage_reviewees(
                        &stage.stage_id,
                        &parts.stage_tasks,
                        &parts.activities,
                        &catalog.user_groups,
                    );
                    deliveries.extend(
                        self.opening_deliveries(
                            tenant_key,
                            &opening_subscribers,
                            stage,
                            &reviewees,
                        )
                        .await?,
                    );
                }
            }
            let changes = review_data_changes(
                &semester.semester_id,
                &before,
                &parts.stages,
                &parts.review_records,
            );
            deliveries.extend(self.review_data_deliveries(tenant_key, &changes).await?);
            if self
                .store
                .replace_semester(tenant_key, &parts, &before.stages, &deliveries)
                .await?
            {
                break;
            }
            attempts += 1;
            if attempts == REPLACE_ATTEMPTS {
                return Err(PlatformError::from(StoreError::Conflict(format!(
                    "the results of semester {:?} kept opening while it was replaced; send the \
                     request again",
                    semester.semester_id.0
                )))
                .into());
            }
        }
        Ok(SemesterReplaced {
            semester_id: semester.semester_id.clone(),
            stages: parts.stages.len(),
            stage_tasks: parts.stage_tasks.len(),
            activities: parts.activities.len(),
        })
    }

    pub async fn delete_semester(&self, tenant: &TenantKey, id: &SemesterId) -> Result<()> {
        self.platform.existing_tenant(tenant).await?;
        if self.store.delete_semester(tenant, id).await? {
            Ok(())
        } else {
            Err(not_found(format!("semester {:?}", id.0)))
        }
    }

    async fn existing_stage(&self, tenant: &TenantKey, id: &StageId) -> Result<Stage> {
        self.platform.existing_tenant(tenant).await?;
        self.store
            .stage(tenant, id)
            .await?
            .ok_or_else(|| not_found(format!("stage {:?}", id.0)))
    }

    /// `PATCH …/stages/{id}`: pauses or resumes a stage, moves its deadline, renames it.
    pub async fn change_stage(
        &self,
        tenant: &TenantKey,
        id: &StageId,
        change: StageChangeDoc,
    ) -> Result<Stage> {
        let mut stage = self.existing_stage(tenant, id).await?;
        if let Some(name) = change.name {
            stage.name = I18n {
                zh_cn: name.zh_cn,
                en_us: name.en_us,
            };
        }
        if let Some(deadline) = change.deadline {
            stage.deadline = deadline.0;
        }
        if let Some(jump_url) = change.jump_url {
            stage.jump_url = jump_url;
        }
        if let Some(paused) = change.paused {
            stage.paused = paused;
        }
        if let Some(open) = change.results_open_time {
            stage.results_open_time = open.map(|t| t.0);
        }
        // Results open after the change are announced by it unless their opening was announced
        // before (it goes on: moving an opening that has passed opens nothing); results not open
        // lose their announcement, so that their next opening is announced.
        let announced_before = stage.results_announced;
        let now = self.platform.clock_now(tenant).await?;
        stage.results_announced = stage.results_open(now);
        let deliveries = if stage.results_announced && !announced_before {
            self.stored_opening_deliveries(tenant, &stage).await?
        } else {
            Vec::new()
        };
        if !self.store.update_stage(tenant, &stage, &deliveries).await? {
            return Err(not_found(format!("stage {:?}", id.0)));
        }
        Ok(stage)
    }

    pub async fn delete_stage(&self, tenant: &TenantKey, id: &StageId) -> Result<()> {
        self.platform.existing_tenant(tenant).await?;
        if self.store.delete_stage(tenant, id).await? {
            Ok(())
        } else {
            Err(not_found(format!("stage {:?}", id.0)))
        }
    }

    /// `PUT` (`replace`: both counts required, the task may be new) or `PATCH` (only the counts
    /// given change, the task must exist) `…/stages/{id}/tasks/{user}`.
    pub async fn set_stage_task(
        &self,
        tenant: &TenantKey,
        stage_id: &StageId,
        user: &UserId,
        counts: StageTaskCountsDoc,
        replace: bool,
    ) -> Result<StageTask> {
        let stage = self.existing_stage(tenant, stage_id).await?;
        if self
            .platform
            .known_users(tenant, vec![user.0.clone()])
            .await?
            .is_empty()
        {
            return Err(not_found(format!("user {:?}", user.0)));
        }
        let current = self.store.stage_task(tenant, stage_id, user).await?;
        let (need_todo, finished) = if replace {
            let need_todo = counts
                .need_todo
                .ok_or_else(|| PlatformError::BadRequest("need_todo is required".into()))?;
            (need_todo, counts.finished.unwrap_or(0))
        } else {
            let current =
                current.ok_or_else(|| not_found(format!("stage task of user {:?}", user.0)))?;
            (
                counts.need_todo.unwrap_or(current.need_todo),
                counts.finished.unwrap_or(current.finished),
            )
        };
        check_task_counts("need_todo", need_todo, "finished", finished)?;
        let task = StageTask {
            semester_id: stage.semester_id,
            stage_id: stage_id.clone(),
            user_id: user.clone(),
            need_todo,
            finished,
        };
        self.store.put_stage_task(tenant, &task).await?;
        Ok(task)
    }

    pub async fn delete_stage_task(
        &self,
        tenant: &TenantKey,
        stage: &StageId,
        user: &UserId,
    ) -> Result<()> {
        self.platform.existing_tenant(tenant).await?;
        if self.store.delete_stage_task(tenant, stage, user).await? {
            Ok(())
        } else {
            Err(not_found(format!("stage task of user {:?}", user.0)))
        }
    }

    /// `PUT …/review_templates/{id}`: creates or replaces a review template.
    pub async fn put_review_template(
        &self,
        tenant_key: &TenantKey,
        id: &str,
        doc: ReviewTemplateDoc,
    ) -> Result<ReviewTemplate> {
        let tenant = self.platform.existing_tenant(tenant_key).await?;
        let catalog = self.store.review_catalog(tenant_key).await?;
        let now = self.platform.tenant_now(&tenant);
        let template = review_template_from_body(tenant_key, id, doc, &catalog, now)?;
        self.store
            .put_review_template(tenant_key, &template)
            .await?;
        Ok(template)
    }

    pub async fn delete_review_template(
        &self,
        tenant: &TenantKey,
        id: &ReviewTemplateId,
    ) -> Result<()> {
        self.platform.existing_tenant(tenant).await?;
        if self.store.delete_review_template(tenant, id).await? {
            Ok(())
        } else {
            Err(not_found(format!("review template {:?}", id.0)))
        }
    }

    /// Every semester of the tenant by start time, each with its stages in declaration order
    /// (read through the catalog cache, as the vendor APIs read them).
    pub async fn semesters_with_stages(
        &self,
        tenant: &TenantKey,
    ) -> Result<Vec<Arc<SemesterStages>>> {
        self.platform.existing_tenant(tenant).await?;
        let at = self.platform.snapshot().await?;
        let mut semesters = Vec::new();
        for semester in self.store.semesters(tenant).await? {
            // `None`: deleted since the list was read.
            if let Some(found) = self
                .catalog
                .semester(&at, tenant, &semester.semester_id)
                .await?
            {
                semesters.push(found);
            }
        }
        Ok(semesters)
    }

    /// A page of a stage's tasks in `user_id` byte order, each with its status now.
    pub async fn stage_tasks_page(
        &self,
        tenant: &TenantKey,
        stage_id: &StageId,
        page: &PageRequest,
    ) -> Result<Page<StageTaskNow>> {
        let stage = self.existing_stage(tenant, stage_id).await?;
        let at = self.platform.snapshot().await?;
        let settings = self
            .catalog
            .settings(&at, tenant)
            .await?
            // Every tenant has settings: none means it was deleted a moment ago.
            .ok_or_else(|| not_found(format!("tenant {tenant:?}")))?;
        let context = StatusContext {
            now: self.platform.clock_now(tenant).await?,
            allow_late_submission: settings.allow_late_submission,
        };
        let pager =
            self.platform
                .admin_pager(tenant, "admin.stage_tasks", stage_id.to_string(), page)?;
        let after = pager.after.as_deref().map(UserId::from);
        // The `find_by_page` read, selecting every task of this one stage: a user has at most
        // one task in a stage, so a page of users is a page of tasks.
        let every_task = [(stage.stage_id.clone(), CompletionFilter::Any)];
        let index = self
            .catalog
            .semester_tasks(&at, tenant, &stage.semester_id)
            .await?;
        let tasks = index.stage_tasks(index.page(&every_task, after.as_ref(), pager.limit()));
        Ok(pager
            .close(tasks, |task| task.user_id.to_string())
            .map(|task| StageTaskNow {
                status: context.status(&stage, &task),
                task,
            }))
    }
}
