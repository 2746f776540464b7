//! Admin API use cases that drive the performance workflow: replace or delete a semester,
//! change a stage (pause it, move its deadline), set a user's to-dos, manage review templates.
//! Bodies use the fixture vocabulary and are checked the same way.

use openwork_platform::Error as PlatformError;
use openwork_platform::ids::{TenantKey, UserId};

use crate::error::{Error, Result};
use crate::fixture::{
    ReviewTemplateDoc, SemesterDoc, StageChangeDoc, StageTaskCountsDoc, check_task_counts,
    review_template_from_body, semester_from_body,
};
use crate::model::{I18n, ReviewTemplate, ReviewTemplateId, SemesterId, Stage, StageId, StageTask};
use crate::service::PerformanceService;
use crate::store::Counts;

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
        let parts = semester_from_body(tenant_key, semester_id, doc, known, &catalog, now)?;
        let semester = &parts.semesters[0];
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
        self.store.replace_semester(tenant_key, &parts).await?;
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
        if !self.store.update_stage(tenant, &stage).await? {
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
}
