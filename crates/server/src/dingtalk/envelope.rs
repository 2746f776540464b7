//! The one place that writes DingTalk responses. VENDOR: HTTP 200 for success and for every
//! business and auth error; a numeric `errcode`, a string `sub_code`, and a `request_id` on
//! topapi answers.

use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};
use openwork_platform::Error as PlatformError;
use openwork_platform::error::GatewayError;
use openwork_wire::dingtalk::TopEnvelope;
use openwork_wire::dingtalk::codes::{self, SubCode};
use rand::Rng;
use serde::Serialize;

use crate::journal::{self, explain};

fn json(body: &impl Serialize, content_type: &'static str) -> Response {
    let bytes = serde_json::to_vec(body).expect("responses serialise");
    let mut response = (StatusCode::OK, bytes).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// topapi answers; `/gettoken` answers with plain `application/json`.
pub const TOPAPI_CONTENT_TYPE: &str = "application/json;charset=UTF-8";
pub const GETTOKEN_CONTENT_TYPE: &str = "application/json";

/// 13 lowercase letters and digits, like the gateway's.
fn request_id() -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::thread_rng();
    (0..13)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect()
}

/// A successful topapi call, with its `result` when the API has one.
pub struct Top<T>(pub Option<T>);

impl<T: Serialize> IntoResponse for Top<T> {
    fn into_response(self) -> Response {
        json(
            &TopEnvelope {
                errcode: codes::OK.errcode,
                sub_code: None,
                sub_msg: None,
                errmsg: codes::OK.errmsg.to_owned(),
                result: self.0,
                request_id: Some(request_id()),
            },
            TOPAPI_CONTENT_TYPE,
        )
    }
}

/// A failed call as the gateway answers it. Every error that can reach a DingTalk route picks
/// its envelope on purpose: one `From` impl per error enum, each an exhaustive match.
#[derive(Debug)]
pub struct TopError {
    envelope: TopEnvelope<()>,
    /// What went wrong inside, for the log only (internal failures).
    internal: Option<String>,
    /// Which rule fired and what to change, for the journal (absent: the envelope's message).
    explanation: Option<String>,
    /// The answer of an injected fault, sent instead of the envelope.
    injected: Option<Response>,
}

pub type TopResult<T> = Result<Top<T>, TopError>;

impl TopError {
    fn new(envelope: TopEnvelope<()>) -> Self {
        Self {
            envelope,
            internal: None,
            explanation: None,
            injected: None,
        }
    }

    /// A call an injected fault answers (docs/semantics.md, "Fault injection").
    pub fn injected(answer: Response) -> Self {
        Self {
            injected: Some(answer),
            ..Self::plain(0, String::new(), None)
        }
    }

    /// A wrapped error: errcode 88 and the sub-code.
    fn wrapped(code: SubCode) -> Self {
        Self::new(TopEnvelope {
            errcode: codes::WRAPPED,
            sub_code: Some(code.sub_code.to_owned()),
            sub_msg: Some(code.sub_msg.to_owned()),
            errmsg: format!(
                "ding talk error[subcode={},submsg={}]",
                code.sub_code, code.sub_msg
            ),
            result: None,
            request_id: None,
        })
    }

    fn plain(errcode: i64, errmsg: String, sub_msg: Option<String>) -> Self {
        Self::new(TopEnvelope {
            errcode,
            sub_code: None,
            sub_msg,
            errmsg,
            result: None,
            request_id: None,
        })
    }

    /// A failure inside openwork: "system busy"; the text is logged.
    fn internal(what: &impl std::fmt::Display) -> Self {
        Self {
            internal: Some(what.to_string()),
            ..Self::plain(
                codes::SYSTEM_BUSY.errcode,
                codes::SYSTEM_BUSY.errmsg.to_owned(),
                None,
            )
        }
    }
}

impl From<GatewayError> for TopError {
    fn from(err: GatewayError) -> Self {
        let explanation = Some(explain::gateway(&err));
        let mapped = match err {
            GatewayError::NoPermission(_) => Self::wrapped(codes::NO_PERMISSION),
            GatewayError::UnknownApi(name) => {
                let sub_msg = format!("不合法ApiName，ApiName = {name}");
                Self::plain(
                    codes::INVALID_METHOD,
                    format!("Invalid method[submsg={sub_msg}]"),
                    Some(sub_msg),
                )
            }
            GatewayError::MissingArgument(name) => Self::plain(
                codes::MISSING_ARGUMENTS,
                format!("Missing required arguments:{name}"),
                None,
            ),
            GatewayError::InvalidArgument { name, reason } => Self::plain(
                codes::INVALID_ARGUMENTS,
                format!("Invalid arguments:{name}"),
                Some(reason),
            ),
            GatewayError::BadCredentials => Self::plain(
                codes::BAD_APP_CREDENTIALS.errcode,
                codes::BAD_APP_CREDENTIALS.errmsg.to_owned(),
                None,
            ),
            GatewayError::MissingCredentials => Self::plain(
                codes::MISSING_APP_CREDENTIALS.errcode,
                codes::MISSING_APP_CREDENTIALS.errmsg.to_owned(),
                None,
            ),
        };
        Self {
            explanation,
            ..mapped
        }
    }
}

impl From<PlatformError> for TopError {
    fn from(err: PlatformError) -> Self {
        let explanation = Some(explain::platform(&err));
        let mapped = match err {
            PlatformError::MissingToken => Self::wrapped(codes::TOKEN_BLANK),
            // A tenant deleted mid-call: the token stopped being valid.
            PlatformError::InvalidToken { .. } | PlatformError::TenantGone { .. } => {
                Self::wrapped(codes::TOKEN_INVALID)
            }
            PlatformError::RateLimited { .. } => Self::wrapped(codes::RATE_LIMITED),
            PlatformError::Gateway(gateway) => gateway.into(),
            // Storage failures are internal; Feishu-only and admin-API errors never reach a
            // DingTalk route, so one that does is our bug: internal too.
            PlatformError::Storage(_)
            | PlatformError::InvalidCredentials
            | PlatformError::ScopeRequired { .. }
            | PlatformError::FieldValidation(_)
            | PlatformError::OAuth(_)
            | PlatformError::NotFound { .. }
            | PlatformError::InvalidFixture { .. }
            | PlatformError::BadRequest(_) => Self::internal(&err),
        };
        Self {
            explanation,
            ..mapped
        }
    }
}

impl From<openwork_workspace::Error> for TopError {
    fn from(err: openwork_workspace::Error) -> Self {
        match err {
            openwork_workspace::Error::Common(common) => common.into(),
            openwork_workspace::Error::TaskNotFound => Self::wrapped(codes::TASK_NOT_FOUND),
            openwork_workspace::Error::TaskExists => Self::wrapped(codes::TASK_EXISTS),
        }
    }
}

impl TopError {
    /// Logs an internal failure, and tells the journal why the call was refused.
    fn report(&self) {
        if let Some(internal) = &self.internal {
            let log_id = crate::middleware::log_id::current();
            tracing::error!(error = %internal, %log_id, "internal error on a DingTalk route");
        }
        journal::explain(match (&self.explanation, &self.internal) {
            (Some(explanation), _) => explanation.clone(),
            (None, Some(_)) => explain::internal(),
            (None, None) => format!("the service refused the call: {}", self.envelope.errmsg),
        });
    }
}

impl IntoResponse for TopError {
    fn into_response(mut self) -> Response {
        if let Some(answer) = self.injected.take() {
            return answer;
        }
        self.report();
        self.envelope.request_id = Some(request_id());
        json(&self.envelope, TOPAPI_CONTENT_TYPE)
    }
}

/// A failed `/gettoken`: the same codes, without `request_id`.
pub struct TokenError(pub TopError);

impl IntoResponse for TokenError {
    fn into_response(self) -> Response {
        self.0.report();
        json(&self.0.envelope, GETTOKEN_CONTENT_TYPE)
    }
}

/// A successful `/gettoken`.
pub fn token_response(body: &impl Serialize) -> Response {
    json(body, GETTOKEN_CONTENT_TYPE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_look_like_the_gateways() {
        let id = request_id();
        assert_eq!(id.len(), 13);
        assert!(
            id.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        );
    }

    #[test]
    fn wrapped_errors_name_their_sub_code() {
        let envelope = TopError::from(PlatformError::MissingToken).envelope;
        assert_eq!(envelope.errcode, 88);
        assert_eq!(envelope.sub_code.as_deref(), Some("40000"));
        assert_eq!(
            envelope.errmsg,
            "ding talk error[subcode=40000,submsg=access_token is blank]"
        );
    }

    #[test]
    fn a_tenant_deleted_mid_call_answers_the_invalid_token_code() {
        let gone = openwork_workspace::Error::Common(PlatformError::TenantGone {
            presented: openwork_platform::TokenKind::DingTalk,
        });
        let envelope = TopError::from(gone).envelope;
        assert_eq!(
            (envelope.errcode, envelope.sub_code.as_deref()),
            (88, Some(codes::TOKEN_INVALID.sub_code))
        );
    }
}
