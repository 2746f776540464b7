//! The contact service's storage: its port ([`JobStore`]), the SQL implementation ([`sql`]) and
//! its schema. A chunk's commit writes the platform's directory rows in the same transaction as
//! the job's progress.

mod legacy;
mod sql;

use async_trait::async_trait;
use futures::FutureExt;
use openwork_platform::StoreResult;
use openwork_platform::clock::Millis;
use openwork_platform::db::{Db, Legacy, Migration, Schema, check_table};
use openwork_platform::directory::{Department, User, UserIdentity};
use openwork_platform::events::Delivery;
use openwork_platform::ids::TenantKey;

pub use sql::SqlJobStore;

use crate::model::{ItemOutcome, Job};

/// The contact service's tables.
pub static SCHEMA: Schema = Schema {
    component: "contact",
    migrations: &[Migration {
        version: 1,
        name: "contact",
        sqlite: include_str!("../../migrations/sqlite/0001_contact.sql"),
        postgres: include_str!("../../migrations/postgres/0001_contact.sql"),
    }],
    legacy: Legacy {
        tables: &["contact_jobs", "contact_job_items", "contact_job_results"],
        adopt: |conn| legacy::adopt_legacy(conn).boxed(),
    },
};

/// Every table's declaration, checked against the migrated schema.
pub async fn check_tables(db: &Db) -> StoreResult<()> {
    check_table::<sql::Jobs>(db).await?;
    check_table::<sql::JobItems>(db).await?;
    check_table::<sql::JobResults>(db).await?;
    Ok(())
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
    /// The events the chunk causes, stored with it.
    pub events: Vec<Delivery>,
    pub lease_until: Millis,
    /// Set on the last chunk: the job is done.
    pub finish_time: Option<Millis>,
}

/// Where a page of jobs resumes: after this job in newest-first order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobPosition {
    pub submitted_at: Millis,
    pub task_id: String,
}

#[async_trait]
pub trait JobStore: Send + Sync {
    /// Stores a new job with its items (JSON, in order).
    async fn create_job(&self, job: &Job, items: &[String]) -> StoreResult<()>;
    async fn job(&self, tenant: &TenantKey, task_id: &str) -> StoreResult<Option<Job>>;
    /// The tenant's jobs, newest submission first (ties: `task_id` descending), after `after`,
    /// at most `limit`.
    async fn jobs_page(
        &self,
        tenant: &TenantKey,
        after: Option<&JobPosition>,
        limit: usize,
    ) -> StoreResult<Vec<Job>>;
    /// Up to `limit` items from index `first` on, as (index, item JSON).
    async fn job_items(
        &self,
        task_id: &str,
        first: i64,
        limit: usize,
    ) -> StoreResult<Vec<(i64, String)>>;
    /// Every processed item in order, as (item JSON, outcome).
    async fn job_results(&self, job: &Job) -> StoreResult<Vec<(String, ItemOutcome)>>;
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
    /// departments, and its events — in one transaction, if `owner` still holds the job and its items from
    /// `first_index` were not processed yet. False when nothing was stored.
    async fn commit_job_chunk(&self, chunk: &JobChunk<'_>) -> StoreResult<bool>;
    /// Ends a job as failed (status 10).
    async fn fail_job(&self, task_id: &str, owner: &str, finish_time: Millis) -> StoreResult<bool>;
    /// Gives up `owner`'s leases, so that another replica can go on at once.
    async fn release_jobs(&self, owner: &str) -> StoreResult<()>;
    /// Gives the database fresh statistics of every table a job fills (after a large one, so
    /// that the reads that follow are planned for the tables' new size).
    async fn analyze_job_tables(&self) -> StoreResult<()>;
}
