//! The services' storage ports: the traits `openwork-store` implements for SQLite and
//! PostgreSQL (the platform's own are in `openwork_platform::store`).
//!
//! One trait per aggregate keeps each small; [`Store`] bundles them for the service layer. Every
//! method that reads tenant data takes the tenant's key: a row of another tenant is never
//! returned, which is what makes "another tenant's ID behaves like a missing one" hold everywhere.

use async_trait::async_trait;

pub use openwork_platform::db::{Unwatched, WriteProgress};
pub use openwork_platform::error::{StoreError, StoreResult};

use crate::clock::Millis;
use crate::contact::{ItemOutcome, Job};
use crate::directory::{Department, User, UserIdentity};
use crate::ids::{ReportTaskId, RuleId, TenantKey, UserId, WorkspaceTaskId};
use crate::report::{Report, ReportRule, ReportSettings};
use crate::workspace::{TasklistVisibility, WorkspaceTask};
use crate::world::{TenantSummary, TenantWorld};

/// Reports committed in `[from, to]` (inclusive), optionally of one rule and one sender.
#[derive(Clone, Debug)]
pub struct ReportFilter<'a> {
    pub from: Millis,
    pub to: Millis,
    pub rule: Option<&'a RuleId>,
    pub sender: Option<&'a UserId>,
}

/// Where a page of reports resumes: after this report in newest-first order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportPosition {
    pub commit_time: Millis,
    pub task_id: ReportTaskId,
}

#[async_trait]
pub trait ReportStore: Send + Sync {
    /// Whether the tenant has the report service (`None` when there is no such tenant).
    async fn report_settings(&self, tenant: &TenantKey) -> StoreResult<Option<ReportSettings>>;
    /// Matching reports, newest `commit_time` first (ties: `task_id` descending), after
    /// `after`, at most `limit`.
    async fn reports_page(
        &self,
        tenant: &TenantKey,
        filter: &ReportFilter<'_>,
        after: Option<&ReportPosition>,
        limit: usize,
    ) -> StoreResult<Vec<Report>>;
    /// Reports in the window that `user` sent or received, newest first.
    async fn reports_involving(
        &self,
        tenant: &TenantKey,
        user: &UserId,
        from: Millis,
        to: Millis,
    ) -> StoreResult<Vec<Report>>;
    /// Rules by ID, deleted ones included (missing ones are left out).
    async fn report_rules(
        &self,
        tenant: &TenantKey,
        ids: &[RuleId],
    ) -> StoreResult<Vec<ReportRule>>;
    /// Rules with exactly this name, deleted ones included, by ID.
    async fn report_rules_named(
        &self,
        tenant: &TenantKey,
        name: &str,
    ) -> StoreResult<Vec<ReportRule>>;
    /// Creates or replaces a rule.
    async fn put_report_rule(&self, tenant: &TenantKey, rule: &ReportRule) -> StoreResult<()>;
    /// Creates or replaces a report.
    async fn put_report(&self, tenant: &TenantKey, report: &Report) -> StoreResult<()>;
    async fn delete_report(&self, tenant: &TenantKey, id: &ReportTaskId) -> StoreResult<bool>;
    /// Records that the rule's board view was removed for these users (`None`: for everyone).
    async fn remove_rule_views(
        &self,
        tenant: &TenantKey,
        rule: &RuleId,
        users: Option<&[UserId]>,
        at: Millis,
    ) -> StoreResult<()>;
    /// Whose board view of the rule was removed: `None` in the list stands for everyone.
    async fn rule_view_removals(
        &self,
        tenant: &TenantKey,
        rule: &RuleId,
    ) -> StoreResult<Vec<Option<UserId>>>;
}

/// A processed chunk of a job's items, to store atomically.
#[derive(Clone, Debug)]
pub struct JobChunk<'a> {
    pub job: &'a Job,
    /// The lease holder; the chunk is stored only if it still holds the job.
    pub owner: &'a str,
    /// Index of the chunk's first item: the chunk is stored only if no one processed it yet.
    pub first_index: i64,
    /// (item index, outcome), in order.
    pub outcomes: Vec<(i64, ItemOutcome)>,
    pub succeeded: i64,
    pub failed: i64,
    pub users: Vec<User>,
    pub identities: Vec<UserIdentity>,
    pub departments: Vec<Department>,
    pub lease_until: Millis,
    /// Set on the last chunk: the job is done.
    pub finish_time: Option<Millis>,
}

#[async_trait]
pub trait JobStore: Send + Sync {
    /// Stores a new job with its items (JSON, in order).
    async fn create_job(&self, job: &Job, items: &[String]) -> StoreResult<()>;
    async fn job(&self, tenant: &TenantKey, task_id: &str) -> StoreResult<Option<Job>>;
    /// Up to `limit` items from index `first` on, as (index, item JSON).
    async fn job_items(
        &self,
        task_id: &str,
        first: i64,
        limit: usize,
    ) -> StoreResult<Vec<(i64, String)>>;
    /// Every processed item in order, as (item JSON, outcome).
    async fn job_results(&self, task_id: &str) -> StoreResult<Vec<(String, ItemOutcome)>>;
    /// Leases an unfinished job to `owner` until `lease_until`: the one it already holds, else
    /// the oldest one nobody holds (or whose lease expired before `real_now`). Replicas never
    /// get the same job at once.
    async fn claim_job(
        &self,
        owner: &str,
        real_now: Millis,
        lease_until: Millis,
    ) -> StoreResult<Option<Job>>;
    /// Stores a processed chunk — outcomes, counters, created users, identities and
    /// departments — in one transaction, if `owner` still holds the job and its items from
    /// `first_index` were not processed yet. False when nothing was stored.
    async fn commit_job_chunk(&self, chunk: &JobChunk<'_>) -> StoreResult<bool>;
    /// Ends a job as failed (status 10).
    async fn fail_job(&self, task_id: &str, owner: &str, finish_time: Millis) -> StoreResult<bool>;
    /// Gives up `owner`'s leases, so that another replica can go on at once.
    async fn release_jobs(&self, owner: &str) -> StoreResult<()>;
}

#[async_trait]
pub trait WorkspaceStore: Send + Sync {
    async fn workspace_task(
        &self,
        tenant: &TenantKey,
        id: &WorkspaceTaskId,
    ) -> StoreResult<Option<WorkspaceTask>>;
    async fn workspace_task_by_source(
        &self,
        tenant: &TenantKey,
        source: &str,
        source_id: &str,
    ) -> StoreResult<Option<WorkspaceTask>>;
    /// Stores a new task; a `(source, source_id)` already taken is a conflict.
    async fn insert_workspace_task(
        &self,
        tenant: &TenantKey,
        task: &WorkspaceTask,
    ) -> StoreResult<()>;
    /// Stores a task in place of the one with its `task_id`.
    async fn replace_workspace_task(
        &self,
        tenant: &TenantKey,
        task: &WorkspaceTask,
    ) -> StoreResult<()>;
    async fn delete_workspace_task(
        &self,
        tenant: &TenantKey,
        id: &WorkspaceTaskId,
    ) -> StoreResult<bool>;
    /// Deletes the tasks of a project (`corp_id`); answers how many.
    async fn delete_workspace_tasks_of_project(
        &self,
        tenant: &TenantKey,
        project: &str,
    ) -> StoreResult<u64>;
    /// Hides or shows a user's tasks: of one project, or org-wide (`project` None).
    async fn set_tasklist_visibility(
        &self,
        tenant: &TenantKey,
        user: &UserId,
        project: Option<&str>,
        hidden: bool,
        at: Millis,
    ) -> StoreResult<()>;
    async fn tasklist_visibility(
        &self,
        tenant: &TenantKey,
        user: &UserId,
    ) -> StoreResult<Vec<TasklistVisibility>>;
}

/// Tenants as wholes: what a fixture load and `openwork generate` write, and how much a tenant
/// holds.
#[async_trait]
pub trait WorldStore: Send + Sync {
    /// Replaces each tenant (and everything in it) with the given world, all in one transaction,
    /// telling `progress` how the large tables advance.
    async fn replace_tenants(
        &self,
        worlds: &[TenantWorld],
        progress: &dyn WriteProgress,
    ) -> StoreResult<()>;
    /// How much a tenant holds; `None` when it does not exist.
    async fn tenant_summary(&self, tenant: &TenantKey) -> StoreResult<Option<TenantSummary>>;
}

/// Everything the services need from storage.
pub trait Store: WorldStore + ReportStore + JobStore + WorkspaceStore {}

impl<T> Store for T where T: WorldStore + ReportStore + JobStore + WorkspaceStore {}
