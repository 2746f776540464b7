//! Semesters, stages, stage tasks and review templates.

use async_trait::async_trait;
use openwork_core::clock::Millis;
use openwork_core::ids::{ReviewTemplateId, SemesterId, StageId, TenantKey, UserId};
use openwork_core::performance::{
    CompletionFilter, I18n, ReviewTemplate, Semester, Stage, StageTask,
};
use openwork_core::store::{PerformanceStore, StageSelection, StoreResult, UserTasks};
use sqlx::AnyConnection;
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::Query;

use crate::bulk::{Cell, insert_rows, placeholders};
use crate::rows::{flag, int, json, maybe_text, text, to_json};
use crate::{Dialect, SqlStore, backend};

pub(crate) const SEMESTER_COLUMNS: &[&str] = &[
    "tenant_key",
    "semester_id",
    "name_zh",
    "name_en",
    "year",
    "type_group",
    "semester_type",
    "progress",
    "start_ms",
    "end_ms",
    "create_ms",
    "modify_ms",
    "create_user_id",
    "modify_user_id",
];

pub(crate) fn semester_cells(tenant: &str, s: &Semester) -> Vec<Cell> {
    vec![
        tenant.into(),
        s.semester_id.as_str().into(),
        s.name.zh_cn.as_str().into(),
        s.name.en_us.as_str().into(),
        i64::from(s.year).into(),
        s.type_group.as_str().into(),
        s.semester_type.as_str().into(),
        s.progress.as_str().into(),
        s.start_time.0.into(),
        s.end_time.0.into(),
        s.create_time.0.into(),
        s.modify_time.0.into(),
        s.create_user_id.as_ref().map(|u| u.to_string()).into(),
        s.modify_user_id.as_ref().map(|u| u.to_string()).into(),
    ]
}

pub(crate) const STAGE_COLUMNS: &[&str] = &[
    "tenant_key",
    "stage_id",
    "semester_id",
    "name_zh",
    "name_en",
    "deadline_ms",
    "jump_url",
    "paused",
    "position",
];

pub(crate) fn stage_cells(tenant: &str, s: &Stage) -> Vec<Cell> {
    vec![
        tenant.into(),
        s.stage_id.as_str().into(),
        s.semester_id.as_str().into(),
        s.name.zh_cn.as_str().into(),
        s.name.en_us.as_str().into(),
        s.deadline.0.into(),
        s.jump_url.clone().into(),
        s.paused.into(),
        s.position.into(),
    ]
}

pub(crate) const STAGE_TASK_COLUMNS: &[&str] = &[
    "tenant_key",
    "semester_id",
    "user_id",
    "stage_id",
    "need_todo",
    "finished",
];

pub(crate) fn stage_task_cells(tenant: &str, t: &StageTask) -> Vec<Cell> {
    vec![
        tenant.into(),
        t.semester_id.as_str().into(),
        t.user_id.as_str().into(),
        t.stage_id.as_str().into(),
        t.need_todo.into(),
        t.finished.into(),
    ]
}

pub(crate) async fn insert_review_templates(
    conn: &mut AnyConnection,
    tenant: &str,
    templates: &[ReviewTemplate],
) -> StoreResult<()> {
    insert_rows(
        conn,
        "review_templates",
        &["tenant_key", "review_template_id", "body"],
        templates,
        |_, t| {
            vec![
                tenant.into(),
                t.review_template_id.as_str().into(),
                to_json(t).into(),
            ]
        },
    )
    .await
}

fn semester_from_row(row: &AnyRow) -> StoreResult<Semester> {
    Ok(Semester {
        semester_id: SemesterId::new(text(row, "semester_id")?),
        name: I18n {
            zh_cn: text(row, "name_zh")?,
            en_us: text(row, "name_en")?,
        },
        year: int(row, "year")? as i32,
        type_group: text(row, "type_group")?,
        semester_type: text(row, "semester_type")?,
        progress: text(row, "progress")?,
        start_time: Millis(int(row, "start_ms")?),
        end_time: Millis(int(row, "end_ms")?),
        create_time: Millis(int(row, "create_ms")?),
        modify_time: Millis(int(row, "modify_ms")?),
        create_user_id: maybe_text(row, "create_user_id")?.map(UserId::new),
        modify_user_id: maybe_text(row, "modify_user_id")?.map(UserId::new),
    })
}

fn stage_from_row(row: &AnyRow) -> StoreResult<Stage> {
    Ok(Stage {
        stage_id: StageId::new(text(row, "stage_id")?),
        semester_id: SemesterId::new(text(row, "semester_id")?),
        name: I18n {
            zh_cn: text(row, "name_zh")?,
            en_us: text(row, "name_en")?,
        },
        deadline: Millis(int(row, "deadline_ms")?),
        jump_url: maybe_text(row, "jump_url")?,
        paused: flag(row, "paused")?,
        position: int(row, "position")?,
    })
}

fn stage_task_from_row(row: &AnyRow) -> StoreResult<StageTask> {
    Ok(StageTask {
        semester_id: SemesterId::new(text(row, "semester_id")?),
        stage_id: StageId::new(text(row, "stage_id")?),
        user_id: UserId::new(text(row, "user_id")?),
        need_todo: int(row, "need_todo")?,
        finished: int(row, "finished")?,
    })
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

#[async_trait]
impl PerformanceStore for SqlStore {
    async fn semesters(&self, tenant: &TenantKey) -> StoreResult<Vec<Semester>> {
        sqlx::query("SELECT * FROM semesters WHERE tenant_key = $1 ORDER BY start_ms, semester_id")
            .bind(tenant.as_str())
            .fetch_all(self.pool())
            .await
            .map_err(backend)?
            .iter()
            .map(semester_from_row)
            .collect()
    }

    async fn semester(&self, tenant: &TenantKey, id: &SemesterId) -> StoreResult<Option<Semester>> {
        sqlx::query("SELECT * FROM semesters WHERE tenant_key = $1 AND semester_id = $2")
            .bind(tenant.as_str())
            .bind(id.as_str())
            .fetch_optional(self.pool())
            .await
            .map_err(backend)?
            .as_ref()
            .map(semester_from_row)
            .transpose()
    }

    async fn stages(&self, tenant: &TenantKey, semester: &SemesterId) -> StoreResult<Vec<Stage>> {
        sqlx::query(
            "SELECT * FROM stages WHERE tenant_key = $1 AND semester_id = $2 \
             ORDER BY position, stage_id",
        )
        .bind(tenant.as_str())
        .bind(semester.as_str())
        .fetch_all(self.pool())
        .await
        .map_err(backend)?
        .iter()
        .map(stage_from_row)
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
        let packed = match self.dialect() {
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
            .fetch_all(self.pool())
            .await
            .map_err(backend)?
            .iter()
            .map(|row| {
                let user_id = UserId::new(text(row, "user_id")?);
                let packed: Vec<(String, i64, i64)> = json(row, "tasks")?;
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
            .fetch_all(self.pool())
            .await
            .map_err(backend)?
            .iter()
            .map(stage_task_from_row)
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
            "SELECT body FROM review_templates \
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
        query
            .fetch_all(self.pool())
            .await
            .map_err(backend)?
            .iter()
            .map(|row| json(row, "body"))
            .collect()
    }

    async fn replace_semester(
        &self,
        tenant: &TenantKey,
        semester: &Semester,
        stages: &[Stage],
        tasks: &[StageTask],
    ) -> StoreResult<()> {
        let mut write = self.begin_write().await?;
        for table in ["semesters", "stages", "stage_tasks"] {
            sqlx::query(&format!(
                "DELETE FROM {table} WHERE tenant_key = $1 AND semester_id = $2"
            ))
            .bind(tenant.as_str())
            .bind(semester.semester_id.as_str())
            .execute(&mut *write.tx)
            .await
            .map_err(backend)?;
        }
        let key = tenant.as_str();
        insert_rows(
            &mut write.tx,
            "semesters",
            SEMESTER_COLUMNS,
            std::slice::from_ref(semester),
            |_, s| semester_cells(key, s),
        )
        .await?;
        insert_rows(&mut write.tx, "stages", STAGE_COLUMNS, stages, |_, s| {
            stage_cells(key, s)
        })
        .await?;
        insert_rows(
            &mut write.tx,
            "stage_tasks",
            STAGE_TASK_COLUMNS,
            tasks,
            |_, t| stage_task_cells(key, t),
        )
        .await?;
        write.commit().await
    }

    async fn delete_semester(&self, tenant: &TenantKey, id: &SemesterId) -> StoreResult<bool> {
        let mut write = self.begin_write().await?;
        // The last table is the semester's own: whether it had a row says whether it existed.
        let mut deleted = false;
        for table in ["stage_tasks", "stages", "semesters"] {
            let done = sqlx::query(&format!(
                "DELETE FROM {table} WHERE tenant_key = $1 AND semester_id = $2"
            ))
            .bind(tenant.as_str())
            .bind(id.as_str())
            .execute(&mut *write.tx)
            .await
            .map_err(backend)?;
            deleted = done.rows_affected() > 0;
        }
        write.commit().await?;
        Ok(deleted)
    }

    async fn stage(&self, tenant: &TenantKey, id: &StageId) -> StoreResult<Option<Stage>> {
        sqlx::query("SELECT * FROM stages WHERE tenant_key = $1 AND stage_id = $2")
            .bind(tenant.as_str())
            .bind(id.as_str())
            .fetch_optional(self.pool())
            .await
            .map_err(backend)?
            .as_ref()
            .map(stage_from_row)
            .transpose()
    }

    async fn update_stage(&self, tenant: &TenantKey, stage: &Stage) -> StoreResult<bool> {
        let mut write = self.begin_write().await?;
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
        let mut write = self.begin_write().await?;
        // The last table is the stage's own: whether it had a row says whether it existed.
        let mut deleted = false;
        for table in ["stage_tasks", "stages"] {
            let done = sqlx::query(&format!(
                "DELETE FROM {table} WHERE tenant_key = $1 AND stage_id = $2"
            ))
            .bind(tenant.as_str())
            .bind(id.as_str())
            .execute(&mut *write.tx)
            .await
            .map_err(backend)?;
            deleted = done.rows_affected() > 0;
        }
        write.commit().await?;
        Ok(deleted)
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
        .fetch_optional(self.pool())
        .await
        .map_err(backend)?
        .as_ref()
        .map(stage_task_from_row)
        .transpose()
    }

    async fn put_stage_task(&self, tenant: &TenantKey, task: &StageTask) -> StoreResult<()> {
        let mut write = self.begin_write().await?;
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
        let mut write = self.begin_write().await?;
        let done = sqlx::query(
            "DELETE FROM stage_tasks WHERE tenant_key = $1 AND stage_id = $2 AND user_id = $3",
        )
        .bind(tenant.as_str())
        .bind(stage.as_str())
        .bind(user.as_str())
        .execute(&mut *write.tx)
        .await
        .map_err(backend)?;
        write.commit().await?;
        Ok(done.rows_affected() > 0)
    }

    async fn put_review_template(
        &self,
        tenant: &TenantKey,
        template: &ReviewTemplate,
    ) -> StoreResult<()> {
        let mut write = self.begin_write().await?;
        sqlx::query(
            "DELETE FROM review_templates WHERE tenant_key = $1 AND review_template_id = $2",
        )
        .bind(tenant.as_str())
        .bind(template.review_template_id.as_str())
        .execute(&mut *write.tx)
        .await
        .map_err(backend)?;
        insert_review_templates(
            &mut write.tx,
            tenant.as_str(),
            std::slice::from_ref(template),
        )
        .await?;
        write.commit().await
    }

    async fn delete_review_template(
        &self,
        tenant: &TenantKey,
        id: &ReviewTemplateId,
    ) -> StoreResult<bool> {
        let mut write = self.begin_write().await?;
        let done = sqlx::query(
            "DELETE FROM review_templates WHERE tenant_key = $1 AND review_template_id = $2",
        )
        .bind(tenant.as_str())
        .bind(id.as_str())
        .execute(&mut *write.tx)
        .await
        .map_err(backend)?;
        write.commit().await?;
        Ok(done.rows_affected() > 0)
    }
}
