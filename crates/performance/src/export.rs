//! The inverse of [`fixture::build`](crate::fixture::build) (docs/fixtures.md, "Exporting a
//! world"): a tenant's stored performance section written back as its fixture keys. Every ID is
//! pinned and every default the loader would fill in is written out, so that loading the export
//! gives the very same rows whatever the original fixture left to be derived.

use std::collections::HashMap;

use openwork_platform::fixture::export::{id_text, id_texts};
use openwork_platform::fixture::{IdText, Instant};

use crate::PerformanceService;
use crate::fixture::*;
use crate::model::*;

/// A tenant's performance keys, as [`SectionDocs`] borrows them for a load.
#[derive(Debug, Default)]
pub struct ExportedSection {
    pub settings: PerformanceSettingsDoc,
    pub semesters: Vec<SemesterDoc>,
    pub review_templates: Vec<ReviewTemplateDoc>,
    pub user_groups: Vec<UserGroupDoc>,
    pub indicators: Vec<IndicatorDoc>,
    pub questions: Vec<QuestionDoc>,
    pub metric_tags: Vec<MetricTagDoc>,
    pub metric_fields: Vec<MetricFieldDoc>,
    pub metrics: Vec<MetricDoc>,
    pub metric_templates: Vec<MetricTemplateDoc>,
}

impl PerformanceService {
    /// The tenant's performance section as fixture keys (the tenant is known to exist).
    pub async fn export(
        &self,
        tenant: &openwork_platform::ids::TenantKey,
    ) -> openwork_platform::Result<ExportedSection> {
        Ok(section_docs(&self.store.section(tenant).await?))
    }
}

impl I18nV1Doc {
    /// Neither language is set (the key is left out of an export).
    pub fn is_empty(&self) -> bool {
        self.zh_cn.is_empty() && self.en_us.is_empty()
    }
}

impl I18nV2Doc {
    /// Neither language is set (the key is left out of an export).
    pub fn is_empty(&self) -> bool {
        self.zh_cn.is_empty() && self.en_us.is_empty()
    }
}

/// Writes a stored section as fixture keys.
pub fn section_docs(section: &Section) -> ExportedSection {
    let semesters = SemesterIndex::new(section);
    ExportedSection {
        settings: PerformanceSettingsDoc {
            licensed: section.settings.licensed,
            allow_late_submission: section.settings.allow_late_submission,
        },
        semesters: section
            .semesters
            .iter()
            .map(|s| semesters.semester_doc(s))
            .collect(),
        review_templates: section
            .review_templates
            .iter()
            .map(review_template_doc)
            .collect(),
        user_groups: section.user_groups.iter().map(user_group_doc).collect(),
        indicators: section.indicators.iter().map(indicator_doc).collect(),
        questions: section.questions.iter().map(question_doc).collect(),
        metric_tags: section.metric_tags.iter().map(metric_tag_doc).collect(),
        metric_fields: section
            .metric_fields
            .iter()
            .map(|f| MetricFieldDoc {
                field_id: Some(IdText(f.field_id.to_string())),
                name: v2(&f.name),
                field_type: Some(f.field_type.clone()),
            })
            .collect(),
        metrics: section.metrics.iter().map(metric_doc).collect(),
        metric_templates: section
            .metric_templates
            .iter()
            .map(metric_template_doc)
            .collect(),
    }
}

/// What each semester owns, found by ID (a generated world has a million stage tasks: each is
/// visited once, not once per semester).
struct SemesterIndex<'a> {
    stages: HashMap<&'a str, Vec<&'a Stage>>,
    tasks: HashMap<&'a str, Vec<&'a StageTask>>,
    activities: HashMap<&'a str, Vec<&'a Activity>>,
    user_snapshots: HashMap<&'a str, Vec<&'a UserSnapshot>>,
    review_records: HashMap<&'a str, Vec<&'a ReviewRecord>>,
    additional_infos: HashMap<&'a str, Vec<&'a AdditionalInfo>>,
    metric_values: HashMap<&'a str, Vec<&'a MetricValue>>,
}

/// Items grouped by a key, each group in the items' order.
fn grouped<'a, T>(items: &'a [T], key: impl Fn(&'a T) -> &'a str) -> HashMap<&'a str, Vec<&'a T>> {
    let mut groups: HashMap<&str, Vec<&T>> = HashMap::new();
    for item in items {
        groups.entry(key(item)).or_default().push(item);
    }
    groups
}

impl<'a> SemesterIndex<'a> {
    fn new(section: &'a Section) -> Self {
        Self {
            stages: grouped(&section.stages, |s| s.semester_id.as_str()),
            tasks: grouped(&section.stage_tasks, |t| t.stage_id.as_str()),
            activities: grouped(&section.activities, |a| a.semester_id.as_str()),
            user_snapshots: grouped(&section.user_snapshots, |u| u.semester_id.as_str()),
            review_records: grouped(&section.review_records, |r| r.semester_id.as_str()),
            additional_infos: grouped(&section.additional_infos, |a| a.semester_id.as_str()),
            metric_values: grouped(&section.metric_values, |v| v.semester_id.as_str()),
        }
    }

    fn of<T>(groups: &HashMap<&str, Vec<&'a T>>, id: &str) -> Vec<&'a T> {
        groups.get(id).cloned().unwrap_or_default()
    }

    fn semester_doc(&self, semester: &Semester) -> SemesterDoc {
        let id = semester.semester_id.as_str();
        let mut stages = Self::of(&self.stages, id);
        stages.sort_by_key(|s| s.position);
        SemesterDoc {
            semester_id: Some(IdText(id.to_owned())),
            name: v1(&semester.name),
            year: Some(semester.year),
            type_group: Some(semester.type_group.clone()),
            semester_type: Some(semester.semester_type.clone()),
            progress: Some(semester.progress.clone()),
            start_time: Instant(semester.start_time),
            end_time: Instant(semester.end_time),
            create_time: Some(Instant(semester.create_time)),
            modify_time: Some(Instant(semester.modify_time)),
            create_user_id: user(semester.create_user_id.as_ref()),
            modify_user_id: user(semester.modify_user_id.as_ref()),
            stages: stages.into_iter().map(|s| self.stage_doc(s)).collect(),
            activities: Self::of(&self.activities, id)
                .into_iter()
                .map(activity_doc)
                .collect(),
            user_infos: Self::of(&self.user_snapshots, id)
                .into_iter()
                .map(user_snapshot_doc)
                .collect(),
            results: Self::of(&self.review_records, id)
                .into_iter()
                .map(review_record_doc)
                .collect(),
            additional_informations: Self::of(&self.additional_infos, id)
                .into_iter()
                .map(|info| AdditionalInfoDoc {
                    item_id: Some(IdText(info.item_id.to_string())),
                    external_id: id_text(info.external_id.as_deref()),
                    reviewee: IdText(info.reviewee_user_id.to_string()),
                    item: info.item.clone(),
                    time: IdText(info.time.clone()),
                    detailed_description: info.detailed_description.clone(),
                })
                .collect(),
            metric_details: metric_detail_docs(&Self::of(&self.metric_values, id)),
        }
    }

    fn stage_doc(&self, stage: &Stage) -> StageDoc {
        StageDoc {
            stage_id: Some(IdText(stage.stage_id.to_string())),
            name: v1(&stage.name),
            deadline: Instant(stage.deadline),
            jump_url: stage.jump_url.clone(),
            paused: stage.paused,
            stage_type: Some(stage.stage_type.clone()),
            review_stage_role: stage.review_stage_role.clone(),
            template_id: id_text(stage.template_id.as_deref()),
            results_open_time: stage.results_open_time.map(Instant),
            tasks: Self::of(&self.tasks, stage.stage_id.as_str())
                .into_iter()
                .map(|t| StageTaskDoc {
                    user_id: IdText(t.user_id.to_string()),
                    need_todo: t.need_todo,
                    finished: t.finished,
                })
                .collect(),
        }
    }
}

/// A semester's metric values as one detail per reviewee and metric (values come sorted by
/// reviewee, metric and field).
fn metric_detail_docs(values: &[&MetricValue]) -> Vec<MetricDetailDoc> {
    let mut details: Vec<MetricDetailDoc> = Vec::new();
    for value in values {
        let field = MetricValueDoc {
            field_id: IdText(value.field_id.to_string()),
            value: id_text(value.value.as_deref()),
            person: user(value.person.as_ref()),
        };
        match details.last_mut() {
            Some(detail)
                if detail.reviewee.0 == value.reviewee_user_id.as_str()
                    && detail.metric_id.0 == value.metric_id.as_str() =>
            {
                detail.fields.push(field);
            }
            _ => details.push(MetricDetailDoc {
                reviewee: IdText(value.reviewee_user_id.to_string()),
                metric_id: IdText(value.metric_id.to_string()),
                fields: vec![field],
            }),
        }
    }
    details
}

fn activity_doc(activity: &Activity) -> ActivityDoc {
    ActivityDoc {
        activity_id: Some(IdText(activity.activity_id.to_string())),
        name: v2(&activity.name),
        description: v2(&activity.description),
        mode: Some(activity.mode.clone()),
        progress: Some(activity.progress.clone()),
        review_template_id: activity
            .review_template_id
            .as_ref()
            .map(|id| IdText(id.to_string())),
        metric_template_id: activity
            .metric_template_id
            .as_ref()
            .map(|id| IdText(id.to_string())),
        create_time: Some(Instant(activity.create_time)),
        modify_time: Some(Instant(activity.modify_time)),
        create_user_id: user(activity.create_user_id.as_ref()),
        modify_user_id: user(activity.modify_user_id.as_ref()),
        user_groups: id_texts(&activity.user_groups),
    }
}

fn user_snapshot_doc(snapshot: &UserSnapshot) -> UserSnapshotDoc {
    let named = |named: &Option<NamedRef>| {
        named.as_ref().map(|named| NamedRefDoc {
            id: IdText(named.id.clone()),
            name: v2(&named.name),
        })
    };
    UserSnapshotDoc {
        user_id: IdText(snapshot.user_id.to_string()),
        department_id: id_text(snapshot.department_id.as_deref()),
        direct_leader_user_id: user(snapshot.direct_leader_user_id.as_ref()),
        job_family: named(&snapshot.job_family),
        job_level: named(&snapshot.job_level),
    }
}

/// A record's values name only their field: the loader takes the unit, indicator and question
/// from the review template's field, as the stored values did when they were loaded.
fn review_record_doc(record: &ReviewRecord) -> ReviewRecordDoc {
    ReviewRecordDoc {
        record_id: Some(IdText(record.record_id.to_string())),
        activity_id: IdText(record.activity_id.to_string()),
        stage_id: IdText(record.stage_id.to_string()),
        reviewee: IdText(record.reviewee_user_id.to_string()),
        reviewer: user(record.reviewer_user_id.as_ref()),
        submit_time: record.submit_time.map(Instant),
        values: record
            .values
            .iter()
            .map(|value| ReviewValueDoc {
                field_id: IdText(value.field_id.clone()),
                option_id: id_text(value.option_id.as_deref()),
                score: id_text(value.score.as_deref()),
                text: value.text.clone(),
                tags: value
                    .tags
                    .iter()
                    .map(|tag| ChosenTagDoc {
                        tag_id: IdText(tag.tag_id.clone()),
                        text: tag.text.clone(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn review_template_doc(template: &ReviewTemplate) -> ReviewTemplateDoc {
    ReviewTemplateDoc {
        review_template_id: Some(IdText(template.review_template_id.to_string())),
        name: v2(&template.name),
        description: v2(&template.description),
        status: Some(template.status.clone()),
        templates: template
            .templates
            .iter()
            .map(|t| StageTemplateDoc {
                template_id: Some(IdText(t.template_id.clone())),
                name: v2(&t.name),
                stage_type: t.stage_type.clone(),
                review_stage_role: t.review_stage_role.clone(),
                review_stage_data_write_mode: t.review_stage_data_write_mode.clone(),
            })
            .collect(),
        units: template
            .units
            .iter()
            .map(|unit| ReviewUnitDoc {
                unit_id: Some(IdText(unit.unit_id.clone())),
                name: v2(&unit.name),
                fields: unit
                    .fields
                    .iter()
                    .map(|field| ReviewFieldDoc {
                        field_id: Some(IdText(field.field_id.clone())),
                        name: v2(&field.name),
                        indicator_id: id_text(field.indicator_id.as_deref()),
                        tag_based_question_id: id_text(field.tag_based_question_id.as_deref()),
                        objective_text_qustion_title: field
                            .objective_text_qustion_title
                            .as_ref()
                            .map(v2),
                        keyresult_text_qustion_title: field
                            .keyresult_text_qustion_title
                            .as_ref()
                            .map(v2),
                        parent_field_id: id_text(field.parent_field_id.as_deref()),
                        kpi_template_id: id_text(field.kpi_template_id.as_deref()),
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn user_group_doc(group: &UserGroup) -> UserGroupDoc {
    UserGroupDoc {
        group_id: IdText(group.group_id.to_string()),
        api_writable: group.api_writable,
        scope_visible_setting: Some(group.scope_visible_setting),
        members: id_texts(&group.members),
    }
}

fn indicator_doc(indicator: &Indicator) -> IndicatorDoc {
    IndicatorDoc {
        indicator_id: Some(IdText(indicator.indicator_id.to_string())),
        name: v2(&indicator.name),
        indicator_type: Some(indicator.indicator_type.clone()),
        options: indicator
            .options
            .iter()
            .map(|option| IndicatorOptionDoc {
                option_id: Some(IdText(option.option_id.clone())),
                name: v2(&option.name),
                label: option.label.clone(),
            })
            .collect(),
    }
}

fn question_doc(question: &Question) -> QuestionDoc {
    QuestionDoc {
        question_id: Some(IdText(question.question_id.to_string())),
        name: v2(&question.name),
        tag_items: question
            .tag_items
            .iter()
            .map(|tag| TagItemDoc {
                tag_id: Some(IdText(tag.tag_id.clone())),
                name: v2(&tag.name),
            })
            .collect(),
    }
}

fn metric_tag_doc(tag: &MetricTag) -> MetricTagDoc {
    MetricTagDoc {
        tag_id: Some(IdText(tag.tag_id.to_string())),
        name: v2(&tag.name),
        index: Some(tag.index),
        create_time: Some(Instant(tag.create_time)),
        update_time: Some(Instant(tag.update_time)),
    }
}

fn metric_doc(metric: &Metric) -> MetricDoc {
    MetricDoc {
        metric_id: Some(IdText(metric.metric_id.to_string())),
        name: metric.name.clone(),
        // The loader stores an absent type_id as empty text.
        type_id: (!metric.type_id.is_empty()).then(|| IdText(metric.type_id.clone())),
        tags: id_texts(&metric.tags),
        fields: metric
            .fields
            .iter()
            .map(|field| MetricFieldSettingDoc {
                field_id: IdText(field.field_id.to_string()),
                input_setting: Some(field.input_setting.clone()),
                value: id_text(field.value.as_deref()),
                person: user(field.person.as_ref()),
            })
            .collect(),
        scoring_setting_type: Some(metric.scoring_setting_type.clone()),
        scoring_formula: metric
            .scoring_formula
            .as_ref()
            .map(|formula| ScoringFormulaDoc {
                formula_id: IdText(formula.formula_id.clone()),
                name: formula.name.clone(),
                details: formula.details.clone(),
            }),
        data_source_inputters: id_texts(&metric.data_source_inputters),
        range_of_availability: Some(metric.range_of_availability.clone()),
        is_active: metric.is_active,
    }
}

fn metric_template_doc(template: &MetricTemplate) -> MetricTemplateDoc {
    MetricTemplateDoc {
        template_id: Some(IdText(template.template_id.to_string())),
        name: v2(&template.name),
        description: v2(&template.description),
        status: Some(template.status.clone()),
        total_metric_score_method: Some(template.total_metric_score_method.clone()),
        metric_weight_method: Some(template.metric_weight_method.clone()),
        dimensions: template
            .dimensions
            .iter()
            .map(|d| MetricDimensionDoc {
                dimension_id: Some(IdText(d.dimension_id.clone())),
                name: v2(&d.name),
                description: v2(&d.description),
                weight: id_text(d.weight.as_deref()),
            })
            .collect(),
        metrics: template
            .metrics
            .iter()
            .map(|m| TemplateMetricDoc {
                metric_id: IdText(m.metric_id.to_string()),
                dimension_id: IdText(m.dimension_id.clone()),
                min: id_text(m.min.as_deref()),
                max: id_text(m.max.as_deref()),
            })
            .collect(),
    }
}

fn user(id: Option<&openwork_platform::ids::UserId>) -> Option<IdText> {
    id_text(id.map(|u| u.as_str()))
}

fn v1(name: &I18n) -> I18nV1Doc {
    I18nV1Doc {
        zh_cn: name.zh_cn.clone(),
        en_us: name.en_us.clone(),
    }
}

fn v2(name: &I18n) -> I18nV2Doc {
    I18nV2Doc {
        zh_cn: name.zh_cn.clone(),
        en_us: name.en_us.clone(),
    }
}
