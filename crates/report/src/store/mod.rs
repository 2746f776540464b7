//! The report service's storage: its ports, the catalog cache over them, their SQL
//! implementation ([`sql`]) and its schema.

mod legacy;
mod sql;

use std::sync::Arc;

use async_trait::async_trait;
use futures::FutureExt;
use openwork_platform::StoreResult;
use openwork_platform::catalog::{Entries, Snapshot};
use openwork_platform::clock::Millis;
use openwork_platform::db::{Db, Legacy, Migration, Schema, check_table};
use openwork_platform::ids::{TenantKey, UserId};

pub use sql::{SqlReportStore, write_section};

use crate::fixture::Section;
use crate::model::*;

/// The report service's tables.
pub static SCHEMA: Schema = Schema {
    component: "report",
    migrations: &[
        Migration {
            version: 1,
            name: "report",
            sqlite: include_str!("../../migrations/sqlite/0001_report.sql"),
            postgres: include_str!("../../migrations/postgres/0001_report.sql"),
        },
        Migration {
            version: 2,
            name: "reports_page_index",
            sqlite: include_str!("../../migrations/sqlite/0002_reports_page_index.sql"),
            postgres: include_str!("../../migrations/postgres/0002_reports_page_index.sql"),
        },
        Migration {
            version: 3,
            name: "rules_in_the_catalog",
            sqlite: include_str!("../../migrations/sqlite/0003_rules_in_the_catalog.sql"),
            postgres: include_str!("../../migrations/postgres/0003_rules_in_the_catalog.sql"),
        },
    ],
    legacy: Legacy {
        tables: &[
            "report_rules",
            "reports",
            "report_recipients",
            "report_view_removals",
        ],
        adopt: |conn| legacy::adopt_legacy(conn).boxed(),
    },
};

/// Every table's declaration, checked against the migrated schema.
pub async fn check_tables(db: &Db) -> StoreResult<()> {
    check_table::<sql::Settings>(db).await?;
    check_table::<sql::Rules>(db).await?;
    check_table::<sql::FormFields>(db).await?;
    check_table::<sql::Reports>(db).await?;
    check_table::<sql::Recipients>(db).await?;
    Ok(())
}

/// Reports committed in `[from, to]` (inclusive), optionally of one rule and one sender.
#[derive(Clone, Debug)]
pub struct ReportFilter<'a> {
    pub from: Millis,
    pub to: Millis,
    pub rule: Option<&'a RuleId>,
    pub sender: Option<&'a UserId>,
}

/// Where a page of reports resumes: after this report in newest-first order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportPosition {
    pub commit_time: Millis,
    pub task_id: ReportTaskId,
}

/// How many rules and reports a tenant holds (the admin API's summary).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub rules: usize,
    pub reports: usize,
}

/// The report data a request reads on its way in, as of a catalog snapshot: [`Cached`] answers
/// it from the snapshot.
#[async_trait]
pub trait ReportCatalog: Send + Sync {
    /// Whether the tenant has the report service (`None` when there is no such tenant).
    async fn settings(
        &self,
        at: &Snapshot,
        tenant: &TenantKey,
    ) -> StoreResult<Option<ReportSettings>>;
    /// A rule with its form, deleted or not (`None` when there is no such rule).
    async fn rule(
        &self,
        at: &Snapshot,
        tenant: &TenantKey,
        id: &RuleId,
    ) -> StoreResult<Option<Arc<ReportRule>>>;
}

/// The rest of the report data.
#[async_trait]
pub trait ReportStore: Send + Sync {
    async fn counts(&self, tenant: &TenantKey) -> StoreResult<Counts>;
    /// Everything the tenant holds that a fixture declares, as [`write_section`] would write
    /// it (the export of a fixture): rules by ID with their forms, reports by ID.
    async fn section(&self, tenant: &TenantKey) -> StoreResult<Section>;
    /// Matching reports, newest `commit_time` first (ties: `task_id` descending), after
    /// `after`, at most `limit`.
    async fn reports_page(
        &self,
        tenant: &TenantKey,
        filter: &ReportFilter<'_>,
        after: Option<&ReportPosition>,
        limit: usize,
    ) -> StoreResult<Vec<Report>>;
    /// Reports in the window that `user` sent or received, newest first.
    async fn reports_involving(
        &self,
        tenant: &TenantKey,
        user: &UserId,
        from: Millis,
        to: Millis,
    ) -> StoreResult<Vec<Report>>;
    /// Rules by ID, deleted ones included (missing ones are left out).
    async fn report_rules(
        &self,
        tenant: &TenantKey,
        ids: &[RuleId],
    ) -> StoreResult<Vec<ReportRule>>;
    /// Rules with exactly this name, deleted ones included, by ID.
    async fn report_rules_named(
        &self,
        tenant: &TenantKey,
        name: &str,
    ) -> StoreResult<Vec<ReportRule>>;
    /// Creates or replaces a rule.
    async fn put_report_rule(&self, tenant: &TenantKey, rule: &ReportRule) -> StoreResult<()>;
    /// Creates or replaces a report.
    async fn put_report(&self, tenant: &TenantKey, report: &Report) -> StoreResult<()>;
    async fn delete_report(&self, tenant: &TenantKey, id: &ReportTaskId) -> StoreResult<bool>;
    /// Records that the rule's board view was removed for these users (`None`: for everyone).
    async fn remove_rule_views(
        &self,
        tenant: &TenantKey,
        rule: &RuleId,
        users: Option<&[UserId]>,
        at: Millis,
    ) -> StoreResult<()>;
    /// Whose board view of the rule was removed: `None` in the list stands for everyone.
    async fn rule_view_removals(
        &self,
        tenant: &TenantKey,
        rule: &RuleId,
    ) -> StoreResult<Vec<Option<UserId>>>;
}

/// [`ReportCatalog`] answered from the snapshot a read is made as of, and from `S` on a miss.
pub struct Cached<S>(pub S);

#[derive(Default)]
struct Catalog {
    settings: Entries<TenantKey, ReportSettings>,
    rules: Entries<(TenantKey, RuleId), Arc<ReportRule>>,
}

#[async_trait]
impl<S: ReportCatalog> ReportCatalog for Cached<S> {
    async fn settings(
        &self,
        at: &Snapshot,
        tenant: &TenantKey,
    ) -> StoreResult<Option<ReportSettings>> {
        at.cache::<Catalog>()
            .settings
            .get_or_load(tenant, || self.0.settings(at, tenant))
            .await
    }

    async fn rule(
        &self,
        at: &Snapshot,
        tenant: &TenantKey,
        id: &RuleId,
    ) -> StoreResult<Option<Arc<ReportRule>>> {
        let key = (tenant.clone(), id.clone());
        at.cache::<Catalog>()
            .rules
            .get_or_load(&key, || self.0.rule(at, tenant, id))
            .await
    }
}
