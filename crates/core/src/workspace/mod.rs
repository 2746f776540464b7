//! DingTalk workspace tasks.

mod model;
mod service;

pub use model::*;
