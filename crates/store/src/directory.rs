//! Apps, users and how each app sees each user.

use async_trait::async_trait;
use openwork_core::directory::{App, Department, DingTalkApp, User, UserIdentity};
use openwork_core::ids::{AppId, DepartmentId, TenantKey, UserId, UserIdType};
use openwork_core::store::{DirectoryStore, GlobalId, StoreResult, WriteProgress};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

use crate::bulk::{Cell, insert_rows, insert_rows_watched, placeholders};
use crate::rows::{json, maybe_text, text, to_json};
use crate::{SqlStore, backend};

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

/// Inserts users, ordered from `first_position` on (`None`: after the tenant's last user).
pub(crate) async fn insert_users(
    conn: &mut AnyConnection,
    tenant: &TenantKey,
    users: &[User],
    first_position: Option<i64>,
    progress: &dyn WriteProgress,
) -> StoreResult<()> {
    if users.is_empty() {
        return Ok(());
    }
    let first_position = match first_position {
        Some(position) => position,
        None => next_position(conn, "users", tenant).await?,
    };
    insert_rows_watched(
        conn,
        "users",
        &[
            "tenant_key",
            "user_id",
            "name",
            "en_name",
            "email",
            "mobile",
            "department_ids",
            "leader_user_id",
            "employee_no",
            "attributes",
            "position",
        ],
        users,
        progress,
        |i, user| {
            vec![
                tenant.as_str().into(),
                user.user_id.as_str().into(),
                user.name.as_str().into(),
                user.en_name.clone().into(),
                user.email.clone().into(),
                user.mobile.clone().into(),
                to_json(&user.department_ids).into(),
                user.leader_user_id.as_ref().map(|u| u.to_string()).into(),
                user.employee_no.clone().into(),
                to_json(&user.attributes).into(),
                Cell::Int(first_position + i as i64),
            ]
        },
    )
    .await
}

/// Inserts departments, ordered from `first_position` on (`None`: after the tenant's last).
pub(crate) async fn insert_departments(
    conn: &mut AnyConnection,
    tenant: &TenantKey,
    departments: &[Department],
    first_position: Option<i64>,
) -> StoreResult<()> {
    if departments.is_empty() {
        return Ok(());
    }
    let first_position = match first_position {
        Some(position) => position,
        None => next_position(conn, "departments", tenant).await?,
    };
    insert_rows(
        conn,
        "departments",
        &[
            "tenant_key",
            "department_id",
            "name",
            "parent_id",
            "leader_user_id",
            "open_department_id",
            "chat_id",
            "position",
        ],
        departments,
        |i, dept| {
            vec![
                tenant.as_str().into(),
                dept.department_id.as_str().into(),
                dept.name.as_str().into(),
                dept.parent_id.as_str().into(),
                dept.leader_user_id.as_ref().map(|u| u.to_string()).into(),
                dept.open_department_id.as_str().into(),
                dept.chat_id.clone().into(),
                Cell::Int(first_position + i as i64),
            ]
        },
    )
    .await
}

pub(crate) async fn insert_identities(
    conn: &mut AnyConnection,
    tenant: &TenantKey,
    identities: &[UserIdentity],
    progress: &dyn WriteProgress,
) -> StoreResult<()> {
    insert_rows_watched(
        conn,
        "user_identities",
        &["tenant_key", "app_id", "user_id", "open_id", "union_id"],
        identities,
        progress,
        |_, identity| {
            vec![
                tenant.as_str().into(),
                identity.app_id.as_str().into(),
                identity.user_id.as_str().into(),
                identity.open_id.as_str().into(),
                identity.union_id.as_str().into(),
            ]
        },
    )
    .await
}

pub(crate) fn app_from_row(row: &AnyRow) -> StoreResult<App> {
    let dingtalk: Option<String> = maybe_text(row, "dingtalk")?;
    Ok(App {
        tenant_key: TenantKey::new(text(row, "tenant_key")?),
        app_id: AppId::new(text(row, "app_id")?),
        app_secret: text(row, "app_secret")?,
        name: text(row, "name")?,
        developer: text(row, "developer")?,
        scopes: json(row, "scopes")?,
        dingtalk: match dingtalk {
            Some(raw) => Some(serde_json::from_str::<DingTalkApp>(&raw).map_err(|err| {
                openwork_core::store::StoreError::Backend(format!("bad dingtalk column: {err}"))
            })?),
            None => None,
        },
    })
}

fn user_from_row(row: &AnyRow) -> StoreResult<User> {
    Ok(User {
        user_id: UserId::new(text(row, "user_id")?),
        name: text(row, "name")?,
        en_name: maybe_text(row, "en_name")?,
        email: maybe_text(row, "email")?,
        mobile: maybe_text(row, "mobile")?,
        department_ids: json(row, "department_ids")?,
        leader_user_id: maybe_text(row, "leader_user_id")?.map(UserId::new),
        employee_no: maybe_text(row, "employee_no")?,
        attributes: json(row, "attributes")?,
    })
}

pub(crate) fn department_from_row(row: &AnyRow) -> StoreResult<Department> {
    Ok(Department {
        department_id: DepartmentId::new(text(row, "department_id")?),
        name: text(row, "name")?,
        parent_id: DepartmentId::new(text(row, "parent_id")?),
        leader_user_id: maybe_text(row, "leader_user_id")?.map(UserId::new),
        open_department_id: text(row, "open_department_id")?,
        chat_id: maybe_text(row, "chat_id")?,
    })
}

fn identity_from_row(row: &AnyRow) -> StoreResult<UserIdentity> {
    Ok(UserIdentity {
        app_id: AppId::new(text(row, "app_id")?),
        user_id: UserId::new(text(row, "user_id")?),
        open_id: text(row, "open_id")?,
        union_id: text(row, "union_id")?,
    })
}

/// Lists bound into one `IN (…)`; longer lists are split.
const IN_LIST_CHUNK: usize = 500;

impl SqlStore {
    /// Rows of `table` in `tenant` whose `column` is one of `values`, in chunks.
    async fn tenant_rows_where_in(
        &self,
        table: &str,
        tenant: &TenantKey,
        column: &str,
        values: &[&str],
    ) -> StoreResult<Vec<AnyRow>> {
        let mut rows = Vec::with_capacity(values.len());
        for chunk in values.chunks(IN_LIST_CHUNK) {
            let sql = format!(
                "SELECT * FROM {table} WHERE tenant_key = $1 AND {column} IN ({})",
                placeholders(2, chunk.len())
            );
            let mut query = sqlx::query(&sql).bind(tenant.as_str());
            for value in chunk {
                query = query.bind(*value);
            }
            rows.extend(query.fetch_all(self.pool()).await.map_err(backend)?);
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
            let sql = format!(
                "SELECT app_id, user_id, open_id, union_id FROM user_identities \
                 WHERE tenant_key = $1 AND app_id = $2 AND {column} IN ({})",
                placeholders(3, chunk.len())
            );
            let mut query = sqlx::query(&sql).bind(tenant.as_str()).bind(app.as_str());
            for value in chunk {
                query = query.bind(value.as_str());
            }
            for row in query.fetch_all(self.pool()).await.map_err(backend)? {
                found.push(identity_from_row(&row)?);
            }
        }
        Ok(found)
    }
}

#[async_trait]
impl DirectoryStore for SqlStore {
    async fn app(&self, app_id: &AppId) -> StoreResult<Option<App>> {
        sqlx::query("SELECT * FROM apps WHERE app_id = $1")
            .bind(app_id.as_str())
            .fetch_optional(self.pool())
            .await
            .map_err(backend)?
            .as_ref()
            .map(app_from_row)
            .transpose()
    }

    async fn global_id_owners(
        &self,
        kind: GlobalId,
        values: &[String],
    ) -> StoreResult<Vec<(String, TenantKey)>> {
        let (table, column) = match kind {
            GlobalId::AppId => ("apps", "app_id"),
            GlobalId::DingTalkAppKey => ("apps", "dingtalk_app_key"),
            GlobalId::DingTalkCorpId => ("tenants", "dingtalk_corp_id"),
        };
        let mut owners = Vec::new();
        for chunk in values.chunks(IN_LIST_CHUNK) {
            let sql = format!(
                "SELECT {column} AS value, tenant_key FROM {table} WHERE {column} IN ({})",
                placeholders(1, chunk.len())
            );
            let mut query = sqlx::query(&sql);
            for value in chunk {
                query = query.bind(value.as_str());
            }
            for row in query.fetch_all(self.pool()).await.map_err(backend)? {
                owners.push((
                    text(&row, "value")?,
                    TenantKey::new(text(&row, "tenant_key")?),
                ));
            }
        }
        Ok(owners)
    }

    async fn users(&self, tenant: &TenantKey, users: &[UserId]) -> StoreResult<Vec<User>> {
        let ids: Vec<&str> = users.iter().map(|u| u.as_str()).collect();
        self.tenant_rows_where_in("users", tenant, "user_id", &ids)
            .await?
            .iter()
            .map(user_from_row)
            .collect()
    }

    async fn departments(
        &self,
        tenant: &TenantKey,
        departments: &[DepartmentId],
    ) -> StoreResult<Vec<Department>> {
        let ids: Vec<&str> = departments.iter().map(|d| d.as_str()).collect();
        self.tenant_rows_where_in("departments", tenant, "department_id", &ids)
            .await?
            .iter()
            .map(department_from_row)
            .collect()
    }

    async fn app_by_dingtalk_key(&self, app_key: &str) -> StoreResult<Option<App>> {
        sqlx::query("SELECT * FROM apps WHERE dingtalk_app_key = $1")
            .bind(app_key)
            .fetch_optional(self.pool())
            .await
            .map_err(backend)?
            .as_ref()
            .map(app_from_row)
            .transpose()
    }

    async fn tenant_by_dingtalk_corp(&self, corp_id: &str) -> StoreResult<Option<TenantKey>> {
        let tenant: Option<String> =
            sqlx::query_scalar("SELECT tenant_key FROM tenants WHERE dingtalk_corp_id = $1")
                .bind(corp_id)
                .fetch_optional(self.pool())
                .await
                .map_err(backend)?;
        Ok(tenant.map(TenantKey::new))
    }

    async fn apps_of(&self, tenant: &TenantKey) -> StoreResult<Vec<App>> {
        sqlx::query("SELECT * FROM apps WHERE tenant_key = $1 ORDER BY position")
            .bind(tenant.as_str())
            .fetch_all(self.pool())
            .await
            .map_err(backend)?
            .iter()
            .map(app_from_row)
            .collect()
    }

    async fn first_users(&self, tenant: &TenantKey, limit: usize) -> StoreResult<Vec<User>> {
        sqlx::query("SELECT * FROM users WHERE tenant_key = $1 ORDER BY position LIMIT $2")
            .bind(tenant.as_str())
            .bind(limit as i64)
            .fetch_all(self.pool())
            .await
            .map_err(backend)?
            .iter()
            .map(user_from_row)
            .collect()
    }

    async fn existing_users(
        &self,
        tenant: &TenantKey,
        users: &[UserId],
    ) -> StoreResult<Vec<UserId>> {
        let ids: Vec<&str> = users.iter().map(|u| u.as_str()).collect();
        self.tenant_rows_where_in("users", tenant, "user_id", &ids)
            .await?
            .iter()
            .map(|row| text(row, "user_id").map(UserId::new))
            .collect()
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
}
