//! Admin API use cases for reports: put rules, submit and delete reports, see which board views
//! were removed, list reports a page at a time. Bodies use the fixture vocabulary and are
//! validated the same way.

use std::collections::{BTreeSet, HashSet};

use openwork_platform::Error as PlatformError;
use openwork_platform::clock::Millis;
use openwork_platform::ids::{DepartmentId, TenantKey};
use openwork_platform::paging::{Page, PageRequest, foreign_cursor};

use crate::error::Result;
use crate::fixture::{ReportDoc, ReportRuleDoc, report_from_body, report_rule_from_body};
use crate::model::{Report, ReportRule, ReportTaskId, RuleId};
use crate::service::{ReportService, RuleViews, decode_position, encode_position};
use crate::store::{Counts, ReportFilter};

/// A report as the admin API lists it, with its rule's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListedReport {
    pub report: Report,
    /// `None` when the report names no rule of the tenant.
    pub rule_name: Option<String>,
}

fn not_found(what: String) -> crate::Error {
    PlatformError::not_found(what).into()
}

impl ReportService {
    /// How many rules and reports a tenant holds (the caller checked that it exists).
    pub async fn counts(&self, tenant: &TenantKey) -> openwork_platform::Result<Counts> {
        Ok(self.store.counts(tenant).await?)
    }

    async fn existing_rule(&self, tenant: &TenantKey, id: &RuleId) -> Result<ReportRule> {
        self.platform.existing_tenant(tenant).await?;
        self.store
            .report_rules(tenant, std::slice::from_ref(id))
            .await?
            .pop()
            .ok_or_else(|| not_found(format!("report rule {:?}", id.0)))
    }

    /// `PUT …/report_rules/{id}`: creates or replaces a rule.
    pub async fn put_report_rule(
        &self,
        tenant_key: &TenantKey,
        rule_id: &str,
        doc: ReportRuleDoc,
    ) -> Result<ReportRule> {
        let tenant = self.platform.existing_tenant(tenant_key).await?;
        let known_users = self
            .platform
            .known_users(tenant_key, doc.referenced_users())
            .await?;
        let named: Vec<DepartmentId> = doc
            .need_report_department_ids
            .iter()
            .map(|d| DepartmentId::new(d.0.clone()))
            .collect();
        let departments = self.platform.departments(tenant_key, &named).await?;
        let known_departments: HashSet<&str> = departments
            .iter()
            .map(|d| d.department_id.as_str())
            .collect();
        let rule = report_rule_from_body(
            tenant_key,
            rule_id,
            doc,
            known_users,
            &known_departments,
            self.platform.tenant_now(&tenant),
        )?;
        self.store.put_report_rule(tenant_key, &rule).await?;
        Ok(rule)
    }

    /// `DELETE …/report_rules/{id}`: marks a rule deleted (as the vendor keeps deleted rules,
    /// visible with `include_deleted=1`).
    pub async fn delete_report_rule(&self, tenant: &TenantKey, id: &RuleId) -> Result<()> {
        let mut rule = self.existing_rule(tenant, id).await?;
        rule.deleted = true;
        self.store.put_report_rule(tenant, &rule).await?;
        Ok(())
    }

    /// `POST …/reports`: submits a report (a new `task_id` when the body names none).
    pub async fn submit_report(&self, tenant_key: &TenantKey, doc: ReportDoc) -> Result<Report> {
        let tenant = self.platform.existing_tenant(tenant_key).await?;
        let rules = self
            .store
            .report_rules(tenant_key, &[RuleId::new(doc.rule_id.0.clone())])
            .await?;
        let known_users = self
            .platform
            .known_users(tenant_key, doc.referenced_users())
            .await?;
        let report = report_from_body(
            tenant_key,
            doc,
            &rules,
            known_users,
            self.platform.tenant_now(&tenant),
        )?;
        self.store.put_report(tenant_key, &report).await?;
        Ok(report)
    }

    pub async fn delete_report(&self, tenant: &TenantKey, id: &ReportTaskId) -> Result<()> {
        self.platform.existing_tenant(tenant).await?;
        if self.store.delete_report(tenant, id).await? {
            Ok(())
        } else {
            Err(not_found(format!("report {:?}", id.0)))
        }
    }

    /// A page of the tenant's reports, newest first, each with its rule's name (the admin API's
    /// view of every report, whatever its rule, sender or time).
    pub async fn reports_page(
        &self,
        tenant: &TenantKey,
        page: &PageRequest,
    ) -> Result<Page<ListedReport>> {
        self.platform.existing_tenant(tenant).await?;
        let pager = self
            .platform
            .admin_pager(tenant, "admin.reports", String::new(), page)?;
        let after = pager
            .after
            .as_deref()
            .map(|key| decode_position(key).ok_or_else(foreign_cursor))
            .transpose()?;
        let every_report = ReportFilter {
            from: Millis(i64::MIN),
            to: Millis(i64::MAX),
            rule: None,
            sender: None,
        };
        let reports = self
            .store
            .reports_page(tenant, &every_report, after.as_ref(), pager.limit())
            .await?;
        let page = pager.close(reports, encode_position);
        // The page's rules, deleted ones included (a report outlives its rule's deletion).
        let rule_ids: BTreeSet<RuleId> = page.items.iter().map(|r| r.rule_id.clone()).collect();
        let rule_ids: Vec<RuleId> = rule_ids.into_iter().collect();
        let rules = self.store.report_rules(tenant, &rule_ids).await?;
        Ok(page.map(|report| ListedReport {
            rule_name: rules
                .iter()
                .find(|rule| rule.rule_id == report.rule_id)
                .map(|rule| rule.name.clone()),
            report,
        }))
    }

    /// Whose board view of a rule `views/remove` removed.
    pub async fn report_rule_views(&self, tenant: &TenantKey, id: &RuleId) -> Result<RuleViews> {
        self.existing_rule(tenant, id).await?;
        let removals = self.store.rule_view_removals(tenant, id).await?;
        Ok(RuleViews {
            removed_for_everyone: removals.iter().any(Option::is_none),
            removed_user_ids: removals.into_iter().flatten().collect(),
        })
    }
}
