//! The Feishu contact v2 batch imports (通讯录批量任务): `user/batch_add` and
//! `department/batch_add` queue durable jobs; runners on any replica lease a job and apply its
//! items to the platform's directory a chunk at a time, each chunk in one transaction, so that
//! every item is applied exactly once whatever crashes; `task/get` reports them.

pub mod command;
pub mod error;
mod events;
mod model;
pub mod rules;
mod service;
pub mod store;
pub mod views;

pub use error::{Error, Result};
pub use model::*;
pub use service::{CHUNK_ITEMS, ContactService, ItemReport, JobMetrics, JobProgress, JobReport};
pub use store::SCHEMA;
