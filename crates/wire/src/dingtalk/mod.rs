//! DingTalk legacy server API (`oapi.dingtalk.com`: `/gettoken`, `/topapi/...`).

pub mod codes;
pub mod date;
pub mod workspace;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `GET /gettoken`'s answer. VENDOR: no `request_id`; `errcode` is a JSON number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TokenResponse {
    pub errcode: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    pub errmsg: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<i64>,
}

/// Every topapi answer: `errcode`, `errmsg`, the API's `result` on success, `sub_code`/`sub_msg`
/// on wrapped errors, and a `request_id`. VENDOR: clients that build exceptions from the body
/// accept no other key.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TopEnvelope<T> {
    pub errcode: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_msg: Option<String>,
    pub errmsg: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<T>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}
