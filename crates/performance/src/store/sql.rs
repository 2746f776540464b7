//! The performance tables in SQL: their declarations, and the ports implemented over them for
//! both databases.

use std::collections::HashMap;

use std::sync::Arc;

use async_trait::async_trait;
use openwork_platform::catalog::Snapshot;
use openwork_platform::db::{
    AnyConnection, Db, Dialect, Table, Unwatched, WriteProgress, backend, column, delete_owned,
    insert, placeholders,
};
use openwork_platform::ids::{TenantKey, UserId};
use openwork_platform::table;
use openwork_platform::{StoreError, StoreResult};
use sqlx::any::AnyArguments;
use sqlx::query::Query;

use super::{Counts, PerformanceCatalog, PerformanceStore, StageSelection, UserTasks};
use crate::fixture::Section;
use crate::model::*;
use crate::status::CompletionFilter;

/// The performance tables of a database.
#[derive(Clone)]
pub struct SqlPerformanceStore {
    db: Db,
}

impl SqlPerformanceStore {
    pub fn new(db: Db) -> Self {
        Self { db }
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
    insert_semesters(
        conn,
        tenant,
        &section.semesters,
        &section.stages,
        &section.stage_tasks,
        progress,
    )
    .await?;
    insert_review_templates(conn, tenant, &section.review_templates).await
}

async fn insert_semesters(
    conn: &mut AnyConnection,
    tenant: &TenantKey,
    semesters: &[Semester],
    stages: &[Stage],
    tasks: &[StageTask],
    progress: &dyn WriteProgress,
) -> StoreResult<()> {
    insert::<Semesters, _>(conn, semesters, progress, |s| {
        Semesters::cells((tenant,), s)
    })
    .await?;
    insert::<Stages, _>(conn, stages, progress, |s| Stages::cells((tenant,), s)).await?;
    insert::<StageTasks, _>(conn, tasks, progress, |t| StageTasks::cells((tenant,), t)).await
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

/// The SQL condition selecting the stage tasks of `selection`, with its stage IDs bound from
/// `$first` on. "Complete" is `finished >= need_todo`, as `StageTask::is_complete` says.
fn selection_condition(selection: &StageSelection, first: usize) -> (String, Vec<&str>) {
    let mut clauses = Vec::new();
    let mut bound = Vec::new();
    for (filter, completion) in [
        (CompletionFilter::Any, ""),
        (CompletionFilter::Complete, " AND finished >= need_todo"),
        (CompletionFilter::Incomplete, " AND finished < need_todo"),
    ] {
        let stages: Vec<&str> = selection
            .iter()
            .filter(|(_, f)| *f == filter)
            .map(|(id, _)| id.as_str())
            .collect();
        if stages.is_empty() {
            continue;
        }
        clauses.push(format!(
            "(stage_id IN ({}){completion})",
            placeholders(first + bound.len(), stages.len())
        ));
        bound.extend(stages);
    }
    (format!("({})", clauses.join(" OR ")), bound)
}

fn bind_all<'q>(
    mut query: Query<'q, sqlx::Any, AnyArguments<'q>>,
    values: &[&'q str],
) -> Query<'q, sqlx::Any, AnyArguments<'q>> {
    for value in values {
        query = query.bind(*value);
    }
    query
}

impl SqlPerformanceStore {
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
        let children = |table: &str, order: &str| {
            format!(
                "SELECT * FROM {table} WHERE tenant_key = $1 AND review_template_id IN ({}) \
                 ORDER BY review_template_id, {order}",
                placeholders(2, ids.len())
            )
        };
        let rows = |sql: String| {
            let ids = &ids;
            async move {
                bind_all(sqlx::query(&sql).bind(tenant.as_str()), ids)
                    .fetch_all(self.db.pool())
                    .await
                    .map_err(backend)
            }
        };
        let mut stage_templates: HashMap<String, Vec<StageTemplate>> = HashMap::new();
        for row in rows(children(StageTemplates::NAME, "position")).await? {
            stage_templates
                .entry(column(&row, "review_template_id")?)
                .or_default()
                .push(StageTemplates::read(&row)?);
        }
        let mut units: HashMap<String, Vec<ReviewUnit>> = HashMap::new();
        for row in rows(children(ReviewUnits::NAME, "position")).await? {
            units
                .entry(column(&row, "review_template_id")?)
                .or_default()
                .push(ReviewUnits::read(&row)?);
        }
        for row in rows(children(ReviewFields::NAME, "unit_position, position")).await? {
            let template: String = column(&row, "review_template_id")?;
            let unit: i64 = column(&row, "unit_position")?;
            let field = ReviewFields::read(&row)?;
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
        sqlx::query("SELECT * FROM performance_settings WHERE tenant_key = $1")
            .bind(tenant.as_str())
            .fetch_optional(self.db.pool())
            .await
            .map_err(backend)?
            .as_ref()
            .map(Settings::read)
            .transpose()
    }

    async fn semester(
        &self,
        _at: &Snapshot,
        tenant: &TenantKey,
        id: &SemesterId,
    ) -> StoreResult<Option<Arc<SemesterStages>>> {
        let Some(semester) =
            sqlx::query("SELECT * FROM semesters WHERE tenant_key = $1 AND semester_id = $2")
                .bind(tenant.as_str())
                .bind(id.as_str())
                .fetch_optional(self.db.pool())
                .await
                .map_err(backend)?
                .as_ref()
                .map(Semesters::read)
                .transpose()?
        else {
            return Ok(None);
        };
        let stages = sqlx::query(
            "SELECT * FROM stages WHERE tenant_key = $1 AND semester_id = $2 \
             ORDER BY position, stage_id",
        )
        .bind(tenant.as_str())
        .bind(id.as_str())
        .fetch_all(self.db.pool())
        .await
        .map_err(backend)?
        .iter()
        .map(|row| Stages::read(row).map(Arc::new))
        .collect::<StoreResult<Vec<_>>>()?;
        Ok(Some(Arc::new(SemesterStages { semester, stages })))
    }
}

#[async_trait]
impl PerformanceStore for SqlPerformanceStore {
    async fn counts(&self, tenant: &TenantKey) -> StoreResult<Counts> {
        Ok(Counts {
            semesters: self.db.count_owned::<Semesters>(tenant).await?,
            stages: self.db.count_owned::<Stages>(tenant).await?,
            stage_tasks: self.db.count_owned::<StageTasks>(tenant).await?,
            review_templates: self.db.count_owned::<ReviewTemplates>(tenant).await?,
        })
    }

    async fn semesters(&self, tenant: &TenantKey) -> StoreResult<Vec<Semester>> {
        sqlx::query("SELECT * FROM semesters WHERE tenant_key = $1 ORDER BY start_ms, semester_id")
            .bind(tenant.as_str())
            .fetch_all(self.db.pool())
            .await
            .map_err(backend)?
            .iter()
            .map(Semesters::read)
            .collect()
    }

    async fn stage_task_page(
        &self,
        tenant: &TenantKey,
        semester: &SemesterId,
        selection: &StageSelection,
        after: Option<&UserId>,
        limit: usize,
    ) -> StoreResult<Vec<UserTasks>> {
        if selection.is_empty() {
            return Ok(Vec::new());
        }
        // Each user's tasks come packed in one JSON array per row: 20 rows for a page of 20
        // users instead of 200, and the per-row cost of the driver is most of a page's cost.
        let packed = match self.db.dialect() {
            Dialect::Sqlite => "json_group_array(json_array(stage_id, need_todo, finished))",
            Dialect::Postgres => {
                "CAST(json_agg(json_build_array(stage_id, need_todo, finished)) AS TEXT)"
            }
        };
        let (condition, stages) = selection_condition(selection, 5);
        let sql = format!(
            "SELECT user_id, {packed} AS tasks FROM stage_tasks \
             WHERE tenant_key = $1 AND semester_id = $2 AND user_id > $3 AND {condition} \
             GROUP BY user_id ORDER BY user_id LIMIT $4"
        );
        let query = sqlx::query(&sql)
            .bind(tenant.as_str())
            .bind(semester.as_str())
            // Every user_id is non-empty, so "" sorts before the first.
            .bind(after.map_or("", |u| u.as_str()))
            .bind(limit as i64);
        bind_all(query, &stages)
            .fetch_all(self.db.pool())
            .await
            .map_err(backend)?
            .iter()
            .map(|row| {
                let user_id: UserId = column(row, "user_id")?;
                let packed: String = column(row, "tasks")?;
                let packed: Vec<(String, i64, i64)> = serde_json::from_str(&packed)
                    .map_err(|err| StoreError::Backend(format!("a packed page: {err}")))?;
                let tasks = packed
                    .into_iter()
                    .map(|(stage_id, need_todo, finished)| StageTask {
                        semester_id: semester.clone(),
                        stage_id: StageId::new(stage_id),
                        user_id: user_id.clone(),
                        need_todo,
                        finished,
                    })
                    .collect();
                Ok(UserTasks { user_id, tasks })
            })
            .collect()
    }

    async fn stage_tasks_of(
        &self,
        tenant: &TenantKey,
        semester: &SemesterId,
        selection: &StageSelection,
        users: &[UserId],
    ) -> StoreResult<Vec<StageTask>> {
        if selection.is_empty() || users.is_empty() {
            return Ok(Vec::new());
        }
        let (condition, stages) = selection_condition(selection, 3 + users.len());
        let sql = format!(
            "SELECT * FROM stage_tasks \
             WHERE tenant_key = $1 AND semester_id = $2 AND user_id IN ({}) AND {condition}",
            placeholders(3, users.len())
        );
        let user_ids: Vec<&str> = users.iter().map(|u| u.as_str()).collect();
        let query = sqlx::query(&sql)
            .bind(tenant.as_str())
            .bind(semester.as_str());
        bind_all(bind_all(query, &user_ids), &stages)
            .fetch_all(self.db.pool())
            .await
            .map_err(backend)?
            .iter()
            .map(StageTasks::read)
            .collect()
    }

    async fn review_templates(
        &self,
        tenant: &TenantKey,
        ids: Option<&[ReviewTemplateId]>,
        after: Option<&ReviewTemplateId>,
        limit: usize,
    ) -> StoreResult<Vec<ReviewTemplate>> {
        let wanted: Vec<&str> = ids.into_iter().flatten().map(|id| id.as_str()).collect();
        let only = if ids.is_some() {
            format!(
                "AND review_template_id IN ({})",
                placeholders(4, wanted.len().max(1))
            )
        } else {
            String::new()
        };
        let sql = format!(
            "SELECT * FROM review_templates \
             WHERE tenant_key = $1 AND review_template_id > $2 {only} \
             ORDER BY review_template_id LIMIT $3"
        );
        let query = sqlx::query(&sql)
            .bind(tenant.as_str())
            .bind(after.map_or("", |id| id.as_str()))
            .bind(limit as i64);
        let query = match (ids, wanted.is_empty()) {
            // An empty list selects nothing: bind one value no ID equals.
            (Some(_), true) => query.bind(""),
            _ => bind_all(query, &wanted),
        };
        let mut templates = query
            .fetch_all(self.db.pool())
            .await
            .map_err(backend)?
            .iter()
            .map(ReviewTemplates::read)
            .collect::<StoreResult<Vec<_>>>()?;
        self.fill_review_templates(tenant, &mut templates).await?;
        Ok(templates)
    }

    async fn replace_semester(
        &self,
        tenant: &TenantKey,
        semester: &Semester,
        stages: &[Stage],
        tasks: &[StageTask],
    ) -> StoreResult<()> {
        let mut write = self.db.begin_write().await?;
        // Its stages and their tasks go with it.
        let key = [("semester_id", semester.semester_id.as_str())];
        delete_owned::<Semesters>(&mut write.tx, tenant, &key).await?;
        insert_semesters(
            &mut write.tx,
            tenant,
            std::slice::from_ref(semester),
            stages,
            tasks,
            &Unwatched,
        )
        .await?;
        write.commit().await
    }

    async fn delete_semester(&self, tenant: &TenantKey, id: &SemesterId) -> StoreResult<bool> {
        let key = [("semester_id", id.as_str())];
        Ok(self.db.delete_owned::<Semesters>(tenant, &key).await? > 0)
    }

    async fn stage(&self, tenant: &TenantKey, id: &StageId) -> StoreResult<Option<Stage>> {
        sqlx::query("SELECT * FROM stages WHERE tenant_key = $1 AND stage_id = $2")
            .bind(tenant.as_str())
            .bind(id.as_str())
            .fetch_optional(self.db.pool())
            .await
            .map_err(backend)?
            .as_ref()
            .map(Stages::read)
            .transpose()
    }

    async fn update_stage(&self, tenant: &TenantKey, stage: &Stage) -> StoreResult<bool> {
        let mut write = self.db.begin_write().await?;
        let done = sqlx::query(
            "UPDATE stages SET name_zh = $3, name_en = $4, deadline_ms = $5, jump_url = $6, \
             paused = $7 WHERE tenant_key = $1 AND stage_id = $2",
        )
        .bind(tenant.as_str())
        .bind(stage.stage_id.as_str())
        .bind(stage.name.zh_cn.as_str())
        .bind(stage.name.en_us.as_str())
        .bind(stage.deadline.0)
        .bind(stage.jump_url.as_deref())
        .bind(i64::from(stage.paused))
        .execute(&mut *write.tx)
        .await
        .map_err(backend)?;
        write.commit().await?;
        Ok(done.rows_affected() > 0)
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
        sqlx::query(
            "SELECT * FROM stage_tasks WHERE tenant_key = $1 AND stage_id = $2 AND user_id = $3",
        )
        .bind(tenant.as_str())
        .bind(stage.as_str())
        .bind(user.as_str())
        .fetch_optional(self.db.pool())
        .await
        .map_err(backend)?
        .as_ref()
        .map(StageTasks::read)
        .transpose()
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
