//! The one place that writes DingTalk responses. VENDOR: HTTP 200 for success and for every
//! business and auth error; a numeric `errcode`, a string `sub_code`, and a `request_id` on
//! topapi answers.

use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};
use openwork_core::error::PlatformError;
use openwork_core::{DingTalkError, Error};
use openwork_platform::error::GatewayError;
use openwork_wire::dingtalk::TopEnvelope;
use openwork_wire::dingtalk::codes::{self, SubCode};
use rand::Rng;
use serde::Serialize;

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

/// A failed topapi call.
#[derive(Debug)]
pub struct TopError(pub Error);

impl From<Error> for TopError {
    fn from(err: Error) -> Self {
        Self(err)
    }
}

impl From<PlatformError> for TopError {
    fn from(err: PlatformError) -> Self {
        Self(err.into())
    }
}

pub type TopResult<T> = Result<Top<T>, TopError>;

fn wrapped(code: SubCode) -> TopEnvelope<()> {
    TopEnvelope {
        errcode: codes::WRAPPED,
        sub_code: Some(code.sub_code.to_owned()),
        sub_msg: Some(code.sub_msg.to_owned()),
        errmsg: format!(
            "ding talk error[subcode={},submsg={}]",
            code.sub_code, code.sub_msg
        ),
        result: None,
        request_id: None,
    }
}

fn plain(errcode: i64, errmsg: String, sub_msg: Option<String>) -> TopEnvelope<()> {
    TopEnvelope {
        errcode,
        sub_code: None,
        sub_msg,
        errmsg,
        result: None,
        request_id: None,
    }
}

/// The envelope of each domain error.
fn envelope_of(err: &Error) -> TopEnvelope<()> {
    match err {
        Error::Platform(PlatformError::MissingToken) => wrapped(codes::TOKEN_BLANK),
        Error::Platform(PlatformError::InvalidToken { .. }) => wrapped(codes::TOKEN_INVALID),
        Error::Platform(PlatformError::RateLimited { .. }) => wrapped(codes::RATE_LIMITED),
        Error::Platform(PlatformError::Gateway(GatewayError::NoPermission(_))) => {
            wrapped(codes::NO_PERMISSION)
        }
        Error::DingTalk(DingTalkError::TaskNotFound) => wrapped(codes::TASK_NOT_FOUND),
        Error::DingTalk(DingTalkError::TaskExists) => wrapped(codes::TASK_EXISTS),
        Error::Platform(PlatformError::Gateway(GatewayError::UnknownApi(name))) => {
            let sub_msg = format!("不合法ApiName，ApiName = {name}");
            plain(
                codes::INVALID_METHOD,
                format!("Invalid method[submsg={sub_msg}]"),
                Some(sub_msg),
            )
        }
        Error::Platform(PlatformError::Gateway(GatewayError::MissingArgument(name))) => plain(
            codes::MISSING_ARGUMENTS,
            format!("Missing required arguments:{name}"),
            None,
        ),
        Error::Platform(PlatformError::Gateway(GatewayError::InvalidArgument { name, reason })) => {
            plain(
                codes::INVALID_ARGUMENTS,
                format!("Invalid arguments:{name}"),
                Some(reason.clone()),
            )
        }
        Error::Platform(PlatformError::Gateway(GatewayError::BadCredentials)) => plain(
            codes::BAD_APP_CREDENTIALS.errcode,
            codes::BAD_APP_CREDENTIALS.errmsg.to_owned(),
            None,
        ),
        Error::Platform(PlatformError::Gateway(GatewayError::MissingCredentials)) => plain(
            codes::MISSING_APP_CREDENTIALS.errcode,
            codes::MISSING_APP_CREDENTIALS.errmsg.to_owned(),
            None,
        ),
        other => {
            tracing::error!(error = %other, "internal error on a DingTalk route");
            plain(
                codes::SYSTEM_BUSY.errcode,
                codes::SYSTEM_BUSY.errmsg.to_owned(),
                None,
            )
        }
    }
}

impl IntoResponse for TopError {
    fn into_response(self) -> Response {
        let mut envelope = envelope_of(&self.0);
        envelope.request_id = Some(request_id());
        json(&envelope, TOPAPI_CONTENT_TYPE)
    }
}

/// A failed `/gettoken`: the same codes, without `request_id`.
pub struct TokenError(pub Error);

impl IntoResponse for TokenError {
    fn into_response(self) -> Response {
        json(&envelope_of(&self.0), GETTOKEN_CONTENT_TYPE)
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
        let envelope = envelope_of(&PlatformError::MissingToken.into());
        assert_eq!(envelope.errcode, 88);
        assert_eq!(envelope.sub_code.as_deref(), Some("40000"));
        assert_eq!(
            envelope.errmsg,
            "ding talk error[subcode=40000,submsg=access_token is blank]"
        );
    }
}
