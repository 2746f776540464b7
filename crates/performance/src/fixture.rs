//! The performance section of a fixture (docs/fixtures.md): the tenant's licence, semesters
//! with their stages and per-user tasks, and review templates; and the admin API's bodies, in
//! the same vocabulary and checked the same way.

use std::collections::BTreeSet;

use openwork_platform::Error;
use openwork_platform::clock::Millis;
use openwork_platform::fixture::{
    Builder, IdText, Instant, Unique, invalid, join, pin_id, present, require_one_of, text,
};
use openwork_platform::ids::TenantKey;
use serde::Deserialize;
use time::{OffsetDateTime, UtcOffset};

use crate::model::*;

type Checked<T> = Result<T, Error>;

/// What the performance section of one tenant holds once checked.
#[derive(Clone, Debug)]
pub struct Section {
    pub settings: PerformanceSettings,
    pub semesters: Vec<Semester>,
    pub stages: Vec<Stage>,
    pub stage_tasks: Vec<StageTask>,
    pub review_templates: Vec<ReviewTemplate>,
}

/// Checks a tenant's performance keys.
pub fn build(
    b: &Builder,
    settings: &PerformanceSettingsDoc,
    semester_docs: &[SemesterDoc],
    template_docs: &[ReviewTemplateDoc],
) -> Checked<Section> {
    let (semesters, stages, stage_tasks) = semesters(b, semester_docs)?;
    Ok(Section {
        settings: PerformanceSettings {
            licensed: settings.licensed,
            allow_late_submission: settings.allow_late_submission,
        },
        semesters,
        stages,
        stage_tasks,
        review_templates: review_templates(b, template_docs)?,
    })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerformanceSettingsDoc {
    #[serde(default = "yes")]
    pub licensed: bool,
    #[serde(default)]
    pub allow_late_submission: bool,
}

impl Default for PerformanceSettingsDoc {
    fn default() -> Self {
        Self {
            licensed: true,
            allow_late_submission: false,
        }
    }
}

fn yes() -> bool {
    true
}

/// A v1 (`zh-CN`/`en-US`) display name; the v2 spelling is accepted too.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct I18nV1Doc {
    #[serde(rename = "zh-CN", alias = "zh_cn", default)]
    pub zh_cn: String,
    #[serde(rename = "en-US", alias = "en_us", default)]
    pub en_us: String,
}

/// A v2 (`zh_cn`/`en_us`) display name; the v1 spelling is accepted too.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct I18nV2Doc {
    #[serde(alias = "zh-CN", default)]
    pub zh_cn: String,
    #[serde(alias = "en-US", default)]
    pub en_us: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SemesterDoc {
    pub semester_id: Option<IdText>,
    #[serde(default)]
    pub name: I18nV1Doc,
    pub year: Option<i32>,
    pub type_group: Option<String>,
    #[serde(rename = "type")]
    pub semester_type: Option<String>,
    pub progress: Option<String>,
    pub start_time: Instant,
    pub end_time: Instant,
    pub create_time: Option<Instant>,
    pub modify_time: Option<Instant>,
    pub create_user_id: Option<IdText>,
    pub modify_user_id: Option<IdText>,
    #[serde(default)]
    pub stages: Vec<StageDoc>,
}

impl SemesterDoc {
    /// Every user the semester names.
    pub fn referenced_users(&self) -> Vec<String> {
        let people = [&self.create_user_id, &self.modify_user_id];
        people
            .into_iter()
            .flatten()
            .chain(
                self.stages
                    .iter()
                    .flat_map(|s| s.tasks.iter().map(|t| &t.user_id)),
            )
            .map(|id| id.0.clone())
            .collect()
    }
}

/// A change to a stage (`PATCH …/stages/{id}`): only the keys given change.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageChangeDoc {
    pub name: Option<I18nV1Doc>,
    pub deadline: Option<Instant>,
    #[serde(default, deserialize_with = "present")]
    pub jump_url: Option<Option<String>>,
    pub paused: Option<bool>,
}

/// A stage task's counts (`PUT …/stages/{id}/tasks/{user}` needs both, `PATCH` either).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageTaskCountsDoc {
    pub need_todo: Option<i64>,
    pub finished: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageDoc {
    pub stage_id: Option<IdText>,
    #[serde(default)]
    pub name: I18nV1Doc,
    pub deadline: Instant,
    pub jump_url: Option<String>,
    #[serde(default)]
    pub paused: bool,
    #[serde(default)]
    pub tasks: Vec<StageTaskDoc>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageTaskDoc {
    pub user_id: IdText,
    #[serde(default)]
    pub need_todo: i64,
    #[serde(default)]
    pub finished: i64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewTemplateDoc {
    pub review_template_id: Option<IdText>,
    #[serde(default)]
    pub name: I18nV2Doc,
    #[serde(default)]
    pub description: I18nV2Doc,
    pub status: Option<String>,
    #[serde(default)]
    pub templates: Vec<StageTemplateDoc>,
    #[serde(default)]
    pub units: Vec<ReviewUnitDoc>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageTemplateDoc {
    pub template_id: Option<IdText>,
    #[serde(default)]
    pub name: I18nV2Doc,
    pub stage_type: String,
    pub review_stage_role: Option<String>,
    pub review_stage_data_write_mode: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewUnitDoc {
    pub unit_id: Option<IdText>,
    #[serde(default)]
    pub name: I18nV2Doc,
    #[serde(default)]
    pub fields: Vec<ReviewFieldDoc>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewFieldDoc {
    pub field_id: Option<IdText>,
    #[serde(default)]
    pub name: I18nV2Doc,
    pub indicator_id: Option<IdText>,
    pub tag_based_question_id: Option<IdText>,
    pub objective_text_qustion_title: Option<I18nV2Doc>,
    pub keyresult_text_qustion_title: Option<I18nV2Doc>,
    pub parent_field_id: Option<IdText>,
    pub kpi_template_id: Option<IdText>,
}

fn semesters(
    b: &Builder,
    docs: &[SemesterDoc],
) -> Checked<(Vec<Semester>, Vec<Stage>, Vec<StageTask>)> {
    let mut semester_ids = Unique::new("semester_id");
    let mut stage_ids = Unique::new("stage_id");
    let mut semesters = Vec::with_capacity(docs.len());
    let mut stages = Vec::new();
    let mut tasks = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        let locator = format!("semesters[{i}]");
        let (semester, its_stages, its_tasks) = semester(b, &locator, doc)?;
        semester_ids.claim(
            &b.path(join(&locator, "semester_id")),
            semester.semester_id.as_str(),
        )?;
        for (j, stage) in its_stages.iter().enumerate() {
            let path = b.path(join(&locator, &format!("stages[{j}].stage_id")));
            stage_ids.claim(&path, stage.stage_id.as_str())?;
        }
        semesters.push(semester);
        stages.extend(its_stages);
        tasks.extend(its_tasks);
    }
    Ok((semesters, stages, tasks))
}

/// One semester at `locator` with its stages and their tasks.
pub fn semester(
    b: &Builder,
    locator: &str,
    doc: &SemesterDoc,
) -> Checked<(Semester, Vec<Stage>, Vec<StageTask>)> {
    let at = |key: &str| b.path(join(locator, key));
    let semester_id = SemesterId::new(b.vendor_id(
        doc.semester_id.as_ref(),
        "semester",
        &join(locator, "semester_id"),
    )?);
    let type_group = doc.type_group.as_deref().unwrap_or("Non-standard");
    require_one_of(&at("type_group"), type_group, SEMESTER_TYPE_GROUPS)?;
    let semester_type = doc.semester_type.as_deref().unwrap_or("Custom");
    require_one_of(&at("type"), semester_type, SEMESTER_TYPES)?;
    let progress = doc.progress.as_deref().unwrap_or("enabled");
    require_one_of(&at("progress"), progress, SEMESTER_PROGRESSES)?;
    if doc.end_time.0 < doc.start_time.0 {
        return Err(invalid(at("end_time"), "ends before it starts"));
    }
    let year = match doc.year {
        Some(year) if (0..=9999).contains(&year) => year,
        Some(_) => return Err(invalid(at("year"), "must be between 0 and 9999")),
        None => china_year(doc.start_time.0),
    };
    let create_time = doc.create_time.map_or(doc.start_time.0, |t| t.0);
    let semester = Semester {
        semester_id: semester_id.clone(),
        name: i18n_v1(&doc.name),
        year,
        type_group: type_group.to_owned(),
        semester_type: semester_type.to_owned(),
        progress: progress.to_owned(),
        start_time: doc.start_time.0,
        end_time: doc.end_time.0,
        create_time,
        modify_time: doc.modify_time.map_or(create_time, |t| t.0),
        create_user_id: b.optional_user_ref(
            &join(locator, "create_user_id"),
            doc.create_user_id.as_ref(),
        )?,
        modify_user_id: b.optional_user_ref(
            &join(locator, "modify_user_id"),
            doc.modify_user_id.as_ref(),
        )?,
    };
    let mut stage_ids = Unique::new("stage_id");
    let mut stages = Vec::with_capacity(doc.stages.len());
    let mut tasks = Vec::new();
    for (j, stage) in doc.stages.iter().enumerate() {
        let locator = join(locator, &format!("stages[{j}]"));
        let stage_id = StageId::new(b.vendor_id(
            stage.stage_id.as_ref(),
            "stage",
            &join(&locator, "stage_id"),
        )?);
        stage_ids.claim(&b.path(join(&locator, "stage_id")), stage_id.as_str())?;
        let mut task_users = Unique::new("user_id in this stage");
        for (k, task) in stage.tasks.iter().enumerate() {
            let task_at = |key: &str| b.path(join(&locator, &format!("tasks[{k}].{key}")));
            let user_id = b.user_ref(task_at("user_id"), &task.user_id)?;
            task_users.claim(&task_at("user_id"), user_id.as_str())?;
            check_task_counts(
                &task_at("need_todo"),
                task.need_todo,
                &task_at("finished"),
                task.finished,
            )?;
            tasks.push(StageTask {
                semester_id: semester_id.clone(),
                stage_id: stage_id.clone(),
                user_id,
                need_todo: task.need_todo,
                finished: task.finished,
            });
        }
        stages.push(Stage {
            stage_id,
            semester_id: semester_id.clone(),
            name: i18n_v1(&stage.name),
            deadline: stage.deadline.0,
            jump_url: stage.jump_url.clone(),
            paused: stage.paused,
            position: j as i64,
        });
    }
    Ok((semester, stages, tasks))
}

fn review_templates(b: &Builder, docs: &[ReviewTemplateDoc]) -> Checked<Vec<ReviewTemplate>> {
    let mut ids = Unique::new("review_template_id");
    docs.iter()
        .enumerate()
        .map(|(i, doc)| {
            let locator = format!("review_templates[{i}]");
            let template = review_template(b, &locator, doc)?;
            ids.claim(
                &b.path(join(&locator, "review_template_id")),
                template.review_template_id.as_str(),
            )?;
            Ok(template)
        })
        .collect()
}

/// One review template at `locator`.
pub fn review_template(
    b: &Builder,
    locator: &str,
    doc: &ReviewTemplateDoc,
) -> Checked<ReviewTemplate> {
    let at = |key: &str| b.path(join(locator, key));
    let id = b.vendor_id(
        doc.review_template_id.as_ref(),
        "review_template",
        &join(locator, "review_template_id"),
    )?;
    let status = doc.status.as_deref().unwrap_or("enabled");
    require_one_of(&at("status"), status, REVIEW_TEMPLATE_STATUSES)?;
    let templates = doc
        .templates
        .iter()
        .enumerate()
        .map(|(j, t)| {
            let locator = join(locator, &format!("templates[{j}]"));
            require_one_of(
                &b.path(join(&locator, "stage_type")),
                &t.stage_type,
                STAGE_TYPES,
            )?;
            if let Some(role) = &t.review_stage_role {
                require_one_of(
                    &b.path(join(&locator, "review_stage_role")),
                    role,
                    REVIEW_STAGE_ROLES,
                )?;
            }
            Ok(StageTemplate {
                template_id: b.vendor_id(
                    t.template_id.as_ref(),
                    "stage_template",
                    &join(&locator, "template_id"),
                )?,
                name: i18n_v2(&t.name),
                stage_type: t.stage_type.clone(),
                review_stage_role: t.review_stage_role.clone(),
                review_stage_data_write_mode: t.review_stage_data_write_mode.clone(),
            })
        })
        .collect::<Checked<Vec<_>>>()?;
    let units = doc
        .units
        .iter()
        .enumerate()
        .map(|(j, unit)| {
            let locator = join(locator, &format!("units[{j}]"));
            let fields = unit
                .fields
                .iter()
                .enumerate()
                .map(|(k, field)| {
                    Ok(ReviewField {
                        field_id: b.vendor_id(
                            field.field_id.as_ref(),
                            "review_field",
                            &join(&locator, &format!("fields[{k}].field_id")),
                        )?,
                        name: i18n_v2(&field.name),
                        indicator_id: text(&field.indicator_id),
                        tag_based_question_id: text(&field.tag_based_question_id),
                        objective_text_qustion_title: field
                            .objective_text_qustion_title
                            .as_ref()
                            .map(i18n_v2),
                        keyresult_text_qustion_title: field
                            .keyresult_text_qustion_title
                            .as_ref()
                            .map(i18n_v2),
                        parent_field_id: text(&field.parent_field_id),
                        kpi_template_id: text(&field.kpi_template_id),
                    })
                })
                .collect::<Checked<Vec<_>>>()?;
            Ok(ReviewUnit {
                unit_id: b.vendor_id(
                    unit.unit_id.as_ref(),
                    "review_unit",
                    &join(&locator, "unit_id"),
                )?,
                name: i18n_v2(&unit.name),
                fields,
            })
        })
        .collect::<Checked<Vec<_>>>()?;
    Ok(ReviewTemplate {
        review_template_id: ReviewTemplateId::new(id),
        name: i18n_v2(&doc.name),
        description: i18n_v2(&doc.description),
        status: status.to_owned(),
        templates,
        units,
    })
}

/// A semester of an admin API body (`PUT …/semesters/{id}`), validated like a fixture's; error
/// paths are relative to the body. `known_users` are the tenant's users among those the body
/// names.
pub fn semester_from_body(
    tenant: &TenantKey,
    semester_id: &str,
    mut doc: SemesterDoc,
    known_users: BTreeSet<String>,
    now: Millis,
) -> Result<(Semester, Vec<Stage>, Vec<StageTask>), Error> {
    pin_id(&mut doc.semester_id, semester_id, "semester_id")?;
    let builder = Builder::for_body(
        tenant.clone(),
        format!("semester/{semester_id}/"),
        now,
        known_users,
    );
    semester(&builder, "", &doc)
}

/// A review template of an admin API body (`PUT …/review_templates/{id}`).
pub fn review_template_from_body(
    tenant: &TenantKey,
    template_id: &str,
    mut doc: ReviewTemplateDoc,
    now: Millis,
) -> Result<ReviewTemplate, Error> {
    pin_id(
        &mut doc.review_template_id,
        template_id,
        "review_template_id",
    )?;
    let builder = Builder::for_body(
        tenant.clone(),
        format!("review_template/{template_id}/"),
        now,
        BTreeSet::new(),
    );
    review_template(&builder, "", &doc)
}

/// A stage task's counts: 0..=99999 to-dos (the vendor's range), never negative.
pub fn check_task_counts(
    need_todo_path: &str,
    need_todo: i64,
    finished_path: &str,
    finished: i64,
) -> Checked<()> {
    if !(0..=99_999).contains(&need_todo) {
        return Err(invalid(need_todo_path, "must be between 0 and 99999"));
    }
    // A user cannot have finished more to-dos than they were given.
    if !(0..=need_todo).contains(&finished) {
        return Err(invalid(
            finished_path,
            format!("must be between 0 and need_todo ({need_todo})"),
        ));
    }
    Ok(())
}

fn i18n_v1(doc: &I18nV1Doc) -> I18n {
    I18n {
        zh_cn: doc.zh_cn.clone(),
        en_us: doc.en_us.clone(),
    }
}

fn i18n_v2(doc: &I18nV2Doc) -> I18n {
    I18n {
        zh_cn: doc.zh_cn.clone(),
        en_us: doc.en_us.clone(),
    }
}

/// The calendar year of an instant in China Standard Time (UTC+8), the vendor's time zone.
fn china_year(at: Millis) -> i32 {
    let offset = UtcOffset::from_hms(8, 0, 0).expect("valid offset");
    OffsetDateTime::from_unix_timestamp(at.seconds())
        .map(|t| t.to_offset(offset).year())
        .unwrap_or(1970)
}
