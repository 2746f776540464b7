//! `report/v1` (汇报): report tasks and rules.

use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::{Extension, Router};
use openwork_core::access::Access;
use openwork_core::report::{ReportItem, ReportTaskQuery, RuleView};
use openwork_wire::feishu::Empty;
use openwork_wire::feishu::report as wire;

use super::envelope::{Feishu, FeishuResult};
use super::extract::{FeishuJson, FeishuQuery};
use super::{Endpoint, TENANT, TENANT_OR_USER, guarded};
use crate::middleware::rate_limit::RateLimit;
use crate::state::AppState;

static TASK_QUERY: Endpoint = Endpoint {
    name: "report.v1.task.query",
    tokens: TENANT_OR_USER,
    scopes: &["report:task:readonly"],
    rate_limit: Some(RateLimit::per_second(10)),
};

static RULE_QUERY: Endpoint = Endpoint {
    name: "report.v1.rule.query",
    tokens: TENANT,
    scopes: &["report:rule:readonly"],
    rate_limit: None,
};

static RULE_VIEW_REMOVE: Endpoint = Endpoint {
    name: "report.v1.rule_view.remove",
    tokens: TENANT,
    scopes: &["report:report"],
    rate_limit: None,
};

pub fn routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .route(
            "/open-apis/report/v1/tasks/query",
            guarded(state, &TASK_QUERY, post(query_tasks)),
        )
        .route(
            "/open-apis/report/v1/rules/query",
            guarded(state, &RULE_QUERY, get(query_rules)),
        )
        .route(
            "/open-apis/report/v1/rules/{rule_id}/views/remove",
            guarded(state, &RULE_VIEW_REMOVE, post(remove_views)),
        )
}

/// `POST /open-apis/report/v1/tasks/query` (report.v1.task.query).
async fn query_tasks(
    State(state): State<AppState>,
    Extension(access): Extension<Access>,
    FeishuQuery(query): FeishuQuery<wire::UserIdTypeQuery>,
    FeishuJson(body): FeishuJson<wire::TaskQueryRequest>,
) -> FeishuResult<wire::TaskQueryData> {
    let ids = state
        .platform
        .id_mapping(&access, query.user_id_type.as_deref())?;
    let request = ReportTaskQuery {
        commit_start_time: body.commit_start_time.map(|v| v.0),
        commit_end_time: body.commit_end_time.map(|v| v.0),
        rule_id: body.rule_id.map(|v| v.0),
        user_id: body.user_id,
        page_token: body.page_token,
        page_size: body.page_size.map(|v| v.0),
    };
    let page = state
        .openwork
        .query_report_tasks(&access, &ids, &request)
        .await?;
    Ok(Feishu(wire::TaskQueryData {
        items: page.items.into_iter().map(report_task).collect(),
        has_more: page.has_more,
        page_token: page.page_token,
    }))
}

/// `GET /open-apis/report/v1/rules/query` (report.v1.rule.query).
async fn query_rules(
    State(state): State<AppState>,
    Extension(access): Extension<Access>,
    FeishuQuery(query): FeishuQuery<wire::RuleQuery>,
) -> FeishuResult<wire::RuleQueryData> {
    let ids = state
        .platform
        .id_mapping(&access, query.user_id_type.as_deref())?;
    let rules = state
        .openwork
        .query_report_rules(
            &access,
            &ids,
            query.rule_name.as_deref(),
            query.include_deleted.as_deref(),
        )
        .await?;
    Ok(Feishu(wire::RuleQueryData {
        rules: rules.into_iter().map(rule).collect(),
    }))
}

/// `POST /open-apis/report/v1/rules/:rule_id/views/remove` (report.v1.rule_view.remove).
async fn remove_views(
    State(state): State<AppState>,
    Extension(access): Extension<Access>,
    Path(rule_id): Path<String>,
    FeishuQuery(query): FeishuQuery<wire::UserIdTypeQuery>,
    FeishuJson(body): FeishuJson<wire::RemoveViewsRequest>,
) -> FeishuResult<Empty> {
    let ids = state
        .platform
        .id_mapping(&access, query.user_id_type.as_deref())?;
    state
        .openwork
        .remove_report_rule_views(&access, &ids, &rule_id, body.user_ids.as_deref())
        .await?;
    Ok(Feishu(Empty {}))
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
