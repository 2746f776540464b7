//! The services' storage ports: the traits `openwork-store` implements for SQLite and
//! PostgreSQL (the platform's own are in `openwork_platform::store`).
//!
//! One trait per aggregate keeps each small; [`Store`] bundles them for the service layer. Every
//! method that reads tenant data takes the tenant's key: a row of another tenant is never
//! returned, which is what makes "another tenant's ID behaves like a missing one" hold everywhere.

use async_trait::async_trait;

pub use openwork_platform::db::{Unwatched, WriteProgress};
pub use openwork_platform::error::{StoreError, StoreResult};

use crate::clock::Millis;
use crate::ids::{TenantKey, UserId, WorkspaceTaskId};
use crate::workspace::{TasklistVisibility, WorkspaceTask};
use crate::world::{TenantSummary, TenantWorld};

#[async_trait]
pub trait WorkspaceStore: Send + Sync {
    async fn workspace_task(
        &self,
        tenant: &TenantKey,
        id: &WorkspaceTaskId,
    ) -> StoreResult<Option<WorkspaceTask>>;
    async fn workspace_task_by_source(
        &self,
        tenant: &TenantKey,
        source: &str,
        source_id: &str,
    ) -> StoreResult<Option<WorkspaceTask>>;
    /// Stores a new task; a `(source, source_id)` already taken is a conflict.
    async fn insert_workspace_task(
        &self,
        tenant: &TenantKey,
        task: &WorkspaceTask,
    ) -> StoreResult<()>;
    /// Stores a task in place of the one with its `task_id`.
    async fn replace_workspace_task(
        &self,
        tenant: &TenantKey,
        task: &WorkspaceTask,
    ) -> StoreResult<()>;
    async fn delete_workspace_task(
        &self,
        tenant: &TenantKey,
        id: &WorkspaceTaskId,
    ) -> StoreResult<bool>;
    /// Deletes the tasks of a project (`corp_id`); answers how many.
    async fn delete_workspace_tasks_of_project(
        &self,
        tenant: &TenantKey,
        project: &str,
    ) -> StoreResult<u64>;
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
}

/// Tenants as wholes: what a fixture load and `openwork generate` write, and how much a tenant
/// holds.
#[async_trait]
pub trait WorldStore: Send + Sync {
    /// Replaces each tenant (and everything in it) with the given world, all in one transaction,
    /// telling `progress` how the large tables advance.
    async fn replace_tenants(
        &self,
        worlds: &[TenantWorld],
        progress: &dyn WriteProgress,
    ) -> StoreResult<()>;
    /// How much a tenant holds; `None` when it does not exist.
    async fn tenant_summary(&self, tenant: &TenantKey) -> StoreResult<Option<TenantSummary>>;
}

/// Everything the services need from storage.
pub trait Store: WorldStore + WorkspaceStore {}

impl<T> Store for T where T: WorldStore + WorkspaceStore {}
