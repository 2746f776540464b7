//! `auth/v3`: tenant and app access tokens of self-built apps.

use crate::journal;
use crate::middleware::body_limit::{self, Unreadable};
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;
use http::StatusCode;
use openwork_platform::Error;
use openwork_wire::feishu::auth::{
    AppAccessTokenResponse, InternalTokenRequest, TenantAccessTokenResponse,
};

use super::envelope::{FeishuError, json_response};
use super::extract::decode_json;
use crate::routes::{Routes, post};
use crate::state::AppState;

pub fn routes() -> Routes {
    // VENDOR: the trailing-slash spelling is accepted too.
    Routes::new()
        .route(
            "/open-apis/auth/v3/tenant_access_token/internal",
            post(tenant_access_token).layered(token_body),
        )
        .route(
            "/open-apis/auth/v3/tenant_access_token/internal/",
            post(tenant_access_token).layered(token_body),
        )
        .route(
            "/open-apis/auth/v3/app_access_token/internal",
            post(app_access_token).layered(token_body),
        )
        .route(
            "/open-apis/auth/v3/app_access_token/internal/",
            post(app_access_token).layered(token_body),
        )
}

/// The token calls take a few credentials, and are read before anyone is authenticated.
fn token_body(route: MethodRouter<AppState>) -> MethodRouter<AppState> {
    body_limit::on_route(route, body_limit::TOKEN_BODY_BYTES)
}

/// Reads the credentials; any malformed body, or one too large to read, is the vendor's
/// "invalid param" (10003).
async fn credentials(request: Request) -> Result<(String, String), Error> {
    let body = body_limit::read(request).await.map_err(|Unreadable(why)| {
        journal::explain(why);
        Error::InvalidCredentials
    })?;
    let request: InternalTokenRequest =
        decode_json(&body).map_err(|_| Error::InvalidCredentials)?;
    if let Some(app_id) = &request.app_id {
        journal::note_app(app_id);
    }
    match (request.app_id, request.app_secret) {
        (Some(id), Some(secret)) => Ok((id, secret)),
        _ => Err(Error::InvalidCredentials),
    }
}

/// `POST /open-apis/auth/v3/tenant_access_token/internal` (auth.v3.tenant_access_token.internal).
async fn tenant_access_token(
    State(state): State<AppState>,
    request: Request,
) -> Result<Response, FeishuError> {
    journal::note_operation("auth.v3.tenant_access_token.internal");
    let (app_id, app_secret) = credentials(request).await?;
    let issued = state
        .services
        .platform
        .issue_tenant_token(&app_id, &app_secret)
        .await?;
    let body = TenantAccessTokenResponse {
        code: 0,
        msg: "ok".into(),
        tenant_access_token: Some(issued.token),
        expire: Some(issued.expires_in),
    };
    Ok(json_response(StatusCode::OK, &body).into_response())
}

/// `POST /open-apis/auth/v3/app_access_token/internal` (auth.v3.app_access_token.internal).
async fn app_access_token(
    State(state): State<AppState>,
    request: Request,
) -> Result<Response, FeishuError> {
    journal::note_operation("auth.v3.app_access_token.internal");
    let (app_id, app_secret) = credentials(request).await?;
    let issued = state
        .services
        .platform
        .issue_tenant_token(&app_id, &app_secret)
        .await?;
    let body = AppAccessTokenResponse {
        code: 0,
        msg: "ok".into(),
        app_access_token: Some(issued.token.clone()),
        expire: Some(issued.expires_in),
        tenant_access_token: Some(issued.token),
    };
    Ok(json_response(StatusCode::OK, &body).into_response())
}
