//! `performance/v1` and `performance/v2` (绩效): stage tasks, semesters, review templates,
//! activities, reviewees, indicators, questions, user groups, the performance module's view of
//! users and review results.

use axum::Extension;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Response};
use openwork_performance::command::{
    ActivityQuery, AdditionalInfoDelete, AdditionalInfoImport, AdditionalInfoQuery, ConfigQuery,
    FindByPage, FindByUserList, GroupMembersWrite, MetricDetailImport, MetricDetailQuery,
    MetricFieldQuery, MetricLibQuery, MetricTagQuery, MetricTemplateQuery, ReviewDataV1Query,
    ReviewDataV2Query, ReviewTemplateQuery, RevieweeQuery, SemesterQuery, UserInfoQuery,
};
use openwork_performance::metric_details::MetricRule;
use openwork_performance::{Error, views};
use openwork_platform::access::Access;
use openwork_wire::feishu::codes;
use openwork_wire::feishu::performance as wire;

use super::envelope::{Feishu, FeishuError, FeishuPaged, FeishuResult, FeishuWritten};
use super::extract::{FeishuJson, FeishuQuery};
use super::{Endpoint, TENANT, TENANT_OR_USER, guarded};
use crate::middleware::rate_limit::RateLimit;
use crate::routes::{Routes, delete, get, post};
use crate::state::AppState;

/// The scopes that may write additional information.
const ADDITIONAL_INFO_WRITE: &[&str] = &[
    "performance:performance",
    "performance:semester_activity:write",
];

const PERFORMANCE_READ: &[&str] = &[
    "performance:performance",
    "performance:performance:readonly",
];

static FIND_BY_PAGE: Endpoint = Endpoint {
    name: "performance.v1.stage_task.find_by_page",
    tokens: TENANT,
    scopes: PERFORMANCE_READ,
    rate_limit: Some(RateLimit::per_minute(20)),
};

static FIND_BY_USER_LIST: Endpoint = Endpoint {
    name: "performance.v1.stage_task.find_by_user_list",
    tokens: TENANT_OR_USER,
    scopes: PERFORMANCE_READ,
    rate_limit: Some(RateLimit::per_minute(20)),
};

static SEMESTER_LIST: Endpoint = Endpoint {
    name: "performance.v1.semester.list",
    tokens: TENANT,
    scopes: &[
        "performance:performance",
        "performance:performance:readonly",
        "performance:semester:read",
    ],
    rate_limit: Some(RateLimit::per_minute(10)),
};

static REVIEW_TEMPLATE_QUERY: Endpoint = Endpoint {
    name: "performance.v2.review_template.query",
    tokens: TENANT,
    scopes: &[
        "performance:performance",
        "performance:performance:readonly",
        "performance:review_template:read",
    ],
    rate_limit: Some(RateLimit::per_minute(10)),
};

static ACTIVITY_QUERY: Endpoint = Endpoint {
    name: "performance.v2.activity.query",
    tokens: TENANT,
    scopes: &[
        "performance:performance",
        "performance:performance:readonly",
        "performance:semester_activity:read",
    ],
    rate_limit: Some(RateLimit::per_minute(10)),
};

static REVIEWEE_QUERY: Endpoint = Endpoint {
    name: "performance.v2.reviewee.query",
    tokens: TENANT,
    scopes: &[
        "performance:performance",
        "performance:performance:readonly",
        "performance:semester_user:read",
    ],
    rate_limit: Some(RateLimit::per_minute(20)),
};

static INDICATOR_QUERY: Endpoint = Endpoint {
    name: "performance.v2.indicator.query",
    tokens: TENANT,
    scopes: &[
        "performance:performance",
        "performance:performance:readonly",
        "performance:review_template:read",
    ],
    rate_limit: Some(RateLimit::per_minute(10)),
};

static QUESTION_QUERY: Endpoint = Endpoint {
    name: "performance.v2.question.query",
    tokens: TENANT,
    scopes: &[
        "performance:performance",
        "performance:performance:readonly",
        "performance:review_template:read",
    ],
    rate_limit: Some(RateLimit::per_minute(10)),
};

static USER_GROUP_WRITE: Endpoint = Endpoint {
    name: "performance.v2.user_group_user_rel.write",
    tokens: TENANT,
    scopes: &["performance:semester_activity:write"],
    rate_limit: Some(RateLimit::per_minute(20)),
};

static USER_INFO_QUERY: Endpoint = Endpoint {
    name: "performance.v2.user_info.query",
    tokens: TENANT,
    scopes: PERFORMANCE_READ,
    rate_limit: Some(RateLimit::per_minute(100)),
};

static REVIEW_DATA_V1_QUERY: Endpoint = Endpoint {
    name: "performance.v1.review_data.query",
    tokens: TENANT_OR_USER,
    scopes: PERFORMANCE_READ,
    rate_limit: Some(RateLimit::per_minute(20)),
};

static REVIEW_DATA_V2_QUERY: Endpoint = Endpoint {
    name: "performance.v2.review_data.query",
    tokens: TENANT,
    scopes: PERFORMANCE_READ,
    rate_limit: Some(RateLimit::per_minute(20)),
};

static ADDITIONAL_INFO_IMPORT: Endpoint = Endpoint {
    name: "performance.v2.additional_information.import",
    tokens: TENANT,
    scopes: ADDITIONAL_INFO_WRITE,
    rate_limit: Some(RateLimit::per_minute(10)),
};

static ADDITIONAL_INFO_QUERY: Endpoint = Endpoint {
    name: "performance.v2.additional_information.query",
    tokens: TENANT,
    scopes: &[
        "performance:performance",
        "performance:performance:readonly",
        "performance:semester_activity:read",
        "performance:semester_activity:write",
    ],
    rate_limit: Some(RateLimit::per_minute(10)),
};

static ADDITIONAL_INFO_DELETE: Endpoint = Endpoint {
    name: "performance.v2.additional_informations_batch.delete",
    tokens: TENANT,
    scopes: ADDITIONAL_INFO_WRITE,
    rate_limit: Some(RateLimit::per_minute(10)),
};

/// The scopes of the metric APIs (any one suffices).
const METRIC_READ: &[&str] = &[
    "performance:metric:write",
    "performance:metric_lib:read",
    "performance:metric:read",
];

static METRIC_TAG_LIST: Endpoint = Endpoint {
    name: "performance.v2.metric_tag.list",
    tokens: TENANT,
    scopes: METRIC_READ,
    rate_limit: Some(RateLimit::per_second(10)),
};

static METRIC_LIB_QUERY: Endpoint = Endpoint {
    name: "performance.v2.metric_lib.query",
    tokens: TENANT,
    scopes: METRIC_READ,
    rate_limit: Some(RateLimit::per_minute(20)),
};

static METRIC_TEMPLATE_QUERY: Endpoint = Endpoint {
    name: "performance.v2.metric_template.query",
    tokens: TENANT,
    scopes: METRIC_READ,
    rate_limit: Some(RateLimit::per_minute(20)),
};

static METRIC_DETAIL_IMPORT: Endpoint = Endpoint {
    name: "performance.v2.metric_detail.import",
    tokens: TENANT,
    scopes: &["performance:metric:write"],
    rate_limit: Some(RateLimit::per_minute(10)),
};

static METRIC_DETAIL_QUERY: Endpoint = Endpoint {
    name: "performance.v2.metric_detail.query",
    tokens: TENANT,
    scopes: &["performance:metric:write", "performance:metric:read"],
    rate_limit: Some(RateLimit::per_minute(20)),
};

static METRIC_FIELD_QUERY: Endpoint = Endpoint {
    name: "performance.v2.metric_field.query",
    tokens: TENANT,
    scopes: METRIC_READ,
    rate_limit: Some(RateLimit::per_minute(20)),
};

/// This service's endpoints (for what is derived from all of them, such as the known scopes).
pub(super) static ENDPOINTS: &[&Endpoint] = &[
    &FIND_BY_PAGE,
    &FIND_BY_USER_LIST,
    &SEMESTER_LIST,
    &REVIEW_TEMPLATE_QUERY,
    &ACTIVITY_QUERY,
    &REVIEWEE_QUERY,
    &INDICATOR_QUERY,
    &QUESTION_QUERY,
    &USER_GROUP_WRITE,
    &USER_INFO_QUERY,
    &REVIEW_DATA_V1_QUERY,
    &REVIEW_DATA_V2_QUERY,
    &ADDITIONAL_INFO_IMPORT,
    &ADDITIONAL_INFO_QUERY,
    &ADDITIONAL_INFO_DELETE,
    &METRIC_TAG_LIST,
    &METRIC_FIELD_QUERY,
    &METRIC_LIB_QUERY,
    &METRIC_TEMPLATE_QUERY,
    &METRIC_DETAIL_IMPORT,
    &METRIC_DETAIL_QUERY,
];

pub fn routes(state: &AppState) -> Routes {
    Routes::new()
        .route(
            "/open-apis/performance/v1/stage_tasks/find_by_page",
            guarded(state, &FIND_BY_PAGE, post(find_by_page)),
        )
        .route(
            "/open-apis/performance/v1/stage_tasks/find_by_user_list",
            guarded(state, &FIND_BY_USER_LIST, post(find_by_user_list)),
        )
        .route(
            "/open-apis/performance/v1/semesters",
            guarded(state, &SEMESTER_LIST, get(list_semesters)),
        )
        .route(
            "/open-apis/performance/v2/review_templates/query",
            guarded(state, &REVIEW_TEMPLATE_QUERY, post(query_review_templates)),
        )
        .route(
            "/open-apis/performance/v2/activity/query",
            guarded(state, &ACTIVITY_QUERY, post(query_activities)),
        )
        .route(
            "/open-apis/performance/v2/reviewees/query",
            guarded(state, &REVIEWEE_QUERY, post(query_reviewees)),
        )
        .route(
            "/open-apis/performance/v2/indicators/query",
            guarded(state, &INDICATOR_QUERY, post(query_indicators)),
        )
        .route(
            "/open-apis/performance/v2/questions/query",
            guarded(state, &QUESTION_QUERY, post(query_questions)),
        )
        .route(
            "/open-apis/performance/v2/user_group_user_rels/write",
            guarded(state, &USER_GROUP_WRITE, post(write_group_members)),
        )
        .route(
            "/open-apis/performance/v2/user_info/query",
            guarded(state, &USER_INFO_QUERY, post(query_user_infos)),
        )
        .route(
            "/open-apis/performance/v1/review_datas/query",
            guarded(state, &REVIEW_DATA_V1_QUERY, post(query_results_v1)),
        )
        .route(
            "/open-apis/performance/v2/review_datas/query",
            guarded(state, &REVIEW_DATA_V2_QUERY, post(query_results_v2)),
        )
        .route(
            "/open-apis/performance/v2/additional_informations/import",
            guarded(
                state,
                &ADDITIONAL_INFO_IMPORT,
                post(import_additional_infos),
            ),
        )
        .route(
            "/open-apis/performance/v2/additional_informations/query",
            guarded(state, &ADDITIONAL_INFO_QUERY, post(query_additional_infos)),
        )
        .route(
            "/open-apis/performance/v2/additional_informations/batch",
            guarded(
                state,
                &ADDITIONAL_INFO_DELETE,
                delete(delete_additional_infos),
            ),
        )
        .route(
            "/open-apis/performance/v2/metric_tags",
            guarded(state, &METRIC_TAG_LIST, get(list_metric_tags)),
        )
        .route(
            "/open-apis/performance/v2/metric_fields/query",
            guarded(state, &METRIC_FIELD_QUERY, post(query_metric_fields)),
        )
        .route(
            "/open-apis/performance/v2/metric_libs/query",
            guarded(state, &METRIC_LIB_QUERY, post(query_metric_lib)),
        )
        .route(
            "/open-apis/performance/v2/metric_templates/query",
            guarded(state, &METRIC_TEMPLATE_QUERY, post(query_metric_templates)),
        )
        .route(
            "/open-apis/performance/v2/metric_details/import",
            guarded(state, &METRIC_DETAIL_IMPORT, post(import_metric_details)),
        )
        .route(
            "/open-apis/performance/v2/metric_details/query",
            guarded(state, &METRIC_DETAIL_QUERY, post(query_metric_details)),
        )
}

/// `POST /open-apis/performance/v1/stage_tasks/find_by_page` (performance.v1.stage_task.find_by_page).
async fn find_by_page(
    State(state): State<AppState>,
    Extension(access): Extension<Access>,
    FeishuQuery(query): FeishuQuery<wire::UserIdTypeQuery>,
    FeishuJson(body): FeishuJson<wire::FindByPageRequest>,
) -> Result<Response, FeishuError> {
    let performance = &state.services.performance;
    let caller = performance
        .admit(access, query.user_id_type.as_deref())
        .await?;
    let page = performance
        .find_by_page(&caller, FindByPage::parse(body)?)
        .await?;
    let answer = FeishuPaged {
        data: views::FindByPageBody::from(&page),
        has_more: page.has_more,
        page_token: page.page_token.clone(),
    };
    Ok(answer.into_response())
}

/// `POST /open-apis/performance/v1/stage_tasks/find_by_user_list` (performance.v1.stage_task.find_by_user_list).
async fn find_by_user_list(
    State(state): State<AppState>,
    Extension(access): Extension<Access>,
    FeishuQuery(query): FeishuQuery<wire::UserIdTypeQuery>,
    FeishuJson(body): FeishuJson<wire::FindByUserListRequest>,
) -> Result<Response, FeishuError> {
    let performance = &state.services.performance;
    let caller = performance
        .admit(access, query.user_id_type.as_deref())
        .await?;
    let list = performance
        .find_by_user_list(&caller, FindByUserList::parse(body)?)
        .await?;
    Ok(FeishuWritten(views::FindByUserListBody::from(&list)).into_response())
}

/// `GET /open-apis/performance/v1/semesters` (performance.v1.semester.list).
async fn list_semesters(
    State(state): State<AppState>,
    Extension(access): Extension<Access>,
    FeishuQuery(mut query): FeishuQuery<wire::SemesterListQuery>,
) -> FeishuResult<wire::SemesterListData> {
    let performance = &state.services.performance;
    let user_id_type = query.user_id_type.take();
    let caller = performance.admit(access, user_id_type.as_deref()).await?;
    let semesters = performance
        .list_semesters(&caller, SemesterQuery::parse(query)?)
        .await?;
    Ok(Feishu(views::semester_list(semesters)))
}

/// `POST /open-apis/performance/v2/review_templates/query` (performance.v2.review_template.query).
async fn query_review_templates(
    State(state): State<AppState>,
    Extension(access): Extension<Access>,
    FeishuQuery(query): FeishuQuery<wire::ReviewTemplateQuery>,
    FeishuJson(body): FeishuJson<wire::ReviewTemplateRequest>,
) -> FeishuResult<wire::ReviewTemplateData> {
    let performance = &state.services.performance;
    let caller = performance.admit(access, None).await?;
    let query = ReviewTemplateQuery::parse(query, "review_template_ids", body.review_template_ids)?;
    let page = performance.query_review_templates(&caller, query).await?;
    Ok(Feishu(page.into()))
}

/// `POST /open-apis/performance/v2/activity/query` (performance.v2.activity.query).
async fn query_activities(
    State(state): State<AppState>,
    Extension(access): Extension<Access>,
    FeishuQuery(query): FeishuQuery<wire::UserIdTypeQuery>,
    FeishuJson(body): FeishuJson<wire::ActivityQueryRequest>,
) -> FeishuResult<wire::ActivityQueryData> {
    let performance = &state.services.performance;
    let caller = performance
        .admit(access, query.user_id_type.as_deref())
        .await?;
    let activities = performance
        .query_activities(&caller, ActivityQuery::parse(body)?)
        .await?;
    Ok(Feishu(views::activity_list(activities)))
}

/// `POST /open-apis/performance/v2/reviewees/query` (performance.v2.reviewee.query).
async fn query_reviewees(
    State(state): State<AppState>,
    Extension(access): Extension<Access>,
    FeishuQuery(mut query): FeishuQuery<wire::PagedUserQuery>,
    FeishuJson(body): FeishuJson<wire::RevieweeQueryRequest>,
) -> FeishuResult<wire::RevieweeQueryData> {
    let performance = &state.services.performance;
    let user_id_type = query.user_id_type.take();
    let caller = performance.admit(access, user_id_type.as_deref()).await?;
    let page = performance
        .query_reviewees(&caller, RevieweeQuery::parse(query, body)?)
        .await?;
    Ok(Feishu(page.into()))
}

/// `POST /open-apis/performance/v2/indicators/query` (performance.v2.indicator.query).
async fn query_indicators(
    State(state): State<AppState>,
    Extension(access): Extension<Access>,
    FeishuQuery(query): FeishuQuery<wire::PageQuery>,
    FeishuJson(body): FeishuJson<wire::IndicatorQueryRequest>,
) -> FeishuResult<wire::IndicatorQueryData> {
    let performance = &state.services.performance;
    let caller = performance.admit(access, None).await?;
    let query = ConfigQuery::parse(query, "indicator_ids", body.indicator_ids)?;
    let page = performance.query_indicators(&caller, query).await?;
    Ok(Feishu(page.into()))
}

/// `POST /open-apis/performance/v2/questions/query` (performance.v2.question.query).
async fn query_questions(
    State(state): State<AppState>,
    Extension(access): Extension<Access>,
    FeishuQuery(query): FeishuQuery<wire::PageQuery>,
    FeishuJson(body): FeishuJson<wire::QuestionQueryRequest>,
) -> FeishuResult<wire::QuestionQueryData> {
    let performance = &state.services.performance;
    let caller = performance.admit(access, None).await?;
    let query = ConfigQuery::parse(query, "tag_based_question_ids", body.tag_based_question_ids)?;
    let page = performance.query_questions(&caller, query).await?;
    Ok(Feishu(page.into()))
}

/// `POST /open-apis/performance/v2/user_group_user_rels/write`
/// (performance.v2.user_group_user_rel.write).
async fn write_group_members(
    State(state): State<AppState>,
    Extension(access): Extension<Access>,
    FeishuQuery(query): FeishuQuery<wire::ClientTokenQuery>,
    FeishuJson(body): FeishuJson<wire::GroupWriteRequest>,
) -> FeishuResult<wire::GroupWriteData> {
    let performance = &state.services.performance;
    let caller = performance
        .admit(access, query.user_id_type.as_deref())
        .await?;
    let write = GroupMembersWrite::parse(&query, body)?;
    let outcome = performance.write_group_members(&caller, write).await?;
    Ok(Feishu(outcome.into()))
}

/// `POST /open-apis/performance/v2/user_info/query` (performance.v2.user_info.query).
async fn query_user_infos(
    State(state): State<AppState>,
    Extension(access): Extension<Access>,
    FeishuQuery(query): FeishuQuery<wire::UserInfoQuery>,
    FeishuJson(body): FeishuJson<wire::UserInfoRequest>,
) -> FeishuResult<wire::UserInfoData> {
    let performance = &state.services.performance;
    let caller = performance
        .admit(access, query.user_id_type.as_deref())
        .await?;
    let query = UserInfoQuery::parse(query.department_id_type.as_deref(), body)?;
    let semester_id = query.semester_id.clone();
    let users = performance.query_user_infos(&caller, query).await?;
    Ok(Feishu(views::user_info_list(&semester_id, users)))
}

/// `POST /open-apis/performance/v1/review_datas/query` (performance.v1.review_data.query).
async fn query_results_v1(
    State(state): State<AppState>,
    Extension(access): Extension<Access>,
    FeishuQuery(query): FeishuQuery<wire::UserIdTypeQuery>,
    FeishuJson(body): FeishuJson<wire::ReviewDataV1Request>,
) -> Result<Response, FeishuError> {
    let performance = &state.services.performance;
    let caller = performance
        .admit(access, query.user_id_type.as_deref())
        .await?;
    let results = performance
        .query_results_v1(&caller, ReviewDataV1Query::parse(body)?)
        .await?;
    Ok(FeishuWritten(views::ReviewDataV1Body(results)).into_response())
}

/// `POST /open-apis/performance/v2/review_datas/query` (performance.v2.review_data.query).
async fn query_results_v2(
    State(state): State<AppState>,
    Extension(access): Extension<Access>,
    FeishuQuery(query): FeishuQuery<wire::UserIdTypeQuery>,
    FeishuJson(body): FeishuJson<wire::ReviewDataV2Request>,
) -> FeishuResult<wire::ReviewDataV2Data> {
    let performance = &state.services.performance;
    let caller = performance
        .admit(access, query.user_id_type.as_deref())
        .await?;
    let results = performance
        .query_results_v2(&caller, ReviewDataV2Query::parse(body)?)
        .await?;
    Ok(Feishu(results.into()))
}

/// `POST /open-apis/performance/v2/additional_informations/import`
/// (performance.v2.additional_information.import).
async fn import_additional_infos(
    State(state): State<AppState>,
    Extension(access): Extension<Access>,
    FeishuQuery(query): FeishuQuery<wire::ClientTokenQuery>,
    FeishuJson(body): FeishuJson<wire::AdditionalInfoImportRequest>,
) -> FeishuResult<wire::AdditionalInfoImportData> {
    let performance = &state.services.performance;
    let caller = performance
        .admit(access, query.user_id_type.as_deref())
        .await?;
    let import = AdditionalInfoImport::parse(&query, body)?;
    let imported = performance.import_additional_infos(&caller, import).await?;
    Ok(Feishu(imported.into()))
}

/// `POST /open-apis/performance/v2/additional_informations/query`
/// (performance.v2.additional_information.query).
async fn query_additional_infos(
    State(state): State<AppState>,
    Extension(access): Extension<Access>,
    FeishuQuery(mut query): FeishuQuery<wire::PagedUserQuery>,
    FeishuJson(body): FeishuJson<wire::AdditionalInfoQueryRequest>,
) -> FeishuResult<wire::AdditionalInfoQueryData> {
    let performance = &state.services.performance;
    let user_id_type = query.user_id_type.take();
    let caller = performance.admit(access, user_id_type.as_deref()).await?;
    let page = performance
        .query_additional_infos(&caller, AdditionalInfoQuery::parse(query, body)?)
        .await?;
    Ok(Feishu(page.into()))
}

/// `DELETE /open-apis/performance/v2/additional_informations/batch`
/// (performance.v2.additional_informations_batch.delete).
async fn delete_additional_infos(
    State(state): State<AppState>,
    Extension(access): Extension<Access>,
    FeishuQuery(query): FeishuQuery<wire::UserIdTypeQuery>,
    FeishuJson(body): FeishuJson<wire::AdditionalInfoDeleteRequest>,
) -> FeishuResult<wire::AdditionalInfoDeleteData> {
    let performance = &state.services.performance;
    let caller = performance
        .admit(access, query.user_id_type.as_deref())
        .await?;
    let deleted = performance
        .delete_additional_infos(&caller, AdditionalInfoDelete::parse(body)?)
        .await?;
    Ok(Feishu(views::deleted_infos(deleted)))
}

/// `GET /open-apis/performance/v2/metric_tags` (performance.v2.metric_tag.list).
async fn list_metric_tags(
    State(state): State<AppState>,
    Extension(access): Extension<Access>,
    RawQuery(raw): RawQuery,
    FeishuQuery(query): FeishuQuery<wire::PageQuery>,
) -> FeishuResult<wire::MetricTagData> {
    let performance = &state.services.performance;
    let caller = performance.admit(access, None).await?;
    // VENDOR: the SDKs repeat the key for each tag (`tag_ids=1&tag_ids=2`).
    let tag_ids: Vec<String> = form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .filter(|(key, _)| key == "tag_ids")
        .map(|(_, value)| value.into_owned())
        .collect();
    let page = performance
        .list_metric_tags(&caller, MetricTagQuery::parse(tag_ids, query)?)
        .await?;
    Ok(Feishu(page.into()))
}

/// `POST /open-apis/performance/v2/metric_fields/query` (performance.v2.metric_field.query).
async fn query_metric_fields(
    State(state): State<AppState>,
    Extension(access): Extension<Access>,
    FeishuJson(body): FeishuJson<wire::MetricFieldQueryRequest>,
) -> FeishuResult<wire::MetricFieldData> {
    let performance = &state.services.performance;
    let caller = performance.admit(access, None).await?;
    let fields = performance
        .query_metric_fields(&caller, MetricFieldQuery::parse(body)?)
        .await?;
    Ok(Feishu(views::metric_field_list(fields)))
}

/// `POST /open-apis/performance/v2/metric_libs/query` (performance.v2.metric_lib.query).
async fn query_metric_lib(
    State(state): State<AppState>,
    Extension(access): Extension<Access>,
    FeishuQuery(mut query): FeishuQuery<wire::PagedUserQuery>,
    FeishuJson(body): FeishuJson<wire::MetricLibQueryRequest>,
) -> FeishuResult<wire::MetricLibData> {
    let performance = &state.services.performance;
    let user_id_type = query.user_id_type.take();
    let caller = performance.admit(access, user_id_type.as_deref()).await?;
    let (page, people, tags) = performance
        .query_metrics(&caller, MetricLibQuery::parse(query, body)?)
        .await?;
    Ok(Feishu(views::metric_lib(page, &people, &tags)))
}

/// `POST /open-apis/performance/v2/metric_templates/query` (performance.v2.metric_template.query).
async fn query_metric_templates(
    State(state): State<AppState>,
    Extension(access): Extension<Access>,
    FeishuQuery(mut query): FeishuQuery<wire::PagedUserQuery>,
    FeishuJson(body): FeishuJson<wire::MetricTemplateQueryRequest>,
) -> FeishuResult<wire::MetricTemplateData> {
    let performance = &state.services.performance;
    let user_id_type = query.user_id_type.take();
    let caller = performance.admit(access, user_id_type.as_deref()).await?;
    let (page, library, people) = performance
        .query_metric_templates(&caller, MetricTemplateQuery::parse(query, body)?)
        .await?;
    Ok(Feishu(views::metric_templates(page, &library, &people)))
}

/// The vendor's code of each rule an imported metric can break.
fn metric_rule_code(rule: MetricRule) -> codes::Code {
    match rule {
        MetricRule::FieldValueInvalid => codes::PERFORMANCE_METRIC_FIELD_VALUE_INVALID,
        MetricRule::FieldValueRequired => codes::PERFORMANCE_METRIC_FIELD_VALUE_REQUIRED,
        MetricRule::FieldValueTooLong => codes::PERFORMANCE_METRIC_FIELD_VALUE_TOO_LONG,
        MetricRule::FieldNotInMetric => codes::PERFORMANCE_METRIC_FIELD_NOT_IN_METRIC,
        MetricRule::RevieweeNotFound => codes::PERFORMANCE_METRIC_REVIEWEE_NOT_FOUND,
        MetricRule::MetricRepeated => codes::PERFORMANCE_METRIC_REPEATED,
        MetricRule::FieldRepeated => codes::PERFORMANCE_METRIC_FIELD_REPEATED,
        MetricRule::AfterDeadline => codes::PERFORMANCE_METRIC_AFTER_DEADLINE,
        MetricRule::AdminField => codes::PERFORMANCE_METRIC_FIELD_ADMIN_ONLY,
        MetricRule::MetricNotFound => codes::PERFORMANCE_METRIC_NOT_FOUND,
    }
}

/// `POST /open-apis/performance/v2/metric_details/import` (performance.v2.metric_detail.import).
async fn import_metric_details(
    State(state): State<AppState>,
    Extension(access): Extension<Access>,
    FeishuQuery(query): FeishuQuery<wire::ClientTokenQuery>,
    FeishuJson(body): FeishuJson<wire::MetricDetailImportRequest>,
) -> FeishuResult<wire::MetricDetailImportData> {
    let performance = &state.services.performance;
    let caller = performance
        .admit(access, query.user_id_type.as_deref())
        .await?;
    let import = MetricDetailImport::parse(&query, body)?;
    let import_record_id = performance.import_metric_details(&caller, import).await?;
    Ok(Feishu(wire::MetricDetailImportData { import_record_id }))
}

/// `POST /open-apis/performance/v2/metric_details/query` (performance.v2.metric_detail.query).
async fn query_metric_details(
    State(state): State<AppState>,
    Extension(access): Extension<Access>,
    FeishuQuery(query): FeishuQuery<wire::UserIdTypeQuery>,
    FeishuJson(body): FeishuJson<wire::MetricDetailQueryRequest>,
) -> Result<Response, FeishuError> {
    let performance = &state.services.performance;
    let caller = performance
        .admit(access, query.user_id_type.as_deref())
        .await?;
    let details = performance
        .query_metric_details(&caller, MetricDetailQuery::parse(body)?)
        .await?;
    Ok(FeishuWritten(views::MetricDetailsBody::from(&details)).into_response())
}

/// The vendor's code of each rule VENDOR: the service's internal failures are its own
/// 1580101 (the vendor's pages for `find_by_page` and `review_templates/query` list it), not
/// the platform's.
impl From<Error> for FeishuError {
    fn from(err: Error) -> Self {
        match err {
            Error::Common(err) => Self::common(err, codes::PERFORMANCE_INTERNAL_ERROR),
            Error::NotLicensed => Self::new(codes::PERFORMANCE_NOT_LICENSED),
            Error::ParamInvalid(violations) => {
                Self::fields(codes::PERFORMANCE_PARAM_INVALID, violations)
            }
            Error::RequestRepeated(token) => Self::field(
                codes::PERFORMANCE_REQUEST_REPEATED,
                "client_token",
                token,
                "this client_token was already used; a new write needs a new one",
            ),
            Error::GroupNotApiWritable(group) => Self::field(
                codes::PERFORMANCE_GROUP_NOT_API_WRITABLE,
                "group_id",
                group,
                "the group does not take its members from the API \
                     (fixture: api_writable: false)",
            ),
            Error::UnknownSemester(id) => Self::field(
                codes::PERFORMANCE_SEMESTER_NOT_FOUND,
                "semester_id",
                id,
                "no such semester",
            ),
            Error::UnknownSemesterOfDeletion(id) => Self::field(
                codes::PERFORMANCE_SEMESTER_ID_INVALID,
                "semester_id",
                id,
                "no such semester",
            ),
            Error::InvalidReviewee(user) => Self::field(
                codes::PERFORMANCE_INVALID_USER,
                "reviewee_user_id",
                user,
                "not a user reviewed in this semester (a member of a group one of its activities reviews)",
            ),
            Error::ItemNotFound(id) => Self::field(
                codes::PERFORMANCE_ITEM_NOT_FOUND,
                "item_id",
                id,
                "no such item in this semester; leave item_id out to create one",
            ),
            Error::ExternalIdRepeated(id) => Self::field(
                codes::PERFORMANCE_EXTERNAL_ID_REPEATED,
                "external_id",
                id,
                "appears twice in this import",
            ),
            Error::ItemIdRepeated(id) => Self::field(
                codes::PERFORMANCE_ITEM_ID_REPEATED,
                "item_id",
                id,
                "appears twice in this import",
            ),
            Error::ExternalIdTaken(id) => Self::field(
                codes::PERFORMANCE_EXTERNAL_ID_TAKEN,
                "external_id",
                id,
                "another item of this semester has this external_id",
            ),
            Error::MetricRefused { rule, at, message } => {
                Self::field(metric_rule_code(rule), &at, "", message)
            }
            Error::GroupOverLimit { limit, given } => Self::field(
                codes::PERFORMANCE_GROUP_OVER_LIMIT,
                "user_ids",
                given.to_string(),
                format!("at most {limit} users per write"),
            ),
        }
    }
}
