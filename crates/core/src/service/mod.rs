//! The application service: every use case of every front end (Feishu, DingTalk, admin API) is a
//! method of [`Openwork`], grouped by area in the submodules.

mod admin;
mod dingtalk;
mod identity;
mod oauth;
mod tokens;

use std::sync::Arc;

pub use admin::ClockChange;
pub use identity::{EMPLOYEE_ID_SCOPE, IdMapping};
pub use oauth::{CODE_LIFETIME_SECONDS, UserInfo, UserTokenGrant};
pub use tokens::IssuedToken;

use crate::auth::{Access, Keys};
use crate::catalog::{Catalog, CatalogView};
use crate::clock::{Millis, SharedClock, SystemClock};
use crate::contact::JobMetrics;
use crate::directory::Tenant;
use crate::error::{Error, Result};
use crate::ids::TenantKey;
use crate::store::{Store, StoreError};

/// Meta key of the server's signing key.
const SIGNING_KEY: &str = "signing_key";

/// openwork's domain, bound to a store.
#[derive(Clone)]
pub struct Openwork {
    store: Arc<dyn Store>,
    keys: Keys,
    clock: SharedClock,
    pub(crate) job_metrics: Arc<JobMetrics>,
    catalog: Arc<Catalog>,
}

impl Openwork {
    /// Binds to a migrated store, creating the server's signing key on first use.
    pub async fn open(store: Arc<dyn Store>) -> Result<Self> {
        Self::open_with_clock(store, Arc::new(SystemClock)).await
    }

    /// As [`Openwork::open`], with an injected real clock (tests of token lifetimes).
    pub async fn open_with_clock(store: Arc<dyn Store>, clock: SharedClock) -> Result<Self> {
        let stored = store
            .meta_get_or_insert(SIGNING_KEY, &Keys::generate_hex())
            .await?;
        let keys = Keys::from_hex(&stored)
            .ok_or_else(|| StoreError::Backend("the stored signing key is corrupt".into()))?;
        Ok(Self {
            store,
            keys,
            clock,
            job_metrics: Arc::new(JobMetrics::default()),
            catalog: Arc::new(Catalog::default()),
        })
    }

    pub fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }

    /// The catalog as of now (one statement; see [`crate::catalog`]).
    pub(crate) async fn catalog_view(&self) -> Result<Arc<CatalogView>> {
        Ok(self.catalog.view(self.store()).await?)
    }

    pub fn keys(&self) -> &Keys {
        &self.keys
    }

    /// The real time (token lifetimes).
    pub fn real_now(&self) -> Millis {
        self.clock.now()
    }

    /// A tenant that must exist (admin API): `NotFound` otherwise.
    pub(crate) async fn existing_tenant(&self, tenant: &TenantKey) -> Result<Tenant> {
        self.store
            .tenant(tenant)
            .await?
            .ok_or_else(|| Error::not_found(format!("tenant {tenant:?}")))
    }

    /// The caller's tenant, from the catalog of its request (`NotFound` if it was deleted since
    /// the token was checked).
    pub(crate) async fn caller_tenant(&self, access: &Access) -> Result<Tenant> {
        access
            .catalog()
            .tenant(self.store(), access.tenant())
            .await?
            .ok_or_else(|| Error::not_found(format!("tenant {:?}", access.tenant())))
    }

    /// A tenant's business "now".
    pub fn tenant_now(&self, tenant: &Tenant) -> Millis {
        tenant.clock.now(self.real_now())
    }
}
