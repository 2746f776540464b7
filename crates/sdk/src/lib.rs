//! A Rust client for the Feishu and DingTalk open APIs (the vendors' or openwork's) and for
//! openwork's admin API.

pub mod admin;
mod error;

pub use error::SdkError;
