//! Work reports (汇报).

mod model;

pub use model::*;
