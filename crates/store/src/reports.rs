//! Report rules, submitted reports and their recipients, removed board views.

use async_trait::async_trait;
use openwork_core::clock::Millis;
use openwork_core::ids::{DepartmentId, ReportTaskId, RuleId, TenantKey, UserId};
use openwork_core::report::{Report, ReportRule};
use openwork_core::store::{
    ReportFilter, ReportPosition, ReportStore, StoreResult, Unwatched, WriteProgress,
};
use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

use crate::bulk::{insert_rows, insert_rows_watched, placeholders};
use crate::rows::{flag, int, json, maybe_text, text, to_json};
use crate::{SqlStore, backend};

/// A report rule's audience lists, stored together as one JSON column.
#[derive(Serialize, Deserialize)]
struct RuleAudience {
    need_report_user_ids: Vec<UserId>,
    need_report_department_ids: Vec<DepartmentId>,
    to_user_ids: Vec<UserId>,
    cc_user_ids: Vec<UserId>,
    manager_user_ids: Vec<UserId>,
}

pub(crate) async fn insert_report_rules(
    conn: &mut AnyConnection,
    tenant: &str,
    rules: &[ReportRule],
) -> StoreResult<()> {
    insert_rows(
        conn,
        "report_rules",
        &[
            "tenant_key",
            "rule_id",
            "name",
            "icon_name",
            "owner_user_id",
            "creator_user_id",
            "created_at_ms",
            "form",
            "audience",
            "deleted",
        ],
        rules,
        |_, r| {
            let audience = RuleAudience {
                need_report_user_ids: r.need_report_user_ids.clone(),
                need_report_department_ids: r.need_report_department_ids.clone(),
                to_user_ids: r.to_user_ids.clone(),
                cc_user_ids: r.cc_user_ids.clone(),
                manager_user_ids: r.manager_user_ids.clone(),
            };
            vec![
                tenant.into(),
                r.rule_id.as_str().into(),
                r.name.as_str().into(),
                r.icon_name.clone().into(),
                r.owner_user_id.as_ref().map(|u| u.to_string()).into(),
                r.creator_user_id.as_ref().map(|u| u.to_string()).into(),
                r.created_at.0.into(),
                to_json(&r.form).into(),
                to_json(&audience).into(),
                r.deleted.into(),
            ]
        },
    )
    .await
}

/// Inserts reports with their recipients.
pub(crate) async fn insert_reports(
    conn: &mut AnyConnection,
    tenant: &str,
    reports: &[Report],
    progress: &dyn WriteProgress,
) -> StoreResult<()> {
    insert_rows_watched(
        conn,
        "reports",
        &[
            "tenant_key",
            "task_id",
            "rule_id",
            "from_user_id",
            "commit_ms",
            "to_user_ids",
            "form_values",
        ],
        reports,
        progress,
        |_, r| {
            vec![
                tenant.into(),
                r.task_id.as_str().into(),
                r.rule_id.as_str().into(),
                r.from_user_id.as_str().into(),
                r.commit_time.0.into(),
                to_json(&r.to_user_ids).into(),
                to_json(&r.values).into(),
            ]
        },
    )
    .await?;
    let mut recipients: Vec<(&str, &str)> = reports
        .iter()
        .flat_map(|r| {
            r.to_user_ids
                .iter()
                .map(|u| (u.as_str(), r.task_id.as_str()))
        })
        .collect();
    recipients.sort_unstable();
    recipients.dedup();
    insert_rows_watched(
        conn,
        "report_recipients",
        &["tenant_key", "user_id", "task_id"],
        &recipients,
        progress,
        |_, (user, task)| vec![tenant.into(), (*user).into(), (*task).into()],
    )
    .await
}

fn rule_from_row(row: &AnyRow) -> StoreResult<ReportRule> {
    let audience: RuleAudience = json(row, "audience")?;
    Ok(ReportRule {
        rule_id: RuleId::new(text(row, "rule_id")?),
        name: text(row, "name")?,
        icon_name: maybe_text(row, "icon_name")?,
        owner_user_id: maybe_text(row, "owner_user_id")?.map(UserId::new),
        creator_user_id: maybe_text(row, "creator_user_id")?.map(UserId::new),
        created_at: Millis(int(row, "created_at_ms")?),
        form: json(row, "form")?,
        need_report_user_ids: audience.need_report_user_ids,
        need_report_department_ids: audience.need_report_department_ids,
        to_user_ids: audience.to_user_ids,
        cc_user_ids: audience.cc_user_ids,
        manager_user_ids: audience.manager_user_ids,
        deleted: flag(row, "deleted")?,
    })
}

fn report_from_row(row: &AnyRow) -> StoreResult<Report> {
    Ok(Report {
        task_id: ReportTaskId::new(text(row, "task_id")?),
        rule_id: RuleId::new(text(row, "rule_id")?),
        from_user_id: UserId::new(text(row, "from_user_id")?),
        commit_time: Millis(int(row, "commit_ms")?),
        to_user_ids: json(row, "to_user_ids")?,
        values: json(row, "form_values")?,
    })
}

const REPORT_COLUMNS: &str =
    "r.task_id, r.rule_id, r.from_user_id, r.commit_ms, r.to_user_ids, r.form_values";

async fn delete_report_rows(
    conn: &mut AnyConnection,
    tenant: &TenantKey,
    id: &ReportTaskId,
) -> StoreResult<bool> {
    sqlx::query("DELETE FROM report_recipients WHERE tenant_key = $1 AND task_id = $2")
        .bind(tenant.as_str())
        .bind(id.as_str())
        .execute(&mut *conn)
        .await
        .map_err(backend)?;
    let done = sqlx::query("DELETE FROM reports WHERE tenant_key = $1 AND task_id = $2")
        .bind(tenant.as_str())
        .bind(id.as_str())
        .execute(&mut *conn)
        .await
        .map_err(backend)?;
    Ok(done.rows_affected() > 0)
}

#[async_trait]
impl ReportStore for SqlStore {
    async fn reports_page(
        &self,
        tenant: &TenantKey,
        filter: &ReportFilter<'_>,
        after: Option<&ReportPosition>,
        limit: usize,
    ) -> StoreResult<Vec<Report>> {
        let mut sql = format!(
            "SELECT {REPORT_COLUMNS} FROM reports r \
             WHERE r.tenant_key = $1 AND r.commit_ms >= $2 AND r.commit_ms <= $3"
        );
        let mut next = 4;
        let mut placeholder = || {
            next += 1;
            format!("${}", next - 1)
        };
        if filter.rule.is_some() {
            sql.push_str(&format!(" AND r.rule_id = {}", placeholder()));
        }
        if filter.sender.is_some() {
            sql.push_str(&format!(" AND r.from_user_id = {}", placeholder()));
        }
        if after.is_some() {
            let (time, task) = (placeholder(), placeholder());
            sql.push_str(&format!(
                " AND (r.commit_ms < {time} OR (r.commit_ms = {time} AND r.task_id < {task}))"
            ));
        }
        sql.push_str(&format!(
            " ORDER BY r.commit_ms DESC, r.task_id DESC LIMIT {}",
            placeholder()
        ));
        let mut query = sqlx::query(&sql)
            .bind(tenant.as_str())
            .bind(filter.from.0)
            .bind(filter.to.0);
        if let Some(rule) = filter.rule {
            query = query.bind(rule.as_str());
        }
        if let Some(sender) = filter.sender {
            query = query.bind(sender.as_str());
        }
        if let Some(after) = after {
            query = query.bind(after.commit_time.0).bind(after.task_id.as_str());
        }
        query
            .bind(limit as i64)
            .fetch_all(self.pool())
            .await
            .map_err(backend)?
            .iter()
            .map(report_from_row)
            .collect()
    }

    async fn reports_involving(
        &self,
        tenant: &TenantKey,
        user: &UserId,
        from: Millis,
        to: Millis,
    ) -> StoreResult<Vec<Report>> {
        let sql = format!(
            "SELECT {REPORT_COLUMNS} FROM reports r \
             WHERE r.tenant_key = $1 AND r.commit_ms >= $3 AND r.commit_ms <= $4 \
               AND (r.from_user_id = $2 OR EXISTS (SELECT 1 FROM report_recipients x \
                    WHERE x.tenant_key = $1 AND x.user_id = $2 AND x.task_id = r.task_id)) \
             ORDER BY r.commit_ms DESC, r.task_id DESC"
        );
        sqlx::query(&sql)
            .bind(tenant.as_str())
            .bind(user.as_str())
            .bind(from.0)
            .bind(to.0)
            .fetch_all(self.pool())
            .await
            .map_err(backend)?
            .iter()
            .map(report_from_row)
            .collect()
    }

    async fn report_rules(
        &self,
        tenant: &TenantKey,
        ids: &[RuleId],
    ) -> StoreResult<Vec<ReportRule>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT * FROM report_rules WHERE tenant_key = $1 AND rule_id IN ({}) ORDER BY rule_id",
            placeholders(2, ids.len())
        );
        let mut query = sqlx::query(&sql).bind(tenant.as_str());
        for id in ids {
            query = query.bind(id.as_str());
        }
        query
            .fetch_all(self.pool())
            .await
            .map_err(backend)?
            .iter()
            .map(rule_from_row)
            .collect()
    }

    async fn report_rules_named(
        &self,
        tenant: &TenantKey,
        name: &str,
    ) -> StoreResult<Vec<ReportRule>> {
        sqlx::query(
            "SELECT * FROM report_rules WHERE tenant_key = $1 AND name = $2 ORDER BY rule_id",
        )
        .bind(tenant.as_str())
        .bind(name)
        .fetch_all(self.pool())
        .await
        .map_err(backend)?
        .iter()
        .map(rule_from_row)
        .collect()
    }

    async fn put_report_rule(&self, tenant: &TenantKey, rule: &ReportRule) -> StoreResult<()> {
        let mut write = self.begin_write().await?;
        sqlx::query("DELETE FROM report_rules WHERE tenant_key = $1 AND rule_id = $2")
            .bind(tenant.as_str())
            .bind(rule.rule_id.as_str())
            .execute(&mut *write.tx)
            .await
            .map_err(backend)?;
        insert_report_rules(&mut write.tx, tenant.as_str(), std::slice::from_ref(rule)).await?;
        write.commit().await
    }

    async fn put_report(&self, tenant: &TenantKey, report: &Report) -> StoreResult<()> {
        let mut write = self.begin_write().await?;
        delete_report_rows(&mut write.tx, tenant, &report.task_id).await?;
        insert_reports(
            &mut write.tx,
            tenant.as_str(),
            std::slice::from_ref(report),
            &Unwatched,
        )
        .await?;
        write.commit().await
    }

    async fn delete_report(&self, tenant: &TenantKey, id: &ReportTaskId) -> StoreResult<bool> {
        let mut write = self.begin_write().await?;
        let deleted = delete_report_rows(&mut write.tx, tenant, id).await?;
        write.commit().await?;
        Ok(deleted)
    }

    async fn remove_rule_views(
        &self,
        tenant: &TenantKey,
        rule: &RuleId,
        users: Option<&[UserId]>,
        at: Millis,
    ) -> StoreResult<()> {
        // '' stands for everyone.
        let users: Vec<&str> = match users {
            Some(users) => users.iter().map(|u| u.as_str()).collect(),
            None => vec![""],
        };
        let mut write = self.begin_write().await?;
        for user in users {
            sqlx::query(
                "INSERT INTO report_view_removals (tenant_key, rule_id, user_id, removed_at_ms) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (tenant_key, rule_id, user_id) \
                 DO UPDATE SET removed_at_ms = excluded.removed_at_ms",
            )
            .bind(tenant.as_str())
            .bind(rule.as_str())
            .bind(user)
            .bind(at.0)
            .execute(&mut *write.tx)
            .await
            .map_err(backend)?;
        }
        write.commit().await
    }

    async fn rule_view_removals(
        &self,
        tenant: &TenantKey,
        rule: &RuleId,
    ) -> StoreResult<Vec<Option<UserId>>> {
        sqlx::query(
            "SELECT user_id FROM report_view_removals WHERE tenant_key = $1 AND rule_id = $2 \
             ORDER BY user_id",
        )
        .bind(tenant.as_str())
        .bind(rule.as_str())
        .fetch_all(self.pool())
        .await
        .map_err(backend)?
        .iter()
        .map(|row| {
            let user = text(row, "user_id")?;
            Ok((!user.is_empty()).then(|| UserId::new(user)))
        })
        .collect()
    }
}
