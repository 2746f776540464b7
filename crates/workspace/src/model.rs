//! What the workspace service stores: tasks, and which of a user's tasks their task list hides.

use openwork_platform::clock::Millis;
use openwork_platform::db::{Cell, Columns, ReadRow};
use openwork_platform::error::StoreResult;
use openwork_platform::ids::UserId;
use openwork_platform::string_id;

string_id!(
    /// A workspace task's ID: numeric, as the vendor's.
    WorkspaceTaskId
);

/// The `source` a task gets when its creator names none (docs/semantics.md, "DingTalk workspace tasks").
pub const DEFAULT_SOURCE: &str = "openwork";

/// Values of `priority`: 10 low, 20 normal, 30 urgent, 40 very urgent.
pub const PRIORITIES: &[i64] = &[10, 20, 30, 40];
/// Values of `status_stage`: 0 start, 1 in progress, 2 done.
pub const STATUS_STAGES: &[i64] = &[0, 1, 2];
/// Values of `task_type_category`.
pub const TASK_TYPE_CATEGORIES: &[&str] = &["task", "req", "bug", "risk", "workitem"];

/// The first of a task's enumerated values outside its set, as (its key, what it must be): the
/// one rule the API and fixtures share.
pub fn value_outside_its_set(
    priority: Option<i64>,
    status_stage: Option<i64>,
    task_type_category: Option<&str>,
) -> Option<(&'static str, &'static str)> {
    if priority.is_some_and(|p| !PRIORITIES.contains(&p)) {
        Some(("priority", "must be 10, 20, 30 or 40"))
    } else if status_stage.is_some_and(|s| !STATUS_STAGES.contains(&s)) {
        Some(("status_stage", "must be 0, 1 or 2"))
    } else if task_type_category.is_some_and(|c| !TASK_TYPE_CATEGORIES.contains(&c)) {
        Some((
            "task_type_category",
            "must be task, req, bug, risk or workitem",
        ))
    } else {
        None
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkspaceTask {
    pub task_id: WorkspaceTaskId,
    pub source: String,
    pub source_id: String,
    pub subject: String,
    pub description: Option<String>,
    pub creator_userid: Option<UserId>,
    pub modifier_userid: Option<UserId>,
    pub executor_userid: Option<UserId>,
    pub tracker_userids: Vec<UserId>,
    pub priority: Option<i64>,
    pub status_stage: Option<i64>,
    pub status_id: Option<i64>,
    pub task_type_id: Option<i64>,
    pub task_type_category: Option<String>,
    pub parent_id: Option<String>,
    /// The project (virtual org) the task belongs to.
    pub corp_id: Option<String>,
    /// The real organisation: the tenant's DingTalk corpId.
    pub belong_corp_id: Option<String>,
    pub biz_tag: String,
    pub is_archived: bool,
    pub is_recycled: bool,
    pub plan_start_date: Option<Millis>,
    pub plan_finish_date: Option<Millis>,
    pub start_date: Option<Millis>,
    pub finish_date: Option<Millis>,
    pub gmt_create: Millis,
    pub gmt_modified: Millis,
    pub extension: TaskExtension,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TaskExtension {
    pub comment_count: Option<String>,
    pub file_path: Option<String>,
    pub other: Option<String>,
}

/// One user's task-list visibility: org-wide (`project_id` None) or for one project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TasklistVisibility {
    pub project_id: Option<String>,
    pub hidden: bool,
    pub changed_at: Millis,
}

/// A task's extension: `comment_count`, `file_path`, `other`.
impl Columns for TaskExtension {
    fn put(&self, out: &mut Vec<Cell>) {
        self.comment_count.put(out);
        self.file_path.put(out);
        self.other.put(out);
    }
    fn read(row: &ReadRow<'_>, columns: &[&str]) -> StoreResult<Self> {
        Ok(Self {
            comment_count: Option::read(row, &columns[..1])?,
            file_path: Option::read(row, &columns[1..2])?,
            other: Option::read(row, &columns[2..])?,
        })
    }
}
