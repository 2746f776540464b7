//! `performance/v1` and `performance/v2` (绩效): stage tasks, semesters, review templates.

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Extension, Router};
use openwork_core::access::Access;
use openwork_core::performance as domain;
use openwork_core::performance::{
    ReviewTemplate, SemesterQuery, SemesterView, StageTaskQuery, StageTaskView, UserStageTasks,
};
use openwork_wire::feishu::performance as wire;
use openwork_wire::lenient::NumberText;

use super::envelope::{Feishu, FeishuError, FeishuPaged, FeishuResult};
use super::extract::{FeishuJson, FeishuQuery};
use super::{Endpoint, TENANT, TENANT_OR_USER, guarded};
use crate::middleware::rate_limit::RateLimit;
use crate::state::AppState;

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

pub fn routes(state: &AppState) -> Router<AppState> {
    Router::new()
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
}

fn texts(values: Option<Vec<NumberText>>) -> Option<Vec<String>> {
    values.map(|values| values.into_iter().map(|v| v.0).collect())
}

fn text(value: Option<NumberText>) -> Option<String> {
    value.map(|v| v.0)
}

/// `POST /open-apis/performance/v1/stage_tasks/find_by_page` (performance.v1.stage_task.find_by_page).
async fn find_by_page(
    State(state): State<AppState>,
    Extension(access): Extension<Access>,
    FeishuQuery(query): FeishuQuery<wire::UserIdTypeQuery>,
    FeishuJson(body): FeishuJson<wire::FindByPageRequest>,
) -> Result<FeishuPaged<wire::FindByPageData>, FeishuError> {
    let ids = state
        .platform
        .id_mapping(&access, query.user_id_type.as_deref())?;
    let filter = StageTaskQuery {
        semester_id: text(body.semester_id),
        task_option_lists: texts(body.task_option_lists),
        after_time: text(body.after_time),
        before_time: text(body.before_time),
    };
    let page_size = text(body.page_size);
    let page = state
        .openwork
        .find_stage_tasks_by_page(
            &access,
            &ids,
            &filter,
            page_size.as_deref(),
            body.page_token.as_deref(),
        )
        .await?;
    Ok(FeishuPaged {
        data: wire::FindByPageData {
            base: semester_base(&page.semester),
            items: page.items.iter().map(user_stage_tasks).collect(),
            has_more: page.has_more,
            page_token: page.page_token.clone(),
        },
        has_more: page.has_more,
        page_token: page.page_token,
    })
}

/// `POST /open-apis/performance/v1/stage_tasks/find_by_user_list` (performance.v1.stage_task.find_by_user_list).
async fn find_by_user_list(
    State(state): State<AppState>,
    Extension(access): Extension<Access>,
    FeishuQuery(query): FeishuQuery<wire::UserIdTypeQuery>,
    FeishuJson(body): FeishuJson<wire::FindByUserListRequest>,
) -> FeishuResult<wire::FindByUserListData> {
    let ids = state
        .platform
        .id_mapping(&access, query.user_id_type.as_deref())?;
    let filter = StageTaskQuery {
        semester_id: text(body.semester_id),
        task_option_lists: texts(body.task_option_lists),
        after_time: text(body.after_time),
        before_time: text(body.before_time),
    };
    let list = state
        .openwork
        .find_stage_tasks_by_user_list(&access, &ids, &filter, body.user_id_lists.as_deref())
        .await?;
    Ok(Feishu(wire::FindByUserListData {
        base: semester_base(&list.semester),
        items: list.items.iter().map(user_stage_tasks).collect(),
    }))
}

/// `GET /open-apis/performance/v1/semesters` (performance.v1.semester.list).
async fn list_semesters(
    State(state): State<AppState>,
    Extension(access): Extension<Access>,
    FeishuQuery(query): FeishuQuery<wire::SemesterListQuery>,
) -> FeishuResult<wire::SemesterListData> {
    let ids = state
        .platform
        .id_mapping(&access, query.user_id_type.as_deref())?;
    let filter = SemesterQuery {
        start_time: query.start_time,
        end_time: query.end_time,
        year: query.year,
        type_group: query.type_group,
        semester_type: query.semester_type,
    };
    let semesters = state
        .openwork
        .list_semesters(&access, &ids, &filter)
        .await?;
    Ok(Feishu(wire::SemesterListData {
        items: semesters.into_iter().map(semester_item).collect(),
    }))
}

/// `POST /open-apis/performance/v2/review_templates/query` (performance.v2.review_template.query).
async fn query_review_templates(
    State(state): State<AppState>,
    Extension(access): Extension<Access>,
    FeishuQuery(query): FeishuQuery<wire::ReviewTemplateQuery>,
    FeishuJson(body): FeishuJson<wire::ReviewTemplateRequest>,
) -> Result<Feishu<wire::ReviewTemplateData>, FeishuError> {
    let ids = texts(body.review_template_ids);
    let page = state
        .openwork
        .query_review_templates(
            &access,
            ids.as_deref(),
            query.page_size.as_deref(),
            query.page_token.as_deref(),
        )
        .await?;
    // Paging only inside `data`, as the seed document's example shows it for this call.
    Ok(Feishu(wire::ReviewTemplateData {
        review_templates: page.templates.iter().map(review_template).collect(),
        has_more: page.has_more,
        page_token: page.page_token,
    }))
}

fn i18n_v1(name: &domain::I18n) -> wire::I18nV1 {
    wire::I18nV1::new(&name.zh_cn, &name.en_us)
}

fn i18n_v2(name: &domain::I18n) -> wire::I18nV2 {
    wire::I18nV2 {
        zh_cn: name.zh_cn.clone(),
        en_us: name.en_us.clone(),
    }
}

fn semester_base(semester: &domain::Semester) -> wire::SemesterBase {
    wire::SemesterBase {
        semester_id: semester.semester_id.to_string(),
        semester_name: i18n_v1(&semester.name),
        start_time: semester.start_time.0.to_string(),
        end_time: semester.end_time.0.to_string(),
    }
}

fn stage_task_info(view: &StageTaskView) -> wire::StageTaskInfo {
    wire::StageTaskInfo {
        stage_id: view.stage.stage_id.to_string(),
        name: i18n_v1(&view.stage.name),
        deadline: view.stage.deadline.0.to_string(),
        need_todo_count: view.need_todo,
        finished_count: view.finished,
        jump_url: view.stage.jump_url.clone(),
        stage_task_status: view.status.as_str().to_owned(),
        task_option_id: view.status.option().id(),
    }
}

fn user_stage_tasks(user: &UserStageTasks) -> wire::UserStageTasks {
    wire::UserStageTasks {
        user_id: user.user_id.clone(),
        stage_num_lists: user
            .counts
            .iter()
            .map(|(option, n)| wire::StageNum {
                task_option_id: option.id(),
                stage_num: *n,
            })
            .collect(),
        stage_task_info_lists: user.tasks.iter().map(stage_task_info).collect(),
    }
}

fn semester_item(view: SemesterView) -> wire::SemesterItem {
    let s = view.semester;
    wire::SemesterItem {
        id: s.semester_id.to_string(),
        year: i64::from(s.year),
        type_group: s.type_group,
        semester_type: s.semester_type,
        name: i18n_v1(&s.name),
        progress: s.progress,
        start_time: s.start_time.0.to_string(),
        end_time: s.end_time.0.to_string(),
        create_time: s.create_time.0.to_string(),
        modify_time: s.modify_time.0.to_string(),
        create_user_id: view.create_user_id,
        modify_user_id: view.modify_user_id,
    }
}

fn review_template(t: &ReviewTemplate) -> wire::ReviewTemplate {
    wire::ReviewTemplate {
        review_template_id: t.review_template_id.to_string(),
        name: i18n_v2(&t.name),
        description: i18n_v2(&t.description),
        status: t.status.clone(),
        templates: t
            .templates
            .iter()
            .map(|st| wire::StageTemplate {
                template_id: st.template_id.clone(),
                name: i18n_v2(&st.name),
                stage_type: st.stage_type.clone(),
                review_stage_role: st.review_stage_role.clone(),
                review_stage_data_write_mode: st.review_stage_data_write_mode.clone(),
            })
            .collect(),
        units: t
            .units
            .iter()
            .map(|unit| wire::ReviewUnit {
                unit_id: unit.unit_id.clone(),
                name: i18n_v2(&unit.name),
                fields: unit
                    .fields
                    .iter()
                    .map(|f| wire::ReviewField {
                        field_id: f.field_id.clone(),
                        name: i18n_v2(&f.name),
                        indicator_id: f.indicator_id.clone(),
                        tag_based_question_id: f.tag_based_question_id.clone(),
                        objective_text_qustion_title: f
                            .objective_text_qustion_title
                            .as_ref()
                            .map(i18n_v2),
                        keyresult_text_qustion_title: f
                            .keyresult_text_qustion_title
                            .as_ref()
                            .map(i18n_v2),
                        parent_field_id: f.parent_field_id.clone(),
                        kpi_template_id: f.kpi_template_id.clone(),
                    })
                    .collect(),
            })
            .collect(),
    }
}
