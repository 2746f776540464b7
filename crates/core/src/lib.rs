//! openwork's domain: tenants, apps, the directory and ID mapping, performance reviews, work
//! reports, DingTalk workspace tasks, contact jobs, clocks and scopes, and the storage ports the
//! `store` crate implements. No HTTP and no SQL here.

pub mod auth;
pub mod catalog;
pub mod clock;
pub mod contact;
pub mod directory;
pub mod error;
pub mod fixture;
pub mod generate;
pub mod ids;
pub mod paging;
pub mod performance;
pub mod report;
pub mod service;
pub mod store;
pub mod workspace;
pub mod world;

pub use error::{DingTalkError, Error, FieldViolation, Result};
pub use service::Openwork;
