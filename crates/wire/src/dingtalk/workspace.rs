//! `dingtalk.oapi.workspace.task.*`: the Task object as the gateway writes it.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskExtension {
    /// VENDOR: a string in get/getbysourceid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment_count: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other: Option<String>,
}

/// A task; dates are `yyyy-MM-dd HH:mm:ss` (UTC+8); absent values are left out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<TaskExtension>,
}
