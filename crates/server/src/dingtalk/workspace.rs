//! `dingtalk.oapi.workspace.task.*` and `workspace.tasklist.*`.

use axum::extract::State;
use axum::handler::Handler;
use openwork_platform::error::GatewayError;
use openwork_wire::dingtalk::workspace as wire;
use openwork_workspace::WorkspaceTaskId;
use openwork_workspace::command::{
    ChangeTasklist, CreateTask, DeleteProjectTasks, DeleteTask, SourceRef, TasklistChange,
    UpdateTask,
};
use serde::de::IgnoredAny;

use super::envelope::{Top, TopResult};
use super::{TopCall, api_path, topapi};
use crate::routes::{self, Routes, Served};
use crate::state::AppState;

pub fn routes() -> Routes {
    [
        ("dingtalk.oapi.workspace.task.create", post_or_get(create)),
        ("dingtalk.oapi.workspace.task.update", post_or_get(update)),
        ("dingtalk.oapi.workspace.task.get", post_or_get(get)),
        (
            "dingtalk.oapi.workspace.task.getbysourceid",
            post_or_get(get_by_source),
        ),
        ("dingtalk.oapi.workspace.task.delete", post_or_get(delete)),
        (
            "dingtalk.oapi.workspace.task.deletebyproject",
            post_or_get(delete_by_project),
        ),
        (
            "dingtalk.oapi.workspace.task.migrate",
            post_or_get(third_party_only),
        ),
        (
            "dingtalk.oapi.workspace.task.clean",
            post_or_get(third_party_only),
        ),
        (
            "dingtalk.oapi.workspace.tasklist.addbyproject",
            post_or_get(add_by_project),
        ),
        (
            "dingtalk.oapi.workspace.tasklist.hidebyorg",
            post_or_get(hide_by_org),
        ),
        (
            "dingtalk.oapi.workspace.tasklist.hidebyproject",
            post_or_get(hide_by_project),
        ),
        (
            "dingtalk.oapi.workspace.tasklist.hidden.cancel",
            post_or_get(cancel_hidden),
        ),
    ]
    .into_iter()
    .fold(Routes::new(), |router, (api, route)| {
        router.route(&api_path(api), topapi(api, route))
    })
}

/// The gateway documents POST; GET (parameters in the query) is accepted too.
fn post_or_get<H, T>(handler: H) -> Served
where
    H: Handler<T, AppState> + Clone,
    T: 'static,
{
    routes::post(handler.clone()).get(handler)
}

/// `POST /topapi/workspace/task/create` (dingtalk.oapi.workspace.task.create).
async fn create(
    State(state): State<AppState>,
    call: TopCall<wire::CreateTaskRequest>,
) -> TopResult<wire::Task> {
    let command = CreateTask::parse(call.request)?;
    let created = state
        .services
        .workspace
        .create(&call.access, command)
        .await?;
    Ok(Top(Some(created.into())))
}

/// `POST /topapi/workspace/task/update` (dingtalk.oapi.workspace.task.update).
async fn update(
    State(state): State<AppState>,
    call: TopCall<wire::UpdateTaskRequest>,
) -> TopResult<()> {
    let command = UpdateTask::parse(call.request)?;
    state
        .services
        .workspace
        .update(&call.access, command)
        .await?;
    Ok(Top(None))
}

/// `POST /topapi/workspace/task/get` (dingtalk.oapi.workspace.task.get).
async fn get(
    State(state): State<AppState>,
    call: TopCall<wire::GetTaskRequest>,
) -> TopResult<wire::Task> {
    let task_id = WorkspaceTaskId::new(call.request.task_id);
    let task = state
        .services
        .workspace
        .task(&call.access, &task_id)
        .await?;
    Ok(Top(Some(task.into())))
}

/// `POST /topapi/workspace/task/getbysourceid` (dingtalk.oapi.workspace.task.getbysourceid).
async fn get_by_source(
    State(state): State<AppState>,
    call: TopCall<wire::GetTaskBySourceRequest>,
) -> TopResult<wire::Task> {
    let source = SourceRef::parse(call.request);
    let task = state
        .services
        .workspace
        .task_by_source(&call.access, source)
        .await?;
    Ok(Top(Some(task.into())))
}

/// `POST /topapi/workspace/task/delete` (dingtalk.oapi.workspace.task.delete).
async fn delete(
    State(state): State<AppState>,
    call: TopCall<wire::DeleteTaskRequest>,
) -> TopResult<()> {
    let command = DeleteTask::parse(call.request);
    state
        .services
        .workspace
        .delete(&call.access, command)
        .await?;
    Ok(Top(None))
}

/// `POST /topapi/workspace/task/deletebyproject` (dingtalk.oapi.workspace.task.deletebyproject).
async fn delete_by_project(
    State(state): State<AppState>,
    call: TopCall<wire::DeleteProjectTasksRequest>,
) -> TopResult<()> {
    let command = DeleteProjectTasks::parse(call.request);
    state
        .services
        .workspace
        .delete_project_tasks(&call.access, command)
        .await?;
    Ok(Top(None))
}

/// `POST /topapi/workspace/task/migrate` and `…/clean` (dingtalk.oapi.workspace.task.migrate,
/// …clean). VENDOR: third-party (ISV) apps only; every openwork app is an internal one. The
/// caller is still checked first, as for every call.
async fn third_party_only(_: TopCall<IgnoredAny>) -> TopResult<()> {
    Err(GatewayError::NoPermission("third-party apps only".into()).into())
}

/// `POST /topapi/workspace/tasklist/addbyproject` (dingtalk.oapi.workspace.tasklist.addbyproject).
async fn add_by_project(
    State(state): State<AppState>,
    call: TopCall<wire::ProjectTasklistRequest>,
) -> TopResult<()> {
    let command = ChangeTasklist::of_project(call.request, |project_id| {
        TasklistChange::AddByProject { project_id }
    });
    state
        .services
        .workspace
        .change_tasklist(&call.access, command)
        .await?;
    Ok(Top(None))
}

/// `POST /topapi/workspace/tasklist/hidebyproject` (dingtalk.oapi.workspace.tasklist.hidebyproject).
async fn hide_by_project(
    State(state): State<AppState>,
    call: TopCall<wire::ProjectTasklistRequest>,
) -> TopResult<()> {
    let command = ChangeTasklist::of_project(call.request, |project_id| {
        TasklistChange::HideByProject { project_id }
    });
    state
        .services
        .workspace
        .change_tasklist(&call.access, command)
        .await?;
    Ok(Top(None))
}

/// `POST /topapi/workspace/tasklist/hidebyorg` (dingtalk.oapi.workspace.tasklist.hidebyorg).
async fn hide_by_org(
    State(state): State<AppState>,
    call: TopCall<wire::TasklistRequest>,
) -> TopResult<()> {
    let command = ChangeTasklist::of_org(call.request, TasklistChange::HideByOrg);
    state
        .services
        .workspace
        .change_tasklist(&call.access, command)
        .await?;
    Ok(Top(None))
}

/// `POST /topapi/workspace/tasklist/hidden/cancel` (dingtalk.oapi.workspace.tasklist.hidden.cancel).
async fn cancel_hidden(
    State(state): State<AppState>,
    call: TopCall<wire::TasklistRequest>,
) -> TopResult<()> {
    let command = ChangeTasklist::of_org(call.request, TasklistChange::CancelHidden);
    state
        .services
        .workspace
        .change_tasklist(&call.access, command)
        .await?;
    Ok(Top(None))
}
