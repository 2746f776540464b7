//! Metric details (指标明细): the values of the key metrics each reviewee of a semester has,
//! imported by `metric_details/import` (or loaded by a fixture) and read by
//! `metric_details/query`.
//!
//! A reviewee's metrics are those of the metric template of the first activity (in ID order)
//! that reviews them and names one; each field of such a metric holds at most one value. The
//! rules an imported metric must follow are checked by [`plan_metric_values`], which fixtures
//! share, so that a fixture can hold exactly what an import could write.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use openwork_platform::ids::UserId;
use openwork_platform::service::{InternalIds, UserRef};

use crate::command::{MetricDetailImport, MetricDetailQuery};
use crate::error::{Error, Result};
use crate::model::*;
use crate::service::{Caller, PerformanceService};
use crate::status::CompletionFilter;

/// VENDOR (inferred): the longest text a metric field takes, in characters.
pub const MAX_METRIC_TEXT_CHARS: usize = 1_000;

/// The metrics a metric template sets, as its reviewees' details hold them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetricSheet {
    pub template_id: MetricTemplateId,
    pub metrics: Vec<SheetMetric>,
}

/// A metric of a template: its library definition, the dimension it is set in, and the type of
/// each of its fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetMetric {
    pub metric: Metric,
    pub dimension: MetricDimension,
    pub fields: Vec<SheetField>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetField {
    pub setting: MetricFieldSetting,
    /// One of [`METRIC_FIELD_TYPES`].
    pub field_type: String,
}

impl MetricSheet {
    /// The template's metrics that the library and its fields define, in template order.
    pub fn new(template: &MetricTemplate, library: &[Metric], fields: &[MetricField]) -> Self {
        let metrics = template
            .metrics
            .iter()
            .filter_map(|set| {
                let metric = library.iter().find(|m| m.metric_id == set.metric_id)?;
                let dimension = template
                    .dimensions
                    .iter()
                    .find(|d| d.dimension_id == set.dimension_id)?;
                let fields = metric
                    .fields
                    .iter()
                    .filter_map(|setting| {
                        let field = fields.iter().find(|f| f.field_id == setting.field_id)?;
                        Some(SheetField {
                            setting: setting.clone(),
                            field_type: field.field_type.clone(),
                        })
                    })
                    .collect();
                Some(SheetMetric {
                    metric: metric.clone(),
                    dimension: dimension.clone(),
                    fields,
                })
            })
            .collect();
        Self {
            template_id: template.template_id.clone(),
            metrics,
        }
    }

    /// The sheets of these templates (a tenant's), by template ID.
    pub fn of_templates(
        templates: &[MetricTemplate],
        library: &[Metric],
        fields: &[MetricField],
    ) -> MetricSheets {
        templates
            .iter()
            .map(|t| {
                let sheet = Self::new(t, library, fields);
                (t.template_id.clone(), Arc::new(sheet))
            })
            .collect()
    }

    fn metric(&self, id: &str) -> Option<&SheetMetric> {
        self.metrics
            .iter()
            .find(|m| m.metric.metric_id.as_str() == id)
    }
}

/// A tenant's metric templates as sheets, by template ID.
pub type MetricSheets = HashMap<MetricTemplateId, Arc<MetricSheet>>;

/// One reviewee's metric in an import or a fixture, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetricEntry {
    pub reviewee: String,
    pub metric_id: String,
    pub fields: Vec<FieldEntry>,
}

/// One field's value, as written: `person` for a `person` field, `value` for the others.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldEntry {
    pub field_id: String,
    pub value: Option<String>,
    pub person: Option<String>,
}

/// The rule of metric data an imported metric breaks. Each has its vendor code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MetricRule {
    /// 1580301: a value the field's type does not take.
    FieldValueInvalid,
    /// 1580302: a field without its value.
    FieldValueRequired,
    /// 1580303: a text longer than [`MAX_METRIC_TEXT_CHARS`].
    FieldValueTooLong,
    /// 1580305: a field the metric does not have.
    FieldNotInMetric,
    /// 1580306: a reviewee who is not a user reviewed in the semester.
    RevieweeNotFound,
    /// 1580307: one reviewee's metric twice in one import.
    MetricRepeated,
    /// 1580308: one field twice in one metric.
    FieldRepeated,
    /// 1580309: the semester has ended.
    AfterDeadline,
    /// 1580311: a field the admin fills in.
    AdminField,
    /// 1580312: a metric the reviewee does not have.
    MetricNotFound,
}

/// Why an entry was refused: the rule, where (the entry's index, and the field's within it)
/// and what, in the caller's terms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub rule: MetricRule,
    pub entry: usize,
    pub field: Option<usize>,
    pub message: String,
}

impl Refusal {
    /// Where the refused value is, below the list named `list`.
    pub fn locate(&self, list: &str) -> String {
        match self.field {
            None => format!("{list}[{}]", self.entry),
            Some(field) => format!("{list}[{}].fields[{field}]", self.entry),
        }
    }
}

/// A reviewee of the semester and the metrics their template sets (none without a template).
#[derive(Clone, Debug)]
pub struct RevieweeSheet {
    pub user: UserId,
    pub sheet: Option<Arc<MetricSheet>>,
}

/// Checks every entry and answers the values they write, or the first entry (in order) that
/// breaks a rule. `reviewees` holds the entries' reviewees (as written) who are reviewed in the
/// semester; `people` the users the `person` values name (as written).
pub fn plan_metric_values(
    semester: &SemesterId,
    entries: &[MetricEntry],
    reviewees: &HashMap<String, RevieweeSheet>,
    people: &InternalIds,
    import_record_id: Option<&str>,
) -> Result<Vec<MetricValue>, Refusal> {
    let mut seen_metrics = HashSet::new();
    let mut values = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        let refuse = |rule, field, message: String| Refusal {
            rule,
            entry: index,
            field,
            message,
        };
        let Some(reviewee) = reviewees.get(&entry.reviewee) else {
            return Err(refuse(
                MetricRule::RevieweeNotFound,
                None,
                format!(
                    "reviewee_user_id {:?} is not a user reviewed in this semester",
                    entry.reviewee
                ),
            ));
        };
        let Some(metric) = reviewee
            .sheet
            .as_ref()
            .and_then(|sheet| sheet.metric(&entry.metric_id))
        else {
            return Err(refuse(
                MetricRule::MetricNotFound,
                None,
                format!(
                    "reviewee {:?} has no metric {:?}: their metrics are those of the metric \
                     template of the activity that reviews them",
                    entry.reviewee, entry.metric_id
                ),
            ));
        };
        if !seen_metrics.insert((reviewee.user.clone(), entry.metric_id.as_str())) {
            return Err(refuse(
                MetricRule::MetricRepeated,
                None,
                format!(
                    "metric {:?} of reviewee {:?} appears more than once in this import",
                    entry.metric_id, entry.reviewee
                ),
            ));
        }
        let mut seen_fields = HashSet::new();
        for (at, field) in entry.fields.iter().enumerate() {
            let refuse = |rule, message| refuse(rule, Some(at), message);
            let Some(sheet_field) = metric
                .fields
                .iter()
                .find(|f| f.setting.field_id.as_str() == field.field_id)
            else {
                return Err(refuse(
                    MetricRule::FieldNotInMetric,
                    format!(
                        "metric {:?} has no field {:?}",
                        entry.metric_id, field.field_id
                    ),
                ));
            };
            if !seen_fields.insert(field.field_id.as_str()) {
                return Err(refuse(
                    MetricRule::FieldRepeated,
                    format!(
                        "field {:?} appears more than once in this metric",
                        field.field_id
                    ),
                ));
            }
            if sheet_field.setting.input_setting == "admin" {
                return Err(refuse(
                    MetricRule::AdminField,
                    format!(
                        "field {:?} of metric {:?} is filled in by the admin; an import may \
                         only write fields of data-source inputters and reviewees",
                        field.field_id, entry.metric_id
                    ),
                ));
            }
            let (value, person) = field_value(&sheet_field.field_type, field, people)
                .map_err(|(rule, m)| refuse(rule, m))?;
            values.push(MetricValue {
                semester_id: semester.clone(),
                reviewee_user_id: reviewee.user.clone(),
                metric_id: metric.metric.metric_id.clone(),
                field_id: sheet_field.setting.field_id.clone(),
                value,
                person,
                import_record_id: import_record_id.map(str::to_owned),
            });
        }
    }
    Ok(values)
}

/// The value a field of `field_type` takes from `entry`: a decimal number for `number` and
/// `pencentage` (in percent, without the sign), a user for `person`, any text up to
/// [`MAX_METRIC_TEXT_CHARS`] for `text`.
fn field_value(
    field_type: &str,
    entry: &FieldEntry,
    people: &InternalIds,
) -> Result<(Option<String>, Option<UserId>), (MetricRule, String)> {
    if field_type == "person" {
        let Some(written) = entry.person.as_deref().filter(|p| !p.is_empty()) else {
            return Err((
                MetricRule::FieldValueRequired,
                format!(
                    "field {:?} is a person field: give the user in field_value_person",
                    entry.field_id
                ),
            ));
        };
        return match people.get(written) {
            Some(user) => Ok((None, Some(user.clone()))),
            None => Err((
                MetricRule::FieldValueInvalid,
                format!("field_value_person {written:?} is not a user of this tenant"),
            )),
        };
    }
    let Some(value) = entry.value.as_deref().filter(|v| !v.trim().is_empty()) else {
        return Err((
            MetricRule::FieldValueRequired,
            format!("field {:?} has no field_value", entry.field_id),
        ));
    };
    match field_type {
        "number" | "pencentage" if !is_decimal(value) => Err((
            MetricRule::FieldValueInvalid,
            format!(
                "field {:?} takes a decimal number (like 95 or -1.5, a percentage without \
                 its % sign), not {value:?}",
                entry.field_id
            ),
        )),
        "text" if value.chars().count() > MAX_METRIC_TEXT_CHARS => Err((
            MetricRule::FieldValueTooLong,
            format!(
                "field {:?} takes at most {MAX_METRIC_TEXT_CHARS} characters, {} given",
                entry.field_id,
                value.chars().count()
            ),
        )),
        _ => Ok((Some(value.to_owned()), None)),
    }
}

/// An optional minus sign, digits, and optionally a point and more digits.
fn is_decimal(text: &str) -> bool {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, "0"));
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && digits(fraction)
}

/// One reviewee's metrics as `metric_details/query` reports them: those of its sheet, each
/// field with the library's value, replaced by the one imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevieweeMetrics {
    pub reviewee: UserRef,
    /// Shared by every reviewee of its template (an answer names 50 reviewees).
    pub sheet: Arc<MetricSheet>,
    /// `values[m][f]`: the value of field `f` of the sheet's metric `m`.
    pub values: Vec<Vec<FieldValue>>,
    /// The semester's metric stages, each with the reviewee's status in it.
    pub stage_statuses: Vec<(Arc<Stage>, i64)>,
}

/// A metric field's value, if it has one: text, or a person for a `person` field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldValue {
    pub value: Option<String>,
    pub person: Option<UserRef>,
}

/// `metric_details/query`'s answer: the reviewees with metrics, in the order listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetricDetails {
    pub semester_id: SemesterId,
    pub reviewees: Vec<RevieweeMetrics>,
}

impl PerformanceService {
    /// The reviewees among `users` in the semester, each with the metric sheet of the first
    /// activity (by ID) that reviews them and names a metric template.
    async fn reviewee_sheets(
        &self,
        caller: &Caller,
        semester: &SemesterId,
        users: &[UserId],
    ) -> Result<Vec<RevieweeSheet>> {
        let access = &caller.access;
        let tenant = access.tenant_key();
        let index = self
            .catalog
            .semester_reviewees(access.snapshot(), tenant, semester)
            .await?;
        let reviewees = index.page(None, Some(users), None, users.len());
        let template_of: HashMap<&ActivityId, &MetricTemplateId> = index
            .activities()
            .iter()
            .filter_map(|a| Some((&a.activity_id, a.metric_template_id.as_ref()?)))
            .collect();
        let sheets = self
            .catalog
            .metric_sheets(access.snapshot(), tenant)
            .await?;
        Ok(reviewees
            .into_iter()
            .map(|reviewee| {
                let sheet = reviewee
                    .activities
                    .iter()
                    .find_map(|a| template_of.get(a))
                    .and_then(|t| sheets.get(*t).cloned());
                RevieweeSheet {
                    user: reviewee.user_id,
                    sheet,
                }
            })
            .collect())
    }

    /// `performance.v2.metric_detail.import`: checks every metric, then writes all of them
    /// with their import record in one transaction, once per client token.
    pub async fn import_metric_details(
        &self,
        caller: &Caller,
        import: MetricDetailImport,
    ) -> Result<String> {
        let access = &caller.access;
        let tenant = access.tenant_key();
        let semester = self
            .semester_named(caller, &import.semester_id, Error::UnknownSemester)
            .await?;
        let now = self.platform.tenant_now(access.tenant());
        if semester.end_time < now {
            return Err(Error::MetricRefused {
                rule: MetricRule::AfterDeadline,
                at: "semester_id".to_owned(),
                message: format!(
                    "semester {} has ended (on the tenant's clock); its metric data can no \
                     longer be imported",
                    semester.semester_id
                ),
            });
        }
        let written: Vec<String> = import
            .entries
            .iter()
            .flat_map(|e| {
                std::iter::once(e.reviewee.clone())
                    .chain(e.fields.iter().filter_map(|f| f.person.clone()))
            })
            .collect();
        let known = self
            .platform
            .internal_user_ids(&caller.ids, &written)
            .await?;
        let listed: Vec<UserId> = import
            .entries
            .iter()
            .filter_map(|e| known.get(&e.reviewee).cloned())
            .collect();
        let sheets: HashMap<UserId, RevieweeSheet> = self
            .reviewee_sheets(caller, &semester.semester_id, &listed)
            .await?
            .into_iter()
            .map(|r| (r.user.clone(), r))
            .collect();
        let reviewees: HashMap<String, RevieweeSheet> = import
            .entries
            .iter()
            .filter_map(|e| {
                let sheet = sheets.get(known.get(&e.reviewee)?)?;
                Some((e.reviewee.clone(), sheet.clone()))
            })
            .collect();
        let record = self.import_record(
            caller,
            IMPORT_METRIC_DETAIL,
            &import.client_token,
            &import.record_name,
            &semester.semester_id,
        );
        let values = plan_metric_values(
            &semester.semester_id,
            &import.entries,
            &reviewees,
            &known,
            Some(&record.import_record_id),
        )
        .map_err(|refusal| Error::MetricRefused {
            rule: refusal.rule,
            at: refusal.locate("imported_metrics"),
            message: refusal.message,
        })?;
        if !self
            .store
            .import_metric_values(tenant, &record, &values)
            .await?
        {
            return Err(Error::RequestRepeated(import.client_token));
        }
        Ok(record.import_record_id)
    }

    /// `performance.v2.metric_detail.query`: every metric of the listed reviewees of the
    /// semester (others left out), in the order listed and then template order.
    pub async fn query_metric_details(
        &self,
        caller: &Caller,
        query: MetricDetailQuery,
    ) -> Result<MetricDetails> {
        let access = &caller.access;
        let tenant = access.tenant_key();
        let semester = self
            .catalog
            .semester(access.snapshot(), tenant, &query.semester_id)
            .await?
            .ok_or_else(|| Error::UnknownSemester(query.semester_id.to_string()))?;
        let semester_id = &semester.semester.semester_id;
        let listed = self
            .listed_users(caller, &query.reviewees, "reviewee_user_ids")
            .await?;
        let mut sheets: HashMap<UserId, Arc<MetricSheet>> = self
            .reviewee_sheets(caller, semester_id, &listed)
            .await?
            .into_iter()
            .filter_map(|r| Some((r.user, r.sheet?)))
            .collect();
        // The reviewees with metrics, in the order listed.
        let with_metrics: Vec<(UserId, Arc<MetricSheet>)> = listed
            .into_iter()
            .filter_map(|user| {
                let sheet = sheets.remove(&user)?;
                Some((user, sheet))
            })
            .collect();
        let users: Vec<UserId> = with_metrics.iter().map(|(u, _)| u.clone()).collect();
        let stored = self
            .catalog
            .semester_metric_values(access.snapshot(), tenant, semester_id)
            .await?;
        let metric_stages: Vec<&Arc<Stage>> = semester
            .stages
            .iter()
            .filter(|s| s.stage_type == METRIC_STAGE_TYPE)
            .collect();
        let selection: Vec<(StageId, CompletionFilter)> = metric_stages
            .iter()
            .map(|s| (s.stage_id.clone(), CompletionFilter::Any))
            .collect();
        let tasks = if selection.is_empty() || users.is_empty() {
            Vec::new()
        } else {
            self.catalog
                .semester_tasks(access.snapshot(), tenant, semester_id)
                .await?
                .of_users(&selection, &users)
        };
        let people: Vec<UserId> = users
            .iter()
            .cloned()
            .chain(
                users
                    .iter()
                    .flat_map(|user| stored.of(user).iter())
                    .filter_map(|v| v.person.clone()),
            )
            .chain(with_metrics.iter().flat_map(|(_, sheet)| {
                sheet
                    .metrics
                    .iter()
                    .flat_map(|m| m.fields.iter().filter_map(|f| f.setting.person.clone()))
            }))
            .collect();
        let refs = self.platform.user_refs(&caller.ids, &people).await?;
        let mut reviewees = Vec::with_capacity(with_metrics.len());
        for (user, sheet) in with_metrics {
            let Some(reviewee) = refs.get(&user) else {
                continue;
            };
            // VENDOR (inferred): 1 once the reviewee's to-dos in the stage are done, else 0.
            let stage_statuses: Vec<(Arc<Stage>, i64)> = metric_stages
                .iter()
                .map(|stage| {
                    let done = tasks
                        .iter()
                        .find(|t| t.stage_id == stage.stage_id && t.user_id == user)
                        .is_some_and(StageTask::is_complete);
                    (Arc::clone(stage), i64::from(done))
                })
                .collect();
            let imported = stored.of(&user);
            let values = sheet
                .metrics
                .iter()
                .map(|metric| {
                    metric
                        .fields
                        .iter()
                        .map(|field| {
                            let imported =
                                imported.field(&metric.metric.metric_id, &field.setting.field_id);
                            let (value, person) = match imported {
                                Some(v) => (&v.value, &v.person),
                                None => (&field.setting.value, &field.setting.person),
                            };
                            FieldValue {
                                value: value.clone(),
                                person: person.as_ref().and_then(|p| refs.get(p).cloned()),
                            }
                        })
                        .collect()
                })
                .collect();
            reviewees.push(RevieweeMetrics {
                reviewee: reviewee.clone(),
                sheet,
                values,
                stage_statuses,
            });
        }
        Ok(MetricDetails {
            semester_id: semester_id.clone(),
            reviewees,
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A template of one metric with a field of each type.
    pub(crate) fn sheet() -> MetricSheet {
        let setting = |id: &str, input: &str| MetricFieldSetting {
            field_id: MetricFieldId::new(id),
            input_setting: input.to_owned(),
            value: None,
            person: None,
        };
        let field = |id: &str, ty: &str| MetricField {
            field_id: MetricFieldId::new(id),
            name: I18n::default(),
            field_type: ty.to_owned(),
        };
        let metric = Metric {
            metric_id: MetricId::new("m1"),
            name: "Revenue".to_owned(),
            type_id: String::new(),
            tags: Vec::new(),
            fields: vec![
                setting("target", "admin"),
                setting("actual", "data_source_inputter"),
                setting("rate", "data_source_inputter"),
                setting("rater", "reviewee"),
                setting("note", "reviewee"),
            ],
            scoring_setting_type: "score_manually".to_owned(),
            scoring_formula: None,
            data_source_inputters: Vec::new(),
            range_of_availability: "admins_and_reviewees".to_owned(),
            is_active: true,
        };
        let template = MetricTemplate {
            template_id: MetricTemplateId::new("t1"),
            name: I18n::default(),
            description: I18n::default(),
            status: "enabled".to_owned(),
            total_metric_score_method: "weight".to_owned(),
            metric_weight_method: METRIC_WEIGHT_METHODS[0].to_owned(),
            dimensions: vec![MetricDimension {
                dimension_id: "d1".to_owned(),
                name: I18n::default(),
                description: I18n::default(),
                weight: None,
            }],
            metrics: vec![TemplateMetric {
                metric_id: MetricId::new("m1"),
                dimension_id: "d1".to_owned(),
                min: None,
                max: None,
            }],
        };
        let fields = [
            field("target", "number"),
            field("actual", "number"),
            field("rate", "pencentage"),
            field("rater", "person"),
            field("note", "text"),
        ];
        MetricSheet::new(&template, &[metric], &fields)
    }

    fn plan(entries: &[MetricEntry]) -> Result<Vec<MetricValue>, Refusal> {
        let reviewees = HashMap::from([(
            "alice".to_owned(),
            RevieweeSheet {
                user: UserId::new("u-alice"),
                sheet: Some(Arc::new(sheet())),
            },
        )]);
        let people = InternalIds::from_iter([("bob".to_owned(), UserId::new("u-bob"))]);
        plan_metric_values(
            &SemesterId::new("s1"),
            entries,
            &reviewees,
            &people,
            Some("r1"),
        )
    }

    fn entry(
        reviewee: &str,
        metric: &str,
        fields: &[(&str, Option<&str>, Option<&str>)],
    ) -> MetricEntry {
        MetricEntry {
            reviewee: reviewee.to_owned(),
            metric_id: metric.to_owned(),
            fields: fields
                .iter()
                .map(|(id, value, person)| FieldEntry {
                    field_id: (*id).to_owned(),
                    value: value.map(str::to_owned),
                    person: person.map(str::to_owned),
                })
                .collect(),
        }
    }

    fn refused(entries: &[MetricEntry]) -> (MetricRule, String) {
        let refusal = plan(entries).expect_err("refused");
        (refusal.rule, refusal.locate("imported_metrics"))
    }

    #[test]
    fn every_kind_of_value_is_written() {
        let values = plan(&[entry(
            "alice",
            "m1",
            &[
                ("actual", Some("870000.5"), None),
                ("rate", Some("-12"), None),
                ("rater", None, Some("bob")),
                ("note", Some("on track"), None),
            ],
        )])
        .unwrap();
        let written: Vec<(&str, Option<&str>, Option<&str>)> = values
            .iter()
            .map(|v| {
                (
                    v.field_id.as_str(),
                    v.value.as_deref(),
                    v.person.as_ref().map(UserId::as_str),
                )
            })
            .collect();
        assert_eq!(
            written,
            [
                ("actual", Some("870000.5"), None),
                ("rate", Some("-12"), None),
                ("rater", None, Some("u-bob")),
                ("note", Some("on track"), None),
            ]
        );
        assert!(
            values
                .iter()
                .all(|v| v.reviewee_user_id.as_str() == "u-alice"
                    && v.import_record_id.as_deref() == Some("r1"))
        );
    }

    #[test]
    fn each_rule_has_its_refusal_at_the_breaking_value() {
        let cases = [
            (
                entry("carol", "m1", &[]),
                MetricRule::RevieweeNotFound,
                "imported_metrics[0]",
            ),
            (
                entry("alice", "m9", &[]),
                MetricRule::MetricNotFound,
                "imported_metrics[0]",
            ),
            (
                entry("alice", "m1", &[("nope", Some("1"), None)]),
                MetricRule::FieldNotInMetric,
                "imported_metrics[0].fields[0]",
            ),
            (
                entry(
                    "alice",
                    "m1",
                    &[("actual", Some("1"), None), ("actual", Some("2"), None)],
                ),
                MetricRule::FieldRepeated,
                "imported_metrics[0].fields[1]",
            ),
            (
                entry("alice", "m1", &[("target", Some("1"), None)]),
                MetricRule::AdminField,
                "imported_metrics[0].fields[0]",
            ),
            (
                entry("alice", "m1", &[("actual", Some("85%"), None)]),
                MetricRule::FieldValueInvalid,
                "imported_metrics[0].fields[0]",
            ),
            (
                entry("alice", "m1", &[("rate", Some("1e3"), None)]),
                MetricRule::FieldValueInvalid,
                "imported_metrics[0].fields[0]",
            ),
            (
                entry("alice", "m1", &[("actual", Some(" "), None)]),
                MetricRule::FieldValueRequired,
                "imported_metrics[0].fields[0]",
            ),
            (
                entry("alice", "m1", &[("rater", Some("bob"), None)]),
                MetricRule::FieldValueRequired,
                "imported_metrics[0].fields[0]",
            ),
            (
                entry("alice", "m1", &[("rater", None, Some("nobody"))]),
                MetricRule::FieldValueInvalid,
                "imported_metrics[0].fields[0]",
            ),
        ];
        for (case, rule, at) in cases {
            assert_eq!(
                refused(std::slice::from_ref(&case)),
                (rule, at.to_owned()),
                "{case:?}"
            );
        }
        let long = "字".repeat(MAX_METRIC_TEXT_CHARS + 1);
        assert_eq!(
            refused(&[entry("alice", "m1", &[("note", Some(&long), None)])]).0,
            MetricRule::FieldValueTooLong
        );
        let at_limit = "字".repeat(MAX_METRIC_TEXT_CHARS);
        assert!(plan(&[entry("alice", "m1", &[("note", Some(&at_limit), None)])]).is_ok());
    }

    #[test]
    fn one_reviewee_metric_twice_is_refused_at_the_second() {
        let once = entry("alice", "m1", &[("actual", Some("1"), None)]);
        assert_eq!(
            refused(&[once.clone(), once]),
            (MetricRule::MetricRepeated, "imported_metrics[1]".to_owned())
        );
    }

    #[test]
    fn decimals_are_plain_numbers() {
        for good in ["0", "-1", "12.50", "007"] {
            assert!(is_decimal(good), "{good}");
        }
        for bad in [
            "", "-", "1.", ".5", "1e3", "NaN", "inf", "+1", "1,000", "85%",
        ] {
            assert!(!is_decimal(bad), "{bad}");
        }
    }
}
