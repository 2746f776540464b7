//! The Feishu performance service (绩效): semesters, their stages and every user's stage tasks,
//! and v2 review templates — the rules of stage-task statuses and filters, the use cases of the
//! `performance/v1` and `performance/v2` APIs and of the admin API's workflow, their storage in
//! both databases, and the performance section of fixtures.

mod additional;
pub mod admin;
pub mod command;
pub mod error;
mod events;
pub mod export;
pub mod fixture;
pub mod metric_details;
mod model;
mod results;
mod service;
mod status;
pub mod store;
pub mod views;

pub use additional::{ImportedInfos, InfoView};
pub use error::{Error, Result};
pub use model::*;
pub use results::{
    ResultProfile, ResultRecord, ResultsV1, ResultsV2, USER_SNAPSHOT_SCOPES, UserInfoView,
};
pub use service::{
    ActivityView, Caller, GroupWriteOutcome, Page, PerformanceService, RevieweePage, RevieweeView,
    SemesterView, StageTaskList, StageTaskPage, StageTaskView, UserStageTasks,
};
pub use status::*;
pub use store::SCHEMA;
