//! Contact v2 batch-import jobs: leases, items, chunk commits.

use async_trait::async_trait;
use openwork_core::clock::Millis;
use openwork_core::contact::{Job, JobKind};
use openwork_core::directory::Department;
use openwork_core::ids::{AppId, TenantKey};
use openwork_core::store::{JobChunk, JobStore, StoreError, StoreResult, Unwatched};
use sqlx::any::AnyRow;

use crate::bulk::{insert_rows, placeholders};
use crate::directory::{department_from_row, insert_departments, insert_identities, insert_users};
use crate::rows::{int, maybe_int, text};
use crate::{Dialect, SqlStore, backend};

fn job_from_row(row: &AnyRow) -> StoreResult<Job> {
    let kind = text(row, "kind")?;
    Ok(Job {
        task_id: text(row, "task_id")?,
        tenant: TenantKey::new(text(row, "tenant_key")?),
        app: AppId::new(text(row, "app_id")?),
        kind: JobKind::parse(&kind)
            .ok_or_else(|| StoreError::Backend(format!("unknown job kind {kind:?}")))?,
        status: int(row, "status")?,
        total: int(row, "total_num")?,
        processed: int(row, "processed_num")?,
        succeeded: int(row, "success_num")?,
        failed: int(row, "fail_num")?,
        create_time: Millis(int(row, "create_time_ms")?),
        submitted_at: Millis(int(row, "submitted_at_ms")?),
        finish_time: maybe_int(row, "finish_time_ms")?.map(Millis),
    })
}

/// Lower-cased values for `IN (…)` against `lower(user_id)`.
fn lowered(values: &[String]) -> Vec<String> {
    values.iter().map(|v| v.to_lowercase()).collect()
}

impl SqlStore {
    /// `SELECT {column}` of the tenant's `table` rows whose `{matched}` is one of `values`.
    async fn column_where_in(
        &self,
        table: &str,
        column: &str,
        matched: &str,
        tenant: &TenantKey,
        values: &[String],
    ) -> StoreResult<Vec<String>> {
        let mut found = Vec::new();
        for chunk in values.chunks(500) {
            let sql = format!(
                "SELECT {column} AS value FROM {table} WHERE tenant_key = $1 AND {matched} IN ({})",
                placeholders(2, chunk.len())
            );
            let mut query = sqlx::query(&sql).bind(tenant.as_str());
            for value in chunk {
                query = query.bind(value.as_str());
            }
            for row in query.fetch_all(self.pool()).await.map_err(backend)? {
                found.push(text(&row, "value")?);
            }
        }
        Ok(found)
    }
}

#[async_trait]
impl JobStore for SqlStore {
    async fn create_job(&self, job: &Job, items: &[String]) -> StoreResult<()> {
        let mut write = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO contact_jobs (task_id, tenant_key, app_id, kind, status, total_num, \
             processed_num, success_num, fail_num, create_time_ms, finish_time_ms, \
             submitted_at_ms, lease_owner, lease_until_ms) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, NULL, NULL)",
        )
        .bind(job.task_id.as_str())
        .bind(job.tenant.as_str())
        .bind(job.app.as_str())
        .bind(job.kind.as_str())
        .bind(job.status)
        .bind(job.total)
        .bind(job.processed)
        .bind(job.succeeded)
        .bind(job.failed)
        .bind(job.create_time.0)
        .bind(job.finish_time.map(|t| t.0))
        .bind(job.submitted_at.0)
        .execute(&mut *write.tx)
        .await
        .map_err(backend)?;
        let (tenant, task) = (job.tenant.as_str(), job.task_id.as_str());
        insert_rows(
            &mut write.tx,
            "contact_job_items",
            &["tenant_key", "task_id", "item_index", "request"],
            items,
            |i, item| {
                vec![
                    tenant.into(),
                    task.into(),
                    (i as i64).into(),
                    item.as_str().into(),
                ]
            },
        )
        .await?;
        write.commit().await
    }

    async fn job(&self, tenant: &TenantKey, task_id: &str) -> StoreResult<Option<Job>> {
        sqlx::query("SELECT * FROM contact_jobs WHERE tenant_key = $1 AND task_id = $2")
            .bind(tenant.as_str())
            .bind(task_id)
            .fetch_optional(self.pool())
            .await
            .map_err(backend)?
            .as_ref()
            .map(job_from_row)
            .transpose()
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
        .fetch_all(self.pool())
        .await
        .map_err(backend)?
        .iter()
        .map(|row| Ok((int(row, "item_index")?, text(row, "request")?)))
        .collect()
    }

    async fn job_results(&self, task_id: &str) -> StoreResult<Vec<(String, String)>> {
        sqlx::query(
            "SELECT i.request, r.outcome FROM contact_job_results r \
             JOIN contact_job_items i ON i.task_id = r.task_id AND i.item_index = r.item_index \
             WHERE r.task_id = $1 ORDER BY r.item_index",
        )
        .bind(task_id)
        .fetch_all(self.pool())
        .await
        .map_err(backend)?
        .iter()
        .map(|row| Ok((text(row, "request")?, text(row, "outcome")?)))
        .collect()
    }

    async fn claim_job(
        &self,
        owner: &str,
        real_now: Millis,
        lease_until: Millis,
    ) -> StoreResult<Option<Job>> {
        // PostgreSQL: replicas claiming at once skip each other's rows instead of waiting.
        // SQLite has one writer (this process), which is exclusion enough.
        let skip_locked = match self.dialect() {
            Dialect::Postgres => "FOR UPDATE SKIP LOCKED",
            Dialect::Sqlite => "",
        };
        let sql = format!(
            "UPDATE contact_jobs SET lease_owner = $1, lease_until_ms = $3 \
             WHERE task_id = (SELECT task_id FROM contact_jobs \
                 WHERE status = 1 AND (lease_owner = $1 OR lease_until_ms IS NULL OR lease_until_ms < $2) \
                 ORDER BY CASE WHEN lease_owner = $1 THEN 0 ELSE 1 END, submitted_at_ms, task_id \
                 LIMIT 1 {skip_locked}) \
             RETURNING *"
        );
        let mut write = self.begin_write().await?;
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
        let mut write = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE contact_jobs SET processed_num = processed_num + $4, \
                 success_num = success_num + $5, fail_num = fail_num + $6, lease_until_ms = $7, \
                 status = CASE WHEN $8 = 1 THEN 9 ELSE status END, finish_time_ms = $9 \
             WHERE task_id = $1 AND lease_owner = $2 AND processed_num = $3 AND status = 1",
        )
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
        let (tenant, task) = (job.tenant.as_str(), job.task_id.as_str());
        insert_rows(
            &mut write.tx,
            "contact_job_results",
            &["tenant_key", "task_id", "item_index", "outcome"],
            &chunk.outcomes,
            |_, (index, outcome)| {
                vec![
                    tenant.into(),
                    task.into(),
                    (*index).into(),
                    outcome.as_str().into(),
                ]
            },
        )
        .await?;
        insert_departments(&mut write.tx, &job.tenant, &chunk.departments, None).await?;
        insert_users(&mut write.tx, &job.tenant, &chunk.users, None, &Unwatched).await?;
        insert_identities(&mut write.tx, &job.tenant, &chunk.identities, &Unwatched).await?;
        write.commit().await?;
        Ok(true)
    }

    async fn fail_job(&self, task_id: &str, owner: &str, finish_time: Millis) -> StoreResult<bool> {
        let mut write = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE contact_jobs SET status = 10, finish_time_ms = $3, lease_owner = NULL, \
             lease_until_ms = NULL WHERE task_id = $1 AND lease_owner = $2 AND status = 1",
        )
        .bind(task_id)
        .bind(owner)
        .bind(finish_time.0)
        .execute(&mut *write.tx)
        .await
        .map_err(backend)?;
        write.commit().await?;
        Ok(done.rows_affected() > 0)
    }

    async fn release_jobs(&self, owner: &str) -> StoreResult<()> {
        let mut write = self.begin_write().await?;
        sqlx::query(
            "UPDATE contact_jobs SET lease_owner = NULL, lease_until_ms = NULL WHERE lease_owner = $1",
        )
        .bind(owner)
        .execute(&mut *write.tx)
        .await
        .map_err(backend)?;
        write.commit().await
    }

    async fn user_ids_ignoring_case(
        &self,
        tenant: &TenantKey,
        ids: &[String],
    ) -> StoreResult<Vec<String>> {
        self.column_where_in(
            "users",
            "lower(user_id)",
            "lower(user_id)",
            tenant,
            &lowered(ids),
        )
        .await
    }

    async fn used_mobiles(
        &self,
        tenant: &TenantKey,
        mobiles: &[String],
    ) -> StoreResult<Vec<String>> {
        self.column_where_in("users", "mobile", "mobile", tenant, mobiles)
            .await
    }

    async fn departments_by_any_id(
        &self,
        tenant: &TenantKey,
        ids: &[String],
    ) -> StoreResult<Vec<Department>> {
        let mut found = Vec::new();
        for chunk in ids.chunks(500) {
            let list = placeholders(2, chunk.len());
            let sql = format!(
                "SELECT * FROM departments WHERE tenant_key = $1 \
                 AND (department_id IN ({list}) OR open_department_id IN ({list}))"
            );
            let mut query = sqlx::query(&sql).bind(tenant.as_str());
            for id in chunk {
                query = query.bind(id.as_str());
            }
            for row in query.fetch_all(self.pool()).await.map_err(backend)? {
                found.push(department_from_row(&row)?);
            }
        }
        Ok(found)
    }
}
