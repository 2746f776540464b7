//! Rate-limit windows shared by the replicas of a PostgreSQL database: each call counts itself
//! in its key's window with one upsert, which also opens a new window when the last one closed,
//! and learns when the window opened and how many calls it holds, itself included.

use crate::db::{Db, backend};
use crate::error::StoreResult;

/// Which calls count together: one app of one tenant calling one API.
#[derive(Clone, Copy, Debug)]
pub struct RateKey<'a> {
    pub tenant: &'a str,
    pub app: &'a str,
    pub api: &'a str,
}

/// A window as a call left it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateWindow {
    /// When it opened (ms since the epoch).
    pub start_ms: i64,
    /// The calls it holds, the one just counted included.
    pub calls: i64,
}

/// Counts one call of `key` at `now_ms` in a window of `window_ms`: in the open window, or in a
/// new one opening now when the last is `window_ms` old or older. Atomic: concurrent calls on
/// any replica each count once.
pub async fn count_call(
    db: &Db,
    key: RateKey<'_>,
    now_ms: i64,
    window_ms: i64,
) -> StoreResult<RateWindow> {
    let (start_ms, calls): (i64, i64) = sqlx::query_as(
        "INSERT INTO rate_windows (tenant_key, app_id, api, window_start, calls) \
         VALUES ($1, $2, $3, $4, 1) \
         ON CONFLICT (tenant_key, app_id, api) DO UPDATE SET \
           window_start = CASE WHEN rate_windows.window_start <= $4 - $5 \
             THEN $4 ELSE rate_windows.window_start END, \
           calls = CASE WHEN rate_windows.window_start <= $4 - $5 \
             THEN 1 ELSE rate_windows.calls + 1 END \
         RETURNING window_start, calls",
    )
    .bind(key.tenant)
    .bind(key.app)
    .bind(key.api)
    .bind(now_ms)
    .bind(window_ms)
    .fetch_one(db.pool())
    .await
    .map_err(backend)?;
    Ok(RateWindow { start_ms, calls })
}
