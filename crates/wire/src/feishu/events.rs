//! Feishu event pushes: the v2.0 envelope every pushed event travels in (webhook and long
//! connection alike) and the bodies of the events openwork emits. Field names and types follow
//! the official SDKs' models (lark-oapi `api/contact/v3/model/user_event.py`,
//! `api/performance/v2/model/review_data_change.py`, …); docs/design/events-protocol.md cites
//! each.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `contact.user.created_v3`: a user joined the directory.
pub const USER_CREATED: &str = "contact.user.created_v3";
/// `contact.department.created_v3`: a department was created.
pub const DEPARTMENT_CREATED: &str = "contact.department.created_v3";
/// `performance.stage_task.open_result_v2`: reviewees' results were opened to them.
pub const STAGE_TASK_OPEN_RESULT: &str = "performance.stage_task.open_result_v2";
/// `performance.review_data.changed_v2`: review data of reviewees changed.
pub const REVIEW_DATA_CHANGED: &str = "performance.review_data.changed_v2";

/// Every event type openwork can push, in the order the docs list them.
pub const EVENT_TYPES: &[&str] = &[
    USER_CREATED,
    DEPARTMENT_CREATED,
    STAGE_TASK_OPEN_RESULT,
    REVIEW_DATA_CHANGED,
];

/// A pushed event: `{"schema":"2.0","header":{…},"event":{…}}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Envelope {
    pub schema: String,
    pub header: EnvelopeHeader,
    pub event: serde_json::Value,
}

/// Every header value is a string, `create_time` included (Unix milliseconds).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct EnvelopeHeader {
    /// Unique per event and kept on every redelivery: the key receivers deduplicate on.
    pub event_id: String,
    pub event_type: String,
    pub create_time: String,
    /// The app's verification token.
    pub token: String,
    pub app_id: String,
    pub tenant_key: String,
}

/// The body of `contact.*.created_v3` events: the created object.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ObjectEvent<T> {
    pub object: T,
}

/// A user as contact events carry it: in all three ID forms at once.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct UserEvent {
    pub open_id: String,
    pub union_id: String,
    /// Only for apps granted `contact:user.employee_id:readonly`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The vendor sends it always (empty when unknown); the node SDK types it as required.
    pub mobile: String,
    /// Departments as `open_department_id`s.
    pub department_ids: Vec<String>,
    /// The leader's `open_id`, as this app sees them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leader_user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employee_no: Option<String>,
    pub status: UserStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct UserStatus {
    pub is_frozen: bool,
    pub is_resigned: bool,
    pub is_activated: bool,
    pub is_exited: bool,
    pub is_unjoin: bool,
}

/// A department as contact events carry it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DepartmentEvent {
    pub name: String,
    /// The parent's `open_department_id` (`"0"` for the root).
    pub parent_department_id: String,
    pub department_id: String,
    pub open_department_id: String,
    /// The leader's `open_id`, as this app sees them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leader_user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat_id: Option<String>,
    pub status: DepartmentStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DepartmentStatus {
    pub is_deleted: bool,
}

/// The body of the performance events: `{"items": […]}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ItemsEvent<T> {
    pub items: Vec<T>,
}

/// A user in all three ID forms (performance events).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct EventUserId {
    /// Only for apps granted `contact:user.employee_id:readonly`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    pub open_id: String,
    pub union_id: String,
}

/// One reviewee whose results were opened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct OpenResult {
    pub user_id: EventUserId,
    pub semester_id: String,
    pub activity_id: String,
    /// Unix milliseconds, as a string.
    pub open_time: String,
}

/// One reviewee whose review data changed, with the stages and roles that changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReviewDataChange {
    pub user_id: EventUserId,
    pub semester_id: String,
    pub activity_id: String,
    pub stage_changes: Vec<StageChange>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct StageChange {
    pub stage_id: String,
    pub stage_type: String,
    pub review_stage_role: String,
}
