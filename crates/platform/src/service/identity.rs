//! `user_id_type`: how an API reads and writes user IDs, as one service every API uses.

use std::collections::HashMap;
use std::sync::Arc;

use super::Platform;
use crate::access::Access;
use crate::directory::UserIds;
use crate::error::{Error, Result};
use crate::ids::{UserId, UserIdType};

/// The scope an app needs to see tenant `user_id`s (docs/semantics.md).
pub const EMPLOYEE_ID_SCOPE: &str = "contact:user.employee_id:readonly";

/// Converts between the tenant's `user_id`s and the IDs one caller reads and writes.
#[derive(Clone, Debug)]
pub struct IdMapping {
    access: Access,
    kind: UserIdType,
}

impl IdMapping {
    pub fn kind(&self) -> UserIdType {
        self.kind
    }
}

/// Users' IDs as one caller names them (its `user_id_type`), found by their tenant `user_id`:
/// the directory cache's entries, shared rather than copied.
#[derive(Debug)]
pub struct ExternalIds {
    kind: UserIdType,
    by_user: HashMap<UserId, Arc<UserIds>, IdHasher>,
}

impl ExternalIds {
    /// These users' IDs, as `kind` names them.
    pub fn new(kind: UserIdType, users: impl IntoIterator<Item = Arc<UserIds>>) -> Self {
        let by_user = users
            .into_iter()
            .map(|ids| (ids.user_id.clone(), ids))
            .collect();
        Self { kind, by_user }
    }

    /// The caller's ID of `user`, if the user exists.
    pub fn get(&self, user: &UserId) -> Option<&str> {
        self.by_user.get(user).map(|ids| ids.of(self.kind))
    }
}

/// How the maps an answer looks users and IDs up in hash their keys, a lookup or more per
/// record written: foldhash, not std's SipHash, whose share showed in profiles of review data
/// pages (its seed is random per process).
pub type IdHasher = foldhash::fast::RandomState;

/// The users an answer names, by tenant `user_id`, as the caller sees them ([`UserRef`]).
pub type UserRefs = HashMap<UserId, UserRef, IdHasher>;

/// The tenant users a request names by the caller's IDs, by those IDs: what requests that
/// list users look each one up in.
pub type InternalIds = HashMap<String, UserId, IdHasher>;

/// One user as a caller sees it: its `open_id`, and its ID under the caller's `user_id_type`.
/// It shares the directory cache's entry rather than copying the two IDs: answers name
/// hundreds of users.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserRef {
    ids: Arc<UserIds>,
    kind: UserIdType,
}

impl UserRef {
    /// The user of `ids` as a caller of `kind` names users.
    pub fn new(ids: Arc<UserIds>, kind: UserIdType) -> Self {
        Self { ids, kind }
    }

    pub fn open_id(&self) -> &str {
        &self.ids.open_id
    }

    /// The user's ID under the caller's `user_id_type`.
    pub fn id(&self) -> &str {
        self.ids.of(self.kind)
    }
}

impl Platform {
    /// Validates a `user_id_type` query value (absent: `open_id`) for this caller.
    /// VENDOR: an unknown value is a field-validation error (99992402); `user_id` needs the
    /// employee-id scope (99991672).
    pub fn id_mapping(&self, access: &Access, user_id_type: Option<&str>) -> Result<IdMapping> {
        let kind = match user_id_type {
            None | Some("") => UserIdType::OpenId,
            Some(value) => UserIdType::parse(value).ok_or_else(|| {
                Error::field(
                    "user_id_type",
                    value,
                    format!("must be one of {}", UserIdType::ALL.join(", ")),
                )
            })?,
        };
        if kind == UserIdType::UserId && !access.app().has_scope(EMPLOYEE_ID_SCOPE) {
            return Err(Error::ScopeRequired {
                scopes: vec![EMPLOYEE_ID_SCOPE.to_owned()],
            });
        }
        Ok(IdMapping {
            access: access.clone(),
            kind,
        })
    }

    /// A mapping of a kind chosen by openwork itself (no caller input to validate).
    pub fn id_mapping_of(&self, access: &Access, kind: UserIdType) -> IdMapping {
        IdMapping {
            access: access.clone(),
            kind,
        }
    }

    /// The caller's IDs for these users; users that do not exist are left out.
    pub async fn external_user_ids(
        &self,
        mapping: &IdMapping,
        users: &[UserId],
    ) -> Result<ExternalIds> {
        let identities = self.identities_of_users(&mapping.access, users).await?;
        Ok(ExternalIds::new(mapping.kind, identities))
    }

    /// The caller's view of these users: each one's `open_id` and its ID as the caller names
    /// users (the `{open_id, user_id}` objects of v2 APIs); users that do not exist are left
    /// out.
    pub async fn user_refs(&self, mapping: &IdMapping, users: &[UserId]) -> Result<UserRefs> {
        let identities = self.identities_of_users(&mapping.access, users).await?;
        Ok(identities
            .into_iter()
            .map(|ids| (ids.user_id.clone(), UserRef::new(ids, mapping.kind)))
            .collect())
    }

    /// How the caller's app sees these users (those that exist): from the request's directory
    /// cache, and from the store for the users it does not remember yet. Every page of users
    /// asks this.
    async fn identities_of_users(
        &self,
        access: &Access,
        users: &[UserId],
    ) -> Result<Vec<Arc<UserIds>>> {
        let (tenant, app) = (access.tenant_key(), &access.app().app_id);
        let cache = access.snapshot().directory();
        let (mut found, missing) = cache.identities(tenant, app, users);
        if !missing.is_empty() {
            let read: Vec<Arc<UserIds>> = self
                .store()
                .identities_of_users(tenant, app, &missing)
                .await?
                .into_iter()
                .map(|identity| Arc::new(identity.into()))
                .collect();
            cache.remember_identities(tenant, app, &missing, &read);
            found.extend(read);
        }
        Ok(found)
    }

    /// The tenant users the caller means by these IDs; IDs that match nobody (in this tenant, as
    /// this app sees it) are left out. From the request's directory cache, and from the store
    /// for the IDs it does not remember: requests that list users ask this for each of them.
    pub async fn internal_user_ids(
        &self,
        mapping: &IdMapping,
        ids: &[String],
    ) -> Result<InternalIds> {
        let access = &mapping.access;
        let (tenant, app) = (access.tenant_key(), &access.app().app_id);
        let cache = access.snapshot().directory();
        let (mut found, missing) = cache.users_known_as(tenant, app, mapping.kind, ids);
        if !missing.is_empty() {
            let read: Vec<Arc<UserIds>> = self
                .store()
                .identities_by_external_id(tenant, app, mapping.kind, &missing)
                .await?
                .into_iter()
                .map(|identity| Arc::new(identity.into()))
                .collect();
            cache.remember_known_as(tenant, app, mapping.kind, &read);
            found.extend(read);
        }
        Ok(found
            .iter()
            .map(|ids| (ids.of(mapping.kind).to_owned(), ids.user_id.clone()))
            .collect())
    }
}
