//! The directory as the services read it: users, departments and apps of a tenant.

use std::collections::BTreeSet;

use super::Platform;
use crate::directory::{App, Department, User, UserIdentity};
use crate::error::Result;
use crate::ids::{AppId, DepartmentId, TenantKey, UserId, UserIdType};

impl Platform {
    /// An app, as of now (through the catalog cache).
    pub async fn app(&self, app_id: &AppId) -> Result<Option<App>> {
        let at = self.snapshot().await?;
        Ok(self.catalog().app(&at, app_id).await?)
    }

    /// These users of the tenant (missing ones are left out).
    pub async fn users(&self, tenant: &TenantKey, users: &[UserId]) -> Result<Vec<User>> {
        Ok(self.store().users(tenant, users).await?)
    }

    /// These departments of the tenant (missing ones are left out).
    pub async fn departments(
        &self,
        tenant: &TenantKey,
        departments: &[DepartmentId],
    ) -> Result<Vec<Department>> {
        Ok(self.store().departments(tenant, departments).await?)
    }

    /// Which of these users exist in the tenant.
    pub async fn existing_users(
        &self,
        tenant: &TenantKey,
        users: &[UserId],
    ) -> Result<BTreeSet<UserId>> {
        Ok(self
            .store()
            .existing_users(tenant, users)
            .await?
            .into_iter()
            .collect())
    }

    /// Every app of the tenant, in declaration order.
    pub async fn apps_of(&self, tenant: &TenantKey) -> Result<Vec<App>> {
        Ok(self.store().apps_of(tenant).await?)
    }

    /// The users `app` knows by these IDs of the given kind (unknown IDs are left out).
    pub async fn identities_by_external_id(
        &self,
        tenant: &TenantKey,
        app: &AppId,
        kind: UserIdType,
        ids: &[String],
    ) -> Result<Vec<UserIdentity>> {
        Ok(self
            .store()
            .identities_by_external_id(tenant, app, kind, ids)
            .await?)
    }

    /// Which of these user IDs exist, compared without case; answered in lower case.
    pub async fn user_ids_ignoring_case(
        &self,
        tenant: &TenantKey,
        ids: &[String],
    ) -> Result<Vec<String>> {
        Ok(self.store().user_ids_ignoring_case(tenant, ids).await?)
    }

    /// Which of these mobiles a user of the tenant has.
    pub async fn used_mobiles(
        &self,
        tenant: &TenantKey,
        mobiles: &[String],
    ) -> Result<Vec<String>> {
        Ok(self.store().used_mobiles(tenant, mobiles).await?)
    }

    /// Departments whose `department_id` or `open_department_id` is one of `ids`.
    pub async fn departments_by_any_id(
        &self,
        tenant: &TenantKey,
        ids: &[String],
    ) -> Result<Vec<Department>> {
        Ok(self.store().departments_by_any_id(tenant, ids).await?)
    }
}
