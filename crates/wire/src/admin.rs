//! openwork's own admin API (`/_openwork/v1`), shared by the server and the SDK.

use serde::{Deserialize, Serialize};

/// Every admin error: `{"error": {"code", "message"}}`; `path` names the offending fixture value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminErrorBody {
    pub error: AdminError,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminError {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// What one tenant of a loaded fixture holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantSummary {
    pub tenant_key: String,
    pub apps: usize,
    pub departments: usize,
    pub users: usize,
    pub semesters: usize,
    pub stages: usize,
    pub stage_tasks: usize,
    pub review_templates: usize,
    pub report_rules: usize,
    pub reports: usize,
    pub workspace_tasks: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FixtureLoaded {
    pub tenants: Vec<TenantSummary>,
}

/// The ID of what a `DELETE` removed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deleted {
    pub deleted: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResetDone {
    pub deleted_tenants: u64,
}

/// `PUT …/clock`: `{"now": RFC3339}` fixes it, `{"now": null}` returns to real time,
/// `{"advance_seconds": N}` moves it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockChange {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::lenient::double_option"
    )]
    pub now: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advance_seconds: Option<i64>,
}

/// A tenant's current "now".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockNow {
    pub tenant_key: String,
    /// RFC 3339, UTC.
    pub now: String,
    pub now_ms: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserIds {
    pub user_id: String,
    pub open_id: String,
    pub union_id: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserTokenRequest {
    pub app_id: String,
    pub user_id: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserToken {
    pub access_token: String,
    pub expires_in: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub status: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SemesterReplaced {
    pub semester_id: String,
    pub stages: usize,
    pub stage_tasks: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct I18nName {
    pub zh_cn: String,
    pub en_us: String,
}

/// A stage as the admin API shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stage {
    pub stage_id: String,
    pub semester_id: String,
    pub name: I18nName,
    /// RFC 3339, UTC.
    pub deadline: String,
    pub deadline_ms: i64,
    pub jump_url: Option<String>,
    pub paused: bool,
    pub stage_type: String,
    /// When the stage's results open (RFC 3339, UTC); absent while they stay closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub results_open_time: Option<String>,
}

/// A user's to-dos in a stage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageTask {
    pub semester_id: String,
    pub stage_id: String,
    pub user_id: String,
    pub need_todo: i64,
    pub finished: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewTemplateStored {
    pub review_template_id: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRuleStored {
    pub rule_id: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportSubmitted {
    pub task_id: String,
}

/// Whose board view of a report rule `views/remove` removed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleViews {
    pub rule_id: String,
    pub removed_for_everyone: bool,
    pub removed_user_ids: Vec<String>,
}

/// The job runners' switch and this replica's counts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobRunnerState {
    pub paused: bool,
    pub items_processed: u64,
    pub items_succeeded: u64,
    pub items_failed: u64,
    pub jobs_finished: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobRunnerChange {
    pub paused: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobStepRequest {
    /// How many items to apply (default 1).
    #[serde(default)]
    pub items: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobStepProgress {
    pub task_id: String,
    pub processed: i64,
    pub total: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobStepDone {
    pub processed: i64,
    pub jobs: Vec<JobStepProgress>,
}

/// Which of a user's DingTalk workspace tasks show in their task list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tasklist {
    pub userid: String,
    /// `tasklist.hidebyorg` (undone by `tasklist.hidden.cancel`).
    pub hidden_org_wide: bool,
    pub projects: Vec<TasklistProject>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TasklistProject {
    pub project_id: String,
    pub hidden: bool,
}
