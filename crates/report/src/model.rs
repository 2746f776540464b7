//! Work-report data (汇报): rules with their forms, and submitted reports.

use std::collections::BTreeMap;

use openwork_platform::clock::Millis;
use openwork_platform::ids::{DepartmentId, UserId};
use openwork_platform::string_id;

string_id!(
    /// A report rule (汇报规则) id.
    RuleId
);
string_id!(
    /// A submitted report (汇报任务) id.
    ReportTaskId
);

/// Values of a report form field's `type` (vendor spelling, `attachement` included).
pub const FORM_FIELD_TYPES: &[&str] = &[
    "text",
    "number",
    "dropdown",
    "image",
    "attachement",
    "multiSelect",
    "address",
    "datetime",
];

/// Whether a tenant has the report service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReportSettings {
    /// `false`: the report APIs answer "tenant key not exist".
    pub enabled: bool,
}

/// A report rule (汇报规则): who reports what to whom.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportRule {
    pub rule_id: RuleId,
    pub name: String,
    pub icon_name: Option<String>,
    pub owner_user_id: Option<UserId>,
    pub creator_user_id: Option<UserId>,
    pub created_at: Millis,
    /// The form, in display order.
    pub form: Vec<FormField>,
    pub need_report_user_ids: Vec<UserId>,
    pub need_report_department_ids: Vec<DepartmentId>,
    pub to_user_ids: Vec<UserId>,
    pub cc_user_ids: Vec<UserId>,
    pub manager_user_ids: Vec<UserId>,
    pub deleted: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormField {
    pub field_id: String,
    pub name: String,
    pub field_type: String,
}

impl FormField {
    /// Attachments and images are reported with an empty value (the vendor returns only ID and
    /// name for them).
    pub fn hides_value(&self) -> bool {
        matches!(self.field_type.as_str(), "image" | "attachement")
    }
}

/// A submitted report (汇报任务).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    pub task_id: ReportTaskId,
    pub rule_id: RuleId,
    pub from_user_id: UserId,
    pub commit_time: Millis,
    pub to_user_ids: Vec<UserId>,
    /// Form values by `field_id`.
    pub values: BTreeMap<String, String>,
}
