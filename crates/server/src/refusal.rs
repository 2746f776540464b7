//! Answers to requests refused outside any handler, in the envelope of the API their path
//! belongs to: one past its deadline ([`crate::middleware::deadline`]), and one the HTTP parser
//! refused before routing ([`crate::http`]'s rewriting of hyper's own error answers).

use axum::response::{IntoResponse, Response};
use openwork_platform::error::GatewayError;
use openwork_platform::{Error, StoreError};

use crate::admin::AdminFailure;
use crate::dingtalk::envelope::{TokenError, TopError};
use crate::feishu::envelope::FeishuError;
use crate::journal::{Api, api_of};

/// Why a request was refused.
pub enum Refusal {
    /// It took longer than its deadline: an internal failure (the text is for the log).
    TooSlow(String),
    /// It is not a request the API can read: its invalid-parameter answer, in these words.
    Malformed(String),
}

/// The answer to a request for `path` refused for `why`.
pub fn answer(path: &str, why: Refusal) -> Response {
    let api = api_of(path);
    match why {
        Refusal::TooSlow(text) => {
            let internal = Error::Storage(StoreError::Backend(text));
            match api {
                Api::Feishu => FeishuError::from(internal).into_response(),
                Api::DingTalk => dingtalk(path, TopError::from(internal)),
                Api::Admin | Api::Other => AdminFailure::from(internal).into_response(),
            }
        }
        Refusal::Malformed(words) => match api {
            Api::Feishu => FeishuError::from(Error::field("request", "", words)).into_response(),
            Api::DingTalk => dingtalk(path, GatewayError::invalid("request", words).into()),
            Api::Admin | Api::Other => AdminFailure::from(Error::BadRequest(words)).into_response(),
        },
    }
}

/// `/gettoken` answers without a `request_id`; topapi calls with one.
fn dingtalk(path: &str, error: TopError) -> Response {
    if path == "/gettoken" {
        TokenError(error).into_response()
    } else {
        error.into_response()
    }
}
