//! Apps, users and how each app sees each user.

use async_trait::async_trait;
use sqlx::AnyConnection;

use super::{DirectoryCounts, DirectoryStore, GlobalId, SqlPlatformStore};
use crate::db::{
    Cell, Columns, Dialect, Nullable, Param, ReadRow, Table, Unwatched, WriteProgress, backend,
    column, in_list, insert, placeholders,
};
use crate::directory::{App, Department, DingTalkApp, User, UserIdentity};
use crate::error::{StoreError, StoreResult};
use crate::ids::{AppId, DepartmentId, TenantKey, UserId, UserIdType};
use crate::table;

/// An app's DingTalk identity: `dingtalk_app_key`, `dingtalk_app_secret`, `dingtalk_agent_id`,
/// `dingtalk_permissions` (all NULL for an app without one).
impl Columns for DingTalkApp {
    fn put(&self, out: &mut Vec<Cell>) {
        self.app_key.put(out);
        self.app_secret.put(out);
        self.agent_id.put(out);
        self.permissions.put(out);
    }
    fn read(row: &ReadRow<'_>, columns: &[&str]) -> StoreResult<Self> {
        Ok(Self {
            app_key: String::read(row, &columns[..1])?,
            app_secret: String::read(row, &columns[1..2])?,
            agent_id: Option::read(row, &columns[2..3])?,
            permissions: Option::read(row, &columns[3..4])?,
        })
    }
}

impl Nullable for DingTalkApp {
    fn put_null(out: &mut Vec<Cell>) {
        String::put_null(out);
        String::put_null(out);
        String::put_null(out);
        String::put_null(out);
    }
    fn read_nullable(row: &ReadRow<'_>, columns: &[&str]) -> StoreResult<Option<Self>> {
        match Option::<String>::read(row, &columns[..1])? {
            Some(_) => Self::read(row, columns).map(Some),
            None => Ok(None),
        }
    }
}

table! {
    /// Apps, in declaration order within their tenant.
    pub(crate) Apps: App in "apps",
    scope (position: i64),
    {
        tenant_key: ["tenant_key"],
        app_id: ["app_id"],
        app_secret: ["app_secret"],
        name: ["name"],
        developer: ["developer"],
        scopes: ["scopes"],
        dingtalk: [
            "dingtalk_app_key",
            "dingtalk_app_secret",
            "dingtalk_agent_id",
            "dingtalk_permissions",
        ],
    }
}

table! {
    /// Departments, in declaration order (then creation order) within their tenant.
    pub(crate) Departments: Department in "departments",
    scope (tenant_key: TenantKey, position: i64),
    {
        department_id: ["department_id"],
        name: ["name"],
        parent_id: ["parent_id"],
        leader_user_id: ["leader_user_id"],
        open_department_id: ["open_department_id"],
        chat_id: ["chat_id"],
    }
}

table! {
    /// Users, in declaration order (then creation order) within their tenant.
    pub(crate) Users: User in "users",
    scope (tenant_key: TenantKey, position: i64),
    {
        user_id: ["user_id"],
        name: ["name"],
        en_name: ["en_name"],
        email: ["email"],
        mobile: ["mobile"],
        department_ids: ["department_ids"],
        leader_user_id: ["leader_user_id"],
        employee_no: ["employee_no"],
        attributes: ["attributes"],
    }
}

table! {
    /// How each app sees each user.
    pub(crate) Identities: UserIdentity in "user_identities",
    scope (tenant_key: TenantKey),
    {
        app_id: ["app_id"],
        user_id: ["user_id"],
        open_id: ["open_id"],
        union_id: ["union_id"],
    }
}

/// The position after the last row of the tenant in `table` (declaration order).
async fn next_position(
    conn: &mut AnyConnection,
    table: &str,
    tenant: &TenantKey,
) -> StoreResult<i64> {
    sqlx::query_scalar(&format!(
        "SELECT COALESCE(MAX(position), -1) + 1 FROM {table} WHERE tenant_key = $1"
    ))
    .bind(tenant.as_str())
    .fetch_one(&mut *conn)
    .await
    .map_err(backend)
}

/// Items paired with their positions, from `first` on.
fn positioned<T>(items: &[T], first: i64) -> Vec<(&T, i64)> {
    items.iter().zip(first..).collect()
}

/// Inserts users, ordered from `first_position` on (`None`: after the tenant's last user).
pub async fn insert_users(
    conn: &mut AnyConnection,
    tenant: &TenantKey,
    users: &[User],
    first_position: Option<i64>,
    progress: &dyn WriteProgress,
) -> StoreResult<()> {
    if users.is_empty() {
        return Ok(());
    }
    let first = match first_position {
        Some(position) => position,
        None => next_position(conn, Users::NAME, tenant).await?,
    };
    insert::<Users, _>(conn, &positioned(users, first), progress, |(user, at)| {
        Users::cells((tenant, at), user)
    })
    .await
}

/// Inserts departments, ordered from `first_position` on (`None`: after the tenant's last).
pub async fn insert_departments(
    conn: &mut AnyConnection,
    tenant: &TenantKey,
    departments: &[Department],
    first_position: Option<i64>,
    progress: &dyn WriteProgress,
) -> StoreResult<()> {
    if departments.is_empty() {
        return Ok(());
    }
    let first = match first_position {
        Some(position) => position,
        None => next_position(conn, Departments::NAME, tenant).await?,
    };
    insert::<Departments, _>(
        conn,
        &positioned(departments, first),
        progress,
        |(department, at)| Departments::cells((tenant, at), department),
    )
    .await
}

pub async fn insert_identities(
    conn: &mut AnyConnection,
    tenant: &TenantKey,
    identities: &[UserIdentity],
    progress: &dyn WriteProgress,
) -> StoreResult<()> {
    insert::<Identities, _>(conn, identities, progress, |identity| {
        Identities::cells((tenant,), identity)
    })
    .await
}

/// Lists bound into one `IN (…)`; longer lists are split.
const IN_LIST_CHUNK: usize = 500;

/// Lower-cased values for `IN (…)` against `lower(user_id)`.
fn lowered(values: &[String]) -> Vec<String> {
    values.iter().map(|v| v.to_lowercase()).collect()
}

impl SqlPlatformStore {
    /// `SELECT {selected}` of the tenant's `table` rows whose `{matched}` is one of `values`.
    async fn column_where_in(
        &self,
        table: &str,
        selected: &str,
        matched: &str,
        tenant: &TenantKey,
        values: &[String],
    ) -> StoreResult<Vec<String>> {
        let mut found = Vec::new();
        for chunk in values.chunks(IN_LIST_CHUNK) {
            let sql = format!(
                "SELECT {selected} AS value FROM {table} WHERE tenant_key = $1 AND {matched} IN ({})",
                placeholders(2, chunk.len())
            );
            let mut query = sqlx::query(&sql).bind(tenant.as_str());
            for value in chunk {
                query = query.bind(value.as_str());
            }
            for row in query.fetch_all(self.db.pool()).await.map_err(backend)? {
                found.push(column(&row, "value")?);
            }
        }
        Ok(found)
    }

    /// The rows of table `T` in `tenant` whose `column` is one of `values`, in chunks. Each
    /// chunk is a point read: pages ask this for the tens of people they name.
    async fn tenant_rows_where_in<T: Table>(
        &self,
        tenant: &TenantKey,
        column: &str,
        values: &[&str],
    ) -> StoreResult<Vec<T::Row>> {
        let mut rows = Vec::with_capacity(values.len());
        for chunk in values.chunks(IN_LIST_CHUNK) {
            let mut params = vec![Param::Text(tenant.as_str())];
            let within = in_list(&mut params, column, chunk.iter().copied());
            let sql = format!("SELECT * FROM {} WHERE tenant_key = $1{within}", T::NAME);
            rows.extend(self.db.point_read(&sql, &params, T::read_row).await?);
        }
        Ok(rows)
    }

    /// Identity rows of `app` in `tenant` whose `column` is one of `values`.
    async fn identities_where_in(
        &self,
        tenant: &TenantKey,
        app: &AppId,
        column: &str,
        values: &[String],
    ) -> StoreResult<Vec<UserIdentity>> {
        let mut found = Vec::with_capacity(values.len());
        for chunk in values.chunks(IN_LIST_CHUNK) {
            let sql = identities_statement(self.db.dialect(), column, chunk.len());
            let mut params = vec![Param::Text(tenant.as_str()), Param::Text(app.as_str())];
            params.extend(chunk.iter().map(|value| Param::Text(value)));
            let packed = self
                .db
                .point_read_optional(&sql, &params, |row| row.get::<String>(0))
                .await?
                .unwrap_or_else(|| "[]".to_owned());
            let rows: Vec<(String, String, String)> = serde_json::from_str(&packed)
                .map_err(|err| StoreError::Backend(format!("packed identities: {err}")))?;
            found.extend(
                rows.into_iter()
                    .map(|(user_id, open_id, union_id)| UserIdentity {
                        app_id: app.clone(),
                        user_id: UserId::new(user_id),
                        open_id,
                        union_id,
                    }),
            );
        }
        Ok(found)
    }
}

/// The identities of one app whose `column` (`user_id`, `open_id` or `union_id`) is one of
/// `listed` values (placeholders `$3` on). A page names tens of users on every request: their
/// identities come packed in one row (see `Dialect::packed_rows`), by a point read, through an
/// index that begins with the tenant and the app (migration 0007).
fn identities_statement(dialect: Dialect, column: &str, listed: usize) -> String {
    let packed = dialect.packed_rows("user_id, open_id, union_id");
    format!(
        "SELECT {packed} AS identities FROM user_identities \
         WHERE tenant_key = $1 AND app_id = $2 AND {column} IN ({})",
        placeholders(3, listed)
    )
}

#[async_trait]
impl DirectoryStore for SqlPlatformStore {
    async fn directory_counts(&self, tenant: &TenantKey) -> StoreResult<DirectoryCounts> {
        Ok(DirectoryCounts {
            apps: self.db.count_owned::<Apps>(tenant).await?,
            departments: self.db.count_owned::<Departments>(tenant).await?,
            users: self.db.count_owned::<Users>(tenant).await?,
        })
    }

    async fn global_id_owners(
        &self,
        kind: GlobalId,
        values: &[String],
    ) -> StoreResult<Vec<(String, TenantKey)>> {
        let (table, id_column) = match kind {
            GlobalId::AppId => ("apps", "app_id"),
            GlobalId::DingTalkAppKey => ("apps", "dingtalk_app_key"),
            GlobalId::DingTalkCorpId => ("tenants", "dingtalk_corp_id"),
        };
        let mut owners = Vec::new();
        for chunk in values.chunks(IN_LIST_CHUNK) {
            let sql = format!(
                "SELECT {id_column} AS value, tenant_key FROM {table} WHERE {id_column} IN ({})",
                placeholders(1, chunk.len())
            );
            let mut query = sqlx::query(&sql);
            for value in chunk {
                query = query.bind(value.as_str());
            }
            for row in query.fetch_all(self.db.pool()).await.map_err(backend)? {
                owners.push((column(&row, "value")?, column(&row, "tenant_key")?));
            }
        }
        Ok(owners)
    }

    async fn users(&self, tenant: &TenantKey, users: &[UserId]) -> StoreResult<Vec<User>> {
        let ids: Vec<&str> = users.iter().map(|u| u.as_str()).collect();
        self.tenant_rows_where_in::<Users>(tenant, "user_id", &ids)
            .await
    }

    async fn departments(
        &self,
        tenant: &TenantKey,
        departments: &[DepartmentId],
    ) -> StoreResult<Vec<Department>> {
        let ids: Vec<&str> = departments.iter().map(|d| d.as_str()).collect();
        self.tenant_rows_where_in::<Departments>(tenant, "department_id", &ids)
            .await
    }

    async fn app_by_dingtalk_key(&self, app_key: &str) -> StoreResult<Option<App>> {
        sqlx::query("SELECT * FROM apps WHERE dingtalk_app_key = $1")
            .bind(app_key)
            .fetch_optional(self.db.pool())
            .await
            .map_err(backend)?
            .as_ref()
            .map(Apps::read)
            .transpose()
    }

    async fn tenant_by_dingtalk_corp(&self, corp_id: &str) -> StoreResult<Option<TenantKey>> {
        let tenant: Option<String> =
            sqlx::query_scalar("SELECT tenant_key FROM tenants WHERE dingtalk_corp_id = $1")
                .bind(corp_id)
                .fetch_optional(self.db.pool())
                .await
                .map_err(backend)?;
        Ok(tenant.map(TenantKey::new))
    }

    async fn apps_of(&self, tenant: &TenantKey) -> StoreResult<Vec<App>> {
        sqlx::query("SELECT * FROM apps WHERE tenant_key = $1 ORDER BY position")
            .bind(tenant.as_str())
            .fetch_all(self.db.pool())
            .await
            .map_err(backend)?
            .iter()
            .map(Apps::read)
            .collect()
    }

    async fn first_users(&self, tenant: &TenantKey, limit: usize) -> StoreResult<Vec<User>> {
        sqlx::query("SELECT * FROM users WHERE tenant_key = $1 ORDER BY position LIMIT $2")
            .bind(tenant.as_str())
            .bind(limit as i64)
            .fetch_all(self.db.pool())
            .await
            .map_err(backend)?
            .iter()
            .map(Users::read)
            .collect()
    }

    async fn users_page(
        &self,
        tenant: &TenantKey,
        after: Option<&UserId>,
        limit: usize,
    ) -> StoreResult<Vec<User>> {
        let after = after.map(UserId::as_str);
        self.db
            .keyset_page::<Users>(tenant, "user_id", &[], None, after, limit)
            .await
    }

    async fn departments_page(
        &self,
        tenant: &TenantKey,
        after: Option<&DepartmentId>,
        limit: usize,
    ) -> StoreResult<Vec<Department>> {
        let after = after.map(DepartmentId::as_str);
        self.db
            .keyset_page::<Departments>(tenant, "department_id", &[], None, after, limit)
            .await
    }

    async fn existing_users(
        &self,
        tenant: &TenantKey,
        users: &[UserId],
    ) -> StoreResult<Vec<UserId>> {
        let ids: Vec<&str> = users.iter().map(|u| u.as_str()).collect();
        Ok(self
            .tenant_rows_where_in::<Users>(tenant, "user_id", &ids)
            .await?
            .into_iter()
            .map(|user| user.user_id)
            .collect())
    }

    async fn identities_of_users(
        &self,
        tenant: &TenantKey,
        app: &AppId,
        users: &[UserId],
    ) -> StoreResult<Vec<UserIdentity>> {
        let values: Vec<String> = users.iter().map(|u| u.to_string()).collect();
        self.identities_where_in(tenant, app, "user_id", &values)
            .await
    }

    async fn identities_by_external_id(
        &self,
        tenant: &TenantKey,
        app: &AppId,
        kind: UserIdType,
        ids: &[String],
    ) -> StoreResult<Vec<UserIdentity>> {
        let column = match kind {
            UserIdType::OpenId => "open_id",
            UserIdType::UnionId => "union_id",
            UserIdType::UserId => "user_id",
        };
        self.identities_where_in(tenant, app, column, ids).await
    }

    async fn user_ids_ignoring_case(
        &self,
        tenant: &TenantKey,
        ids: &[String],
    ) -> StoreResult<Vec<String>> {
        self.column_where_in(
            "users",
            "lower(user_id)",
            "lower(user_id)",
            tenant,
            &lowered(ids),
        )
        .await
    }

    async fn used_mobiles(
        &self,
        tenant: &TenantKey,
        mobiles: &[String],
    ) -> StoreResult<Vec<String>> {
        self.column_where_in("users", "mobile", "mobile", tenant, mobiles)
            .await
    }

    async fn departments_by_any_id(
        &self,
        tenant: &TenantKey,
        ids: &[String],
    ) -> StoreResult<Vec<Department>> {
        let mut found = Vec::new();
        for chunk in ids.chunks(IN_LIST_CHUNK) {
            let list = placeholders(2, chunk.len());
            let sql = format!(
                "SELECT * FROM departments WHERE tenant_key = $1 \
                 AND (department_id IN ({list}) OR open_department_id IN ({list}))"
            );
            let mut query = sqlx::query(&sql).bind(tenant.as_str());
            for id in chunk {
                query = query.bind(id.as_str());
            }
            for row in query.fetch_all(self.db.pool()).await.map_err(backend)? {
                found.push(Departments::read(&row)?);
            }
        }
        Ok(found)
    }
}

/// Carries the platform's rows of an openwork 0.1 database over (see `migrate`).
pub(crate) async fn adopt_legacy(conn: &mut AnyConnection) -> StoreResult<()> {
    for copy in [
        "INSERT INTO meta (key, value) SELECT key, value FROM legacy_meta",
        "INSERT INTO tenants (tenant_key, name, dingtalk_corp_id, clock_fixed_ms, clock_offset_ms) \
         SELECT tenant_key, name, dingtalk_corp_id, clock_fixed_ms, clock_offset_ms \
         FROM legacy_tenants",
        "INSERT INTO app_token_issues (app_id, issued_at_ms, credential_fingerprint) \
         SELECT app_id, issued_at_ms, credential_fingerprint FROM legacy_app_token_issues",
        "INSERT INTO dingtalk_token_issues \
         (app_id, issued_at_ms, renewed_at_ms, credential_fingerprint) \
         SELECT app_id, issued_at_ms, renewed_at_ms, credential_fingerprint \
         FROM legacy_dingtalk_token_issues",
        "INSERT INTO departments (tenant_key, department_id, name, parent_id, leader_user_id, \
         open_department_id, chat_id, position) \
         SELECT tenant_key, department_id, name, parent_id, leader_user_id, open_department_id, \
         chat_id, position FROM legacy_departments",
        "INSERT INTO users (tenant_key, user_id, name, en_name, email, mobile, department_ids, \
         leader_user_id, employee_no, attributes, position) \
         SELECT tenant_key, user_id, name, en_name, email, mobile, department_ids, \
         leader_user_id, employee_no, attributes, position FROM legacy_users",
    ] {
        sqlx::query(copy)
            .execute(&mut *conn)
            .await
            .map_err(backend)?;
    }
    // 0.1 kept an app's DingTalk identity as one JSON column.
    #[derive(serde::Deserialize)]
    struct LegacyDingTalkApp {
        app_key: String,
        app_secret: String,
        agent_id: Option<String>,
        permissions: Option<Vec<String>>,
    }
    let rows = sqlx::query("SELECT * FROM legacy_apps ORDER BY tenant_key, position")
        .fetch_all(&mut *conn)
        .await
        .map_err(backend)?;
    let mut apps = Vec::with_capacity(rows.len());
    for row in &rows {
        let scopes: String = column(row, "scopes")?;
        let dingtalk: Option<String> = column(row, "dingtalk")?;
        let dingtalk = match dingtalk {
            Some(json) => {
                let app: LegacyDingTalkApp = serde_json::from_str(&json).map_err(|err| {
                    StoreError::Backend(format!("a 0.1 app's dingtalk column: {err}"))
                })?;
                Some(DingTalkApp {
                    app_key: app.app_key,
                    app_secret: app.app_secret,
                    agent_id: app.agent_id,
                    permissions: app.permissions,
                })
            }
            None => None,
        };
        let app = App {
            tenant_key: column(row, "tenant_key")?,
            app_id: column(row, "app_id")?,
            app_secret: column(row, "app_secret")?,
            name: column(row, "name")?,
            developer: column(row, "developer")?,
            scopes: serde_json::from_str(&scopes)
                .map_err(|err| StoreError::Backend(format!("a 0.1 app's scopes: {err}")))?,
            dingtalk,
        };
        apps.push((app, column::<i64>(row, "position")?));
    }
    insert::<Apps, _>(conn, &apps, &Unwatched, |(app, at)| Apps::cells((at,), app)).await?;
    for copy in [
        "INSERT INTO user_identities (tenant_key, app_id, user_id, open_id, union_id) \
         SELECT tenant_key, app_id, user_id, open_id, union_id FROM legacy_user_identities",
        "INSERT INTO oauth_grants (grant_hash, kind, tenant_key, app_id, user_id, expires_at_ms) \
         SELECT grant_hash, kind, tenant_key, app_id, user_id, expires_at_ms \
         FROM legacy_oauth_grants",
    ] {
        sqlx::query(copy)
            .execute(&mut *conn)
            .await
            .map_err(backend)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::testing::sqlite_memory;

    /// On SQLite, with no planner statistics (as after any load), users named by any of their
    /// IDs are found by a search of an index on that ID, not a read of every identity of the
    /// app.
    #[tokio::test]
    async fn users_are_found_by_an_index_on_the_id_they_are_named_by() {
        let db = sqlite_memory(&[]).await;
        for column in ["user_id", "open_id", "union_id"] {
            let sql = identities_statement(db.dialect(), column, 3);
            let params = [
                Param::Text("t"),
                Param::Text("cli_1"),
                Param::Text("a"),
                Param::Text("b"),
                Param::Text("c"),
            ];
            let plan = db
                .pooled_read(&format!("EXPLAIN QUERY PLAN {sql}"), &params, |row| {
                    row.column::<String>("detail")
                })
                .await
                .unwrap();
            let searched = format!("(tenant_key=? AND app_id=? AND {column}=?)");
            assert!(
                plan.iter().any(|step| step.contains(&searched)),
                "{column}: {plan:?}"
            );
        }
    }
}
