//! Admin API for work reports: rules, submitted reports (and their list, newest first), removed
//! board views. Bodies use the fixture vocabulary (docs/fixtures.md) and are validated the same
//! way.

use axum::extract::{Path, State};
use openwork_platform::ids::TenantKey;
use openwork_report::fixture::{ReportDoc, ReportRuleDoc};
use openwork_report::{ReportTaskId, RuleId};
use openwork_wire::admin::{self as wire, Deleted, ReportRuleStored, ReportSubmitted, RuleViews};

use super::{AdminAuth, AdminResult, FixtureBody, Paged, list_page, ok};
use crate::routes::{Routes, delete, get, put};
use crate::state::AppState;

pub fn routes() -> Routes {
    let tenant = "/_openwork/v1/tenants/{tenant_key}";
    Routes::new()
        .route(
            &format!("{tenant}/report_rules/{{rule_id}}"),
            put(put_rule).delete(delete_rule),
        )
        .route(
            &format!("{tenant}/report_rules/{{rule_id}}/views"),
            get(rule_views),
        )
        .route(
            &format!("{tenant}/reports"),
            get(list_reports).post(submit_report),
        )
        .route(
            &format!("{tenant}/reports/{{task_id}}"),
            delete(delete_report),
        )
}

/// `PUT /_openwork/v1/tenants/{tenant_key}/report_rules/{rule_id}`: creates or replaces a rule.
async fn put_rule(
    _: AdminAuth,
    State(state): State<AppState>,
    Path((tenant_key, rule_id)): Path<(String, String)>,
    FixtureBody(doc): FixtureBody<ReportRuleDoc>,
) -> AdminResult {
    let rule = state
        .services
        .report
        .put_report_rule(&TenantKey::new(tenant_key), &rule_id, doc)
        .await?;
    ok(&ReportRuleStored {
        rule_id: rule.rule_id.0,
    })
}

/// `DELETE /_openwork/v1/tenants/{tenant_key}/report_rules/{rule_id}`: marks the rule deleted.
async fn delete_rule(
    _: AdminAuth,
    State(state): State<AppState>,
    Path((tenant_key, rule_id)): Path<(String, String)>,
) -> AdminResult {
    state
        .services
        .report
        .delete_report_rule(&TenantKey::new(tenant_key), &RuleId::new(rule_id.clone()))
        .await?;
    ok(&Deleted { deleted: rule_id })
}

/// `GET /_openwork/v1/tenants/{tenant_key}/report_rules/{rule_id}/views`.
async fn rule_views(
    _: AdminAuth,
    State(state): State<AppState>,
    Path((tenant_key, rule_id)): Path<(String, String)>,
) -> AdminResult {
    let views = state
        .services
        .report
        .report_rule_views(&TenantKey::new(tenant_key), &RuleId::new(rule_id.clone()))
        .await?;
    ok(&RuleViews {
        rule_id,
        removed_for_everyone: views.removed_for_everyone,
        removed_user_ids: views.removed_user_ids.into_iter().map(|u| u.0).collect(),
    })
}

/// `GET /_openwork/v1/tenants/{tenant_key}/reports?limit=&after=`: newest first.
async fn list_reports(
    _: AdminAuth,
    Paged(page): Paged,
    State(state): State<AppState>,
    Path(tenant_key): Path<String>,
) -> AdminResult {
    let reports = state
        .services
        .report
        .reports_page(&TenantKey::new(tenant_key), &page)
        .await?;
    ok(&list_page(reports, wire::Report::from))
}

/// `POST /_openwork/v1/tenants/{tenant_key}/reports`: submits a report.
async fn submit_report(
    _: AdminAuth,
    State(state): State<AppState>,
    Path(tenant_key): Path<String>,
    FixtureBody(doc): FixtureBody<ReportDoc>,
) -> AdminResult {
    let report = state
        .services
        .report
        .submit_report(&TenantKey::new(tenant_key), doc)
        .await?;
    ok(&ReportSubmitted {
        task_id: report.task_id.0,
    })
}

/// `DELETE /_openwork/v1/tenants/{tenant_key}/reports/{task_id}`.
async fn delete_report(
    _: AdminAuth,
    State(state): State<AppState>,
    Path((tenant_key, task_id)): Path<(String, String)>,
) -> AdminResult {
    state
        .services
        .report
        .delete_report(
            &TenantKey::new(tenant_key),
            &ReportTaskId::new(task_id.clone()),
        )
        .await?;
    ok(&Deleted { deleted: task_id })
}
