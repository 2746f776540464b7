//! Feishu / Lark open-platform wire types.

pub mod auth;
pub mod authen;
pub mod codes;
pub mod contact;
mod envelope;
pub mod events;
pub mod long_connection;
pub mod performance;
pub mod report;

pub use envelope::*;
