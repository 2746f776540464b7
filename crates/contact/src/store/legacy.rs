//! The contact data of a database written by openwork 0.1 (see
//! `openwork_platform::db::migrate`).

use openwork_platform::db::{AnyConnection, Table, Unwatched, backend, column, insert};
use openwork_platform::ids::UserId;
use openwork_platform::{StoreError, StoreResult};

use super::sql::JobResults;
use crate::model::ItemOutcome;

/// Carries the contact rows of an openwork 0.1 database over (see `migrate`). 0.1 kept each
/// item's outcome as JSON.
pub(super) async fn adopt_legacy(conn: &mut AnyConnection) -> StoreResult<()> {
    for copy in [
        "INSERT INTO contact_jobs (task_id, tenant_key, app_id, kind, status, total_num, \
         processed_num, success_num, fail_num, create_time_ms, finish_time_ms, submitted_at_ms, \
         lease_owner, lease_until_ms) \
         SELECT task_id, tenant_key, app_id, kind, status, total_num, processed_num, success_num, \
         fail_num, create_time_ms, finish_time_ms, submitted_at_ms, lease_owner, lease_until_ms \
         FROM legacy_contact_jobs",
        "INSERT INTO contact_job_items (task_id, item_index, request) \
         SELECT task_id, item_index, request FROM legacy_contact_job_items",
    ] {
        sqlx::query(copy)
            .execute(&mut *conn)
            .await
            .map_err(backend)?;
    }
    #[derive(serde::Deserialize)]
    struct LegacyOutcome {
        code: i64,
        msg: String,
        user_id: Option<String>,
        department_id: Option<String>,
        chat_id: Option<String>,
    }
    let rows = sqlx::query("SELECT task_id, item_index, outcome FROM legacy_contact_job_results")
        .fetch_all(&mut *conn)
        .await
        .map_err(backend)?;
    let mut outcomes = Vec::with_capacity(rows.len());
    for row in &rows {
        let outcome: LegacyOutcome = serde_json::from_str(&column::<String>(row, "outcome")?)
            .map_err(|err| StoreError::Backend(format!("a 0.1 job item's outcome: {err}")))?;
        outcomes.push((
            column::<String>(row, "task_id")?,
            column::<i64>(row, "item_index")?,
            ItemOutcome {
                code: outcome.code,
                msg: outcome.msg,
                user_id: outcome.user_id.map(UserId::new),
                department_id: outcome.department_id,
                chat_id: outcome.chat_id,
            },
        ));
    }
    insert::<JobResults, _>(conn, &outcomes, &Unwatched, |(task, index, outcome)| {
        JobResults::cells((task, index), outcome)
    })
    .await
}
