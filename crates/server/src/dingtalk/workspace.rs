//! `dingtalk.oapi.workspace.task.*` and `workspace.tasklist.*`.

use axum::Router;
use axum::extract::State;
use axum::handler::Handler;
use axum::routing::{MethodRouter, post};
use openwork_core::ids::{UserId, WorkspaceTaskId};
use openwork_core::workspace::{
    Patch, TaskDraft, TaskExtension, TaskPatch, TasklistChange, WorkspaceTask,
};
use openwork_platform::error::GatewayError;
use openwork_wire::dingtalk::{date, workspace as wire};

use super::envelope::{Top, TopResult};
use super::{TopCall, Values, topapi};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
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
    .fold(Router::new(), |router, (api, route)| {
        router.route(&api_path(api), topapi(api, route))
    })
}

/// VENDOR: `dingtalk.oapi.a.b.c` is served at `/topapi/a/b/c`.
fn api_path(api: &str) -> String {
    format!(
        "/topapi/{}",
        api.trim_start_matches("dingtalk.oapi.").replace('.', "/")
    )
}

/// The gateway documents POST; GET (parameters in the query) is accepted too.
fn post_or_get<H, T>(handler: H) -> MethodRouter<AppState>
where
    H: Handler<T, AppState> + Clone,
    T: 'static,
{
    post(handler.clone()).get(handler)
}

fn user(id: String) -> UserId {
    UserId::new(id)
}

fn users(ids: Option<Vec<String>>) -> Option<Vec<UserId>> {
    ids.map(|ids| ids.into_iter().map(UserId::new).collect())
}

fn draft(task: &Values) -> Result<TaskDraft, openwork_core::Error> {
    let extension = task.object("extension")?;
    Ok(TaskDraft {
        source: task.text("source")?,
        source_id: task.text("source_id")?,
        subject: task.text("subject")?,
        description: task.text("description")?,
        creator_userid: task.text("creator_userid")?.map(user),
        modifier_userid: task.text("modifier_userid")?.map(user),
        executor_userid: task.text("executor_userid")?.map(user),
        tracker_userids: users(task.text_list("tracker_userids")?).unwrap_or_default(),
        priority: task.int("priority")?,
        status_stage: task.int("status_stage")?,
        status_id: task.int("status_id")?,
        task_type_id: task.int("task_type_id")?,
        task_type_category: task.text("task_type_category")?,
        parent_id: task.text("parent_id")?,
        corp_id: task.text("corp_id")?,
        is_archived: task.bool("is_archived")?,
        is_recycled: task.bool("is_recycled")?,
        plan_start_date: task
            .date("plan_start_date")?
            .map(openwork_core::clock::Millis),
        plan_finish_date: task
            .date("plan_finish_date")?
            .map(openwork_core::clock::Millis),
        start_date: task.date("start_date")?.map(openwork_core::clock::Millis),
        finish_date: task.date("finish_date")?.map(openwork_core::clock::Millis),
        gmt_create: task.date("gmt_create")?.map(openwork_core::clock::Millis),
        gmt_modified: task.date("gmt_modified")?.map(openwork_core::clock::Millis),
        extension: match extension {
            Some(ext) => TaskExtension {
                comment_count: ext.text("comment_count")?,
                file_path: ext.text("file_path")?,
                other: ext.text_or_json("other")?,
            },
            None => TaskExtension::default(),
        },
    })
}

/// VENDOR: absent leaves a string alone, `""` clears it.
fn text_patch(values: &Values, name: &str) -> Result<Patch<String>, openwork_core::Error> {
    Ok(match values.text(name)? {
        None => Patch::Keep,
        Some(text) if text.is_empty() => Patch::Clear,
        Some(text) => Patch::Set(text),
    })
}

/// VENDOR: absent leaves a date alone, `1970-01-01 08:00:00` (Java's `Date(0)`) clears it.
fn date_patch(
    values: &Values,
    name: &str,
) -> Result<Patch<openwork_core::clock::Millis>, openwork_core::Error> {
    Ok(match values.date(name)? {
        None => Patch::Keep,
        Some(0) => Patch::Clear,
        Some(millis) => Patch::Set(openwork_core::clock::Millis(millis)),
    })
}

fn patch(task: &Values) -> Result<TaskPatch, openwork_core::Error> {
    let extension = task.object("extension")?.unwrap_or_default();
    Ok(TaskPatch {
        source: text_patch(task, "source")?,
        source_id: text_patch(task, "source_id")?,
        subject: text_patch(task, "subject")?,
        description: text_patch(task, "description")?,
        executor_userid: match text_patch(task, "executor_userid")? {
            Patch::Set(id) => Patch::Set(user(id)),
            Patch::Clear => Patch::Clear,
            Patch::Keep => Patch::Keep,
        },
        tracker_userids: users(task.text_list("tracker_userids")?),
        priority: task.int("priority")?,
        status_stage: task.int("status_stage")?,
        status_id: task.int("status_id")?,
        task_type_id: task.int("task_type_id")?,
        task_type_category: text_patch(task, "task_type_category")?,
        parent_id: text_patch(task, "parent_id")?,
        corp_id: text_patch(task, "corp_id")?,
        is_archived: task.bool("is_archived")?,
        is_recycled: task.bool("is_recycled")?,
        plan_start_date: date_patch(task, "plan_start_date")?,
        plan_finish_date: date_patch(task, "plan_finish_date")?,
        start_date: date_patch(task, "start_date")?,
        finish_date: date_patch(task, "finish_date")?,
        gmt_modified: date_patch(task, "gmt_modified")?,
        comment_count: text_patch(&extension, "comment_count")?,
        file_path: text_patch(&extension, "file_path")?,
        other: match extension.text_or_json("other")? {
            None => Patch::Keep,
            Some(text) if text.is_empty() => Patch::Clear,
            Some(text) => Patch::Set(text),
        },
    })
}

fn task_view(task: WorkspaceTask) -> wire::Task {
    let format = |at: Option<openwork_core::clock::Millis>| at.map(|at| date::format(at.0));
    wire::Task {
        task_id: task.task_id.0,
        subject: task.subject,
        description: task.description,
        creator_userid: task.creator_userid.map(|u| u.0),
        modifier_userid: task.modifier_userid.map(|u| u.0),
        executor_userid: task.executor_userid.map(|u| u.0),
        tracker_userids: task.tracker_userids.into_iter().map(|u| u.0).collect(),
        priority: task.priority,
        status_stage: task.status_stage,
        status_id: task.status_id,
        task_type_id: task.task_type_id,
        task_type_category: task.task_type_category,
        parent_id: task.parent_id,
        is_archived: task.is_archived,
        is_recycled: task.is_recycled,
        gmt_create: date::format(task.gmt_create.0),
        gmt_modified: date::format(task.gmt_modified.0),
        start_date: format(task.start_date),
        finish_date: format(task.finish_date),
        plan_start_date: format(task.plan_start_date),
        plan_finish_date: format(task.plan_finish_date),
        source: task.source,
        source_id: task.source_id,
        biz_tag: task.biz_tag,
        corp_id: task.corp_id,
        belong_corp_id: task.belong_corp_id,
        extension: wire::TaskExtension {
            comment_count: task.extension.comment_count,
            file_path: task.extension.file_path,
            other: task.extension.other,
        },
    }
}

/// `POST /topapi/workspace/task/create` (dingtalk.oapi.workspace.task.create).
async fn create(State(state): State<AppState>, call: TopCall) -> TopResult<wire::Task> {
    let operator = user(call.params.required_text("operator_userid")?);
    let task = call.params.object("task")?.unwrap_or_default();
    let created = state
        .openwork
        .create_workspace_task(&call.access, &operator, draft(&task)?)
        .await?;
    Ok(Top(Some(task_view(created))))
}

/// `POST /topapi/workspace/task/update` (dingtalk.oapi.workspace.task.update).
async fn update(State(state): State<AppState>, call: TopCall) -> TopResult<()> {
    let task_id = WorkspaceTaskId::new(call.params.required_text("task_id")?);
    let operator = call.params.text("operator_userid")?.map(user);
    let task = call.params.object("task")?.unwrap_or_default();
    state
        .openwork
        .update_workspace_task(&call.access, operator.as_ref(), &task_id, patch(&task)?)
        .await?;
    Ok(Top(None))
}

/// `POST /topapi/workspace/task/get` (dingtalk.oapi.workspace.task.get).
async fn get(State(state): State<AppState>, call: TopCall) -> TopResult<wire::Task> {
    let task_id = WorkspaceTaskId::new(call.params.required_text("task_id")?);
    let task = state
        .openwork
        .workspace_task(&call.access, &task_id)
        .await?;
    Ok(Top(Some(task_view(task))))
}

/// `POST /topapi/workspace/task/getbysourceid` (dingtalk.oapi.workspace.task.getbysourceid).
async fn get_by_source(State(state): State<AppState>, call: TopCall) -> TopResult<wire::Task> {
    let source_id = call.params.required_text("source_id")?;
    let source = call.params.text("source")?;
    let task = state
        .openwork
        .workspace_task_by_source(&call.access, source.as_deref(), &source_id)
        .await?;
    Ok(Top(Some(task_view(task))))
}

/// `POST /topapi/workspace/task/delete` (dingtalk.oapi.workspace.task.delete).
async fn delete(State(state): State<AppState>, call: TopCall) -> TopResult<()> {
    let operator = user(call.params.required_text("operator_userid")?);
    let task_id = WorkspaceTaskId::new(call.params.required_text("task_id")?);
    state
        .openwork
        .delete_workspace_task(&call.access, &operator, &task_id)
        .await?;
    Ok(Top(None))
}

/// `POST /topapi/workspace/task/deletebyproject` (dingtalk.oapi.workspace.task.deletebyproject).
async fn delete_by_project(State(state): State<AppState>, call: TopCall) -> TopResult<()> {
    let operator = user(call.params.required_text("operator_userid")?);
    let project = call.params.required_text("project_id")?;
    state
        .openwork
        .delete_workspace_tasks_of_project(&call.access, &operator, &project)
        .await?;
    Ok(Top(None))
}

/// `POST /topapi/workspace/task/migrate` and `…/clean` (dingtalk.oapi.workspace.task.migrate,
/// …clean). VENDOR: third-party (ISV) apps only; every openwork app is an internal one.
async fn third_party_only(call: TopCall) -> TopResult<()> {
    let _ = call;
    Err(
        openwork_core::Error::from(GatewayError::NoPermission("third-party apps only".into()))
            .into(),
    )
}

async fn change_tasklist(
    state: AppState,
    call: TopCall,
    change: impl FnOnce(&Values) -> Result<TasklistChange, openwork_core::Error>,
) -> TopResult<()> {
    let operator = user(call.params.required_text("operator_userid")?);
    let change = change(&call.params)?;
    let userid = user(call.params.required_text("userid")?);
    state
        .openwork
        .change_tasklist(&call.access, &operator, &userid, change)
        .await?;
    Ok(Top(None))
}

/// `POST /topapi/workspace/tasklist/addbyproject` (dingtalk.oapi.workspace.tasklist.addbyproject).
async fn add_by_project(State(state): State<AppState>, call: TopCall) -> TopResult<()> {
    change_tasklist(state, call, |params| {
        Ok(TasklistChange::AddByProject {
            project_id: params.required_text("project_id")?,
        })
    })
    .await
}

/// `POST /topapi/workspace/tasklist/hidebyproject` (dingtalk.oapi.workspace.tasklist.hidebyproject).
async fn hide_by_project(State(state): State<AppState>, call: TopCall) -> TopResult<()> {
    change_tasklist(state, call, |params| {
        Ok(TasklistChange::HideByProject {
            project_id: params.required_text("project_id")?,
        })
    })
    .await
}

/// `POST /topapi/workspace/tasklist/hidebyorg` (dingtalk.oapi.workspace.tasklist.hidebyorg).
async fn hide_by_org(State(state): State<AppState>, call: TopCall) -> TopResult<()> {
    change_tasklist(state, call, |_| Ok(TasklistChange::HideByOrg)).await
}

/// `POST /topapi/workspace/tasklist/hidden/cancel` (dingtalk.oapi.workspace.tasklist.hidden.cancel).
async fn cancel_hidden(State(state): State<AppState>, call: TopCall) -> TopResult<()> {
    change_tasklist(state, call, |_| Ok(TasklistChange::CancelHidden)).await
}
