//! Per-app rate limits: fixed windows counted per (tenant, app, endpoint), as the vendors
//! document them ("20 次/分钟" is 20 calls in each minute window, reported with the seconds until
//! the window resets). Counted in this process: replicas behind one database each count their
//! own calls (docs/compat.md).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use openwork_platform::Error;

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

struct Window {
    started: Instant,
    calls: u32,
}

pub struct RateLimiter {
    enabled: bool,
    windows: Mutex<HashMap<(String, String, &'static str), Window>>,
}

impl RateLimiter {
    pub fn new(enabled: bool) -> Self {
        Self {
            enabled,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one call of `endpoint` by `app` of `tenant`; refuses it past the limit.
    pub fn check(
        &self,
        tenant: &str,
        app: &str,
        endpoint: &'static str,
        limit: RateLimit,
    ) -> Result<(), Error> {
        if !self.enabled {
            return Ok(());
        }
        self.check_at(tenant, app, endpoint, limit, Instant::now())
    }

    fn check_at(
        &self,
        tenant: &str,
        app: &str,
        endpoint: &'static str,
        limit: RateLimit,
        now: Instant,
    ) -> Result<(), Error> {
        let mut windows = self.windows.lock().expect("rate-limit lock");
        let window = windows
            .entry((tenant.to_owned(), app.to_owned(), endpoint))
            .or_insert(Window {
                started: now,
                calls: 0,
            });
        if now.duration_since(window.started) >= limit.window {
            *window = Window {
                started: now,
                calls: 0,
            };
        }
        if window.calls >= limit.max {
            let left = limit
                .window
                .saturating_sub(now.duration_since(window.started));
            return Err(Error::RateLimited {
                limit: limit.max,
                reset_seconds: left.as_secs() + u64::from(left.subsec_nanos() > 0),
            });
        }
        window.calls += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_key_and_refuses_past_the_limit() {
        let limiter = RateLimiter::new(true);
        let limit = RateLimit::per_minute(2);
        assert!(limiter.check("t", "a", "e", limit).is_ok());
        assert!(limiter.check("t", "a", "e", limit).is_ok());
        match limiter.check("t", "a", "e", limit) {
            Err(Error::RateLimited {
                limit,
                reset_seconds,
            }) => {
                assert_eq!(limit, 2);
                assert!((1..=60).contains(&reset_seconds));
            }
            other => panic!("{other:?}"),
        }
        assert!(limiter.check("t", "b", "e", limit).is_ok(), "another app");
        assert!(
            limiter.check("t", "a", "f", limit).is_ok(),
            "another endpoint"
        );
    }

    #[test]
    fn a_new_window_starts_afresh() {
        let limiter = RateLimiter::new(true);
        let limit = RateLimit::per_second(1);
        let start = Instant::now();
        assert!(limiter.check_at("t", "a", "e", limit, start).is_ok());
        let almost = start + Duration::from_millis(999);
        assert!(limiter.check_at("t", "a", "e", limit, almost).is_err());
        let next = start + Duration::from_secs(1);
        assert!(limiter.check_at("t", "a", "e", limit, next).is_ok());
    }

    #[test]
    fn off_means_off() {
        let limiter = RateLimiter::new(false);
        for _ in 0..10 {
            assert!(
                limiter
                    .check("t", "a", "e", RateLimit::per_minute(1))
                    .is_ok()
            );
        }
    }
}
