//! A world written back as a fixture (docs/fixtures.md, "Exporting a world"): each crate writes
//! its part of a tenant from what it stored, every ID pinned, and this module puts the parts
//! together as a [`FixtureDoc`] that loads back to the same state. What the format cannot say
//! (docs/fixtures.md lists it) is left out; a state it could only say wrongly is refused with
//! the path it would have had.

use openwork_platform::Error;
use openwork_platform::clock::Millis;
use openwork_platform::fixture::directory::DirectoryDoc;
use openwork_platform::fixture::export::directory_doc;
use openwork_platform::ids::TenantKey;

use super::fixture::{FixtureDoc, TenantDoc, parse};
use crate::Services;

/// How an export is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ExportFormat {
    #[default]
    Yaml,
    Json,
}

impl ExportFormat {
    /// `yaml` or `json`, as `?format=` and `--format` name them.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "yaml" => Some(Self::Yaml),
            "json" => Some(Self::Json),
            _ => None,
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Self::Yaml => "application/yaml",
            Self::Json => "application/json",
        }
    }
}

impl Services {
    /// Every tenant (by key), or only `only` (`NotFound` when there is no such tenant), as a
    /// fixture document. A state the format could only say wrongly is an `InvalidFixture`
    /// error at the path the value would have had.
    pub async fn export_fixture(&self, only: Option<&TenantKey>) -> Result<FixtureDoc, Error> {
        let keys = match only {
            Some(tenant) => vec![self.platform.existing_tenant(tenant).await?.tenant_key],
            None => self
                .platform
                .tenants()
                .await?
                .into_iter()
                .map(|t| t.tenant_key)
                .collect(),
        };
        let mut tenants = Vec::with_capacity(keys.len());
        for (index, key) in keys.iter().enumerate() {
            tenants.push(self.export_tenant(index, key).await?);
        }
        Ok(FixtureDoc {
            version: 1,
            tenants,
        })
    }

    async fn export_tenant(&self, index: usize, tenant: &TenantKey) -> Result<TenantDoc, Error> {
        let directory = self.platform.tenant_directory(tenant).await?;
        let DirectoryDoc {
            tenant_key,
            name,
            dingtalk_corp_id,
            clock,
            apps,
            departments,
            users,
        } = directory_doc(&directory, &format!("tenants[{index}]"))?;
        let performance = self.performance.export(tenant).await?;
        let report = self.report.export(tenant).await?;
        Ok(TenantDoc {
            tenant_key,
            name,
            dingtalk_corp_id,
            clock,
            performance: performance.settings,
            report: report.settings,
            apps,
            departments,
            users,
            semesters: performance.semesters,
            review_templates: performance.review_templates,
            user_groups: performance.user_groups,
            indicators: performance.indicators,
            questions: performance.questions,
            metric_tags: performance.metric_tags,
            metric_fields: performance.metric_fields,
            metrics: performance.metrics,
            metric_templates: performance.metric_templates,
            report_rules: report.rules,
            reports: report.reports,
            workspace_tasks: self.workspace.export(tenant).await?,
        })
    }
}

/// The document as text in `format`.
pub fn render(doc: &FixtureDoc, format: ExportFormat) -> String {
    // Every map of a fixture document is keyed by text and every value is plain data: neither
    // writer has anything to refuse.
    match format {
        ExportFormat::Yaml => serde_yaml::to_string(doc).expect("a fixture document is YAML"),
        ExportFormat::Json => {
            serde_json::to_string_pretty(doc).expect("a fixture document is JSON") + "\n"
        }
    }
}

/// Checks an export as a load would (`real_now` as the loader's "now"): the API may have left
/// the world in a state the fixture's checks refuse (a group write that removed a reviewee
/// who has results), and an export that does not load must not be handed out as one.
pub fn check_loads(text: &str, real_now: Millis) -> Result<(), Error> {
    parse(text, real_now).map(|_| ())
}
