//! `GET /_openwork/v1/openapi.json`: an OpenAPI 3.1 document of every API openwork serves — the
//! Feishu and DingTalk operations and the admin API.
//!
//! Assembled here by hand, with every body's JSON Schema generated from its type (schemars,
//! JSON Schema 2020-12, which OpenAPI 3.1 uses as it is). Why not a framework such as utoipa:
//! the bodies are already described by the `wire` types' serde attributes, which schemars reads
//! as they are; the tokens, scopes and rate limits are already declared once per Feishu
//! endpoint (`feishu::Endpoint`); and the DingTalk gateway takes one parameter set as JSON, form
//! or query. A framework would need its own annotation on every handler, repeating all three.
//!
//! The document is public: it describes shapes, the same for every openwork of this version,
//! and holds no tenant data or secret, so tools (code generators, API explorers) can read it
//! before anyone has the admin token — as `healthz` is public.
//!
//! The tests check it against the routes actually mounted (`crate::routes`): an operation
//! served but not documented here, or documented but not served, fails them.

use std::sync::OnceLock;

use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};
use openwork_performance::fixture::{
    ReviewTemplateDoc, SemesterDoc, StageChangeDoc, StageTaskCountsDoc,
};
use openwork_platform::TokenKind;
use openwork_platform::fixture::directory::EventSubscriptionDoc;
use openwork_report::fixture::{ReportDoc, ReportRuleDoc};
use openwork_wire::admin;
use openwork_wire::dingtalk::{self, workspace as ding};
use openwork_wire::feishu::{
    self, auth, authen, contact, long_connection, performance as perf, report as rep,
};
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, SchemaGenerator};
use serde_json::{Map, Value, json};

use crate::dingtalk::{TOPAPI_LIMIT, TokenQuery, api_path};
use crate::events::long_connection as long_connection_routes;
use crate::feishu::authen::AuthorizeQuery;
use crate::feishu::{self as feishu_routes, Endpoint};
use crate::middleware::rate_limit::RateLimit;
use crate::routes::{Routes, get};

use super::tenants::AppQuery;

pub const PATH: &str = "/_openwork/v1/openapi.json";

pub fn routes() -> Routes {
    Routes::new().route(PATH, get(serve))
}

/// `GET /_openwork/v1/openapi.json` (public).
async fn serve() -> Response {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    let bytes = BYTES.get_or_init(|| serde_json::to_vec(document()).expect("JSON serialises"));
    let mut response = (StatusCode::OK, bytes.clone()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// The document, built once.
pub fn document() -> &'static Value {
    static DOCUMENT: OnceLock<Value> = OnceLock::new();
    DOCUMENT.get_or_init(build)
}

/// The security schemes' names.
const TENANT_TOKEN: &str = "tenant_access_token";
const USER_TOKEN: &str = "user_access_token";
const DINGTALK_TOKEN: &str = "dingtalk_access_token";
const ADMIN_TOKEN: &str = "admin_token";

/// Content types of the bodies in the fixture vocabulary (docs/fixtures.md).
const FIXTURE_CONTENT: &[&str] = &["application/yaml", "application/json"];
/// Content types a topapi call's parameters may come in (besides the query string).
const TOPAPI_CONTENT: &[&str] = &["application/json", "application/x-www-form-urlencoded"];

fn build() -> Value {
    let mut doc = Document::new();
    feishu_operations(&mut doc);
    dingtalk_operations(&mut doc);
    admin_operations(&mut doc);
    doc.finish()
}

fn feishu_operations(doc: &mut Document) {
    // auth/v3: the credentials are the body; VENDOR: the trailing-slash spelling is served too.
    for (name, path, answer) in [
        (
            "auth.v3.tenant_access_token.internal",
            "/open-apis/auth/v3/tenant_access_token/internal",
            doc.answer::<auth::TenantAccessTokenResponse>(),
        ),
        (
            "auth.v3.app_access_token.internal",
            "/open-apis/auth/v3/app_access_token/internal",
            doc.answer::<auth::AppAccessTokenResponse>(),
        ),
    ] {
        for (path, id) in [
            (path.to_owned(), name.to_owned()),
            (format!("{path}/"), format!("{name}.trailing_slash")),
        ] {
            doc.operation("post", &path, &id, name)
                .public()
                .json_body::<auth::InternalTokenRequest>()
                .answer(
                    "200",
                    "The token, or `code` ≠ 0 (bad credentials also answer HTTP 200).",
                    &answer,
                )
                .feishu_error()
                .add();
        }
    }
    for (path, id) in [
        ("/open-apis/authen/v1/authorize", "authen.v1.authorize"),
        ("/open-apis/authen/v1/index", "authen.v1.index"),
    ] {
        doc.operation(
            "get",
            path,
            id,
            "authen.v1.authorize (the authorization page)",
        )
        .describe(
            "An HTML page listing the app's tenant's users; with `user_id` it redirects at \
                 once to `redirect_uri` with a single-use `code` (docs/semantics.md).",
        )
        .public()
        .query::<AuthorizeQuery>()
        .html("200", "The page of users to choose from.")
        .html(
            "302",
            "Redirects to `redirect_uri` with `code` (and `state`).",
        )
        .html("400", "A missing parameter, or an unknown app or user.")
        .add();
    }

    feishu(
        doc,
        "post",
        "/open-apis/authen/v1/oidc/access_token",
        "authen.v1.oidc_access_token.create",
    )
    .json_body::<authen::OidcAccessTokenRequest>()
    .data_or_oauth_error::<authen::OidcTokenData>()
    .add();
    feishu(
        doc,
        "post",
        "/open-apis/authen/v1/oidc/refresh_access_token",
        "authen.v1.oidc_refresh_access_token.create",
    )
    .json_body::<authen::OidcRefreshAccessTokenRequest>()
    .data_or_oauth_error::<authen::OidcTokenData>()
    .add();
    feishu(
        doc,
        "get",
        "/open-apis/authen/v1/user_info",
        "authen.v1.user_info.get",
    )
    .data::<authen::UserInfoData>()
    .add();

    feishu(
        doc,
        "post",
        "/open-apis/contact/v2/user/batch_add",
        "contact.v2.user.batch_add",
    )
    .json_body::<contact::BatchAddUsersRequest>()
    .data::<contact::BatchAddData>()
    .add();
    feishu(
        doc,
        "post",
        "/open-apis/contact/v2/department/batch_add",
        "contact.v2.department.batch_add",
    )
    .json_body::<contact::BatchAddDepartmentsRequest>()
    .data::<contact::BatchAddData>()
    .add();
    feishu(
        doc,
        "get",
        "/open-apis/contact/v2/task/get",
        "contact.v2.task.get",
    )
    .query::<contact::TaskGetQuery>()
    .data::<contact::TaskData>()
    .add();

    feishu(
        doc,
        "post",
        "/open-apis/report/v1/tasks/query",
        "report.v1.task.query",
    )
    .query::<rep::UserIdTypeQuery>()
    .json_body::<rep::TaskQueryRequest>()
    .data::<rep::TaskQueryData>()
    .add();
    feishu(
        doc,
        "get",
        "/open-apis/report/v1/rules/query",
        "report.v1.rule.query",
    )
    .query::<rep::RuleQuery>()
    .data::<rep::RuleQueryData>()
    .add();
    feishu(
        doc,
        "post",
        "/open-apis/report/v1/rules/{rule_id}/views/remove",
        "report.v1.rule_view.remove",
    )
    .query::<rep::UserIdTypeQuery>()
    .json_body::<rep::RemoveViewsRequest>()
    .data::<feishu::Empty>()
    .add();

    let v1 = "/open-apis/performance/v1";
    let v2 = "/open-apis/performance/v2";
    feishu(
        doc,
        "post",
        &format!("{v1}/stage_tasks/find_by_page"),
        "performance.v1.stage_task.find_by_page",
    )
    .query::<perf::UserIdTypeQuery>()
    .json_body::<perf::FindByPageRequest>()
    .paged_data::<perf::FindByPageData>()
    .add();
    feishu(
        doc,
        "post",
        &format!("{v1}/stage_tasks/find_by_user_list"),
        "performance.v1.stage_task.find_by_user_list",
    )
    .query::<perf::UserIdTypeQuery>()
    .json_body::<perf::FindByUserListRequest>()
    .data::<perf::FindByUserListData>()
    .add();
    feishu(
        doc,
        "get",
        &format!("{v1}/semesters"),
        "performance.v1.semester.list",
    )
    .query::<perf::SemesterListQuery>()
    .data::<perf::SemesterListData>()
    .add();
    feishu(
        doc,
        "post",
        &format!("{v2}/review_templates/query"),
        "performance.v2.review_template.query",
    )
    .query::<perf::ReviewTemplateQuery>()
    .json_body::<perf::ReviewTemplateRequest>()
    .data::<perf::ReviewTemplateData>()
    .add();
    feishu(
        doc,
        "post",
        &format!("{v2}/activity/query"),
        "performance.v2.activity.query",
    )
    .query::<perf::UserIdTypeQuery>()
    .json_body::<perf::ActivityQueryRequest>()
    .data::<perf::ActivityQueryData>()
    .add();
    feishu(
        doc,
        "post",
        &format!("{v2}/reviewees/query"),
        "performance.v2.reviewee.query",
    )
    .query::<perf::PagedUserQuery>()
    .json_body::<perf::RevieweeQueryRequest>()
    .data::<perf::RevieweeQueryData>()
    .add();
    feishu(
        doc,
        "post",
        &format!("{v2}/indicators/query"),
        "performance.v2.indicator.query",
    )
    .query::<perf::PageQuery>()
    .json_body::<perf::IndicatorQueryRequest>()
    .data::<perf::IndicatorQueryData>()
    .add();
    feishu(
        doc,
        "post",
        &format!("{v2}/questions/query"),
        "performance.v2.question.query",
    )
    .query::<perf::PageQuery>()
    .json_body::<perf::QuestionQueryRequest>()
    .data::<perf::QuestionQueryData>()
    .add();
    feishu(
        doc,
        "post",
        &format!("{v2}/user_group_user_rels/write"),
        "performance.v2.user_group_user_rel.write",
    )
    .query::<perf::ClientTokenQuery>()
    .json_body::<perf::GroupWriteRequest>()
    .data::<perf::GroupWriteData>()
    .add();
    feishu(
        doc,
        "post",
        &format!("{v2}/user_info/query"),
        "performance.v2.user_info.query",
    )
    .query::<perf::UserInfoQuery>()
    .json_body::<perf::UserInfoRequest>()
    .data::<perf::UserInfoData>()
    .add();
    feishu(
        doc,
        "post",
        &format!("{v1}/review_datas/query"),
        "performance.v1.review_data.query",
    )
    .query::<perf::UserIdTypeQuery>()
    .json_body::<perf::ReviewDataV1Request>()
    .data::<perf::ReviewDataV1Data>()
    .add();
    feishu(
        doc,
        "post",
        &format!("{v2}/review_datas/query"),
        "performance.v2.review_data.query",
    )
    .query::<perf::UserIdTypeQuery>()
    .json_body::<perf::ReviewDataV2Request>()
    .data::<perf::ReviewDataV2Data>()
    .add();
    feishu(
        doc,
        "post",
        &format!("{v2}/additional_informations/import"),
        "performance.v2.additional_information.import",
    )
    .query::<perf::ClientTokenQuery>()
    .json_body::<perf::AdditionalInfoImportRequest>()
    .data::<perf::AdditionalInfoImportData>()
    .add();
    feishu(
        doc,
        "post",
        &format!("{v2}/additional_informations/query"),
        "performance.v2.additional_information.query",
    )
    .query::<perf::PagedUserQuery>()
    .json_body::<perf::AdditionalInfoQueryRequest>()
    .data::<perf::AdditionalInfoQueryData>()
    .add();
    feishu(
        doc,
        "delete",
        &format!("{v2}/additional_informations/batch"),
        "performance.v2.additional_informations_batch.delete",
    )
    .query::<perf::UserIdTypeQuery>()
    .json_body::<perf::AdditionalInfoDeleteRequest>()
    .data::<perf::AdditionalInfoDeleteData>()
    .add();
    feishu(
        doc,
        "get",
        &format!("{v2}/metric_tags"),
        "performance.v2.metric_tag.list",
    )
    .query::<perf::PageQuery>()
    .parameter(json!({
        "name": "tag_ids",
        "in": "query",
        "description": "The tags to answer, the key repeated for each (`tag_ids=1&tag_ids=2`).",
        "schema": {"type": "array", "items": {"type": "string"}},
        "style": "form",
        "explode": true
    }))
    .data::<perf::MetricTagData>()
    .add();
    feishu(
        doc,
        "post",
        &format!("{v2}/metric_fields/query"),
        "performance.v2.metric_field.query",
    )
    .json_body::<perf::MetricFieldQueryRequest>()
    .data::<perf::MetricFieldData>()
    .add();
    feishu(
        doc,
        "post",
        &format!("{v2}/metric_libs/query"),
        "performance.v2.metric_lib.query",
    )
    .query::<perf::PagedUserQuery>()
    .json_body::<perf::MetricLibQueryRequest>()
    .data::<perf::MetricLibData>()
    .add();
    feishu(
        doc,
        "post",
        &format!("{v2}/metric_templates/query"),
        "performance.v2.metric_template.query",
    )
    .query::<perf::PagedUserQuery>()
    .json_body::<perf::MetricTemplateQueryRequest>()
    .data::<perf::MetricTemplateData>()
    .add();
    feishu(
        doc,
        "post",
        &format!("{v2}/metric_details/import"),
        "performance.v2.metric_detail.import",
    )
    .query::<perf::ClientTokenQuery>()
    .json_body::<perf::MetricDetailImportRequest>()
    .data::<perf::MetricDetailImportData>()
    .add();
    feishu(
        doc,
        "post",
        &format!("{v2}/metric_details/query"),
        "performance.v2.metric_detail.query",
    )
    .query::<perf::UserIdTypeQuery>()
    .json_body::<perf::MetricDetailQueryRequest>()
    .data::<perf::MetricDetailQueryData>()
    .add();

    // The long connection (events): the official SDKs' event clients ask for a WebSocket URL
    // with the app's credentials, then dial it. Neither takes a token.
    let endpoint_answer = doc.answer::<long_connection::EndpointResponse>();
    doc.operation(
        "post",
        long_connection_routes::ENDPOINT_PATH,
        "long_connection.endpoint",
        "The long connection's WebSocket URL and client settings",
    )
    .describe(
        "Trades an app's credentials for the URL of this server's WebSocket (`ws://`, or \
         `wss://` behind a proxy sending `X-Forwarded-Proto: https`, at the request's `Host`), \
         carrying a ticket valid 5 minutes on any replica, and the client's ping and reconnect \
         settings in seconds. Keys are PascalCase inside `data`, as the SDKs read them.",
    )
    .public()
    .json_body::<long_connection::EndpointRequest>()
    .answer(
        "200",
        "The URL and settings; or `code` 10003 (still HTTP 200) for bad credentials or a \
         malformed body, with `msg` saying which, which both SDKs take as final.",
        &endpoint_answer,
    )
    .feishu_error()
    .add();
    doc.operation(
        "get",
        long_connection_routes::CONNECT_PATH,
        "long_connection.connect",
        "The long connection's WebSocket",
    )
    .describe(
        "Dialled with the URL `long_connection.endpoint` answers, as it is. Frames are the \
         SDKs' protobuf (`pbbp2.Frame`) in binary messages: the client's `ping` control frames \
         are answered with `pong` frames carrying the settings; events arrive as data frames \
         (`type` `event`, `message_id`, `sum`, `seq`, `trace_id`), split when large, and the \
         client acknowledges each with the same frame carrying `{\"code\":200}`. Refusals \
         carry `handshake-status` and `handshake-msg` headers; the Python SDK gives up on 403 \
         and on 514 with `handshake-autherrcode` 1000040350.",
    )
    .public()
    .query::<long_connection_routes::ConnectQuery>()
    .switching_protocols()
    .text(
        "403",
        "The ticket is missing, malformed, expired, or not for this app's current credentials \
         and `device_id`.",
    )
    .text(
        "514",
        "The app already has 50 long connections (`handshake-autherrcode: 1000040350`).",
    )
    .add();
}

/// A Feishu operation, described by the endpoint of that name (its token kinds, scopes and
/// rate limit). Panics when no endpoint has the name (the tests build the document).
fn feishu<'d>(
    doc: &'d mut Document,
    method: &'static str,
    path: &str,
    name: &str,
) -> Operation<'d> {
    let endpoint = feishu_routes::endpoints()
        .find(|endpoint| endpoint.name == name)
        .unwrap_or_else(|| panic!("no Feishu endpoint is named {name}"));
    doc.operation(method, path, name, name).feishu(endpoint)
}

fn dingtalk_operations(doc: &mut Document) {
    let token = doc.answer::<dingtalk::TokenResponse>();
    doc.operation("get", "/gettoken", "dingtalk.gettoken", "dingtalk.gettoken")
        .public()
        .query::<TokenQuery>()
        .answer(
            "200",
            "The token, or `errcode` ≠ 0 (every error also answers HTTP 200).",
            &token,
        )
        .add();

    let task = Some(doc.answer::<ding::Task>());
    let nothing = None;
    let any_parameters = json!({"type": "object"});
    let calls = [
        (
            "dingtalk.oapi.workspace.task.create",
            doc.request::<ding::CreateTaskRequest>(),
            &task,
        ),
        (
            "dingtalk.oapi.workspace.task.update",
            doc.request::<ding::UpdateTaskRequest>(),
            &nothing,
        ),
        (
            "dingtalk.oapi.workspace.task.get",
            doc.request::<ding::GetTaskRequest>(),
            &task,
        ),
        (
            "dingtalk.oapi.workspace.task.getbysourceid",
            doc.request::<ding::GetTaskBySourceRequest>(),
            &task,
        ),
        (
            "dingtalk.oapi.workspace.task.delete",
            doc.request::<ding::DeleteTaskRequest>(),
            &nothing,
        ),
        (
            "dingtalk.oapi.workspace.task.deletebyproject",
            doc.request::<ding::DeleteProjectTasksRequest>(),
            &nothing,
        ),
        (
            "dingtalk.oapi.workspace.task.migrate",
            any_parameters.clone(),
            &nothing,
        ),
        (
            "dingtalk.oapi.workspace.task.clean",
            any_parameters,
            &nothing,
        ),
        (
            "dingtalk.oapi.workspace.tasklist.addbyproject",
            doc.request::<ding::ProjectTasklistRequest>(),
            &nothing,
        ),
        (
            "dingtalk.oapi.workspace.tasklist.hidebyorg",
            doc.request::<ding::TasklistRequest>(),
            &nothing,
        ),
        (
            "dingtalk.oapi.workspace.tasklist.hidebyproject",
            doc.request::<ding::ProjectTasklistRequest>(),
            &nothing,
        ),
        (
            "dingtalk.oapi.workspace.tasklist.hidden.cancel",
            doc.request::<ding::TasklistRequest>(),
            &nothing,
        ),
    ];
    for (api, parameters, result) in calls {
        let path = api_path(api);
        // The gateway documents POST; GET, with the parameters in the query, is served too.
        doc.operation("post", &path, api, api)
            .topapi()
            .body(TOPAPI_CONTENT, &parameters)
            .top_answer(result.as_ref())
            .add();
        doc.operation("get", &path, &format!("{api}.by_get"), api)
            .topapi()
            .query_of(&parameters)
            .top_answer(result.as_ref())
            .add();
    }
}

fn admin_operations(doc: &mut Document) {
    let v1 = "/_openwork/v1";
    let tenant = "/_openwork/v1/tenants/{tenant_key}";

    let health = doc.answer::<admin::Health>();
    doc.operation(
        "get",
        &format!("{v1}/healthz"),
        "admin.healthz",
        "Health check",
    )
    .public()
    .answer("200", "The database answers.", &health)
    .answer("503", "The database does not answer.", &health)
    .add();
    doc.operation("get", PATH, "admin.openapi", "This OpenAPI document")
        .public()
        .answer("200", "The document.", &json!({"type": "object"}))
        .add();
    doc.operation(
        "get",
        super::schema::PATH,
        "admin.fixture_schema",
        "The fixture format as a JSON Schema",
    )
    .public()
    .describe(
        "The fixture format (docs/fixtures.md) as a JSON Schema 2020-12, answered as \
         `application/schema+json`, for editors that check fixtures as they are written.",
    )
    .answer("200", "The schema.", &json!({"type": "object"}))
    .add();
    // The fixture format has its own JSON Schema document (with its own `$defs`), served beside
    // this one; it is named here rather than copied in.
    let fixture = json!({
        "type": "object",
        "description": "A fixture: `tenants`, each a whole tenant (docs/fixtures.md); its JSON \
                        Schema is GET /_openwork/v1/fixture.schema.json."
    });
    doc.operation(
        "post",
        &format!("{v1}/fixtures"),
        "admin.fixtures.load",
        "Load a fixture",
    )
    .describe(
        "Creates or replaces whole tenants from a fixture (docs/fixtures.md), in one \
             transaction: a fixture that does not load changes nothing.",
    )
    .body(FIXTURE_CONTENT, &fixture)
    .admin_answer::<admin::FixtureLoaded>()
    .add();
    let exported = "The fixture, in YAML (`application/yaml`), or JSON with `format=json`.";
    let not_exportable = doc.answer::<admin::AdminErrorBody>();
    doc.operation(
        "get",
        &format!("{v1}/fixture"),
        "admin.fixture.export",
        "Export every tenant as a fixture",
    )
    .query::<super::export::ExportQuery>()
    .answer_as("200", exported, FIXTURE_CONTENT, &fixture)
    .answer(
        "409",
        "The world holds what a fixture cannot say (`not_exportable`).",
        &not_exportable,
    )
    .add();
    doc.operation(
        "get",
        &format!("{tenant}/fixture"),
        "admin.tenants.fixture.export",
        "Export one tenant as a fixture",
    )
    .query::<super::export::ExportQuery>()
    .answer_as("200", exported, FIXTURE_CONTENT, &fixture)
    .answer(
        "409",
        "The tenant holds what a fixture cannot say (`not_exportable`).",
        &not_exportable,
    )
    .add();
    doc.operation(
        "post",
        &format!("{v1}/reset"),
        "admin.reset",
        "Delete every tenant",
    )
    .describe("With `demo=true`, then loads the built-in demo world again (no restart needed).")
    .query::<admin::ResetQuery>()
    .admin_answer::<admin::ResetDone>()
    .add();

    doc.operation(
        "get",
        &format!("{v1}/tenants"),
        "admin.tenants.list",
        "List the tenants",
    )
    .admin_answer::<admin::TenantList>()
    .add();
    doc.operation(
        "get",
        tenant,
        "admin.tenants.summary",
        "What a tenant holds",
    )
    .admin_answer::<admin::TenantSummary>()
    .add();
    doc.operation(
        "delete",
        tenant,
        "admin.tenants.delete",
        "Delete a tenant with everything in it",
    )
    .admin_answer::<admin::Deleted>()
    .add();
    doc.operation(
        "get",
        &format!("{tenant}/clock"),
        "admin.clock.read",
        "Read a tenant's clock",
    )
    .admin_answer::<admin::ClockNow>()
    .add();
    doc.operation(
        "put",
        &format!("{tenant}/clock"),
        "admin.clock.change",
        "Fix, move or free a tenant's clock",
    )
    .json_body::<admin::ClockChange>()
    .admin_answer::<admin::ClockNow>()
    .add();
    doc.operation(
        "get",
        &format!("{tenant}/users/{{user_id}}/ids"),
        "admin.users.ids",
        "A user's IDs as an app sees them",
    )
    .query::<AppQuery>()
    .admin_answer::<admin::UserIds>()
    .add();
    doc.operation(
        "post",
        &format!("{tenant}/user_access_tokens"),
        "admin.user_access_tokens.mint",
        "Mint a user access token",
    )
    .json_body::<admin::UserTokenRequest>()
    .admin_answer::<admin::UserToken>()
    .add();
    doc.operation(
        "get",
        &format!("{tenant}/apps"),
        "admin.apps.list",
        "A tenant's apps, with their credentials",
    )
    .admin_answer::<admin::AppList>()
    .add();
    doc.operation(
        "get",
        &format!("{tenant}/users"),
        "admin.users.list",
        "A page of a tenant's users",
    )
    .paged::<admin::User>()
    .add();
    doc.operation(
        "get",
        &format!("{tenant}/departments"),
        "admin.departments.list",
        "A page of a tenant's departments",
    )
    .paged::<admin::Department>()
    .add();

    doc.operation(
        "get",
        &format!("{v1}/jobs/runner"),
        "admin.jobs.runner.read",
        "The job runners' state",
    )
    .admin_answer::<admin::JobRunnerState>()
    .add();
    doc.operation(
        "put",
        &format!("{v1}/jobs/runner"),
        "admin.jobs.runner.change",
        "Pause or resume the job runners of every replica",
    )
    .json_body::<admin::JobRunnerChange>()
    .admin_answer::<admin::JobRunnerState>()
    .add();
    doc.operation(
        "post",
        &format!("{v1}/jobs/runner/step"),
        "admin.jobs.runner.step",
        "Apply the next items of the queued jobs (runners paused)",
    )
    .json_body::<admin::JobStepRequest>()
    .admin_answer::<admin::JobStepDone>()
    .add();
    let subscription = format!("{tenant}/apps/{{app_id}}/events");
    doc.operation(
        "get",
        &subscription,
        "admin.event_subscription.get",
        "An app's event subscription",
    )
    .admin_answer::<EventSubscriptionDoc>()
    .add();
    doc.operation(
        "put",
        &subscription,
        "admin.event_subscription.put",
        "Create or replace an app's event subscription",
    )
    .fixture_body::<EventSubscriptionDoc>()
    .admin_answer::<EventSubscriptionDoc>()
    .add();
    doc.operation(
        "delete",
        &subscription,
        "admin.event_subscription.delete",
        "End an app's event subscription",
    )
    .admin_answer::<admin::Deleted>()
    .add();
    doc.operation(
        "post",
        &format!("{subscription}/verify"),
        "admin.event_subscription.verify",
        "Send the URL-verification challenge to the app's request URL",
    )
    .admin_answer::<admin::UrlVerification>()
    .add();
    let events = format!("{tenant}/events");
    doc.operation(
        "get",
        &events,
        "admin.events.list",
        "A page of a tenant's event deliveries, newest event first",
    )
    .query::<admin::EventFilter>()
    .admin_answer::<admin::ListPage<admin::EventDelivery>>()
    .add();
    doc.operation(
        "post",
        &events,
        "admin.events.emit",
        "Push an event with a given body to every subscribing app",
    )
    .json_body::<admin::EmitEvent>()
    .admin_answer::<admin::EmittedEvents>()
    .add();
    doc.operation(
        "get",
        &format!("{events}/{{event_id}}"),
        "admin.events.get",
        "One event's deliveries, with every attempt",
    )
    .admin_answer::<admin::EventHistory>()
    .add();
    doc.operation(
        "post",
        &format!("{events}/{{event_id}}/redeliver"),
        "admin.events.redeliver",
        "Push an event again, with the same event_id",
    )
    .admin_answer::<admin::EventHistory>()
    .add();

    doc.operation(
        "get",
        &format!("{tenant}/contact_jobs"),
        "admin.contact_jobs.list",
        "A page of a tenant's batch-import jobs, newest first",
    )
    .paged::<admin::ContactJob>()
    .add();

    doc.operation(
        "get",
        &format!("{v1}/requests"),
        "admin.requests.list",
        "The request journal",
    )
    .query::<admin::JournalQuery>()
    .admin_answer::<admin::JournalPage>()
    .add();
    doc.operation(
        "delete",
        &format!("{v1}/requests"),
        "admin.requests.clear",
        "Forget every journal entry",
    )
    .no_content()
    .add();
    doc.operation(
        "get",
        &format!("{v1}/requests/{{id}}"),
        "admin.requests.get",
        "One journal entry, by its ID or its log ID",
    )
    .admin_answer::<admin::JournalEntry>()
    .add();
    doc.operation(
        "get",
        &format!("{v1}/faults"),
        "admin.faults.list",
        "The faults in force",
    )
    .admin_answer::<admin::FaultList>()
    .add();
    doc.operation(
        "post",
        &format!("{v1}/faults"),
        "admin.faults.add",
        "Inject a fault",
    )
    .json_body::<admin::FaultSpec>()
    .admin_answer::<admin::Fault>()
    .add();
    doc.operation(
        "delete",
        &format!("{v1}/faults"),
        "admin.faults.clear",
        "Remove every fault",
    )
    .no_content()
    .add();
    doc.operation(
        "delete",
        &format!("{v1}/faults/{{id}}"),
        "admin.faults.remove",
        "Remove one fault",
    )
    .no_content()
    .add();

    doc.operation(
        "get",
        &format!("{tenant}/semesters"),
        "admin.semesters.list",
        "A tenant's semesters with their stages",
    )
    .admin_answer::<admin::SemesterList>()
    .add();
    let semester = format!("{tenant}/semesters/{{semester_id}}");
    doc.operation(
        "put",
        &semester,
        "admin.semesters.put",
        "Create or replace a semester",
    )
    .fixture_body::<SemesterDoc>()
    .admin_answer::<admin::SemesterReplaced>()
    .add();
    doc.operation(
        "delete",
        &semester,
        "admin.semesters.delete",
        "Delete a semester",
    )
    .admin_answer::<admin::Deleted>()
    .add();
    let stage = format!("{tenant}/stages/{{stage_id}}");
    doc.operation("patch", &stage, "admin.stages.change", "Change a stage")
        .fixture_body::<StageChangeDoc>()
        .admin_answer::<admin::Stage>()
        .add();
    doc.operation("delete", &stage, "admin.stages.delete", "Delete a stage")
        .admin_answer::<admin::Deleted>()
        .add();
    doc.operation(
        "get",
        &format!("{stage}/tasks"),
        "admin.stage_tasks.list",
        "A page of a stage's tasks",
    )
    .paged::<admin::UserStageTask>()
    .add();
    let stage_task = format!("{stage}/tasks/{{user_id}}");
    doc.operation(
        "put",
        &stage_task,
        "admin.stage_tasks.put",
        "Give a user to-dos in a stage",
    )
    .fixture_body::<StageTaskCountsDoc>()
    .admin_answer::<admin::StageTask>()
    .add();
    doc.operation(
        "patch",
        &stage_task,
        "admin.stage_tasks.change",
        "Finish or recount a user's to-dos",
    )
    .fixture_body::<StageTaskCountsDoc>()
    .admin_answer::<admin::StageTask>()
    .add();
    doc.operation(
        "delete",
        &stage_task,
        "admin.stage_tasks.delete",
        "Delete a user's stage task",
    )
    .admin_answer::<admin::Deleted>()
    .add();
    let template = format!("{tenant}/review_templates/{{review_template_id}}");
    doc.operation(
        "put",
        &template,
        "admin.review_templates.put",
        "Create or replace a review template",
    )
    .fixture_body::<ReviewTemplateDoc>()
    .admin_answer::<admin::ReviewTemplateStored>()
    .add();
    doc.operation(
        "delete",
        &template,
        "admin.review_templates.delete",
        "Delete a review template",
    )
    .admin_answer::<admin::Deleted>()
    .add();

    let rule = format!("{tenant}/report_rules/{{rule_id}}");
    doc.operation(
        "put",
        &rule,
        "admin.report_rules.put",
        "Create or replace a report rule",
    )
    .fixture_body::<ReportRuleDoc>()
    .admin_answer::<admin::ReportRuleStored>()
    .add();
    doc.operation(
        "delete",
        &rule,
        "admin.report_rules.delete",
        "Mark a report rule deleted",
    )
    .admin_answer::<admin::Deleted>()
    .add();
    doc.operation(
        "get",
        &format!("{rule}/views"),
        "admin.report_rules.views",
        "Whose board view of a rule was removed",
    )
    .admin_answer::<admin::RuleViews>()
    .add();
    doc.operation(
        "get",
        &format!("{tenant}/reports"),
        "admin.reports.list",
        "A page of a tenant's reports, newest first",
    )
    .paged::<admin::Report>()
    .add();
    doc.operation(
        "post",
        &format!("{tenant}/reports"),
        "admin.reports.submit",
        "Submit a report",
    )
    .fixture_body::<ReportDoc>()
    .admin_answer::<admin::ReportSubmitted>()
    .add();
    doc.operation(
        "delete",
        &format!("{tenant}/reports/{{task_id}}"),
        "admin.reports.delete",
        "Delete a report",
    )
    .admin_answer::<admin::Deleted>()
    .add();

    doc.operation(
        "get",
        &format!("{tenant}/workspace/tasklists/{{userid}}"),
        "admin.workspace.tasklist",
        "Which workspace tasks show in a user's task list",
    )
    .admin_answer::<admin::Tasklist>()
    .add();
    doc.operation(
        "get",
        &format!("{tenant}/workspace_tasks"),
        "admin.workspace_tasks.list",
        "A page of a tenant's DingTalk workspace tasks",
    )
    .paged::<ding::Task>()
    .add();
}

/// The document under construction: its paths, and the schemas of request bodies (read as the
/// server deserialises them) and of answers (as it serialises them).
struct Document {
    requests: SchemaGenerator,
    answers: SchemaGenerator,
    paths: Map<String, Value>,
}

impl Document {
    fn new() -> Self {
        let settings = SchemaSettings::draft2020_12().with(|settings| {
            settings.definitions_path = "/components/schemas".into();
            settings.meta_schema = None;
        });
        Self {
            requests: settings.clone().for_deserialize().into_generator(),
            answers: settings.for_serialize().into_generator(),
            paths: Map::new(),
        }
    }

    /// `T` as a request reads it (a `$ref` to `components.schemas`, or inline for a scalar).
    fn request<T: JsonSchema>(&mut self) -> Value {
        self.requests.subschema_for::<T>().to_value()
    }

    /// `T` as an answer writes it.
    fn answer<T: JsonSchema>(&mut self) -> Value {
        self.answers.subschema_for::<T>().to_value()
    }

    fn operation<'d>(
        &'d mut self,
        method: &'static str,
        path: &str,
        id: &str,
        summary: &str,
    ) -> Operation<'d> {
        let mut fields = Map::new();
        fields.insert("operationId".into(), id.into());
        fields.insert("summary".into(), summary.into());
        fields.insert("tags".into(), json!([tag_of(path)]));
        let path_parameters: Vec<Value> = path
            .split('/')
            .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
            .map(|name| {
                json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}})
            })
            .collect();
        fields.insert("parameters".into(), Value::Array(path_parameters));
        fields.insert("responses".into(), Value::Object(Map::new()));
        Operation {
            doc: self,
            method,
            path: path.to_owned(),
            fields,
        }
    }

    /// The finished document. Panics when a schema has two shapes under one name (a type read
    /// one way and written another), which the tests would show at once.
    fn finish(mut self) -> Value {
        let mut schemas = self.answers.take_definitions(true);
        for (name, schema) in self.requests.take_definitions(true) {
            match schemas.get(&name) {
                Some(written) if *written != schema => panic!(
                    "{name} is read and written in different shapes: give one of them its own \
                     schema name"
                ),
                _ => {
                    schemas.insert(name, schema);
                }
            }
        }
        schemas.insert("FeishuError".into(), feishu_error_envelope(&mut self));
        schemas.insert("DingTalkError".into(), dingtalk_error_envelope());
        let admin_error = self
            .answers
            .subschema_for::<admin::AdminErrorBody>()
            .to_value();
        schemas.extend(self.answers.take_definitions(true));
        json!({
            "openapi": "3.1.1",
            "info": {
                "title": "openwork",
                "version": env!("CARGO_PKG_VERSION"),
                "description": "The Feishu/Lark and DingTalk open APIs as openwork serves them, \
                    and openwork's admin API (docs/admin-api.md). Vendor operations are named \
                    as the vendors name them; their answers are the vendors' envelopes.",
                "license": {"name": "Apache-2.0", "identifier": "Apache-2.0"}
            },
            "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
            "tags": [
                {"name": "feishu auth", "description": "App and tenant access tokens (`auth/v3`)."},
                {"name": "feishu authen", "description": "User access tokens (`authen/v1`)."},
                {"name": "feishu contact", "description": "Batch imports (`contact/v2`)."},
                {"name": "feishu performance", "description": "绩效 (`performance/v1`, `v2`)."},
                {"name": "feishu report", "description": "汇报 (`report/v1`)."},
                {"name": "feishu long connection", "description": "Events over the SDKs' WebSocket."},
                {"name": "dingtalk", "description": "The DingTalk gateway: `/gettoken`, `topapi`."},
                {"name": "admin", "description": "openwork's admin API (`/_openwork/v1`)."}
            ],
            "paths": self.paths,
            "components": {
                "schemas": schemas,
                "responses": {
                    "AdminError": {
                        "description": "An admin error: `code` says which (`bad_request`, \
                            `invalid_fixture`, `not_found`, `unauthorized`, `internal`).",
                        "content": {"application/json": {"schema": admin_error}}
                    }
                },
                "securitySchemes": {
                    TENANT_TOKEN: {
                        "type": "http",
                        "scheme": "bearer",
                        "description": "A tenant access token (`t-…`) from \
                            `auth/v3/tenant_access_token/internal`; for a self-built app the app \
                            access token is the same string."
                    },
                    USER_TOKEN: {
                        "type": "http",
                        "scheme": "bearer",
                        "description": "A user access token (`u-…`) from \
                            `authen/v1/oidc/access_token`, or minted by the admin API."
                    },
                    DINGTALK_TOKEN: {
                        "type": "apiKey",
                        "in": "query",
                        "name": "access_token",
                        "description": "A DingTalk access token from `/gettoken`; a form body may \
                            carry it too. The app's `permissions` (fixture) say which calls it \
                            may make."
                    },
                    ADMIN_TOKEN: {
                        "type": "http",
                        "scheme": "bearer",
                        "description": "The admin token `openwork serve` prints at start \
                            (or its `--admin-token`)."
                    }
                }
            },
            "security": [{ADMIN_TOKEN: []}]
        })
    }
}

/// The tag of an operation, by the API its path belongs to.
fn tag_of(path: &str) -> String {
    if let Some(rest) = path.strip_prefix("/open-apis/") {
        let service = rest.split('/').next().unwrap_or_default();
        format!("feishu {service}")
    } else if path.starts_with("/_openwork/") {
        "admin".to_owned()
    } else if path == long_connection_routes::ENDPOINT_PATH
        || path == long_connection_routes::CONNECT_PATH
    {
        "feishu long connection".to_owned()
    } else {
        "dingtalk".to_owned()
    }
}

fn feishu_error_envelope(doc: &mut Document) -> Value {
    json!({
        "type": "object",
        "description": "A refused Feishu call: the vendor's `code` (never 0) and `msg`, with the \
            HTTP status the vendor answers for that code; `error.log_id` equals the `X-Tt-Logid` \
            header.",
        "required": ["code", "msg"],
        "properties": {
            "code": {"type": "integer"},
            "msg": {"type": "string"},
            "error": doc.answer::<feishu::ErrorDetail>()
        }
    })
}

fn dingtalk_error_envelope() -> Value {
    json!({
        "type": "object",
        "description": "A refused DingTalk call (HTTP 200): `errcode` never 0; wrapped errors add \
            `sub_code` and `sub_msg`.",
        "required": ["errcode", "errmsg"],
        "properties": {
            "errcode": {"type": "integer"},
            "errmsg": {"type": "string"},
            "sub_code": {"type": "string"},
            "sub_msg": {"type": "string"},
            "request_id": {"type": "string"}
        }
    })
}

/// One operation being described; [`Operation::add`] puts it in the document.
struct Operation<'d> {
    doc: &'d mut Document,
    method: &'static str,
    path: String,
    fields: Map<String, Value>,
}

impl Operation<'_> {
    fn describe(mut self, text: &str) -> Self {
        self.fields.insert("description".into(), text.into());
        self
    }

    /// Needs no token.
    fn public(mut self) -> Self {
        self.fields.insert("security".into(), json!([]));
        self
    }

    fn parameter(mut self, parameter: Value) -> Self {
        self.parameters().push(parameter);
        self
    }

    fn parameters(&mut self) -> &mut Vec<Value> {
        match self.fields.get_mut("parameters") {
            Some(Value::Array(parameters)) => parameters,
            _ => unreachable!("every operation starts with its parameters"),
        }
    }

    /// `T`'s fields as query parameters.
    fn query<T: JsonSchema>(self) -> Self {
        let schema = SchemaSettings::draft2020_12()
            .with(|settings| settings.inline_subschemas = true)
            .for_deserialize()
            .into_generator()
            .into_root_schema_for::<T>()
            .to_value();
        self.query_of(&schema)
    }

    /// An object schema's properties as query parameters (a `$ref` is looked up first).
    fn query_of(mut self, schema: &Value) -> Self {
        let schema = self.resolve(schema);
        let required: Vec<&str> = schema["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let mut parameters = Vec::new();
        for (name, property) in schema["properties"].as_object().into_iter().flatten() {
            let mut property = property.clone();
            let description = property
                .as_object_mut()
                .and_then(|property| property.remove("description"));
            let mut parameter = json!({
                "name": name,
                "in": "query",
                "required": required.contains(&name.as_str()),
            });
            // A query cannot say null: it leaves the parameter out.
            let property = not_null(property);
            if is_structured(&property) {
                // VENDOR: an object parameter in the query is its JSON text.
                parameter["content"] = json!({"application/json": {"schema": property}});
            } else {
                parameter["schema"] = property;
            }
            if let Some(description) = description {
                parameter["description"] = description;
            }
            parameters.push(parameter);
        }
        self.parameters().extend(parameters);
        self
    }

    /// A schema, or the one its `$ref` names.
    fn resolve(&self, schema: &Value) -> Value {
        let Some(name) = schema["$ref"]
            .as_str()
            .and_then(|reference| reference.strip_prefix("#/components/schemas/"))
        else {
            return schema.clone();
        };
        let definitions = [
            self.doc.requests.definitions(),
            self.doc.answers.definitions(),
        ];
        definitions
            .into_iter()
            .find_map(|definitions| definitions.get(name))
            .cloned()
            .unwrap_or_else(|| panic!("{name} was generated before it is looked up"))
    }

    fn body(mut self, content_types: &[&str], schema: &Value) -> Self {
        let content: Map<String, Value> = content_types
            .iter()
            .map(|&content_type| (content_type.to_owned(), json!({"schema": schema})))
            .collect();
        self.fields.insert(
            "requestBody".into(),
            json!({"required": true, "content": content}),
        );
        self
    }

    fn json_body<T: JsonSchema>(self) -> Self {
        let schema = self.doc.request::<T>();
        self.body(&["application/json"], &schema)
    }

    /// A body in the fixture vocabulary (YAML or JSON), refused with `invalid_fixture` and the
    /// offending value's path when it does not fit.
    fn fixture_body<T: JsonSchema>(self) -> Self {
        let schema = self.doc.request::<T>();
        self.body(FIXTURE_CONTENT, &schema)
    }

    fn answer(self, status: &str, description: &str, schema: &Value) -> Self {
        self.answer_as(status, description, &["application/json"], schema)
    }

    /// An answer that may come in several content types, each with the same schema.
    fn answer_as(
        mut self,
        status: &str,
        description: &str,
        content_types: &[&str],
        schema: &Value,
    ) -> Self {
        let content: Map<String, Value> = content_types
            .iter()
            .map(|&content_type| (content_type.to_owned(), json!({"schema": schema})))
            .collect();
        self.fields["responses"][status] = json!({
            "description": description,
            "content": content
        });
        self
    }

    /// An answer whose body is plain text (a WebSocket handshake's).
    fn text(mut self, status: &str, description: &str) -> Self {
        self.fields["responses"][status] = json!({
            "description": description,
            "content": {"text/plain": {"schema": {"type": "string"}}}
        });
        self
    }

    fn html(mut self, status: &str, description: &str) -> Self {
        self.fields["responses"][status] = json!({
            "description": description,
            "content": {"text/html": {"schema": {"type": "string"}}}
        });
        self
    }

    /// A Feishu operation guarded by `endpoint`: its token kinds and scopes as security
    /// requirements (any one requirement suffices, as any one scope does), its rate limit, and
    /// the error envelope.
    fn feishu(mut self, endpoint: &Endpoint) -> Self {
        let schemes = endpoint.tokens.iter().map(|kind| match kind {
            TokenKind::Tenant => TENANT_TOKEN,
            TokenKind::User => USER_TOKEN,
            TokenKind::DingTalk => unreachable!("no Feishu endpoint takes a DingTalk token"),
        });
        let requirements: Vec<Value> = schemes
            .flat_map(|scheme| {
                let scopes: Vec<Vec<&str>> = if endpoint.scopes.is_empty() {
                    vec![vec![]]
                } else {
                    endpoint.scopes.iter().map(|scope| vec![*scope]).collect()
                };
                scopes
                    .into_iter()
                    .map(move |scopes| json!({scheme: scopes}))
            })
            .collect();
        self.fields.insert("security".into(), requirements.into());
        self.fields
            .insert("x-openwork-scopes".into(), json!(endpoint.scopes));
        if let Some(limit) = endpoint.rate_limit {
            self.fields
                .insert("x-openwork-rate-limit".into(), rate_limit(limit));
        }
        self.feishu_error()
    }

    fn feishu_error(mut self) -> Self {
        self.fields["responses"]["default"] = json!({
            "description": "The vendor's error envelope, with the HTTP status the vendor gives \
                its code.",
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/FeishuError"}}
            }
        });
        self
    }

    /// Answers `{"code": 0, "msg": "success", "data": T}`.
    fn data<T: JsonSchema>(self) -> Self {
        let data = self.doc.answer::<T>();
        let envelope = success_envelope(data, Map::new());
        self.answer(
            "200",
            "Success: `code` 0 and the answer in `data`.",
            &envelope,
        )
    }

    /// Answers like [`Operation::data`], or an OAuth error (`code` 200xx), which VENDOR: the
    /// vendor answers with HTTP 200 too (docs/compat.md, "OAuth").
    fn data_or_oauth_error<T: JsonSchema>(self) -> Self {
        let data = self.doc.answer::<T>();
        let envelope = success_envelope(data, Map::new());
        let error = json!({"$ref": "#/components/schemas/FeishuError"});
        self.answer(
            "200",
            "Success (`code` 0 and the answer in `data`), or an OAuth error (`code` 200xx).",
            &json!({"anyOf": [envelope, error]}),
        )
    }

    /// Answers like [`Operation::data`], with `has_more` and `page_token` also beside `data`.
    fn paged_data<T: JsonSchema>(self) -> Self {
        let data = self.doc.answer::<T>();
        let mut beside = Map::new();
        beside.insert("has_more".into(), json!({"type": "boolean"}));
        beside.insert("page_token".into(), json!({"type": "string"}));
        let envelope = success_envelope(data, beside);
        self.answer(
            "200",
            "Success; VENDOR: `has_more` and `page_token` are written in `data` and beside it.",
            &envelope,
        )
    }

    /// A topapi call: the DingTalk token, the gateway's rate limit.
    fn topapi(mut self) -> Self {
        self.fields
            .insert("security".into(), json!([{DINGTALK_TOKEN: []}]));
        self.fields
            .insert("x-openwork-rate-limit".into(), rate_limit(TOPAPI_LIMIT));
        self.fields.insert(
            "description".into(),
            "Parameters may come as a JSON object, a form, or the query string, merged; object \
             parameters may be sent as JSON text and numbers as strings."
                .into(),
        );
        self
    }

    /// Answers the topapi envelope, with `result` when the call has one; errors are HTTP 200
    /// too.
    fn top_answer(self, result: Option<&Value>) -> Self {
        let mut properties = json!({
            "errcode": {"const": 0},
            "errmsg": {"type": "string"},
            "request_id": {"type": "string"}
        });
        let mut required = vec!["errcode", "errmsg", "request_id"];
        if let Some(result) = result {
            properties["result"] = result.clone();
            required.push("result");
        }
        let success = json!({"type": "object", "required": required, "properties": properties});
        self.answer(
            "200",
            "Success (`errcode` 0), or the gateway's error envelope.",
            &json!({"oneOf": [success, {"$ref": "#/components/schemas/DingTalkError"}]}),
        )
    }

    /// An admin answer: `T` on success, the admin error envelope otherwise.
    fn admin_answer<T: JsonSchema>(self) -> Self {
        let schema = self.doc.answer::<T>();
        self.answer("200", "Success.", &schema)
    }

    /// A page of a list: `?limit&after`, answering `{items, next}`.
    fn paged<T: JsonSchema>(self) -> Self {
        self.query::<admin::PageQuery>()
            .admin_answer::<admin::ListPage<T>>()
    }

    /// `101`: the connection becomes a WebSocket.
    fn switching_protocols(mut self) -> Self {
        self.fields["responses"]["101"] =
            json!({"description": "Switching to the WebSocket protocol; no body."});
        self
    }

    fn no_content(mut self) -> Self {
        self.fields["responses"]["204"] = json!({"description": "Done; no body."});
        self
    }

    /// Adds the operation, with the admin errors an admin call can answer. Panics when the
    /// path already has this method (the tests build the document).
    fn add(mut self) {
        if self.path.starts_with("/_openwork/") {
            self.add_admin_errors();
        }
        let methods = self
            .doc
            .paths
            .entry(self.path.clone())
            .or_insert_with(|| json!({}));
        assert!(
            methods.get(self.method).is_none(),
            "{} {} is described twice",
            self.method,
            self.path
        );
        methods[self.method] = Value::Object(self.fields);
    }

    fn add_admin_errors(&mut self) {
        let public = self.fields.get("security") == Some(&json!([]));
        let takes_input = self.fields.contains_key("requestBody")
            || self.fields["parameters"]
                .as_array()
                .is_some_and(|parameters| parameters.iter().any(|p| p["in"] == "query"));
        let names_something = self.path.contains('{');
        let errors = [
            ("400", takes_input),
            ("401", !public),
            ("404", names_something),
            ("500", !public),
        ];
        for (status, applies) in errors {
            if applies {
                self.fields["responses"][status] =
                    json!({"$ref": "#/components/responses/AdminError"});
            }
        }
    }
}

/// Whether a parameter's value is an object (or a named schema), sent as JSON text.
fn is_structured(schema: &Value) -> bool {
    schema.get("$ref").is_some() || schema["type"] == "object"
}

/// A schema without its `null` alternative (`["string", "null"]`, `anyOf: [X, null]`).
fn not_null(mut schema: Value) -> Value {
    let null = json!({"type": "null"});
    if let Some([first, second]) = schema["anyOf"].as_array().map(Vec::as_slice) {
        if *second == null {
            return first.clone();
        }
        if *first == null {
            return second.clone();
        }
    }
    if let Some(types) = schema["type"].as_array() {
        let types: Vec<Value> = types.iter().filter(|t| *t != "null").cloned().collect();
        schema["type"] = match types.as_slice() {
            [one] => one.clone(),
            _ => Value::Array(types),
        };
    }
    schema
}

fn success_envelope(data: Value, beside: Map<String, Value>) -> Value {
    let mut properties = json!({
        "code": {"const": 0},
        "msg": {"type": "string"},
        "data": data
    });
    properties
        .as_object_mut()
        .expect("an object")
        .extend(beside);
    json!({"type": "object", "required": ["code", "msg", "data"], "properties": properties})
}

fn rate_limit(limit: RateLimit) -> Value {
    json!({"max": limit.max, "window_seconds": limit.window.as_secs()})
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeSet, HashSet};

    use serde_json::Value;

    use super::document;
    use crate::events::long_connection::{LongConnectionSettings, LongConnections};
    use crate::services::Services;
    use crate::state::AppState;

    const METHODS: &[&str] = &[
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];

    /// Every (method, path) the document describes.
    fn documented() -> BTreeSet<(String, String)> {
        let paths = document()["paths"].as_object().expect("paths");
        paths
            .iter()
            .flat_map(|(path, item)| {
                let methods = item.as_object().expect("a path item");
                methods
                    .keys()
                    .filter(|method| METHODS.contains(&method.as_str()))
                    .map(move |method| (method.clone(), path.clone()))
            })
            .collect()
    }

    /// Every operation of the document.
    fn operations() -> impl Iterator<Item = (String, String, &'static Value)> {
        let paths = document()["paths"].as_object().expect("paths");
        paths.iter().flat_map(|(path, item)| {
            item.as_object()
                .expect("a path item")
                .iter()
                .filter(|(method, _)| METHODS.contains(&method.as_str()))
                .map(move |(method, operation)| (method.clone(), path.clone(), operation))
        })
    }

    async fn state() -> AppState {
        let services = Services::open("sqlite::memory:")
            .await
            .expect("an in-memory database opens");
        AppState::for_tests(
            services,
            LongConnections::new(LongConnectionSettings::default()),
        )
    }

    /// The route tables record every (method, path) as they mount it; the document must
    /// describe exactly those, and none of the routes mounted on purpose outside it.
    #[tokio::test]
    async fn the_document_describes_exactly_the_mounted_routes() {
        let routes = crate::routes(&state().await);
        let mounted: BTreeSet<(String, String)> = routes
            .mounted()
            .iter()
            .map(|route| (route.method.to_owned(), route.path.clone()))
            .collect();
        let documented = documented();
        let undocumented: Vec<_> = mounted.difference(&documented).collect();
        let unserved: Vec<_> = documented.difference(&mounted).collect();
        assert!(
            undocumented.is_empty() && unserved.is_empty(),
            "the OpenAPI document (admin/openapi.rs) and the routes mounted differ.\n\
             Served but not documented (describe them): {undocumented:?}\n\
             Documented but not served (mount them, or remove them): {unserved:?}"
        );
        let paths = document()["paths"].as_object().expect("paths");
        for unlisted in routes.unlisted_routes() {
            assert!(
                !paths.contains_key(&unlisted.path),
                "{} is mounted outside the document ({}) but the document describes it",
                unlisted.path,
                unlisted.why
            );
        }
    }

    /// Each Feishu endpoint is an operation of its name, so its tokens and scopes are in the
    /// document.
    #[test]
    fn every_feishu_endpoint_is_an_operation() {
        let ids: HashSet<&str> = operations()
            .filter_map(|(_, _, operation)| operation["operationId"].as_str())
            .collect();
        for endpoint in crate::feishu::endpoints() {
            assert!(
                ids.contains(endpoint.name),
                "the OpenAPI document has no operation {}",
                endpoint.name
            );
        }
    }

    /// What a `$ref` points at, by its JSON pointer within the document.
    fn resolve(reference: &str) -> Option<&'static Value> {
        let pointer = reference.strip_prefix('#')?;
        document().pointer(pointer)
    }

    fn collect_refs<'v>(value: &'v Value, refs: &mut Vec<&'v str>) {
        match value {
            Value::Object(object) => {
                if let Some(Value::String(reference)) = object.get("$ref") {
                    refs.push(reference);
                }
                object.values().for_each(|v| collect_refs(v, refs));
            }
            Value::Array(items) => items.iter().for_each(|v| collect_refs(v, refs)),
            _ => {}
        }
    }

    /// The structure OpenAPI 3.1 requires: its required fields, unique operation IDs, path
    /// parameters declared, security schemes that exist, responses with descriptions, and
    /// every `$ref` pointing at something in the document.
    #[test]
    fn the_document_is_well_formed_openapi_3_1() {
        let doc = document();
        assert!(
            doc["openapi"]
                .as_str()
                .is_some_and(|v| v.starts_with("3.1."))
        );
        assert!(doc["info"]["title"].is_string() && doc["info"]["version"].is_string());
        let schemes = doc["components"]["securitySchemes"]
            .as_object()
            .expect("security schemes");
        let name_pattern = |name: &str| {
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        };
        for component in ["schemas", "responses", "securitySchemes"] {
            for name in doc["components"][component]
                .as_object()
                .expect(component)
                .keys()
            {
                assert!(name_pattern(name), "component name {name:?} is not allowed");
            }
        }

        let mut ids = HashSet::new();
        for (method, path, operation) in operations() {
            let at = format!("{method} {path}");
            assert!(path.starts_with('/'), "{at}: a path starts with /");
            let id = operation["operationId"].as_str().expect(&at);
            assert!(ids.insert(id.to_owned()), "operationId {id} is used twice");
            assert!(operation["summary"].is_string(), "{at}: no summary");

            let parameters = operation["parameters"].as_array().expect(&at);
            let mut seen = HashSet::new();
            for parameter in parameters {
                let key = (parameter["name"].as_str(), parameter["in"].as_str());
                assert!(key.0.is_some() && key.1.is_some(), "{at}: {parameter}");
                assert!(seen.insert(key), "{at}: parameter {key:?} twice");
                assert!(
                    parameter.get("schema").is_some() != parameter.get("content").is_some(),
                    "{at}: a parameter has a schema or a content, not both"
                );
            }
            for name in path
                .split('/')
                .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
            {
                assert!(
                    parameters
                        .iter()
                        .any(|p| p["name"] == name && p["in"] == "path" && p["required"] == true),
                    "{at}: path parameter {name} is not declared"
                );
            }

            let security = operation.get("security").unwrap_or(&doc["security"]);
            for requirement in security.as_array().expect(&at) {
                for scheme in requirement.as_object().expect(&at).keys() {
                    assert!(
                        schemes.contains_key(scheme),
                        "{at}: unknown scheme {scheme}"
                    );
                }
            }

            let responses = operation["responses"].as_object().expect(&at);
            assert!(!responses.is_empty(), "{at}: no responses");
            for (status, response) in responses {
                assert!(
                    status == "default"
                        || (status.len() == 3 && status.chars().all(|c| c.is_ascii_digit())),
                    "{at}: status {status}"
                );
                assert!(
                    response["description"].is_string() || response["$ref"].is_string(),
                    "{at} {status}: a response needs a description"
                );
            }
        }

        let mut refs = Vec::new();
        collect_refs(doc, &mut refs);
        assert!(!refs.is_empty());
        for reference in refs {
            assert!(
                resolve(reference).is_some(),
                "$ref {reference} points at nothing in the document"
            );
        }
    }
}
