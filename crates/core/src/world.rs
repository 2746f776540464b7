//! [`TenantWorld`]: everything one tenant holds, the unit a fixture declares and the store
//! replaces in one transaction.

use crate::directory::TenantDirectory;
use openwork_workspace::WorkspaceTask;

#[derive(Clone, Debug)]
pub struct TenantWorld {
    /// The tenant, its apps and directory: the platform's part.
    pub directory: TenantDirectory,
    pub performance: openwork_performance::fixture::Section,
    pub report: openwork_report::fixture::Section,
    pub workspace_tasks: Vec<WorkspaceTask>,
}

/// What a load wrote, per tenant: the admin API's answer to `POST /fixtures`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct TenantSummary {
    pub tenant_key: String,
    pub apps: usize,
    pub departments: usize,
    pub users: usize,
    pub semesters: usize,
    pub stages: usize,
    pub stage_tasks: usize,
    pub review_templates: usize,
    pub report_rules: usize,
    pub reports: usize,
    pub workspace_tasks: usize,
}

impl TenantWorld {
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
}
