//! `authen/v1`: user access tokens (OIDC code flow) and who a user token is for.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Body of `oidc/access_token`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct OidcAccessTokenRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// Body of `oidc/refresh_access_token`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct OidcRefreshAccessTokenRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
}

/// `data` of both OIDC token calls.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct OidcTokenData {
    pub access_token: String,
    pub refresh_token: String,
    pub token_type: String,
    pub expires_in: i64,
    pub refresh_expires_in: i64,
    pub scope: String,
}

/// `data` of `user_info`; the optional fields appear only with their field scopes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "AuthenUserInfoData")]
pub struct UserInfoData {
    pub name: String,
    pub en_name: String,
    pub avatar_url: String,
    pub avatar_thumb: String,
    pub avatar_middle: String,
    pub avatar_big: String,
    pub open_id: String,
    pub union_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enterprise_email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile: Option<String>,
    pub tenant_key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employee_no: Option<String>,
}
