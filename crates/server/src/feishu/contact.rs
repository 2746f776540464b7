//! `contact/v2` batch imports: `user/batch_add`, `department/batch_add`, `task/get`.

use axum::Extension;
use axum::extract::State;
use axum::routing::MethodRouter;
use openwork_contact::Error;
use openwork_contact::command::{DepartmentBatch, TaskGet, UserBatch};
use openwork_platform::access::Access;
use openwork_wire::feishu::codes;
use openwork_wire::feishu::contact as wire;

use super::envelope::{Feishu, FeishuError, FeishuResult};
use super::extract::{FeishuJson, FeishuQuery};
use super::{Endpoint, TENANT, guarded};
use crate::middleware::body_limit;
use crate::routes::{Routes, get, post};
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

/// This service's endpoints (for what is derived from all of them, such as the known scopes).
pub(super) static ENDPOINTS: &[&Endpoint] = &[&USER_BATCH_ADD, &DEPARTMENT_BATCH_ADD, &TASK_GET];

pub fn routes(state: &AppState) -> Routes {
    Routes::new()
        .route(
            "/open-apis/contact/v2/user/batch_add",
            guarded(
                state,
                &USER_BATCH_ADD,
                post(user_batch_add).layered(batch_body(state)),
            ),
        )
        .route(
            "/open-apis/contact/v2/department/batch_add",
            guarded(
                state,
                &DEPARTMENT_BATCH_ADD,
                post(department_batch_add).layered(batch_body(state)),
            ),
        )
        .route(
            "/open-apis/contact/v2/task/get",
            guarded(state, &TASK_GET, get(task_get)),
        )
}

/// A batch import carries up to thousands of users or departments.
fn batch_body(state: &AppState) -> impl FnOnce(MethodRouter<AppState>) -> MethodRouter<AppState> {
    let limit = state.body_limits.batch;
    move |route| body_limit::on_route(route, limit)
}

/// `POST /open-apis/contact/v2/user/batch_add` (contact.v2.user.batch_add).
async fn user_batch_add(
    State(state): State<AppState>,
    Extension(access): Extension<Access>,
    FeishuJson(body): FeishuJson<wire::BatchAddUsersRequest>,
) -> FeishuResult<wire::BatchAddData> {
    let batch = UserBatch::parse(body)?;
    let task_id = state.services.contact.submit_users(&access, batch).await?;
    state.job_wakeup.notify_one();
    Ok(Feishu(wire::BatchAddData { task_id }))
}

/// `POST /open-apis/contact/v2/department/batch_add` (contact.v2.department.batch_add).
async fn department_batch_add(
    State(state): State<AppState>,
    Extension(access): Extension<Access>,
    FeishuJson(body): FeishuJson<wire::BatchAddDepartmentsRequest>,
) -> FeishuResult<wire::BatchAddData> {
    let batch = DepartmentBatch::parse(body)?;
    let task_id = state
        .services
        .contact
        .submit_departments(&access, batch)
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
        .services
        .contact
        .job_report(&access, TaskGet::parse(query)?)
        .await?;
    Ok(Feishu(report.into()))
}

/// Every contact error's answer. The service documents no internal error of its own: internal
/// failures answer the platform's.
impl From<Error> for FeishuError {
    fn from(err: Error) -> Self {
        match err {
            Error::Common(err) => Self::common(err, codes::INTERNAL_ERROR),
            Error::TaskNotFound => Self::new(codes::CONTACT_TASK_NOT_FOUND),
        }
    }
}
