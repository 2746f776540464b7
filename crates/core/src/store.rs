//! The services' storage ports: the traits `openwork-store` implements for SQLite and
//! PostgreSQL (the platform's own are in `openwork_platform::store`).
//!
//! One trait per aggregate keeps each small; [`Store`] bundles them for the service layer. Every
//! method that reads tenant data takes the tenant's key: a row of another tenant is never
//! returned, which is what makes "another tenant's ID behaves like a missing one" hold everywhere.

use async_trait::async_trait;

pub use openwork_platform::db::{Unwatched, WriteProgress};
pub use openwork_platform::error::{StoreError, StoreResult};

use crate::ids::TenantKey;
use crate::world::{TenantSummary, TenantWorld};

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
pub trait Store: WorldStore {}

impl<T> Store for T where T: WorldStore {}
