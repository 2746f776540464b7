//! Issuing and checking access tokens.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::Platform;
use crate::access::Principal;
use crate::catalog::Snapshot;
use crate::clock::Millis;
use crate::directory::App;
use crate::error::{Error, Result, TokenKind};
use crate::ids::{AppId, TenantKey, UserId};
use crate::store::TokenIssue;
use crate::token::{
    TOKEN_LIFETIME_SECONDS, TOKEN_REUSE_MIN_REMAINING_SECONDS, TokenClaims, constant_time_eq,
    credential_fingerprint, presented_kind,
};

/// The tenant token issues a replica handed out, by app, as of a catalog snapshot.
#[derive(Default)]
struct IssuesHandedOut(Mutex<HashMap<AppId, TokenIssue>>);

impl IssuesHandedOut {
    /// When the app's remembered issue was issued, if `reusable` holds for it.
    fn reusable(&self, app: &AppId, reusable: impl Fn(&TokenIssue) -> bool) -> Option<Millis> {
        let issues = self.0.lock().expect("token issues lock");
        issues
            .get(app)
            .filter(|issue| reusable(issue))
            .map(|issue| issue.issued_at)
    }

    fn remember(&self, app: &AppId, issue: &TokenIssue) {
        let mut issues = self.0.lock().expect("token issues lock");
        issues.insert(app.clone(), issue.clone());
    }
}

/// A token handed out, with its remaining lifetime in seconds (`expire` / `expires_in`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssuedToken {
    pub token: String,
    pub expires_in: i64,
}

impl Platform {
    /// The app these Feishu credentials are for; `InvalidCredentials` when there is no such app
    /// or the secret is not its own (compared in constant time). What every call that trades an
    /// app's secret for something checks: the tenant token, the long connection's endpoint.
    pub async fn authenticate_app(&self, app_id: &str, app_secret: &str) -> Result<App> {
        Ok(self.authenticated_app(app_id, app_secret).await?.0)
    }

    /// [`Platform::authenticate_app`], with the snapshot the app was read as of.
    async fn authenticated_app(
        &self,
        app_id: &str,
        app_secret: &str,
    ) -> Result<(App, Arc<Snapshot>)> {
        let at = self.snapshot().await?;
        let app = self
            .catalog()
            .app(&at, &AppId::from(app_id))
            .await?
            .filter(|app| constant_time_eq(app.app_secret.as_bytes(), app_secret.as_bytes()))
            .ok_or(Error::InvalidCredentials)?;
        Ok((app, at))
    }

    /// `auth/v3/tenant_access_token/internal` (and `app_access_token/internal`, whose app token
    /// is the same string for a self-built app). VENDOR: the same token comes back while at
    /// least 30 minutes of it remain; after that a new one, and both stay valid until they expire.
    ///
    /// The issue handed out is remembered for the catalog snapshot (deleting a tenant, which
    /// forgets its apps' issues, moves the catalog on), and read from the store only when the
    /// remembered one is no longer reusable: the store keeps a reusable issue however many
    /// replicas race to renew it, so what a replica remembers is what every replica hands out.
    pub async fn issue_tenant_token(&self, app_id: &str, app_secret: &str) -> Result<IssuedToken> {
        let (app, at) = self.authenticated_app(app_id, app_secret).await?;
        let now = self.real_now();
        let fingerprint = credential_fingerprint(&app, TokenKind::Tenant);
        let reusable_after =
            Millis(now.0 - (TOKEN_LIFETIME_SECONDS - TOKEN_REUSE_MIN_REMAINING_SECONDS) * 1000);
        let reusable = |issue: &TokenIssue| {
            issue.credential_fingerprint == fingerprint
                && issue.issued_at > reusable_after
                && issue.issued_at <= now
        };
        let remembered = at.cache::<IssuesHandedOut>();
        let issued_at = match remembered.reusable(&app.app_id, reusable) {
            Some(issued_at) => issued_at,
            None => {
                let stored = self.store().app_token_issue(&app.app_id).await?;
                let issue = match stored.filter(reusable) {
                    Some(issue) => issue,
                    None => {
                        let fresh = TokenIssue {
                            issued_at: Millis::from_seconds(now.seconds()),
                            credential_fingerprint: fingerprint.clone(),
                        };
                        self.store()
                            .claim_app_token_issue(&app.app_id, &fresh, reusable_after)
                            .await?
                    }
                };
                remembered.remember(&app.app_id, &issue);
                issue.issued_at
            }
        };
        let claims = TokenClaims {
            kind: TokenKind::Tenant,
            issued_at_seconds: issued_at.seconds(),
            nonce: 0,
            app_id: app.app_id.to_string(),
            user_id: None,
        };
        Ok(IssuedToken {
            token: claims.seal(self.keys(), &app),
            expires_in: claims.remaining_seconds(now),
        })
    }

    /// A fresh user access token for `user`, as `app` (admin API, OAuth code flow).
    pub async fn issue_user_token(&self, app: &App, user: &UserId) -> Result<IssuedToken> {
        let now = self.real_now();
        let claims = TokenClaims {
            kind: TokenKind::User,
            issued_at_seconds: now.seconds(),
            nonce: rand::random(),
            app_id: app.app_id.to_string(),
            user_id: Some(user.to_string()),
        };
        Ok(IssuedToken {
            token: claims.seal(self.keys(), app),
            expires_in: TOKEN_LIFETIME_SECONDS,
        })
    }

    /// Checks a bearer token and answers who holds it. Any token that is not valid right now —
    /// malformed, altered, expired, of a deleted app, an app whose secret changed, or whose user
    /// is gone — is refused as the kind it claims to be.
    pub async fn authenticate(&self, token: &str) -> Result<Principal> {
        let presented = presented_kind(token);
        let invalid = || Error::InvalidToken { presented };
        let (claims, mac) = TokenClaims::read(token)?;
        let at = self.snapshot().await?;
        let app = self
            .catalog()
            .app(&at, &AppId::new(claims.app_id.clone()))
            .await?
            .ok_or_else(invalid)?;
        if !claims.verify(&mac, self.keys(), &app, self.real_now()) {
            return Err(invalid());
        }
        let user = match &claims.user_id {
            Some(user_id) => {
                let user = UserId::new(user_id.clone());
                let known = self
                    .store()
                    .identities_of_users(&app.tenant_key, &app.app_id, std::slice::from_ref(&user))
                    .await?;
                if known.is_empty() {
                    return Err(invalid());
                }
                Some(user)
            }
            None => None,
        };
        let tenant = self
            .catalog()
            .tenant(&at, &app.tenant_key)
            .await?
            .ok_or_else(invalid)?;
        Ok(Principal::new(app, user, claims.kind, tenant, at))
    }

    /// Mints a user access token for tests (admin API): the app and user must be the tenant's.
    pub async fn mint_user_token(
        &self,
        tenant: &TenantKey,
        app_id: &str,
        user_id: &str,
    ) -> Result<IssuedToken> {
        self.existing_tenant(tenant).await?;
        let at = self.snapshot().await?;
        let app = self
            .catalog()
            .app(&at, &AppId::from(app_id))
            .await?
            .filter(|app| &app.tenant_key == tenant)
            .ok_or_else(|| Error::not_found(format!("app {app_id:?} in tenant {tenant:?}")))?;
        let user = UserId::from(user_id);
        let known = self
            .store()
            .identities_of_users(tenant, &app.app_id, std::slice::from_ref(&user))
            .await?;
        if known.is_empty() {
            return Err(Error::not_found(format!(
                "user {user_id:?} in tenant {tenant:?}"
            )));
        }
        self.issue_user_token(&app, &user).await
    }
}
