//! Performance reviews (绩效).

mod model;

pub use model::*;
