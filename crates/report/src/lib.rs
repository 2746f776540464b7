//! The Feishu report service (汇报): rules with their forms and audiences, submitted reports,
//! board views — the use cases of the `report/v1` APIs and of the admin API's report calls,
//! their storage in both databases, and the report section of fixtures.

pub mod admin;
pub mod command;
pub mod error;
pub mod export;
pub mod fixture;
mod model;
mod service;
pub mod store;
pub mod views;

pub use error::{Error, Result};
pub use model::*;
pub use service::{Caller, ReportService, ReportTaskPage, RuleView, RuleViews};
pub use store::SCHEMA;
