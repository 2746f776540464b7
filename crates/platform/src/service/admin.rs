//! The platform's admin use cases: tenants, clocks, ID lookup, and the server-wide uniqueness of
//! app IDs, DingTalk app keys and corpIds when tenants are loaded.

use std::collections::BTreeSet;

use super::Platform;
use crate::clock::{Millis, TenantClock};
use crate::directory::{Tenant, TenantDirectory, UserIdentity};
use crate::error::{Error, Result};
use crate::ids::{AppId, TenantKey, UserId};
use crate::store::{DirectoryCounts, GlobalId};

/// A change to a tenant's clock (`PUT /_openwork/v1/tenants/{key}/clock`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClockChange {
    /// Fix "now" at this instant.
    FixAt(Millis),
    /// Move "now" by this many seconds (fixed clocks stay fixed, running ones keep running).
    Advance(i64),
    /// Back to real time.
    Real,
}

impl Platform {
    /// App IDs, DingTalk app keys and corpIds identify one tenant on the whole server: refuse a
    /// fixture that would give one of another tenant's to one of its tenants.
    /// `directories` are a fixture's tenants, in its order (for the error's path).
    pub async fn check_app_ownership(&self, directories: &[&TenantDirectory]) -> Result<()> {
        // (kind, value, tenant index, fixture path)
        let mut claims: Vec<(GlobalId, String, usize, String)> = Vec::new();
        for (i, world) in directories.iter().enumerate() {
            if let Some(corp_id) = &world.tenant.dingtalk_corp_id {
                claims.push((
                    GlobalId::DingTalkCorpId,
                    corp_id.clone(),
                    i,
                    format!("tenants[{i}].dingtalk_corp_id"),
                ));
            }
            for (j, app) in world.apps.iter().enumerate() {
                claims.push((
                    GlobalId::AppId,
                    app.app_id.to_string(),
                    i,
                    format!("tenants[{i}].apps[{j}].app_id"),
                ));
                if let Some(dingtalk) = &app.dingtalk {
                    claims.push((
                        GlobalId::DingTalkAppKey,
                        dingtalk.app_key.clone(),
                        i,
                        format!("tenants[{i}].apps[{j}].dingtalk.app_key"),
                    ));
                }
            }
        }
        for kind in [
            GlobalId::AppId,
            GlobalId::DingTalkAppKey,
            GlobalId::DingTalkCorpId,
        ] {
            let values: Vec<String> = claims
                .iter()
                .filter(|c| c.0 == kind)
                .map(|c| c.1.clone())
                .collect();
            if values.is_empty() {
                continue;
            }
            let owners = self.store().global_id_owners(kind, &values).await?;
            for (value, owner) in owners {
                let (index, path) = claims
                    .iter()
                    .filter(|c| c.0 == kind && c.1 == value)
                    .map(|c| (c.2, c.3.clone()))
                    .next()
                    .expect("the store only answers for values it was asked about");
                if directories[index].tenant.tenant_key != owner {
                    return Err(Error::invalid_fixture(
                        path,
                        format!("{value:?} belongs to tenant {owner:?}"),
                    ));
                }
            }
        }
        Ok(())
    }

    pub async fn delete_tenant(&self, tenant: &TenantKey) -> Result<()> {
        if self.store().delete_tenant(tenant).await? {
            Ok(())
        } else {
            Err(Error::not_found(format!("tenant {tenant:?}")))
        }
    }

    /// Deletes every tenant; answers how many there were.
    pub async fn reset(&self) -> Result<u64> {
        Ok(self.store().delete_all_tenants().await?)
    }

    /// Changes a tenant's clock and answers its new "now".
    pub async fn change_clock(&self, tenant: &TenantKey, change: ClockChange) -> Result<Millis> {
        let current = self.existing_tenant(tenant).await?.clock;
        let clock = match change {
            ClockChange::FixAt(at) => TenantClock::fixed_at(at),
            ClockChange::Advance(seconds) => current.advanced(seconds),
            ClockChange::Real => TenantClock::default(),
        };
        if !self.store().set_tenant_clock(tenant, clock).await? {
            return Err(Error::not_found(format!("tenant {tenant:?}")));
        }
        Ok(clock.now(self.real_now()))
    }

    /// A tenant's "now" (admin API).
    pub async fn clock_now(&self, tenant: &TenantKey) -> Result<Millis> {
        let tenant = self.existing_tenant(tenant).await?;
        Ok(self.tenant_now(&tenant))
    }

    /// Which of `ids` name users of the tenant.
    pub async fn known_users(
        &self,
        tenant: &TenantKey,
        ids: Vec<String>,
    ) -> Result<BTreeSet<String>> {
        let users: Vec<UserId> = ids.into_iter().map(UserId::new).collect();
        Ok(self
            .store()
            .existing_users(tenant, &users)
            .await?
            .into_iter()
            .map(|user| user.0)
            .collect())
    }

    /// A tenant that must exist (admin API): `NotFound` otherwise. Read as of now, through the
    /// catalog cache.
    pub async fn existing_tenant(&self, tenant: &TenantKey) -> Result<Tenant> {
        let at = self.snapshot().await?;
        self.catalog()
            .tenant(&at, tenant)
            .await?
            .ok_or_else(|| Error::not_found(format!("tenant {tenant:?}")))
    }

    /// A tenant's whole directory as stored, to be written back as a fixture; `NotFound` when
    /// there is no such tenant.
    pub async fn tenant_directory(&self, tenant: &TenantKey) -> Result<TenantDirectory> {
        self.store()
            .tenant_directory(tenant)
            .await?
            .ok_or_else(|| Error::not_found(format!("tenant {tenant:?}")))
    }

    /// How much of the directory a tenant holds; `NotFound` when there is no such tenant.
    pub async fn directory_counts(&self, tenant: &TenantKey) -> Result<DirectoryCounts> {
        self.existing_tenant(tenant).await?;
        Ok(self.store().directory_counts(tenant).await?)
    }

    /// Whether the database holds any tenant.
    pub async fn has_tenants(&self) -> Result<bool> {
        Ok(self.store().has_tenants().await?)
    }

    /// How one app of a tenant sees one of its users.
    pub async fn user_identity(
        &self,
        tenant: &TenantKey,
        user: &UserId,
        app: &AppId,
    ) -> Result<UserIdentity> {
        self.existing_tenant(tenant).await?;
        self.store()
            .identities_of_users(tenant, app, std::slice::from_ref(user))
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| {
                Error::not_found(format!("user {user:?} of app {app:?} in tenant {tenant:?}"))
            })
    }
}
