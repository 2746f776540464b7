//! Admin API: fixtures, tenants, clocks, ID lookup, user tokens, health; the tenants, their
//! apps (with credentials) and their directories as a console lists them.

use axum::extract::{Path, Request, State};
use axum::response::Response;
use http::StatusCode;
use openwork_platform::Error;
use openwork_platform::clock::{Millis, TenantClock};
use openwork_platform::directory::{self, App, Department, User};
use openwork_platform::ids::{AppId, TenantKey, UserId};
use openwork_platform::service::ClockChange;
use openwork_wire::admin::{
    self as wire, AppList, ClockNow, Deleted, FixtureLoaded, Health, ResetDone, ResetQuery,
    TenantList, UserIds, UserToken, UserTokenRequest,
};
use schemars::JsonSchema;
use serde::Deserialize;

use super::{
    AdminAuth, AdminBody, AdminQuery, AdminResult, Paged, body_text, list_page, ok, parse_json,
};
use crate::feishu::envelope::json_response;
use crate::middleware::body_limit::{self, Unreadable};
use crate::routes::{Routes, get, post, put};
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::new()
        .route("/_openwork/v1/healthz", get(healthz))
        .route("/_openwork/v1/fixtures", post(load_fixture))
        .route("/_openwork/v1/reset", post(reset))
        .route("/_openwork/v1/tenants", get(list_tenants))
        .route(
            "/_openwork/v1/tenants/{tenant_key}",
            get(tenant_summary).delete(delete_tenant),
        )
        .route(
            "/_openwork/v1/tenants/{tenant_key}/clock",
            put(change_clock).get(read_clock),
        )
        .route(
            "/_openwork/v1/tenants/{tenant_key}/users/{user_id}/ids",
            get(user_ids),
        )
        .route(
            "/_openwork/v1/tenants/{tenant_key}/user_access_tokens",
            post(user_access_token),
        )
        .route("/_openwork/v1/tenants/{tenant_key}/apps", get(list_apps))
        .route("/_openwork/v1/tenants/{tenant_key}/users", get(list_users))
        .route(
            "/_openwork/v1/tenants/{tenant_key}/departments",
            get(list_departments),
        )
}

/// `GET /_openwork/v1/healthz`: ok once the database answers, and while its file is the one
/// opened. Anyone may call it, so a database's own error is only logged.
async fn healthz(State(state): State<AppState>) -> Response {
    let db = &state.services.db;
    match db.ping().await {
        Ok(()) => json_response(
            StatusCode::OK,
            &Health {
                status: "ok".into(),
                problem: None,
            },
        ),
        Err(err) => {
            tracing::warn!(%err, "health check failed");
            let problem = db.file_problem().unwrap_or_else(|| {
                "the database does not answer; the server's log says why".to_owned()
            });
            json_response(
                StatusCode::SERVICE_UNAVAILABLE,
                &Health {
                    status: "unavailable".into(),
                    problem: Some(problem),
                },
            )
        }
    }
}

/// `POST /_openwork/v1/fixtures`: a fixture in YAML or JSON, of at most `--max-fixture-size`.
async fn load_fixture(
    _: AdminAuth,
    State(state): State<AppState>,
    request: Request,
) -> AdminResult {
    let body = body_limit::read_body(request.into_body(), state.body_limits.fixture)
        .await
        .map_err(|Unreadable(why)| Error::BadRequest(why))?;
    let tenants = state.services.load_fixture(body_text(&body)?).await?;
    ok(&FixtureLoaded { tenants })
}

/// `GET /_openwork/v1/tenants/{tenant_key}`: how much the tenant holds.
async fn tenant_summary(
    _: AdminAuth,
    State(state): State<AppState>,
    Path(tenant_key): Path<String>,
) -> AdminResult {
    ok(&state
        .services
        .tenant_summary(&TenantKey::new(tenant_key))
        .await?)
}

/// `POST /_openwork/v1/reset[?demo=true]`: deletes every tenant; with `demo=true`, then loads
/// the built-in demo world, so that it comes back without a restart.
async fn reset(
    _: AdminAuth,
    State(state): State<AppState>,
    AdminQuery(query): AdminQuery<ResetQuery>,
) -> AdminResult {
    let deleted_tenants = state.services.platform.reset().await?;
    let loaded = if query.demo {
        Some(state.services.load_demo().await?)
    } else {
        None
    };
    ok(&ResetDone {
        deleted_tenants,
        loaded,
    })
}

/// `DELETE /_openwork/v1/tenants/{tenant_key}`.
async fn delete_tenant(
    _: AdminAuth,
    State(state): State<AppState>,
    Path(tenant_key): Path<String>,
) -> AdminResult {
    state
        .services
        .platform
        .delete_tenant(&TenantKey::new(tenant_key.clone()))
        .await?;
    ok(&Deleted {
        deleted: tenant_key,
    })
}

fn clock_now(tenant_key: String, now: Millis) -> ClockNow {
    ClockNow {
        tenant_key,
        now: now.to_rfc3339(),
        now_ms: now.0,
    }
}

/// `PUT /_openwork/v1/tenants/{tenant_key}/clock`.
async fn change_clock(
    _: AdminAuth,
    State(state): State<AppState>,
    Path(tenant_key): Path<String>,
    AdminBody(body): AdminBody,
) -> AdminResult {
    let request: openwork_wire::admin::ClockChange = parse_json(&body)?;
    let change = match (request.now, request.advance_seconds) {
        (Some(Some(now)), None) => {
            ClockChange::FixAt(Millis::parse_rfc3339(&now).ok_or_else(|| {
                Error::BadRequest(format!("now: {now:?} is not an RFC 3339 time"))
            })?)
        }
        (Some(None), None) => ClockChange::Real,
        (None, Some(seconds)) => ClockChange::Advance(seconds),
        _ => {
            return Err(Error::BadRequest(
                "give exactly one of `now` (RFC 3339 or null) and `advance_seconds`".into(),
            )
            .into());
        }
    };
    let now = state
        .services
        .platform
        .change_clock(&TenantKey::new(tenant_key.clone()), change)
        .await?;
    // Results the move opened are announced before the answer, not at the next tick of the
    // watch over openings: a test that moves a clock finds the events stored.
    let services = &state.services;
    services
        .performance
        .announce_opened_results(services.platform.real_now())
        .await?;
    ok(&clock_now(tenant_key, now))
}

/// `GET /_openwork/v1/tenants/{tenant_key}/clock`.
async fn read_clock(
    _: AdminAuth,
    State(state): State<AppState>,
    Path(tenant_key): Path<String>,
) -> AdminResult {
    let now = state
        .services
        .platform
        .clock_now(&TenantKey::new(tenant_key.clone()))
        .await?;
    ok(&clock_now(tenant_key, now))
}

#[derive(Deserialize, JsonSchema)]
pub(super) struct AppQuery {
    /// The app whose view of the user to answer (required).
    pub app_id: Option<String>,
}

/// `GET /_openwork/v1/tenants/{tenant_key}/users/{user_id}/ids?app_id=APP`.
async fn user_ids(
    _: AdminAuth,
    State(state): State<AppState>,
    Path((tenant_key, user_id)): Path<(String, String)>,
    AdminQuery(query): AdminQuery<AppQuery>,
) -> AdminResult {
    let app_id = query
        .app_id
        .ok_or_else(|| Error::BadRequest("the app_id query parameter is required".into()))?;
    let identity = state
        .services
        .platform
        .user_identity(
            &TenantKey::new(tenant_key),
            &UserId::new(user_id),
            &AppId::new(app_id),
        )
        .await?;
    ok(&UserIds {
        user_id: identity.user_id.to_string(),
        open_id: identity.open_id,
        union_id: identity.union_id,
    })
}

/// `POST /_openwork/v1/tenants/{tenant_key}/user_access_tokens`.
async fn user_access_token(
    _: AdminAuth,
    State(state): State<AppState>,
    Path(tenant_key): Path<String>,
    AdminBody(body): AdminBody,
) -> AdminResult {
    let request: UserTokenRequest = parse_json(&body)?;
    let issued = state
        .services
        .platform
        .mint_user_token(
            &TenantKey::new(tenant_key),
            &request.app_id,
            &request.user_id,
        )
        .await?;
    ok(&UserToken {
        access_token: issued.token,
        expires_in: issued.expires_in,
    })
}

/// `GET /_openwork/v1/tenants`: every tenant, by key, with its clock.
async fn list_tenants(_: AdminAuth, State(state): State<AppState>) -> AdminResult {
    let real_now = state.services.platform.real_now();
    let tenants = state.services.platform.tenants().await?;
    ok(&TenantList {
        tenants: tenants
            .into_iter()
            .map(|tenant| tenant_view(tenant, real_now))
            .collect(),
    })
}

fn tenant_view(tenant: directory::Tenant, real_now: Millis) -> wire::Tenant {
    // A clock nobody fixed or moved is the real time: shown as `null`.
    let now = (tenant.clock != TenantClock::default()).then(|| tenant.clock.now(real_now));
    wire::Tenant {
        tenant_key: tenant.tenant_key.0,
        name: tenant.name,
        dingtalk_corp_id: tenant.dingtalk_corp_id,
        clock: now.map(Millis::to_rfc3339),
        clock_ms: now.map(|now| now.0),
        clock_fixed: tenant.clock.fixed.is_some(),
    }
}

/// `GET /_openwork/v1/tenants/{tenant_key}/apps`: the apps with their Feishu and DingTalk
/// credentials (the admin token is what guards them).
async fn list_apps(
    _: AdminAuth,
    State(state): State<AppState>,
    Path(tenant_key): Path<String>,
) -> AdminResult {
    let tenant = TenantKey::new(tenant_key);
    let apps = state.services.platform.tenant_apps(&tenant).await?;
    ok(&AppList {
        tenant_key: tenant.0,
        apps: apps.into_iter().map(app_view).collect(),
    })
}

fn app_view(app: App) -> wire::App {
    wire::App {
        app_id: app.app_id.0,
        app_secret: app.app_secret,
        name: app.name,
        developer: app.developer,
        scopes: app.scopes,
        dingtalk: app.dingtalk.map(|dingtalk| wire::DingTalkApp {
            app_key: dingtalk.app_key,
            app_secret: dingtalk.app_secret,
            agent_id: dingtalk.agent_id,
            permissions: dingtalk.permissions,
        }),
    }
}

/// `GET /_openwork/v1/tenants/{tenant_key}/users?limit=&after=`: by `user_id`.
async fn list_users(
    _: AdminAuth,
    Paged(page): Paged,
    State(state): State<AppState>,
    Path(tenant_key): Path<String>,
) -> AdminResult {
    let users = state
        .services
        .platform
        .users_page(&TenantKey::new(tenant_key), &page)
        .await?;
    ok(&list_page(users, user_view))
}

fn user_view(user: User) -> wire::User {
    wire::User {
        user_id: user.user_id.0,
        name: user.name,
        en_name: user.en_name,
        email: user.email,
        mobile: user.mobile,
        department_ids: user.department_ids.into_iter().map(|d| d.0).collect(),
        leader_user_id: user.leader_user_id.map(|u| u.0),
        employee_no: user.employee_no,
        attributes: user.attributes,
    }
}

/// `GET /_openwork/v1/tenants/{tenant_key}/departments?limit=&after=`: by `department_id`.
async fn list_departments(
    _: AdminAuth,
    Paged(page): Paged,
    State(state): State<AppState>,
    Path(tenant_key): Path<String>,
) -> AdminResult {
    let departments = state
        .services
        .platform
        .departments_page(&TenantKey::new(tenant_key), &page)
        .await?;
    ok(&list_page(departments, department_view))
}

fn department_view(department: Department) -> wire::Department {
    wire::Department {
        department_id: department.department_id.0,
        name: department.name,
        parent_id: department.parent_id.0,
        leader_user_id: department.leader_user_id.map(|u| u.0),
        open_department_id: department.open_department_id,
        chat_id: department.chat_id,
    }
}
