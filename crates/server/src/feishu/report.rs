//! `report/v1` (汇报): report tasks and rules.

use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use openwork_platform::access::Access;
use openwork_report::command::{RemoveViews, RuleQuery, TaskQuery};
use openwork_report::{Error, views};
use openwork_wire::feishu::report as wire;
use openwork_wire::feishu::{Empty, codes};

use super::envelope::{Feishu, FeishuError, FeishuResult, FeishuWritten};
use super::extract::{FeishuJson, FeishuPath, FeishuQuery};
use super::{Endpoint, TENANT, TENANT_OR_USER, guarded};
use crate::middleware::rate_limit::RateLimit;
use crate::routes::{Routes, get, post};
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

/// This service's endpoints (for what is derived from all of them, such as the known scopes).
pub(super) static ENDPOINTS: &[&Endpoint] = &[&TASK_QUERY, &RULE_QUERY, &RULE_VIEW_REMOVE];

pub fn routes(state: &AppState) -> Routes {
    Routes::new()
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
) -> Result<Response, FeishuError> {
    let report = &state.services.report;
    let caller = report.admit(access, query.user_id_type.as_deref()).await?;
    let page = report.query_tasks(&caller, TaskQuery::parse(body)?).await?;
    Ok(FeishuWritten(views::TaskQueryBody(&page)).into_response())
}

/// `GET /open-apis/report/v1/rules/query` (report.v1.rule.query).
async fn query_rules(
    State(state): State<AppState>,
    Extension(access): Extension<Access>,
    FeishuQuery(mut query): FeishuQuery<wire::RuleQuery>,
) -> FeishuResult<wire::RuleQueryData> {
    let report = &state.services.report;
    let user_id_type = query.user_id_type.take();
    let caller = report.admit(access, user_id_type.as_deref()).await?;
    let rules = report
        .query_rules(&caller, RuleQuery::parse(query)?)
        .await?;
    Ok(Feishu(views::rule_list(rules)))
}

/// `POST /open-apis/report/v1/rules/:rule_id/views/remove` (report.v1.rule_view.remove).
async fn remove_views(
    State(state): State<AppState>,
    Extension(access): Extension<Access>,
    FeishuPath(rule_id): FeishuPath<String>,
    FeishuQuery(query): FeishuQuery<wire::UserIdTypeQuery>,
    FeishuJson(body): FeishuJson<wire::RemoveViewsRequest>,
) -> FeishuResult<Empty> {
    let report = &state.services.report;
    let caller = report.admit(access, query.user_id_type.as_deref()).await?;
    let command = RemoveViews::parse(&rule_id, body)?;
    report.remove_views(&caller, command).await?;
    Ok(Feishu(Empty {}))
}

/// Every report error's answer. The service documents no internal error of its own: internal
/// failures answer the platform's.
impl From<Error> for FeishuError {
    fn from(err: Error) -> Self {
        match err {
            Error::Common(err) => Self::common(err, codes::INTERNAL_ERROR),
            Error::Disabled => Self::new(codes::REPORT_TENANT_NOT_EXIST),
            Error::PageSizeInvalid => Self::new(codes::REPORT_PAGE_SIZE_INVALID),
            Error::RuleNotFound => Self::new(codes::REPORT_RULE_NOT_EXIST),
        }
    }
}
