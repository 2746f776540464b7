//! `dingtalk.oapi.workspace.task.*` and `workspace.tasklist.*`: each call's parameters, one type
//! per call, and the Task object as the gateway writes it.
//!
//! The request types are what the SDK sends and what the server decodes every call into
//! (however the client encoded it: JSON, form or query, numbers as strings, objects as JSON
//! strings). A required parameter is a plain field; an optional one an `Option`, so that an
//! absent one is `None` and a missing required one names itself in the gateway's error.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::lenient::text_or_json;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TaskExtension {
    /// VENDOR: a string in get/getbysourceid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment_count: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_path: Option<String>,
    /// Free-form: a string, or on input any JSON value (kept as its JSON text).
    #[serde(
        default,
        deserialize_with = "text_or_json",
        skip_serializing_if = "Option::is_none"
    )]
    pub other: Option<String>,
}

/// A task; dates are `yyyy-MM-dd HH:mm:ss` (UTC+8); absent values are left out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Task {
    pub task_id: String,
    pub subject: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator_userid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modifier_userid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub executor_userid: Option<String>,
    #[serde(default)]
    pub tracker_userids: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_stage: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_type_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_type_category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    pub is_archived: bool,
    pub is_recycled: bool,
    pub gmt_create: String,
    pub gmt_modified: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finish_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_start_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_finish_date: Option<String>,
    pub source: String,
    pub source_id: String,
    pub biz_tag: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corp_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub belong_corp_id: Option<String>,
    #[serde(default)]
    pub extension: TaskExtension,
}

/// The `task` of `create` (every field optional) and of `update` (an absent field is left as
/// it is, `""` clears a text, `"1970-01-01 08:00:00"` clears a date). Dates as
/// `yyyy-MM-dd HH:mm:ss` (UTC+8).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TaskInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator_userid: Option<String>,
    /// On `create` only (`update` makes the operator the modifier).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modifier_userid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub executor_userid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracker_userids: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_stage: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_type_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_type_category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corp_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_archived: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_recycled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_start_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_finish_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finish_date: Option<String>,
    /// On `create` only: when the task was made in the source system (default: now).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gmt_create: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gmt_modified: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<TaskExtension>,
}

/// `workspace.task.create`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CreateTaskRequest {
    pub operator_userid: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<TaskInput>,
}

/// `workspace.task.update`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct UpdateTaskRequest {
    pub task_id: String,
    /// Becomes the task's modifier when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator_userid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<TaskInput>,
}

/// `workspace.task.get`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct GetTaskRequest {
    pub task_id: String,
}

/// `workspace.task.getbysourceid`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct GetTaskBySourceRequest {
    pub source_id: String,
    /// Default: openwork's own source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// `workspace.task.delete`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DeleteTaskRequest {
    pub operator_userid: String,
    pub task_id: String,
}

/// `workspace.task.deletebyproject`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DeleteProjectTasksRequest {
    pub operator_userid: String,
    pub project_id: String,
}

/// `workspace.tasklist.addbyproject` and `workspace.tasklist.hidebyproject`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ProjectTasklistRequest {
    pub operator_userid: String,
    pub project_id: String,
    pub userid: String,
}

/// `workspace.tasklist.hidebyorg` and `workspace.tasklist.hidden.cancel`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TasklistRequest {
    pub operator_userid: String,
    pub userid: String,
}
