//! Callers: who holds a checked token ([`Principal`]), and the proof that they passed an API's
//! scope check ([`Access`]), which is what every use case takes.

use std::sync::Arc;

use crate::catalog::Snapshot;
use crate::directory::{App, Tenant};
use crate::error::{Error, GatewayError, StoreError, TokenKind};
use crate::ids::{TenantKey, UserId};

/// The verified holder of a token: an app in its tenant, acting for itself or for a user.
#[derive(Clone, Debug)]
pub struct Principal {
    pub app: App,
    pub user: Option<UserId>,
    pub kind: TokenKind,
    /// The app's tenant as of this request.
    tenant: Tenant,
    /// The catalog as of this request, read once on the way in.
    snapshot: Arc<Snapshot>,
}

impl Principal {
    pub(crate) fn new(
        app: App,
        user: Option<UserId>,
        kind: TokenKind,
        tenant: Tenant,
        snapshot: Arc<Snapshot>,
    ) -> Self {
        Self {
            app,
            user,
            kind,
            tenant,
            snapshot,
        }
    }

    /// Grants a DingTalk caller access to an API when the app's DingTalk permissions (API-name
    /// prefixes; none listed means all) cover it.
    pub fn authorize_dingtalk(self, api: &str) -> Result<Access, Error> {
        let allowed = match self
            .app
            .dingtalk
            .as_ref()
            .and_then(|d| d.permissions.as_ref())
        {
            None => true,
            Some(prefixes) => prefixes
                .iter()
                .any(|prefix| api.starts_with(prefix.as_str())),
        };
        if allowed {
            Ok(Access { principal: self })
        } else {
            Err(GatewayError::NoPermission(api.to_owned()).into())
        }
    }

    /// Grants access when the app holds one of `accepted` (or `accepted` is empty).
    pub fn authorize(self, accepted: &[&str]) -> Result<Access, Error> {
        if accepted.is_empty() || self.app.has_any_scope(accepted) {
            Ok(Access { principal: self })
        } else {
            Err(Error::ScopeRequired {
                scopes: accepted.iter().map(|s| (*s).to_owned()).collect(),
            })
        }
    }
}

/// A caller that passed an API's scope check. Only [`Principal::authorize`] (Feishu scopes) and
/// [`Principal::authorize_dingtalk`] (DingTalk permissions) make one, so a use case that takes an
/// `Access` cannot run for a caller that was not checked.
#[derive(Clone, Debug)]
pub struct Access {
    principal: Principal,
}

impl Access {
    /// The caller's tenant, as it was when the token was checked.
    pub fn tenant(&self) -> &Tenant {
        &self.principal.tenant
    }

    pub fn tenant_key(&self) -> &TenantKey {
        &self.principal.tenant.tenant_key
    }

    pub fn app(&self) -> &App {
        &self.principal.app
    }

    /// The catalog as of this request: what cached reads of this request read.
    pub fn snapshot(&self) -> &Snapshot {
        &self.principal.snapshot
    }

    /// The user a user token acts for; `None` for tenant tokens.
    pub fn user(&self) -> Option<&UserId> {
        self.principal.user.as_ref()
    }

    pub fn kind(&self) -> TokenKind {
        self.principal.kind
    }

    /// The caller's tenant was deleted after its token was checked.
    pub fn tenant_gone(&self) -> Error {
        Error::TenantGone {
            presented: self.kind(),
        }
    }

    /// A failed write made for this caller: a write whose owner is gone (the foreign key to the
    /// tenant failed) means the caller's tenant was deleted after its token was checked.
    pub fn failed_write(&self, err: StoreError) -> Error {
        match err {
            StoreError::OwnerGone(_) => self.tenant_gone(),
            other => other.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::TenantClock;
    use crate::ids::AppId;

    fn principal() -> Principal {
        let app = App {
            tenant_key: TenantKey::from("t"),
            app_id: AppId::from("cli_1"),
            app_secret: "s".into(),
            name: "a".into(),
            developer: "d".into(),
            scopes: vec!["x:y".into()],
            dingtalk: None,
        };
        let tenant = Tenant {
            tenant_key: TenantKey::from("t"),
            name: "t".into(),
            dingtalk_corp_id: None,
            clock: TenantClock::default(),
        };
        Principal::new(
            app,
            None,
            TokenKind::Tenant,
            tenant,
            Arc::new(Snapshot::new(0)),
        )
    }

    #[test]
    fn scopes_are_checked() {
        assert!(principal().authorize(&["x:y", "z:w"]).is_ok());
        assert!(principal().authorize(&[]).is_ok());
        match principal().authorize(&["z:w"]) {
            Err(Error::ScopeRequired { scopes }) => assert_eq!(scopes, vec!["z:w".to_owned()]),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn dingtalk_permissions_are_api_name_prefixes() {
        let mut allowed = principal();
        allowed.app.dingtalk = Some(crate::directory::DingTalkApp {
            app_key: "k".into(),
            app_secret: "s".into(),
            agent_id: None,
            permissions: Some(vec!["dingtalk.oapi.workspace".into()]),
        });
        assert!(
            allowed
                .clone()
                .authorize_dingtalk("dingtalk.oapi.workspace.task.get")
                .is_ok()
        );
        assert!(matches!(
            allowed.authorize_dingtalk("dingtalk.oapi.user.get"),
            Err(Error::Gateway(GatewayError::NoPermission(_)))
        ));
        assert!(principal().authorize_dingtalk("anything").is_ok());
    }
}
