//! The report data of a database written by openwork 0.1 (see
//! `openwork_platform::db::migrate`).

use openwork_platform::db::{AnyConnection, backend, column};
use openwork_platform::ids::{TenantKey, UserId};
use openwork_platform::{StoreError, StoreResult};

use super::sql::insert_report_rules;
use crate::model::{FormField, ReportRule};

/// Carries the report rows of an openwork 0.1 database over (see `migrate`). 0.1 kept the
/// service switch on the tenant's row, and a rule's form and audience as JSON.
pub(super) async fn adopt_legacy(conn: &mut AnyConnection) -> StoreResult<()> {
    for copy in [
        "INSERT INTO report_settings (tenant_key, enabled) \
         SELECT tenant_key, report_enabled FROM legacy_tenants",
        "INSERT INTO reports (tenant_key, task_id, rule_id, from_user_id, commit_ms, to_user_ids, \
         form_values) \
         SELECT tenant_key, task_id, rule_id, from_user_id, commit_ms, to_user_ids, form_values \
         FROM legacy_reports",
        "INSERT INTO report_recipients (tenant_key, user_id, task_id) \
         SELECT tenant_key, user_id, task_id FROM legacy_report_recipients",
        "INSERT INTO report_view_removals (tenant_key, rule_id, user_id, removed_at_ms) \
         SELECT tenant_key, rule_id, user_id, removed_at_ms FROM legacy_report_view_removals",
    ] {
        sqlx::query(copy)
            .execute(&mut *conn)
            .await
            .map_err(backend)?;
    }
    #[derive(serde::Deserialize)]
    struct LegacyField {
        field_id: String,
        name: String,
        field_type: String,
    }
    #[derive(serde::Deserialize)]
    struct LegacyAudience {
        need_report_user_ids: Vec<UserId>,
        need_report_department_ids: Vec<openwork_platform::ids::DepartmentId>,
        to_user_ids: Vec<UserId>,
        cc_user_ids: Vec<UserId>,
        manager_user_ids: Vec<UserId>,
    }
    let bad = |what: &str, err: serde_json::Error| {
        StoreError::Backend(format!("a 0.1 report rule's {what}: {err}"))
    };
    let rows = sqlx::query("SELECT * FROM legacy_report_rules")
        .fetch_all(&mut *conn)
        .await
        .map_err(backend)?;
    for row in rows {
        let tenant: TenantKey = column(&row, "tenant_key")?;
        let form: Vec<LegacyField> =
            serde_json::from_str(&column::<String>(&row, "form")?).map_err(|e| bad("form", e))?;
        let audience: LegacyAudience = serde_json::from_str(&column::<String>(&row, "audience")?)
            .map_err(|e| bad("audience", e))?;
        let rule = ReportRule {
            rule_id: column(&row, "rule_id")?,
            name: column(&row, "name")?,
            icon_name: column(&row, "icon_name")?,
            owner_user_id: column(&row, "owner_user_id")?,
            creator_user_id: column(&row, "creator_user_id")?,
            created_at: column(&row, "created_at_ms")?,
            form: form
                .into_iter()
                .map(|f| FormField {
                    field_id: f.field_id,
                    name: f.name,
                    field_type: f.field_type,
                })
                .collect(),
            need_report_user_ids: audience.need_report_user_ids,
            need_report_department_ids: audience.need_report_department_ids,
            to_user_ids: audience.to_user_ids,
            cc_user_ids: audience.cc_user_ids,
            manager_user_ids: audience.manager_user_ids,
            deleted: column(&row, "deleted")?,
        };
        insert_report_rules(conn, &tenant, &[rule]).await?;
    }
    Ok(())
}
