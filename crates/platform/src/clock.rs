//! Time: instants in milliseconds, the tenants' virtual clocks and the server's real clock.
//!
//! Business rules (overdue stages, report windows, job timestamps, DingTalk `gmt_*`) run on the
//! tenant's clock, which a fixture or the admin API can fix or move. Token lifetimes run on the
//! real clock: moving a tenant's clock changes what its data looks like, never whether a client's
//! cached token still works (docs/compat.md).

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Milliseconds since the Unix epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Millis(pub i64);

impl Millis {
    pub fn from_seconds(seconds: i64) -> Self {
        Self(seconds.saturating_mul(1000))
    }

    /// Whole seconds, rounded towards negative infinity.
    pub fn seconds(self) -> i64 {
        self.0.div_euclid(1000)
    }

    pub fn plus_seconds(self, seconds: i64) -> Self {
        Self(self.0.saturating_add(seconds.saturating_mul(1000)))
    }

    /// Parses an RFC 3339 timestamp (`2024-06-01T10:00:00+08:00`).
    pub fn parse_rfc3339(text: &str) -> Option<Self> {
        let at = OffsetDateTime::parse(text, &Rfc3339).ok()?;
        i64::try_from(at.unix_timestamp_nanos() / 1_000_000)
            .ok()
            .map(Self)
    }

    /// RFC 3339 in UTC with millisecond precision.
    pub fn to_rfc3339(self) -> String {
        OffsetDateTime::from_unix_timestamp_nanos(i128::from(self.0) * 1_000_000)
            .ok()
            .and_then(|at| at.format(&Rfc3339).ok())
            .unwrap_or_else(|| self.0.to_string())
    }
}

/// The source of real time. Injectable so that token lifetimes can be tested without waiting.
pub trait RealClock: Send + Sync {
    fn now(&self) -> Millis;
}

/// The operating system's clock.
#[derive(Debug, Default)]
pub struct SystemClock;

impl RealClock for SystemClock {
    fn now(&self) -> Millis {
        let nanos = OffsetDateTime::now_utc().unix_timestamp_nanos();
        Millis(i64::try_from(nanos / 1_000_000).unwrap_or(i64::MAX))
    }
}

pub type SharedClock = Arc<dyn RealClock>;

/// A tenant's virtual clock: real time, optionally fixed at an instant, optionally shifted.
///
/// `fixed` wins over `offset_ms`: a fixed clock stands still until moved.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantClock {
    pub fixed: Option<Millis>,
    pub offset_ms: i64,
}

impl TenantClock {
    pub fn fixed_at(at: Millis) -> Self {
        Self {
            fixed: Some(at),
            offset_ms: 0,
        }
    }

    /// The tenant's "now" given the real time.
    pub fn now(&self, real_now: Millis) -> Millis {
        match self.fixed {
            Some(at) => at,
            None => Millis(real_now.0.saturating_add(self.offset_ms)),
        }
    }

    /// Moves the clock by `seconds` (negative moves it back), keeping it fixed or running.
    pub fn advanced(self, seconds: i64) -> Self {
        let delta = seconds.saturating_mul(1000);
        match self.fixed {
            Some(at) => Self::fixed_at(Millis(at.0.saturating_add(delta))),
            None => Self {
                fixed: None,
                offset_ms: self.offset_ms.saturating_add(delta),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rfc3339_with_offset() {
        let at = Millis::parse_rfc3339("2024-06-01T10:00:00+08:00").unwrap();
        assert_eq!(at, Millis(1_717_207_200_000));
        assert_eq!(at.to_rfc3339(), "2024-06-01T02:00:00Z");
        assert!(Millis::parse_rfc3339("2024-06-01 10:00:00").is_none());
    }

    #[test]
    fn fixed_clock_stands_still_and_moves_when_advanced() {
        let clock = TenantClock::fixed_at(Millis(1_000));
        assert_eq!(clock.now(Millis(99_000)), Millis(1_000));
        assert_eq!(clock.advanced(5).now(Millis(99_000)), Millis(6_000));
    }

    #[test]
    fn running_clock_keeps_an_offset() {
        let clock = TenantClock::default().advanced(-2);
        assert_eq!(clock.now(Millis(10_000)), Millis(8_000));
    }

    #[test]
    fn seconds_round_down() {
        assert_eq!(Millis(1_999).seconds(), 1);
        assert_eq!(Millis(-1).seconds(), -1);
    }
}
