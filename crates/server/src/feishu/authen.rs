//! `authen/v1`: the OAuth code flow of user access tokens, and `user_info`.

use axum::Extension;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use http::{StatusCode, header};
use openwork_platform::Error;
use openwork_platform::access::Access;
use openwork_platform::directory::User;
use openwork_platform::service::UserTokenGrant;
use openwork_wire::feishu::authen as wire;
use schemars::JsonSchema;
use serde::Deserialize;

use super::envelope::{Feishu, FeishuResult};
use super::extract::FeishuJson;
use super::{Endpoint, TENANT, USER, guarded};
use crate::middleware::log_id;
use crate::middleware::rate_limit::RateLimit;
use crate::routes::{Routes, get, post};
use crate::state::AppState;

/// VENDOR: the SDKs send an app access token (Python) or a tenant access token (Node); for a
/// self-built app both are the same `t-` token here.
static OIDC_ACCESS_TOKEN: Endpoint = Endpoint {
    name: "authen.v1.oidc_access_token.create",
    tokens: TENANT,
    scopes: &[],
    rate_limit: Some(RateLimit::per_second(50)),
};

static OIDC_REFRESH_ACCESS_TOKEN: Endpoint = Endpoint {
    name: "authen.v1.oidc_refresh_access_token.create",
    tokens: TENANT,
    scopes: &[],
    rate_limit: Some(RateLimit::per_second(50)),
};

static USER_INFO: Endpoint = Endpoint {
    name: "authen.v1.user_info.get",
    tokens: USER,
    scopes: &[],
    rate_limit: None,
};

/// How many users the authorization page offers to choose from.
const AUTHORIZE_PAGE_USERS: usize = 200;

/// This service's endpoints (for what is derived from all of them, such as the known scopes).
pub(super) static ENDPOINTS: &[&Endpoint] =
    &[&OIDC_ACCESS_TOKEN, &OIDC_REFRESH_ACCESS_TOKEN, &USER_INFO];

pub fn routes(state: &AppState) -> Routes {
    Routes::new()
        .route("/open-apis/authen/v1/authorize", get(authorize))
        .route("/open-apis/authen/v1/index", get(authorize))
        .route(
            "/open-apis/authen/v1/oidc/access_token",
            guarded(state, &OIDC_ACCESS_TOKEN, post(oidc_access_token)),
        )
        .route(
            "/open-apis/authen/v1/oidc/refresh_access_token",
            guarded(
                state,
                &OIDC_REFRESH_ACCESS_TOKEN,
                post(oidc_refresh_access_token),
            ),
        )
        .route(
            "/open-apis/authen/v1/user_info",
            guarded(state, &USER_INFO, get(user_info)),
        )
}

/// Query of the authorization page: the vendor's parameters, plus openwork's `user_id` which
/// signs that user in without the page.
#[derive(Deserialize, JsonSchema)]
pub(crate) struct AuthorizeQuery {
    /// The app (`app_id` is the older name of the same parameter).
    pub client_id: Option<String>,
    pub app_id: Option<String>,
    /// Where the page sends the browser back, with `code` and `state` added.
    pub redirect_uri: Option<String>,
    pub state: Option<String>,
    /// openwork's own: signs this user in at once instead of showing the page.
    pub user_id: Option<String>,
}

fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body><h1>{title}</h1>{body}</body></html>",
        title = escape(title)
    );
    (status, Html(html)).into_response()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn query_value(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// `redirect_uri` with `params` added to its query (before any `#fragment`, as the vendor does).
fn redirect_target(redirect_uri: &str, params: &[(&str, &str)]) -> String {
    let (base, fragment) = match redirect_uri.split_once('#') {
        Some((base, fragment)) => (base, Some(fragment)),
        None => (redirect_uri, None),
    };
    let query: Vec<String> = params
        .iter()
        .map(|(k, v)| format!("{k}={}", query_value(v)))
        .collect();
    let separator = if base.contains('?') { '&' } else { '?' };
    let mut target = format!("{base}{separator}{}", query.join("&"));
    if let Some(fragment) = fragment {
        target.push('#');
        target.push_str(fragment);
    }
    target
}

/// `GET /open-apis/authen/v1/authorize` (and the older `/open-apis/authen/v1/index`): the
/// authorization page. With `user_id` it redirects at once with a single-use `code`; without,
/// it lists the tenant's users to choose from.
async fn authorize(State(state): State<AppState>, Query(query): Query<AuthorizeQuery>) -> Response {
    let Some(app_id) = query.client_id.as_deref().or(query.app_id.as_deref()) else {
        return page(StatusCode::BAD_REQUEST, "client_id is required", "");
    };
    let Some(redirect_uri) = query.redirect_uri.as_deref().filter(|u| !u.is_empty()) else {
        return page(StatusCode::BAD_REQUEST, "redirect_uri is required", "");
    };
    if let Some(user_id) = &query.user_id {
        return match state
            .services
            .platform
            .authorize_user(app_id, user_id)
            .await
        {
            Ok(code) => {
                let mut params = vec![("code", code.as_str())];
                if let Some(state) = &query.state {
                    params.push(("state", state));
                }
                let target = redirect_target(redirect_uri, &params);
                (StatusCode::FOUND, [(header::LOCATION, target)]).into_response()
            }
            Err(err) => refusal_page(err),
        };
    }
    match state
        .services
        .platform
        .authorization_candidates(app_id, AUTHORIZE_PAGE_USERS)
        .await
    {
        Ok((app, users)) => {
            let base = format!(
                "/open-apis/authen/v1/authorize?client_id={}&redirect_uri={}{}",
                query_value(app_id),
                query_value(redirect_uri),
                query
                    .state
                    .as_deref()
                    .map(|s| format!("&state={}", query_value(s)))
                    .unwrap_or_default()
            );
            let items: String = users
                .iter()
                .map(|user: &User| {
                    format!(
                        "<li><a href=\"{}&amp;user_id={}\">{} ({})</a></li>",
                        escape(&base),
                        query_value(user.user_id.as_str()),
                        escape(&user.name),
                        escape(user.user_id.as_str())
                    )
                })
                .collect();
            page(
                StatusCode::OK,
                &format!("Sign in to {}", app.name),
                &format!(
                    "<p>Choose a user of tenant {}:</p><ul>{items}</ul>",
                    escape(app.tenant_key.as_str())
                ),
            )
        }
        Err(err) => refusal_page(err),
    }
}

/// Why the page cannot sign anyone in: an unknown app or user is said as such; a failure
/// inside openwork is logged and shown only as one.
fn refusal_page(err: Error) -> Response {
    match err {
        Error::NotFound { .. } => page(
            StatusCode::BAD_REQUEST,
            "Cannot authorize",
            &escape(&err.to_string()),
        ),
        other => {
            let log_id = log_id::current();
            tracing::error!(error = %other, %log_id, "authorization page failure");
            page(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Cannot authorize",
                "Something went wrong inside openwork; the server log says what.",
            )
        }
    }
}

fn token_data(grant: UserTokenGrant) -> wire::OidcTokenData {
    wire::OidcTokenData {
        access_token: grant.access_token.token,
        refresh_token: grant.refresh_token,
        token_type: "Bearer".into(),
        expires_in: grant.access_token.expires_in,
        refresh_expires_in: grant.refresh_expires_in,
        scope: grant.scope,
    }
}

/// `POST /open-apis/authen/v1/oidc/access_token` (authen.v1.oidc_access_token.create).
async fn oidc_access_token(
    State(state): State<AppState>,
    Extension(access): Extension<Access>,
    FeishuJson(body): FeishuJson<wire::OidcAccessTokenRequest>,
) -> FeishuResult<wire::OidcTokenData> {
    let grant = state
        .services
        .platform
        .exchange_code(&access, body.grant_type.as_deref(), body.code.as_deref())
        .await?;
    Ok(Feishu(token_data(grant)))
}

/// `POST /open-apis/authen/v1/oidc/refresh_access_token` (authen.v1.oidc_refresh_access_token.create).
async fn oidc_refresh_access_token(
    State(state): State<AppState>,
    Extension(access): Extension<Access>,
    FeishuJson(body): FeishuJson<wire::OidcRefreshAccessTokenRequest>,
) -> FeishuResult<wire::OidcTokenData> {
    let grant = state
        .services
        .platform
        .refresh_user_token(
            &access,
            body.grant_type.as_deref(),
            body.refresh_token.as_deref(),
        )
        .await?;
    Ok(Feishu(token_data(grant)))
}

/// `GET /open-apis/authen/v1/user_info` (authen.v1.user_info.get).
async fn user_info(
    State(state): State<AppState>,
    Extension(access): Extension<Access>,
) -> FeishuResult<wire::UserInfoData> {
    let info = state.services.platform.user_info(&access).await?;
    Ok(Feishu(wire::UserInfoData {
        name: info.user.name,
        en_name: info.user.en_name.unwrap_or_default(),
        avatar_url: String::new(),
        avatar_thumb: String::new(),
        avatar_middle: String::new(),
        avatar_big: String::new(),
        open_id: info.identity.open_id,
        union_id: info.identity.union_id,
        email: info.email,
        enterprise_email: None,
        user_id: info.user_id,
        mobile: info.mobile,
        tenant_key: info.tenant_key,
        employee_no: info.employee_no,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_targets_keep_query_and_fragment() {
        assert_eq!(
            redirect_target("https://a.example/cb", &[("code", "c1"), ("state", "x y")]),
            "https://a.example/cb?code=c1&state=x+y"
        );
        assert_eq!(
            redirect_target("https://a.example/cb?k=v#/login", &[("code", "c1")]),
            "https://a.example/cb?k=v&code=c1#/login"
        );
    }

    #[test]
    fn html_is_escaped() {
        assert_eq!(
            escape("<a href=\"x\">&"),
            "&lt;a href=&quot;x&quot;&gt;&amp;"
        );
    }
}
