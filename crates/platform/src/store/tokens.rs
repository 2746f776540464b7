//! Server-wide settings and token issue records.

use async_trait::async_trait;

use super::{
    GrantKind, MetaStore, OAuthGrant, RenewedIssue, SqlPlatformStore, TokenIssue, TokenStore,
};
use crate::clock::Millis;
use crate::db::{Param, backend, column};
use crate::error::StoreResult;
use crate::ids::AppId;

#[async_trait]
impl MetaStore for SqlPlatformStore {
    async fn meta_get_or_insert(&self, key: &str, value: &str) -> StoreResult<String> {
        let mut write = self.db.begin_write().await?;
        sqlx::query("INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING")
            .bind(key)
            .bind(value)
            .execute(&mut *write.tx)
            .await
            .map_err(backend)?;
        let stored: String = sqlx::query_scalar("SELECT value FROM meta WHERE key = $1")
            .bind(key)
            .fetch_one(&mut *write.tx)
            .await
            .map_err(backend)?;
        write.commit().await?;
        Ok(stored)
    }

    async fn meta_get(&self, key: &str) -> StoreResult<Option<String>> {
        sqlx::query_scalar("SELECT value FROM meta WHERE key = $1")
            .bind(key)
            .fetch_optional(self.db.pool())
            .await
            .map_err(backend)
    }

    async fn meta_set(&self, key: &str, value: &str) -> StoreResult<()> {
        let mut write = self.db.begin_write().await?;
        sqlx::query(
            "INSERT INTO meta (key, value) VALUES ($1, $2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(value)
        .execute(&mut *write.tx)
        .await
        .map_err(backend)?;
        write.commit().await
    }
}

#[async_trait]
impl TokenStore for SqlPlatformStore {
    async fn app_token_issue(&self, app: &AppId) -> StoreResult<Option<TokenIssue>> {
        // Read on every token request: a point read.
        self.db
            .point_read_optional(
                "SELECT issued_at_ms, credential_fingerprint FROM app_token_issues \
                 WHERE app_id = $1",
                &[Param::Text(app.as_str())],
                |row| {
                    Ok(TokenIssue {
                        issued_at: row.column("issued_at_ms")?,
                        credential_fingerprint: row.column("credential_fingerprint")?,
                    })
                },
            )
            .await
    }

    async fn claim_app_token_issue(
        &self,
        app: &AppId,
        issue: &TokenIssue,
        reusable_after: Millis,
    ) -> StoreResult<TokenIssue> {
        let mut write = self.db.begin_write().await?;
        // The stored issue stays while it is reusable (the caller's rule, in SQL): a replica
        // that raced another to renew adopts the winner's, so no two hand out different tokens.
        sqlx::query(
            "INSERT INTO app_token_issues (app_id, issued_at_ms, credential_fingerprint) \
             VALUES ($1, $2, $3) ON CONFLICT (app_id) DO UPDATE \
             SET issued_at_ms = excluded.issued_at_ms, \
                 credential_fingerprint = excluded.credential_fingerprint \
             WHERE app_token_issues.credential_fingerprint <> excluded.credential_fingerprint \
                OR app_token_issues.issued_at_ms <= $4 \
                OR app_token_issues.issued_at_ms > excluded.issued_at_ms",
        )
        .bind(app.as_str())
        .bind(issue.issued_at.0)
        .bind(issue.credential_fingerprint.as_str())
        .bind(reusable_after.0)
        .execute(&mut *write.tx)
        .await
        .map_err(backend)?;
        let stored = sqlx::query(
            "SELECT issued_at_ms, credential_fingerprint FROM app_token_issues WHERE app_id = $1",
        )
        .bind(app.as_str())
        .fetch_one(&mut *write.tx)
        .await
        .map_err(backend)?;
        write.commit().await?;
        Ok(TokenIssue {
            issued_at: column(&stored, "issued_at_ms")?,
            credential_fingerprint: column(&stored, "credential_fingerprint")?,
        })
    }

    async fn dingtalk_token_issue(&self, app: &AppId) -> StoreResult<Option<RenewedIssue>> {
        self.db
            .point_read_optional(
                "SELECT issued_at_ms, renewed_at_ms, credential_fingerprint \
                 FROM dingtalk_token_issues WHERE app_id = $1",
                &[Param::Text(app.as_str())],
                |row| {
                    Ok(RenewedIssue {
                        issued_at: row.column("issued_at_ms")?,
                        renewed_at: row.column("renewed_at_ms")?,
                        credential_fingerprint: row.column("credential_fingerprint")?,
                    })
                },
            )
            .await
    }

    async fn record_dingtalk_token_issue(
        &self,
        app: &AppId,
        issue: &RenewedIssue,
    ) -> StoreResult<()> {
        let mut write = self.db.begin_write().await?;
        sqlx::query(
            "INSERT INTO dingtalk_token_issues (app_id, issued_at_ms, renewed_at_ms, credential_fingerprint) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (app_id) DO UPDATE \
             SET issued_at_ms = excluded.issued_at_ms, renewed_at_ms = excluded.renewed_at_ms, \
                 credential_fingerprint = excluded.credential_fingerprint",
        )
        .bind(app.as_str())
        .bind(issue.issued_at.0)
        .bind(issue.renewed_at.0)
        .bind(issue.credential_fingerprint.as_str())
        .execute(&mut *write.tx)
        .await
        .map_err(backend)?;
        write.commit().await
    }

    async fn put_oauth_grant(&self, hash: &str, grant: &OAuthGrant) -> StoreResult<()> {
        let mut write = self.db.begin_write().await?;
        sqlx::query(
            "INSERT INTO oauth_grants (grant_hash, kind, tenant_key, app_id, user_id, expires_at_ms) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(hash)
        .bind(kind_name(grant.kind))
        .bind(grant.tenant.as_str())
        .bind(grant.app.as_str())
        .bind(grant.user.as_str())
        .bind(grant.expires_at.0)
        .execute(&mut *write.tx)
        .await
        .map_err(backend)?;
        write.commit().await
    }

    async fn take_oauth_grant(
        &self,
        hash: &str,
        kind: GrantKind,
    ) -> StoreResult<Option<OAuthGrant>> {
        let mut write = self.db.begin_write().await?;
        let row = sqlx::query(
            "DELETE FROM oauth_grants WHERE grant_hash = $1 AND kind = $2 \
             RETURNING tenant_key, app_id, user_id, expires_at_ms",
        )
        .bind(hash)
        .bind(kind_name(kind))
        .fetch_optional(&mut *write.tx)
        .await
        .map_err(backend)?;
        write.commit().await?;
        row.map(|row| {
            Ok(OAuthGrant {
                kind,
                tenant: column(&row, "tenant_key")?,
                app: column(&row, "app_id")?,
                user: column(&row, "user_id")?,
                expires_at: column(&row, "expires_at_ms")?,
            })
        })
        .transpose()
    }
}

fn kind_name(kind: GrantKind) -> &'static str {
    match kind {
        GrantKind::Code => "code",
        GrantKind::Refresh => "refresh",
    }
}
