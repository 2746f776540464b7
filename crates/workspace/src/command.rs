//! The workspace calls' parameters, parsed at the edge into typed commands before a use case
//! sees them: user IDs typed, enumerations and dates checked. VENDOR: a value the gateway cannot
//! take is errcode 41 naming the argument (`Invalid arguments:priority`).

use openwork_platform::clock::Millis;
use openwork_platform::error::GatewayError;
use openwork_platform::ids::UserId;
use openwork_wire::dingtalk::{date, workspace as wire};

use crate::error::Result;
use crate::model::{TaskExtension, WorkspaceTaskId, value_outside_its_set};

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

    /// The value set, if the patch sets one.
    pub fn set(&self) -> Option<&T> {
        match self {
            Self::Set(value) => Some(value),
            Self::Keep | Self::Clear => None,
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

/// `workspace.task.create`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreateTask {
    pub operator: UserId,
    pub draft: TaskDraft,
}

/// `workspace.task.update`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpdateTask {
    pub task_id: WorkspaceTaskId,
    /// Becomes the modifier when given.
    pub operator: Option<UserId>,
    pub patch: TaskPatch,
}

/// `workspace.task.getbysourceid`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceRef {
    /// `None`: openwork's own source.
    pub source: Option<String>,
    pub source_id: String,
}

/// `workspace.task.delete`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeleteTask {
    pub operator: UserId,
    pub task_id: WorkspaceTaskId,
}

/// `workspace.task.deletebyproject`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeleteProjectTasks {
    pub operator: UserId,
    pub project_id: String,
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

/// One of the `tasklist` calls.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeTasklist {
    pub operator: UserId,
    pub user: UserId,
    pub change: TasklistChange,
}

impl ChangeTasklist {
    /// `addbyproject` and `hidebyproject`: `change` builds the change from the project.
    pub fn of_project(
        body: wire::ProjectTasklistRequest,
        change: fn(String) -> TasklistChange,
    ) -> Self {
        Self {
            operator: UserId::new(body.operator_userid),
            user: UserId::new(body.userid),
            change: change(body.project_id),
        }
    }

    /// `hidebyorg` and `hidden.cancel`.
    pub fn of_org(body: wire::TasklistRequest, change: TasklistChange) -> Self {
        Self {
            operator: UserId::new(body.operator_userid),
            user: UserId::new(body.userid),
            change,
        }
    }
}

fn users(ids: Vec<String>) -> Vec<UserId> {
    ids.into_iter().map(UserId::new).collect()
}

fn check_enums(
    priority: Option<i64>,
    status_stage: Option<i64>,
    category: Option<&str>,
) -> Result<()> {
    match value_outside_its_set(priority, status_stage, category) {
        Some((name, rule)) => Err(GatewayError::invalid(name, rule).into()),
        None => Ok(()),
    }
}

/// A date parameter: `yyyy-MM-dd HH:mm:ss` (UTC+8), RFC 3339 or epoch milliseconds, in the
/// years 1 to 9999 (what an answer can write back).
fn date(name: &str, value: Option<&str>) -> Result<Option<Millis>> {
    value
        .map(|text| {
            date::parse(text).map(Millis).ok_or_else(|| {
                GatewayError::invalid(
                    name,
                    format!(
                        "{text:?} is not a date of the years 1 to 9999: write yyyy-MM-dd HH:mm:ss (UTC+8), RFC 3339 or epoch milliseconds"
                    ),
                )
                .into()
            })
        })
        .transpose()
}

/// VENDOR: absent leaves a string alone, `""` clears it.
fn text_patch(value: Option<String>) -> Patch<String> {
    match value {
        None => Patch::Keep,
        Some(text) if text.is_empty() => Patch::Clear,
        Some(text) => Patch::Set(text),
    }
}

/// VENDOR: absent leaves a date alone, `1970-01-01 08:00:00` (Java's `Date(0)`) clears it.
fn date_patch(name: &str, value: Option<&str>) -> Result<Patch<Millis>> {
    Ok(match date(name, value)? {
        None => Patch::Keep,
        Some(Millis(0)) => Patch::Clear,
        Some(at) => Patch::Set(at),
    })
}

impl CreateTask {
    pub fn parse(body: wire::CreateTaskRequest) -> Result<Self> {
        let task = body.task.unwrap_or_default();
        let extension = task.extension.unwrap_or_default();
        let draft = TaskDraft {
            plan_start_date: date("plan_start_date", task.plan_start_date.as_deref())?,
            plan_finish_date: date("plan_finish_date", task.plan_finish_date.as_deref())?,
            start_date: date("start_date", task.start_date.as_deref())?,
            finish_date: date("finish_date", task.finish_date.as_deref())?,
            gmt_create: date("gmt_create", task.gmt_create.as_deref())?,
            gmt_modified: date("gmt_modified", task.gmt_modified.as_deref())?,
            source: task.source,
            source_id: task.source_id,
            subject: task.subject,
            description: task.description,
            creator_userid: task.creator_userid.map(UserId::new),
            modifier_userid: task.modifier_userid.map(UserId::new),
            executor_userid: task.executor_userid.map(UserId::new),
            tracker_userids: users(task.tracker_userids.unwrap_or_default()),
            priority: task.priority,
            status_stage: task.status_stage,
            status_id: task.status_id,
            task_type_id: task.task_type_id,
            task_type_category: task.task_type_category,
            parent_id: task.parent_id,
            corp_id: task.corp_id,
            is_archived: task.is_archived,
            is_recycled: task.is_recycled,
            extension: TaskExtension {
                comment_count: extension.comment_count,
                file_path: extension.file_path,
                other: extension.other,
            },
        };
        check_enums(
            draft.priority,
            draft.status_stage,
            draft.task_type_category.as_deref(),
        )?;
        Ok(Self {
            operator: UserId::new(body.operator_userid),
            draft,
        })
    }
}

impl UpdateTask {
    pub fn parse(body: wire::UpdateTaskRequest) -> Result<Self> {
        let task = body.task.unwrap_or_default();
        let extension = task.extension.unwrap_or_default();
        let patch = TaskPatch {
            plan_start_date: date_patch("plan_start_date", task.plan_start_date.as_deref())?,
            plan_finish_date: date_patch("plan_finish_date", task.plan_finish_date.as_deref())?,
            start_date: date_patch("start_date", task.start_date.as_deref())?,
            finish_date: date_patch("finish_date", task.finish_date.as_deref())?,
            gmt_modified: date_patch("gmt_modified", task.gmt_modified.as_deref())?,
            source: text_patch(task.source),
            source_id: text_patch(task.source_id),
            subject: text_patch(task.subject),
            description: text_patch(task.description),
            executor_userid: match text_patch(task.executor_userid) {
                Patch::Set(id) => Patch::Set(UserId::new(id)),
                Patch::Clear => Patch::Clear,
                Patch::Keep => Patch::Keep,
            },
            tracker_userids: task.tracker_userids.map(users),
            priority: task.priority,
            status_stage: task.status_stage,
            status_id: task.status_id,
            task_type_id: task.task_type_id,
            task_type_category: text_patch(task.task_type_category),
            parent_id: text_patch(task.parent_id),
            corp_id: text_patch(task.corp_id),
            is_archived: task.is_archived,
            is_recycled: task.is_recycled,
            comment_count: text_patch(extension.comment_count),
            file_path: text_patch(extension.file_path),
            other: text_patch(extension.other),
        };
        check_enums(
            patch.priority,
            patch.status_stage,
            patch.task_type_category.set().map(String::as_str),
        )?;
        Ok(Self {
            task_id: WorkspaceTaskId::new(body.task_id),
            operator: body.operator_userid.map(UserId::new),
            patch,
        })
    }
}

impl SourceRef {
    pub fn parse(body: wire::GetTaskBySourceRequest) -> Self {
        Self {
            source: body.source.filter(|s| !s.is_empty()),
            source_id: body.source_id,
        }
    }
}

impl DeleteTask {
    pub fn parse(body: wire::DeleteTaskRequest) -> Self {
        Self {
            operator: UserId::new(body.operator_userid),
            task_id: WorkspaceTaskId::new(body.task_id),
        }
    }
}

impl DeleteProjectTasks {
    pub fn parse(body: wire::DeleteProjectTasksRequest) -> Self {
        Self {
            operator: UserId::new(body.operator_userid),
            project_id: body.project_id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;
    use openwork_platform::Error as PlatformError;

    fn invalid_argument(err: Error) -> String {
        match err {
            Error::Common(PlatformError::Gateway(GatewayError::InvalidArgument {
                name, ..
            })) => name,
            other => panic!("not an invalid argument: {other:?}"),
        }
    }

    #[test]
    fn an_update_clears_with_empty_text_and_date_zero() {
        let command = UpdateTask::parse(wire::UpdateTaskRequest {
            task_id: "1".into(),
            operator_userid: None,
            task: Some(wire::TaskInput {
                description: Some(String::new()),
                subject: Some("s".into()),
                start_date: Some("1970-01-01 08:00:00".into()),
                finish_date: Some("2020-01-14 14:39:51".into()),
                extension: Some(wire::TaskExtension {
                    other: Some(String::new()),
                    ..Default::default()
                }),
                ..Default::default()
            }),
        })
        .unwrap();
        let patch = command.patch;
        assert_eq!(patch.description, Patch::Clear);
        assert_eq!(patch.subject, Patch::Set("s".into()));
        assert_eq!(patch.source, Patch::Keep);
        assert_eq!(patch.start_date, Patch::Clear);
        assert_eq!(patch.finish_date, Patch::Set(Millis(1_578_983_991_000)));
        assert_eq!(patch.other, Patch::Clear);
        assert_eq!(patch.file_path, Patch::Keep);
    }

    #[test]
    fn an_update_refuses_a_date_no_answer_can_write() {
        let update = |date: &str| {
            UpdateTask::parse(wire::UpdateTaskRequest {
                task_id: "1".into(),
                operator_userid: None,
                task: Some(wire::TaskInput {
                    finish_date: Some(date.into()),
                    ..Default::default()
                }),
            })
        };
        assert_eq!(
            invalid_argument(update("9223372036854775807").unwrap_err()),
            "finish_date"
        );
        assert_eq!(
            update("9999-12-31 23:59:59").unwrap().patch.finish_date,
            Patch::Set(Millis(253_402_271_999_000))
        );
    }

    #[test]
    fn enumerations_and_dates_are_checked_by_name() {
        let create = |task: wire::TaskInput| {
            CreateTask::parse(wire::CreateTaskRequest {
                operator_userid: "u1".into(),
                task: Some(task),
            })
        };
        let bad = |task| invalid_argument(create(task).unwrap_err());
        assert_eq!(
            bad(wire::TaskInput {
                priority: Some(15),
                ..Default::default()
            }),
            "priority"
        );
        assert_eq!(
            bad(wire::TaskInput {
                status_stage: Some(3),
                ..Default::default()
            }),
            "status_stage"
        );
        assert_eq!(
            bad(wire::TaskInput {
                task_type_category: Some("epic".into()),
                ..Default::default()
            }),
            "task_type_category"
        );
        // Dates that do not parse, and dates no answer could write back.
        let date = |text: &str| Some(text.to_owned());
        for (task, name) in [
            (
                wire::TaskInput {
                    plan_start_date: date("June"),
                    ..Default::default()
                },
                "plan_start_date",
            ),
            (
                wire::TaskInput {
                    plan_start_date: date("9223372036854775807"),
                    ..Default::default()
                },
                "plan_start_date",
            ),
            (
                wire::TaskInput {
                    plan_finish_date: date("-9223372036854775808"),
                    ..Default::default()
                },
                "plan_finish_date",
            ),
            (
                wire::TaskInput {
                    start_date: date("9999-12-31T20:00:00Z"),
                    ..Default::default()
                },
                "start_date",
            ),
            (
                wire::TaskInput {
                    gmt_create: date("0000-06-01 00:00:00"),
                    ..Default::default()
                },
                "gmt_create",
            ),
        ] {
            assert_eq!(bad(task), name);
        }
        let fine = create(wire::TaskInput {
            priority: Some(40),
            gmt_create: Some("1578983991000".into()),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(fine.draft.gmt_create, Some(Millis(1_578_983_991_000)));
    }
}
