//! Contact v2 batch imports (通讯录批量任务): durable asynchronous jobs.

mod model;
pub mod rules;
mod service;

pub use model::*;
pub use service::*;
