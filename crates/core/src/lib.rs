//! openwork's domain: tenants, apps, the directory and ID mapping, performance reviews, work
//! reports, DingTalk workspace tasks, contact jobs, clocks and scopes, and the storage ports the
//! `store` crate implements. No HTTP and no SQL here.

pub mod error;
pub mod fixture;
pub mod generate;
pub mod ids;
pub mod service;
pub mod store;
pub mod world;

pub use error::{Error, Result};
pub use openwork_platform::{FieldViolation, access, catalog, clock, directory, paging, token};
pub use service::Openwork;
