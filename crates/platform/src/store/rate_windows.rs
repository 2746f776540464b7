//! Rate-limit windows shared by the replicas of a PostgreSQL database: each call counts itself
//! in its window with one upsert, and learns how many calls the window holds, itself included.

use crate::db::{Db, backend};
use crate::error::StoreResult;

/// Which calls count together: one app of one tenant calling one API.
#[derive(Clone, Copy, Debug)]
pub struct RateKey<'a> {
    pub tenant: &'a str,
    pub app: &'a str,
    pub api: &'a str,
}

/// Counts one call of `key` in the window starting at `window_start` (ms since the epoch);
/// answers how many calls the window holds now. The first call of a window also deletes the
/// key's earlier windows, so that a key keeps one row.
pub async fn count_call(db: &Db, key: RateKey<'_>, window_start: i64) -> StoreResult<i64> {
    let calls: i64 = sqlx::query_scalar(
        "INSERT INTO rate_windows (tenant_key, app_id, api, window_start, calls) \
         VALUES ($1, $2, $3, $4, 1) \
         ON CONFLICT (tenant_key, app_id, api, window_start) \
         DO UPDATE SET calls = rate_windows.calls + 1 \
         RETURNING calls",
    )
    .bind(key.tenant)
    .bind(key.app)
    .bind(key.api)
    .bind(window_start)
    .fetch_one(db.pool())
    .await
    .map_err(backend)?;
    if calls == 1 {
        sqlx::query(
            "DELETE FROM rate_windows \
             WHERE tenant_key = $1 AND app_id = $2 AND api = $3 AND window_start < $4",
        )
        .bind(key.tenant)
        .bind(key.app)
        .bind(key.api)
        .bind(window_start)
        .execute(db.pool())
        .await
        .map_err(backend)?;
    }
    Ok(calls)
}
