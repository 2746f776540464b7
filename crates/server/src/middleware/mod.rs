//! Cross-cutting layers: the request's frame (its log ID, journal entry and deadline), body
//! limits and rate limits.

pub mod body_limit;
pub mod deadline;
pub mod frame;
pub mod log_id;
pub mod rate_limit;
