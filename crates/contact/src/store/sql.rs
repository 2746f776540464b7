//! The contact tables in SQL: their declarations, and the job port implemented over them for
//! both databases (leases, items, chunk commits).

use async_trait::async_trait;
use openwork_platform::StoreResult;
use openwork_platform::clock::Millis;
use openwork_platform::db::{
    AnyRow, Db, Dialect, Param, ReadRow, Table, Unwatched, backend, column, insert,
};
use openwork_platform::events::{insert_deliveries, outbox_table};
use openwork_platform::ids::TenantKey;
use openwork_platform::store::{
    directory_tables, insert_departments, insert_identities, insert_users,
};
use openwork_platform::table;

use super::{JobChunk, JobPosition, JobStore};
use crate::model::{ItemOutcome, Job, STATUS_DONE, STATUS_FAILED, STATUS_RUNNING};

/// The most items a job may have for task/get to read its results as a point read.
const SMALL_JOB_ITEMS: i64 = 100;

/// The contact tables of a database.
#[derive(Clone)]
pub struct SqlJobStore {
    db: Db,
}

impl SqlJobStore {
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

table! {
    /// Batch-import jobs. The lease (which runner holds the job, until when) is the runners'
    /// bookkeeping: written as the row's scope, not part of a job.
    pub(crate) Jobs: Job in "contact_jobs",
    scope (lease_owner: Option<String>, lease_until_ms: Option<Millis>),
    {
        task_id: ["task_id"],
        tenant: ["tenant_key"],
        app: ["app_id"],
        kind: ["kind"],
        status: ["status"],
        total: ["total_num"],
        processed: ["processed_num"],
        succeeded: ["success_num"],
        failed: ["fail_num"],
        create_time: ["create_time_ms"],
        finish_time: ["finish_time_ms"],
        submitted_at: ["submitted_at_ms"],
    }
}

/// One item of a job as the API received it (its JSON).
pub(crate) struct JobItem {
    request: String,
}

table! {
    /// A job's items, in order.
    pub(crate) JobItems: JobItem in "contact_job_items",
    scope (task_id: String, item_index: i64),
    {
        request: ["request"],
    }
}

table! {
    /// What became of each processed item.
    pub(crate) JobResults: ItemOutcome in "contact_job_results",
    scope (task_id: String, item_index: i64),
    {
        code: ["code"],
        msg: ["msg"],
        user_id: ["user_id"],
        department_id: ["department_id"],
        chat_id: ["chat_id"],
    }
}

pub(super) fn job_from_row(row: &AnyRow) -> StoreResult<Job> {
    Jobs::read(row)
}

#[async_trait]
impl JobStore for SqlJobStore {
    async fn create_job(&self, job: &Job, items: &[String]) -> StoreResult<()> {
        let mut write = self.db.begin_write().await?;
        insert::<Jobs, _>(
            &mut write.tx,
            std::slice::from_ref(job),
            &Unwatched,
            |job| Jobs::cells((&None, &None), job),
        )
        .await?;
        let items: Vec<(i64, JobItem)> = (0..)
            .zip(items)
            .map(|(index, request)| {
                (
                    index,
                    JobItem {
                        request: request.clone(),
                    },
                )
            })
            .collect();
        insert::<JobItems, _>(&mut write.tx, &items, &Unwatched, |(index, item)| {
            JobItems::cells((&job.task_id, index), item)
        })
        .await?;
        write.commit().await
    }

    async fn job(&self, tenant: &TenantKey, task_id: &str) -> StoreResult<Option<Job>> {
        // task/get is polled: a point read.
        self.db
            .point_read_optional(
                "SELECT * FROM contact_jobs WHERE tenant_key = $1 AND task_id = $2",
                &[Param::Text(tenant.as_str()), Param::Text(task_id)],
                Jobs::read_row,
            )
            .await
    }

    async fn jobs_page(
        &self,
        tenant: &TenantKey,
        after: Option<&JobPosition>,
        limit: usize,
    ) -> StoreResult<Vec<Job>> {
        let resume = if after.is_some() {
            " AND (submitted_at_ms < $3 OR (submitted_at_ms = $3 AND task_id < $4))"
        } else {
            ""
        };
        let sql = format!(
            "SELECT * FROM contact_jobs WHERE tenant_key = $1{resume} \
             ORDER BY submitted_at_ms DESC, task_id DESC LIMIT $2"
        );
        let mut query = sqlx::query(&sql).bind(tenant.as_str()).bind(limit as i64);
        if let Some(after) = after {
            query = query
                .bind(after.submitted_at.0)
                .bind(after.task_id.as_str());
        }
        query
            .fetch_all(self.db.pool())
            .await
            .map_err(backend)?
            .iter()
            .map(job_from_row)
            .collect()
    }

    async fn job_items(
        &self,
        task_id: &str,
        first: i64,
        limit: usize,
    ) -> StoreResult<Vec<(i64, String)>> {
        sqlx::query(
            "SELECT item_index, request FROM contact_job_items \
             WHERE task_id = $1 AND item_index >= $2 ORDER BY item_index LIMIT $3",
        )
        .bind(task_id)
        .bind(first)
        .bind(limit as i64)
        .fetch_all(self.db.pool())
        .await
        .map_err(backend)?
        .iter()
        .map(|row| Ok((column(row, "item_index")?, column(row, "request")?)))
        .collect()
    }

    async fn job_results(&self, job: &Job) -> StoreResult<Vec<(String, ItemOutcome)>> {
        const SQL: &str = "SELECT i.request, r.* FROM contact_job_results r \
             JOIN contact_job_items i ON i.task_id = r.task_id AND i.item_index = r.item_index \
             WHERE r.task_id = $1 ORDER BY r.item_index";
        let params = [Param::Text(&job.task_id)];
        let decode = |row: &ReadRow<'_>| Ok((row.column("request")?, JobResults::read_row(row)?));
        // task/get is polled: a small job's results are a point read; a large one's (up to
        // thousands of rows) go through the pool, off the request's thread.
        if job.total <= SMALL_JOB_ITEMS {
            self.db.point_read(SQL, &params, decode).await
        } else {
            self.db.pooled_read(SQL, &params, decode).await
        }
    }

    async fn claim_job(
        &self,
        owner: &str,
        real_now: Millis,
        lease_until: Millis,
    ) -> StoreResult<Option<Job>> {
        // PostgreSQL: replicas claiming at once skip each other's rows instead of waiting.
        // SQLite has one writer (this process), which is exclusion enough.
        let skip_locked = match self.db.dialect() {
            Dialect::Postgres => "FOR UPDATE SKIP LOCKED",
            Dialect::Sqlite => "",
        };
        let sql = format!(
            "UPDATE contact_jobs SET lease_owner = $1, lease_until_ms = $3 \
             WHERE task_id = (SELECT task_id FROM contact_jobs \
                 WHERE status = {STATUS_RUNNING} AND (lease_owner = $1 OR lease_until_ms IS NULL OR lease_until_ms < $2) \
                 ORDER BY CASE WHEN lease_owner = $1 THEN 0 ELSE 1 END, submitted_at_ms, task_id \
                 LIMIT 1 {skip_locked}) \
             RETURNING *"
        );
        let mut write = self.db.begin_write().await?;
        let row = sqlx::query(&sql)
            .bind(owner)
            .bind(real_now.0)
            .bind(lease_until.0)
            .fetch_optional(&mut *write.tx)
            .await
            .map_err(backend)?;
        write.commit().await?;
        row.as_ref().map(job_from_row).transpose()
    }

    async fn commit_job_chunk(&self, chunk: &JobChunk<'_>) -> StoreResult<bool> {
        let job = chunk.job;
        let count = chunk.outcomes.len() as i64;
        let mut write = self.db.begin_write().await?;
        let sql = format!(
            "UPDATE contact_jobs SET processed_num = processed_num + $4, \
                 success_num = success_num + $5, fail_num = fail_num + $6, lease_until_ms = $7, \
                 status = CASE WHEN $8 = 1 THEN {STATUS_DONE} ELSE status END, finish_time_ms = $9 \
             WHERE task_id = $1 AND lease_owner = $2 AND processed_num = $3 \
                 AND status = {STATUS_RUNNING}"
        );
        let done = sqlx::query(&sql)
            .bind(job.task_id.as_str())
            .bind(chunk.owner)
            .bind(chunk.first_index)
            .bind(count)
            .bind(chunk.succeeded)
            .bind(chunk.failed)
            .bind(chunk.lease_until.0)
            .bind(i64::from(chunk.finish_time.is_some()))
            .bind(chunk.finish_time.map(|t| t.0))
            .execute(&mut *write.tx)
            .await
            .map_err(backend)?;
        if done.rows_affected() == 0 {
            // The lease was lost or the items were processed by another holder: drop the chunk.
            return Ok(false);
        }
        insert::<JobResults, _>(
            &mut write.tx,
            &chunk.outcomes,
            &Unwatched,
            |(index, outcome)| JobResults::cells((&job.task_id, index), outcome),
        )
        .await?;
        insert_departments(
            &mut write.tx,
            &job.tenant,
            &chunk.departments,
            None,
            &Unwatched,
        )
        .await?;
        insert_users(&mut write.tx, &job.tenant, &chunk.users, None, &Unwatched).await?;
        insert_identities(&mut write.tx, &job.tenant, &chunk.identities, &Unwatched).await?;
        insert_deliveries(&mut write.tx, &chunk.events).await?;
        write.commit().await?;
        Ok(true)
    }

    async fn fail_job(&self, task_id: &str, owner: &str, finish_time: Millis) -> StoreResult<bool> {
        let mut write = self.db.begin_write().await?;
        let sql = format!(
            "UPDATE contact_jobs SET status = {STATUS_FAILED}, finish_time_ms = $3, \
                 lease_owner = NULL, lease_until_ms = NULL \
             WHERE task_id = $1 AND lease_owner = $2 AND status = {STATUS_RUNNING}"
        );
        let done = sqlx::query(&sql)
            .bind(task_id)
            .bind(owner)
            .bind(finish_time.0)
            .execute(&mut *write.tx)
            .await
            .map_err(backend)?;
        write.commit().await?;
        Ok(done.rows_affected() > 0)
    }

    async fn analyze_job_tables(&self) -> StoreResult<()> {
        let mut tables = directory_tables();
        tables.extend([JobResults::NAME.to_owned(), outbox_table()]);
        self.db.analyze(&tables).await
    }

    async fn release_jobs(&self, owner: &str) -> StoreResult<()> {
        let mut write = self.db.begin_write().await?;
        sqlx::query(
            "UPDATE contact_jobs SET lease_owner = NULL, lease_until_ms = NULL WHERE lease_owner = $1",
        )
        .bind(owner)
        .execute(&mut *write.tx)
        .await
        .map_err(backend)?;
        write.commit().await
    }
}
