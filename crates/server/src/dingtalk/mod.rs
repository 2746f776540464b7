//! The DingTalk legacy gateway: `/gettoken` and `/topapi/...` (one route table per service).

pub mod envelope;
mod params;
mod workspace;

use axum::Extension;
use axum::extract::{FromRequest, Request, State};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use http::Uri;
use openwork_platform::Error as PlatformError;
use openwork_platform::access::Access;
use openwork_platform::error::{GatewayError, excerpt};
use openwork_wire::dingtalk::TokenResponse;
use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::journal;
use crate::journal::faults::Vendor;
use crate::middleware::body_limit::{self, Unreadable};
use crate::middleware::rate_limit::RateLimit;
use crate::routes::{Routes, Served, get};
use crate::state::AppState;
use envelope::{TokenError, TopError, token_response};
use params::Params;

/// VENDOR: 40 calls a second per app per API (errcode 88, sub_code 90018 beyond).
pub(crate) const TOPAPI_LIMIT: RateLimit = RateLimit::per_second(40);

/// A topapi operation, by its API name (`dingtalk.oapi.workspace.task.create`).
#[derive(Clone, Copy, Debug)]
pub struct Api(pub &'static str);

/// Serves `route` as the topapi operation `api`: its calls are checked (token → permission →
/// rate limit) and decoded by [`TopCall`].
pub fn topapi(api: &'static str, route: Served) -> Served {
    route.layered(|route| route.route_layer(Extension(Api(api))))
}

/// VENDOR: `dingtalk.oapi.a.b.c` is served at `/topapi/a/b/c`.
pub(crate) fn api_path(api: &str) -> String {
    format!(
        "/topapi/{}",
        api.trim_start_matches("dingtalk.oapi.").replace('.', "/")
    )
}

/// A checked, decoded topapi call: the caller, and the parameters as the API's request type
/// (`wire::dingtalk::…`). Parameters are decoded after the caller is checked, as the gateway
/// does: a call without a valid token learns nothing about its arguments.
pub struct TopCall<T> {
    pub access: Access,
    pub request: T,
}

impl<T: DeserializeOwned> FromRequest<AppState> for TopCall<T> {
    type Rejection = TopError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, TopError> {
        let api = request
            .extensions()
            .get::<Api>()
            .copied()
            .expect("topapi routes carry their API name");
        journal::note_operation(api.0);
        let query = request.uri().query().map(str::to_owned);
        let content_type = request
            .headers()
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = body_limit::read(request)
            .await
            .map_err(|Unreadable(why)| GatewayError::invalid("body", why))?;
        let params = Params::decode(query.as_deref(), content_type.as_deref(), &body);
        // VENDOR: the token is read from the query or a form body, never from a header; a call
        // without one is "blank" whatever else is wrong with it.
        let from_query = Params::decode(query.as_deref(), None, b"")
            .ok()
            .and_then(|q| q.text("access_token"));
        let token = from_query
            .or_else(|| params.as_ref().ok().and_then(|p| p.text("access_token")))
            .ok_or(PlatformError::MissingToken)?;
        let principal = state
            .services
            .platform
            .authenticate_dingtalk(&token)
            .await?;
        journal::note_principal(&principal);
        let access = principal.authorize_dingtalk(api.0)?;
        let (tenant, app) = (access.tenant_key().as_str(), access.app().app_id.as_str());
        state
            .limiter
            .check(tenant, app, api.0, TOPAPI_LIMIT)
            .await?;
        if let Some(answer) = state
            .faults
            .inject(Vendor::DingTalk, api.0, tenant, app)
            .await
        {
            return Err(TopError::injected(answer));
        }
        Ok(Self {
            access,
            request: params?.parse()?,
        })
    }
}

pub fn router() -> Routes {
    Routes::new()
        .route("/gettoken", get(gettoken))
        .merge(workspace::routes())
        // Checked before the token, as the gateway does.
        .unlisted(
            "/topapi/{*api}",
            any(unknown_api),
            "every other topapi call: answered errcode 22 (no such API), as the gateway does",
        )
}

/// `/topapi/a/b/c` → errcode 22 naming `dingtalk.oapi.a.b.c` (the path as sent, so that one
/// that is not UTF-8 once decoded is still named).
async fn unknown_api(uri: Uri) -> TopError {
    let api = uri.path().trim_start_matches("/topapi");
    let name = format!("dingtalk.oapi.{}", api.trim_matches('/').replace('/', "."));
    GatewayError::UnknownApi(excerpt(&name).into_owned()).into()
}

/// `/gettoken`'s query: `appkey` and `appsecret`, or the legacy `corpid` and `corpsecret`.
#[derive(Deserialize, JsonSchema)]
pub(crate) struct TokenQuery {
    pub appkey: Option<String>,
    pub appsecret: Option<String>,
    pub corpid: Option<String>,
    pub corpsecret: Option<String>,
}

/// `GET /gettoken`: by `appkey`+`appsecret`, or the legacy `corpid`+`corpsecret`. Its query is
/// read like every topapi call's: a repeated parameter's last value counts (the gateway never
/// refuses one with anything but an `errcode`).
async fn gettoken(State(state): State<AppState>, uri: Uri) -> Response {
    journal::note_operation("dingtalk.gettoken");
    let query = match Params::decode(uri.query(), None, b"").and_then(Params::parse::<TokenQuery>) {
        Ok(query) => query,
        Err(err) => return TokenError(err.into()).into_response(),
    };
    match state
        .services
        .platform
        .issue_dingtalk_token(
            query.appkey.as_deref(),
            query.appsecret.as_deref(),
            query.corpid.as_deref(),
            query.corpsecret.as_deref(),
        )
        .await
    {
        Ok(issued) => token_response(&TokenResponse {
            errcode: 0,
            access_token: Some(issued.token),
            errmsg: "ok".into(),
            expires_in: Some(issued.expires_in),
        }),
        Err(err) => TokenError(err.into()).into_response(),
    }
}
