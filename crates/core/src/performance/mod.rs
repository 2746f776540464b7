//! Performance reviews (绩效).

mod admin;
mod model;
mod service;
mod status;

pub use admin::SemesterReplaced;
pub use model::*;
pub use service::*;
pub use status::*;
