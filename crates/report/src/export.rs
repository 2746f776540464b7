//! The inverse of [`fixture::build`](crate::fixture::build) (docs/fixtures.md, "Exporting a
//! world"): a tenant's stored report section written back as its fixture keys, every ID pinned
//! and every default the loader fills in (a rule's creator and creation time, a report's
//! recipients) written out.

use openwork_platform::fixture::export::{id_text, id_texts};
use openwork_platform::fixture::{IdText, Instant};

use crate::ReportService;
use crate::fixture::{FormFieldDoc, ReportDoc, ReportRuleDoc, ReportSettingsDoc, Section};
use crate::model::{Report, ReportRule};

/// A tenant's report keys.
#[derive(Debug)]
pub struct ExportedSection {
    pub settings: ReportSettingsDoc,
    pub rules: Vec<ReportRuleDoc>,
    pub reports: Vec<ReportDoc>,
}

impl ReportService {
    /// The tenant's report section as fixture keys (the tenant is known to exist).
    pub async fn export(
        &self,
        tenant: &openwork_platform::ids::TenantKey,
    ) -> openwork_platform::Result<ExportedSection> {
        Ok(section_docs(&self.store.section(tenant).await?))
    }
}

pub fn section_docs(section: &Section) -> ExportedSection {
    ExportedSection {
        settings: ReportSettingsDoc {
            enabled: section.settings.enabled,
        },
        rules: section.rules.iter().map(rule_doc).collect(),
        reports: section.reports.iter().map(report_doc).collect(),
    }
}

/// The creator and creation time are written even where the loader would fill them in (the
/// owner, the load time): a reload must not move them.
fn rule_doc(rule: &ReportRule) -> ReportRuleDoc {
    ReportRuleDoc {
        rule_id: Some(IdText(rule.rule_id.to_string())),
        name: rule.name.clone(),
        icon_name: rule.icon_name.clone(),
        owner_user_id: id_text(rule.owner_user_id.as_ref().map(|u| u.as_str())),
        creator_user_id: id_text(rule.creator_user_id.as_ref().map(|u| u.as_str())),
        created_at: Some(Instant(rule.created_at)),
        form: rule
            .form
            .iter()
            .map(|field| FormFieldDoc {
                field_id: Some(IdText(field.field_id.clone())),
                name: field.name.clone(),
                field_type: field.field_type.clone(),
            })
            .collect(),
        need_report_user_ids: id_texts(&rule.need_report_user_ids),
        need_report_department_ids: id_texts(&rule.need_report_department_ids),
        to_user_ids: id_texts(&rule.to_user_ids),
        cc_user_ids: id_texts(&rule.cc_user_ids),
        manager_user_ids: id_texts(&rule.manager_user_ids),
        deleted: rule.deleted,
    }
}

fn report_doc(report: &Report) -> ReportDoc {
    ReportDoc {
        task_id: Some(IdText(report.task_id.to_string())),
        rule_id: IdText(report.rule_id.to_string()),
        from_user_id: IdText(report.from_user_id.to_string()),
        commit_time: Instant(report.commit_time),
        // Written even when they are the rule's: the rule may have changed since.
        to_user_ids: Some(id_texts(&report.to_user_ids)),
        values: report
            .values
            .iter()
            .map(|(field, value)| (field.clone(), IdText(value.clone())))
            .collect(),
    }
}
