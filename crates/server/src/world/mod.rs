//! Whole tenants: the unit a fixture declares, `openwork generate` builds and the admin API
//! loads and summarises. A [`TenantWorld`] is the platform's directory plus each service's
//! section; it is written in one transaction, each part by the crate that owns its tables, in
//! place of the tenant it names.

pub mod export;
pub mod fixture;
#[cfg(test)]
mod storage_tests;

use openwork_platform::db::{AnyConnection, TablesWritten, Unwatched, WriteProgress};
use openwork_platform::directory::TenantDirectory;
use openwork_platform::ids::TenantKey;
use openwork_platform::store::{has_tenants, write_tenant};
use openwork_platform::{Error, StoreResult};
use openwork_wire::admin::TenantSummary;
use openwork_workspace::WorkspaceTask;

use crate::Services;

/// When [`Services::store_worlds`] stores its worlds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Store {
    Always,
    /// Only into a database that holds no tenant once the write holds its lock.
    IfDatabaseEmpty,
}

/// A load that put at least this many rows into a table leaves it analyzed (PostgreSQL), so
/// that the first reads after it are planned for its size; smaller tables are planned well
/// without statistics.
const ANALYZE_AFTER_ROWS: usize = 1_000;

/// Everything one tenant holds.
#[derive(Clone, Debug)]
pub struct TenantWorld {
    /// The tenant, its apps and directory: the platform's part.
    pub directory: TenantDirectory,
    pub performance: openwork_performance::fixture::Section,
    pub report: openwork_report::fixture::Section,
    pub workspace_tasks: Vec<WorkspaceTask>,
}

impl TenantWorld {
    /// What the world holds, as the admin API reports it.
    pub fn summary(&self) -> TenantSummary {
        TenantSummary {
            tenant_key: self.directory.tenant.tenant_key.to_string(),
            apps: self.directory.apps.len(),
            departments: self.directory.departments.len(),
            users: self.directory.users.len(),
            semesters: self.performance.semesters.len(),
            stages: self.performance.stages.len(),
            stage_tasks: self.performance.stage_tasks.len(),
            review_templates: self.performance.review_templates.len(),
            report_rules: self.report.rules.len(),
            reports: self.report.reports.len(),
            workspace_tasks: self.workspace_tasks.len(),
        }
    }

    /// Writes the world in place of its tenant (whose rows go with it: every table of tenant
    /// data is owned by its tenant), telling `progress` how the large tables advance.
    async fn write(
        &self,
        conn: &mut AnyConnection,
        progress: &dyn WriteProgress,
    ) -> StoreResult<()> {
        write_tenant(conn, &self.directory, progress).await?;
        let tenant = &self.directory.tenant.tenant_key;
        openwork_performance::store::write_section(conn, tenant, &self.performance, progress)
            .await?;
        openwork_report::store::write_section(conn, tenant, &self.report, progress).await?;
        openwork_workspace::store::write_section(conn, tenant, &self.workspace_tasks, progress)
            .await
    }
}

/// Loading and summarising whole tenants (the admin API's fixtures, the demo world, `openwork
/// generate`), across the platform and the services.
impl Services {
    /// Parses, validates and stores a fixture: all of it or nothing (docs/fixtures.md).
    pub async fn load_fixture(&self, text: &str) -> Result<Vec<TenantSummary>, Error> {
        let worlds = self.parse_fixture(text).await?;
        self.load_worlds(&worlds, &Unwatched).await
    }

    /// Parses and validates a fixture on the blocking pool: a large one takes seconds of CPU,
    /// which must not stall the requests sharing a worker thread with the upload.
    async fn parse_fixture(&self, text: &str) -> Result<Vec<TenantWorld>, Error> {
        let (text, now) = (text.to_owned(), self.platform.real_now());
        tokio::task::spawn_blocking(move || fixture::parse(&text, now))
            .await
            .unwrap_or_else(|panicked| std::panic::resume_unwind(panicked.into_panic()))
    }

    /// Stores worlds already built and checked (a parsed fixture, a generated world): each
    /// replaces its tenant, all in one transaction. An app may belong to one tenant only.
    pub async fn load_worlds(
        &self,
        worlds: &[TenantWorld],
        progress: &dyn WriteProgress,
    ) -> Result<Vec<TenantSummary>, Error> {
        let stored = self.store_worlds(worlds, progress, Store::Always).await?;
        Ok(stored.expect("worlds stored always are stored"))
    }

    /// Loads the built-in demo world when the database holds no tenant yet; answers what it
    /// loaded, if it did. Replicas started together on one empty database all find it empty:
    /// their loads wait for each other, and each after the first finds a tenant and stores
    /// nothing.
    pub async fn load_demo_if_empty(&self) -> Result<Option<Vec<TenantSummary>>, Error> {
        if self.platform.has_tenants().await? {
            return Ok(None);
        }
        let worlds = self.parse_fixture(fixture::DEMO).await?;
        self.store_worlds(&worlds, &Unwatched, Store::IfDatabaseEmpty)
            .await
    }

    /// Stores `worlds` in one transaction that waits for any other whole-tenant write; `None`
    /// when they were to be stored `IfDatabaseEmpty` and it held a tenant by then.
    async fn store_worlds(
        &self,
        worlds: &[TenantWorld],
        progress: &dyn WriteProgress,
        when: Store,
    ) -> Result<Option<Vec<TenantSummary>>, Error> {
        let directories: Vec<&TenantDirectory> = worlds.iter().map(|w| &w.directory).collect();
        self.platform.check_app_ownership(&directories).await?;
        let written = TablesWritten::new(progress);
        let mut write = self.db.begin_world_write().await?;
        if when == Store::IfDatabaseEmpty && has_tenants(&mut write.tx).await? {
            return Ok(None);
        }
        for world in worlds {
            world.write(&mut write.tx, &written).await?;
        }
        write.commit().await?;
        self.db
            .analyze(&written.with_at_least(ANALYZE_AFTER_ROWS))
            .await?;
        Ok(Some(worlds.iter().map(TenantWorld::summary).collect()))
    }

    /// Loads the built-in demo world (replacing the demo tenant if it is there).
    pub async fn load_demo(&self) -> Result<Vec<TenantSummary>, Error> {
        self.load_fixture(fixture::DEMO).await
    }

    /// How much a tenant holds (`NotFound` when there is no such tenant).
    pub async fn tenant_summary(&self, tenant: &TenantKey) -> Result<TenantSummary, Error> {
        let directory = self.platform.directory_counts(tenant).await?;
        let performance = self.performance.counts(tenant).await?;
        let report = self.report.counts(tenant).await?;
        Ok(TenantSummary {
            tenant_key: tenant.to_string(),
            apps: directory.apps,
            departments: directory.departments,
            users: directory.users,
            semesters: performance.semesters,
            stages: performance.stages,
            stage_tasks: performance.stage_tasks,
            review_templates: performance.review_templates,
            report_rules: report.rules,
            reports: report.reports,
            workspace_tasks: self.workspace.count_tasks(tenant).await?,
        })
    }
}
