//! The status of a stage task, computed from stored state and the tenant's clock
//! (docs/semantics.md). Nothing here is stored: moving the clock moves the statuses.

use openwork_platform::clock::Millis;

use super::model::{Stage, StageTask};

/// `stage_task_status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StageTaskStatus {
    NeedTodo,
    Overdue,
    AllDone,
    StagePause,
}

impl StageTaskStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NeedTodo => "need_todo",
            Self::Overdue => "overdue",
            Self::AllDone => "all_done",
            Self::StagePause => "stage_pause",
        }
    }

    /// `task_option_id`: 2 for all done, 3 for overdue, 1 otherwise (paused stages included).
    pub fn option(self) -> TaskOption {
        match self {
            Self::AllDone => TaskOption::Done,
            Self::Overdue => TaskOption::Overdue,
            Self::NeedTodo | Self::StagePause => TaskOption::Todo,
        }
    }
}

/// `task_option_id` / `task_option_lists` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TaskOption {
    /// 1 待完成
    Todo = 1,
    /// 2 已完成
    Done = 2,
    /// 3 已逾期 (only when the tenant forbids late submission)
    Overdue = 3,
}

impl TaskOption {
    pub fn from_id(id: i64) -> Option<Self> {
        match id {
            1 => Some(Self::Todo),
            2 => Some(Self::Done),
            3 => Some(Self::Overdue),
            _ => None,
        }
    }

    pub fn id(self) -> i64 {
        self as i64
    }

    /// The options a response counts when the caller named none: 1 and 2, and 3 when the tenant
    /// forbids late submission (the only case in which it can occur).
    pub fn defaults(allow_late_submission: bool) -> Vec<Self> {
        if allow_late_submission {
            vec![Self::Todo, Self::Done]
        } else {
            vec![Self::Todo, Self::Done, Self::Overdue]
        }
    }
}

/// The rules' inputs that do not depend on the task.
#[derive(Clone, Copy, Debug)]
pub struct StatusContext {
    pub now: Millis,
    pub allow_late_submission: bool,
}

impl StatusContext {
    /// The status of a task of `stage` that is (or is not) complete.
    pub fn status_in(&self, stage: &Stage, complete: bool) -> StageTaskStatus {
        if stage.paused {
            StageTaskStatus::StagePause
        } else if complete {
            StageTaskStatus::AllDone
        } else if !self.allow_late_submission && stage.deadline < self.now {
            StageTaskStatus::Overdue
        } else {
            StageTaskStatus::NeedTodo
        }
    }

    pub fn status(&self, stage: &Stage, task: &StageTask) -> StageTaskStatus {
        self.status_in(stage, task.is_complete())
    }
}

/// Which tasks of one stage a query selects, by completion: the per-stage form of an option
/// filter, which a store can apply in SQL without knowing the rules above.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionFilter {
    Any,
    Complete,
    Incomplete,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{I18n, SemesterId, StageId};
    use openwork_platform::ids::UserId;

    fn stage(deadline: i64, paused: bool) -> Stage {
        Stage {
            stage_id: StageId::from("s"),
            semester_id: SemesterId::from("m"),
            name: I18n::default(),
            deadline: Millis(deadline),
            jump_url: None,
            paused,
            position: 0,
            stage_type: "review".to_owned(),
            review_stage_role: None,
            template_id: None,
            results_open_time: None,
            results_announced: false,
        }
    }

    fn task(need_todo: i64, finished: i64) -> StageTask {
        StageTask {
            semester_id: SemesterId::from("m"),
            stage_id: StageId::from("s"),
            user_id: UserId::from("u"),
            need_todo,
            finished,
        }
    }

    #[test]
    fn the_rules_of_semantics_section_4() {
        let strict = StatusContext {
            now: Millis(100),
            allow_late_submission: false,
        };
        let lenient = StatusContext {
            allow_late_submission: true,
            ..strict
        };
        use StageTaskStatus::*;
        assert_eq!(strict.status(&stage(50, true), &task(2, 2)), StagePause);
        assert_eq!(strict.status(&stage(50, false), &task(2, 2)), AllDone);
        assert_eq!(strict.status(&stage(50, false), &task(2, 3)), AllDone);
        assert_eq!(strict.status(&stage(50, false), &task(2, 1)), Overdue);
        assert_eq!(
            strict.status(&stage(100, false), &task(2, 1)),
            NeedTodo,
            "not before now"
        );
        assert_eq!(lenient.status(&stage(50, false), &task(2, 1)), NeedTodo);
        assert_eq!(AllDone.option(), TaskOption::Done);
        assert_eq!(Overdue.option(), TaskOption::Overdue);
        assert_eq!(StagePause.option(), TaskOption::Todo);
        assert_eq!(NeedTodo.option(), TaskOption::Todo);
    }

    #[test]
    fn option_three_only_without_late_submission() {
        assert_eq!(TaskOption::defaults(true).len(), 2);
        assert_eq!(TaskOption::defaults(false).len(), 3);
    }
}
