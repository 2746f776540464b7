//! The report answers in the vendor's wire shapes (times in seconds), and reports as the admin
//! API lists them.

use openwork_wire::admin;
use openwork_wire::feishu::report as wire;

use crate::admin::ListedReport;
use crate::service::{ReportItem, ReportTaskPage, RuleView};

impl From<ListedReport> for admin::Report {
    fn from(ListedReport { report, rule_name }: ListedReport) -> Self {
        Self {
            task_id: report.task_id.0,
            rule_id: report.rule_id.0,
            rule_name,
            from_user_id: report.from_user_id.0,
            commit_time: report.commit_time.to_rfc3339(),
            commit_time_ms: report.commit_time.0,
            to_user_ids: report.to_user_ids.into_iter().map(|u| u.0).collect(),
            form_values: report.values,
        }
    }
}

impl From<ReportTaskPage> for wire::TaskQueryData {
    fn from(page: ReportTaskPage) -> Self {
        Self {
            items: page.items.into_iter().map(report_task).collect(),
            has_more: page.has_more,
            page_token: page.page_token,
        }
    }
}

/// `rules/query`'s answer.
pub fn rule_list(rules: Vec<RuleView>) -> wire::RuleQueryData {
    wire::RuleQueryData {
        rules: rules.into_iter().map(rule).collect(),
    }
}

fn report_task(item: ReportItem) -> wire::ReportTask {
    wire::ReportTask {
        task_id: item.task_id.0,
        rule_name: item.rule_name,
        from_user_id: item.from_user_id,
        from_user_name: item.from_user_name,
        department_name: item.department_name,
        commit_time: item.commit_time.seconds(),
        form_contents: item
            .form_contents
            .into_iter()
            .map(|c| wire::FormContent {
                field_id: c.field_id,
                field_name: c.field_name,
                field_value: c.field_value,
            })
            .collect(),
        rule_id: item.rule_id.0,
        department_ids: item.department_ids,
        to_user_ids: item.to_user_ids,
        to_user_names: item.to_user_names,
    }
}

fn rule(view: RuleView) -> wire::Rule {
    let rule = view.rule;
    wire::Rule {
        rule_id: rule.rule_id.0,
        name: rule.name,
        icon_name: rule.icon_name,
        created_at: rule.created_at.seconds(),
        creator_user_id: view.creator_user_id,
        creator_user_name: view.creator_user_name,
        owner_user_id: view.owner_user_id,
        owner_user_name: view.owner_user_name,
        form_schema: rule
            .form
            .into_iter()
            .map(|f| wire::FormSchema {
                name: f.name,
                field_type: f.field_type,
            })
            .collect(),
        is_deleted: i64::from(rule.deleted),
        need_report_user_ids: view.need_report_user_ids,
        need_report_department_ids: view.need_report_department_ids,
        need_report_chat_ids: Vec::new(),
        cc_user_ids: view.cc_user_ids,
        cc_department_ids: Vec::new(),
        to_user_ids: view.to_user_ids,
        to_chat_ids: Vec::new(),
        to_leaders: Vec::new(),
        to_department_owners: Vec::new(),
        manager_user_ids: view.manager_user_ids,
        cc_chat_ids: Vec::new(),
    }
}
