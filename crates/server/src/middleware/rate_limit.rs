//! Per-app rate limits: fixed windows counted per (tenant, app, endpoint), as the vendors
//! document them ("20 次/分钟" is 20 calls in each minute window, reported with the seconds until
//! the window resets). Replicas of one PostgreSQL database count together, in the database; a
//! SQLite database serves one process, which counts in memory.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use openwork_platform::Error;
use openwork_platform::clock::{RealClock, SystemClock};
use openwork_platform::db::{Db, Dialect};
use openwork_platform::store::{RateKey, count_call};

/// A documented limit: at most `max` calls per `window`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    pub max: u32,
    pub window: Duration,
}

impl RateLimit {
    pub const fn per_second(max: u32) -> Self {
        Self {
            max,
            window: Duration::from_secs(1),
        }
    }

    pub const fn per_minute(max: u32) -> Self {
        Self {
            max,
            window: Duration::from_secs(60),
        }
    }
}

/// Where calls are counted.
enum Counter {
    /// In this process: the window of each key and its calls. A SQLite database serves one
    /// process.
    InProcess(Mutex<HashMap<(String, String, &'static str), Window>>),
    /// In the database every replica shares (PostgreSQL), so that an app gets the vendor's
    /// limit whatever the number of replicas.
    Shared(Db),
}

struct Window {
    start_ms: i64,
    calls: i64,
}

pub struct RateLimiter {
    enabled: bool,
    counter: Counter,
}

impl RateLimiter {
    /// A limiter counting in `db` when it is PostgreSQL, else in this process.
    pub fn new(enabled: bool, db: &Db) -> Self {
        let counter = match db.dialect() {
            Dialect::Postgres => Counter::Shared(db.clone()),
            Dialect::Sqlite => Counter::InProcess(Mutex::default()),
        };
        Self { enabled, counter }
    }

    /// Counts one call of `endpoint` by `app` of `tenant`; refuses it past the limit.
    pub async fn check(
        &self,
        tenant: &str,
        app: &str,
        endpoint: &'static str,
        limit: RateLimit,
    ) -> Result<(), Error> {
        if !self.enabled {
            return Ok(());
        }
        self.check_at(tenant, app, endpoint, limit, SystemClock.now().0)
            .await
    }

    /// Windows are aligned to the clock (a minute's window starts at the minute), so that every
    /// replica puts a call in the same one.
    async fn check_at(
        &self,
        tenant: &str,
        app: &str,
        endpoint: &'static str,
        limit: RateLimit,
        now_ms: i64,
    ) -> Result<(), Error> {
        let window_ms = i64::try_from(limit.window.as_millis()).expect("windows of seconds");
        let start_ms = now_ms - now_ms.rem_euclid(window_ms);
        let calls = match &self.counter {
            Counter::InProcess(windows) => {
                let mut windows = windows.lock().expect("rate-limit lock");
                let window = windows
                    .entry((tenant.to_owned(), app.to_owned(), endpoint))
                    .or_insert(Window { start_ms, calls: 0 });
                if window.start_ms != start_ms {
                    *window = Window { start_ms, calls: 0 };
                }
                window.calls += 1;
                window.calls
            }
            Counter::Shared(db) => {
                let key = RateKey {
                    tenant,
                    app,
                    api: endpoint,
                };
                count_call(db, key, start_ms).await?
            }
        };
        if calls > i64::from(limit.max) {
            let left_ms = start_ms + window_ms - now_ms;
            return Err(Error::RateLimited {
                limit: limit.max,
                reset_seconds: u64::try_from((left_ms + 999) / 1_000).unwrap_or(1),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn in_process(enabled: bool) -> RateLimiter {
        let db = Db::connect("sqlite::memory:").await.unwrap();
        RateLimiter::new(enabled, &db)
    }

    #[tokio::test]
    async fn counts_per_key_and_refuses_past_the_limit() {
        let limiter = in_process(true).await;
        let limit = RateLimit::per_minute(2);
        let at = 1_800_000_000_000 + 15_500; // 44.5 s before the minute's window ends
        assert!(limiter.check_at("t", "a", "e", limit, at).await.is_ok());
        assert!(limiter.check_at("t", "a", "e", limit, at).await.is_ok());
        match limiter.check_at("t", "a", "e", limit, at).await {
            Err(Error::RateLimited {
                limit,
                reset_seconds,
            }) => {
                assert_eq!(limit, 2);
                assert_eq!(reset_seconds, 45);
            }
            other => panic!("{other:?}"),
        }
        let other_app = limiter.check_at("t", "b", "e", limit, at).await;
        assert!(other_app.is_ok(), "another app");
        let other_endpoint = limiter.check_at("t", "a", "f", limit, at).await;
        assert!(other_endpoint.is_ok(), "another endpoint");
    }

    #[tokio::test]
    async fn a_new_window_starts_afresh_at_the_clocks_boundary() {
        let limiter = in_process(true).await;
        let limit = RateLimit::per_second(1);
        let start = 1_800_000_000_000;
        assert!(
            limiter
                .check_at("t", "a", "e", limit, start + 500)
                .await
                .is_ok()
        );
        let late = limiter.check_at("t", "a", "e", limit, start + 999).await;
        assert!(late.is_err());
        let next = limiter.check_at("t", "a", "e", limit, start + 1_000).await;
        assert!(next.is_ok());
    }

    #[tokio::test]
    async fn off_means_off() {
        let limiter = in_process(false).await;
        for _ in 0..10 {
            let call = limiter.check("t", "a", "e", RateLimit::per_minute(1)).await;
            assert!(call.is_ok());
        }
    }
}
