//! Admin API for the performance workflow: semesters, stages, stage tasks, review templates;
//! and the semesters and stage tasks as a console lists them. Bodies use the fixture vocabulary
//! (docs/fixtures.md) and are validated the same way.

use axum::extract::{Path, State};
use openwork_performance::fixture::{
    ReviewTemplateDoc, SemesterDoc, StageChangeDoc, StageTaskCountsDoc,
};
use openwork_performance::{self as domain, ReviewTemplateId, SemesterId, StageId};
use openwork_platform::ids::{TenantKey, UserId};
use openwork_wire::admin::{
    Deleted, ReviewTemplateStored, Semester, SemesterList, SemesterReplaced, Stage, StageTask,
    UserStageTask,
};

use super::{AdminAuth, AdminResult, FixtureBody, Paged, list_page, ok};
use crate::routes::{Routes, get, patch, put};
use crate::state::AppState;

pub fn routes() -> Routes {
    let tenant = "/_openwork/v1/tenants/{tenant_key}";
    Routes::new()
        .route(&format!("{tenant}/semesters"), get(list_semesters))
        .route(
            &format!("{tenant}/semesters/{{semester_id}}"),
            put(put_semester).delete(delete_semester),
        )
        .route(
            &format!("{tenant}/stages/{{stage_id}}"),
            patch(change_stage).delete(delete_stage),
        )
        .route(
            &format!("{tenant}/stages/{{stage_id}}/tasks"),
            get(list_stage_tasks),
        )
        .route(
            &format!("{tenant}/stages/{{stage_id}}/tasks/{{user_id}}"),
            put(put_stage_task)
                .patch(patch_stage_task)
                .delete(delete_stage_task),
        )
        .route(
            &format!("{tenant}/review_templates/{{review_template_id}}"),
            put(put_review_template).delete(delete_review_template),
        )
}

fn stage_task_view(task: domain::StageTask) -> StageTask {
    StageTask {
        semester_id: task.semester_id.0,
        stage_id: task.stage_id.0,
        user_id: task.user_id.0,
        need_todo: task.need_todo,
        finished: task.finished,
    }
}

/// `GET /_openwork/v1/tenants/{tenant_key}/semesters`: every semester by start time, with its
/// stages. No task counts: counting a stage's tasks by status reads all of them (100,000 per
/// stage in the benchmark world); page through `…/stages/{stage_id}/tasks` instead.
async fn list_semesters(
    _: AdminAuth,
    State(state): State<AppState>,
    Path(tenant_key): Path<String>,
) -> AdminResult {
    let tenant = TenantKey::new(tenant_key);
    let semesters = state
        .services
        .performance
        .semesters_with_stages(&tenant)
        .await?;
    ok(&SemesterList {
        tenant_key: tenant.0,
        semesters: semesters.iter().map(|s| Semester::from(&**s)).collect(),
    })
}

/// `GET /_openwork/v1/tenants/{tenant_key}/stages/{stage_id}/tasks?limit=&after=`: by
/// `user_id`, each with its status now.
async fn list_stage_tasks(
    _: AdminAuth,
    Paged(page): Paged,
    State(state): State<AppState>,
    Path((tenant_key, stage_id)): Path<(String, String)>,
) -> AdminResult {
    let tasks = state
        .services
        .performance
        .stage_tasks_page(&TenantKey::new(tenant_key), &StageId::new(stage_id), &page)
        .await?;
    ok(&list_page(tasks, UserStageTask::from))
}

/// `PUT /_openwork/v1/tenants/{tenant_key}/semesters/{semester_id}`: creates or replaces a
/// semester with its stages and their tasks.
async fn put_semester(
    _: AdminAuth,
    State(state): State<AppState>,
    Path((tenant_key, semester_id)): Path<(String, String)>,
    FixtureBody(doc): FixtureBody<SemesterDoc>,
) -> AdminResult {
    let done = state
        .services
        .performance
        .put_semester(&TenantKey::new(tenant_key), &semester_id, doc)
        .await?;
    ok(&SemesterReplaced {
        semester_id: done.semester_id.0,
        stages: done.stages,
        stage_tasks: done.stage_tasks,
    })
}

/// `DELETE /_openwork/v1/tenants/{tenant_key}/semesters/{semester_id}`.
async fn delete_semester(
    _: AdminAuth,
    State(state): State<AppState>,
    Path((tenant_key, semester_id)): Path<(String, String)>,
) -> AdminResult {
    state
        .services
        .performance
        .delete_semester(
            &TenantKey::new(tenant_key),
            &SemesterId::new(semester_id.clone()),
        )
        .await?;
    ok(&Deleted {
        deleted: semester_id,
    })
}

/// `PATCH /_openwork/v1/tenants/{tenant_key}/stages/{stage_id}`: `paused`, `deadline`, `name`,
/// `jump_url`, `results_open_time` (`null` closes the results again).
async fn change_stage(
    _: AdminAuth,
    State(state): State<AppState>,
    Path((tenant_key, stage_id)): Path<(String, String)>,
    FixtureBody(change): FixtureBody<StageChangeDoc>,
) -> AdminResult {
    let stage = state
        .services
        .performance
        .change_stage(&TenantKey::new(tenant_key), &StageId::new(stage_id), change)
        .await?;
    ok(&Stage::from(&stage))
}

/// `DELETE /_openwork/v1/tenants/{tenant_key}/stages/{stage_id}`.
async fn delete_stage(
    _: AdminAuth,
    State(state): State<AppState>,
    Path((tenant_key, stage_id)): Path<(String, String)>,
) -> AdminResult {
    state
        .services
        .performance
        .delete_stage(&TenantKey::new(tenant_key), &StageId::new(stage_id.clone()))
        .await?;
    ok(&Deleted { deleted: stage_id })
}

async fn set_stage_task(
    state: AppState,
    (tenant_key, stage_id, user_id): (String, String, String),
    counts: StageTaskCountsDoc,
    replace: bool,
) -> AdminResult {
    let task = state
        .services
        .performance
        .set_stage_task(
            &TenantKey::new(tenant_key),
            &StageId::new(stage_id),
            &UserId::new(user_id),
            counts,
            replace,
        )
        .await?;
    ok(&stage_task_view(task))
}

/// `PUT /_openwork/v1/tenants/{tenant_key}/stages/{stage_id}/tasks/{user_id}`: gives a user
/// to-dos in a stage (`need_todo`, `finished`).
async fn put_stage_task(
    _: AdminAuth,
    State(state): State<AppState>,
    Path(path): Path<(String, String, String)>,
    FixtureBody(counts): FixtureBody<StageTaskCountsDoc>,
) -> AdminResult {
    set_stage_task(state, path, counts, true).await
}

/// `PATCH /_openwork/v1/tenants/{tenant_key}/stages/{stage_id}/tasks/{user_id}`: finishes
/// to-dos (`finished`) or changes how many there are (`need_todo`).
async fn patch_stage_task(
    _: AdminAuth,
    State(state): State<AppState>,
    Path(path): Path<(String, String, String)>,
    FixtureBody(counts): FixtureBody<StageTaskCountsDoc>,
) -> AdminResult {
    set_stage_task(state, path, counts, false).await
}

/// `DELETE /_openwork/v1/tenants/{tenant_key}/stages/{stage_id}/tasks/{user_id}`.
async fn delete_stage_task(
    _: AdminAuth,
    State(state): State<AppState>,
    Path((tenant_key, stage_id, user_id)): Path<(String, String, String)>,
) -> AdminResult {
    state
        .services
        .performance
        .delete_stage_task(
            &TenantKey::new(tenant_key),
            &StageId::new(stage_id),
            &UserId::new(user_id.clone()),
        )
        .await?;
    ok(&Deleted { deleted: user_id })
}

/// `PUT /_openwork/v1/tenants/{tenant_key}/review_templates/{review_template_id}`.
async fn put_review_template(
    _: AdminAuth,
    State(state): State<AppState>,
    Path((tenant_key, template_id)): Path<(String, String)>,
    FixtureBody(doc): FixtureBody<ReviewTemplateDoc>,
) -> AdminResult {
    let template = state
        .services
        .performance
        .put_review_template(&TenantKey::new(tenant_key), &template_id, doc)
        .await?;
    ok(&ReviewTemplateStored {
        review_template_id: template.review_template_id.0,
    })
}

/// `DELETE /_openwork/v1/tenants/{tenant_key}/review_templates/{review_template_id}`.
async fn delete_review_template(
    _: AdminAuth,
    State(state): State<AppState>,
    Path((tenant_key, template_id)): Path<(String, String)>,
) -> AdminResult {
    state
        .services
        .performance
        .delete_review_template(
            &TenantKey::new(tenant_key),
            &ReviewTemplateId::new(template_id.clone()),
        )
        .await?;
    ok(&Deleted {
        deleted: template_id,
    })
}
