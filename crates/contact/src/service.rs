//! Batch-import jobs as durable work: `batch_add` checks the envelope and stores the job with
//! its items; job runners (on any replica) lease a job, apply its items a chunk at a time and
//! store each chunk — outcomes, counters, created users and departments, and the events they
//! cause — in one transaction
//! guarded by the lease and the job's progress. A crash loses at most an uncommitted chunk,
//! which the next lease holder redoes: every item is applied exactly once.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use openwork_platform::access::Access;
use openwork_platform::db::Db;
use openwork_platform::directory::{IdentityPins, UserIdentity, identities_for};
use openwork_platform::ids::{TenantKey, UserId, UserIdType, random_hex32};
use openwork_platform::paging::{Page, PageRequest, foreign_cursor, split_time_key, time_key};
use openwork_platform::{Error as PlatformError, Platform, StoreError};
use openwork_wire::feishu::contact::{BatchDepartment as DepartmentItem, BatchUser as UserItem};

use crate::command::{DepartmentBatch, TaskGet, UserBatch};
use crate::error::{Error, Result};
use crate::events;
use crate::model::*;
use crate::rules::{self, DirectorySnapshot};
use crate::store::{JobChunk, JobPosition, JobStore, SqlJobStore};

/// Items a runner applies per transaction.
pub const CHUNK_ITEMS: usize = 500;
/// How long a lease lasts without progress (real time). A runner that died is replaced after
/// at most this long.
pub const LEASE_SECONDS: i64 = 5;
/// A finished job of at least this many items leaves the tables it filled analyzed
/// (PostgreSQL), so that the reads after a large import are planned for its rows.
const ANALYZE_AFTER_ITEMS: i64 = 1_000;
/// Meta key of the server-wide pause switch of the job runners.
const RUNNER_PAUSED: &str = "job_runner_paused";

/// Counts of the job runners' work, in one place (logs and metrics read them).
#[derive(Debug, Default)]
pub struct JobMetrics {
    pub items_processed: AtomicU64,
    pub items_succeeded: AtomicU64,
    pub items_failed: AtomicU64,
    pub jobs_finished: AtomicU64,
}

impl JobMetrics {
    fn record(&self, succeeded: i64, failed: i64, finished: bool) {
        self.items_processed
            .fetch_add((succeeded + failed) as u64, Ordering::Relaxed);
        self.items_succeeded
            .fetch_add(succeeded as u64, Ordering::Relaxed);
        self.items_failed
            .fetch_add(failed as u64, Ordering::Relaxed);
        if finished {
            self.jobs_finished.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// What a runner's step did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobProgress {
    pub task_id: String,
    pub processed: i64,
    pub total: i64,
    /// Items this step applied (0 when another runner got there first).
    pub applied: i64,
    pub finished: bool,
}

/// One processed item as `task/get` reports it.
#[derive(Clone, Debug, PartialEq)]
pub enum ItemReport {
    User {
        item: Box<UserItem>,
        outcome: ItemOutcome,
        /// The created user's `open_id` in the caller's app.
        open_id: Option<String>,
    },
    Department {
        item: DepartmentItem,
        outcome: ItemOutcome,
    },
}

/// `task/get`'s answer: the job, and its items once done.
#[derive(Clone, Debug, PartialEq)]
pub struct JobReport {
    pub job: Job,
    pub items: Option<Vec<ItemReport>>,
}

/// An item as the API received it, stored as the vendor's JSON of it (see the migration).
fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("items serialise")
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_str(text)
        .map_err(|err| StoreError::Backend(format!("a stored job item is corrupt: {err}")).into())
}

/// A chunk's stored items, or `None` when one cannot be read.
fn decode_items<T: serde::de::DeserializeOwned>(items: &[(i64, String)]) -> Option<Vec<(i64, T)>> {
    items
        .iter()
        .map(|(index, item)| serde_json::from_str(item).ok().map(|item| (*index, item)))
        .collect()
}

/// The contact service: batch-import jobs over the platform's directory and the jobs' storage.
#[derive(Clone)]
pub struct ContactService {
    platform: Platform,
    store: Arc<dyn JobStore>,
    metrics: Arc<JobMetrics>,
}

impl ContactService {
    /// The service over the platform and the contact tables of `db`.
    pub fn new(platform: Platform, db: Db) -> Self {
        Self {
            platform,
            store: Arc::new(SqlJobStore::new(db)),
            metrics: Arc::new(JobMetrics::default()),
        }
    }

    /// `POST /open-apis/contact/v2/user/batch_add`: queues a user import; answers its task ID.
    pub async fn submit_users(&self, access: &Access, batch: UserBatch) -> Result<String> {
        let items: Vec<String> = batch.0.iter().map(to_json).collect();
        self.submit_job(access, JobKind::AddUser, items).await
    }

    /// `POST /open-apis/contact/v2/department/batch_add`: queues a department import.
    pub async fn submit_departments(
        &self,
        access: &Access,
        batch: DepartmentBatch,
    ) -> Result<String> {
        let items: Vec<String> = batch.0.iter().map(to_json).collect();
        self.submit_job(access, JobKind::AddDepartment, items).await
    }

    async fn submit_job(
        &self,
        access: &Access,
        kind: JobKind,
        items: Vec<String>,
    ) -> Result<String> {
        let job = Job {
            task_id: random_hex32(),
            tenant: access.tenant_key().clone(),
            app: access.app().app_id.clone(),
            kind,
            status: STATUS_RUNNING,
            total: items.len() as i64,
            processed: 0,
            succeeded: 0,
            failed: 0,
            create_time: self.platform.tenant_now(access.tenant()),
            submitted_at: self.platform.real_now(),
            finish_time: None,
        };
        self.store
            .create_job(&job, &items)
            .await
            .map_err(|err| access.failed_write(err))?;
        Ok(job.task_id)
    }

    /// `GET /open-apis/contact/v2/task/get`. VENDOR: an unknown task, or another tenant's, is
    /// 40020; items are reported only once every one was processed.
    pub async fn job_report(&self, access: &Access, query: TaskGet) -> Result<JobReport> {
        let job = self
            .store
            .job(access.tenant_key(), &query.task_id)
            .await?
            .ok_or(Error::TaskNotFound)?;
        if job.status != STATUS_DONE {
            return Ok(JobReport { job, items: None });
        }
        let rows = self.store.job_results(&job).await?;
        let items = match job.kind {
            JobKind::AddUser => {
                let mut parsed = Vec::with_capacity(rows.len());
                for (item, outcome) in &rows {
                    parsed.push((from_json::<UserItem>(item)?, outcome.clone()));
                }
                let created: Vec<UserId> = parsed
                    .iter()
                    .filter_map(|(_, o)| o.user_id.clone())
                    .collect();
                let ids = self.platform.id_mapping_of(access, UserIdType::OpenId);
                let open_ids = self.platform.external_user_ids(&ids, &created).await?;
                parsed
                    .into_iter()
                    .map(|(item, outcome)| ItemReport::User {
                        open_id: outcome
                            .user_id
                            .as_ref()
                            .and_then(|u| open_ids.get(u).map(str::to_owned)),
                        item: Box::new(item),
                        outcome,
                    })
                    .collect()
            }
            JobKind::AddDepartment => rows
                .iter()
                .map(|(item, outcome)| {
                    Ok(ItemReport::Department {
                        item: from_json(item)?,
                        outcome: outcome.clone(),
                    })
                })
                .collect::<Result<Vec<_>>>()?,
        };
        Ok(JobReport {
            job,
            items: Some(items),
        })
    }

    /// A page of the tenant's jobs, newest submission first, each with its progress as the
    /// runners last stored it (admin API).
    pub async fn jobs_page(&self, tenant: &TenantKey, page: &PageRequest) -> Result<Page<Job>> {
        self.platform.existing_tenant(tenant).await?;
        let pager = self
            .platform
            .admin_pager(tenant, "admin.contact_jobs", String::new(), page)?;
        let after = match pager.after.as_deref() {
            Some(key) => {
                let (submitted_at, task_id) = split_time_key(key).ok_or_else(foreign_cursor)?;
                Some(JobPosition {
                    submitted_at,
                    task_id: task_id.to_owned(),
                })
            }
            None => None,
        };
        let jobs = self
            .store
            .jobs_page(tenant, after.as_ref(), pager.limit())
            .await?;
        Ok(pager.close(jobs, |job| time_key(job.submitted_at, &job.task_id)))
    }

    /// Whether the job runners are paused (server-wide, on every replica).
    pub async fn job_runner_paused(&self) -> Result<bool> {
        Ok(self.platform.setting(RUNNER_PAUSED).await?.as_deref() == Some("1"))
    }

    /// Pauses or resumes the job runners of every replica.
    pub async fn set_job_runner_paused(&self, paused: bool) -> Result<()> {
        self.platform
            .set_setting(RUNNER_PAUSED, if paused { "1" } else { "0" })
            .await?;
        Ok(())
    }

    /// Applies up to `items` items of the queued jobs, oldest first, while the runners are
    /// paused: what a test does to observe a job mid-way. Answers each step's progress.
    pub async fn step_jobs(&self, items: i64) -> Result<Vec<JobProgress>> {
        if !self.job_runner_paused().await? {
            return Err(PlatformError::BadRequest(
                "pause the job runner first (PUT /_openwork/v1/jobs/runner {\"paused\": true})"
                    .into(),
            )
            .into());
        }
        let owner = format!("admin-step-{}", random_hex32());
        let mut left = items;
        let mut steps = Vec::new();
        while left > 0 {
            let Some(progress) = self
                .process_job_chunk(&owner, left.min(CHUNK_ITEMS as i64) as usize)
                .await?
            else {
                break;
            };
            left -= progress.applied;
            steps.push(progress);
        }
        self.store.release_jobs(&owner).await?;
        Ok(steps)
    }

    /// Gives up the jobs `owner` holds (a runner stopping gracefully).
    pub async fn release_jobs(&self, owner: &str) -> Result<()> {
        Ok(self.store.release_jobs(owner).await?)
    }

    /// One step of a job runner: leases a job and applies up to `max_items` of its items.
    /// `None` when there is no work.
    pub async fn process_job_chunk(
        &self,
        owner: &str,
        max_items: usize,
    ) -> Result<Option<JobProgress>> {
        let now = self.platform.real_now();
        let Some(job) = self
            .store
            .claim_job(owner, now, now.plus_seconds(LEASE_SECONDS))
            .await?
        else {
            return Ok(None);
        };
        let items = self
            .store
            .job_items(&job.task_id, job.processed, max_items.max(1))
            .await?;
        let mut chunk = JobChunk {
            job: &job,
            owner,
            first_index: job.processed,
            outcomes: Vec::with_capacity(items.len()),
            succeeded: 0,
            failed: 0,
            users: Vec::new(),
            identities: Vec::new(),
            departments: Vec::new(),
            events: Vec::new(),
            lease_until: now.plus_seconds(LEASE_SECONDS),
            finish_time: None,
        };
        let outcomes = match job.kind {
            JobKind::AddUser => match decode_items::<UserItem>(&items) {
                Some(parsed) => self.apply_user_items(&job, &parsed, &mut chunk).await?,
                None => return self.abandon_job(owner, &job).await,
            },
            JobKind::AddDepartment => match decode_items::<DepartmentItem>(&items) {
                Some(parsed) => {
                    self.apply_department_items(&job, &parsed, &mut chunk)
                        .await?
                }
                None => return self.abandon_job(owner, &job).await,
            },
        };
        for (index, outcome) in outcomes {
            if outcome.succeeded() {
                chunk.succeeded += 1;
            } else {
                chunk.failed += 1;
            }
            chunk.outcomes.push((index, outcome));
        }
        chunk.events = events::chunk_events(&self.platform, &chunk).await?;
        let processed = job.processed + chunk.outcomes.len() as i64;
        let finished = processed >= job.total;
        if finished {
            let tenant = self.platform.existing_tenant(&job.tenant).await?;
            chunk.finish_time = Some(self.platform.tenant_now(&tenant));
        }
        let applied = self.store.commit_job_chunk(&chunk).await?;
        let applied_items = if applied {
            chunk.outcomes.len() as i64
        } else {
            0
        };
        if applied {
            self.metrics.record(chunk.succeeded, chunk.failed, finished);
        }
        if applied && finished && job.total >= ANALYZE_AFTER_ITEMS {
            self.store.analyze_job_tables().await?;
        }
        Ok(Some(JobProgress {
            task_id: job.task_id.clone(),
            processed: if applied { processed } else { job.processed },
            total: job.total,
            applied: applied_items,
            finished: applied && finished,
        }))
    }

    /// Ends a job whose stored items cannot be read (status 10): it cannot be carried out.
    async fn abandon_job(&self, owner: &str, job: &Job) -> Result<Option<JobProgress>> {
        tracing::error!(task_id = %job.task_id, "a batch job's stored items are unreadable; failing it");
        let tenant = self.platform.existing_tenant(&job.tenant).await?;
        self.store
            .fail_job(&job.task_id, owner, self.platform.tenant_now(&tenant))
            .await?;
        Ok(Some(JobProgress {
            task_id: job.task_id.clone(),
            processed: job.processed,
            total: job.total,
            applied: 0,
            finished: true,
        }))
    }

    async fn apply_user_items(
        &self,
        job: &Job,
        parsed: &[(i64, UserItem)],
        chunk: &mut JobChunk<'_>,
    ) -> Result<Vec<(i64, ItemOutcome)>> {
        // What the chunk asks about, looked up once: given and generated user IDs, leaders,
        // mobiles, departments.
        let mut user_ids: Vec<String> = Vec::new();
        let mut mobiles = Vec::new();
        let mut departments = Vec::new();
        let mut leader_open_ids = Vec::new();
        for (index, item) in parsed.iter() {
            user_ids.extend(item.user_id.iter().chain(&item.leader_user_id).cloned());
            if item.user_id.is_none() {
                user_ids.push(rules::first_generated_user_id(&job.task_id, *index));
            }
            mobiles.extend(item.mobile.iter().cloned());
            departments.extend(item.departments.iter().flatten().cloned());
            leader_open_ids.extend(item.leader_open_id.iter().cloned());
        }
        let mut directory = self
            .directory_snapshot(job, &user_ids, &mobiles, &departments, &leader_open_ids)
            .await?;
        let apps = self.platform.apps_of(&job.tenant).await?;
        let mut outcomes = Vec::with_capacity(parsed.len());
        for (index, item) in parsed.iter() {
            match rules::apply_user(&job.task_id, *index, item, &mut directory) {
                Ok(user) => {
                    let identities =
                        identities_for(&job.tenant, &apps, &user.user_id, &IdentityPins::default());
                    if let Some(own) = identities.iter().find(|i| i.app_id == job.app) {
                        directory
                            .open_ids
                            .insert(own.open_id.clone(), user.user_id.clone());
                    }
                    outcomes.push((*index, rules::success(Some(user.user_id.clone()), None)));
                    chunk.identities.extend(identities);
                    chunk.users.push(user);
                }
                Err(outcome) => outcomes.push((*index, outcome)),
            }
        }
        Ok(outcomes)
    }

    async fn apply_department_items(
        &self,
        job: &Job,
        parsed: &[(i64, DepartmentItem)],
        chunk: &mut JobChunk<'_>,
    ) -> Result<Vec<(i64, ItemOutcome)>> {
        let mut departments = Vec::new();
        let mut user_ids = Vec::new();
        let mut leader_open_ids = Vec::new();
        for (_, item) in parsed.iter() {
            departments.extend(item.id.iter().chain(&item.parent_id).cloned());
            user_ids.extend(item.leader_user_id.iter().cloned());
            leader_open_ids.extend(item.leader_open_id.iter().cloned());
        }
        let mut directory = self
            .directory_snapshot(job, &user_ids, &[], &departments, &leader_open_ids)
            .await?;
        let mut outcomes = Vec::with_capacity(parsed.len());
        for (index, item) in parsed.iter() {
            match rules::apply_department(&job.tenant, &job.task_id, *index, item, &mut directory) {
                Ok(department) => {
                    outcomes.push((*index, rules::success(None, Some(&department))));
                    chunk.departments.push(department);
                }
                Err(outcome) => outcomes.push((*index, outcome)),
            }
        }
        Ok(outcomes)
    }

    async fn directory_snapshot(
        &self,
        job: &Job,
        user_ids: &[String],
        mobiles: &[String],
        departments: &[String],
        open_ids: &[String],
    ) -> Result<DirectorySnapshot> {
        let platform = &self.platform;
        let unique = |values: &[String]| -> Vec<String> {
            let set: HashSet<&String> = values.iter().collect();
            set.into_iter().cloned().collect()
        };
        let known_departments = platform
            .departments_by_any_id(&job.tenant, &unique(departments))
            .await?;
        let mut department_index = HashMap::new();
        for department in known_departments {
            department_index.insert(
                department.department_id.to_string(),
                department.department_id.clone(),
            );
            department_index.insert(
                department.open_department_id.clone(),
                department.department_id,
            );
        }
        let by_open_id: Vec<UserIdentity> = platform
            .identities_by_external_id(&job.tenant, &job.app, UserIdType::OpenId, &unique(open_ids))
            .await?;
        Ok(DirectorySnapshot {
            user_ids: platform
                .user_ids_ignoring_case(&job.tenant, &unique(user_ids))
                .await?
                .into_iter()
                .collect(),
            mobiles: platform
                .used_mobiles(&job.tenant, &unique(mobiles))
                .await?
                .into_iter()
                .collect(),
            departments: department_index,
            open_ids: by_open_id
                .into_iter()
                .map(|identity| (identity.open_id, identity.user_id))
                .collect(),
        })
    }

    /// The counts of the job runners' work.
    pub fn job_metrics(&self) -> &JobMetrics {
        &self.metrics
    }
}
