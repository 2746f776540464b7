//! The OAuth code flow of user access tokens: an authorization page hands out single-use codes,
//! `authen/v1/oidc/access_token` exchanges a code for a user token and a refresh token,
//! `oidc/refresh_access_token` rotates them, `authen/v1/user_info` tells who the token is for.
//! Codes and refresh tokens are random secrets stored only as their SHA-256.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use super::{IssuedToken, Platform};
use crate::access::Access;
use crate::directory::{App, User, UserIdentity};
use crate::error::{Error, OAuthError, Result};
use crate::ids::{AppId, UserId};
use crate::store::{GrantKind, OAuthGrant};

/// An authorization code lives 5 minutes (real time).
pub const CODE_LIFETIME_SECONDS: i64 = 300;
/// A refresh token lives 30 days (real time).
pub const REFRESH_LIFETIME_SECONDS: i64 = 30 * 24 * 3600;

/// The scopes that show a user's email in `authen/v1/user_info` (any one suffices).
const EMAIL_SCOPES: &[&str] = &["contact:user.email:readonly"];
/// The scopes that show a user's mobile number.
const MOBILE_SCOPES: &[&str] = &["contact:user.phone:readonly"];
/// The scopes that show a user's employee number.
const EMPLOYEE_NO_SCOPES: &[&str] = &[
    "contact:user.employee:readonly",
    "contact:contact:access_as_app",
    "contact:contact:readonly",
    "contact:contact:readonly_as_app",
];

/// Every scope the platform itself reads (beyond the scopes each API accepts): those that show
/// optional user fields, and the one that shows tenant `user_id`s.
pub fn field_scopes() -> impl Iterator<Item = &'static str> {
    [EMAIL_SCOPES, MOBILE_SCOPES, EMPLOYEE_NO_SCOPES]
        .into_iter()
        .flatten()
        .copied()
        .chain([super::identity::EMPLOYEE_ID_SCOPE])
}

const GRANT_AUTHORIZATION_CODE: &str = "authorization_code";
const GRANT_REFRESH_TOKEN: &str = "refresh_token";

/// A user token with its refresh token, as the OIDC endpoints answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserTokenGrant {
    pub access_token: IssuedToken,
    pub refresh_token: String,
    pub refresh_expires_in: i64,
    /// The app's scopes, space-separated.
    pub scope: String,
}

/// Who a user token is for, with what the app may see of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserInfo {
    pub user: User,
    pub identity: UserIdentity,
    pub tenant_key: String,
    /// Fields shown only when the app holds their scope (`None` otherwise).
    pub user_id: Option<String>,
    pub email: Option<String>,
    pub mobile: Option<String>,
    pub employee_no: Option<String>,
}

fn new_secret(prefix: &str) -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes))
}

fn secret_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

fn required<'a>(field: &str, value: Option<&'a str>) -> Result<&'a str> {
    value
        .filter(|v| !v.is_empty())
        .ok_or_else(|| OAuthError::InvalidRequest(format!("{field} is required")).into())
}

impl Platform {
    async fn app_by_id(&self, app_id: &str) -> Result<App> {
        self.app(&AppId::from(app_id))
            .await?
            .ok_or_else(|| Error::not_found(format!("app {app_id:?}")))
    }

    /// The app an authorization page is for, and users to choose from.
    pub async fn authorization_candidates(
        &self,
        app_id: &str,
        limit: usize,
    ) -> Result<(App, Vec<User>)> {
        let app = self.app_by_id(app_id).await?;
        let users = self.store().first_users(&app.tenant_key, limit).await?;
        Ok((app, users))
    }

    /// The authorization page's answer once a user is chosen: a single-use code for the app.
    pub async fn authorize_user(&self, app_id: &str, user_id: &str) -> Result<String> {
        let app = self.app_by_id(app_id).await?;
        let user = UserId::from(user_id);
        if self
            .known_users(&app.tenant_key, vec![user.0.clone()])
            .await?
            .is_empty()
        {
            return Err(Error::not_found(format!(
                "user {user_id:?} in the app's tenant"
            )));
        }
        let code = new_secret("");
        let grant = OAuthGrant {
            kind: GrantKind::Code,
            tenant: app.tenant_key.clone(),
            app: app.app_id.clone(),
            user,
            expires_at: self.real_now().plus_seconds(CODE_LIFETIME_SECONDS),
        };
        self.store()
            .put_oauth_grant(&secret_hash(&code), &grant)
            .await?;
        Ok(code)
    }

    /// Takes a single-use grant for the caller's app.
    async fn take_grant(
        &self,
        access: &Access,
        secret: &str,
        kind: GrantKind,
        invalid: OAuthError,
        expired: OAuthError,
    ) -> Result<OAuthGrant> {
        let grant = self
            .store()
            .take_oauth_grant(&secret_hash(secret), kind)
            .await?
            .ok_or(invalid)?;
        if grant.expires_at <= self.real_now() {
            return Err(expired.into());
        }
        if grant.app != access.app().app_id || &grant.tenant != access.tenant_key() {
            return Err(OAuthError::AppMismatch.into());
        }
        Ok(grant)
    }

    async fn grant_user_token(&self, access: &Access, user: &UserId) -> Result<UserTokenGrant> {
        let access_token = self.issue_user_token(access.app(), user).await?;
        let refresh_token = new_secret("ur-");
        let grant = OAuthGrant {
            kind: GrantKind::Refresh,
            tenant: access.tenant_key().clone(),
            app: access.app().app_id.clone(),
            user: user.clone(),
            expires_at: self.real_now().plus_seconds(REFRESH_LIFETIME_SECONDS),
        };
        self.store()
            .put_oauth_grant(&secret_hash(&refresh_token), &grant)
            .await?;
        Ok(UserTokenGrant {
            access_token,
            refresh_token,
            refresh_expires_in: REFRESH_LIFETIME_SECONDS,
            scope: access.app().scopes.join(" "),
        })
    }

    /// `authen.v1.oidc_access_token.create`: a code (once, within 5 minutes) for a user token.
    pub async fn exchange_code(
        &self,
        access: &Access,
        grant_type: Option<&str>,
        code: Option<&str>,
    ) -> Result<UserTokenGrant> {
        if required("grant_type", grant_type)? != GRANT_AUTHORIZATION_CODE {
            return Err(OAuthError::UnsupportedGrantType.into());
        }
        let code = required("code", code)?;
        let grant = self
            .take_grant(
                access,
                code,
                GrantKind::Code,
                OAuthError::InvalidCode,
                OAuthError::ExpiredCode,
            )
            .await?;
        self.grant_user_token(access, &grant.user).await
    }

    /// `authen.v1.oidc_refresh_access_token.create`: a refresh token (once) for a new user token
    /// and a new refresh token.
    pub async fn refresh_user_token(
        &self,
        access: &Access,
        grant_type: Option<&str>,
        refresh_token: Option<&str>,
    ) -> Result<UserTokenGrant> {
        if required("grant_type", grant_type)? != GRANT_REFRESH_TOKEN {
            return Err(OAuthError::UnsupportedGrantType.into());
        }
        let refresh_token = required("refresh_token", refresh_token)?;
        let grant = self
            .take_grant(
                access,
                refresh_token,
                GrantKind::Refresh,
                OAuthError::InvalidRefreshToken,
                OAuthError::ExpiredRefreshToken,
            )
            .await?;
        self.grant_user_token(access, &grant.user).await
    }

    /// `authen.v1.user_info.get`: the user a user token acts for. VENDOR: `user_id`, `email`,
    /// `mobile` and `employee_no` are returned only when the app holds their field scopes.
    pub async fn user_info(&self, access: &Access) -> Result<UserInfo> {
        let user_id = access.user().ok_or(Error::InvalidToken {
            presented: access.kind(),
        })?;
        let tenant = access.tenant_key();
        let user = self
            .store()
            .users(tenant, std::slice::from_ref(user_id))
            .await?
            .pop();
        let identity = self
            .store()
            .identities_of_users(tenant, &access.app().app_id, std::slice::from_ref(user_id))
            .await?
            .pop();
        let (Some(user), Some(identity)) = (user, identity) else {
            return Err(Error::InvalidToken {
                presented: access.kind(),
            });
        };
        let app = access.app();
        let shown = |scopes: &[&str], value: &Option<String>| {
            value.clone().filter(|_| app.has_any_scope(scopes))
        };
        Ok(UserInfo {
            user_id: app
                .has_scope(super::identity::EMPLOYEE_ID_SCOPE)
                .then(|| user.user_id.to_string()),
            email: shown(EMAIL_SCOPES, &user.email),
            mobile: shown(MOBILE_SCOPES, &user.mobile),
            employee_no: shown(EMPLOYEE_NO_SCOPES, &user.employee_no),
            tenant_key: tenant.to_string(),
            identity,
            user,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_random_and_hashed() {
        let (a, b) = (new_secret("ur-"), new_secret("ur-"));
        assert_ne!(a, b);
        assert!(a.starts_with("ur-") && a.len() > 40);
        assert_eq!(secret_hash(&a).len(), 64);
        assert_ne!(secret_hash(&a), secret_hash(&b));
    }
}
