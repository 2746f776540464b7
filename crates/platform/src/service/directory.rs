//! The directory as the services read it: users, departments and apps of a tenant.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use super::Platform;
use crate::access::Access;
use crate::directory::{App, Department, Person, UserIdentity};
use crate::error::Result;
use crate::ids::{AppId, DepartmentId, TenantKey, UserId, UserIdType};

impl Platform {
    /// An app, as of now (through the catalog cache).
    pub async fn app(&self, app_id: &AppId) -> Result<Option<App>> {
        let at = self.snapshot().await?;
        Ok(self.catalog().app(&at, app_id).await?)
    }

    /// The names and departments of these users of the caller's tenant (those that exist):
    /// from the request's directory cache, and from the store for the users it does not
    /// remember yet. Pages that show users by name ask this.
    pub async fn people(
        &self,
        access: &Access,
        users: &[UserId],
    ) -> Result<HashMap<UserId, Arc<Person>>> {
        let tenant = access.tenant_key();
        let read = async |missing: &[UserId]| -> Result<_> {
            let read = self.store().users(tenant, missing).await?;
            Ok(read
                .iter()
                .map(|user| (user.user_id.clone(), Arc::new(Person::from(user))))
                .collect())
        };
        access
            .snapshot()
            .directory()
            .people(tenant, users, read)
            .await
    }

    /// These departments of the caller's tenant (those that exist), as [`Self::people`] reads
    /// users.
    pub async fn departments_named(
        &self,
        access: &Access,
        departments: &[DepartmentId],
    ) -> Result<HashMap<DepartmentId, Arc<Department>>> {
        let tenant = access.tenant_key();
        let read = async |missing: &[DepartmentId]| -> Result<_> {
            let read = self.store().departments(tenant, missing).await?;
            Ok(read
                .into_iter()
                .map(|department| (department.department_id.clone(), Arc::new(department)))
                .collect())
        };
        let cache = access.snapshot().directory();
        cache.departments(tenant, departments, read).await
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
