//! DingTalk workspace tasks (`dingtalk.oapi.workspace.task.*`).

use crate::clock::Millis;
use crate::ids::{UserId, WorkspaceTaskId};
use openwork_platform::db::{AnyRow, Cell, Columns};
use openwork_platform::error::StoreResult;

/// The `source` a task gets when its creator names none (semantics.md §7).
pub const DEFAULT_SOURCE: &str = "openwork";

/// Values of `priority`: 10 low, 20 normal, 30 urgent, 40 very urgent.
pub const PRIORITIES: &[i64] = &[10, 20, 30, 40];
/// Values of `status_stage`: 0 start, 1 in progress, 2 done.
pub const STATUS_STAGES: &[i64] = &[0, 1, 2];
/// Values of `task_type_category`.
pub const TASK_TYPE_CATEGORIES: &[&str] = &["task", "req", "bug", "risk", "workitem"];

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

/// What an update does to one value: leave it, clear it, or set it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Patch<T> {
    #[default]
    Keep,
    Clear,
    Set(T),
}

impl<T> Patch<T> {
    /// The value after the patch.
    pub fn apply(self, current: Option<T>) -> Option<T> {
        match self {
            Self::Keep => current,
            Self::Clear => None,
            Self::Set(value) => Some(value),
        }
    }
}

/// The `task` of `create`: every field optional.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TaskDraft {
    pub source: Option<String>,
    pub source_id: Option<String>,
    pub subject: Option<String>,
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
    pub corp_id: Option<String>,
    pub is_archived: Option<bool>,
    pub is_recycled: Option<bool>,
    pub plan_start_date: Option<Millis>,
    pub plan_finish_date: Option<Millis>,
    pub start_date: Option<Millis>,
    pub finish_date: Option<Millis>,
    pub gmt_create: Option<Millis>,
    pub gmt_modified: Option<Millis>,
    pub extension: TaskExtension,
}

/// The `task` of `update`. VENDOR: a missing field is unchanged, an empty string clears a
/// string, `1970-01-01 08:00:00` (Java's `Date(0)`) clears a date.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TaskPatch {
    pub source: Patch<String>,
    pub source_id: Patch<String>,
    pub subject: Patch<String>,
    pub description: Patch<String>,
    pub executor_userid: Patch<UserId>,
    pub tracker_userids: Option<Vec<UserId>>,
    pub priority: Option<i64>,
    pub status_stage: Option<i64>,
    pub status_id: Option<i64>,
    pub task_type_id: Option<i64>,
    pub task_type_category: Patch<String>,
    pub parent_id: Patch<String>,
    pub corp_id: Patch<String>,
    pub is_archived: Option<bool>,
    pub is_recycled: Option<bool>,
    pub plan_start_date: Patch<Millis>,
    pub plan_finish_date: Patch<Millis>,
    pub start_date: Patch<Millis>,
    pub finish_date: Patch<Millis>,
    pub gmt_modified: Patch<Millis>,
    pub comment_count: Patch<String>,
    pub file_path: Patch<String>,
    pub other: Patch<String>,
}

/// The `tasklist` calls: which of a user's tasks show in their task list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TasklistChange {
    /// `tasklist.addbyproject`: show the user's tasks of a project.
    AddByProject { project_id: String },
    /// `tasklist.hidebyproject`: hide the user's tasks of a project.
    HideByProject { project_id: String },
    /// `tasklist.hidebyorg`: hide all the user's tasks.
    HideByOrg,
    /// `tasklist.hidden.cancel`: show the user's tasks again.
    CancelHidden,
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
    fn read(row: &AnyRow, columns: &[&str]) -> StoreResult<Self> {
        Ok(Self {
            comment_count: Option::read(row, &columns[..1])?,
            file_path: Option::read(row, &columns[1..2])?,
            other: Option::read(row, &columns[2..])?,
        })
    }
}
