//! `report/v1` (汇报): report tasks and rules.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::lenient::NumberText;

/// Query of the report APIs that read or write user IDs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct UserIdTypeQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id_type: Option<String>,
}

/// Body of `tasks/query`. VENDOR: the Python SDK 1.7.5 types `rule_id` as an int.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TaskQueryRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit_start_time: Option<NumberText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit_end_time: Option<NumberText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule_id: Option<NumberText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<NumberText>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FormContent {
    pub field_id: String,
    pub field_name: String,
    pub field_value: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReportTask {
    pub task_id: String,
    pub rule_name: String,
    pub from_user_id: String,
    pub from_user_name: String,
    pub department_name: String,
    /// Unix seconds.
    pub commit_time: i64,
    pub form_contents: Vec<FormContent>,
    pub rule_id: String,
    pub department_ids: Vec<String>,
    pub to_user_ids: Vec<String>,
    pub to_user_names: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TaskQueryData {
    pub items: Vec<ReportTask>,
    pub has_more: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_token: Option<String>,
}

/// Query of `rules/query`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RuleQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_deleted: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id_type: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FormSchema {
    pub name: String,
    #[serde(rename = "type")]
    pub field_type: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Rule {
    pub rule_id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon_name: Option<String>,
    /// Unix seconds.
    pub created_at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator_user_id: Option<String>,
    pub creator_user_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_user_id: Option<String>,
    pub owner_user_name: String,
    pub form_schema: Vec<FormSchema>,
    /// 0 or 1.
    pub is_deleted: i64,
    pub need_report_user_ids: Vec<String>,
    pub need_report_department_ids: Vec<String>,
    pub need_report_chat_ids: Vec<String>,
    pub cc_user_ids: Vec<String>,
    pub cc_department_ids: Vec<String>,
    pub to_user_ids: Vec<String>,
    pub to_chat_ids: Vec<String>,
    pub to_leaders: Vec<i64>,
    pub to_department_owners: Vec<i64>,
    pub manager_user_ids: Vec<String>,
    pub cc_chat_ids: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RuleQueryData {
    pub rules: Vec<Rule>,
}

/// Body of `rules/:rule_id/views/remove`: no users means everyone.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RemoveViewsRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_ids: Option<Vec<String>>,
}
