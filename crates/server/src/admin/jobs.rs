//! Admin API of the batch-import jobs: pause and resume their runners on every replica, or step
//! them item by item to observe a job mid-way; list a tenant's jobs with their progress.

use std::sync::atomic::Ordering;

use axum::extract::{Path, State};
use openwork_platform::ids::TenantKey;
use openwork_wire::admin::{
    ContactJob, JobRunnerChange, JobRunnerState, JobStepDone, JobStepProgress, JobStepRequest,
};

use super::{AdminAuth, AdminBody, AdminResult, Paged, list_page, ok, parse_json};
use crate::routes::{Routes, get, post};
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::new()
        .route(
            "/_openwork/v1/jobs/runner",
            get(runner_state).put(change_runner),
        )
        .route("/_openwork/v1/jobs/runner/step", post(step))
        .route(
            "/_openwork/v1/tenants/{tenant_key}/contact_jobs",
            get(list_contact_jobs),
        )
}

/// `GET /_openwork/v1/tenants/{tenant_key}/contact_jobs?limit=&after=`: newest first, each
/// with its progress as the runners last stored it.
async fn list_contact_jobs(
    _: AdminAuth,
    Paged(page): Paged,
    State(state): State<AppState>,
    Path(tenant_key): Path<String>,
) -> AdminResult {
    let jobs = state
        .services
        .contact
        .jobs_page(&TenantKey::new(tenant_key), &page)
        .await?;
    ok(&list_page(jobs, ContactJob::from))
}

async fn state_of(state: &AppState) -> AdminResult {
    let metrics = state.services.contact.job_metrics();
    ok(&JobRunnerState {
        paused: state.services.contact.job_runner_paused().await?,
        items_processed: metrics.items_processed.load(Ordering::Relaxed),
        items_succeeded: metrics.items_succeeded.load(Ordering::Relaxed),
        items_failed: metrics.items_failed.load(Ordering::Relaxed),
        jobs_finished: metrics.jobs_finished.load(Ordering::Relaxed),
    })
}

/// `GET /_openwork/v1/jobs/runner`: paused or not, and this replica's counts.
async fn runner_state(_: AdminAuth, State(state): State<AppState>) -> AdminResult {
    state_of(&state).await
}

/// `PUT /_openwork/v1/jobs/runner`: `{"paused": true|false}` for every replica.
async fn change_runner(
    _: AdminAuth,
    State(state): State<AppState>,
    AdminBody(body): AdminBody,
) -> AdminResult {
    let change: JobRunnerChange = parse_json(&body)?;
    state
        .services
        .contact
        .set_job_runner_paused(change.paused)
        .await?;
    if !change.paused {
        state.job_wakeup.notify_one();
    }
    state_of(&state).await
}

/// `POST /_openwork/v1/jobs/runner/step`: `{"items": N}` applies the next N items of the
/// queued jobs (the runners must be paused).
async fn step(
    _: AdminAuth,
    State(state): State<AppState>,
    AdminBody(body): AdminBody,
) -> AdminResult {
    let request: JobStepRequest = if body.is_empty() {
        JobStepRequest::default()
    } else {
        parse_json(&body)?
    };
    let steps = state
        .services
        .contact
        .step_jobs(request.items.unwrap_or(1).max(0))
        .await?;
    ok(&JobStepDone {
        processed: steps.iter().map(|s| s.applied).sum(),
        jobs: steps
            .into_iter()
            .map(|s| JobStepProgress {
                task_id: s.task_id,
                processed: s.processed,
                total: s.total,
            })
            .collect(),
    })
}
