//! A client of the Feishu / Lark open platform (the vendor's, or openwork).
//!
//! It fetches and caches the app's tenant access token (renewed 3 minutes before it expires, as
//! the official Go and Node SDKs do), retries a call refused for the rate limit after the
//! `x-ogw-ratelimit-reset` the server names, and turns every non-zero `code` into
//! [`SdkError::Feishu`].

mod authen;
mod contact;
mod performance;
mod report;

use std::time::{Duration, Instant};

use openwork_wire::feishu::Envelope;
use openwork_wire::feishu::auth::{InternalTokenRequest, TenantAccessTokenResponse};
use reqwest::{Method, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio::sync::Mutex;

use crate::SdkError;

pub use performance::{
    ActivityQuery, AdditionalInfoImport, AdditionalInfoItem, AdditionalInfoQuery, IndicatorQuery,
    MetricDetailImport, MetricDetailItem, MetricDetailQuery, MetricLibQuery, MetricTagQuery,
    MetricTemplateQuery, QuestionQuery, ReviewDataV1Query, ReviewDataV2Query, ReviewTemplateQuery,
    RevieweeQuery, StageTaskQuery, UserGroupWrite, UserInfoQuery,
};
pub use report::ReportTaskQuery;

/// Feishu's open platform (China).
pub const FEISHU: &str = "https://open.feishu.cn";
/// Lark's open platform (elsewhere).
pub const LARK: &str = "https://open.larksuite.com";

/// How long before its expiry a cached token is renewed.
const EARLY_EXPIRY: Duration = Duration::from_secs(180);
/// `code` of a call refused for the rate limit.
const RATE_LIMITED: i64 = 99991400;
/// `code` of a tenant token the server does not (or no longer) accept.
const INVALID_TENANT_TOKEN: i64 = 99991663;

/// Which token a call sends.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Auth<'a> {
    /// The app's tenant access token (fetched and cached by the client).
    Tenant,
    /// A user access token.
    User(&'a str),
}

#[derive(Debug)]
struct CachedToken {
    token: String,
    renew_at: Instant,
}

/// A client of one self-built app.
///
/// ```no_run
/// # async fn example() -> Result<(), openwork_sdk::SdkError> {
/// use openwork_sdk::feishu::{FeishuClient, StageTaskQuery};
/// use futures::TryStreamExt;
///
/// let client = FeishuClient::new("cli_de30c0de00000001", "openwork-demo-secret")
///     .with_base_url("http://127.0.0.1:8900");
/// let query = StageTaskQuery::semester("7235911950407352321").user_id_type("user_id");
/// let users: Vec<_> = client.stage_tasks(query).try_collect().await?;
/// for user in users {
///     println!("{}: {} stage tasks", user.user_id, user.stage_task_info_lists.len());
/// }
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct FeishuClient {
    base_url: String,
    app_id: String,
    app_secret: String,
    http: reqwest::Client,
    token: Mutex<Option<CachedToken>>,
    rate_limit_retries: u32,
}

impl FeishuClient {
    /// A client of the vendor's platform ([`FEISHU`]).
    pub fn new(app_id: impl Into<String>, app_secret: impl Into<String>) -> Self {
        Self {
            base_url: FEISHU.to_owned(),
            app_id: app_id.into(),
            app_secret: app_secret.into(),
            http: reqwest::Client::new(),
            token: Mutex::new(None),
            rate_limit_retries: 3,
        }
    }

    /// Another platform: [`LARK`], or an openwork server (`http://127.0.0.1:8900`).
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into().trim_end_matches('/').to_owned();
        self
    }

    /// How many times a call refused for the rate limit is retried (default 3; 0 never).
    pub fn with_rate_limit_retries(mut self, retries: u32) -> Self {
        self.rate_limit_retries = retries;
        self
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The app's tenant access token: the cached one while it has more than 3 minutes left,
    /// else a new one (`auth/v3/tenant_access_token/internal`).
    pub async fn tenant_access_token(&self) -> Result<String, SdkError> {
        let mut cached = self.token.lock().await;
        if let Some(token) = cached.as_ref().filter(|t| Instant::now() < t.renew_at) {
            return Ok(token.token.clone());
        }
        let response = self
            .http
            .post(format!(
                "{}/open-apis/auth/v3/tenant_access_token/internal",
                self.base_url
            ))
            .json(&InternalTokenRequest {
                app_id: Some(self.app_id.clone()),
                app_secret: Some(self.app_secret.clone()),
            })
            .send()
            .await?;
        let (status, log_id) = (response.status().as_u16(), log_id(&response));
        let body: TenantAccessTokenResponse = decode(response).await?;
        let (Some(token), Some(expire), 0) = (body.tenant_access_token, body.expire, body.code)
        else {
            return Err(SdkError::Feishu {
                code: body.code,
                msg: body.msg,
                http_status: status,
                log_id,
                error: None,
            });
        };
        let lifetime = Duration::from_secs(expire.max(0) as u64);
        *cached = Some(CachedToken {
            token: token.clone(),
            renew_at: Instant::now() + lifetime.saturating_sub(EARLY_EXPIRY),
        });
        Ok(token)
    }

    async fn forget_token(&self) {
        *self.token.lock().await = None;
    }

    fn request(&self, method: &Method, path: &str, query: &[(&str, String)]) -> RequestBuilder {
        self.http
            .request(method.clone(), format!("{}{path}", self.base_url))
            .query(query)
    }

    /// Calls an API and returns its `data`. A rate-limited call waits for the window the server
    /// names and is tried again; a tenant token the server refuses is fetched anew once.
    pub(crate) async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&(impl Serialize + ?Sized)>,
        auth: Auth<'_>,
    ) -> Result<T, SdkError> {
        let mut rate_limited = 0;
        let mut token_renewed = false;
        loop {
            let token = match auth {
                Auth::Tenant => self.tenant_access_token().await?,
                Auth::User(token) => token.to_owned(),
            };
            let mut request = self.request(&method, path, query).bearer_auth(token);
            if let Some(body) = body {
                request = request.json(body);
            }
            let response = request.send().await?;
            let (status, log_id) = (response.status().as_u16(), log_id(&response));
            let reset = reset_after(&response);
            let envelope: Envelope<T> = decode(response).await?;
            match envelope.code {
                0 => {
                    return envelope.data.ok_or_else(|| SdkError::Unexpected {
                        status,
                        detail: format!("{path} answered code 0 without data"),
                    });
                }
                RATE_LIMITED if rate_limited < self.rate_limit_retries => {
                    rate_limited += 1;
                    tokio::time::sleep(reset).await;
                }
                INVALID_TENANT_TOKEN if matches!(auth, Auth::Tenant) && !token_renewed => {
                    token_renewed = true;
                    self.forget_token().await;
                }
                code => {
                    return Err(SdkError::Feishu {
                        code,
                        msg: envelope.msg,
                        http_status: status,
                        log_id,
                        error: envelope.error.map(Box::new),
                    });
                }
            }
        }
    }
}

fn log_id(response: &Response) -> Option<String> {
    response
        .headers()
        .get("x-tt-logid")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// How long the server asks to wait (`x-ogw-ratelimit-reset`, seconds; 1 when absent).
fn reset_after(response: &Response) -> Duration {
    let seconds = response
        .headers()
        .get("x-ogw-ratelimit-reset")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(1);
    Duration::from_secs(seconds.clamp(1, 60))
}

async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, SdkError> {
    let status = response.status().as_u16();
    let bytes = response.bytes().await?;
    serde_json::from_slice(&bytes).map_err(|err| SdkError::Unexpected {
        status,
        detail: format!(
            "{err}: {}",
            String::from_utf8_lossy(&bytes[..bytes.len().min(200)])
        ),
    })
}
