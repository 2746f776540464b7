//! The report section of a fixture (docs/fixtures.md): whether the tenant has the service, report
//! rules with their forms and audiences, and submitted reports; and the admin API's bodies, in
//! the same vocabulary and checked the same way.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use openwork_platform::Error;
use openwork_platform::clock::Millis;
use openwork_platform::directory::Department;
use openwork_platform::fixture::schema::one_of;
use openwork_platform::fixture::{
    Builder, IdText, Instant, Unique, invalid, join, pin_id, require_non_empty, require_one_of,
};
use openwork_platform::ids::{DepartmentId, ROOT_DEPARTMENT, TenantKey, random_hex32};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::*;

type Checked<T> = Result<T, Error>;

/// What the report section of one tenant holds once checked.
#[derive(Clone, Debug)]
pub struct Section {
    pub settings: ReportSettings,
    pub rules: Vec<ReportRule>,
    pub reports: Vec<Report>,
}

/// Checks a tenant's report keys; `departments` are the tenant's (rules name them).
pub fn build(
    b: &Builder,
    settings: &ReportSettingsDoc,
    rule_docs: &[ReportRuleDoc],
    report_docs: &[ReportDoc],
    departments: &[Department],
) -> Checked<Section> {
    let rules = report_rules(b, rule_docs, departments)?;
    let reports = reports(b, report_docs, &rules)?;
    Ok(Section {
        settings: ReportSettings {
            enabled: settings.enabled,
        },
        rules,
        reports,
    })
}

/// A tenant's report (汇报) switch.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportSettingsDoc {
    /// Whether the tenant has the report service. `false`: every report API answers 1430001.
    /// Default: `true`.
    #[serde(default = "yes")]
    pub enabled: bool,
}

impl Default for ReportSettingsDoc {
    fn default() -> Self {
        Self { enabled: true }
    }
}

fn yes() -> bool {
    true
}

/// A report rule (汇报规则): its form, who reports and who receives the reports.
/// `PUT …/report_rules/{id}` of the admin API takes one too.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportRuleDoc {
    /// The rule's ID, unique in the tenant. Default: derived from the fixture.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"6894419345318182932")]
    pub rule_id: Option<IdText>,
    /// The rule's name, not empty.
    #[schemars(example = &"工作周报")]
    pub name: String,
    /// The rule's icon. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"weekly")]
    pub icon_name: Option<String>,
    /// The `user_id` of the rule's owner. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner_user_id: Option<IdText>,
    /// The `user_id` of who created it. Default: the owner.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub creator_user_id: Option<IdText>,
    /// When the rule was created. Default: the load time on the tenant's clock.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Instant>,
    /// The report's fields, their IDs unique in the rule. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub form: Vec<FormFieldDoc>,
    /// The `user_id`s of who must report. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub need_report_user_ids: Vec<IdText>,
    /// Departments whose members must report, by `department_id` (`"0"` is the root).
    /// Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub need_report_department_ids: Vec<IdText>,
    /// The `user_id`s of who receives the reports. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub to_user_ids: Vec<IdText>,
    /// The `user_id`s of who gets copies. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cc_user_ids: Vec<IdText>,
    /// The `user_id`s of the rule's managers. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub manager_user_ids: Vec<IdText>,
    /// Whether the rule is deleted: a deleted rule shows only with `include_deleted=1`.
    /// Default: `false`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
}

impl ReportRuleDoc {
    /// Every user the rule names.
    pub fn referenced_users(&self) -> Vec<String> {
        let lists = [
            &self.need_report_user_ids,
            &self.to_user_ids,
            &self.cc_user_ids,
            &self.manager_user_ids,
        ];
        [&self.owner_user_id, &self.creator_user_id]
            .into_iter()
            .flatten()
            .chain(lists.into_iter().flatten())
            .map(|id| id.0.clone())
            .collect()
    }
}

/// A field of a report rule's form.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FormFieldDoc {
    /// The field's ID, unique in the rule; reports key their values by it. Default: derived
    /// from the fixture.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"6969506834487394305")]
    pub field_id: Option<IdText>,
    /// The field's name.
    #[schemars(example = &"本周工作")]
    pub name: String,
    /// What the field holds (vendor spelling, `attachement` included).
    #[schemars(transform = one_of(FORM_FIELD_TYPES))]
    #[serde(rename = "type")]
    pub field_type: String,
}

/// A submitted report (汇报任务). `POST …/reports` of the admin API takes one too.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportDoc {
    /// The report's ID, unique in the tenant. Default: derived from the fixture.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(example = &"6969507459119693826")]
    pub task_id: Option<IdText>,
    /// The rule it follows, a `rule_id` of this tenant.
    pub rule_id: IdText,
    /// The `user_id` of who submitted it.
    pub from_user_id: IdText,
    /// When it was submitted.
    pub commit_time: Instant,
    /// The `user_id`s of who receives it. Absent: the rule's `to_user_ids`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_user_ids: Option<Vec<IdText>>,
    /// The answers, keyed by the `field_id`s of the rule's form. Default: none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(example = serde_json::json!({"6969506834487394305": "完成了接口联调", "6969506834487410689": "40"}))]
    pub values: BTreeMap<String, IdText>,
}

impl ReportDoc {
    /// Every user the report names.
    pub fn referenced_users(&self) -> Vec<String> {
        std::iter::once(&self.from_user_id)
            .chain(self.to_user_ids.iter().flatten())
            .map(|id| id.0.clone())
            .collect()
    }
}

fn report_rules(
    b: &Builder,
    docs: &[ReportRuleDoc],
    departments: &[Department],
) -> Checked<Vec<ReportRule>> {
    let known: HashSet<&str> = departments
        .iter()
        .map(|d| d.department_id.as_str())
        .collect();
    let mut ids = Unique::new("rule_id");
    docs.iter()
        .enumerate()
        .map(|(i, doc)| {
            let locator = format!("report_rules[{i}]");
            let rule = report_rule(b, &locator, doc, &known)?;
            ids.claim(&b.path(join(&locator, "rule_id")), rule.rule_id.as_str())?;
            Ok(rule)
        })
        .collect()
}

/// One report rule at `locator`; `departments` are the tenant's department IDs.
pub fn report_rule(
    b: &Builder,
    locator: &str,
    doc: &ReportRuleDoc,
    departments: &HashSet<&str>,
) -> Checked<ReportRule> {
    let at = |key: &str| b.path(join(locator, key));
    let rule_id = b.vendor_id(doc.rule_id.as_ref(), "rule", &join(locator, "rule_id"))?;
    require_non_empty(&at("name"), &doc.name)?;
    let mut field_ids = Unique::new("field_id");
    let form = doc
        .form
        .iter()
        .enumerate()
        .map(|(j, field)| {
            let field_at = |key: &str| at(&format!("form[{j}].{key}"));
            require_one_of(&field_at("type"), &field.field_type, FORM_FIELD_TYPES)?;
            let field_id = b.vendor_id(
                field.field_id.as_ref(),
                "report_form_field",
                &join(locator, &format!("form[{j}].field_id")),
            )?;
            field_ids.claim(&field_at("field_id"), &field_id)?;
            Ok(FormField {
                field_id,
                name: field.name.clone(),
                field_type: field.field_type.clone(),
            })
        })
        .collect::<Checked<Vec<_>>>()?;
    let mut need_report_department_ids = Vec::new();
    for (j, dept) in doc.need_report_department_ids.iter().enumerate() {
        if dept.0 != ROOT_DEPARTMENT && !departments.contains(dept.0.as_str()) {
            return Err(invalid(
                at(&format!("need_report_department_ids[{j}]")),
                format!("unknown department {:?}", dept.0),
            ));
        }
        need_report_department_ids.push(DepartmentId::new(dept.0.clone()));
    }
    let users = |key: &str, ids: &[IdText]| b.user_refs(&join(locator, key), ids);
    Ok(ReportRule {
        rule_id: RuleId::new(rule_id),
        name: doc.name.clone(),
        icon_name: doc.icon_name.clone(),
        owner_user_id: b
            .optional_user_ref(&join(locator, "owner_user_id"), doc.owner_user_id.as_ref())?,
        creator_user_id: b.optional_user_ref(
            &join(locator, "creator_user_id"),
            doc.creator_user_id.as_ref().or(doc.owner_user_id.as_ref()),
        )?,
        created_at: doc.created_at.map_or(b.now(), |t| t.0),
        form,
        need_report_user_ids: users("need_report_user_ids", &doc.need_report_user_ids)?,
        need_report_department_ids,
        to_user_ids: users("to_user_ids", &doc.to_user_ids)?,
        cc_user_ids: users("cc_user_ids", &doc.cc_user_ids)?,
        manager_user_ids: users("manager_user_ids", &doc.manager_user_ids)?,
        deleted: doc.deleted,
    })
}

fn reports(b: &Builder, docs: &[ReportDoc], rules: &[ReportRule]) -> Checked<Vec<Report>> {
    let mut ids = Unique::new("task_id");
    docs.iter()
        .enumerate()
        .map(|(i, doc)| {
            let locator = format!("reports[{i}]");
            let report = report(b, &locator, doc, rules)?;
            ids.claim(&b.path(join(&locator, "task_id")), report.task_id.as_str())?;
            Ok(report)
        })
        .collect()
}

/// One report at `locator`; `rules` must hold its rule.
pub fn report(
    b: &Builder,
    locator: &str,
    doc: &ReportDoc,
    rules: &[ReportRule],
) -> Checked<Report> {
    let at = |key: &str| b.path(join(locator, key));
    let task_id = b.vendor_id(doc.task_id.as_ref(), "report", &join(locator, "task_id"))?;
    let rule = rules
        .iter()
        .find(|rule| rule.rule_id.0 == doc.rule_id.0)
        .ok_or_else(|| {
            invalid(
                at("rule_id"),
                format!("unknown report rule {:?}", doc.rule_id.0),
            )
        })?;
    let mut values = BTreeMap::new();
    for (field_id, value) in &doc.values {
        if !rule.form.iter().any(|f| &f.field_id == field_id) {
            return Err(invalid(
                at(&format!("values.{field_id}")),
                format!("rule {:?} has no form field {field_id:?}", rule.rule_id.0),
            ));
        }
        values.insert(field_id.clone(), value.0.clone());
    }
    Ok(Report {
        task_id: ReportTaskId::new(task_id),
        rule_id: rule.rule_id.clone(),
        from_user_id: b.user_ref(at("from_user_id"), &doc.from_user_id)?,
        commit_time: doc.commit_time.0,
        to_user_ids: match &doc.to_user_ids {
            Some(ids) => b.user_refs(&join(locator, "to_user_ids"), ids)?,
            None => rule.to_user_ids.clone(),
        },
        values,
    })
}

/// A report rule of an admin API body (`PUT …/report_rules/{id}`); `known_departments` are the
/// tenant's departments among those the rule names.
pub fn report_rule_from_body(
    tenant: &TenantKey,
    rule_id: &str,
    mut doc: ReportRuleDoc,
    known_users: BTreeSet<String>,
    known_departments: &HashSet<&str>,
    now: Millis,
) -> Result<ReportRule, Error> {
    pin_id(&mut doc.rule_id, rule_id, "rule_id")?;
    let builder = Builder::for_body(tenant.clone(), format!("rule/{rule_id}/"), now, known_users);
    report_rule(&builder, "", &doc, known_departments)
}

/// A report of an admin API body (`POST …/reports`); `rules` must hold its rule. A report
/// without a `task_id` gets a new one.
pub fn report_from_body(
    tenant: &TenantKey,
    doc: ReportDoc,
    rules: &[ReportRule],
    known_users: BTreeSet<String>,
    now: Millis,
) -> Result<Report, Error> {
    let id_scope = format!("report/{}/", random_hex32());
    let builder = Builder::for_body(tenant.clone(), id_scope, now, known_users);
    report(&builder, "", &doc, rules)
}
