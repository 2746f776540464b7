//! The workspace service's storage: its port ([`WorkspaceStore`]), the SQL implementation
//! ([`sql`]) and its schema.

mod legacy;
mod sql;

use async_trait::async_trait;
use futures::FutureExt;
use openwork_platform::StoreResult;
use openwork_platform::clock::Millis;
use openwork_platform::db::{Db, Legacy, Migration, Schema, check_table};
use openwork_platform::ids::{TenantKey, UserId};

pub use sql::{SqlWorkspaceStore, write_section};

use crate::model::{TasklistVisibility, WorkspaceTask, WorkspaceTaskId};

/// The workspace service's tables.
pub static SCHEMA: Schema = Schema {
    component: "workspace",
    migrations: &[Migration {
        version: 1,
        name: "workspace",
        sqlite: include_str!("../../migrations/sqlite/0001_workspace.sql"),
        postgres: include_str!("../../migrations/postgres/0001_workspace.sql"),
    }],
    legacy: Legacy {
        tables: &["workspace_tasks", "workspace_tasklists"],
        adopt: |conn| legacy::adopt_legacy(conn).boxed(),
    },
};

/// Every table's declaration, checked against the migrated schema.
pub async fn check_tables(db: &Db) -> StoreResult<()> {
    check_table::<sql::Tasks>(db).await
}

#[async_trait]
pub trait WorkspaceStore: Send + Sync {
    async fn task(
        &self,
        tenant: &TenantKey,
        id: &WorkspaceTaskId,
    ) -> StoreResult<Option<WorkspaceTask>>;
    async fn task_by_source(
        &self,
        tenant: &TenantKey,
        source: &str,
        source_id: &str,
    ) -> StoreResult<Option<WorkspaceTask>>;
    /// Stores a new task; a `(source, source_id)` already taken is a conflict.
    async fn insert_task(&self, tenant: &TenantKey, task: &WorkspaceTask) -> StoreResult<()>;
    /// Stores a task in place of the one with its `task_id`; a `(source, source_id)` another
    /// task holds is a conflict, and nothing changes.
    async fn replace_task(&self, tenant: &TenantKey, task: &WorkspaceTask) -> StoreResult<()>;
    async fn delete_task(&self, tenant: &TenantKey, id: &WorkspaceTaskId) -> StoreResult<bool>;
    /// Deletes the tasks of a project (`corp_id`); answers how many.
    async fn delete_project_tasks(&self, tenant: &TenantKey, project: &str) -> StoreResult<u64>;
    /// Hides or shows a user's tasks: of one project, or org-wide (`project` None).
    async fn set_tasklist_visibility(
        &self,
        tenant: &TenantKey,
        user: &UserId,
        project: Option<&str>,
        hidden: bool,
        at: Millis,
    ) -> StoreResult<()>;
    async fn tasklist_visibility(
        &self,
        tenant: &TenantKey,
        user: &UserId,
    ) -> StoreResult<Vec<TasklistVisibility>>;
    /// How many tasks a tenant holds (the admin API's summary).
    async fn count_tasks(&self, tenant: &TenantKey) -> StoreResult<usize>;
    /// Tasks in `task_id` byte order after `after`, at most `limit`.
    async fn tasks_page(
        &self,
        tenant: &TenantKey,
        after: Option<&WorkspaceTaskId>,
        limit: usize,
    ) -> StoreResult<Vec<WorkspaceTask>>;
}
