//! openwork's own admin API (`/_openwork/v1`), shared by the server and the SDK.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Every admin error: `{"error": {"code", "message"}}`; `path` names the offending fixture value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AdminErrorBody {
    pub error: AdminError,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AdminError {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// What one tenant of a loaded fixture holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
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

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FixtureLoaded {
    pub tenants: Vec<TenantSummary>,
}

/// The ID of what a `DELETE` removed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Deleted {
    pub deleted: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ResetDone {
    pub deleted_tenants: u64,
    /// With `?demo=true`: the demo world's tenants, loaded again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loaded: Option<Vec<TenantSummary>>,
}

/// `POST /reset`'s query: `demo=true` loads the built-in demo world after deleting every
/// tenant.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ResetQuery {
    /// `true`: load the built-in demo world again after deleting every tenant.
    #[serde(default)]
    pub demo: bool,
}

/// `PUT …/clock`: `{"now": RFC3339}` fixes it, `{"now": null}` returns to real time,
/// `{"advance_seconds": N}` moves it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ClockNow {
    pub tenant_key: String,
    /// RFC 3339, UTC.
    pub now: String,
    pub now_ms: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct UserIds {
    pub user_id: String,
    pub open_id: String,
    pub union_id: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct UserTokenRequest {
    pub app_id: String,
    pub user_id: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct UserToken {
    pub access_token: String,
    pub expires_in: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Health {
    /// `ok`, or `unavailable` (HTTP 503).
    pub status: String,
    /// When unavailable: what is wrong, in words (the database file deleted or replaced, or
    /// that the database does not answer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SemesterReplaced {
    pub semester_id: String,
    pub stages: usize,
    pub stage_tasks: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct I18nName {
    pub zh_cn: String,
    pub en_us: String,
}

/// A stage as the admin API shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct StageTask {
    pub semester_id: String,
    pub stage_id: String,
    pub user_id: String,
    pub need_todo: i64,
    pub finished: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReviewTemplateStored {
    pub review_template_id: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReportRuleStored {
    pub rule_id: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReportSubmitted {
    pub task_id: String,
}

/// Whose board view of a report rule `views/remove` removed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RuleViews {
    pub rule_id: String,
    pub removed_for_everyone: bool,
    pub removed_user_ids: Vec<String>,
}

/// The job runners' switch and this replica's counts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct JobRunnerState {
    pub paused: bool,
    pub items_processed: u64,
    pub items_succeeded: u64,
    pub items_failed: u64,
    pub jobs_finished: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct JobRunnerChange {
    pub paused: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct JobStepRequest {
    /// How many items to apply (default 1).
    #[serde(default)]
    pub items: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct JobStepProgress {
    pub task_id: String,
    pub processed: i64,
    pub total: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct JobStepDone {
    pub processed: i64,
    pub jobs: Vec<JobStepProgress>,
}

/// Which of a user's DingTalk workspace tasks show in their task list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Tasklist {
    pub userid: String,
    /// `tasklist.hidebyorg` (undone by `tasklist.hidden.cancel`).
    pub hidden_org_wide: bool,
    pub projects: Vec<TasklistProject>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TasklistProject {
    pub project_id: String,
    pub hidden: bool,
}

/// A body as the request journal keeps it: its first bytes as text (secrets redacted), and how
/// long it was.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct JournalBody {
    pub text: String,
    /// The whole body's length in bytes.
    pub bytes: usize,
    /// Whether `text` holds only the first part of the body.
    pub truncated: bool,
}

/// One request a replica served, as `GET /_openwork/v1/requests` lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct JournalEntry {
    /// Increasing in the order the requests finished (per replica in memory; per database
    /// when the journal is kept there).
    pub id: u64,
    /// The replica that served it.
    pub replica: String,
    /// When it arrived (RFC 3339, milliseconds, UTC).
    pub time: String,
    pub method: String,
    pub path: String,
    /// The query string, secrets redacted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// `feishu`, `dingtalk`, `admin` or `other`.
    pub api: String,
    /// The vendor operation the route serves (`performance.v1.stage_task.find_by_page`,
    /// `dingtalk.oapi.workspace.task.get`), when the request reached one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_id: Option<String>,
    /// The kind of token that called: `tenant`, `user` or `dingtalk`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller: Option<String>,
    /// Request headers, secrets redacted.
    pub request_headers: Vec<(String, String)>,
    pub request_body: JournalBody,
    pub status: u16,
    /// The vendor code of the answer (Feishu `code`, DingTalk `errcode`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<i64>,
    pub log_id: String,
    /// DingTalk's `request_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    pub duration_ms: f64,
    pub response_body: JournalBody,
    /// Which rule refused the request and how to fix it (also sent as `X-Openwork-Explain`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
    /// The injected fault that answered, when one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fault: Option<String>,
}

/// `GET /_openwork/v1/requests`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct JournalPage {
    pub entries: Vec<JournalEntry>,
}

/// What an injected fault does.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultAction {
    /// Answer the vendor's error envelope with this code, message and HTTP status.
    VendorError {
        code: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        msg: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        http_status: Option<u16>,
    },
    /// Wait this long, then serve the request normally.
    Latency { ms: u64 },
    /// Close the connection without an answer.
    Drop,
    /// Answer this 5xx status with a plain-text body, as a broken gateway would.
    ServerError {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        status: Option<u16>,
    },
}

/// `POST /_openwork/v1/faults`: which calls a fault hits and what it does to them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FaultSpec {
    /// The operation (as journal entries name it), or `*` for every vendor operation.
    pub operation: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_key: Option<String>,
    pub action: FaultAction,
    /// Hit only the next this many matching calls (absent: until cleared).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u64>,
    /// Hit a matching call with this probability, 0 to 1 (absent: always).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probability: Option<f64>,
}

/// A fault in force on this replica.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Fault {
    pub id: u64,
    #[serde(flatten)]
    pub spec: FaultSpec,
    /// How many more calls it hits, when limited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remaining: Option<u64>,
    /// How many calls it has hit so far.
    pub hits: u64,
}

/// `GET /_openwork/v1/faults`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FaultList {
    pub faults: Vec<Fault>,
}

/// `GET /_openwork/v1/requests`'s query: every filter given narrows the listing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JournalQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_id: Option<String>,
    /// Entries whose path contains this text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// RFC 3339 bounds of the entries' time, inclusive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// Entries after this ID, oldest first (to follow the journal); else newest first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<u64>,
    /// At most this many (default 100, at most 1,000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<usize>,
}

// --- Browsing: the read-only lists a console shows the world with ---

/// `?limit=&after=` of a paged admin list: at most `limit` items (1 to 500, 50 when absent),
/// after the cursor `after` (the `next` of the previous page; absent for the first page).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PageQuery {
    /// At most this many items, 1 to 500 (default 50). Kept as the query string carries it, so
    /// that the server can say what is wrong with a bad one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
    /// The `next` of the previous page; absent for the first page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

/// One page of a paged admin list, in the list's order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "PageOf{T}")]
pub struct ListPage<T> {
    pub items: Vec<T>,
    /// The cursor of the following page (pass it as `?after=`); `null` on the last page.
    #[serde(default)]
    pub next: Option<String>,
}

/// `GET /tenants`: every tenant, by key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TenantList {
    pub tenants: Vec<Tenant>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Tenant {
    pub tenant_key: String,
    pub name: String,
    #[serde(default)]
    pub dingtalk_corp_id: Option<String>,
    /// The tenant's now (RFC 3339, UTC) once its clock was fixed or moved (`PUT …/clock`);
    /// `null` while it is the real time.
    #[serde(default)]
    pub clock: Option<String>,
    #[serde(default)]
    pub clock_ms: Option<i64>,
    /// `true`: the clock stands still at `clock` until moved; `false`: it is the real time, or
    /// runs ahead of or behind it.
    pub clock_fixed: bool,
}

/// `GET /tenants/{tenant}/apps`: the tenant's apps in declaration order, with their secrets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AppList {
    pub tenant_key: String,
    pub apps: Vec<App>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct App {
    pub app_id: String,
    /// The Feishu app secret (`tenant_access_token/internal`).
    pub app_secret: String,
    pub name: String,
    pub developer: String,
    pub scopes: Vec<String>,
    /// `null` for an app without a DingTalk identity.
    #[serde(default)]
    pub dingtalk: Option<DingTalkApp>,
}

/// An app's DingTalk credentials (`/gettoken`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DingTalkApp {
    pub app_key: String,
    pub app_secret: String,
    #[serde(default)]
    pub agent_id: Option<String>,
    /// API-name prefixes the app may call; `null` allows every call.
    #[serde(default)]
    pub permissions: Option<Vec<String>>,
}

/// An item of `GET /tenants/{tenant}/users` (by `user_id`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct User {
    pub user_id: String,
    pub name: String,
    #[serde(default)]
    pub en_name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub mobile: Option<String>,
    pub department_ids: Vec<String>,
    #[serde(default)]
    pub leader_user_id: Option<String>,
    #[serde(default)]
    pub employee_no: Option<String>,
    /// Profile attributes kept as the fixture or API gave them (city, gender, …).
    #[serde(default)]
    pub attributes: serde_json::Map<String, serde_json::Value>,
}

/// An item of `GET /tenants/{tenant}/departments` (by `department_id`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Department {
    pub department_id: String,
    pub name: String,
    /// `"0"` under the root.
    pub parent_id: String,
    #[serde(default)]
    pub leader_user_id: Option<String>,
    pub open_department_id: String,
    #[serde(default)]
    pub chat_id: Option<String>,
}

/// `GET /tenants/{tenant}/semesters`: semesters by start time, each with its stages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SemesterList {
    pub tenant_key: String,
    pub semesters: Vec<Semester>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Semester {
    pub semester_id: String,
    pub name: I18nName,
    pub year: i32,
    pub type_group: String,
    pub semester_type: String,
    pub progress: String,
    /// RFC 3339, UTC.
    pub start_time: String,
    pub start_time_ms: i64,
    /// RFC 3339, UTC.
    pub end_time: String,
    pub end_time_ms: i64,
    /// In declaration order.
    pub stages: Vec<Stage>,
}

/// An item of `GET /tenants/{tenant}/stages/{stage_id}/tasks` (by `user_id`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct UserStageTask {
    pub user_id: String,
    pub need_todo: i64,
    pub finished: i64,
    /// As the performance APIs would answer now, on the tenant's clock: `need_todo`,
    /// `overdue`, `all_done` or `stage_pause`.
    pub status: String,
}

/// An item of `GET /tenants/{tenant}/reports` (newest first).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Report {
    pub task_id: String,
    pub rule_id: String,
    /// `null` when the report names no rule of the tenant.
    #[serde(default)]
    pub rule_name: Option<String>,
    pub from_user_id: String,
    /// RFC 3339, UTC.
    pub commit_time: String,
    pub commit_time_ms: i64,
    pub to_user_ids: Vec<String>,
    /// The form's values by `field_id`.
    pub form_values: std::collections::BTreeMap<String, String>,
}

/// An item of `GET /tenants/{tenant}/contact_jobs` (newest first): a batch import and how far
/// it got.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ContactJob {
    pub task_id: String,
    /// The app that submitted it.
    pub app_id: String,
    /// `add_user` or `add_department`.
    #[serde(rename = "type")]
    pub kind: String,
    /// `running` (queued, or being applied), `done` or `failed`.
    pub status: String,
    /// The vendor's code of `status`, as `task/get` answers it: 1, 9 or 10.
    pub status_code: i64,
    /// `processed × 100 / total`.
    pub progress: i64,
    pub total: i64,
    pub processed: i64,
    pub succeeded: i64,
    pub failed: i64,
    /// On the tenant's clock (RFC 3339, UTC).
    pub create_time: String,
    pub create_time_ms: i64,
    /// On the tenant's clock; `null` until the job ends.
    #[serde(default)]
    pub finish_time: Option<String>,
    #[serde(default)]
    pub finish_time_ms: Option<i64>,
}

/// `POST /tenants/{tenant_key}/events`: an event of a supported type with the body given, pushed
/// to every app of the tenant that subscribes to the type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EmitEvent {
    /// `contact.user.created_v3`, … (docs/events.md lists them).
    pub event_type: String,
    /// The envelope's `event` object, sent as given to every subscriber.
    pub event: serde_json::Value,
}

/// What an emit stored: one event per subscribing app (none when no app subscribes).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct EmittedEvents {
    pub events: Vec<EmittedEvent>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct EmittedEvent {
    pub event_id: String,
    pub app_id: String,
    /// `webhook`, `long_connection`, or both.
    pub channels: Vec<String>,
}

/// The filters of `GET /tenants/{tenant_key}/events`, besides `limit` and `after`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct EventFilter {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_type: Option<String>,
    /// `pending`, `delivered` or `failed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

/// One event on one channel, and where its delivery stands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EventDelivery {
    pub event_id: String,
    /// `webhook` or `long_connection`.
    pub channel: String,
    pub app_id: String,
    pub event_type: String,
    /// RFC 3339, and Unix milliseconds (the envelope's `create_time`).
    pub create_time: String,
    pub create_time_ms: i64,
    /// `pending` (not delivered yet), `delivered`, or `failed` (every retry failed).
    pub state: String,
    /// Attempts so far.
    pub attempts: i64,
    /// When a pending delivery is tried next (RFC 3339); `null` once it is settled.
    pub next_attempt_at: Option<String>,
    pub delivered_at: Option<String>,
    /// The envelope's `event` object.
    pub event: serde_json::Value,
}

/// `GET /tenants/{tenant_key}/events/{event_id}`: one event on each of its channels, with every
/// attempt.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EventHistory {
    pub deliveries: Vec<EventDeliveryHistory>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EventDeliveryHistory {
    #[serde(flatten)]
    pub delivery: EventDelivery,
    pub attempt_log: Vec<EventAttempt>,
}

/// One try at delivering an event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct EventAttempt {
    /// 1 for the first try.
    pub attempt: i64,
    /// RFC 3339.
    pub at: String,
    pub duration_ms: i64,
    /// The replica's dispatcher that tried.
    pub replica: String,
    /// The request URL, or the long connection's `device_id`.
    pub target: String,
    pub delivered: bool,
    /// The webhook's HTTP status, or the code of the client's acknowledgement.
    pub status: Option<i64>,
    /// What came back, or what went wrong.
    pub detail: String,
}

/// `POST /tenants/{tenant_key}/apps/{app_id}/events/verify`: the URL-verification challenge
/// sent to the app's request URL, and what came back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct UrlVerification {
    pub request_url: String,
    /// True when the URL answered HTTP 200 echoing the challenge.
    pub verified: bool,
    pub status: Option<i64>,
    pub detail: String,
}
