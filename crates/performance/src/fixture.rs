//! The performance section of a fixture (docs/fixtures.md): the tenant's licence, semesters
//! with their stages and per-user tasks, and review templates; and the admin API's bodies, in
//! the same vocabulary and checked the same way.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use openwork_platform::Error;
use openwork_platform::clock::Millis;
use openwork_platform::fixture::schema::{aliases, one_of};
use openwork_platform::fixture::{
    Builder, IdText, Instant, Unique, invalid, join, pin_id, present, require_non_empty,
    require_one_of, text,
};
use openwork_platform::ids::{TenantKey, UserId};
use openwork_platform::service::InternalIds;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use time::{OffsetDateTime, UtcOffset};

use crate::metric_details::{
    FieldEntry, MetricEntry, MetricSheet, RevieweeSheet, plan_metric_values,
};
use crate::model::*;

type Checked<T> = Result<T, Error>;

/// What the performance section of one tenant holds once checked.
#[derive(Clone, Debug, Default)]
pub struct Section {
    pub settings: PerformanceSettings,
    pub semesters: Vec<Semester>,
    pub stages: Vec<Stage>,
    pub stage_tasks: Vec<StageTask>,
    pub activities: Vec<Activity>,
    pub user_snapshots: Vec<UserSnapshot>,
    pub review_records: Vec<ReviewRecord>,
    pub additional_infos: Vec<AdditionalInfo>,
    pub metric_values: Vec<MetricValue>,
    pub review_templates: Vec<ReviewTemplate>,
    pub user_groups: Vec<UserGroup>,
    pub indicators: Vec<Indicator>,
    pub questions: Vec<Question>,
    pub metric_tags: Vec<MetricTag>,
    pub metric_fields: Vec<MetricField>,
    pub metrics: Vec<Metric>,
    pub metric_templates: Vec<MetricTemplate>,
}

/// A tenant's performance keys as the fixture wrote them.
pub struct SectionDocs<'a> {
    pub settings: &'a PerformanceSettingsDoc,
    pub semesters: &'a [SemesterDoc],
    pub review_templates: &'a [ReviewTemplateDoc],
    pub user_groups: &'a [UserGroupDoc],
    pub indicators: &'a [IndicatorDoc],
    pub questions: &'a [QuestionDoc],
    pub metric_tags: &'a [MetricTagDoc],
    pub metric_fields: &'a [MetricFieldDoc],
    pub metrics: &'a [MetricDoc],
    pub metric_templates: &'a [MetricTemplateDoc],
}

/// Checks a tenant's performance keys. The review configuration comes first: templates name
/// indicators and questions, activities name review and metric templates and user groups.
pub fn build(b: &Builder, docs: SectionDocs<'_>) -> Checked<Section> {
    let indicators = indicators(b, docs.indicators)?;
    let questions = questions(b, docs.questions)?;
    let metric_tags = metric_tags(b, docs.metric_tags)?;
    let metric_fields = metric_fields(b, docs.metric_fields)?;
    let metrics = metrics(b, docs.metrics, &metric_tags, &metric_fields)?;
    let metric_templates = metric_templates(b, docs.metric_templates, docs.metrics)?;
    let user_groups = user_groups(b, docs.user_groups)?;
    let mut catalog = ReviewCatalog::new(&indicators, &questions, &user_groups, &[]);
    let review_templates = review_templates(b, docs.review_templates, &catalog)?;
    catalog.add_templates(&review_templates);
    catalog.add_metric_sheets(&metric_templates, &metrics, &metric_fields);
    let parts = semesters(b, docs.semesters, &catalog)?;
    Ok(Section {
        settings: PerformanceSettings {
            licensed: docs.settings.licensed,
            allow_late_submission: docs.settings.allow_late_submission,
        },
        semesters: parts.semesters,
        stages: parts.stages,
        stage_tasks: parts.stage_tasks,
        activities: parts.activities,
        user_snapshots: parts.user_snapshots,
        review_records: parts.review_records,
        additional_infos: parts.additional_infos,
        metric_values: parts.metric_values,
        review_templates,
        user_groups,
        indicators,
        questions,
        metric_templates,
        metrics,
        metric_tags,
        metric_fields,
    })
}

/// Metric templates: dimension IDs unique in their template, each metric a library metric set
/// in one of its template's dimensions.
fn metric_templates(
    b: &Builder,
    docs: &[MetricTemplateDoc],
    library: &[MetricDoc],
) -> Checked<Vec<MetricTemplate>> {
    let mut ids = Unique::new("template_id");
    docs.iter()
        .enumerate()
        .map(|(i, doc)| {
            let locator = format!("metric_templates[{i}]");
            let at = |key: &str| b.path(join(&locator, key));
            let id = b.vendor_id(
                doc.template_id.as_ref(),
                "metric_template",
                &join(&locator, "template_id"),
            )?;
            ids.claim(&at("template_id"), &id)?;
            let status = doc.status.as_deref().unwrap_or("enabled");
            require_one_of(&at("status"), status, METRIC_TEMPLATE_STATUSES)?;
            let total = doc.total_metric_score_method.as_deref().unwrap_or("weight");
            require_one_of(
                &at("total_metric_score_method"),
                total,
                METRIC_TOTAL_SCORE_METHODS,
            )?;
            let weights = doc
                .metric_weight_method
                .as_deref()
                .unwrap_or("total_sum_of_all_metric_weight_equals_1");
            require_one_of(&at("metric_weight_method"), weights, METRIC_WEIGHT_METHODS)?;
            let mut dimension_ids = Unique::new("dimension_id in this template");
            let dimensions = doc
                .dimensions
                .iter()
                .enumerate()
                .map(|(j, d)| {
                    let dimension_locator = join(&locator, &format!("dimensions[{j}]"));
                    let dimension_id = b.vendor_id(
                        d.dimension_id.as_ref(),
                        "metric_dimension",
                        &join(&dimension_locator, "dimension_id"),
                    )?;
                    dimension_ids.claim(
                        &b.path(join(&dimension_locator, "dimension_id")),
                        &dimension_id,
                    )?;
                    Ok(MetricDimension {
                        dimension_id,
                        name: i18n_v2(&d.name),
                        description: i18n_v2(&d.description),
                        weight: text(&d.weight),
                    })
                })
                .collect::<Checked<Vec<_>>>()?;
            let metrics = doc
                .metrics
                .iter()
                .enumerate()
                .map(|(j, m)| {
                    let metric_at = |key: &str| at(&format!("metrics[{j}].{key}"));
                    if !library.iter().any(|l| {
                        l.metric_id.as_ref().map(|id| id.0.as_str()) == Some(m.metric_id.0.as_str())
                    }) {
                        return Err(invalid(
                            metric_at("metric_id"),
                            format!(
                                "no library metric {:?} in this tenant; a template names library metrics by the metric_id they declare",
                                m.metric_id.0
                            ),
                        ));
                    }
                    if !dimensions
                        .iter()
                        .any(|d| d.dimension_id == m.dimension_id.0)
                    {
                        return Err(invalid(
                            metric_at("dimension_id"),
                            format!("no dimension {:?} in this template", m.dimension_id.0),
                        ));
                    }
                    Ok(TemplateMetric {
                        metric_id: MetricId::new(m.metric_id.0.clone()),
                        dimension_id: m.dimension_id.0.clone(),
                        min: text(&m.min),
                        max: text(&m.max),
                    })
                })
                .collect::<Checked<Vec<_>>>()?;
            Ok(MetricTemplate {
                template_id: MetricTemplateId::new(id),
                name: i18n_v2(&doc.name),
                description: i18n_v2(&doc.description),
                status: status.to_owned(),
                total_metric_score_method: total.to_owned(),
                metric_weight_method: weights.to_owned(),
                dimensions,
                metrics,
            })
        })
        .collect()
}

/// The library's metrics: their tags and fields are the tenant's, their people its users, a
/// value of a `person` field is a user.
fn metrics(
    b: &Builder,
    docs: &[MetricDoc],
    tags: &[MetricTag],
    fields: &[MetricField],
) -> Checked<Vec<Metric>> {
    let mut ids = Unique::new("metric_id");
    docs.iter()
        .enumerate()
        .map(|(i, doc)| {
            let locator = format!("metrics[{i}]");
            let at = |key: &str| b.path(join(&locator, key));
            let id = b.vendor_id(
                doc.metric_id.as_ref(),
                "metric",
                &join(&locator, "metric_id"),
            )?;
            ids.claim(&at("metric_id"), &id)?;
            let scoring = doc
                .scoring_setting_type
                .as_deref()
                .unwrap_or("score_manually");
            require_one_of(&at("scoring_setting_type"), scoring, METRIC_SCORING_TYPES)?;
            let availability = doc
                .range_of_availability
                .as_deref()
                .unwrap_or("admins_and_reviewees");
            require_one_of(
                &at("range_of_availability"),
                availability,
                METRIC_AVAILABILITIES,
            )?;
            let metric_tags = doc
                .tags
                .iter()
                .enumerate()
                .map(|(j, tag)| {
                    if tags.iter().any(|t| t.tag_id.as_str() == tag.0) {
                        Ok(MetricTagId::new(tag.0.clone()))
                    } else {
                        Err(invalid(
                            at(&format!("tags[{j}]")),
                            format!("no metric tag {:?} in this tenant", tag.0),
                        ))
                    }
                })
                .collect::<Checked<Vec<_>>>()?;
            let settings = doc
                .fields
                .iter()
                .enumerate()
                .map(|(j, setting)| {
                    let field_at = |key: &str| at(&format!("fields[{j}].{key}"));
                    let field = fields
                        .iter()
                        .find(|f| f.field_id.as_str() == setting.field_id.0)
                        .ok_or_else(|| {
                            invalid(
                                field_at("field_id"),
                                format!("no metric field {:?} in this tenant", setting.field_id.0),
                            )
                        })?;
                    let input = setting.input_setting.as_deref().unwrap_or("admin");
                    require_one_of(&field_at("input_setting"), input, METRIC_INPUT_SETTINGS)?;
                    let person = match &setting.person {
                        Some(_) if field.field_type != "person" => {
                            return Err(invalid(
                                field_at("person"),
                                "only a person field has a person",
                            ));
                        }
                        Some(person) => Some(b.user_ref(field_at("person"), person)?),
                        None => None,
                    };
                    Ok(MetricFieldSetting {
                        field_id: field.field_id.clone(),
                        input_setting: input.to_owned(),
                        value: text(&setting.value),
                        person,
                    })
                })
                .collect::<Checked<Vec<_>>>()?;
            Ok(Metric {
                metric_id: MetricId::new(id),
                name: doc.name.clone(),
                type_id: doc
                    .type_id
                    .as_ref()
                    .map_or_else(String::new, |t| t.0.clone()),
                tags: metric_tags,
                fields: settings,
                scoring_setting_type: scoring.to_owned(),
                scoring_formula: doc.scoring_formula.as_ref().map(|f| ScoringFormula {
                    formula_id: f.formula_id.0.clone(),
                    name: f.name.clone(),
                    details: f.details.clone(),
                }),
                data_source_inputters: b.user_refs(
                    &join(&locator, "data_source_inputters"),
                    &doc.data_source_inputters,
                )?,
                range_of_availability: availability.to_owned(),
                is_active: doc.is_active,
            })
        })
        .collect()
}

fn metric_tags(b: &Builder, docs: &[MetricTagDoc]) -> Checked<Vec<MetricTag>> {
    let mut ids = Unique::new("tag_id");
    docs.iter()
        .enumerate()
        .map(|(i, doc)| {
            let locator = format!("metric_tags[{i}]");
            let id = b.vendor_id(doc.tag_id.as_ref(), "metric_tag", &join(&locator, "tag_id"))?;
            ids.claim(&b.path(join(&locator, "tag_id")), &id)?;
            let create_time = doc.create_time.map_or(b.now(), |t| t.0);
            Ok(MetricTag {
                tag_id: MetricTagId::new(id),
                name: i18n_v2(&doc.name),
                index: doc.index.unwrap_or(i as i64),
                create_time,
                update_time: doc.update_time.map_or(create_time, |t| t.0),
            })
        })
        .collect()
}

fn metric_fields(b: &Builder, docs: &[MetricFieldDoc]) -> Checked<Vec<MetricField>> {
    let mut ids = Unique::new("field_id");
    docs.iter()
        .enumerate()
        .map(|(i, doc)| {
            let locator = format!("metric_fields[{i}]");
            let id = b.vendor_id(
                doc.field_id.as_ref(),
                "metric_field",
                &join(&locator, "field_id"),
            )?;
            ids.claim(&b.path(join(&locator, "field_id")), &id)?;
            let field_type = doc.field_type.as_deref().unwrap_or("text");
            require_one_of(
                &b.path(join(&locator, "type")),
                field_type,
                METRIC_FIELD_TYPES,
            )?;
            Ok(MetricField {
                field_id: MetricFieldId::new(id),
                name: i18n_v2(&doc.name),
                field_type: field_type.to_owned(),
            })
        })
        .collect()
}

/// What of a tenant's review configuration other parts may name, and what a result must agree
/// with: a fixture's own, or (for an admin API body) what is stored.
#[derive(Clone, Debug, Default)]
pub struct ReviewCatalog {
    /// Indicator → its rating levels.
    pub indicators: BTreeMap<String, BTreeSet<String>>,
    /// Question → its tags.
    pub questions: BTreeMap<String, BTreeSet<String>>,
    /// User group → its members.
    pub user_groups: BTreeMap<String, BTreeSet<String>>,
    /// Review template → its fields by ID, each with its unit.
    pub review_templates: BTreeMap<String, BTreeMap<String, (String, ReviewField)>>,
    /// Metric template → the metrics it sets.
    pub metric_sheets: BTreeMap<String, Arc<MetricSheet>>,
}

impl ReviewCatalog {
    pub fn new(
        indicators: &[Indicator],
        questions: &[Question],
        user_groups: &[UserGroup],
        review_templates: &[ReviewTemplate],
    ) -> Self {
        let mut catalog = Self {
            indicators: indicators
                .iter()
                .map(|i| {
                    let options = i.options.iter().map(|o| o.option_id.clone()).collect();
                    (i.indicator_id.to_string(), options)
                })
                .collect(),
            questions: questions
                .iter()
                .map(|q| {
                    let tags = q.tag_items.iter().map(|t| t.tag_id.clone()).collect();
                    (q.question_id.to_string(), tags)
                })
                .collect(),
            user_groups: user_groups
                .iter()
                .map(|g| {
                    let members = g.members.iter().map(ToString::to_string).collect();
                    (g.group_id.to_string(), members)
                })
                .collect(),
            review_templates: BTreeMap::new(),
            metric_sheets: BTreeMap::new(),
        };
        catalog.add_templates(review_templates);
        catalog
    }

    fn add_templates(&mut self, templates: &[ReviewTemplate]) {
        for template in templates {
            let fields = template
                .units
                .iter()
                .flat_map(|unit| {
                    let unit_id = &unit.unit_id;
                    unit.fields
                        .iter()
                        .map(move |f| (f.field_id.clone(), (unit_id.clone(), f.clone())))
                })
                .collect();
            self.review_templates
                .insert(template.review_template_id.to_string(), fields);
        }
    }

    pub fn add_metric_sheets(
        &mut self,
        templates: &[MetricTemplate],
        library: &[Metric],
        fields: &[MetricField],
    ) {
        for template in templates {
            let sheet = MetricSheet::new(template, library, fields);
            self.metric_sheets
                .insert(template.template_id.to_string(), Arc::new(sheet));
        }
    }

    /// Whether `activity` reviews `user` (one of its user groups holds the user).
    fn reviews(&self, activity: &Activity, user: &UserId) -> bool {
        activity.user_groups.iter().any(|group| {
            self.user_groups
                .get(group.as_str())
                .is_some_and(|members| members.contains(user.as_str()))
        })
    }

    fn require<V>(path: String, id: &str, kind: &str, known: &BTreeMap<String, V>) -> Checked<()> {
        if known.contains_key(id) {
            Ok(())
        } else {
            Err(invalid(path, format!("no {kind} {id:?} in this tenant")))
        }
    }
}

/// A semester with everything it owns.
#[derive(Clone, Debug, Default)]
pub struct SemesterParts {
    pub semesters: Vec<Semester>,
    pub stages: Vec<Stage>,
    pub stage_tasks: Vec<StageTask>,
    pub activities: Vec<Activity>,
    pub user_snapshots: Vec<UserSnapshot>,
    pub review_records: Vec<ReviewRecord>,
    pub additional_infos: Vec<AdditionalInfo>,
    pub metric_values: Vec<MetricValue>,
}

/// A tenant's performance (绩效) switches.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PerformanceSettingsDoc {
    /// Whether the tenant has the performance service. `false`: every performance API answers
    /// 1580901. Default: `true`.
    #[serde(default = "yes")]
    pub licensed: bool,
    /// Whether users may still submit in a stage past its deadline. `false`: unfinished stages
    /// past their deadline are overdue. Default: `false`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
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

/// A display name as the v1 APIs write it: `zh-CN` and `en-US` (`zh_cn` and `en_us` are
/// accepted too).
#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "DisplayNameV1", transform = aliases(&[("zh-CN", "zh_cn"), ("en-US", "en_us")]))]
pub struct I18nV1Doc {
    /// The Chinese text. Default: empty.
    #[serde(
        rename = "zh-CN",
        alias = "zh_cn",
        default,
        skip_serializing_if = "String::is_empty"
    )]
    #[schemars(example = &"2024 上半年")]
    pub zh_cn: String,
    /// The English text. Default: empty.
    #[serde(
        rename = "en-US",
        alias = "en_us",
        default,
        skip_serializing_if = "String::is_empty"
    )]
    #[schemars(example = &"2024 H1")]
    pub en_us: String,
}

/// A display name as the v2 APIs write it: `zh_cn` and `en_us` (`zh-CN` and `en-US` are
/// accepted too).
#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "DisplayName", transform = aliases(&[("zh_cn", "zh-CN"), ("en_us", "en-US")]))]
pub struct I18nV2Doc {
    /// The Chinese text. Default: empty.
    #[serde(alias = "zh-CN", default, skip_serializing_if = "String::is_empty")]
    #[schemars(example = &"研发绩效")]
    pub zh_cn: String,
    /// The English text. Default: empty.
    #[serde(alias = "en-US", default, skip_serializing_if = "String::is_empty")]
    #[schemars(example = &"R&D review")]
    pub en_us: String,
}

/// A performance review cycle (绩效周期) with its stages, activities, reviewees' facts and
/// review data. `PUT …/semesters/{id}` of the admin API takes one too.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SemesterDoc {
    /// The semester's ID, unique in the tenant. Default: derived from the fixture.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"7235911950407352321")]
    pub semester_id: Option<IdText>,
    /// The semester's name. Default: empty.
    #[serde(default, skip_serializing_if = "I18nV1Doc::is_empty")]
    pub name: I18nV1Doc,
    /// The semester's year, 0 to 9999. Default: the year of `start_time` in UTC+8.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 9999))]
    pub year: Option<i32>,
    /// How the year is divided. Default: `Non-standard`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(transform = one_of(SEMESTER_TYPE_GROUPS))]
    pub type_group: Option<String>,
    /// Which part of the year it is. Default: `Custom`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    #[schemars(transform = one_of(SEMESTER_TYPES))]
    pub semester_type: Option<String>,
    /// The semester's progress. Default: `enabled`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(transform = one_of(SEMESTER_PROGRESSES))]
    pub progress: Option<String>,
    /// When the semester starts.
    pub start_time: Instant,
    /// When the semester ends, not before `start_time`.
    pub end_time: Instant,
    /// When the semester was created. Default: `start_time`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create_time: Option<Instant>,
    /// When the semester was last changed. Default: `create_time`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modify_time: Option<Instant>,
    /// The `user_id` of who created it. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create_user_id: Option<IdText>,
    /// The `user_id` of who last changed it. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modify_user_id: Option<IdText>,
    /// The semester's stages (环节), in order. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stages: Vec<StageDoc>,
    /// The semester's activities (项目). Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub activities: Vec<ActivityDoc>,
    /// Reviewees' facts as of the evaluation (`user_info/query`), each user at most once.
    /// Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub user_infos: Vec<UserSnapshotDoc>,
    /// Review records: one reviewer's answers in one stage. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub results: Vec<ReviewRecordDoc>,
    /// Additional information (补充信息): facts about the semester's reviewees. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub additional_informations: Vec<AdditionalInfoDoc>,
    /// Reviewees' key-metric data (指标明细), under the rules `metric_details/import` applies.
    /// Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metric_details: Vec<MetricDetailDoc>,
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
            .chain(
                self.activities
                    .iter()
                    .flat_map(|a| [&a.create_user_id, &a.modify_user_id].into_iter().flatten()),
            )
            .chain(self.user_infos.iter().flat_map(|u| {
                [Some(&u.user_id), u.direct_leader_user_id.as_ref()]
                    .into_iter()
                    .flatten()
            }))
            .chain(self.results.iter().flat_map(|r| {
                [Some(&r.reviewee), r.reviewer.as_ref()]
                    .into_iter()
                    .flatten()
            }))
            .chain(self.additional_informations.iter().map(|a| &a.reviewee))
            .chain(self.metric_details.iter().flat_map(|d| {
                std::iter::once(&d.reviewee)
                    .chain(d.fields.iter().filter_map(|f| f.person.as_ref()))
            }))
            .map(|id| id.0.clone())
            .collect()
    }
}

/// An activity (项目) of a semester: whom it reviews and with which templates.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivityDoc {
    /// The activity's ID, unique in the tenant. Default: derived from the fixture.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"7343513161666707501")]
    pub activity_id: Option<IdText>,
    /// The activity's name. Default: empty.
    #[serde(default, skip_serializing_if = "I18nV2Doc::is_empty")]
    pub name: I18nV2Doc,
    /// The activity's description. Default: empty.
    #[serde(default, skip_serializing_if = "I18nV2Doc::is_empty")]
    pub description: I18nV2Doc,
    /// What the activity does. Default: `performance_review`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(transform = one_of(ACTIVITY_MODES))]
    pub mode: Option<String>,
    /// The activity's progress. Default: `enabled`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(transform = one_of(ACTIVITY_PROGRESSES))]
    pub progress: Option<String>,
    /// The review template (`review_template_id`) of this tenant its reviews follow. Default:
    /// none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review_template_id: Option<IdText>,
    /// The metric template of its reviewees' key metrics, a `template_id` of this tenant's
    /// `metric_templates`; only in a mode that develops metrics. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric_template_id: Option<IdText>,
    /// When the activity was created. Default: the semester's `create_time`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create_time: Option<Instant>,
    /// When the activity was last changed. Default: `create_time`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modify_time: Option<Instant>,
    /// The `user_id` of who created it. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create_user_id: Option<IdText>,
    /// The `user_id` of who last changed it. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modify_user_id: Option<IdText>,
    /// The user groups (`group_id`s of this tenant) whose members it reviews. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(example = ["reviewed"])]
    pub user_groups: Vec<IdText>,
}

/// A reviewee's facts as of the semester's evaluation (`user_info/query`).
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UserSnapshotDoc {
    /// The reviewee, a user of this tenant.
    pub user_id: IdText,
    /// The reviewee's department then. Default: the user's first department now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department_id: Option<IdText>,
    /// The `user_id` of the reviewee's leader then. Default: the user's leader now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direct_leader_user_id: Option<IdText>,
    /// The reviewee's job family then. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub job_family: Option<NamedRefDoc>,
    /// The reviewee's job level then. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub job_level: Option<NamedRefDoc>,
}

/// Something named by an ID and a display name (a job family, a job level).
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "IdAndName")]
pub struct NamedRefDoc {
    /// Its ID.
    #[schemars(example = &"mga5oa8ayjlp9rb")]
    pub id: IdText,
    /// Its name. Default: empty.
    #[serde(default, skip_serializing_if = "I18nV2Doc::is_empty")]
    pub name: I18nV2Doc,
}

/// A review record: one reviewer's answers to a reviewee's review in one stage.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewRecordDoc {
    /// The record's ID, unique in the tenant. Default: derived from the fixture.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record_id: Option<IdText>,
    /// An activity of this semester that reviews the reviewee.
    pub activity_id: IdText,
    /// A stage of this semester where the reviewee has a task.
    pub stage_id: IdText,
    /// The reviewee's `user_id`: a member of a user group the activity reviews.
    pub reviewee: IdText,
    /// The reviewer's `user_id`. Absent: anonymous.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reviewer: Option<IdText>,
    /// When the answers were submitted. Absent: not submitted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub submit_time: Option<Instant>,
    /// The answers, each to a field of the activity's review template. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<ReviewValueDoc>,
}

/// One answer of a review record.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewValueDoc {
    /// The field it answers: a field of the activity's review template. Its unit, indicator
    /// and question are the field's.
    pub field_id: IdText,
    /// The rating level chosen: an `option_id` of the field's indicator. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub option_id: Option<IdText>,
    /// The score given, as text. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"92")]
    pub score: Option<IdText>,
    /// The text written. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The tags chosen, of the field's tag-based question. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<ChosenTagDoc>,
}

/// A tag chosen in an answer.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChosenTagDoc {
    /// A `tag_id` of the field's question.
    pub tag_id: IdText,
    /// The text written with it. Default: empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
}

/// A fact about a reviewee (补充信息).
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AdditionalInfoDoc {
    /// The item's ID, unique in the tenant. Default: derived from the fixture.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item_id: Option<IdText>,
    /// The ID the importing system gave it, unique within the semester. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"hr-42")]
    pub external_id: Option<IdText>,
    /// The reviewee's `user_id`: reviewed in one of this semester's activities.
    pub reviewee: IdText,
    /// What the fact is.
    #[schemars(example = &"主导评审")]
    pub item: String,
    /// When it happened, as free text (the vendor checks no format).
    #[schemars(example = &"2024-03-12")]
    pub time: IdText,
    /// The fact in detail.
    pub detailed_description: String,
}

/// The values of one reviewee's metric (指标明细), as `metric_details/import` would write them.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MetricDetailDoc {
    /// The reviewee's `user_id`: reviewed by an activity of this semester that has a
    /// `metric_template_id`.
    pub reviewee: IdText,
    /// A metric of that template.
    pub metric_id: IdText,
    /// Values of the metric's fields that the admin does not fill in. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<MetricValueDoc>,
}

/// One field's value: `person` for a `person` field, `value` for the others.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MetricValueDoc {
    /// A field of the metric.
    pub field_id: IdText,
    /// The value; for `number` and `pencentage` fields a plain decimal. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"87.5")]
    pub value: Option<IdText>,
    /// The value of a `person` field: a `user_id`. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<IdText>,
}

/// A metric template (指标模板): dimensions, and the library metrics set in each.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MetricTemplateDoc {
    /// The template's ID, unique in the tenant. Default: derived from the fixture.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template_id: Option<IdText>,
    /// The template's name. Default: empty.
    #[serde(default, skip_serializing_if = "I18nV2Doc::is_empty")]
    pub name: I18nV2Doc,
    /// The template's description. Default: empty.
    #[serde(default, skip_serializing_if = "I18nV2Doc::is_empty")]
    pub description: I18nV2Doc,
    /// The template's status. Default: `enabled`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(transform = one_of(METRIC_TEMPLATE_STATUSES))]
    pub status: Option<String>,
    /// How the template's total metric score is computed. Default: `weight`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(transform = one_of(METRIC_TOTAL_SCORE_METHODS))]
    pub total_metric_score_method: Option<String>,
    /// How the metric weights are bounded. Default:
    /// `total_sum_of_all_metric_weight_equals_1`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(transform = one_of(METRIC_WEIGHT_METHODS))]
    pub metric_weight_method: Option<String>,
    /// The template's dimensions, their IDs unique in the template. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dimensions: Vec<MetricDimensionDoc>,
    /// The library metrics set in its dimensions. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metrics: Vec<TemplateMetricDoc>,
}

/// A dimension of a metric template.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MetricDimensionDoc {
    /// The dimension's ID, unique in its template. Default: derived from the fixture.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dimension_id: Option<IdText>,
    /// The dimension's name. Default: empty.
    #[serde(default, skip_serializing_if = "I18nV2Doc::is_empty")]
    pub name: I18nV2Doc,
    /// The dimension's description. Default: empty.
    #[serde(default, skip_serializing_if = "I18nV2Doc::is_empty")]
    pub description: I18nV2Doc,
    /// The dimension's weight in percent. Absent: not set.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"70")]
    pub weight: Option<IdText>,
}

/// A library metric set in a template's dimension.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateMetricDoc {
    /// A library metric of this tenant, by the `metric_id` it declares.
    pub metric_id: IdText,
    /// A dimension of this template.
    pub dimension_id: IdText,
    /// The metric's lowest value in this template. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<IdText>,
    /// The metric's highest value in this template. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<IdText>,
}

/// A metric of the library (指标库).
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MetricDoc {
    /// The metric's ID, unique in the tenant; a template names the metric by it. Default:
    /// derived from the fixture.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric_id: Option<IdText>,
    /// The metric's name, in one language as the vendor has it.
    #[schemars(example = &"季度营收")]
    pub name: String,
    /// The metric's type. Default: empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub type_id: Option<IdText>,
    /// Its metric tags, `tag_id`s of this tenant's `metric_tags`. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<IdText>,
    /// Its fields, each a metric field of this tenant with who fills it in. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<MetricFieldSettingDoc>,
    /// How the metric is scored. Default: `score_manually`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(transform = one_of(METRIC_SCORING_TYPES))]
    pub scoring_setting_type: Option<String>,
    /// The formula it is scored by. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scoring_formula: Option<ScoringFormulaDoc>,
    /// The `user_id`s of who feeds its data. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_source_inputters: Vec<IdText>,
    /// Who may use the metric. Default: `admins_and_reviewees`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(transform = one_of(METRIC_AVAILABILITIES))]
    pub range_of_availability: Option<String>,
    /// Whether the metric is in use. Default: `true`.
    #[serde(default = "yes")]
    pub is_active: bool,
}

/// One of a library metric's fields, with who fills it in.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MetricFieldSettingDoc {
    /// A `field_id` of this tenant's `metric_fields`.
    pub field_id: IdText,
    /// Who fills the field in. Default: `admin`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(transform = one_of(METRIC_INPUT_SETTINGS))]
    pub input_setting: Option<String>,
    /// The value the admin set. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"1000000")]
    pub value: Option<IdText>,
    /// The value of a `person` field: a `user_id`. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<IdText>,
}

/// The formula a metric is scored by.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoringFormulaDoc {
    /// The formula's ID.
    pub formula_id: IdText,
    /// The formula's name. Default: empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// The formula itself. Default: empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[schemars(example = &"score = completion * 100")]
    pub details: String,
}

/// A tag of key-performance metrics (指标标签).
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MetricTagDoc {
    /// The tag's ID, unique in the tenant. Default: derived from the fixture.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag_id: Option<IdText>,
    /// The tag's name. Default: empty.
    #[serde(default, skip_serializing_if = "I18nV2Doc::is_empty")]
    pub name: I18nV2Doc,
    /// The tag's place among the tenant's tags. Default: its place in the list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<i64>,
    /// When the tag was created. Default: the load time on the tenant's clock.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create_time: Option<Instant>,
    /// When the tag was last changed. Default: `create_time`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update_time: Option<Instant>,
}

/// A field of key-performance metrics (指标字段).
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MetricFieldDoc {
    /// The field's ID, unique in the tenant. Default: derived from the fixture.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field_id: Option<IdText>,
    /// The field's name. Default: empty.
    #[serde(default, skip_serializing_if = "I18nV2Doc::is_empty")]
    pub name: I18nV2Doc,
    /// What the field's values are (`pencentage` is the vendor's spelling). Default: `text`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    #[schemars(transform = one_of(METRIC_FIELD_TYPES))]
    pub field_type: Option<String>,
}

/// A user group (人员组): the people activities review.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UserGroupDoc {
    /// The group's ID, unique in the tenant.
    #[schemars(example = &"reviewed")]
    pub group_id: IdText,
    /// Whether `user_group_user_rels/write` may change the group. `false`: it answers 1580401.
    /// Default: `true`.
    #[serde(default = "yes")]
    pub api_writable: bool,
    /// 0: no restriction; 1: hidden from back-end admins. Default: 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 1))]
    pub scope_visible_setting: Option<i64>,
    /// The group's members, users of this tenant, each once; the write API replaces them.
    /// Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<IdText>,
}

/// An evaluation indicator (评估项) that review fields name, with its rating levels.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorDoc {
    /// The indicator's ID, unique in the tenant. Default: derived from the fixture.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indicator_id: Option<IdText>,
    /// The indicator's name. Default: empty.
    #[serde(default, skip_serializing_if = "I18nV2Doc::is_empty")]
    pub name: I18nV2Doc,
    /// The indicator's kind. Default: `general_review_item`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    #[schemars(transform = one_of(INDICATOR_TYPES))]
    pub indicator_type: Option<String>,
    /// Its rating levels, in order. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<IndicatorOptionDoc>,
}

/// A rating level of an indicator.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorOptionDoc {
    /// The level's ID, unique in its indicator. Default: derived from the fixture.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub option_id: Option<IdText>,
    /// The level's name. Default: empty.
    #[serde(default, skip_serializing_if = "I18nV2Doc::is_empty")]
    pub name: I18nV2Doc,
    /// The level's short label.
    #[schemars(example = &"S")]
    pub label: String,
}

/// A tag-based question (标签填写题) that review fields name.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionDoc {
    /// The question's ID, unique in the tenant. Default: derived from the fixture.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question_id: Option<IdText>,
    /// The question's name. Default: empty.
    #[serde(default, skip_serializing_if = "I18nV2Doc::is_empty")]
    pub name: I18nV2Doc,
    /// The tags a reviewer may choose. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tag_items: Vec<TagItemDoc>,
}

/// A tag of a tag-based question.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TagItemDoc {
    /// The tag's ID, unique in its question. Default: derived from the fixture.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag_id: Option<IdText>,
    /// The tag's name. Default: empty.
    #[serde(default, skip_serializing_if = "I18nV2Doc::is_empty")]
    pub name: I18nV2Doc,
}

/// A change to a stage (`PATCH …/stages/{id}`): only the keys given change.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StageChangeDoc {
    /// The stage's new name.
    pub name: Option<I18nV1Doc>,
    /// The stage's new deadline.
    pub deadline: Option<Instant>,
    /// The stage's new link; `null` removes it.
    #[serde(default, deserialize_with = "present")]
    pub jump_url: Option<Option<String>>,
    /// Pauses or resumes the stage.
    pub paused: Option<bool>,
    /// Opens the stage's results at that instant; `null` closes them.
    #[serde(default, deserialize_with = "present")]
    pub results_open_time: Option<Option<Instant>>,
}

/// A stage task's counts (`PUT …/stages/{id}/tasks/{user}` needs both, `PATCH` either).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StageTaskCountsDoc {
    /// How many to-dos the user has, 0 to 99999.
    #[schemars(range(min = 0, max = 99_999))]
    pub need_todo: Option<i64>,
    /// How many of them are done, 0 to `need_todo`.
    #[schemars(range(min = 0, max = 99_999))]
    pub finished: Option<i64>,
}

/// A stage (环节) of a semester, with who has to-dos in it.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StageDoc {
    /// The stage's ID, unique in the tenant. Default: derived from the fixture.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"7270346432875692033")]
    pub stage_id: Option<IdText>,
    /// The stage's name. Default: empty.
    #[serde(default, skip_serializing_if = "I18nV1Doc::is_empty")]
    pub name: I18nV1Doc,
    /// The stage's deadline.
    pub deadline: Instant,
    /// Where the stage's page is. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"https://performance.example/perf/review/7235911950407352321/members")]
    pub jump_url: Option<String>,
    /// Whether the stage is paused: a paused stage's tasks are `stage_pause`. Default: `false`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub paused: bool,
    /// The stage's kind. Default: `review`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(transform = one_of(SEMESTER_STAGE_TYPES))]
    pub stage_type: Option<String>,
    /// Who fills a review stage in (roles as for stage templates). Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(transform = one_of(REVIEW_STAGE_ROLES))]
    pub review_stage_role: Option<String>,
    /// The stage template (`template_id` of a review template's `templates`) it follows.
    /// Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template_id: Option<IdText>,
    /// When the stage's results open (结果开通). Absent: closed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub results_open_time: Option<Instant>,
    /// Who has to-dos in this stage, and how many; each user once. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<StageTaskDoc>,
}

/// One user's to-dos in a stage.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StageTaskDoc {
    /// The user, by `user_id`.
    pub user_id: IdText,
    /// How many to-dos the user has, 0 to 99999. Default: 0.
    #[schemars(range(min = 0, max = 99_999))]
    #[serde(default)]
    pub need_todo: i64,
    /// How many of them are done, 0 to `need_todo`. Default: 0.
    #[schemars(range(min = 0, max = 99_999))]
    #[serde(default)]
    pub finished: i64,
}

/// A performance v2 review template (绩效模板): its stage templates and the units of fields
/// reviewers answer. `PUT …/review_templates/{id}` of the admin API takes one too.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewTemplateDoc {
    /// The template's ID, unique in the tenant. Default: derived from the fixture.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"7343513161666723843")]
    pub review_template_id: Option<IdText>,
    /// The template's name. Default: empty.
    #[serde(default, skip_serializing_if = "I18nV2Doc::is_empty")]
    pub name: I18nV2Doc,
    /// The template's description. Default: empty.
    #[serde(default, skip_serializing_if = "I18nV2Doc::is_empty")]
    pub description: I18nV2Doc,
    /// The template's status. Default: `enabled`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(transform = one_of(REVIEW_TEMPLATE_STATUSES))]
    pub status: Option<String>,
    /// Its stage templates. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub templates: Vec<StageTemplateDoc>,
    /// Its units of fields. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<ReviewUnitDoc>,
}

/// A stage template of a review template.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StageTemplateDoc {
    /// The stage template's ID. Default: derived from the fixture.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template_id: Option<IdText>,
    /// The stage template's name. Default: empty.
    #[serde(default, skip_serializing_if = "I18nV2Doc::is_empty")]
    pub name: I18nV2Doc,
    /// The kind of stage it makes.
    #[schemars(transform = one_of(STAGE_TYPES))]
    pub stage_type: String,
    /// Who fills a review stage in. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(transform = one_of(REVIEW_STAGE_ROLES))]
    pub review_stage_role: Option<String>,
    /// How the reviewers' data is written, as the vendor names it. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"independent")]
    pub review_stage_data_write_mode: Option<String>,
}

/// A unit of a review template: a group of fields.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewUnitDoc {
    /// The unit's ID. Default: derived from the fixture.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_id: Option<IdText>,
    /// The unit's name. Default: empty.
    #[serde(default, skip_serializing_if = "I18nV2Doc::is_empty")]
    pub name: I18nV2Doc,
    /// The unit's fields. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<ReviewFieldDoc>,
}

/// A field reviewers answer; every key but its name is optional.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewFieldDoc {
    /// The field's ID. Default: derived from the fixture.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field_id: Option<IdText>,
    /// The field's name. Default: empty.
    #[serde(default, skip_serializing_if = "I18nV2Doc::is_empty")]
    pub name: I18nV2Doc,
    /// The indicator whose rating levels answers choose, an `indicator_id` of this tenant.
    /// Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indicator_id: Option<IdText>,
    /// The tag-based question whose tags answers choose, a `question_id` of this tenant.
    /// Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag_based_question_id: Option<IdText>,
    /// The title of the objective question (the vendor's spelling of "question"). Default:
    /// none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub objective_text_qustion_title: Option<I18nV2Doc>,
    /// The title of the key-result question (the vendor's spelling). Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keyresult_text_qustion_title: Option<I18nV2Doc>,
    /// The field this one belongs to. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_field_id: Option<IdText>,
    /// The KPI template the field draws on. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kpi_template_id: Option<IdText>,
}

fn semesters(b: &Builder, docs: &[SemesterDoc], catalog: &ReviewCatalog) -> Checked<SemesterParts> {
    let mut semester_ids = Unique::new("semester_id");
    let mut stage_ids = Unique::new("stage_id");
    let mut activity_ids = Unique::new("activity_id");
    let mut item_ids = Unique::new("item_id");
    let mut all = SemesterParts::default();
    for (i, doc) in docs.iter().enumerate() {
        let locator = format!("semesters[{i}]");
        let parts = semester(b, &locator, doc, catalog)?;
        let semester = &parts.semesters[0];
        semester_ids.claim(
            &b.path(join(&locator, "semester_id")),
            semester.semester_id.as_str(),
        )?;
        for (j, stage) in parts.stages.iter().enumerate() {
            let path = b.path(join(&locator, &format!("stages[{j}].stage_id")));
            stage_ids.claim(&path, stage.stage_id.as_str())?;
        }
        for (j, activity) in parts.activities.iter().enumerate() {
            let path = b.path(join(&locator, &format!("activities[{j}].activity_id")));
            activity_ids.claim(&path, activity.activity_id.as_str())?;
        }
        all.semesters.extend(parts.semesters);
        all.stages.extend(parts.stages);
        all.stage_tasks.extend(parts.stage_tasks);
        all.activities.extend(parts.activities);
        all.user_snapshots.extend(parts.user_snapshots);
        for (j, info) in parts.additional_infos.iter().enumerate() {
            let path = b.path(join(
                &locator,
                &format!("additional_informations[{j}].item_id"),
            ));
            item_ids.claim(&path, info.item_id.as_str())?;
        }
        all.review_records.extend(parts.review_records);
        all.additional_infos.extend(parts.additional_infos);
        all.metric_values.extend(parts.metric_values);
    }
    Ok(all)
}

/// One semester at `locator` with its stages, their tasks and its activities.
pub fn semester(
    b: &Builder,
    locator: &str,
    doc: &SemesterDoc,
    catalog: &ReviewCatalog,
) -> Checked<SemesterParts> {
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
        let stage_type = stage.stage_type.as_deref().unwrap_or("review");
        require_one_of(
            &b.path(join(&locator, "stage_type")),
            stage_type,
            SEMESTER_STAGE_TYPES,
        )?;
        if let Some(role) = &stage.review_stage_role {
            let path = b.path(join(&locator, "review_stage_role"));
            require_one_of(&path, role, REVIEW_STAGE_ROLES)?;
        }
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
        let mut built = Stage {
            stage_id,
            semester_id: semester_id.clone(),
            name: i18n_v1(&stage.name),
            deadline: stage.deadline.0,
            jump_url: stage.jump_url.clone(),
            paused: stage.paused,
            position: j as i64,
            stage_type: stage_type.to_owned(),
            review_stage_role: stage.review_stage_role.clone(),
            template_id: stage.template_id.as_ref().map(|id| id.0.clone()),
            results_open_time: stage.results_open_time.map(|t| t.0),
            results_announced: false,
        };
        // Results a load declares open were never news (the admin API's semester replacement
        // decides for itself, against what was stored).
        built.results_announced = built.results_open(b.now());
        stages.push(built);
    }
    let activities = doc
        .activities
        .iter()
        .enumerate()
        .map(|(j, activity_doc)| {
            let locator = join(locator, &format!("activities[{j}]"));
            activity(b, &locator, activity_doc, &semester, catalog)
        })
        .collect::<Checked<Vec<_>>>()?;
    let user_snapshots = doc
        .user_infos
        .iter()
        .enumerate()
        .map(|(j, snapshot)| {
            let locator = join(locator, &format!("user_infos[{j}]"));
            user_snapshot(b, &locator, snapshot, &semester)
        })
        .collect::<Checked<Vec<_>>>()?;
    let mut snapshot_users = Unique::new("user_id in user_infos");
    for (j, snapshot) in user_snapshots.iter().enumerate() {
        let path = b.path(join(locator, &format!("user_infos[{j}].user_id")));
        snapshot_users.claim(&path, snapshot.user_id.as_str())?;
    }
    let owned = SemesterOwned {
        stages: &stages,
        tasks: &tasks,
        activities: &activities,
    };
    let mut record_ids = Unique::new("record_id");
    let review_records = doc
        .results
        .iter()
        .enumerate()
        .map(|(j, record)| {
            let locator = join(locator, &format!("results[{j}]"));
            let record = review_record(b, &locator, record, &semester, &owned, catalog)?;
            record_ids.claim(
                &b.path(join(&locator, "record_id")),
                record.record_id.as_str(),
            )?;
            Ok(record)
        })
        .collect::<Checked<Vec<_>>>()?;
    let mut external_ids = Unique::new("external_id in this semester");
    let additional_infos = doc
        .additional_informations
        .iter()
        .enumerate()
        .map(|(j, info)| {
            let locator = join(locator, &format!("additional_informations[{j}]"));
            let info = additional_info(b, &locator, info, &semester, &owned, catalog)?;
            if let Some(external) = &info.external_id {
                external_ids.claim(&b.path(join(&locator, "external_id")), external)?;
            }
            Ok(info)
        })
        .collect::<Checked<Vec<_>>>()?;
    let metric_values = metric_values(b, locator, doc, &semester, &owned, catalog)?;
    Ok(SemesterParts {
        semesters: vec![semester],
        stages,
        stage_tasks: tasks,
        activities,
        user_snapshots,
        review_records,
        additional_infos,
        metric_values,
    })
}

/// The semester's metric details, under the rules of an import: each reviewee is reviewed in
/// the semester and has the metric, through the first activity (by ID) that reviews them and
/// names a metric template.
fn metric_values(
    b: &Builder,
    locator: &str,
    doc: &SemesterDoc,
    semester: &Semester,
    owned: &SemesterOwned<'_>,
    catalog: &ReviewCatalog,
) -> Checked<Vec<MetricValue>> {
    let mut reviewees = HashMap::new();
    let mut people = InternalIds::default();
    let mut by_id: Vec<&Activity> = owned.activities.iter().collect();
    by_id.sort_by(|a, b| a.activity_id.cmp(&b.activity_id));
    let mut entries = Vec::with_capacity(doc.metric_details.len());
    for (i, detail) in doc.metric_details.iter().enumerate() {
        let at = |key: &str| b.path(join(locator, &format!("metric_details[{i}].{key}")));
        let user = b.user_ref(at("reviewee"), &detail.reviewee)?;
        if is_reviewee(&user, owned, catalog) {
            let sheet = by_id
                .iter()
                .filter(|a| catalog.reviews(a, &user))
                .find_map(|a| {
                    catalog
                        .metric_sheets
                        .get(a.metric_template_id.as_ref()?.as_str())
                })
                .cloned();
            reviewees.insert(detail.reviewee.0.clone(), RevieweeSheet { user, sheet });
        }
        for (j, field) in detail.fields.iter().enumerate() {
            if let Some(person) = &field.person {
                let user = b.user_ref(at(&format!("fields[{j}].person")), person)?;
                people.insert(person.0.clone(), user);
            }
        }
        entries.push(MetricEntry {
            reviewee: detail.reviewee.0.clone(),
            metric_id: detail.metric_id.0.clone(),
            fields: detail
                .fields
                .iter()
                .map(|f| FieldEntry {
                    field_id: f.field_id.0.clone(),
                    value: f.value.as_ref().map(|v| v.0.clone()),
                    person: f.person.as_ref().map(|p| p.0.clone()),
                })
                .collect(),
        });
    }
    plan_metric_values(&semester.semester_id, &entries, &reviewees, &people, None).map_err(
        |refusal| {
            let path = b.path(join(locator, &refusal.locate("metric_details")));
            invalid(path, refusal.message)
        },
    )
}

/// Whether `user` is reviewed in one of the semester's activities.
fn is_reviewee(user: &UserId, owned: &SemesterOwned<'_>, catalog: &ReviewCatalog) -> bool {
    owned
        .activities
        .iter()
        .any(|activity| catalog.reviews(activity, user))
}

/// One additional-information item of `semester`: its reviewee is reviewed in the semester.
fn additional_info(
    b: &Builder,
    locator: &str,
    doc: &AdditionalInfoDoc,
    semester: &Semester,
    owned: &SemesterOwned<'_>,
    catalog: &ReviewCatalog,
) -> Checked<AdditionalInfo> {
    let at = |key: &str| b.path(join(locator, key));
    let reviewee = b.user_ref(at("reviewee"), &doc.reviewee)?;
    if !is_reviewee(&reviewee, owned, catalog) {
        return Err(invalid(
            at("reviewee"),
            format!(
                "{:?} is not reviewed in any activity of this semester",
                reviewee.as_str()
            ),
        ));
    }
    Ok(AdditionalInfo {
        item_id: ItemId::new(b.vendor_id(
            doc.item_id.as_ref(),
            "additional_information",
            &join(locator, "item_id"),
        )?),
        semester_id: semester.semester_id.clone(),
        external_id: text(&doc.external_id),
        reviewee_user_id: reviewee,
        item: doc.item.clone(),
        time: doc.time.0.clone(),
        detailed_description: doc.detailed_description.clone(),
    })
}

/// What one semester of a fixture declares, which its results must agree with.
struct SemesterOwned<'a> {
    stages: &'a [Stage],
    tasks: &'a [StageTask],
    activities: &'a [Activity],
}

fn user_snapshot(
    b: &Builder,
    locator: &str,
    doc: &UserSnapshotDoc,
    semester: &Semester,
) -> Checked<UserSnapshot> {
    let named = |doc: &Option<NamedRefDoc>| {
        doc.as_ref().map(|named| NamedRef {
            id: named.id.0.clone(),
            name: i18n_v2(&named.name),
        })
    };
    Ok(UserSnapshot {
        semester_id: semester.semester_id.clone(),
        user_id: b.user_ref(b.path(join(locator, "user_id")), &doc.user_id)?,
        department_id: text(&doc.department_id),
        direct_leader_user_id: b.optional_user_ref(
            &join(locator, "direct_leader_user_id"),
            doc.direct_leader_user_id.as_ref(),
        )?,
        job_family: named(&doc.job_family),
        job_level: named(&doc.job_level),
    })
}

/// One result of `semester`: its activity and stage are the semester's, its reviewee is
/// reviewed in that activity and has a task in that stage, and each value answers a field of
/// the activity's review template with that field's indicator levels and question tags.
fn review_record(
    b: &Builder,
    locator: &str,
    doc: &ReviewRecordDoc,
    semester: &Semester,
    owned: &SemesterOwned<'_>,
    catalog: &ReviewCatalog,
) -> Checked<ReviewRecord> {
    let at = |key: &str| b.path(join(locator, key));
    let record_id = b.vendor_id(
        doc.record_id.as_ref(),
        "review_record",
        &join(locator, "record_id"),
    )?;
    let activity = owned
        .activities
        .iter()
        .find(|a| a.activity_id.as_str() == doc.activity_id.0)
        .ok_or_else(|| invalid(at("activity_id"), "no such activity in this semester"))?;
    let stage = owned
        .stages
        .iter()
        .find(|s| s.stage_id.as_str() == doc.stage_id.0)
        .ok_or_else(|| invalid(at("stage_id"), "no such stage in this semester"))?;
    let reviewee = b.user_ref(at("reviewee"), &doc.reviewee)?;
    if !catalog.reviews(activity, &reviewee) {
        return Err(invalid(
            at("reviewee"),
            format!(
                "{:?} is not a member of a user group activity {:?} reviews",
                reviewee.as_str(),
                activity.activity_id.as_str()
            ),
        ));
    }
    if !owned
        .tasks
        .iter()
        .any(|t| t.stage_id == stage.stage_id && t.user_id == reviewee)
    {
        return Err(invalid(
            at("reviewee"),
            format!(
                "{:?} has no task in stage {:?}: a result belongs to a stage task",
                reviewee.as_str(),
                stage.stage_id.as_str()
            ),
        ));
    }
    let fields = match &activity.review_template_id {
        Some(template) => catalog.review_templates.get(template.as_str()),
        None => None,
    };
    let values = doc
        .values
        .iter()
        .enumerate()
        .map(|(k, value)| {
            let value_at = |key: &str| b.path(join(locator, &format!("values[{k}].{key}")));
            let (unit_id, field) = fields
                .and_then(|fields| fields.get(&value.field_id.0))
                .ok_or_else(|| {
                    invalid(
                        value_at("field_id"),
                        "not a field of the activity's review template",
                    )
                })?;
            if let Some(option) = &value.option_id {
                let levels = field
                    .indicator_id
                    .as_ref()
                    .and_then(|i| catalog.indicators.get(i));
                if !levels.is_some_and(|levels| levels.contains(&option.0)) {
                    return Err(invalid(
                        value_at("option_id"),
                        "not a rating level of the field's indicator",
                    ));
                }
            }
            let tags = value
                .tags
                .iter()
                .enumerate()
                .map(|(t, tag)| {
                    let known = field
                        .tag_based_question_id
                        .as_ref()
                        .and_then(|q| catalog.questions.get(q));
                    if !known.is_some_and(|tags| tags.contains(&tag.tag_id.0)) {
                        return Err(invalid(
                            value_at(&format!("tags[{t}].tag_id")),
                            "not a tag of the field's question",
                        ));
                    }
                    Ok(ChosenTag {
                        tag_id: tag.tag_id.0.clone(),
                        text: tag.text.clone(),
                    })
                })
                .collect::<Checked<Vec<_>>>()?;
            Ok(ReviewValue {
                unit_id: unit_id.clone(),
                field_id: field.field_id.clone(),
                indicator_id: field.indicator_id.as_ref().map(IndicatorId::new),
                option_id: text(&value.option_id),
                score: text(&value.score),
                text: value.text.clone(),
                tag_based_question_id: field.tag_based_question_id.as_ref().map(QuestionId::new),
                tags,
            })
        })
        .collect::<Checked<Vec<_>>>()?;
    Ok(ReviewRecord {
        record_id: RecordId::new(record_id),
        semester_id: semester.semester_id.clone(),
        activity_id: activity.activity_id.clone(),
        stage_id: stage.stage_id.clone(),
        reviewee_user_id: reviewee,
        reviewer_user_id: b.optional_user_ref(&join(locator, "reviewer"), doc.reviewer.as_ref())?,
        submit_time: doc.submit_time.map(|t| t.0),
        values,
    })
}

/// One activity of `semester` at `locator`.
fn activity(
    b: &Builder,
    locator: &str,
    doc: &ActivityDoc,
    semester: &Semester,
    catalog: &ReviewCatalog,
) -> Checked<Activity> {
    let at = |key: &str| b.path(join(locator, key));
    let activity_id = b.vendor_id(
        doc.activity_id.as_ref(),
        "activity",
        &join(locator, "activity_id"),
    )?;
    let mode = doc.mode.as_deref().unwrap_or("performance_review");
    require_one_of(&at("mode"), mode, ACTIVITY_MODES)?;
    let progress = doc.progress.as_deref().unwrap_or("enabled");
    require_one_of(&at("progress"), progress, ACTIVITY_PROGRESSES)?;
    if let Some(id) = &doc.review_template_id {
        ReviewCatalog::require(
            at("review_template_id"),
            &id.0,
            "review template",
            &catalog.review_templates,
        )?;
    }
    if let Some(id) = &doc.metric_template_id {
        ReviewCatalog::require(
            at("metric_template_id"),
            &id.0,
            "metric template",
            &catalog.metric_sheets,
        )?;
        if mode == "performance_review" {
            return Err(invalid(
                at("metric_template_id"),
                "an activity in mode performance_review develops no metrics; set its mode to \
                 metric_development or metric_development_and_performance_review",
            ));
        }
    }
    let mut groups = Unique::new("user group in this activity");
    let user_groups = doc
        .user_groups
        .iter()
        .enumerate()
        .map(|(k, id)| {
            let path = at(&format!("user_groups[{k}]"));
            ReviewCatalog::require(path.clone(), &id.0, "user group", &catalog.user_groups)?;
            groups.claim(&path, &id.0)?;
            Ok(UserGroupId::new(id.0.clone()))
        })
        .collect::<Checked<Vec<_>>>()?;
    let create_time = doc.create_time.map_or(semester.create_time, |t| t.0);
    Ok(Activity {
        activity_id: ActivityId::new(activity_id),
        semester_id: semester.semester_id.clone(),
        name: i18n_v2(&doc.name),
        description: i18n_v2(&doc.description),
        mode: mode.to_owned(),
        progress: progress.to_owned(),
        review_template_id: doc
            .review_template_id
            .as_ref()
            .map(|id| ReviewTemplateId::new(id.0.clone())),
        metric_template_id: doc
            .metric_template_id
            .as_ref()
            .map(|id| MetricTemplateId::new(id.0.clone())),
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
        user_groups,
    })
}

fn user_groups(b: &Builder, docs: &[UserGroupDoc]) -> Checked<Vec<UserGroup>> {
    let mut ids = Unique::new("group_id");
    docs.iter()
        .enumerate()
        .map(|(i, doc)| {
            let at = |key: &str| b.path(format!("user_groups[{i}].{key}"));
            require_non_empty(&at("group_id"), &doc.group_id.0)?;
            ids.claim(&at("group_id"), &doc.group_id.0)?;
            let scope_visible_setting = doc.scope_visible_setting.unwrap_or(1);
            if !SCOPE_VISIBLE_SETTINGS.contains(&scope_visible_setting) {
                return Err(invalid(at("scope_visible_setting"), "must be 0 or 1"));
            }
            let mut members = Unique::new("member of this group");
            let members = doc
                .members
                .iter()
                .enumerate()
                .map(|(k, id)| {
                    let path = at(&format!("members[{k}]"));
                    let user = b.user_ref(path.clone(), id)?;
                    members.claim(&path, user.as_str())?;
                    Ok(user)
                })
                .collect::<Checked<Vec<_>>>()?;
            Ok(UserGroup {
                group_id: UserGroupId::new(doc.group_id.0.clone()),
                api_writable: doc.api_writable,
                scope_visible_setting,
                members,
            })
        })
        .collect()
}

fn indicators(b: &Builder, docs: &[IndicatorDoc]) -> Checked<Vec<Indicator>> {
    let mut ids = Unique::new("indicator_id");
    docs.iter()
        .enumerate()
        .map(|(i, doc)| {
            let locator = format!("indicators[{i}]");
            let at = |key: &str| b.path(join(&locator, key));
            let id = b.vendor_id(
                doc.indicator_id.as_ref(),
                "indicator",
                &join(&locator, "indicator_id"),
            )?;
            ids.claim(&at("indicator_id"), &id)?;
            let indicator_type = doc
                .indicator_type
                .as_deref()
                .unwrap_or("general_review_item");
            require_one_of(&at("type"), indicator_type, INDICATOR_TYPES)?;
            let mut option_ids = Unique::new("option_id in this indicator");
            let options = doc
                .options
                .iter()
                .enumerate()
                .map(|(j, option)| {
                    let option_locator = join(&locator, &format!("options[{j}]"));
                    let option_id = b.vendor_id(
                        option.option_id.as_ref(),
                        "indicator_option",
                        &join(&option_locator, "option_id"),
                    )?;
                    option_ids.claim(&b.path(join(&option_locator, "option_id")), &option_id)?;
                    Ok(IndicatorOption {
                        option_id,
                        name: i18n_v2(&option.name),
                        label: option.label.clone(),
                    })
                })
                .collect::<Checked<Vec<_>>>()?;
            Ok(Indicator {
                indicator_id: IndicatorId::new(id),
                name: i18n_v2(&doc.name),
                indicator_type: indicator_type.to_owned(),
                options,
            })
        })
        .collect()
}

fn questions(b: &Builder, docs: &[QuestionDoc]) -> Checked<Vec<Question>> {
    let mut ids = Unique::new("question_id");
    docs.iter()
        .enumerate()
        .map(|(i, doc)| {
            let locator = format!("questions[{i}]");
            let id = b.vendor_id(
                doc.question_id.as_ref(),
                "question",
                &join(&locator, "question_id"),
            )?;
            ids.claim(&b.path(join(&locator, "question_id")), &id)?;
            let mut tag_ids = Unique::new("tag_id in this question");
            let tag_items = doc
                .tag_items
                .iter()
                .enumerate()
                .map(|(j, tag)| {
                    let tag_locator = join(&locator, &format!("tag_items[{j}]"));
                    let tag_id = b.vendor_id(
                        tag.tag_id.as_ref(),
                        "question_tag",
                        &join(&tag_locator, "tag_id"),
                    )?;
                    tag_ids.claim(&b.path(join(&tag_locator, "tag_id")), &tag_id)?;
                    Ok(TagItem {
                        tag_id,
                        name: i18n_v2(&tag.name),
                    })
                })
                .collect::<Checked<Vec<_>>>()?;
            Ok(Question {
                question_id: QuestionId::new(id),
                name: i18n_v2(&doc.name),
                tag_items,
            })
        })
        .collect()
}

fn review_templates(
    b: &Builder,
    docs: &[ReviewTemplateDoc],
    catalog: &ReviewCatalog,
) -> Checked<Vec<ReviewTemplate>> {
    let mut ids = Unique::new("review_template_id");
    docs.iter()
        .enumerate()
        .map(|(i, doc)| {
            let locator = format!("review_templates[{i}]");
            let template = review_template(b, &locator, doc, catalog)?;
            ids.claim(
                &b.path(join(&locator, "review_template_id")),
                template.review_template_id.as_str(),
            )?;
            Ok(template)
        })
        .collect()
}

/// One review template at `locator`; its fields may name only indicators and questions of
/// `catalog`.
pub fn review_template(
    b: &Builder,
    locator: &str,
    doc: &ReviewTemplateDoc,
    catalog: &ReviewCatalog,
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
                    let at = |key: &str| b.path(join(&locator, &format!("fields[{k}].{key}")));
                    if let Some(id) = &field.indicator_id {
                        let known = &catalog.indicators;
                        ReviewCatalog::require(at("indicator_id"), &id.0, "indicator", known)?;
                    }
                    if let Some(id) = &field.tag_based_question_id {
                        let known = &catalog.questions;
                        let path = at("tag_based_question_id");
                        ReviewCatalog::require(path, &id.0, "tag-based question", known)?;
                    }
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
/// names, `catalog` its stored review configuration.
pub fn semester_from_body(
    tenant: &TenantKey,
    semester_id: &str,
    mut doc: SemesterDoc,
    known_users: BTreeSet<String>,
    catalog: &ReviewCatalog,
    now: Millis,
) -> Result<SemesterParts, Error> {
    pin_id(&mut doc.semester_id, semester_id, "semester_id")?;
    let builder = Builder::for_body(
        tenant.clone(),
        format!("semester/{semester_id}/"),
        now,
        known_users,
    );
    semester(&builder, "", &doc, catalog)
}

/// A review template of an admin API body (`PUT …/review_templates/{id}`).
pub fn review_template_from_body(
    tenant: &TenantKey,
    template_id: &str,
    mut doc: ReviewTemplateDoc,
    catalog: &ReviewCatalog,
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
    review_template(&builder, "", &doc, catalog)
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
