//! Work reports (汇报).

mod admin;
mod model;
mod service;

pub use model::*;
pub use service::*;
