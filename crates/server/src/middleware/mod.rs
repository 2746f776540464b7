//! Cross-cutting layers: log IDs, body limits, deadlines and rate limits.

pub mod body_limit;
pub mod deadline;
pub mod log_id;
pub mod rate_limit;
