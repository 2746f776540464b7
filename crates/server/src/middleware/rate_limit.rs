//! Per-app rate limits: fixed windows counted per (tenant, app, endpoint), as the vendors
//! document them ("20 次/分钟" is 20 calls in each minute window, reported with the seconds until
//! the window resets); a window opens with the first call. Replicas of one PostgreSQL database
//! count together, in the database; a SQLite database serves one process, which counts in
//! memory.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use openwork_platform::Error;
use openwork_platform::clock::{RealClock, SystemClock};
use openwork_platform::db::{Db, Dialect};
use openwork_platform::store::{RateKey, RateWindow, count_call};

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
    /// In this process: each key's window. A SQLite database serves one process.
    InProcess(Mutex<HashMap<(String, String, &'static str), RateWindow>>),
    /// In the database every replica shares (PostgreSQL), so that an app gets the vendor's
    /// limit whatever the number of replicas.
    Shared(Db),
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

    /// A window opens with the first call after the last one closed, and lasts `limit.window`.
    async fn check_at(
        &self,
        tenant: &str,
        app: &str,
        endpoint: &'static str,
        limit: RateLimit,
        now_ms: i64,
    ) -> Result<(), Error> {
        let window_ms = i64::try_from(limit.window.as_millis()).expect("windows of seconds");
        let window = match &self.counter {
            Counter::InProcess(windows) => {
                let mut windows = windows.lock().expect("rate-limit lock");
                let window = windows
                    .entry((tenant.to_owned(), app.to_owned(), endpoint))
                    .or_insert(RateWindow {
                        start_ms: now_ms,
                        calls: 0,
                    });
                if now_ms - window.start_ms >= window_ms {
                    *window = RateWindow {
                        start_ms: now_ms,
                        calls: 0,
                    };
                }
                window.calls += 1;
                *window
            }
            Counter::Shared(db) => {
                let key = RateKey {
                    tenant,
                    app,
                    api: endpoint,
                };
                count_call(db, key, now_ms, window_ms).await?
            }
        };
        if window.calls > i64::from(limit.max) {
            let left_ms = (window.start_ms + window_ms - now_ms).max(1);
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
        let opened = 1_800_000_000_000;
        assert!(limiter.check_at("t", "a", "e", limit, opened).await.is_ok());
        assert!(limiter.check_at("t", "a", "e", limit, opened).await.is_ok());
        let at = opened + 15_500; // 44.5 s before the window closes
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
    async fn a_window_opens_with_the_first_call_and_a_new_one_after_it() {
        let limiter = in_process(true).await;
        let limit = RateLimit::per_second(1);
        let first = 1_800_000_000_500;
        let opening = limiter.check_at("t", "a", "e", limit, first).await;
        assert!(opening.is_ok());
        let late = limiter.check_at("t", "a", "e", limit, first + 999).await;
        assert!(late.is_err());
        let next = limiter.check_at("t", "a", "e", limit, first + 1_000).await;
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
