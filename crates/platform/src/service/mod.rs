//! The platform's use cases: tokens (Feishu, DingTalk, the OAuth code flow), callers and their
//! scopes, ID mapping, the directory as the services read it, tenants and clocks (admin API),
//! and the admin API's read-only view of tenants and directories (`browse`).

mod admin;
mod browse;
mod dingtalk;
mod directory;
mod events;
mod identity;
mod oauth;
mod tokens;

use std::sync::Arc;

pub use admin::ClockChange;
pub use identity::{
    EMPLOYEE_ID_SCOPE, ExternalIds, IdHasher, IdMapping, InternalIds, UserRef, UserRefs,
};
pub use oauth::{UserInfo, UserTokenGrant, field_scopes};
pub use tokens::IssuedToken;

use crate::catalog::{Cached, Catalog, CatalogStore, Snapshot};
use crate::clock::{Millis, SharedClock, SystemClock};
use crate::db::Db;
use crate::directory::Tenant;
use crate::error::{Result, StoreError};
use crate::events::{EventStore, SqlEventStore};
use crate::store::{MetaStore, PlatformStore, SqlPlatformStore};
use crate::token::Keys;

/// Meta key of the server's signing key.
const SIGNING_KEY: &str = "signing_key";

/// The platform, bound to a migrated database.
#[derive(Clone)]
pub struct Platform {
    inner: Arc<Inner>,
}

struct Inner {
    store: Arc<dyn PlatformStore>,
    /// The catalog reads, through the catalog cache.
    catalog: Cached<SqlPlatformStore>,
    snapshots: Catalog,
    keys: Keys,
    clock: SharedClock,
    events: Arc<dyn EventStore>,
}

impl Platform {
    /// Binds to a migrated database, creating the server's signing key on first use.
    pub async fn open(db: &Db) -> Result<Self> {
        Self::open_with_clock(db, Arc::new(SystemClock)).await
    }

    /// As [`Platform::open`], with an injected real clock (the tests of token lifetimes).
    pub async fn open_with_clock(db: &Db, clock: SharedClock) -> Result<Self> {
        let sql = SqlPlatformStore::new(db.clone());
        let stored = sql
            .meta_get_or_insert(SIGNING_KEY, &Keys::generate_hex())
            .await?;
        let keys = Keys::from_hex(&stored)
            .ok_or_else(|| StoreError::Backend("the stored signing key is corrupt".into()))?;
        Ok(Self {
            inner: Arc::new(Inner {
                store: Arc::new(sql.clone()),
                catalog: Cached(sql),
                snapshots: Catalog::default(),
                keys,
                clock,
                events: Arc::new(SqlEventStore::new(db.clone())),
            }),
        })
    }

    fn store(&self) -> &dyn PlatformStore {
        self.inner.store.as_ref()
    }

    fn catalog(&self) -> &dyn CatalogStore {
        &self.inner.catalog
    }

    /// The catalog and the directory cache as of now (one statement; see [`crate::catalog`]).
    pub async fn snapshot(&self) -> Result<Arc<Snapshot>> {
        let revisions = self.catalog().revisions().await?;
        Ok(self.inner.snapshots.at(revisions))
    }

    pub fn keys(&self) -> &Keys {
        &self.inner.keys
    }

    /// The real time (token lifetimes).
    pub fn real_now(&self) -> Millis {
        self.inner.clock.now()
    }

    /// A tenant's business "now".
    pub fn tenant_now(&self, tenant: &Tenant) -> Millis {
        tenant.clock.now(self.real_now())
    }

    /// A server-wide setting shared by every replica.
    pub async fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self.store().meta_get(key).await?)
    }

    pub async fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        Ok(self.store().meta_set(key, value).await?)
    }

    /// The setting stored under `key`, storing `value` first if there is none: of replicas that
    /// start together, all get the one value that won.
    pub async fn setting_or_insert(&self, key: &str, value: &str) -> Result<String> {
        Ok(self.store().meta_get_or_insert(key, value).await?)
    }
}
