//! `contact/v2` batch imports: `user/batch_add`, `department/batch_add`, `task/get`.

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Extension, Router};
use openwork_core::access::Access;
use openwork_core::contact::{DepartmentItem, ItemReport, JobReport, UserItem};
use openwork_wire::feishu::contact as wire;

use super::envelope::{Feishu, FeishuResult};
use super::extract::{FeishuJson, FeishuQuery};
use super::{Endpoint, TENANT, guarded};
use crate::state::AppState;

/// VENDOR: 更新通讯录.
static USER_BATCH_ADD: Endpoint = Endpoint {
    name: "contact.v2.user.batch_add",
    tokens: TENANT,
    scopes: &["contact:contact"],
    rate_limit: None,
};

static DEPARTMENT_BATCH_ADD: Endpoint = Endpoint {
    name: "contact.v2.department.batch_add",
    tokens: TENANT,
    scopes: &["contact:contact"],
    rate_limit: None,
};

/// VENDOR: 更新通讯录 or 以应用身份访问通讯录（历史版本）.
static TASK_GET: Endpoint = Endpoint {
    name: "contact.v2.task.get",
    tokens: TENANT,
    scopes: &["contact:contact", "contact:contact:readonly_as_app"],
    rate_limit: None,
};

pub fn routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .route(
            "/open-apis/contact/v2/user/batch_add",
            guarded(state, &USER_BATCH_ADD, post(user_batch_add)),
        )
        .route(
            "/open-apis/contact/v2/department/batch_add",
            guarded(state, &DEPARTMENT_BATCH_ADD, post(department_batch_add)),
        )
        .route(
            "/open-apis/contact/v2/task/get",
            guarded(state, &TASK_GET, get(task_get)),
        )
}

fn user_item(user: wire::BatchUser) -> UserItem {
    UserItem {
        name: user.name,
        departments: user.departments,
        user_id: user.user_id,
        email: user.email,
        mobile: user.mobile,
        mobile_visible: user.mobile_visible,
        city: user.city,
        country: user.country,
        gender: user.gender,
        employee_type: user.employee_type,
        join_time: user.join_time,
        leader_open_id: user.leader_open_id,
        leader_user_id: user.leader_user_id,
        employee_no: user.employee_no,
        custom_attrs: user.custom_attrs,
        work_station: user.work_station,
    }
}

fn department_item(department: wire::BatchDepartment) -> DepartmentItem {
    DepartmentItem {
        id: department.id,
        name: department.name,
        parent_id: department.parent_id,
        leader_user_id: department.leader_user_id,
        leader_open_id: department.leader_open_id,
        create_group_chat: department.create_group_chat,
    }
}

/// `POST /open-apis/contact/v2/user/batch_add` (contact.v2.user.batch_add).
async fn user_batch_add(
    State(state): State<AppState>,
    Extension(access): Extension<Access>,
    FeishuJson(body): FeishuJson<wire::BatchAddUsersRequest>,
) -> FeishuResult<wire::BatchAddData> {
    let users = body
        .users
        .map(|users| users.into_iter().map(user_item).collect());
    let task_id = state.openwork.submit_user_batch(&access, users).await?;
    state.job_wakeup.notify_one();
    Ok(Feishu(wire::BatchAddData { task_id }))
}

/// `POST /open-apis/contact/v2/department/batch_add` (contact.v2.department.batch_add).
async fn department_batch_add(
    State(state): State<AppState>,
    Extension(access): Extension<Access>,
    FeishuJson(body): FeishuJson<wire::BatchAddDepartmentsRequest>,
) -> FeishuResult<wire::BatchAddData> {
    let departments = body
        .departments
        .map(|departments| departments.into_iter().map(department_item).collect());
    let task_id = state
        .openwork
        .submit_department_batch(&access, departments)
        .await?;
    state.job_wakeup.notify_one();
    Ok(Feishu(wire::BatchAddData { task_id }))
}

/// `GET /open-apis/contact/v2/task/get` (contact.v2.task.get).
async fn task_get(
    State(state): State<AppState>,
    Extension(access): Extension<Access>,
    FeishuQuery(query): FeishuQuery<wire::TaskGetQuery>,
) -> FeishuResult<wire::TaskData> {
    let report = state
        .openwork
        .job_report(&access, query.task_id.as_deref())
        .await?;
    Ok(Feishu(task_data(report)))
}

fn task_data(report: JobReport) -> wire::TaskData {
    let job = report.job;
    wire::TaskData {
        progress: job.progress(),
        task_id: job.task_id,
        kind: job.kind.as_str().to_owned(),
        status: job.status,
        total_num: job.total,
        success_num: job.succeeded,
        fail_num: job.failed,
        create_time: job.create_time.seconds(),
        finish_time: job.finish_time.map(|t| t.seconds()),
        task_info: report
            .items
            .map(|items| items.into_iter().map(task_info).collect()),
    }
}

fn task_info(item: ItemReport) -> wire::TaskInfo {
    match item {
        ItemReport::User {
            item,
            outcome,
            open_id,
        } => wire::TaskInfo {
            action: outcome.succeeded().then_some(1),
            name: item.name,
            email: item.email,
            mobile: item.mobile,
            // VENDOR: the given user_id, or the generated one once the item succeeded.
            user_id: outcome.user_id.map(|u| u.0).or(item.user_id),
            departments: item.departments,
            open_id,
            code: outcome.code,
            msg: outcome.msg,
            ..wire::TaskInfo::default()
        },
        ItemReport::Department { item, outcome } => wire::TaskInfo {
            action: outcome.succeeded().then_some(1),
            name: item.name,
            department_id: outcome.department_id.or(item.id),
            parent_id: item.parent_id,
            chat_id: outcome.chat_id,
            code: outcome.code,
            msg: outcome.msg,
            ..wire::TaskInfo::default()
        },
    }
}
