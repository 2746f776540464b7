//! DingTalk workspace tasks.

mod model;

pub use model::*;
