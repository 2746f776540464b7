//! Use cases of the admin API that span the services: fixtures and what a tenant holds.

use super::Openwork;
use crate::error::{Error, Result};
use crate::fixture;
use crate::ids::TenantKey;
use crate::store::{Unwatched, WriteProgress};
use crate::world::{TenantSummary, TenantWorld};

impl Openwork {
    /// Parses, validates and stores a fixture: all of it or nothing (fixtures.md).
    pub async fn load_fixture(&self, text: &str) -> Result<Vec<TenantSummary>> {
        let worlds = fixture::parse(text, self.real_now())?;
        self.load_worlds(&worlds, &Unwatched).await
    }

    /// Stores worlds already built and checked in core (a parsed fixture, a generated world):
    /// each replaces its tenant, all in one transaction.
    pub async fn load_worlds(
        &self,
        worlds: &[TenantWorld],
        progress: &dyn WriteProgress,
    ) -> Result<Vec<TenantSummary>> {
        let directories: Vec<_> = worlds.iter().map(|w| &w.directory).collect();
        self.platform.check_app_ownership(&directories).await?;
        self.store().replace_tenants(worlds, progress).await?;
        Ok(worlds.iter().map(TenantWorld::summary).collect())
    }

    /// Loads the built-in demo world when the database holds no tenant yet; answers whether it
    /// did.
    pub async fn load_demo_world_if_empty(&self) -> Result<bool> {
        if self.platform.has_tenants().await? {
            return Ok(false);
        }
        self.load_fixture(fixture::DEMO).await?;
        Ok(true)
    }

    /// How much a tenant holds (admin API).
    pub async fn tenant_summary(&self, tenant: &TenantKey) -> Result<TenantSummary> {
        self.store()
            .tenant_summary(tenant)
            .await?
            .ok_or_else(|| Error::not_found(format!("tenant {tenant:?}")))
    }
}
