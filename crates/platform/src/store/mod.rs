//! The platform's storage: ports (one trait per aggregate) and their SQL implementation for both
//! databases. Every method that reads tenant data takes the tenant's key: a row of another tenant
//! is never returned, which is what makes "another tenant's ID behaves like a missing one" hold
//! everywhere.

mod directory;
mod journal;
mod rate_windows;
mod tenants;
mod tokens;

use async_trait::async_trait;

pub use directory::{insert_departments, insert_identities, insert_users};
pub use journal::{JournalFilter, JournalRow, SqlJournalStore};
pub use rate_windows::{RateKey, RateWindow, count_call};
pub use tenants::{SCHEMA, has_tenants, write_tenant};

use crate::catalog::CatalogStore;
use crate::clock::{Millis, TenantClock};
use crate::db::Db;
use crate::directory::{App, Department, Tenant, TenantDirectory, User, UserIdentity};
use crate::error::StoreResult;
use crate::ids::{AppId, DepartmentId, TenantKey, UserId, UserIdType};

/// Server-wide settings kept in the database so that every replica shares them.
#[async_trait]
pub trait MetaStore: Send + Sync {
    /// The value stored under `key`, inserting `value` first if there is none. Concurrent
    /// callers all get the one value that won.
    async fn meta_get_or_insert(&self, key: &str, value: &str) -> StoreResult<String>;
    async fn meta_get(&self, key: &str) -> StoreResult<Option<String>>;
    async fn meta_set(&self, key: &str, value: &str) -> StoreResult<()>;
}

#[async_trait]
pub trait TenantStore: Send + Sync {
    /// Deletes a tenant and everything in it; false when there was none.
    async fn delete_tenant(&self, tenant: &TenantKey) -> StoreResult<bool>;
    /// Deletes every tenant; answers how many there were.
    async fn delete_all_tenants(&self) -> StoreResult<u64>;
    async fn has_tenants(&self) -> StoreResult<bool>;
    /// Every tenant, by key (a server holds a handful: the admin API lists them whole).
    async fn tenants(&self) -> StoreResult<Vec<Tenant>>;
    /// Sets a tenant's clock; false when the tenant does not exist.
    async fn set_tenant_clock(&self, tenant: &TenantKey, clock: TenantClock) -> StoreResult<bool>;
    /// The tenant's whole directory as stored (`None` when there is no such tenant): apps,
    /// departments and users in declaration order, identities by user then app. What
    /// [`write_tenant`] wrote, read back (the export of a fixture).
    async fn tenant_directory(&self, tenant: &TenantKey) -> StoreResult<Option<TenantDirectory>>;
}

/// Identifiers that are unique on the whole server, not only within a tenant: a credential or a
/// DingTalk corpId names exactly one tenant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GlobalId {
    AppId,
    DingTalkAppKey,
    DingTalkCorpId,
}

/// How much of the directory a tenant holds (the admin API's summary).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DirectoryCounts {
    pub apps: usize,
    pub departments: usize,
    pub users: usize,
}

#[async_trait]
pub trait DirectoryStore: Send + Sync {
    async fn directory_counts(&self, tenant: &TenantKey) -> StoreResult<DirectoryCounts>;
    /// The tenants holding any of these server-wide identifiers, as (identifier, tenant).
    async fn global_id_owners(
        &self,
        kind: GlobalId,
        values: &[String],
    ) -> StoreResult<Vec<(String, TenantKey)>>;
    /// These users of the tenant (missing ones are left out).
    async fn users(&self, tenant: &TenantKey, users: &[UserId]) -> StoreResult<Vec<User>>;
    /// These departments of the tenant (missing ones are left out).
    async fn departments(
        &self,
        tenant: &TenantKey,
        departments: &[DepartmentId],
    ) -> StoreResult<Vec<Department>>;
    async fn app_by_dingtalk_key(&self, app_key: &str) -> StoreResult<Option<App>>;
    /// The tenant whose DingTalk corpId this is.
    async fn tenant_by_dingtalk_corp(&self, corp_id: &str) -> StoreResult<Option<TenantKey>>;
    /// Every app of the tenant.
    async fn apps_of(&self, tenant: &TenantKey) -> StoreResult<Vec<App>>;
    /// The first `limit` users of the tenant, in declaration order.
    async fn first_users(&self, tenant: &TenantKey, limit: usize) -> StoreResult<Vec<User>>;
    /// Users in `user_id` byte order after `after`, at most `limit`.
    async fn users_page(
        &self,
        tenant: &TenantKey,
        after: Option<&UserId>,
        limit: usize,
    ) -> StoreResult<Vec<User>>;
    /// Departments in `department_id` byte order after `after`, at most `limit`.
    async fn departments_page(
        &self,
        tenant: &TenantKey,
        after: Option<&DepartmentId>,
        limit: usize,
    ) -> StoreResult<Vec<Department>>;
    /// Which of these users exist in the tenant.
    async fn existing_users(
        &self,
        tenant: &TenantKey,
        users: &[UserId],
    ) -> StoreResult<Vec<UserId>>;
    /// How `app` sees these users (missing users are left out).
    async fn identities_of_users(
        &self,
        tenant: &TenantKey,
        app: &AppId,
        users: &[UserId],
    ) -> StoreResult<Vec<UserIdentity>>;
    /// The users `app` knows by these IDs of the given kind (unknown IDs are left out).
    async fn identities_by_external_id(
        &self,
        tenant: &TenantKey,
        app: &AppId,
        kind: UserIdType,
        ids: &[String],
    ) -> StoreResult<Vec<UserIdentity>>;
    /// Which of these user IDs exist, compared without case; answered in lower case.
    async fn user_ids_ignoring_case(
        &self,
        tenant: &TenantKey,
        ids: &[String],
    ) -> StoreResult<Vec<String>>;
    /// Which of these mobiles a user of the tenant has.
    async fn used_mobiles(
        &self,
        tenant: &TenantKey,
        mobiles: &[String],
    ) -> StoreResult<Vec<String>>;
    /// Departments whose `department_id` or `open_department_id` is one of `ids`.
    async fn departments_by_any_id(
        &self,
        tenant: &TenantKey,
        ids: &[String],
    ) -> StoreResult<Vec<Department>>;
}

/// When a self-built app's current access token was issued, so that replicas hand out the same
/// token while it has ≥ 30 minutes left.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenIssue {
    pub issued_at: Millis,
    /// Identifies the app secret the token was issued under; a new secret means a new token.
    pub credential_fingerprint: String,
}

/// A token that is handed out again (and renewed) while valid: DingTalk's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenewedIssue {
    pub issued_at: Millis,
    pub renewed_at: Millis,
    pub credential_fingerprint: String,
}

/// What a single-use OAuth grant is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GrantKind {
    /// An authorization code (5 minutes).
    Code,
    /// A refresh token (30 days, rotated on use).
    Refresh,
}

/// A single-use OAuth grant: a user of a tenant authorised an app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OAuthGrant {
    pub kind: GrantKind,
    pub tenant: TenantKey,
    pub app: AppId,
    pub user: UserId,
    pub expires_at: Millis,
}

#[async_trait]
pub trait TokenStore: Send + Sync {
    async fn app_token_issue(&self, app: &AppId) -> StoreResult<Option<TokenIssue>>;
    /// Stores `issue` unless the stored one is still reusable: of the same credentials, issued
    /// after `reusable_after` and not after `issue`. Answers the issue stored.
    async fn claim_app_token_issue(
        &self,
        app: &AppId,
        issue: &TokenIssue,
        reusable_after: Millis,
    ) -> StoreResult<TokenIssue>;
    async fn dingtalk_token_issue(&self, app: &AppId) -> StoreResult<Option<RenewedIssue>>;
    async fn record_dingtalk_token_issue(
        &self,
        app: &AppId,
        issue: &RenewedIssue,
    ) -> StoreResult<()>;
    /// Stores a grant under the hash of its secret.
    async fn put_oauth_grant(&self, hash: &str, grant: &OAuthGrant) -> StoreResult<()>;
    /// Removes and returns the grant of that kind stored under `hash`: of concurrent takers, at
    /// most one gets it.
    async fn take_oauth_grant(
        &self,
        hash: &str,
        kind: GrantKind,
    ) -> StoreResult<Option<OAuthGrant>>;
}

/// The directory's tables that imports fill (departments, users and their identities), by name:
/// what a large import leaves analyzed ([`Db::analyze`](crate::db::Db::analyze)).
pub fn directory_tables() -> Vec<String> {
    use crate::db::Table;
    [
        directory::Departments::NAME,
        directory::Users::NAME,
        directory::Identities::NAME,
    ]
    .map(str::to_owned)
    .to_vec()
}

/// Every platform table's declaration, checked with [`crate::db::check_table`].
pub async fn check_tables(db: &Db) -> StoreResult<()> {
    use crate::db::check_table;
    check_table::<tenants::Tenants>(db).await?;
    check_table::<directory::Apps>(db).await?;
    check_table::<directory::Departments>(db).await?;
    check_table::<directory::Users>(db).await?;
    check_table::<directory::Identities>(db).await?;
    crate::events::check_tables(db).await
}

/// Everything the platform's use cases need from storage.
pub trait PlatformStore:
    CatalogStore + MetaStore + TenantStore + DirectoryStore + TokenStore
{
}

impl<T> PlatformStore for T where
    T: CatalogStore + MetaStore + TenantStore + DirectoryStore + TokenStore
{
}

/// The platform's tables in a database.
#[derive(Clone)]
pub struct SqlPlatformStore {
    db: Db,
}

impl SqlPlatformStore {
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}
