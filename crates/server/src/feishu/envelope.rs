//! The one place that writes Feishu responses: the `{code, msg, data}` envelope on success, and
//! for every domain error the vendor code, HTTP status, message and `error` details it maps to.

use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};
use openwork_platform::Error as PlatformError;
use openwork_platform::TokenKind;
use openwork_platform::error::OAuthError;
use openwork_wire::feishu::codes::{self, Code};
use openwork_wire::feishu::{Envelope, ErrorDetail, FieldViolation, PermissionViolation};
use openwork_wire::json::{WriteJson, write_bool, write_int, write_string};
use serde::Serialize;

use crate::journal::{self, explain};
use crate::middleware::log_id;

/// A JSON response with the vendor's exact `Content-Type`.
pub fn json_response(status: StatusCode, body: &impl Serialize) -> Response {
    let bytes = serde_json::to_vec(body).expect("response bodies serialise");
    json_bytes_response(status, bytes)
}

/// A response of JSON already written, with the vendor's exact `Content-Type`.
fn json_bytes_response(status: StatusCode, bytes: Vec<u8>) -> Response {
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

/// A successful call whose `data` writes its own JSON ([`WriteJson`]): the bytes [`Feishu`]
/// would write for the same data.
pub struct FeishuWritten<T>(pub T);

impl<T: WriteJson> IntoResponse for FeishuWritten<T> {
    fn into_response(self) -> Response {
        let mut out = success_head(&self.0);
        out.push(b'}');
        json_bytes_response(StatusCode::OK, out)
    }
}

/// A successful `find_by_page`. VENDOR: every official SDK reads `has_more`/`page_token` inside
/// `data` (where `data` already has them); the vendor's page for this call shows them at the
/// top level of the envelope, so they are written there too (docs/semantics.md, "Performance").
/// Other paged calls' pages show them only inside `data`, and they answer with plain
/// [`Feishu`].
pub struct FeishuPaged<T> {
    pub data: T,
    pub has_more: bool,
    pub page_token: Option<String>,
}

impl<T: WriteJson> IntoResponse for FeishuPaged<T> {
    fn into_response(self) -> Response {
        let mut out = success_head(&self.data);
        out.extend_from_slice(b",\"has_more\":");
        write_bool(&mut out, self.has_more);
        if let Some(token) = &self.page_token {
            out.extend_from_slice(b",\"page_token\":");
            write_string(&mut out, token);
        }
        out.push(b'}');
        json_bytes_response(StatusCode::OK, out)
    }
}

/// `{"code":0,"msg":"success","data":…` (the envelope's fields in [`Envelope`]'s order).
fn success_head(data: &impl WriteJson) -> Vec<u8> {
    let mut out = b"{\"code\":".to_vec();
    write_int(&mut out, codes::SUCCESS.code);
    out.extend_from_slice(b",\"msg\":");
    write_string(&mut out, codes::SUCCESS.msg);
    out.extend_from_slice(b",\"data\":");
    data.write_json(&mut out);
    out
}

/// A failed call as the Feishu envelope shows it: the vendor code and what goes with it. Every
/// front end's mapping of a service's error picks one on purpose (`From` impls, one per error
/// enum, each an exhaustive match).
#[derive(Debug)]
pub struct FeishuError {
    code: Code,
    detail: Detail,
    /// What went wrong inside, for the log only (internal failures).
    internal: Option<String>,
    /// Which rule fired and what to change, for the journal (absent: said from the detail).
    explanation: Option<String>,
}

/// What an error adds to its code.
#[derive(Debug)]
enum Detail {
    None,
    /// The scopes the API accepts (`permission_violations`).
    Scopes(Vec<String>),
    /// The offending values (`field_violations`).
    Fields(Vec<openwork_platform::FieldViolation>),
    /// The limit and when its window resets (headers).
    RateLimited {
        limit: u32,
        reset_seconds: u64,
    },
    /// VENDOR: the token endpoints answer bad credentials with HTTP 200, `data: {}` and no
    /// `error` object.
    BadCredentials,
}

pub type FeishuResult<T> = Result<Feishu<T>, FeishuError>;

impl FeishuError {
    pub fn new(code: Code) -> Self {
        Self {
            code,
            detail: Detail::None,
            internal: None,
            explanation: None,
        }
    }

    /// Invalid input, with its offending values.
    pub fn fields(code: Code, violations: Vec<openwork_platform::FieldViolation>) -> Self {
        Self {
            detail: Detail::Fields(violations),
            ..Self::new(code)
        }
    }

    /// Invalid input of one field.
    pub fn field(
        code: Code,
        field: &str,
        value: impl Into<String>,
        description: impl Into<String>,
    ) -> Self {
        let violation = openwork_platform::FieldViolation::new(field, value, description);
        Self::fields(code, vec![violation])
    }

    /// A failure inside openwork: `code` is the service's internal error; the text is logged.
    pub fn internal(code: Code, what: &impl std::fmt::Display) -> Self {
        Self {
            internal: Some(what.to_string()),
            ..Self::new(code)
        }
    }

    /// The platform's errors, on an endpoint of a service whose internal failures answer
    /// `internal`.
    pub fn common(err: PlatformError, internal: Code) -> Self {
        let explanation = Some(explain::platform(&err));
        let mapped = match err {
            PlatformError::InvalidCredentials => Self {
                detail: Detail::BadCredentials,
                ..Self::new(codes::INVALID_PARAM)
            },
            PlatformError::MissingToken => Self::new(codes::MISSING_ACCESS_TOKEN),
            PlatformError::InvalidToken { presented } | PlatformError::TenantGone { presented } => {
                Self::new(invalid_token(presented))
            }
            PlatformError::ScopeRequired { scopes } => Self {
                detail: Detail::Scopes(scopes),
                ..Self::new(codes::SCOPE_REQUIRED)
            },
            PlatformError::RateLimited {
                limit,
                reset_seconds,
            } => Self {
                detail: Detail::RateLimited {
                    limit,
                    reset_seconds,
                },
                ..Self::new(codes::RATE_LIMITED)
            },
            PlatformError::FieldValidation(violations) => {
                Self::fields(codes::FIELD_VALIDATION_FAILED, violations)
            }
            PlatformError::OAuth(oauth) => Self::new(match oauth {
                OAuthError::InvalidRequest(_) => codes::AUTHEN_INVALID_REQUEST,
                OAuthError::UnsupportedGrantType => codes::AUTHEN_UNSUPPORTED_GRANT_TYPE,
                OAuthError::InvalidCode => codes::AUTHEN_INVALID_CODE,
                OAuthError::ExpiredCode => codes::AUTHEN_CODE_EXPIRED,
                OAuthError::InvalidRefreshToken => codes::AUTHEN_REFRESH_TOKEN_INVALID,
                OAuthError::ExpiredRefreshToken => codes::AUTHEN_REFRESH_TOKEN_EXPIRED,
                OAuthError::AppMismatch => codes::AUTHEN_APP_MISMATCH,
            }),
            // Storage failures are internal; DingTalk-gateway and admin-API errors never reach a
            // Feishu route, so one that does is our bug: internal too.
            PlatformError::Storage(_)
            | PlatformError::Gateway(_)
            | PlatformError::NotFound { .. }
            | PlatformError::InvalidFixture { .. }
            | PlatformError::BadRequest(_) => Self::internal(internal, &err),
        };
        Self {
            explanation,
            ..mapped
        }
    }

    /// The explanation the journal keeps: the one given, else what the detail says.
    fn explanation(&self) -> String {
        if let Some(explanation) = &self.explanation {
            return explanation.clone();
        }
        match &self.detail {
            Detail::Fields(violations) => explain::fields(self.code.msg, violations),
            _ if self.internal.is_some() => explain::internal(),
            _ => format!("the service refused the request: {}", self.code.msg),
        }
    }
}

/// VENDOR: Feishu answers 99991668 for user-shaped tokens and 99991663 for everything else.
fn invalid_token(presented: TokenKind) -> Code {
    match presented {
        TokenKind::User => codes::INVALID_USER_ACCESS_TOKEN,
        TokenKind::Tenant | TokenKind::DingTalk => codes::INVALID_TENANT_ACCESS_TOKEN,
    }
}

/// The platform's own endpoints (tokens, OAuth) have no service of their own: their internal
/// failures answer the generic internal error.
impl From<PlatformError> for FeishuError {
    fn from(err: PlatformError) -> Self {
        Self::common(err, codes::INTERNAL_ERROR)
    }
}

pub(crate) fn troubleshooter(log_id: &str, code: i64) -> String {
    format!(
        "排查建议查看(Troubleshooting suggestions): https://open.feishu.cn/search?from=openapi&log_id={log_id}&code={code}&method_id=0"
    )
}

impl IntoResponse for FeishuError {
    fn into_response(self) -> Response {
        let code = self.code;
        let log_id = log_id::current();
        journal::explain(self.explanation());
        if let Some(internal) = &self.internal {
            tracing::error!(error = %internal, code = code.code, %log_id, "internal error");
        }
        if let Detail::BadCredentials = self.detail {
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
        let mut detail = ErrorDetail {
            troubleshooter: Some(troubleshooter(&log_id, code.code)),
            log_id,
            ..ErrorDetail::default()
        };
        let mut msg = code.msg.to_owned();
        let mut rate_limit = None;
        match self.detail {
            Detail::Scopes(scopes) => {
                msg = format!("{}: [{}]", code.msg, scopes.join(", "));
                detail.permission_violations = scopes
                    .into_iter()
                    .map(|scope| PermissionViolation {
                        kind: "action_scope_required".into(),
                        subject: scope.clone(),
                        description: scope,
                    })
                    .collect();
            }
            Detail::Fields(violations) => {
                detail.field_violations = violations
                    .into_iter()
                    .map(|v| FieldViolation {
                        field: v.field,
                        value: v.value,
                        description: v.description,
                    })
                    .collect();
            }
            Detail::RateLimited {
                limit,
                reset_seconds,
            } => rate_limit = Some((limit, reset_seconds)),
            Detail::None | Detail::BadCredentials => {}
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
        if let Some((limit, reset_seconds)) = rate_limit {
            let headers = response.headers_mut();
            headers.insert("x-ogw-ratelimit-limit", HeaderValue::from(limit));
            headers.insert("x-ogw-ratelimit-reset", HeaderValue::from(reset_seconds));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Data that writes its JSON through serde: what an envelope holds is then compared alone.
    struct Written(serde_json::Value);

    impl WriteJson for Written {
        fn write_json(&self, out: &mut Vec<u8>) {
            openwork_wire::json::write_serialized(out, &self.0);
        }
    }

    async fn body_of(response: impl IntoResponse) -> String {
        let response = response.into_response();
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "application/json; charset=utf-8"
        );
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    /// Envelopes written by hand are what serde writes for the same answer.
    #[tokio::test]
    async fn written_envelopes_are_what_serde_writes() {
        let data = serde_json::json!({"items": [{"id": "a\"b"}], "has_more": true});
        assert_eq!(
            body_of(FeishuWritten(Written(data.clone()))).await,
            body_of(Feishu(data.clone())).await
        );
        for page_token in [Some("t\"\u{2028}".to_owned()), None] {
            let token_member = match &page_token {
                Some(token) => {
                    format!(r#","page_token":{}"#, serde_json::to_string(token).unwrap())
                }
                None => String::new(),
            };
            let expected = format!(
                r#"{{"code":0,"msg":"success","data":{data},"has_more":true{token_member}}}"#
            );
            let paged = FeishuPaged {
                data: Written(data.clone()),
                has_more: true,
                page_token,
            };
            assert_eq!(body_of(paged).await, expected);
        }
    }

    /// The caller's tenant deleted mid-call: every Feishu service answers as the token would a
    /// moment later, by the kind of token presented.
    #[test]
    fn a_tenant_deleted_mid_call_is_an_invalid_token_on_every_service() {
        for (presented, expected) in [
            (TokenKind::Tenant, codes::INVALID_TENANT_ACCESS_TOKEN),
            (TokenKind::User, codes::INVALID_USER_ACCESS_TOKEN),
        ] {
            let gone = || PlatformError::TenantGone { presented };
            let answers = [
                FeishuError::from(gone()),
                openwork_performance::Error::Common(gone()).into(),
                openwork_report::Error::Common(gone()).into(),
                openwork_contact::Error::Common(gone()).into(),
            ];
            for answer in answers {
                assert_eq!(answer.code, expected, "{presented:?}");
            }
        }
    }
}
