//! Storage ports: the traits `openwork-store` implements for SQLite and PostgreSQL.
//!
//! One trait per aggregate keeps each small; [`Store`] bundles them for the service layer. Every
//! method that reads tenant data takes the tenant's key: a row of another tenant is never
//! returned, which is what makes "another tenant's ID behaves like a missing one" hold everywhere.

use async_trait::async_trait;

use crate::clock::{Millis, TenantClock};
use crate::contact::{ItemOutcome, Job};
use crate::directory::{App, Department, Tenant, User, UserIdentity};
use crate::ids::{
    AppId, DepartmentId, ReportTaskId, ReviewTemplateId, RuleId, SemesterId, StageId, TenantKey,
    UserId, UserIdType, WorkspaceTaskId,
};
use crate::performance::{
    CompletionFilter, PerformanceSettings, ReviewTemplate, Semester, Stage, StageTask,
};
use crate::report::{Report, ReportRule, ReportSettings};
use crate::workspace::{TasklistVisibility, WorkspaceTask};
use crate::world::{TenantSummary, TenantWorld};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database failed or answered something unexpected.
    #[error("{0}")]
    Backend(String),
    /// A uniqueness rule would be broken (a concurrent writer got there first).
    #[error("conflict: {0}")]
    Conflict(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Told how a long write advances, so that a command line can show it (loading a generated world
/// of a million rows takes seconds).
pub trait WriteProgress: Send + Sync {
    /// `written` of the `total` rows this write puts into `table` are in.
    fn rows_written(&self, table: &str, written: usize, total: usize);
}

/// Progress nobody watches.
pub struct Unwatched;

impl WriteProgress for Unwatched {
    fn rows_written(&self, _table: &str, _written: usize, _total: usize) {}
}

/// Server-wide settings kept in the database so that every replica shares them.
#[async_trait]
pub trait MetaStore: Send + Sync {
    /// The value stored under `key`, inserting `value` first if there is none. Concurrent
    /// callers all get the one value that won.
    async fn meta_get_or_insert(&self, key: &str, value: &str) -> StoreResult<String>;
    async fn meta_get(&self, key: &str) -> StoreResult<Option<String>>;
    async fn meta_set(&self, key: &str, value: &str) -> StoreResult<()>;
    /// A number that moves on with every committed write to tenants, apps, semesters or
    /// stages, whichever replica made it (the catalog cache's validity check).
    async fn catalog_revision(&self) -> StoreResult<i64>;
}

#[async_trait]
pub trait TenantStore: Send + Sync {
    /// Replaces each tenant (and everything in it) with the given world, all in one transaction,
    /// telling `progress` how the large tables advance.
    async fn replace_tenants(
        &self,
        worlds: &[TenantWorld],
        progress: &dyn WriteProgress,
    ) -> StoreResult<()>;
    /// Deletes a tenant and everything in it; false when there was none.
    async fn delete_tenant(&self, tenant: &TenantKey) -> StoreResult<bool>;
    /// Deletes every tenant; answers how many there were.
    async fn delete_all_tenants(&self) -> StoreResult<u64>;
    async fn tenant(&self, tenant: &TenantKey) -> StoreResult<Option<Tenant>>;
    async fn has_tenants(&self) -> StoreResult<bool>;
    /// How much a tenant holds; `None` when it does not exist.
    async fn tenant_summary(&self, tenant: &TenantKey) -> StoreResult<Option<TenantSummary>>;
    /// Sets a tenant's clock; false when the tenant does not exist.
    async fn set_tenant_clock(&self, tenant: &TenantKey, clock: TenantClock) -> StoreResult<bool>;
}

/// Identifiers that are unique on the whole server, not only within a tenant: a credential or a
/// DingTalk corpId names exactly one tenant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GlobalId {
    AppId,
    DingTalkAppKey,
    DingTalkCorpId,
}

#[async_trait]
pub trait DirectoryStore: Send + Sync {
    async fn app(&self, app_id: &AppId) -> StoreResult<Option<App>>;
    /// The tenants holding any of these server-wide identifiers, as (identifier, tenant).
    async fn global_id_owners(
        &self,
        kind: GlobalId,
        values: &[String],
    ) -> StoreResult<Vec<(String, TenantKey)>>;
    /// These users of the tenant (missing ones are left out).
    async fn users(&self, tenant: &TenantKey, users: &[UserId]) -> StoreResult<Vec<User>>;
    /// These departments of the tenant (missing ones are left out).
    async fn departments(
        &self,
        tenant: &TenantKey,
        departments: &[DepartmentId],
    ) -> StoreResult<Vec<Department>>;
    async fn app_by_dingtalk_key(&self, app_key: &str) -> StoreResult<Option<App>>;
    /// The tenant whose DingTalk corpId this is.
    async fn tenant_by_dingtalk_corp(&self, corp_id: &str) -> StoreResult<Option<TenantKey>>;
    /// Every app of the tenant.
    async fn apps_of(&self, tenant: &TenantKey) -> StoreResult<Vec<App>>;
    /// The first `limit` users of the tenant, in declaration order.
    async fn first_users(&self, tenant: &TenantKey, limit: usize) -> StoreResult<Vec<User>>;
    /// Which of these users exist in the tenant.
    async fn existing_users(
        &self,
        tenant: &TenantKey,
        users: &[UserId],
    ) -> StoreResult<Vec<UserId>>;
    /// How `app` sees these users (missing users are left out).
    async fn identities_of_users(
        &self,
        tenant: &TenantKey,
        app: &AppId,
        users: &[UserId],
    ) -> StoreResult<Vec<UserIdentity>>;
    /// The users `app` knows by these IDs of the given kind (unknown IDs are left out).
    async fn identities_by_external_id(
        &self,
        tenant: &TenantKey,
        app: &AppId,
        kind: UserIdType,
        ids: &[String],
    ) -> StoreResult<Vec<UserIdentity>>;
}

/// When a self-built app's current access token was issued, so that replicas hand out the same
/// token while it has ≥ 30 minutes left.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenIssue {
    pub issued_at: Millis,
    /// Identifies the app secret the token was issued under; a new secret means a new token.
    pub credential_fingerprint: String,
}

/// A token that is handed out again (and renewed) while valid: DingTalk's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenewedIssue {
    pub issued_at: Millis,
    pub renewed_at: Millis,
    pub credential_fingerprint: String,
}

/// What a single-use OAuth grant is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GrantKind {
    /// An authorization code (5 minutes).
    Code,
    /// A refresh token (30 days, rotated on use).
    Refresh,
}

/// A single-use OAuth grant: a user of a tenant authorised an app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OAuthGrant {
    pub kind: GrantKind,
    pub tenant: TenantKey,
    pub app: AppId,
    pub user: UserId,
    pub expires_at: Millis,
}

#[async_trait]
pub trait TokenStore: Send + Sync {
    async fn app_token_issue(&self, app: &AppId) -> StoreResult<Option<TokenIssue>>;
    async fn record_app_token_issue(&self, app: &AppId, issue: &TokenIssue) -> StoreResult<()>;
    async fn dingtalk_token_issue(&self, app: &AppId) -> StoreResult<Option<RenewedIssue>>;
    async fn record_dingtalk_token_issue(
        &self,
        app: &AppId,
        issue: &RenewedIssue,
    ) -> StoreResult<()>;
    /// Stores a grant under the hash of its secret.
    async fn put_oauth_grant(&self, hash: &str, grant: &OAuthGrant) -> StoreResult<()>;
    /// Removes and returns the grant of that kind stored under `hash`: of concurrent takers, at
    /// most one gets it.
    async fn take_oauth_grant(
        &self,
        hash: &str,
        kind: GrantKind,
    ) -> StoreResult<Option<OAuthGrant>>;
}

/// Which stage tasks a query selects: per stage, which of its tasks by completion. Stages not
/// listed are not selected at all.
pub type StageSelection = [(StageId, CompletionFilter)];

/// One user's selected stage tasks: an entry of a `find_by_page` page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserTasks {
    pub user_id: UserId,
    pub tasks: Vec<StageTask>,
}

#[async_trait]
pub trait PerformanceStore: Send + Sync {
    /// The tenant's licence and late-submission rule (`None` when there is no such tenant).
    async fn performance_settings(
        &self,
        tenant: &TenantKey,
    ) -> StoreResult<Option<PerformanceSettings>>;
    async fn semesters(&self, tenant: &TenantKey) -> StoreResult<Vec<Semester>>;
    async fn semester(&self, tenant: &TenantKey, id: &SemesterId) -> StoreResult<Option<Semester>>;
    /// A semester's stages in declaration order.
    async fn stages(&self, tenant: &TenantKey, semester: &SemesterId) -> StoreResult<Vec<Stage>>;
    /// Users with at least one selected task in the semester, in `user_id` byte order, after
    /// `after`, at most `limit`, each with its selected tasks (one query: a page is read in
    /// one statement whatever its size).
    async fn stage_task_page(
        &self,
        tenant: &TenantKey,
        semester: &SemesterId,
        selection: &StageSelection,
        after: Option<&UserId>,
        limit: usize,
    ) -> StoreResult<Vec<UserTasks>>;
    /// The selected tasks of these users in the semester.
    async fn stage_tasks_of(
        &self,
        tenant: &TenantKey,
        semester: &SemesterId,
        selection: &StageSelection,
        users: &[UserId],
    ) -> StoreResult<Vec<StageTask>>;
    /// Templates in ID byte order after `after` (all, or only those of `ids`), at most `limit`.
    async fn review_templates(
        &self,
        tenant: &TenantKey,
        ids: Option<&[ReviewTemplateId]>,
        after: Option<&ReviewTemplateId>,
        limit: usize,
    ) -> StoreResult<Vec<ReviewTemplate>>;

    /// Replaces a semester with its stages and their tasks (creating it if new).
    async fn replace_semester(
        &self,
        tenant: &TenantKey,
        semester: &Semester,
        stages: &[Stage],
        tasks: &[StageTask],
    ) -> StoreResult<()>;
    /// Deletes a semester with its stages and tasks; false when there was none.
    async fn delete_semester(&self, tenant: &TenantKey, id: &SemesterId) -> StoreResult<bool>;
    async fn stage(&self, tenant: &TenantKey, id: &StageId) -> StoreResult<Option<Stage>>;
    /// Stores a stage's changed fields; false when there is no such stage.
    async fn update_stage(&self, tenant: &TenantKey, stage: &Stage) -> StoreResult<bool>;
    /// Deletes a stage with its tasks; false when there was none.
    async fn delete_stage(&self, tenant: &TenantKey, id: &StageId) -> StoreResult<bool>;
    async fn stage_task(
        &self,
        tenant: &TenantKey,
        stage: &StageId,
        user: &UserId,
    ) -> StoreResult<Option<StageTask>>;
    async fn put_stage_task(&self, tenant: &TenantKey, task: &StageTask) -> StoreResult<()>;
    async fn delete_stage_task(
        &self,
        tenant: &TenantKey,
        stage: &StageId,
        user: &UserId,
    ) -> StoreResult<bool>;
    async fn put_review_template(
        &self,
        tenant: &TenantKey,
        template: &ReviewTemplate,
    ) -> StoreResult<()>;
    async fn delete_review_template(
        &self,
        tenant: &TenantKey,
        id: &ReviewTemplateId,
    ) -> StoreResult<bool>;
}

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
    /// Which of these user IDs exist, compared without case; answered in lower case.
    async fn user_ids_ignoring_case(
        &self,
        tenant: &TenantKey,
        ids: &[String],
    ) -> StoreResult<Vec<String>>;
    /// Which of these mobiles a user of the tenant has.
    async fn used_mobiles(
        &self,
        tenant: &TenantKey,
        mobiles: &[String],
    ) -> StoreResult<Vec<String>>;
    /// Departments whose `department_id` or `open_department_id` is one of `ids`.
    async fn departments_by_any_id(
        &self,
        tenant: &TenantKey,
        ids: &[String],
    ) -> StoreResult<Vec<Department>>;
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

/// The database itself.
#[async_trait]
pub trait Database: Send + Sync {
    /// Answers once the database does.
    async fn ping(&self) -> StoreResult<()>;
    /// Waits for open work to finish and closes every connection.
    async fn close(&self);
}

/// Everything the service layer needs from storage.
pub trait Store:
    Database
    + MetaStore
    + TenantStore
    + DirectoryStore
    + TokenStore
    + PerformanceStore
    + ReportStore
    + JobStore
    + WorkspaceStore
{
}

impl<T> Store for T where
    T: Database
        + MetaStore
        + TenantStore
        + DirectoryStore
        + TokenStore
        + PerformanceStore
        + ReportStore
        + JobStore
        + WorkspaceStore
{
}
