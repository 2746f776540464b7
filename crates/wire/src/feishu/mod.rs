//! Feishu / Lark open-platform wire types.

pub mod auth;
pub mod codes;
mod envelope;
pub mod performance;

pub use envelope::*;
