//! DingTalk workspace tasks (工作台待办, `dingtalk.oapi.workspace.task.*` and
//! `workspace.tasklist.*`): tasks that other systems keep in a user's DingTalk workspace, found
//! by their own ID or by their source system's, and which of them each user's task list shows.
//! The use cases, their storage in both databases, and the workspace section of fixtures.

pub mod command;
pub mod error;
pub mod export;
pub mod fixture;
mod model;
mod service;
pub mod store;
pub mod views;

pub use error::{Error, Result};
pub use model::*;
pub use service::WorkspaceService;
pub use store::SCHEMA;
