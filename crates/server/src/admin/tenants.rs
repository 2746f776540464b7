//! Admin API: fixtures, tenants, clocks, ID lookup, user tokens, health.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post, put};
use http::StatusCode;
use openwork_platform::Error;
use openwork_platform::clock::Millis;
use openwork_platform::ids::{AppId, TenantKey, UserId};
use openwork_platform::service::ClockChange;
use openwork_wire::admin::{
    ClockNow, Deleted, FixtureLoaded, Health, ResetDone, UserIds, UserToken, UserTokenRequest,
};
use serde::Deserialize;

use super::{AdminAuth, AdminResult, body_text, ok, parse_json};
use crate::feishu::envelope::json_response;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/_openwork/v1/healthz", get(healthz))
        .route("/_openwork/v1/fixtures", post(load_fixture))
        .route("/_openwork/v1/reset", post(reset))
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
}

/// `GET /_openwork/v1/healthz`: ok once the database answers.
async fn healthz(State(state): State<AppState>) -> Response {
    match state.services.db.ping().await {
        Ok(()) => json_response(
            StatusCode::OK,
            &Health {
                status: "ok".into(),
            },
        ),
        Err(err) => {
            tracing::warn!(%err, "health check failed");
            json_response(
                StatusCode::SERVICE_UNAVAILABLE,
                &Health {
                    status: "unavailable".into(),
                },
            )
        }
    }
}

/// `POST /_openwork/v1/fixtures`: a fixture in YAML or JSON.
async fn load_fixture(_: AdminAuth, State(state): State<AppState>, body: Bytes) -> AdminResult {
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

/// `POST /_openwork/v1/reset`: deletes every tenant.
async fn reset(_: AdminAuth, State(state): State<AppState>) -> AdminResult {
    let deleted_tenants = state.services.platform.reset().await?;
    ok(&ResetDone { deleted_tenants })
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
    body: Bytes,
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

#[derive(Deserialize)]
struct AppQuery {
    app_id: Option<String>,
}

/// `GET /_openwork/v1/tenants/{tenant_key}/users/{user_id}/ids?app_id=APP`.
async fn user_ids(
    _: AdminAuth,
    State(state): State<AppState>,
    Path((tenant_key, user_id)): Path<(String, String)>,
    Query(query): Query<AppQuery>,
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
    body: Bytes,
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
