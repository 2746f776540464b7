//! Apps, users and how each app sees each user.

use async_trait::async_trait;
use openwork_core::directory::{App, DingTalkApp, User, UserIdentity};
use openwork_core::ids::{AppId, TenantKey, UserId, UserIdType};
use openwork_core::store::{DirectoryStore, GlobalId, StoreResult};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

use crate::bulk::{Cell, insert_rows, placeholders};
use crate::rows::{json, maybe_text, text, to_json};
use crate::{SqlStore, backend};

/// Inserts users; `first_position` orders them after the users already in the tenant.
pub(crate) async fn insert_users(
    conn: &mut AnyConnection,
    tenant: &TenantKey,
    users: &[User],
    first_position: i64,
) -> StoreResult<()> {
    insert_rows(
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

pub(crate) async fn insert_identities(
    conn: &mut AnyConnection,
    tenant: &TenantKey,
    identities: &[UserIdentity],
) -> StoreResult<()> {
    insert_rows(
        conn,
        "user_identities",
        &["tenant_key", "app_id", "user_id", "open_id", "union_id"],
        identities,
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

    async fn existing_users(
        &self,
        tenant: &TenantKey,
        users: &[UserId],
    ) -> StoreResult<Vec<UserId>> {
        let mut found = Vec::with_capacity(users.len());
        for chunk in users.chunks(IN_LIST_CHUNK) {
            let sql = format!(
                "SELECT user_id FROM users WHERE tenant_key = $1 AND user_id IN ({})",
                placeholders(2, chunk.len())
            );
            let mut query = sqlx::query(&sql).bind(tenant.as_str());
            for user in chunk {
                query = query.bind(user.as_str());
            }
            for row in query.fetch_all(self.pool()).await.map_err(backend)? {
                found.push(UserId::new(text(&row, "user_id")?));
            }
        }
        Ok(found)
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
