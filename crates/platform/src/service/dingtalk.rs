//! DingTalk access tokens (`/gettoken`): signed like the Feishu ones and bound to the app's
//! DingTalk secret. VENDOR: asking again while a token is valid returns the same token and
//! renews it (its two hours start again).

use super::{IssuedToken, Platform};
use crate::access::Principal;
use crate::clock::Millis;
use crate::directory::App;
use crate::error::{Error, GatewayError, Result, TokenKind};
use crate::ids::AppId;
use crate::store::RenewedIssue;
use crate::token::{TOKEN_LIFETIME_SECONDS, TokenClaims, credential_fingerprint};

impl Platform {
    /// The app a `/gettoken` call names: by `appkey` + `appsecret`, or by the legacy `corpid`
    /// (the tenant's DingTalk corpId) + `corpsecret` (the DingTalk secret of one of its apps).
    async fn dingtalk_app(
        &self,
        appkey: Option<&str>,
        appsecret: Option<&str>,
        corpid: Option<&str>,
        corpsecret: Option<&str>,
    ) -> Result<App> {
        let secret_matches = |app: &App, secret: Option<&str>| {
            app.dingtalk
                .as_ref()
                .is_some_and(|d| Some(d.app_secret.as_str()) == secret)
        };
        match (
            appkey.filter(|k| !k.is_empty()),
            corpid.filter(|c| !c.is_empty()),
        ) {
            (Some(key), _) => self
                .store()
                .app_by_dingtalk_key(key)
                .await?
                .filter(|app| secret_matches(app, appsecret))
                .ok_or_else(|| GatewayError::BadCredentials.into()),
            (None, Some(corp)) => {
                let Some(tenant) = self.store().tenant_by_dingtalk_corp(corp).await? else {
                    return Err(GatewayError::BadCredentials.into());
                };
                self.store()
                    .apps_of(&tenant)
                    .await?
                    .into_iter()
                    .find(|app| secret_matches(app, corpsecret))
                    .ok_or_else(|| GatewayError::BadCredentials.into())
            }
            (None, None) => Err(GatewayError::MissingCredentials.into()),
        }
    }

    /// `GET /gettoken`.
    pub async fn issue_dingtalk_token(
        &self,
        appkey: Option<&str>,
        appsecret: Option<&str>,
        corpid: Option<&str>,
        corpsecret: Option<&str>,
    ) -> Result<IssuedToken> {
        let app = self
            .dingtalk_app(appkey, appsecret, corpid, corpsecret)
            .await?;
        let now = Millis::from_seconds(self.real_now().seconds());
        let fingerprint = credential_fingerprint(&app, TokenKind::DingTalk);
        let current = self
            .store()
            .dingtalk_token_issue(&app.app_id)
            .await?
            .filter(|issue| {
                issue.credential_fingerprint == fingerprint
                    && now.0 < issue.renewed_at.0 + TOKEN_LIFETIME_SECONDS * 1000
            });
        let issued_at = current.map_or(now, |issue| issue.issued_at);
        let issue = RenewedIssue {
            issued_at,
            renewed_at: now,
            credential_fingerprint: fingerprint,
        };
        self.store()
            .record_dingtalk_token_issue(&app.app_id, &issue)
            .await?;
        let claims = TokenClaims {
            kind: TokenKind::DingTalk,
            issued_at_seconds: issued_at.seconds(),
            nonce: 0,
            app_id: app.app_id.to_string(),
            user_id: None,
        };
        Ok(IssuedToken {
            token: claims.seal(self.keys(), &app),
            expires_in: TOKEN_LIFETIME_SECONDS,
        })
    }

    /// Checks a DingTalk `access_token`: signed for an app that still has the same DingTalk
    /// secret in the same tenant, and within two hours of when it was last handed out.
    pub async fn authenticate_dingtalk(&self, token: &str) -> Result<Principal> {
        let invalid = || Error::InvalidToken {
            presented: TokenKind::DingTalk,
        };
        let (claims, mac) = TokenClaims::read(token).map_err(|_| invalid())?;
        if claims.kind != TokenKind::DingTalk {
            return Err(invalid());
        }
        let app_id = AppId::new(claims.app_id.clone());
        let at = self.snapshot().await?;
        let app = self
            .catalog()
            .app(&at, &app_id)
            .await?
            .ok_or_else(invalid)?;
        let renewed_at = self
            .store()
            .dingtalk_token_issue(&app_id)
            .await?
            .filter(|issue| issue.issued_at.seconds() == claims.issued_at_seconds)
            .map_or(claims.issued_at_seconds, |issue| issue.renewed_at.seconds());
        if !claims.verify_renewed(&mac, self.keys(), &app, self.real_now(), renewed_at) {
            return Err(invalid());
        }
        let tenant = self
            .catalog()
            .tenant(&at, &app.tenant_key)
            .await?
            .ok_or_else(invalid)?;
        Ok(Principal::new(app, None, TokenKind::DingTalk, tenant, at))
    }
}
