//! Tenants, apps and the directory (departments, users), with the per-app user identities.

use crate::clock::TenantClock;
use crate::events::Subscription;
use crate::ids::{
    AppId, DepartmentId, TenantKey, UserId, UserIdType, derive_open_department_id, derive_open_id,
    derive_union_id,
};

/// A tenant's directory: the tenant, its apps, departments and users, and how each app sees each
/// user. The platform's part of what a fixture declares for one tenant.
#[derive(Clone, Debug)]
pub struct TenantDirectory {
    pub tenant: Tenant,
    pub apps: Vec<App>,
    pub departments: Vec<Department>,
    pub users: Vec<User>,
    /// One per (app, user).
    pub identities: Vec<UserIdentity>,
    /// The apps' event subscriptions, by app.
    pub subscriptions: Vec<Subscription>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tenant {
    pub tenant_key: TenantKey,
    pub name: String,
    pub dingtalk_corp_id: Option<String>,
    pub clock: TenantClock,
}

/// A self-built app installed in one tenant, with its Feishu and optional DingTalk credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct App {
    pub tenant_key: TenantKey,
    pub app_id: AppId,
    pub app_secret: String,
    pub name: String,
    /// Apps of the same developer share `union_id`s.
    pub developer: String,
    pub scopes: Vec<String>,
    pub dingtalk: Option<DingTalkApp>,
}

impl App {
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes.iter().any(|granted| granted == scope)
    }

    /// True when the app holds at least one of `accepted` (vendor APIs accept any one of theirs).
    pub fn has_any_scope(&self, accepted: &[&str]) -> bool {
        accepted.iter().any(|scope| self.has_scope(scope))
    }
}

/// An app's DingTalk identity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DingTalkApp {
    pub app_key: String,
    pub app_secret: String,
    pub agent_id: Option<String>,
    /// API-name prefixes the app may call (`dingtalk.oapi.workspace`); `None` allows all.
    pub permissions: Option<Vec<String>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Department {
    pub department_id: DepartmentId,
    pub name: String,
    pub parent_id: DepartmentId,
    pub leader_user_id: Option<UserId>,
    pub open_department_id: String,
    /// The department's group chat, when one was created with it.
    pub chat_id: Option<String>,
}

impl Department {
    pub fn new(
        tenant: &TenantKey,
        department_id: DepartmentId,
        name: String,
        parent_id: DepartmentId,
        leader_user_id: Option<UserId>,
    ) -> Self {
        let open_department_id = derive_open_department_id(tenant, &department_id);
        Self {
            department_id,
            name,
            parent_id,
            leader_user_id,
            open_department_id,
            chat_id: None,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct User {
    pub user_id: UserId,
    pub name: String,
    pub en_name: Option<String>,
    pub email: Option<String>,
    pub mobile: Option<String>,
    pub department_ids: Vec<DepartmentId>,
    pub leader_user_id: Option<UserId>,
    pub employee_no: Option<String>,
    /// Profile attributes the directory APIs accept but no rule reads (city, gender, …), kept
    /// verbatim as a JSON object.
    pub attributes: serde_json::Map<String, serde_json::Value>,
}

/// What pages that name a user show of them beside their IDs: their name, departments and
/// direct leader (kept per replica in the directory cache, so in as few bytes as they take).
#[derive(Debug, PartialEq, Eq)]
pub struct Person {
    pub name: Box<str>,
    pub department_ids: Box<[DepartmentId]>,
    pub leader_user_id: Option<UserId>,
}

impl From<&User> for Person {
    fn from(user: &User) -> Self {
        Self {
            name: user.name.as_str().into(),
            department_ids: user.department_ids.as_slice().into(),
            leader_user_id: user.leader_user_id.clone(),
        }
    }
}

/// How one app sees one user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserIdentity {
    pub app_id: AppId,
    pub user_id: UserId,
    pub open_id: String,
    pub union_id: String,
}

/// One user's IDs as one app sees them, in as few bytes as they take: what the directory cache
/// keeps and shares between requests (the app is the key it is found by).
#[derive(Debug, PartialEq, Eq)]
pub struct UserIds {
    pub user_id: UserId,
    pub open_id: Box<str>,
    pub union_id: Box<str>,
}

impl UserIds {
    /// The user's ID under `kind` (a request's `user_id_type`).
    pub fn of(&self, kind: UserIdType) -> &str {
        match kind {
            UserIdType::OpenId => &self.open_id,
            UserIdType::UnionId => &self.union_id,
            UserIdType::UserId => self.user_id.as_str(),
        }
    }
}

impl From<UserIdentity> for UserIds {
    fn from(identity: UserIdentity) -> Self {
        Self {
            user_id: identity.user_id,
            open_id: identity.open_id.into_boxed_str(),
            union_id: identity.union_id.into_boxed_str(),
        }
    }
}

/// IDs a fixture pinned for one user instead of letting them be derived.
#[derive(Clone, Debug, Default)]
pub struct IdentityPins<'a> {
    pub union_id: Option<&'a str>,
    pub open_ids: Vec<(&'a AppId, &'a str)>,
}

/// The identities of `user` in every app of its tenant: pinned IDs where given, derived ones
/// otherwise. A pinned `union_id` applies to the apps of every developer.
pub fn identities_for(
    tenant: &TenantKey,
    apps: &[App],
    user: &UserId,
    pins: &IdentityPins<'_>,
) -> Vec<UserIdentity> {
    apps.iter()
        .map(|app| {
            let open_id = pins
                .open_ids
                .iter()
                .find(|(pinned_app, _)| **pinned_app == app.app_id)
                .map(|(_, id)| (*id).to_owned())
                .unwrap_or_else(|| derive_open_id(tenant, &app.app_id, user));
            let union_id = pins
                .union_id
                .map(str::to_owned)
                .unwrap_or_else(|| derive_union_id(tenant, &app.developer, user));
            UserIdentity {
                app_id: app.app_id.clone(),
                user_id: user.clone(),
                open_id,
                union_id,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(id: &str, developer: &str) -> App {
        App {
            tenant_key: TenantKey::from("t"),
            app_id: AppId::from(id),
            app_secret: "s".into(),
            name: id.into(),
            developer: developer.into(),
            scopes: vec!["a:b".into()],
            dingtalk: None,
        }
    }

    #[test]
    fn union_ids_are_shared_by_a_developer_and_open_ids_are_not() {
        let apps = [app("cli_1", "d1"), app("cli_2", "d1"), app("cli_3", "d2")];
        let ids = identities_for(
            &TenantKey::from("t"),
            &apps,
            &UserId::from("u1"),
            &IdentityPins::default(),
        );
        assert_eq!(ids[0].union_id, ids[1].union_id);
        assert_ne!(ids[0].union_id, ids[2].union_id);
        assert_ne!(ids[0].open_id, ids[1].open_id);
    }

    #[test]
    fn pins_win() {
        let apps = [app("cli_1", "d1"), app("cli_2", "d1")];
        let pinned_app = AppId::from("cli_2");
        let pins = IdentityPins {
            union_id: Some("on_pinned"),
            open_ids: vec![(&pinned_app, "ou_pinned")],
        };
        let ids = identities_for(&TenantKey::from("t"), &apps, &UserId::from("u1"), &pins);
        assert_eq!(ids[1].open_id, "ou_pinned");
        assert!(ids[0].open_id.starts_with("ou_") && ids[0].open_id != "ou_pinned");
        assert!(ids.iter().all(|id| id.union_id == "on_pinned"));
    }

    #[test]
    fn any_scope_suffices() {
        let app = app("cli_1", "d");
        assert!(app.has_any_scope(&["x:y", "a:b"]));
        assert!(!app.has_any_scope(&["x:y"]));
    }
}
