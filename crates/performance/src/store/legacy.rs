//! The performance data of a database written by openwork 0.1 (see
//! `openwork_platform::db::migrate`).

use openwork_platform::db::{AnyConnection, backend, column};
use openwork_platform::ids::TenantKey;
use openwork_platform::{StoreError, StoreResult};
use serde::Deserialize;

use super::sql::insert_review_templates;

/// Carries the performance rows of an openwork 0.1 database over (see `migrate`). 0.1 kept the
/// licence on the tenant's row and each review template whole, as JSON.
pub(super) async fn adopt_legacy(conn: &mut AnyConnection) -> StoreResult<()> {
    for copy in [
        "INSERT INTO performance_settings (tenant_key, licensed, allow_late_submission) \
         SELECT tenant_key, perf_licensed, perf_allow_late FROM legacy_tenants",
        "INSERT INTO semesters (tenant_key, semester_id, name_zh, name_en, year, type_group, \
         semester_type, progress, start_ms, end_ms, create_ms, modify_ms, create_user_id, \
         modify_user_id) \
         SELECT tenant_key, semester_id, name_zh, name_en, year, type_group, semester_type, \
         progress, start_ms, end_ms, create_ms, modify_ms, create_user_id, modify_user_id \
         FROM legacy_semesters",
        "INSERT INTO stages (tenant_key, stage_id, semester_id, name_zh, name_en, deadline_ms, \
         jump_url, paused, position) \
         SELECT tenant_key, stage_id, semester_id, name_zh, name_en, deadline_ms, jump_url, \
         paused, position FROM legacy_stages",
        "INSERT INTO stage_tasks (tenant_key, semester_id, user_id, stage_id, need_todo, \
         finished) \
         SELECT tenant_key, semester_id, user_id, stage_id, need_todo, finished \
         FROM legacy_stage_tasks",
    ] {
        sqlx::query(copy)
            .execute(&mut *conn)
            .await
            .map_err(backend)?;
    }
    let rows = sqlx::query("SELECT tenant_key, body FROM legacy_review_templates")
        .fetch_all(&mut *conn)
        .await
        .map_err(backend)?;
    for row in rows {
        let tenant: TenantKey = column(&row, "tenant_key")?;
        let body: String = column(&row, "body")?;
        let template: shapes::ReviewTemplate = serde_json::from_str(&body)
            .map_err(|err| StoreError::Backend(format!("a 0.1 review template: {err}")))?;
        insert_review_templates(conn, &tenant, &[template.into()]).await?;
    }
    Ok(())
}

/// The JSON shape openwork 0.1 stored review templates in.
mod shapes {
    use super::Deserialize;
    use crate::model as current;
    use crate::model::ReviewTemplateId;

    #[derive(Deserialize)]
    pub(super) struct I18n {
        zh_cn: String,
        en_us: String,
    }

    impl From<I18n> for current::I18n {
        fn from(name: I18n) -> Self {
            Self {
                zh_cn: name.zh_cn,
                en_us: name.en_us,
            }
        }
    }

    #[derive(Deserialize)]
    pub(super) struct ReviewTemplate {
        review_template_id: String,
        name: I18n,
        description: I18n,
        status: String,
        templates: Vec<StageTemplate>,
        units: Vec<ReviewUnit>,
    }

    #[derive(Deserialize)]
    struct StageTemplate {
        template_id: String,
        name: I18n,
        stage_type: String,
        review_stage_role: Option<String>,
        review_stage_data_write_mode: Option<String>,
    }

    #[derive(Deserialize)]
    struct ReviewUnit {
        unit_id: String,
        name: I18n,
        fields: Vec<ReviewField>,
    }

    #[derive(Deserialize)]
    struct ReviewField {
        field_id: String,
        name: I18n,
        indicator_id: Option<String>,
        tag_based_question_id: Option<String>,
        objective_text_qustion_title: Option<I18n>,
        keyresult_text_qustion_title: Option<I18n>,
        parent_field_id: Option<String>,
        kpi_template_id: Option<String>,
    }

    impl From<ReviewTemplate> for current::ReviewTemplate {
        fn from(t: ReviewTemplate) -> Self {
            Self {
                review_template_id: ReviewTemplateId::new(t.review_template_id),
                name: t.name.into(),
                description: t.description.into(),
                status: t.status,
                templates: t
                    .templates
                    .into_iter()
                    .map(|s| current::StageTemplate {
                        template_id: s.template_id,
                        name: s.name.into(),
                        stage_type: s.stage_type,
                        review_stage_role: s.review_stage_role,
                        review_stage_data_write_mode: s.review_stage_data_write_mode,
                    })
                    .collect(),
                units: t
                    .units
                    .into_iter()
                    .map(|u| current::ReviewUnit {
                        unit_id: u.unit_id,
                        name: u.name.into(),
                        fields: u
                            .fields
                            .into_iter()
                            .map(|f| current::ReviewField {
                                field_id: f.field_id,
                                name: f.name.into(),
                                indicator_id: f.indicator_id,
                                tag_based_question_id: f.tag_based_question_id,
                                objective_text_qustion_title: f
                                    .objective_text_qustion_title
                                    .map(Into::into),
                                keyresult_text_qustion_title: f
                                    .keyresult_text_qustion_title
                                    .map(Into::into),
                                parent_field_id: f.parent_field_id,
                                kpi_template_id: f.kpi_template_id,
                            })
                            .collect(),
                    })
                    .collect(),
            }
        }
    }
}
