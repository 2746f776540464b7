//! The report tables in SQL: their declarations, and the ports implemented over them for both
//! databases.

use std::collections::HashMap;
use std::sync::Arc;

use async_trait::async_trait;
use openwork_platform::StoreResult;
use openwork_platform::catalog::Snapshot;
use openwork_platform::clock::Millis;
use openwork_platform::db::{
    AnyConnection, Db, Param, Table, Unwatched, WriteProgress, backend, column, delete_owned,
    insert, placeholders,
};
use openwork_platform::ids::{TenantKey, UserId};
use openwork_platform::table;

use super::{Counts, ReportCatalog, ReportFilter, ReportPosition, ReportStore};
use crate::fixture::Section;
use crate::model::*;

/// The report tables of a database.
#[derive(Clone)]
pub struct SqlReportStore {
    db: Db,
}

impl SqlReportStore {
    pub fn new(db: Db) -> Self {
        Self { db }
    }

    /// The tenant's settings row, if a load wrote one (the catalog and exports read it).
    async fn stored_settings(&self, tenant: &TenantKey) -> StoreResult<Option<ReportSettings>> {
        // One row per tenant at most.
        Ok(self.db.owned::<Settings>(tenant, "tenant_key").await?.pop())
    }
}

table! {
    /// Whether the tenant has the report service.
    pub(crate) Settings: ReportSettings in "report_settings",
    scope (tenant_key: TenantKey),
    {
        enabled: ["enabled"],
    }
}

table! {
    /// Report rules (汇报规则); their forms are a child table.
    pub(crate) Rules: ReportRule in "report_rules",
    scope (tenant_key: TenantKey),
    {
        rule_id: ["rule_id"],
        name: ["name"],
        icon_name: ["icon_name"],
        owner_user_id: ["owner_user_id"],
        creator_user_id: ["creator_user_id"],
        created_at: ["created_at_ms"],
        need_report_user_ids: ["need_report_user_ids"],
        need_report_department_ids: ["need_report_department_ids"],
        to_user_ids: ["to_user_ids"],
        cc_user_ids: ["cc_user_ids"],
        manager_user_ids: ["manager_user_ids"],
        deleted: ["deleted"],
    }
    children (form)
}

table! {
    /// A rule's form fields, in display order.
    pub(crate) FormFields: FormField in "report_form_fields",
    scope (tenant_key: TenantKey, rule_id: RuleId, position: i64),
    {
        field_id: ["field_id"],
        name: ["name"],
        field_type: ["field_type"],
    }
}

table! {
    /// Submitted reports (汇报任务).
    pub(crate) Reports: Report in "reports",
    scope (tenant_key: TenantKey),
    {
        task_id: ["task_id"],
        rule_id: ["rule_id"],
        from_user_id: ["from_user_id"],
        commit_time: ["commit_ms"],
        to_user_ids: ["to_user_ids"],
        values: ["form_values"],
    }
}

/// Writes a tenant's report section (fixture loads, generated worlds), in the loading
/// transaction.
pub async fn write_section(
    conn: &mut AnyConnection,
    tenant: &TenantKey,
    section: &Section,
    progress: &dyn WriteProgress,
) -> StoreResult<()> {
    insert::<Settings, _>(
        conn,
        std::slice::from_ref(&section.settings),
        progress,
        |settings| Settings::cells((tenant,), settings),
    )
    .await?;
    insert_report_rules(conn, tenant, &section.rules).await?;
    insert_reports(conn, tenant, &section.reports, progress).await
}

pub(super) async fn insert_report_rules(
    conn: &mut AnyConnection,
    tenant: &TenantKey,
    rules: &[ReportRule],
) -> StoreResult<()> {
    insert::<Rules, _>(conn, rules, &Unwatched, |rule| {
        Rules::cells((tenant,), rule)
    })
    .await?;
    let fields: Vec<(&RuleId, i64, &FormField)> = rules
        .iter()
        .flat_map(|rule| (0..).zip(&rule.form).map(|(at, f)| (&rule.rule_id, at, f)))
        .collect();
    insert::<FormFields, _>(conn, &fields, &Unwatched, |(rule, at, field)| {
        FormFields::cells((tenant, rule, at), field)
    })
    .await
}

/// Inserts reports with their recipients.
async fn insert_reports(
    conn: &mut AnyConnection,
    tenant: &TenantKey,
    reports: &[Report],
    progress: &dyn WriteProgress,
) -> StoreResult<()> {
    insert::<Reports, _>(conn, reports, progress, |r| Reports::cells((tenant,), r)).await?;
    let mut recipients: Vec<(&UserId, &ReportTaskId)> = reports
        .iter()
        .flat_map(|r| r.to_user_ids.iter().map(|u| (u, &r.task_id)))
        .collect();
    recipients.sort_unstable();
    recipients.dedup();
    insert::<Recipients, _>(conn, &recipients, progress, |(user, task)| {
        Recipients::cells(
            (tenant,),
            &Recipient {
                user_id: (*user).clone(),
                task_id: (*task).clone(),
            },
        )
    })
    .await
}

/// One received report.
pub(crate) struct Recipient {
    user_id: UserId,
    task_id: ReportTaskId,
}

table! {
    /// Who received which report, beside `reports` (whose `to_user_ids` keeps the sender's
    /// order): it answers "the reports involving a user" with an index.
    pub(crate) Recipients: Recipient in "report_recipients",
    scope (tenant_key: TenantKey),
    {
        user_id: ["user_id"],
        task_id: ["task_id"],
    }
}

const REPORT_COLUMNS: &str = "r.*";

/// The statement of a page of reports ([`ReportStore::reports_page`]), with its parameters.
fn page_statement<'p>(
    tenant: &'p TenantKey,
    filter: &ReportFilter<'p>,
    after: Option<&'p ReportPosition>,
    limit: usize,
) -> (String, Vec<Param<'p>>) {
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
        // `commit_ms <= time` says again what the OR implies, in a form that bounds the
        // index scan: without it PostgreSQL reads every newer report before the page (a
        // page of 500 near the end of the benchmark world's 200,000 took 110 ms, not 4).
        sql.push_str(&format!(
            " AND r.commit_ms <= {time} \
                 AND (r.commit_ms < {time} OR (r.commit_ms = {time} AND r.task_id < {task}))"
        ));
    }
    sql.push_str(&format!(
        " ORDER BY r.commit_ms DESC, r.task_id DESC LIMIT {}",
        placeholder()
    ));
    let mut params = vec![
        Param::Text(tenant.as_str()),
        Param::Int(filter.from.0),
        Param::Int(filter.to.0),
    ];
    if let Some(rule) = filter.rule {
        params.push(Param::Text(rule.as_str()));
    }
    if let Some(sender) = filter.sender {
        params.push(Param::Text(sender.as_str()));
    }
    if let Some(after) = after {
        params.push(Param::Int(after.commit_time.0));
        params.push(Param::Text(after.task_id.as_str()));
    }
    params.push(Param::Int(limit as i64));
    (sql, params)
}

impl SqlReportStore {
    /// The rules with their forms (one more statement: a point read, as rules are few).
    async fn with_forms(
        &self,
        tenant: &TenantKey,
        mut rules: Vec<ReportRule>,
    ) -> StoreResult<Vec<ReportRule>> {
        if rules.is_empty() {
            return Ok(rules);
        }
        let sql = format!(
            "SELECT * FROM report_form_fields WHERE tenant_key = $1 AND rule_id IN ({}) \
             ORDER BY rule_id, position",
            placeholders(2, rules.len())
        );
        let mut params = vec![Param::Text(tenant.as_str())];
        params.extend(rules.iter().map(|rule| Param::Text(rule.rule_id.as_str())));
        let fields = self
            .db
            .point_read(&sql, &params, |row| {
                Ok((row.column::<String>("rule_id")?, FormFields::read_row(row)?))
            })
            .await?;
        let mut forms: HashMap<String, Vec<FormField>> = HashMap::new();
        for (rule_id, field) in fields {
            forms.entry(rule_id).or_default().push(field);
        }
        for rule in &mut rules {
            rule.form = forms.remove(rule.rule_id.as_str()).unwrap_or_default();
        }
        Ok(rules)
    }
}

#[async_trait]
impl ReportCatalog for SqlReportStore {
    async fn settings(
        &self,
        _at: &Snapshot,
        tenant: &TenantKey,
    ) -> StoreResult<Option<ReportSettings>> {
        self.stored_settings(tenant).await
    }

    async fn rule(
        &self,
        _at: &Snapshot,
        tenant: &TenantKey,
        id: &RuleId,
    ) -> StoreResult<Option<Arc<ReportRule>>> {
        let mut rules = self.report_rules(tenant, std::slice::from_ref(id)).await?;
        Ok(rules.pop().map(Arc::new))
    }
}

#[async_trait]
impl ReportStore for SqlReportStore {
    async fn section(&self, tenant: &TenantKey) -> StoreResult<Section> {
        let settings = self
            .stored_settings(tenant)
            .await?
            // Every load writes the settings; without them, what a fixture leaving them out
            // gets.
            .unwrap_or(ReportSettings { enabled: true });
        let rules = self.db.owned::<Rules>(tenant, "rule_id").await?;
        Ok(Section {
            settings,
            rules: self.with_forms(tenant, rules).await?,
            reports: self.db.owned::<Reports>(tenant, "task_id").await?,
        })
    }

    async fn counts(&self, tenant: &TenantKey) -> StoreResult<Counts> {
        Ok(Counts {
            rules: self.db.count_owned::<Rules>(tenant).await?,
            reports: self.db.count_owned::<Reports>(tenant).await?,
        })
    }

    async fn reports_page(
        &self,
        tenant: &TenantKey,
        filter: &ReportFilter<'_>,
        after: Option<&ReportPosition>,
        limit: usize,
    ) -> StoreResult<Vec<Report>> {
        let (sql, params) = page_statement(tenant, filter, after, limit);
        // One page: a seek of the commit-time index (on SQLite it holds every column, migration
        // 0002) and at most `limit` entries after it; a point read.
        self.db.point_read(&sql, &params, Reports::read_row).await
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
            .fetch_all(self.db.pool())
            .await
            .map_err(backend)?
            .iter()
            .map(Reports::read)
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
        let mut params = vec![Param::Text(tenant.as_str())];
        params.extend(ids.iter().map(|id| Param::Text(id.as_str())));
        // The rules of a page's reports: a point read.
        let rules = self.db.point_read(&sql, &params, Rules::read_row).await?;
        self.with_forms(tenant, rules).await
    }

    async fn report_rules_named(
        &self,
        tenant: &TenantKey,
        name: &str,
    ) -> StoreResult<Vec<ReportRule>> {
        let rows = sqlx::query(
            "SELECT * FROM report_rules WHERE tenant_key = $1 AND name = $2 ORDER BY rule_id",
        )
        .bind(tenant.as_str())
        .bind(name)
        .fetch_all(self.db.pool())
        .await
        .map_err(backend)?;
        let rules = rows.iter().map(Rules::read).collect::<StoreResult<_>>()?;
        self.with_forms(tenant, rules).await
    }

    async fn put_report_rule(&self, tenant: &TenantKey, rule: &ReportRule) -> StoreResult<()> {
        let mut write = self.db.begin_write().await?;
        let key = [("rule_id", rule.rule_id.as_str())];
        delete_owned::<Rules>(&mut write.tx, tenant, &key).await?;
        insert_report_rules(&mut write.tx, tenant, std::slice::from_ref(rule)).await?;
        write.commit().await
    }

    async fn put_report(&self, tenant: &TenantKey, report: &Report) -> StoreResult<()> {
        let mut write = self.db.begin_write().await?;
        // Its recipients go with it.
        let key = [("task_id", report.task_id.as_str())];
        delete_owned::<Reports>(&mut write.tx, tenant, &key).await?;
        insert_reports(
            &mut write.tx,
            tenant,
            std::slice::from_ref(report),
            &Unwatched,
        )
        .await?;
        write.commit().await
    }

    async fn delete_report(&self, tenant: &TenantKey, id: &ReportTaskId) -> StoreResult<bool> {
        let key = [("task_id", id.as_str())];
        Ok(self.db.delete_owned::<Reports>(tenant, &key).await? > 0)
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
        let mut write = self.db.begin_write().await?;
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
        .fetch_all(self.db.pool())
        .await
        .map_err(backend)?
        .iter()
        .map(|row| {
            let user: String = column(row, "user_id")?;
            Ok((!user.is_empty()).then(|| UserId::new(user)))
        })
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use openwork_platform::db::testing::sqlite_memory;

    use super::*;

    /// On SQLite, every form of a page reads the covering commit-time index alone, in its
    /// order: no row of the table, and no sort.
    #[tokio::test]
    async fn a_page_is_read_from_the_commit_time_index_alone() {
        let db = sqlite_memory(&[&crate::store::SCHEMA]).await;
        let tenant = TenantKey::from("t");
        let (rule, sender) = (RuleId::from("r"), UserId::from("u"));
        let after = ReportPosition {
            commit_time: Millis(5),
            task_id: ReportTaskId::from("x"),
        };
        for (rule, sender, after) in [
            (None, None, None),
            (Some(&rule), None, Some(&after)),
            (None, Some(&sender), None),
            (Some(&rule), Some(&sender), Some(&after)),
        ] {
            let filter = ReportFilter {
                from: Millis(0),
                to: Millis(10),
                rule,
                sender,
            };
            let (sql, params) = page_statement(&tenant, &filter, after, 20);
            let plan = db
                .pooled_read(&format!("EXPLAIN QUERY PLAN {sql}"), &params, |row| {
                    row.column::<String>("detail")
                })
                .await
                .unwrap();
            assert_eq!(
                plan.len(),
                1,
                "one step, no temporary sort, for {sql}: {plan:?}"
            );
            assert!(
                plan[0].contains("USING COVERING INDEX reports_page"),
                "{sql}: {plan:?}"
            );
        }
    }
}
