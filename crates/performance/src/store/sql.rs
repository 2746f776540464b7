//! The performance tables in SQL: their declarations, and the ports implemented over them for
//! both databases.

use std::borrow::Cow;
use std::collections::HashMap;

use std::sync::Arc;

use async_trait::async_trait;
use futures::TryStreamExt;
use openwork_platform::catalog::Snapshot;
use openwork_platform::db::{
    AnyConnection, Db, Dialect, Param, ReadRow, Table, Unwatched, WriteProgress, backend, column,
    delete_owned, in_list, insert, upsert,
};
use openwork_platform::events::{Delivery, insert_deliveries};
use openwork_platform::ids::{TenantKey, UserId};
use openwork_platform::table;
use openwork_platform::{StoreError, StoreResult};

use super::{
    AdditionalInfoFilter, Counts, EVERY_ROW, GroupWrite, IndexSize, MetricFilter,
    PerformanceCatalog, PerformanceStore, SemesterAdditionalInfos, SemesterMetricValues,
    SemesterReviewRecords, SemesterReviewees, SemesterReviews, SemesterTasks,
};
use crate::fixture::{ReviewCatalog, Section, SemesterParts};
use crate::metric_details::{MetricSheet, MetricSheets};
use crate::model::*;
use crate::results::ReviewDefinitions;

/// One element of a user's packed tasks: `[stage_id, need_todo, finished]`, the stage ID
/// borrowed from the row's text where it has no escapes.
#[derive(serde::Deserialize)]
struct PackedTask<'a>(#[serde(borrow)] Cow<'a, str>, u32, u32);

/// The performance tables of a database.
#[derive(Clone)]
pub struct SqlPerformanceStore {
    db: Db,
}

impl SqlPerformanceStore {
    pub fn new(db: Db) -> Self {
        Self { db }
    }

    /// The tenant's settings row, if a load wrote one (the catalog and exports read it).
    async fn stored_settings(
        &self,
        tenant: &TenantKey,
    ) -> StoreResult<Option<PerformanceSettings>> {
        // One row per tenant at most.
        Ok(self.db.owned::<Settings>(tenant, "tenant_key").await?.pop())
    }
}

table! {
    /// Whether the tenant holds a performance licence, and its late-submission rule.
    pub(crate) Settings: PerformanceSettings in "performance_settings",
    scope (tenant_key: TenantKey),
    {
        licensed: ["licensed"],
        allow_late_submission: ["allow_late_submission"],
    }
}

table! {
    /// Semesters (绩效周期).
    pub(crate) Semesters: Semester in "semesters",
    scope (tenant_key: TenantKey),
    {
        semester_id: ["semester_id"],
        name: ["name_zh", "name_en"],
        year: ["year"],
        type_group: ["type_group"],
        semester_type: ["semester_type"],
        progress: ["progress"],
        start_time: ["start_ms"],
        end_time: ["end_ms"],
        create_time: ["create_ms"],
        modify_time: ["modify_ms"],
        create_user_id: ["create_user_id"],
        modify_user_id: ["modify_user_id"],
    }
}

table! {
    /// Stages (环节) of semesters.
    pub(crate) Stages: Stage in "stages",
    scope (tenant_key: TenantKey),
    {
        stage_id: ["stage_id"],
        semester_id: ["semester_id"],
        name: ["name_zh", "name_en"],
        deadline: ["deadline_ms"],
        jump_url: ["jump_url"],
        paused: ["paused"],
        position: ["position"],
        stage_type: ["stage_type"],
        review_stage_role: ["review_stage_role"],
        template_id: ["template_id"],
        results_open_time: ["results_open_ms"],
        results_announced: ["results_announced"],
    }
}

table! {
    /// One user's to-dos in one stage.
    pub(crate) StageTasks: StageTask in "stage_tasks",
    scope (tenant_key: TenantKey),
    {
        semester_id: ["semester_id"],
        stage_id: ["stage_id"],
        user_id: ["user_id"],
        need_todo: ["need_todo"],
        finished: ["finished"],
    }
}

table! {
    /// Review templates (绩效模板); their stage templates and units are child tables.
    pub(crate) ReviewTemplates: ReviewTemplate in "review_templates",
    scope (tenant_key: TenantKey),
    {
        review_template_id: ["review_template_id"],
        name: ["name_zh", "name_en"],
        description: ["description_zh", "description_en"],
        status: ["status"],
    }
    children (templates, units)
}

table! {
    /// A review template's stage templates, in order.
    pub(crate) StageTemplates: StageTemplate in "review_stage_templates",
    scope (tenant_key: TenantKey, review_template_id: ReviewTemplateId, position: i64),
    {
        template_id: ["template_id"],
        name: ["name_zh", "name_en"],
        stage_type: ["stage_type"],
        review_stage_role: ["review_stage_role"],
        review_stage_data_write_mode: ["review_stage_data_write_mode"],
    }
}

table! {
    /// A review template's units, in order; their fields are a child table.
    pub(crate) ReviewUnits: ReviewUnit in "review_units",
    scope (tenant_key: TenantKey, review_template_id: ReviewTemplateId, position: i64),
    {
        unit_id: ["unit_id"],
        name: ["name_zh", "name_en"],
    }
    children (fields)
}

table! {
    /// A review unit's fields, in order.
    pub(crate) ReviewFields: ReviewField in "review_fields",
    scope (
        tenant_key: TenantKey,
        review_template_id: ReviewTemplateId,
        unit_position: i64,
        position: i64,
    ),
    {
        field_id: ["field_id"],
        name: ["name_zh", "name_en"],
        indicator_id: ["indicator_id"],
        tag_based_question_id: ["tag_based_question_id"],
        objective_text_qustion_title: ["objective_title_zh", "objective_title_en"],
        keyresult_text_qustion_title: ["keyresult_title_zh", "keyresult_title_en"],
        parent_field_id: ["parent_field_id"],
        kpi_template_id: ["kpi_template_id"],
    }
}

table! {
    /// User groups (人员组); their members are a child table.
    pub(crate) UserGroups: UserGroup in "user_groups",
    scope (tenant_key: TenantKey),
    {
        group_id: ["group_id"],
        api_writable: ["api_writable"],
        scope_visible_setting: ["scope_visible_setting"],
    }
    children (members)
}

/// One member of a user group.
pub(crate) struct GroupMember {
    user_id: UserId,
}

table! {
    /// A user group's members, in the order they were written.
    pub(crate) UserGroupMembers: GroupMember in "user_group_members",
    scope (tenant_key: TenantKey, group_id: UserGroupId, position: i64),
    {
        user_id: ["user_id"],
    }
}

table! {
    /// Activities (项目) of semesters; the groups they review are a child table.
    pub(crate) Activities: Activity in "activities",
    scope (tenant_key: TenantKey),
    {
        activity_id: ["activity_id"],
        semester_id: ["semester_id"],
        name: ["name_zh", "name_en"],
        description: ["description_zh", "description_en"],
        mode: ["mode"],
        progress: ["progress"],
        review_template_id: ["review_template_id"],
        metric_template_id: ["metric_template_id"],
        create_time: ["create_ms"],
        modify_time: ["modify_ms"],
        create_user_id: ["create_user_id"],
        modify_user_id: ["modify_user_id"],
    }
    children (user_groups)
}

/// One user group an activity reviews.
pub(crate) struct ActivityGroup {
    group_id: UserGroupId,
}

table! {
    /// The user groups each activity reviews, in order.
    pub(crate) ActivityUserGroups: ActivityGroup in "activity_user_groups",
    scope (tenant_key: TenantKey, activity_id: ActivityId, position: i64),
    {
        group_id: ["group_id"],
    }
}

table! {
    /// Evaluation indicators (评估项); their rating levels are a child table.
    pub(crate) Indicators: Indicator in "indicators",
    scope (tenant_key: TenantKey),
    {
        indicator_id: ["indicator_id"],
        name: ["name_zh", "name_en"],
        indicator_type: ["indicator_type"],
    }
    children (options)
}

table! {
    /// An indicator's rating levels, in order.
    pub(crate) IndicatorOptions: IndicatorOption in "indicator_options",
    scope (tenant_key: TenantKey, indicator_id: IndicatorId, position: i64),
    {
        option_id: ["option_id"],
        name: ["name_zh", "name_en"],
        label: ["label"],
    }
}

table! {
    /// Tag-based questions (标签填写题); their tags are a child table.
    pub(crate) Questions: Question in "questions",
    scope (tenant_key: TenantKey),
    {
        question_id: ["question_id"],
        name: ["name_zh", "name_en"],
    }
    children (tag_items)
}

table! {
    /// A question's tags, in order.
    pub(crate) QuestionTags: TagItem in "question_tags",
    scope (tenant_key: TenantKey, question_id: QuestionId, position: i64),
    {
        tag_id: ["tag_id"],
        name: ["name_zh", "name_en"],
    }
}

table! {
    /// Each reviewee's facts as of a semester's evaluation.
    pub(crate) UserSnapshots: UserSnapshot in "user_snapshots",
    scope (tenant_key: TenantKey),
    {
        semester_id: ["semester_id"],
        user_id: ["user_id"],
        department_id: ["department_id"],
        direct_leader_user_id: ["direct_leader_user_id"],
        job_family: ["job_family_id", "job_family_zh", "job_family_en"],
        job_level: ["job_level_id", "job_level_zh", "job_level_en"],
    }
}

table! {
    /// Review records; their values are a child table.
    pub(crate) ReviewRecords: ReviewRecord in "review_records",
    scope (tenant_key: TenantKey),
    {
        record_id: ["record_id"],
        semester_id: ["semester_id"],
        activity_id: ["activity_id"],
        stage_id: ["stage_id"],
        reviewee_user_id: ["reviewee_user_id"],
        reviewer_user_id: ["reviewer_user_id"],
        submit_time: ["submit_ms"],
    }
    children (values)
}

table! {
    /// A review record's answers, in order; the tags chosen are a child table.
    pub(crate) ReviewValues: ReviewValue in "review_values",
    scope (tenant_key: TenantKey, record_id: RecordId, position: i64),
    {
        unit_id: ["unit_id"],
        field_id: ["field_id"],
        indicator_id: ["indicator_id"],
        option_id: ["option_id"],
        score: ["score"],
        text: ["text"],
        tag_based_question_id: ["tag_based_question_id"],
    }
    children (tags)
}

table! {
    /// The tags an answer chose, in order.
    pub(crate) ReviewValueTags: ChosenTag in "review_value_tags",
    scope (tenant_key: TenantKey, record_id: RecordId, value_position: i64, position: i64),
    {
        tag_id: ["tag_id"],
        text: ["tag_text"],
    }
}

table! {
    /// Additional information (补充信息) of semesters.
    pub(crate) AdditionalInfos: AdditionalInfo in "additional_informations",
    scope (tenant_key: TenantKey),
    {
        item_id: ["item_id"],
        semester_id: ["semester_id"],
        external_id: ["external_id"],
        reviewee_user_id: ["reviewee_user_id"],
        item: ["item"],
        time: ["time_text"],
        detailed_description: ["detailed_description"],
    }
}

table! {
    /// The values of reviewees' metric fields (指标明细).
    pub(crate) MetricValues: MetricValue in "metric_detail_values",
    scope (tenant_key: TenantKey),
    {
        semester_id: ["semester_id"],
        reviewee_user_id: ["reviewee_user_id"],
        metric_id: ["metric_id"],
        field_id: ["field_id"],
        value: ["field_value"],
        person: ["person_user_id"],
        import_record_id: ["import_record_id"],
    }
}

/// The key of a metric value within its tenant.
const METRIC_VALUE_KEY: &[&str] = &[
    "tenant_key",
    "semester_id",
    "reviewee_user_id",
    "metric_id",
    "field_id",
];

table! {
    /// Accepted imports with their client tokens.
    pub(crate) Imports: ImportRecord in "performance_imports",
    scope (tenant_key: TenantKey),
    {
        import_record_id: ["import_record_id"],
        kind: ["kind"],
        app_id: ["app_id"],
        client_token: ["client_token"],
        name: ["name"],
        semester_id: ["semester_id"],
        create_time: ["create_ms"],
    }
}

table! {
    /// Metric tags (指标标签).
    pub(crate) MetricTags: MetricTag in "metric_tags",
    scope (tenant_key: TenantKey),
    {
        tag_id: ["tag_id"],
        name: ["name_zh", "name_en"],
        index: ["position"],
        create_time: ["create_ms"],
        update_time: ["update_ms"],
    }
}

table! {
    /// Metric fields (指标字段).
    pub(crate) MetricFields: MetricField in "metric_fields",
    scope (tenant_key: TenantKey),
    {
        field_id: ["field_id"],
        name: ["name_zh", "name_en"],
        field_type: ["field_type"],
    }
}

table! {
    /// The metric library (指标库); tags, field settings and inputters are child tables.
    pub(crate) Metrics: Metric in "metrics",
    scope (tenant_key: TenantKey),
    {
        metric_id: ["metric_id"],
        name: ["name"],
        type_id: ["type_id"],
        scoring_setting_type: ["scoring_setting_type"],
        scoring_formula: ["formula_id", "formula_name", "formula_details"],
        range_of_availability: ["range_of_availability"],
        is_active: ["is_active"],
    }
    children (tags, fields, data_source_inputters)
}

/// One tag of a metric.
pub(crate) struct MetricTagLink {
    tag_id: MetricTagId,
}

table! {
    /// A metric's tags, in order.
    pub(crate) MetricTagLinks: MetricTagLink in "metric_tag_links",
    scope (tenant_key: TenantKey, metric_id: MetricId, position: i64),
    {
        tag_id: ["tag_id"],
    }
}

table! {
    /// A metric's field settings, in order.
    pub(crate) MetricFieldSettings: MetricFieldSetting in "metric_field_settings",
    scope (tenant_key: TenantKey, metric_id: MetricId, position: i64),
    {
        field_id: ["field_id"],
        input_setting: ["input_setting"],
        value: ["field_value"],
        person: ["person_id"],
    }
}

table! {
    /// A metric's data-source inputters, in order.
    pub(crate) MetricInputters: GroupMember in "metric_inputters",
    scope (tenant_key: TenantKey, metric_id: MetricId, position: i64),
    {
        user_id: ["user_id"],
    }
}

table! {
    /// Metric templates (指标模板); their dimensions and metrics are child tables.
    pub(crate) MetricTemplates: MetricTemplate in "metric_templates",
    scope (tenant_key: TenantKey),
    {
        template_id: ["template_id"],
        name: ["name_zh", "name_en"],
        description: ["description_zh", "description_en"],
        status: ["status"],
        total_metric_score_method: ["total_metric_score_method"],
        metric_weight_method: ["metric_weight_method"],
    }
    children (dimensions, metrics)
}

table! {
    /// A metric template's dimensions, in order.
    pub(crate) MetricDimensions: MetricDimension in "metric_dimensions",
    scope (tenant_key: TenantKey, template_id: MetricTemplateId, position: i64),
    {
        dimension_id: ["dimension_id"],
        name: ["name_zh", "name_en"],
        description: ["description_zh", "description_en"],
        weight: ["weight"],
    }
}

table! {
    /// The library metrics a template sets, in order.
    pub(crate) TemplateMetrics: TemplateMetric in "metric_template_metrics",
    scope (tenant_key: TenantKey, template_id: MetricTemplateId, position: i64),
    {
        metric_id: ["metric_id"],
        dimension_id: ["dimension_id"],
        min: ["rule_min"],
        max: ["rule_max"],
    }
}

/// Writes a tenant's performance section (fixture loads, generated worlds), in the loading
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
    insert_review_configuration(conn, tenant, section).await?;
    insert_review_templates(conn, tenant, &section.review_templates).await?;
    let rows = SemesterRows {
        semesters: &section.semesters,
        stages: &section.stages,
        stage_tasks: &section.stage_tasks,
        activities: &section.activities,
        user_snapshots: &section.user_snapshots,
        review_records: &section.review_records,
        additional_infos: &section.additional_infos,
        metric_values: &section.metric_values,
    };
    insert_semesters(conn, tenant, &rows, progress).await
}

/// Semesters with everything they own, borrowed (a generated world's million tasks are not
/// copied to be written).
struct SemesterRows<'a> {
    semesters: &'a [Semester],
    stages: &'a [Stage],
    stage_tasks: &'a [StageTask],
    activities: &'a [Activity],
    user_snapshots: &'a [UserSnapshot],
    review_records: &'a [ReviewRecord],
    additional_infos: &'a [AdditionalInfo],
    metric_values: &'a [MetricValue],
}

impl<'a> From<&'a SemesterParts> for SemesterRows<'a> {
    fn from(parts: &'a SemesterParts) -> Self {
        Self {
            semesters: &parts.semesters,
            stages: &parts.stages,
            stage_tasks: &parts.stage_tasks,
            activities: &parts.activities,
            user_snapshots: &parts.user_snapshots,
            review_records: &parts.review_records,
            additional_infos: &parts.additional_infos,
            metric_values: &parts.metric_values,
        }
    }
}

/// What activities and review templates name: user groups, indicators, questions.
async fn insert_review_configuration(
    conn: &mut AnyConnection,
    tenant: &TenantKey,
    section: &Section,
) -> StoreResult<()> {
    insert::<UserGroups, _>(conn, &section.user_groups, &Unwatched, |g| {
        UserGroups::cells((tenant,), g)
    })
    .await?;
    let members: Vec<(&UserGroupId, i64, &UserId)> = section
        .user_groups
        .iter()
        .flat_map(|g| {
            (0..)
                .zip(&g.members)
                .map(|(at, user)| (&g.group_id, at, user))
        })
        .collect();
    insert_group_members(conn, tenant, &members).await?;
    insert::<Indicators, _>(conn, &section.indicators, &Unwatched, |i| {
        Indicators::cells((tenant,), i)
    })
    .await?;
    let options: Vec<(&IndicatorId, i64, &IndicatorOption)> = section
        .indicators
        .iter()
        .flat_map(|i| {
            (0..)
                .zip(&i.options)
                .map(|(at, o)| (&i.indicator_id, at, o))
        })
        .collect();
    insert::<IndicatorOptions, _>(conn, &options, &Unwatched, |(id, at, option)| {
        IndicatorOptions::cells((tenant, id, at), option)
    })
    .await?;
    insert::<MetricTags, _>(conn, &section.metric_tags, &Unwatched, |t| {
        MetricTags::cells((tenant,), t)
    })
    .await?;
    insert::<MetricFields, _>(conn, &section.metric_fields, &Unwatched, |f| {
        MetricFields::cells((tenant,), f)
    })
    .await?;
    insert_metrics(conn, tenant, &section.metrics).await?;
    insert_metric_templates(conn, tenant, &section.metric_templates).await?;
    insert::<Questions, _>(conn, &section.questions, &Unwatched, |q| {
        Questions::cells((tenant,), q)
    })
    .await?;
    let tags: Vec<(&QuestionId, i64, &TagItem)> = section
        .questions
        .iter()
        .flat_map(|q| {
            (0..)
                .zip(&q.tag_items)
                .map(|(at, t)| (&q.question_id, at, t))
        })
        .collect();
    insert::<QuestionTags, _>(conn, &tags, &Unwatched, |(id, at, tag)| {
        QuestionTags::cells((tenant, id, at), tag)
    })
    .await
}

async fn insert_metrics(
    conn: &mut AnyConnection,
    tenant: &TenantKey,
    metrics: &[Metric],
) -> StoreResult<()> {
    insert::<Metrics, _>(conn, metrics, &Unwatched, |m| Metrics::cells((tenant,), m)).await?;
    let tags: Vec<(&MetricId, i64, MetricTagLink)> = metrics
        .iter()
        .flat_map(|m| {
            (0..).zip(&m.tags).map(|(at, tag)| {
                let link = MetricTagLink {
                    tag_id: tag.clone(),
                };
                (&m.metric_id, at, link)
            })
        })
        .collect();
    insert::<MetricTagLinks, _>(conn, &tags, &Unwatched, |(id, at, link)| {
        MetricTagLinks::cells((tenant, id, at), link)
    })
    .await?;
    let fields: Vec<(&MetricId, i64, &MetricFieldSetting)> = metrics
        .iter()
        .flat_map(|m| (0..).zip(&m.fields).map(|(at, f)| (&m.metric_id, at, f)))
        .collect();
    insert::<MetricFieldSettings, _>(conn, &fields, &Unwatched, |(id, at, field)| {
        MetricFieldSettings::cells((tenant, id, at), field)
    })
    .await?;
    let inputters: Vec<(&MetricId, i64, GroupMember)> = metrics
        .iter()
        .flat_map(|m| {
            (0..).zip(&m.data_source_inputters).map(|(at, user)| {
                let inputter = GroupMember {
                    user_id: user.clone(),
                };
                (&m.metric_id, at, inputter)
            })
        })
        .collect();
    insert::<MetricInputters, _>(conn, &inputters, &Unwatched, |(id, at, user)| {
        MetricInputters::cells((tenant, id, at), user)
    })
    .await
}

async fn insert_metric_templates(
    conn: &mut AnyConnection,
    tenant: &TenantKey,
    templates: &[MetricTemplate],
) -> StoreResult<()> {
    insert::<MetricTemplates, _>(conn, templates, &Unwatched, |t| {
        MetricTemplates::cells((tenant,), t)
    })
    .await?;
    let dimensions: Vec<(&MetricTemplateId, i64, &MetricDimension)> = templates
        .iter()
        .flat_map(|t| {
            (0..)
                .zip(&t.dimensions)
                .map(|(at, d)| (&t.template_id, at, d))
        })
        .collect();
    insert::<MetricDimensions, _>(conn, &dimensions, &Unwatched, |(id, at, d)| {
        MetricDimensions::cells((tenant, id, at), d)
    })
    .await?;
    let metrics: Vec<(&MetricTemplateId, i64, &TemplateMetric)> = templates
        .iter()
        .flat_map(|t| (0..).zip(&t.metrics).map(|(at, m)| (&t.template_id, at, m)))
        .collect();
    insert::<TemplateMetrics, _>(conn, &metrics, &Unwatched, |(id, at, m)| {
        TemplateMetrics::cells((tenant, id, at), m)
    })
    .await
}

async fn insert_group_members(
    conn: &mut AnyConnection,
    tenant: &TenantKey,
    members: &[(&UserGroupId, i64, &UserId)],
) -> StoreResult<()> {
    insert::<UserGroupMembers, _>(conn, members, &Unwatched, |(group, at, user)| {
        let member = GroupMember {
            user_id: (*user).clone(),
        };
        UserGroupMembers::cells((tenant, group, at), &member)
    })
    .await
}

async fn insert_semesters(
    conn: &mut AnyConnection,
    tenant: &TenantKey,
    parts: &SemesterRows<'_>,
    progress: &dyn WriteProgress,
) -> StoreResult<()> {
    insert::<Semesters, _>(conn, parts.semesters, progress, |s| {
        Semesters::cells((tenant,), s)
    })
    .await?;
    insert::<Stages, _>(conn, parts.stages, progress, |s| {
        Stages::cells((tenant,), s)
    })
    .await?;
    insert::<StageTasks, _>(conn, parts.stage_tasks, progress, |t| {
        StageTasks::cells((tenant,), t)
    })
    .await?;
    insert::<Activities, _>(conn, parts.activities, progress, |a| {
        Activities::cells((tenant,), a)
    })
    .await?;
    let groups: Vec<(&ActivityId, i64, ActivityGroup)> = parts
        .activities
        .iter()
        .flat_map(|a| {
            (0..).zip(&a.user_groups).map(|(at, group)| {
                let group = ActivityGroup {
                    group_id: group.clone(),
                };
                (&a.activity_id, at, group)
            })
        })
        .collect();
    insert::<ActivityUserGroups, _>(conn, &groups, progress, |(id, at, group)| {
        ActivityUserGroups::cells((tenant, id, at), group)
    })
    .await?;
    insert::<UserSnapshots, _>(conn, parts.user_snapshots, progress, |u| {
        UserSnapshots::cells((tenant,), u)
    })
    .await?;
    insert_review_records(conn, tenant, parts.review_records, progress).await?;
    insert::<AdditionalInfos, _>(conn, parts.additional_infos, progress, |a| {
        AdditionalInfos::cells((tenant,), a)
    })
    .await?;
    insert::<MetricValues, _>(conn, parts.metric_values, progress, |v| {
        MetricValues::cells((tenant,), v)
    })
    .await
}

/// Claims an import's client token in the transaction that applies it, so that a retry finds
/// either both or neither and two replicas cannot both apply one token: false when the token
/// was used before.
async fn claim_import(
    conn: &mut AnyConnection,
    tenant: &TenantKey,
    record: &ImportRecord,
) -> StoreResult<bool> {
    let claimed = sqlx::query(
        "INSERT INTO performance_imports \
         (tenant_key, import_record_id, kind, app_id, client_token, name, semester_id, create_ms) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
    )
    .bind(tenant.as_str())
    .bind(record.import_record_id.as_str())
    .bind(record.kind.as_str())
    .bind(record.app_id.as_str())
    .bind(record.client_token.as_str())
    .bind(record.name.as_str())
    .bind(record.semester_id.as_str())
    .bind(record.create_time.0)
    .execute(&mut *conn)
    .await
    .map_err(backend)?;
    Ok(claimed.rows_affected() > 0)
}

/// Marks the opening of `stage`'s results at its `results_open_time` announced, in the
/// transaction that stores the announcement: true when this call did, false when it was
/// announced already (by another replica, say) or the stage's results open at another time now.
/// The condition is in the statement, so that of two replicas only one can claim an opening.
async fn claim_announcement(
    conn: &mut AnyConnection,
    tenant: &TenantKey,
    stage: &Stage,
) -> StoreResult<bool> {
    let Some(open) = stage.results_open_time else {
        return Ok(false);
    };
    let claimed = sqlx::query(
        "UPDATE stages SET results_announced = 1 WHERE tenant_key = $1 AND stage_id = $2 \
         AND results_announced = 0 AND results_open_ms = $3",
    )
    .bind(tenant.as_str())
    .bind(stage.stage_id.as_str())
    .bind(open.0)
    .execute(&mut *conn)
    .await
    .map_err(backend)?;
    Ok(claimed.rows_affected() > 0)
}

async fn insert_review_records(
    conn: &mut AnyConnection,
    tenant: &TenantKey,
    records: &[ReviewRecord],
    progress: &dyn WriteProgress,
) -> StoreResult<()> {
    insert::<ReviewRecords, _>(conn, records, progress, |r| {
        ReviewRecords::cells((tenant,), r)
    })
    .await?;
    let values: Vec<(&RecordId, i64, &ReviewValue)> = records
        .iter()
        .flat_map(|r| (0..).zip(&r.values).map(|(at, v)| (&r.record_id, at, v)))
        .collect();
    insert::<ReviewValues, _>(conn, &values, progress, |(id, at, value)| {
        ReviewValues::cells((tenant, id, at), value)
    })
    .await?;
    let tags: Vec<(&RecordId, i64, i64, &ChosenTag)> = values
        .iter()
        .flat_map(|(id, value_at, value)| {
            (0..)
                .zip(&value.tags)
                .map(move |(at, tag)| (*id, *value_at, at, tag))
        })
        .collect();
    insert::<ReviewValueTags, _>(conn, &tags, progress, |(id, value_at, at, tag)| {
        ReviewValueTags::cells((tenant, id, value_at, at), tag)
    })
    .await
}

pub(super) async fn insert_review_templates(
    conn: &mut AnyConnection,
    tenant: &TenantKey,
    templates: &[ReviewTemplate],
) -> StoreResult<()> {
    insert::<ReviewTemplates, _>(conn, templates, &Unwatched, |t| {
        ReviewTemplates::cells((tenant,), t)
    })
    .await?;
    let mut stage_templates = Vec::new();
    let mut units = Vec::new();
    let mut fields = Vec::new();
    for template in templates {
        let id = &template.review_template_id;
        for (position, stage) in (0..).zip(&template.templates) {
            stage_templates.push((id, position, stage));
        }
        for (unit_position, unit) in (0..).zip(&template.units) {
            units.push((id, unit_position, unit));
            for (position, field) in (0..).zip(&unit.fields) {
                fields.push((id, unit_position, position, field));
            }
        }
    }
    insert::<StageTemplates, _>(conn, &stage_templates, &Unwatched, |(id, at, stage)| {
        StageTemplates::cells((tenant, id, at), stage)
    })
    .await?;
    insert::<ReviewUnits, _>(conn, &units, &Unwatched, |(id, at, unit)| {
        ReviewUnits::cells((tenant, id, at), unit)
    })
    .await?;
    insert::<ReviewFields, _>(conn, &fields, &Unwatched, |(id, unit, at, field)| {
        ReviewFields::cells((tenant, id, unit, at), field)
    })
    .await
}

/// A row of `review_value_tags`: the tag chosen, keyed by its record and value position.
fn chosen_tag(row: &ReadRow<'_>) -> StoreResult<((String, i64), ChosenTag)> {
    let key = (row.column("record_id")?, row.column("value_position")?);
    Ok((key, ReviewValueTags::read_row(row)?))
}

/// Gives each record its values (grouped by record ID, in order) and each value the tags chosen
/// in it (`tags`, as [`chosen_tag`] reads them, in order).
fn attach_review_values(
    records: &mut [ReviewRecord],
    mut values: HashMap<String, Vec<ReviewValue>>,
    tags: Vec<((String, i64), ChosenTag)>,
) {
    let mut tags_of = tags_by_value(tags);
    for record in records {
        let id = record.record_id.to_string();
        record.values = values.remove(&id).unwrap_or_default();
        for (at, value) in (0..).zip(&mut record.values) {
            value.tags = tags_of.remove(&(id.clone(), at)).unwrap_or_default();
        }
    }
}

/// Tags (as [`chosen_tag`] reads them, in order) grouped by record ID and value position.
fn tags_by_value(tags: Vec<((String, i64), ChosenTag)>) -> HashMap<(String, i64), Vec<ChosenTag>> {
    let mut tags_of: HashMap<(String, i64), Vec<ChosenTag>> = HashMap::new();
    for (key, tag) in tags {
        tags_of.entry(key).or_default().push(tag);
    }
    tags_of
}

/// The rows `c` of `child` (a table keyed by record) that belong to a semester's review
/// records ($1 the tenant, $2 the semester): `SELECT c.* {}`. A join, not a list of records (a
/// semester may hold more records than a statement takes parameters) nor `IN (SELECT …)`,
/// which SQLite answers by first copying every record ID of the semester into a temporary
/// table (megabytes, for a large semester).
fn of_semester_records(child: &str) -> String {
    format!(
        "FROM review_records r JOIN {child} c \
           ON c.tenant_key = r.tenant_key AND c.record_id = r.record_id \
         WHERE r.tenant_key = $1 AND r.semester_id = $2"
    )
}

impl SqlPerformanceStore {
    /// The tags chosen in a semester's review values, as [`chosen_tag`] reads them, by record,
    /// value and position.
    async fn semester_value_tags(
        &self,
        tenant: &TenantKey,
        semester: &SemesterId,
    ) -> StoreResult<Vec<((String, i64), ChosenTag)>> {
        let read = format!(
            "SELECT c.* {} ORDER BY c.record_id, c.value_position, c.position",
            of_semester_records("review_value_tags")
        );
        let semester_params = [Param::Text(tenant.as_str()), Param::Text(semester.as_str())];
        self.db
            .pooled_read(&read, &semester_params, chosen_tag)
            .await
    }

    /// Every row of `T` of the semester, in no order: what a catalog index of the semester is
    /// built from (read through the pool: a semester may hold many).
    async fn semester_rows<T: Table>(
        &self,
        tenant: &TenantKey,
        semester: &SemesterId,
    ) -> StoreResult<Vec<T::Row>> {
        let sql = format!(
            "SELECT * FROM {} WHERE tenant_key = $1 AND semester_id = $2",
            T::NAME
        );
        let params = [Param::Text(tenant.as_str()), Param::Text(semester.as_str())];
        self.db.pooled_read(&sql, &params, T::read_row).await
    }

    /// The semester's rows of `T` whose `user_column` holds one of `users`.
    async fn rows_of_users<T: Table>(
        &self,
        tenant: &TenantKey,
        semester: &SemesterId,
        user_column: &str,
        users: &[UserId],
    ) -> StoreResult<Vec<T::Row>> {
        if users.is_empty() {
            return Ok(Vec::new());
        }
        let mut params = vec![Param::Text(tenant.as_str()), Param::Text(semester.as_str())];
        let of_users = in_list(&mut params, user_column, users.iter().map(|u| u.as_str()));
        let sql = format!(
            "SELECT * FROM {} WHERE tenant_key = $1 AND semester_id = $2{of_users}",
            T::NAME
        );
        self.db.point_read(&sql, &params, T::read_row).await
    }

    /// A keyset page of parents `P` (see [`Db::keyset_page`]: `(ids, after, limit)`), each
    /// given its rows of child table `C` by `attach`.
    async fn keyset_page_with<P: Table, C: Table>(
        &self,
        tenant: &TenantKey,
        id_column: &str,
        (ids, after, limit): (Option<&[impl AsRef<str>]>, Option<&impl AsRef<str>>, usize),
        id_of: impl Fn(&P::Row) -> &str,
        attach: impl Fn(&mut P::Row, Vec<C::Row>),
    ) -> StoreResult<Vec<P::Row>> {
        let ids: Option<Vec<&str>> = ids.map(|ids| ids.iter().map(AsRef::as_ref).collect());
        let mut parents = self
            .db
            .keyset_page::<P>(
                tenant,
                id_column,
                &[],
                ids.as_deref().map(|ids| (id_column, ids)),
                after.map(AsRef::as_ref),
                limit,
            )
            .await?;
        let keys: Vec<&str> = parents.iter().map(&id_of).collect();
        let mut children = self.children_of::<C>(tenant, id_column, &keys).await?;
        for parent in &mut parents {
            let own = children.remove(id_of(parent)).unwrap_or_default();
            attach(parent, own);
        }
        Ok(parents)
    }

    /// The rows of child table `C` of these parents, grouped by parent ID, each group in
    /// position order.
    async fn children_of<C: Table>(
        &self,
        tenant: &TenantKey,
        parent_column: &str,
        parents: &[&str],
    ) -> StoreResult<HashMap<String, Vec<C::Row>>> {
        let mut children: HashMap<String, Vec<C::Row>> = HashMap::new();
        if parents.is_empty() {
            return Ok(children);
        }
        let mut params = vec![Param::Text(tenant.as_str())];
        let of_parents = in_list(&mut params, parent_column, parents.iter().copied());
        let sql = format!(
            "SELECT * FROM {} WHERE tenant_key = $1{of_parents} ORDER BY {parent_column}, position",
            C::NAME
        );
        let rows = self
            .db
            .point_read(&sql, &params, |row| {
                Ok((row.column::<String>(parent_column)?, C::read_row(row)?))
            })
            .await?;
        for (parent, child) in rows {
            children.entry(parent).or_default().push(child);
        }
        Ok(children)
    }

    /// A semester's stages in declaration order.
    async fn stages_of(
        &self,
        tenant: &TenantKey,
        semester: &SemesterId,
    ) -> StoreResult<Vec<Stage>> {
        self.db
            .point_read(
                "SELECT * FROM stages WHERE tenant_key = $1 AND semester_id = $2 \
                 ORDER BY position, stage_id",
                &[Param::Text(tenant.as_str()), Param::Text(semester.as_str())],
                Stages::read_row,
            )
            .await
    }

    /// Every review record of the tenant by ID, with its values and their tags.
    async fn every_review_record(&self, tenant: &TenantKey) -> StoreResult<Vec<ReviewRecord>> {
        let mut records = self.db.owned::<ReviewRecords>(tenant, "record_id").await?;
        let values = self
            .db
            .owned_children::<ReviewValues>(tenant, "record_id")
            .await?;
        let tags = self
            .db
            .owned_rows::<ReviewValueTags>(tenant, "record_id, value_position, position")
            .await?
            .iter()
            .map(|row| chosen_tag(&ReadRow::from(row)))
            .collect::<StoreResult<Vec<_>>>()?;
        attach_review_values(&mut records, values, tags);
        Ok(records)
    }

    /// Reads the user groups of `activities` into them.
    async fn fill_activities(
        &self,
        tenant: &TenantKey,
        activities: &mut [Activity],
    ) -> StoreResult<()> {
        let ids: Vec<&str> = activities.iter().map(|a| a.activity_id.as_str()).collect();
        let mut groups = self
            .children_of::<ActivityUserGroups>(tenant, "activity_id", &ids)
            .await?;
        for activity in activities {
            activity.user_groups = groups
                .remove(activity.activity_id.as_str())
                .unwrap_or_default()
                .into_iter()
                .map(|g| g.group_id)
                .collect();
        }
        Ok(())
    }

    /// Reads the stage templates, units and fields of `templates` (one statement per child
    /// table) into them.
    async fn fill_review_templates(
        &self,
        tenant: &TenantKey,
        templates: &mut [ReviewTemplate],
    ) -> StoreResult<()> {
        if templates.is_empty() {
            return Ok(());
        }
        let ids: Vec<&str> = templates
            .iter()
            .map(|t| t.review_template_id.as_str())
            .collect();
        let mut stage_templates = self
            .children_of::<StageTemplates>(tenant, "review_template_id", &ids)
            .await?;
        let mut units = self
            .children_of::<ReviewUnits>(tenant, "review_template_id", &ids)
            .await?;
        // Fields belong to a unit of their template: read in unit order, not with children_of.
        let mut params = vec![Param::Text(tenant.as_str())];
        let of_templates = in_list(&mut params, "review_template_id", ids.iter().copied());
        let read = format!(
            "SELECT * FROM {} WHERE tenant_key = $1{of_templates} \
             ORDER BY review_template_id, unit_position, position",
            ReviewFields::NAME
        );
        let fields = self
            .db
            .point_read(&read, &params, |row| {
                Ok((
                    row.column::<String>("review_template_id")?,
                    row.column::<i64>("unit_position")?,
                    ReviewFields::read_row(row)?,
                ))
            })
            .await?;
        for (template, unit, field) in fields {
            let unit = units
                .get_mut(&template)
                .and_then(|units| units.get_mut(unit as usize))
                .ok_or_else(|| {
                    StoreError::Backend(format!(
                        "a review field of template {template} has no unit"
                    ))
                })?;
            unit.fields.push(field);
        }
        for template in templates {
            let id = template.review_template_id.as_str();
            template.templates = stage_templates.remove(id).unwrap_or_default();
            template.units = units.remove(id).unwrap_or_default();
        }
        Ok(())
    }
}

#[async_trait]
impl PerformanceCatalog for SqlPerformanceStore {
    async fn settings(
        &self,
        _at: &Snapshot,
        tenant: &TenantKey,
    ) -> StoreResult<Option<PerformanceSettings>> {
        self.stored_settings(tenant).await
    }

    async fn semester(
        &self,
        _at: &Snapshot,
        tenant: &TenantKey,
        id: &SemesterId,
    ) -> StoreResult<Option<Arc<SemesterStages>>> {
        let Some(semester) = self
            .db
            .point_read_optional(
                "SELECT * FROM semesters WHERE tenant_key = $1 AND semester_id = $2",
                &[Param::Text(tenant.as_str()), Param::Text(id.as_str())],
                Semesters::read_row,
            )
            .await?
        else {
            return Ok(None);
        };
        let stages = self
            .stages_of(tenant, id)
            .await?
            .into_iter()
            .map(Arc::new)
            .collect();
        Ok(Some(Arc::new(SemesterStages { semester, stages })))
    }

    async fn semester_list(
        &self,
        _at: &Snapshot,
        tenant: &TenantKey,
    ) -> StoreResult<Arc<Vec<Semester>>> {
        Ok(Arc::new(PerformanceStore::semesters(self, tenant).await?))
    }

    async fn semester_tasks(
        &self,
        _at: &Snapshot,
        tenant: &TenantKey,
        semester: &SemesterId,
    ) -> StoreResult<Arc<SemesterTasks>> {
        // Each user's tasks come packed in one row: a tenth of the rows of one per task.
        let packed = self
            .db
            .dialect()
            .packed_rows("stage_id, need_todo, finished");
        let sql = format!(
            "SELECT user_id, {packed} AS tasks FROM stage_tasks \
             WHERE tenant_key = $1 AND semester_id = $2 GROUP BY user_id ORDER BY user_id"
        );
        // Row by row into the index: the whole result at once would hold a large semester
        // twice over.
        let mut rows = sqlx::query(&sql)
            .bind(tenant.as_str())
            .bind(semester.as_str())
            .fetch(self.db.pool());
        let mut tasks = SemesterTasks::builder(semester.clone());
        while let Some(row) = rows.try_next().await.map_err(backend)? {
            let user_id: UserId = column(&row, "user_id")?;
            let packed: String = column(&row, "tasks")?;
            // The index holds counts as u32: a row outside 0..=99999 (which every write of
            // openwork refuses) was written by someone else, and is named.
            let packed: Vec<PackedTask> = serde_json::from_str(&packed).map_err(|err| {
                StoreError::Backend(format!(
                    "the stage tasks of user {user_id} in semester {semester} cannot be read \
                     ({err}): need_todo and finished must be whole numbers from 0 to 99999, \
                     as openwork writes them; correct the rows written outside it"
                ))
            })?;
            tasks.user(user_id, packed.iter().map(|t| (t.0.as_ref(), t.1, t.2)));
        }
        Ok(Arc::new(tasks.build()))
    }

    async fn semester_reviewees(
        &self,
        _at: &Snapshot,
        tenant: &TenantKey,
        semester: &SemesterId,
    ) -> StoreResult<Arc<SemesterReviewees>> {
        let activities = self
            .activities(tenant, std::slice::from_ref(semester), None)
            .await?;
        // Row by row into the index, as a semester's stage tasks are.
        let mut rows = sqlx::query(
            "SELECT m.user_id, a.activity_id FROM activities a \
             JOIN activity_user_groups g \
               ON g.tenant_key = a.tenant_key AND g.activity_id = a.activity_id \
             JOIN user_group_members m \
               ON m.tenant_key = g.tenant_key AND m.group_id = g.group_id \
             WHERE a.tenant_key = $1 AND a.semester_id = $2",
        )
        .bind(tenant.as_str())
        .bind(semester.as_str())
        .fetch(self.db.pool());
        let mut memberships = Vec::new();
        while let Some(row) = rows.try_next().await.map_err(backend)? {
            memberships.push((
                column::<UserId>(&row, "user_id")?,
                column::<ActivityId>(&row, "activity_id")?,
            ));
        }
        Ok(Arc::new(SemesterReviewees::new(activities, memberships)))
    }

    async fn semester_review_records(
        &self,
        _at: &Snapshot,
        tenant: &TenantKey,
        semester: &SemesterId,
    ) -> StoreResult<Arc<SemesterReviewRecords>> {
        // Few values have tags (only answers to a tag-based question): read apart, first.
        let mut tags = tags_by_value(self.semester_value_tags(tenant, semester).await?);
        // How much to allocate: a hint (a write between the reads costs a reallocation, and
        // the revision it moves makes the next snapshot build again).
        let counted = format!(
            "SELECT (SELECT COUNT(*) FROM review_records \
                     WHERE tenant_key = $1 AND semester_id = $2) AS records, \
                    (SELECT COUNT(*) {}) AS answers",
            of_semester_records("review_values")
        );
        let counts = sqlx::query(&counted)
            .bind(tenant.as_str())
            .bind(semester.as_str())
            .fetch_one(self.db.pool())
            .await
            .map_err(backend)?;
        let size = IndexSize {
            records: column::<i64>(&counts, "records")? as usize,
            values: column::<i64>(&counts, "answers")? as usize,
        };
        // Each record with its values, a row per value (one for a record without): row by row
        // into the index, as a semester's stage tasks are.
        let mut rows = sqlx::query(
            "SELECT r.*, v.position AS value_position, v.unit_id, v.field_id, v.indicator_id, \
                    v.option_id, v.score, v.text, v.tag_based_question_id \
             FROM review_records r LEFT JOIN review_values v \
               ON v.tenant_key = r.tenant_key AND v.record_id = r.record_id \
             WHERE r.tenant_key = $1 AND r.semester_id = $2 ORDER BY r.record_id, v.position",
        )
        .bind(tenant.as_str())
        .bind(semester.as_str())
        .fetch(self.db.pool());
        let mut index = SemesterReviewRecords::builder(semester.clone(), size);
        let mut last_record: Option<String> = None;
        while let Some(row) = rows.try_next().await.map_err(backend)? {
            let row = ReadRow::from(&row);
            let record_id: String = row.column("record_id")?;
            if last_record.as_ref() != Some(&record_id) {
                index.record(&ReviewRecords::read_row(&row)?);
            }
            if let Some(position) = row.column::<Option<i64>>("value_position")? {
                let mut value = ReviewValues::read_row(&row)?;
                let key = (record_id.clone(), position);
                value.tags = tags.remove(&key).unwrap_or_default();
                index.value(&value);
            }
            last_record = Some(record_id);
        }
        Ok(Arc::new(index.build()))
    }

    async fn metric_sheets(
        &self,
        _at: &Snapshot,
        tenant: &TenantKey,
    ) -> StoreResult<Arc<MetricSheets>> {
        let templates = self
            .metric_templates(tenant, None, None, None, EVERY_ROW)
            .await?;
        let library = self
            .metrics(tenant, None, EVERY_ROW, &MetricFilter::default())
            .await?;
        let fields = self.metric_fields(tenant, None).await?;
        Ok(Arc::new(MetricSheet::of_templates(
            &templates, &library, &fields,
        )))
    }

    async fn semester_metric_values(
        &self,
        _at: &Snapshot,
        tenant: &TenantKey,
        semester: &SemesterId,
    ) -> StoreResult<Arc<SemesterMetricValues>> {
        let values = self.semester_rows::<MetricValues>(tenant, semester).await?;
        Ok(Arc::new(SemesterMetricValues::new(values)))
    }

    async fn semester_additional_infos(
        &self,
        _at: &Snapshot,
        tenant: &TenantKey,
        semester: &SemesterId,
    ) -> StoreResult<Arc<SemesterAdditionalInfos>> {
        let items = self
            .semester_rows::<AdditionalInfos>(tenant, semester)
            .await?;
        Ok(Arc::new(SemesterAdditionalInfos::new(items)))
    }

    async fn review_definitions(
        &self,
        _at: &Snapshot,
        tenant: &TenantKey,
    ) -> StoreResult<Arc<ReviewDefinitions>> {
        let templates = self.review_templates(tenant, None, None, EVERY_ROW).await?;
        let indicators = self.indicators(tenant, None, None, EVERY_ROW).await?;
        Ok(Arc::new(ReviewDefinitions::new(templates, indicators)))
    }
}

#[async_trait]
impl PerformanceStore for SqlPerformanceStore {
    async fn section(&self, tenant: &TenantKey) -> StoreResult<Section> {
        let settings = self
            .stored_settings(tenant)
            .await?
            // Every load writes the settings; without them, what a fixture leaving them out
            // gets.
            .unwrap_or(PerformanceSettings {
                licensed: true,
                allow_late_submission: false,
            });
        let mut activities = self.db.owned::<Activities>(tenant, "activity_id").await?;
        self.fill_activities(tenant, &mut activities).await?;
        let mut review_templates = self
            .db
            .owned::<ReviewTemplates>(tenant, "review_template_id")
            .await?;
        self.fill_review_templates(tenant, &mut review_templates)
            .await?;
        Ok(Section {
            settings,
            semesters: self
                .db
                .owned::<Semesters>(tenant, "start_ms, semester_id")
                .await?,
            stages: self
                .db
                .owned::<Stages>(tenant, "semester_id, position, stage_id")
                .await?,
            stage_tasks: self
                .db
                .owned::<StageTasks>(tenant, "semester_id, stage_id, user_id")
                .await?,
            activities,
            user_snapshots: self
                .db
                .owned::<UserSnapshots>(tenant, "semester_id, user_id")
                .await?,
            review_records: self.every_review_record(tenant).await?,
            additional_infos: self
                .db
                .owned::<AdditionalInfos>(tenant, "semester_id, item_id")
                .await?,
            metric_values: self
                .db
                .owned::<MetricValues>(tenant, "semester_id, reviewee_user_id, metric_id, field_id")
                .await?,
            review_templates,
            user_groups: self.user_groups(tenant).await?,
            indicators: self.indicators(tenant, None, None, EVERY_ROW).await?,
            questions: self.questions(tenant, None, None, EVERY_ROW).await?,
            metric_tags: self.metric_tags(tenant, None, None, EVERY_ROW).await?,
            metric_fields: self.metric_fields(tenant, None).await?,
            metrics: self
                .metrics(tenant, None, EVERY_ROW, &MetricFilter::default())
                .await?,
            metric_templates: self
                .metric_templates(tenant, None, None, None, EVERY_ROW)
                .await?,
        })
    }

    async fn counts(&self, tenant: &TenantKey) -> StoreResult<Counts> {
        Ok(Counts {
            semesters: self.db.count_owned::<Semesters>(tenant).await?,
            stages: self.db.count_owned::<Stages>(tenant).await?,
            stage_tasks: self.db.count_owned::<StageTasks>(tenant).await?,
            review_templates: self.db.count_owned::<ReviewTemplates>(tenant).await?,
            activities: self.db.count_owned::<Activities>(tenant).await?,
            user_groups: self.db.count_owned::<UserGroups>(tenant).await?,
            indicators: self.db.count_owned::<Indicators>(tenant).await?,
            questions: self.db.count_owned::<Questions>(tenant).await?,
            review_records: self.db.count_owned::<ReviewRecords>(tenant).await?,
            additional_informations: self.db.count_owned::<AdditionalInfos>(tenant).await?,
        })
    }

    async fn semesters(&self, tenant: &TenantKey) -> StoreResult<Vec<Semester>> {
        // A tenant has a handful: read on the request's thread.
        self.db
            .point_read(
                "SELECT * FROM semesters WHERE tenant_key = $1 ORDER BY start_ms, semester_id",
                &[Param::Text(tenant.as_str())],
                Semesters::read_row,
            )
            .await
    }

    async fn review_templates(
        &self,
        tenant: &TenantKey,
        ids: Option<&[ReviewTemplateId]>,
        after: Option<&ReviewTemplateId>,
        limit: usize,
    ) -> StoreResult<Vec<ReviewTemplate>> {
        let ids: Option<Vec<&str>> = ids.map(|ids| ids.iter().map(|id| id.as_str()).collect());
        let mut templates = self
            .db
            .keyset_page::<ReviewTemplates>(
                tenant,
                "review_template_id",
                &[],
                ids.as_deref().map(|ids| ("review_template_id", ids)),
                after.map(|id| id.as_str()),
                limit,
            )
            .await?;
        self.fill_review_templates(tenant, &mut templates).await?;
        Ok(templates)
    }

    async fn review_catalog(&self, tenant: &TenantKey) -> StoreResult<ReviewCatalog> {
        // Configuration is small (tens of templates and indicators): read it whole.
        let mut catalog = ReviewCatalog::new(
            &self.indicators(tenant, None, None, EVERY_ROW).await?,
            &self.questions(tenant, None, None, EVERY_ROW).await?,
            &self.user_groups(tenant).await?,
            &self.review_templates(tenant, None, None, EVERY_ROW).await?,
        );
        catalog.add_metric_sheets(
            &self
                .metric_templates(tenant, None, None, None, EVERY_ROW)
                .await?,
            &self
                .metrics(tenant, None, EVERY_ROW, &MetricFilter::default())
                .await?,
            &self.metric_fields(tenant, None).await?,
        );
        Ok(catalog)
    }

    async fn user_groups(&self, tenant: &TenantKey) -> StoreResult<Vec<UserGroup>> {
        let every = (None::<&[UserGroupId]>, None::<&UserGroupId>, EVERY_ROW);
        self.keyset_page_with::<UserGroups, UserGroupMembers>(
            tenant,
            "group_id",
            every,
            |g| g.group_id.as_str(),
            |g, members| g.members = members.into_iter().map(|m| m.user_id).collect(),
        )
        .await
    }

    async fn user_snapshots(
        &self,
        tenant: &TenantKey,
        semester: &SemesterId,
        users: &[UserId],
    ) -> StoreResult<Vec<UserSnapshot>> {
        self.rows_of_users::<UserSnapshots>(tenant, semester, "user_id", users)
            .await
    }

    async fn activities(
        &self,
        tenant: &TenantKey,
        semesters: &[SemesterId],
        ids: Option<&[ActivityId]>,
    ) -> StoreResult<Vec<Activity>> {
        let (column_name, wanted): (&str, Vec<&str>) = match ids {
            Some(ids) => ("activity_id", ids.iter().map(|id| id.as_str()).collect()),
            None => (
                "semester_id",
                semesters.iter().map(|id| id.as_str()).collect(),
            ),
        };
        if wanted.is_empty() {
            return Ok(Vec::new());
        }
        let mut params = vec![Param::Text(tenant.as_str())];
        let wanted = in_list(&mut params, column_name, wanted);
        let sql =
            format!("SELECT * FROM activities WHERE tenant_key = $1{wanted} ORDER BY activity_id");
        let mut activities = self
            .db
            .point_read(&sql, &params, Activities::read_row)
            .await?;
        self.fill_activities(tenant, &mut activities).await?;
        Ok(activities)
    }

    async fn indicators(
        &self,
        tenant: &TenantKey,
        ids: Option<&[IndicatorId]>,
        after: Option<&IndicatorId>,
        limit: usize,
    ) -> StoreResult<Vec<Indicator>> {
        self.keyset_page_with::<Indicators, IndicatorOptions>(
            tenant,
            "indicator_id",
            (ids, after, limit),
            |i| i.indicator_id.as_str(),
            |i, options| i.options = options,
        )
        .await
    }

    async fn questions(
        &self,
        tenant: &TenantKey,
        ids: Option<&[QuestionId]>,
        after: Option<&QuestionId>,
        limit: usize,
    ) -> StoreResult<Vec<Question>> {
        self.keyset_page_with::<Questions, QuestionTags>(
            tenant,
            "question_id",
            (ids, after, limit),
            |q| q.question_id.as_str(),
            |q, tags| q.tag_items = tags,
        )
        .await
    }

    async fn additional_infos(
        &self,
        tenant: &TenantKey,
        semester: &SemesterId,
        only: &AdditionalInfoFilter,
        after: Option<&ItemId>,
        limit: usize,
    ) -> StoreResult<Vec<AdditionalInfo>> {
        let within: Option<(&str, Vec<&str>)> = match only {
            AdditionalInfoFilter::All => None,
            AdditionalInfoFilter::ItemIds(ids) => {
                Some(("item_id", ids.iter().map(|i| i.as_str()).collect()))
            }
            AdditionalInfoFilter::ExternalIds(ids) => {
                Some(("external_id", ids.iter().map(String::as_str).collect()))
            }
            AdditionalInfoFilter::Reviewees(users) => Some((
                "reviewee_user_id",
                users.iter().map(|u| u.as_str()).collect(),
            )),
        };
        self.db
            .keyset_page::<AdditionalInfos>(
                tenant,
                "item_id",
                &[("semester_id", semester.as_str())],
                within
                    .as_ref()
                    .map(|(column, values)| (*column, values.as_slice())),
                after.map(|i| i.as_str()),
                limit,
            )
            .await
    }

    async fn import_additional_infos(
        &self,
        tenant: &TenantKey,
        record: &ImportRecord,
        items: &[AdditionalInfo],
    ) -> StoreResult<bool> {
        let mut write = self.db.begin_write().await?;
        if !claim_import(&mut write.tx, tenant, record).await? {
            return Ok(false);
        }
        // Updated items are replaced whole: delete them, then insert every item.
        for item in items {
            let key = [("item_id", item.item_id.as_str())];
            delete_owned::<AdditionalInfos>(&mut write.tx, tenant, &key).await?;
        }
        insert::<AdditionalInfos, _>(&mut write.tx, items, &Unwatched, |a| {
            AdditionalInfos::cells((tenant,), a)
        })
        .await?;
        write.commit().await?;
        Ok(true)
    }

    async fn import_metric_values(
        &self,
        tenant: &TenantKey,
        record: &ImportRecord,
        values: &[MetricValue],
    ) -> StoreResult<bool> {
        let mut write = self.db.begin_write().await?;
        if !claim_import(&mut write.tx, tenant, record).await? {
            return Ok(false);
        }
        upsert::<MetricValues, _>(&mut write.tx, values, METRIC_VALUE_KEY, |v| {
            MetricValues::cells((tenant,), v)
        })
        .await?;
        write.commit().await?;
        Ok(true)
    }

    async fn delete_additional_infos(
        &self,
        tenant: &TenantKey,
        semester: &SemesterId,
        items: &[ItemId],
    ) -> StoreResult<Vec<ItemId>> {
        let mut write = self.db.begin_write().await?;
        let mut deleted = Vec::new();
        for item in items {
            let key = [
                ("semester_id", semester.as_str()),
                ("item_id", item.as_str()),
            ];
            if delete_owned::<AdditionalInfos>(&mut write.tx, tenant, &key).await? > 0 {
                deleted.push(item.clone());
            }
        }
        write.commit().await?;
        Ok(deleted)
    }

    async fn metric_tags(
        &self,
        tenant: &TenantKey,
        ids: Option<&[MetricTagId]>,
        after: Option<&MetricTagId>,
        limit: usize,
    ) -> StoreResult<Vec<MetricTag>> {
        let ids: Option<Vec<&str>> = ids.map(|ids| ids.iter().map(|id| id.as_str()).collect());
        self.db
            .keyset_page::<MetricTags>(
                tenant,
                "tag_id",
                &[],
                ids.as_deref().map(|ids| ("tag_id", ids)),
                after.map(|id| id.as_str()),
                limit,
            )
            .await
    }

    async fn metric_fields(
        &self,
        tenant: &TenantKey,
        ids: Option<&[MetricFieldId]>,
    ) -> StoreResult<Vec<MetricField>> {
        let ids: Option<Vec<&str>> = ids.map(|ids| ids.iter().map(|id| id.as_str()).collect());
        self.db
            .keyset_page::<MetricFields>(
                tenant,
                "field_id",
                &[],
                ids.as_deref().map(|ids| ("field_id", ids)),
                None,
                EVERY_ROW,
            )
            .await
    }

    async fn metrics(
        &self,
        tenant: &TenantKey,
        after: Option<&MetricId>,
        limit: usize,
        filter: &MetricFilter,
    ) -> StoreResult<Vec<Metric>> {
        let mut conditions = String::new();
        let mut bound: Vec<String> = vec![
            tenant.to_string(),
            after.map_or(String::new(), |m| m.to_string()),
        ];
        // Binds a value and answers its placeholder.
        let bind = |value: String, bound: &mut Vec<String>| {
            bound.push(value);
            format!("${}", bound.len())
        };
        if let Some(active) = filter.is_active {
            conditions += &format!(" AND is_active = {}", i64::from(active));
        }
        if let Some(availability) = &filter.range_of_availability {
            let at = bind(availability.clone(), &mut bound);
            conditions += &format!(" AND range_of_availability = {at}");
        }
        if let Some(scoring) = &filter.scoring_setting_type {
            let at = bind(scoring.clone(), &mut bound);
            conditions += &format!(" AND scoring_setting_type = {at}");
        }
        if let Some(types) = &filter.type_ids {
            let list: Vec<String> = types.iter().map(|t| bind(t.clone(), &mut bound)).collect();
            conditions += &format!(" AND type_id IN ({})", list.join(", "));
        }
        if let Some(tags) = &filter.tag_ids {
            let list: Vec<String> = tags
                .iter()
                .map(|t| bind(t.to_string(), &mut bound))
                .collect();
            conditions += &format!(
                " AND EXISTS (SELECT 1 FROM metric_tag_links l WHERE l.tenant_key = metrics.tenant_key \
                 AND l.metric_id = metrics.metric_id AND l.tag_id IN ({}))",
                list.join(", ")
            );
        }
        // `$2` is the keyset position and the limit comes last.
        let sql = format!(
            "SELECT * FROM metrics WHERE tenant_key = $1 AND metric_id > $2{conditions} \
             ORDER BY metric_id LIMIT {limit}",
            limit = limit.min(EVERY_ROW)
        );
        let params: Vec<Param> = bound.iter().map(|value| Param::Text(value)).collect();
        let mut metrics = self.db.point_read(&sql, &params, Metrics::read_row).await?;
        let ids: Vec<&str> = metrics.iter().map(|m| m.metric_id.as_str()).collect();
        let mut tags = self
            .children_of::<MetricTagLinks>(tenant, "metric_id", &ids)
            .await?;
        let mut fields = self
            .children_of::<MetricFieldSettings>(tenant, "metric_id", &ids)
            .await?;
        let mut inputters = self
            .children_of::<MetricInputters>(tenant, "metric_id", &ids)
            .await?;
        for metric in &mut metrics {
            let id = metric.metric_id.as_str();
            metric.tags = tags
                .remove(id)
                .unwrap_or_default()
                .into_iter()
                .map(|l| l.tag_id)
                .collect();
            metric.fields = fields.remove(id).unwrap_or_default();
            metric.data_source_inputters = inputters
                .remove(id)
                .unwrap_or_default()
                .into_iter()
                .map(|i| i.user_id)
                .collect();
        }
        Ok(metrics)
    }

    async fn metric_templates(
        &self,
        tenant: &TenantKey,
        ids: Option<&[MetricTemplateId]>,
        status: Option<&str>,
        after: Option<&MetricTemplateId>,
        limit: usize,
    ) -> StoreResult<Vec<MetricTemplate>> {
        let ids: Option<Vec<&str>> = ids.map(|ids| ids.iter().map(|id| id.as_str()).collect());
        let status: Vec<(&str, &str)> = status.map(|s| ("status", s)).into_iter().collect();
        let mut templates = self
            .db
            .keyset_page::<MetricTemplates>(
                tenant,
                "template_id",
                &status,
                ids.as_deref().map(|ids| ("template_id", ids)),
                after.map(|id| id.as_str()),
                limit,
            )
            .await?;
        let keys: Vec<&str> = templates.iter().map(|t| t.template_id.as_str()).collect();
        let mut dimensions = self
            .children_of::<MetricDimensions>(tenant, "template_id", &keys)
            .await?;
        let mut metrics = self
            .children_of::<TemplateMetrics>(tenant, "template_id", &keys)
            .await?;
        for template in &mut templates {
            let id = template.template_id.as_str();
            template.dimensions = dimensions.remove(id).unwrap_or_default();
            template.metrics = metrics.remove(id).unwrap_or_default();
        }
        Ok(templates)
    }

    async fn user_group(
        &self,
        tenant: &TenantKey,
        id: &UserGroupId,
    ) -> StoreResult<Option<UserGroup>> {
        self.db
            .point_read_optional(
                "SELECT * FROM user_groups WHERE tenant_key = $1 AND group_id = $2",
                &[Param::Text(tenant.as_str()), Param::Text(id.as_str())],
                UserGroups::read_row,
            )
            .await
    }

    async fn write_group_members(
        &self,
        tenant: &TenantKey,
        write: &GroupWrite,
    ) -> StoreResult<bool> {
        let mut tx = self.db.begin_write().await?;
        // The token is claimed in the same transaction as the write: a retry after a crash
        // finds either both or neither.
        let claimed = sqlx::query(
            "INSERT INTO user_group_writes (tenant_key, app_id, client_token, group_id) \
             VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        )
        .bind(tenant.as_str())
        .bind(write.app_id.as_str())
        .bind(write.client_token.as_str())
        .bind(write.group_id.as_str())
        .execute(&mut *tx.tx)
        .await
        .map_err(backend)?;
        if claimed.rows_affected() == 0 {
            return Ok(false);
        }
        sqlx::query(
            "UPDATE user_groups SET scope_visible_setting = $3 \
             WHERE tenant_key = $1 AND group_id = $2",
        )
        .bind(tenant.as_str())
        .bind(write.group_id.as_str())
        .bind(write.scope_visible_setting)
        .execute(&mut *tx.tx)
        .await
        .map_err(backend)?;
        sqlx::query("DELETE FROM user_group_members WHERE tenant_key = $1 AND group_id = $2")
            .bind(tenant.as_str())
            .bind(write.group_id.as_str())
            .execute(&mut *tx.tx)
            .await
            .map_err(backend)?;
        let members: Vec<(&UserGroupId, i64, &UserId)> = (0..)
            .zip(&write.members)
            .map(|(at, user)| (&write.group_id, at, user))
            .collect();
        insert_group_members(&mut tx.tx, tenant, &members).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn semester_reviews(
        &self,
        tenant: &TenantKey,
        semester: &SemesterId,
    ) -> StoreResult<SemesterReviews> {
        let stages = self.stages_of(tenant, semester).await?;
        // A whole semester: read through the pool, off the request's thread.
        let semester_params = [Param::Text(tenant.as_str()), Param::Text(semester.as_str())];
        let mut records = self
            .db
            .pooled_read(
                "SELECT * FROM review_records WHERE tenant_key = $1 AND semester_id = $2 \
                 ORDER BY record_id",
                &semester_params,
                ReviewRecords::read_row,
            )
            .await?;
        let mut values: HashMap<String, Vec<ReviewValue>> = HashMap::new();
        let read = format!(
            "SELECT c.* {} ORDER BY c.record_id, c.position",
            of_semester_records("review_values")
        );
        for (record, value) in self
            .db
            .pooled_read(&read, &semester_params, |row| {
                Ok((
                    row.column::<String>("record_id")?,
                    ReviewValues::read_row(row)?,
                ))
            })
            .await?
        {
            values.entry(record).or_default().push(value);
        }
        let tags = self.semester_value_tags(tenant, semester).await?;
        attach_review_values(&mut records, values, tags);
        Ok(SemesterReviews { stages, records })
    }

    async fn replace_semester(
        &self,
        tenant: &TenantKey,
        parts: &SemesterParts,
        replaced: &[Stage],
        deliveries: &[Delivery],
    ) -> StoreResult<bool> {
        let semester = parts.semesters[0].semester_id.as_str();
        let mut write = self.db.begin_write().await?;
        // On PostgreSQL the stages stay locked until the replacement commits: a replica
        // announcing one of them meanwhile waits, then finds it replaced and announces nothing.
        // (SQLite has one writer at a time.)
        let lock = match self.db.dialect() {
            Dialect::Sqlite => "",
            Dialect::Postgres => " FOR UPDATE",
        };
        let mut stored = sqlx::query(&format!(
            "SELECT stage_id, results_open_ms, results_announced FROM stages \
             WHERE tenant_key = $1 AND semester_id = $2{lock}"
        ))
        .bind(tenant.as_str())
        .bind(semester)
        .fetch_all(&mut *write.tx)
        .await
        .map_err(backend)?
        .iter()
        .map(|row| {
            Ok((
                column::<String>(row, "stage_id")?,
                column::<Option<i64>>(row, "results_open_ms")?,
                column::<bool>(row, "results_announced")?,
            ))
        })
        .collect::<StoreResult<Vec<_>>>()?;
        let mut expected: Vec<(String, Option<i64>, bool)> = replaced
            .iter()
            .map(|s| {
                let open = s.results_open_time.map(|t| t.0);
                (s.stage_id.to_string(), open, s.results_announced)
            })
            .collect();
        stored.sort();
        expected.sort();
        if stored != expected {
            return Ok(false);
        }
        // Its stages, their tasks and its activities go with it.
        let key = [("semester_id", semester)];
        delete_owned::<Semesters>(&mut write.tx, tenant, &key).await?;
        insert_semesters(&mut write.tx, tenant, &parts.into(), &Unwatched).await?;
        insert_deliveries(&mut write.tx, deliveries).await?;
        write.commit().await?;
        Ok(true)
    }

    async fn delete_semester(&self, tenant: &TenantKey, id: &SemesterId) -> StoreResult<bool> {
        let key = [("semester_id", id.as_str())];
        Ok(self.db.delete_owned::<Semesters>(tenant, &key).await? > 0)
    }

    async fn stage(&self, tenant: &TenantKey, id: &StageId) -> StoreResult<Option<Stage>> {
        self.db
            .point_read_optional(
                "SELECT * FROM stages WHERE tenant_key = $1 AND stage_id = $2",
                &[Param::Text(tenant.as_str()), Param::Text(id.as_str())],
                Stages::read_row,
            )
            .await
    }

    async fn update_stage(
        &self,
        tenant: &TenantKey,
        stage: &Stage,
        deliveries: &[Delivery],
    ) -> StoreResult<bool> {
        let mut write = self.db.begin_write().await?;
        // An announcement is claimed below, only where none was made; closed results lose
        // theirs here, so that their next opening is announced.
        let closed = if stage.results_announced {
            ""
        } else {
            ", results_announced = 0"
        };
        let done = sqlx::query(&format!(
            "UPDATE stages SET name_zh = $3, name_en = $4, deadline_ms = $5, jump_url = $6, \
             paused = $7, results_open_ms = $8{closed} WHERE tenant_key = $1 AND stage_id = $2"
        ))
        .bind(tenant.as_str())
        .bind(stage.stage_id.as_str())
        .bind(stage.name.zh_cn.as_str())
        .bind(stage.name.en_us.as_str())
        .bind(stage.deadline.0)
        .bind(stage.jump_url.as_deref())
        .bind(i64::from(stage.paused))
        .bind(stage.results_open_time.map(|t| t.0))
        .execute(&mut *write.tx)
        .await
        .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        if stage.results_announced && claim_announcement(&mut write.tx, tenant, stage).await? {
            insert_deliveries(&mut write.tx, deliveries).await?;
        }
        write.commit().await?;
        Ok(true)
    }

    async fn unannounced_openings(&self) -> StoreResult<Vec<(TenantKey, Stage)>> {
        sqlx::query(
            "SELECT * FROM stages WHERE results_announced = 0 AND results_open_ms IS NOT NULL \
             ORDER BY results_open_ms, tenant_key, stage_id",
        )
        .fetch_all(self.db.pool())
        .await
        .map_err(backend)?
        .iter()
        .map(|row| Ok((column(row, "tenant_key")?, Stages::read(row)?)))
        .collect()
    }

    async fn announce_results(
        &self,
        tenant: &TenantKey,
        stage: &Stage,
        deliveries: &[Delivery],
    ) -> StoreResult<bool> {
        let mut write = self.db.begin_write().await?;
        if !claim_announcement(&mut write.tx, tenant, stage).await? {
            return Ok(false);
        }
        insert_deliveries(&mut write.tx, deliveries).await?;
        write.commit().await?;
        Ok(true)
    }

    async fn delete_stage(&self, tenant: &TenantKey, id: &StageId) -> StoreResult<bool> {
        let key = [("stage_id", id.as_str())];
        Ok(self.db.delete_owned::<Stages>(tenant, &key).await? > 0)
    }

    async fn stage_task(
        &self,
        tenant: &TenantKey,
        stage: &StageId,
        user: &UserId,
    ) -> StoreResult<Option<StageTask>> {
        self.db
            .point_read_optional(
                "SELECT * FROM stage_tasks WHERE tenant_key = $1 AND stage_id = $2 AND user_id = $3",
                &[
                    Param::Text(tenant.as_str()),
                    Param::Text(stage.as_str()),
                    Param::Text(user.as_str()),
                ],
                StageTasks::read_row,
            )
            .await
    }

    async fn put_stage_task(&self, tenant: &TenantKey, task: &StageTask) -> StoreResult<()> {
        let mut write = self.db.begin_write().await?;
        sqlx::query(
            "INSERT INTO stage_tasks (tenant_key, semester_id, user_id, stage_id, need_todo, finished) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (tenant_key, semester_id, user_id, stage_id) DO UPDATE \
             SET need_todo = excluded.need_todo, finished = excluded.finished",
        )
        .bind(tenant.as_str())
        .bind(task.semester_id.as_str())
        .bind(task.user_id.as_str())
        .bind(task.stage_id.as_str())
        .bind(task.need_todo)
        .bind(task.finished)
        .execute(&mut *write.tx)
        .await
        .map_err(backend)?;
        write.commit().await
    }

    async fn delete_stage_task(
        &self,
        tenant: &TenantKey,
        stage: &StageId,
        user: &UserId,
    ) -> StoreResult<bool> {
        let key = [("stage_id", stage.as_str()), ("user_id", user.as_str())];
        Ok(self.db.delete_owned::<StageTasks>(tenant, &key).await? > 0)
    }

    async fn put_review_template(
        &self,
        tenant: &TenantKey,
        template: &ReviewTemplate,
    ) -> StoreResult<()> {
        let mut write = self.db.begin_write().await?;
        let key = [("review_template_id", template.review_template_id.as_str())];
        delete_owned::<ReviewTemplates>(&mut write.tx, tenant, &key).await?;
        insert_review_templates(&mut write.tx, tenant, std::slice::from_ref(template)).await?;
        write.commit().await
    }

    async fn delete_review_template(
        &self,
        tenant: &TenantKey,
        id: &ReviewTemplateId,
    ) -> StoreResult<bool> {
        let key = [("review_template_id", id.as_str())];
        Ok(self
            .db
            .delete_owned::<ReviewTemplates>(tenant, &key)
            .await?
            > 0)
    }
}
