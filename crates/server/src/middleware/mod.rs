//! Cross-cutting layers: log IDs and rate limits.

pub mod log_id;
pub mod rate_limit;
