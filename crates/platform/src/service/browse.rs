//! The admin API's read-only view of tenants and their directories, for a console that shows
//! the world. Lists that grow with a tenant (users, departments) are read a keyset page at a
//! time, never whole; the services page their own lists with [`Platform::admin_pager`].

use super::Platform;
use crate::directory::{App, Department, Tenant, User};
use crate::error::Result;
use crate::ids::{DepartmentId, TenantKey, UserId};
use crate::paging::{CursorScope, Page, PageRequest, Pager, foreign_cursor};

impl Platform {
    /// Every tenant on the server, by key.
    pub async fn tenants(&self) -> Result<Vec<Tenant>> {
        Ok(self.store().tenants().await?)
    }

    /// A tenant's apps in declaration order, credentials included; `NotFound` when there is no
    /// such tenant.
    pub async fn tenant_apps(&self, tenant: &TenantKey) -> Result<Vec<App>> {
        self.existing_tenant(tenant).await?;
        self.apps_of(tenant).await
    }

    /// A page of a tenant's users in `user_id` byte order.
    pub async fn users_page(&self, tenant: &TenantKey, page: &PageRequest) -> Result<Page<User>> {
        self.existing_tenant(tenant).await?;
        let pager = self.admin_pager(tenant, "admin.users", String::new(), page)?;
        let after = pager.after.as_deref().map(UserId::from);
        let users = self
            .store()
            .users_page(tenant, after.as_ref(), pager.limit())
            .await?;
        Ok(pager.close(users, |user| user.user_id.to_string()))
    }

    /// A page of a tenant's departments in `department_id` byte order.
    pub async fn departments_page(
        &self,
        tenant: &TenantKey,
        page: &PageRequest,
    ) -> Result<Page<Department>> {
        self.existing_tenant(tenant).await?;
        let pager = self.admin_pager(tenant, "admin.departments", String::new(), page)?;
        let after = pager.after.as_deref().map(DepartmentId::from);
        let departments = self
            .store()
            .departments_page(tenant, after.as_ref(), pager.limit())
            .await?;
        Ok(pager.close(departments, |department| {
            department.department_id.to_string()
        }))
    }

    /// The pager of one of the admin API's lists of a tenant (`list` names it, `filters` holds
    /// what selects its items): its cursors open only for the same tenant, list and filters, so
    /// a `next` passed to another list is refused rather than read as a position there.
    pub fn admin_pager(
        &self,
        tenant: &TenantKey,
        list: &'static str,
        filters: String,
        page: &PageRequest,
    ) -> Result<Pager<'_>> {
        let cursor = CursorScope::admin(tenant, list, filters);
        Pager::open(self.keys(), cursor, page.limit, page.after.as_deref())
            .ok_or_else(foreign_cursor)
    }
}
