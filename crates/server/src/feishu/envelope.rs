//! The one place that writes Feishu responses: the `{code, msg, data}` envelope on success, and
//! for every domain error the vendor code, HTTP status, message and `error` details it maps to.

use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};
use openwork_core::Error;
use openwork_core::error::PlatformError;
use openwork_platform::TokenKind;
use openwork_platform::error::OAuthError;
use openwork_wire::feishu::codes::{self, Code};
use openwork_wire::feishu::{Envelope, ErrorDetail, FieldViolation, PermissionViolation};
use serde::Serialize;

use crate::middleware::log_id;

/// A JSON response with the vendor's exact `Content-Type`.
pub fn json_response(status: StatusCode, body: &impl Serialize) -> Response {
    let bytes = serde_json::to_vec(body).expect("response bodies serialise");
    let mut response = (status, bytes).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    response
}

/// A successful call: `{"code":0,"msg":"success","data":…}`.
pub struct Feishu<T>(pub T);

impl<T: Serialize> IntoResponse for Feishu<T> {
    fn into_response(self) -> Response {
        json_response(
            StatusCode::OK,
            &Envelope {
                code: codes::SUCCESS.code,
                msg: codes::SUCCESS.msg.to_owned(),
                data: Some(self.0),
                error: None,
            },
        )
    }
}

/// A successful `find_by_page`. VENDOR: every official SDK reads `has_more`/`page_token` inside
/// `data` (where `data` already has them); that call's seed document shows them at the top level
/// of the envelope, so they are written there too (semantics.md §4). Other paged calls' seed
/// examples have them only inside `data`, and they answer with plain [`Feishu`].
pub struct FeishuPaged<T> {
    pub data: T,
    pub has_more: bool,
    pub page_token: Option<String>,
}

#[derive(Serialize)]
struct PagedEnvelope<T> {
    code: i64,
    msg: &'static str,
    data: T,
    has_more: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    page_token: Option<String>,
}

impl<T: Serialize> IntoResponse for FeishuPaged<T> {
    fn into_response(self) -> Response {
        json_response(
            StatusCode::OK,
            &PagedEnvelope {
                code: codes::SUCCESS.code,
                msg: codes::SUCCESS.msg,
                data: self.data,
                has_more: self.has_more,
                page_token: self.page_token,
            },
        )
    }
}

/// A failed call, rendered in the Feishu envelope.
#[derive(Debug)]
pub struct FeishuError(pub Error);

impl From<Error> for FeishuError {
    fn from(err: Error) -> Self {
        Self(err)
    }
}

impl From<PlatformError> for FeishuError {
    fn from(err: PlatformError) -> Self {
        Self(err.into())
    }
}

pub type FeishuResult<T> = Result<Feishu<T>, FeishuError>;

/// The vendor code of each domain error.
fn code_of(err: &Error) -> Code {
    match err {
        Error::Platform(err) => platform_code(err),
        Error::PerformanceNotLicensed => codes::PERFORMANCE_NOT_LICENSED,
        Error::PerformanceParamInvalid(_) => codes::PERFORMANCE_PARAM_INVALID,
        Error::ReportDisabled => codes::REPORT_TENANT_NOT_EXIST,
        Error::ReportPageSizeInvalid => codes::REPORT_PAGE_SIZE_INVALID,
        Error::ReportRuleNotFound => codes::REPORT_RULE_NOT_EXIST,
        Error::ContactTaskNotFound => codes::CONTACT_TASK_NOT_FOUND,
        // DingTalk errors never reach a Feishu route; if one does, it is our bug.
        Error::DingTalk(_) => codes::INTERNAL_ERROR,
    }
}

fn platform_code(err: &PlatformError) -> Code {
    type Error = PlatformError;
    match err {
        Error::InvalidCredentials => codes::INVALID_PARAM,
        Error::MissingToken => codes::MISSING_ACCESS_TOKEN,
        Error::InvalidToken {
            presented: TokenKind::Tenant | TokenKind::DingTalk,
        } => codes::INVALID_TENANT_ACCESS_TOKEN,
        Error::InvalidToken {
            presented: TokenKind::User,
        } => codes::INVALID_USER_ACCESS_TOKEN,
        Error::ScopeRequired { .. } => codes::SCOPE_REQUIRED,
        Error::RateLimited { .. } => codes::RATE_LIMITED,
        Error::FieldValidation(_) => codes::FIELD_VALIDATION_FAILED,
        Error::OAuth(oauth) => match oauth {
            OAuthError::InvalidRequest(_) => codes::AUTHEN_INVALID_REQUEST,
            OAuthError::UnsupportedGrantType => codes::AUTHEN_UNSUPPORTED_GRANT_TYPE,
            OAuthError::InvalidCode => codes::AUTHEN_INVALID_CODE,
            OAuthError::ExpiredCode => codes::AUTHEN_CODE_EXPIRED,
            OAuthError::InvalidRefreshToken => codes::AUTHEN_REFRESH_TOKEN_INVALID,
            OAuthError::ExpiredRefreshToken => codes::AUTHEN_REFRESH_TOKEN_EXPIRED,
            OAuthError::AppMismatch => codes::AUTHEN_APP_MISMATCH,
        },
        // Admin-API and DingTalk errors never reach a Feishu route; if one does, it is our bug.
        Error::Gateway(_)
        | Error::NotFound { .. }
        | Error::InvalidFixture { .. }
        | Error::BadRequest(_)
        | Error::Storage(_) => codes::INTERNAL_ERROR,
    }
}

fn troubleshooter(log_id: &str, code: i64) -> String {
    format!(
        "排查建议查看(Troubleshooting suggestions): https://open.feishu.cn/search?from=openapi&log_id={log_id}&code={code}&method_id=0"
    )
}

fn field_violations(violations: &[openwork_core::FieldViolation]) -> Vec<FieldViolation> {
    violations
        .iter()
        .map(|v| FieldViolation {
            field: v.field.clone(),
            value: v.value.clone(),
            description: v.description.clone(),
        })
        .collect()
}

impl IntoResponse for FeishuError {
    fn into_response(self) -> Response {
        let err = self.0;
        let code = code_of(&err);
        if code.http_status >= 500 {
            tracing::error!(error = %err, "internal error");
        }
        // VENDOR: the token endpoints answer bad credentials with HTTP 200, `data: {}` and no
        // `error` object.
        if matches!(err, Error::Platform(PlatformError::InvalidCredentials)) {
            return json_response(
                StatusCode::OK,
                &Envelope {
                    code: code.code,
                    msg: code.msg.to_owned(),
                    data: Some(openwork_wire::feishu::Empty {}),
                    error: None,
                },
            );
        }
        let log_id = log_id::current();
        let mut detail = ErrorDetail {
            troubleshooter: Some(troubleshooter(&log_id, code.code)),
            log_id,
            ..ErrorDetail::default()
        };
        let mut msg = code.msg.to_owned();
        match &err {
            Error::Platform(PlatformError::ScopeRequired { scopes }) => {
                msg = format!("{}: [{}]", code.msg, scopes.join(", "));
                detail.permission_violations = scopes
                    .iter()
                    .map(|scope| PermissionViolation {
                        kind: "action_scope_required".into(),
                        subject: scope.clone(),
                        description: scope.clone(),
                    })
                    .collect();
            }
            Error::Platform(PlatformError::FieldValidation(violations))
            | Error::PerformanceParamInvalid(violations) => {
                detail.field_violations = field_violations(violations);
            }
            _ => {}
        }
        let status = StatusCode::from_u16(code.http_status).expect("valid status");
        let mut response = json_response(
            status,
            &Envelope::<()> {
                code: code.code,
                msg,
                data: None,
                error: Some(detail),
            },
        );
        if let Error::Platform(PlatformError::RateLimited {
            limit,
            reset_seconds,
        }) = err
        {
            let headers = response.headers_mut();
            headers.insert("x-ogw-ratelimit-limit", HeaderValue::from(limit));
            headers.insert("x-ogw-ratelimit-reset", HeaderValue::from(reset_seconds));
        }
        response
    }
}
