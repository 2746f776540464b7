//! `authen/v1`: user access tokens.

use openwork_wire::feishu::authen::*;
use reqwest::Method;

use super::{Auth, FeishuClient};
use crate::SdkError;

impl FeishuClient {
    /// `POST /open-apis/authen/v1/oidc/access_token`: exchanges an authorization code (from the
    /// authorization page's redirect) for a user access token and a refresh token.
    pub async fn exchange_code(&self, code: &str) -> Result<OidcTokenData, SdkError> {
        let body = OidcAccessTokenRequest {
            grant_type: Some("authorization_code".into()),
            code: Some(code.to_owned()),
        };
        self.call(
            Method::POST,
            "/open-apis/authen/v1/oidc/access_token",
            &[],
            Some(&body),
            Auth::Tenant,
        )
        .await
    }

    /// `POST /open-apis/authen/v1/oidc/refresh_access_token`: a new user token and a new
    /// refresh token (the one given is spent).
    pub async fn refresh_user_token(&self, refresh_token: &str) -> Result<OidcTokenData, SdkError> {
        let body = OidcRefreshAccessTokenRequest {
            grant_type: Some("refresh_token".into()),
            refresh_token: Some(refresh_token.to_owned()),
        };
        self.call(
            Method::POST,
            "/open-apis/authen/v1/oidc/refresh_access_token",
            &[],
            Some(&body),
            Auth::Tenant,
        )
        .await
    }

    /// `GET /open-apis/authen/v1/user_info`: who a user access token is for.
    pub async fn user_info(&self, user_access_token: &str) -> Result<UserInfoData, SdkError> {
        self.call(
            Method::GET,
            "/open-apis/authen/v1/user_info",
            &[],
            None::<&()>,
            Auth::User(user_access_token),
        )
        .await
    }
}
