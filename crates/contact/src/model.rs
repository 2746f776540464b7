//! Contact v2 batch-import jobs (通讯录批量任务): what was asked, and what became of each item.

use openwork_platform::clock::Millis;
use openwork_platform::db::{Cell, Columns, ReadRow};
use openwork_platform::error::{StoreError, StoreResult};
use openwork_platform::ids::{AppId, TenantKey, UserId};

/// At most this many items in one batch.
pub const MAX_BATCH_ITEMS: usize = 10_000;

/// `status` of a job: queued or running.
pub const STATUS_RUNNING: i64 = 1;
/// `status` of a job: every item processed.
pub const STATUS_DONE: i64 = 9;
/// `status` of a job: the job itself could not be carried out.
pub const STATUS_FAILED: i64 = 10;

/// `type` of a job.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobKind {
    AddUser,
    AddDepartment,
}

impl JobKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AddUser => "add_user",
            Self::AddDepartment => "add_department",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "add_user" => Some(Self::AddUser),
            "add_department" => Some(Self::AddDepartment),
            _ => None,
        }
    }
}

/// What became of one item.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ItemOutcome {
    pub code: i64,
    pub msg: String,
    /// The user the item created (given or generated `user_id`).
    pub user_id: Option<UserId>,
    /// The department the item created (given or generated `id`).
    pub department_id: Option<String>,
    pub chat_id: Option<String>,
}

impl ItemOutcome {
    pub fn succeeded(&self) -> bool {
        self.code == 0
    }
}

/// A job's state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    pub task_id: String,
    pub tenant: TenantKey,
    /// The app that submitted it.
    pub app: AppId,
    pub kind: JobKind,
    pub status: i64,
    pub total: i64,
    pub processed: i64,
    pub succeeded: i64,
    pub failed: i64,
    /// On the tenant's clock.
    pub create_time: Millis,
    /// On the real clock: jobs are run in submission order.
    pub submitted_at: Millis,
    pub finish_time: Option<Millis>,
}

impl Job {
    /// `progress`: processed × 100 / total.
    pub fn progress(&self) -> i64 {
        if self.total == 0 {
            100
        } else {
            self.processed * 100 / self.total
        }
    }
}

/// Stored as its text.
impl Columns for JobKind {
    fn put(&self, out: &mut Vec<Cell>) {
        out.push(Cell::Text(self.as_str().to_owned()));
    }
    fn read(row: &ReadRow<'_>, columns: &[&str]) -> StoreResult<Self> {
        let kind = String::read(row, columns)?;
        JobKind::parse(&kind)
            .ok_or_else(|| StoreError::Backend(format!("unknown job kind {kind:?}")))
    }
}
