//! Performance-review data (绩效): semesters, their stages, per-user stage tasks, and v2 review
//! templates.

use openwork_platform::clock::Millis;
use openwork_platform::db::{Cell, Columns, Nullable, ReadRow};
use openwork_platform::error::StoreResult;
use openwork_platform::ids::UserId;
use openwork_platform::string_id;

string_id!(
    /// A performance semester (绩效周期) id.
    SemesterId
);
string_id!(
    /// A semester stage (环节) id.
    StageId
);
string_id!(
    /// A performance v2 review template id.
    ReviewTemplateId
);

/// A tenant's performance settings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PerformanceSettings {
    /// `false`: every performance API answers "tenant no licnese".
    pub licensed: bool,
    /// `false`: unfinished stages past their deadline are `overdue`.
    pub allow_late_submission: bool,
}

/// A display name in Chinese and English. v1 APIs write it with both `zh-CN`/`en-US` and
/// `zh_cn`/`en_us` keys, v2 APIs with `zh_cn`/`en_us` (docs/semantics.md).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct I18n {
    pub zh_cn: String,
    pub en_us: String,
}

/// Values the vendor accepts for a semester's `type_group`.
pub const SEMESTER_TYPE_GROUPS: &[&str] = &[
    "Annual",
    "Semi-annual",
    "Quarter",
    "Bimonth",
    "Month",
    "Non-standard",
];

/// Values the vendor accepts for a semester's `type`.
pub const SEMESTER_TYPES: &[&str] = &[
    "Annual",
    "H1",
    "H2",
    "Q1",
    "Q2",
    "Q3",
    "Q4",
    "January-February",
    "March-April",
    "May-June",
    "July-August",
    "September-October",
    "November-December",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Custom",
];

/// Values of a semester's `progress`.
pub const SEMESTER_PROGRESSES: &[&str] = &["initiating", "enabled"];

/// A performance review cycle (绩效周期).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Semester {
    pub semester_id: SemesterId,
    pub name: I18n,
    pub year: i32,
    pub type_group: String,
    pub semester_type: String,
    pub progress: String,
    pub start_time: Millis,
    pub end_time: Millis,
    pub create_time: Millis,
    pub modify_time: Millis,
    pub create_user_id: Option<UserId>,
    pub modify_user_id: Option<UserId>,
}

/// A semester with its stages in declaration order (shared with the requests that read them).
#[derive(Debug)]
pub struct SemesterStages {
    pub semester: Semester,
    pub stages: Vec<std::sync::Arc<Stage>>,
}

/// A stage (环节) of a semester; users with to-dos in it have a [`StageTask`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stage {
    pub stage_id: StageId,
    pub semester_id: SemesterId,
    pub name: I18n,
    pub deadline: Millis,
    pub jump_url: Option<String>,
    pub paused: bool,
    /// Declaration order within the semester.
    pub position: i64,
    /// One of [`SEMESTER_STAGE_TYPES`].
    pub stage_type: String,
    /// Who fills a `review` stage in (one of [`REVIEW_STAGE_ROLES`]).
    pub review_stage_role: Option<String>,
    /// The stage template of the activity's review template this stage follows.
    pub template_id: Option<String>,
    /// When the stage's results open (结果开通): its review records are visible through the
    /// review-data APIs from then on, on the tenant's clock.
    pub results_open_time: Option<Millis>,
    /// Whether subscribers were told that the results are open
    /// (`performance.stage_task.open_result_v2`): set with the announcement, in its
    /// transaction, and cleared when the results close again, so that each opening is announced
    /// once. A fixture load sets it for results already open: a load declares a world, it does
    /// not change one.
    pub results_announced: bool,
}

impl Stage {
    /// Whether the stage's results are open at `now`.
    pub fn results_open(&self, now: Millis) -> bool {
        self.results_open_time.is_some_and(|open| open <= now)
    }
}

/// Values of a semester stage's `stage_type`: a stage template's types, and the final review
/// (终评) whose results `review_datas/query` reports.
pub const SEMESTER_STAGE_TYPES: &[&str] = &[
    "summarize_key_outputs",
    "review",
    "communication_and_open_result",
    "view_result",
    "calibration",
    "reconsideration",
    "leader_review",
    METRIC_STAGE_TYPE,
];

/// The stage type of a semester's key-metric stage (指标制定), whose per-reviewee status
/// `metric_details/query` reports.
pub const METRIC_STAGE_TYPE: &str = "kpi_metric_setting";

/// One user's to-dos in one stage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageTask {
    pub semester_id: SemesterId,
    pub stage_id: StageId,
    pub user_id: UserId,
    pub need_todo: i64,
    pub finished: i64,
}

impl StageTask {
    /// Every to-do is done. A semester's task index selects complete and incomplete tasks by the
    /// same comparison (`finished >= need_todo`).
    pub fn is_complete(&self) -> bool {
        self.finished >= self.need_todo
    }
}

/// Values of a review template's `status`.
pub const REVIEW_TEMPLATE_STATUSES: &[&str] = &[
    "to_be_configured",
    "to_be_enabled",
    "enabled",
    "disabled",
    "deleted",
];

/// Values of a stage template's `stage_type`.
pub const STAGE_TYPES: &[&str] = &[
    "summarize_key_outputs",
    "review",
    "communication_and_open_result",
    "view_result",
    "calibration",
    "reconsideration",
];

/// Values of a stage template's `review_stage_role`.
pub const REVIEW_STAGE_ROLES: &[&str] = &[
    "reviewee",
    "invited_reviewer",
    "solid_line_leader",
    "dotted_line_leader",
    "secondary_solid_line_leader",
    "direct_project_leader",
    "custom_review_role",
];

/// A performance v2 review template (绩效模板) with its stage templates and review units. The
/// nested parts are an aggregate: stored and replaced as a whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewTemplate {
    pub review_template_id: ReviewTemplateId,
    pub name: I18n,
    pub description: I18n,
    pub status: String,
    pub templates: Vec<StageTemplate>,
    pub units: Vec<ReviewUnit>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageTemplate {
    pub template_id: String,
    pub name: I18n,
    pub stage_type: String,
    pub review_stage_role: Option<String>,
    pub review_stage_data_write_mode: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewUnit {
    pub unit_id: String,
    pub name: I18n,
    pub fields: Vec<ReviewField>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewField {
    pub field_id: String,
    pub name: I18n,
    pub indicator_id: Option<String>,
    pub tag_based_question_id: Option<String>,
    pub objective_text_qustion_title: Option<I18n>,
    pub keyresult_text_qustion_title: Option<I18n>,
    pub parent_field_id: Option<String>,
    pub kpi_template_id: Option<String>,
}

/// A display name: `<prefix>_zh`, `<prefix>_en`.
impl Columns for I18n {
    fn put(&self, out: &mut Vec<Cell>) {
        self.zh_cn.put(out);
        self.en_us.put(out);
    }
    fn read(row: &ReadRow<'_>, columns: &[&str]) -> StoreResult<Self> {
        Ok(Self {
            zh_cn: String::read(row, &columns[..1])?,
            en_us: String::read(row, &columns[1..])?,
        })
    }
}

/// An optional display name: both columns NULL when absent.
impl Nullable for I18n {
    fn put_null(out: &mut Vec<Cell>) {
        String::put_null(out);
        String::put_null(out);
    }
    fn read_nullable(row: &ReadRow<'_>, columns: &[&str]) -> StoreResult<Option<Self>> {
        let zh_cn: Option<String> = Option::read(row, &columns[..1])?;
        let en_us: Option<String> = Option::read(row, &columns[1..])?;
        Ok(zh_cn.zip(en_us).map(|(zh_cn, en_us)| I18n { zh_cn, en_us }))
    }
}

string_id!(
    /// A performance activity (项目) id.
    ActivityId
);
string_id!(
    /// An evaluation indicator (评估项) id.
    IndicatorId
);
string_id!(
    /// A tag-based question (标签填写题) id.
    QuestionId
);
string_id!(
    /// A user group (人员组) id: the people an activity reviews.
    UserGroupId
);

/// Values of an activity's `mode`.
pub const ACTIVITY_MODES: &[&str] = &[
    "metric_development",
    "performance_review",
    "metric_development_and_performance_review",
];

/// Values of an activity's `progress`.
pub const ACTIVITY_PROGRESSES: &[&str] = &[
    "configurable",
    "unable",
    "initiating",
    "enabled",
    "finished",
];

/// An activity (项目) of a semester: who it reviews (the members of its user groups) and with
/// which review template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Activity {
    pub activity_id: ActivityId,
    pub semester_id: SemesterId,
    pub name: I18n,
    pub description: I18n,
    pub mode: String,
    pub progress: String,
    pub review_template_id: Option<ReviewTemplateId>,
    /// The metric template its reviewees' key metrics (关键指标) follow.
    pub metric_template_id: Option<MetricTemplateId>,
    pub create_time: Millis,
    pub modify_time: Millis,
    pub create_user_id: Option<UserId>,
    pub modify_user_id: Option<UserId>,
    /// The user groups whose members the activity reviews.
    pub user_groups: Vec<UserGroupId>,
}

impl Activity {
    /// An enabled review activity of semester `s` reviewing these groups (for tests).
    #[cfg(test)]
    pub(crate) fn enabled(id: &str, groups: &[&str]) -> Self {
        Self {
            activity_id: ActivityId::from(id),
            semester_id: SemesterId::from("s"),
            name: I18n::default(),
            description: I18n::default(),
            mode: "performance_review".into(),
            progress: "enabled".into(),
            review_template_id: None,
            metric_template_id: None,
            create_time: Millis(0),
            modify_time: Millis(0),
            create_user_id: None,
            modify_user_id: None,
            user_groups: groups.iter().map(|g| UserGroupId::from(*g)).collect(),
        }
    }

    /// Whether the activity has started, so that its reviewees have a profile page. VENDOR: the
    /// `reviewprofile_url` is empty while the activity is not started.
    pub fn has_started(&self) -> bool {
        matches!(self.progress.as_str(), "enabled" | "finished")
    }
}

/// A user group (人员组): the people one or more activities review.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserGroup {
    pub group_id: UserGroupId,
    /// Whether `user_group_user_rels/write` may replace its members (the admin console's
    /// "API 自动写入人员名单" setting); false answers 1580401.
    pub api_writable: bool,
    /// Who may see the member list: 0 anyone, 1 not the back-end admins.
    pub scope_visible_setting: i64,
    /// In the order they were written.
    pub members: Vec<UserId>,
}

/// Values of `scope_visible_setting`.
pub const SCOPE_VISIBLE_SETTINGS: std::ops::RangeInclusive<i64> = 0..=1;

/// Values of an indicator's `type`.
pub const INDICATOR_TYPES: &[&str] = &[
    "general_review_item",
    "review_item_based_on_key_metric",
    "okr_review_item",
    "plus",
    "minus",
];

/// An evaluation indicator (评估项) with its rating levels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Indicator {
    pub indicator_id: IndicatorId,
    pub name: I18n,
    pub indicator_type: String,
    pub options: Vec<IndicatorOption>,
}

/// A rating level of an indicator (`S`, `A`, …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndicatorOption {
    pub option_id: String,
    pub name: I18n,
    pub label: String,
}

/// A tag-based question (标签填写题) with its tags.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    pub question_id: QuestionId,
    pub name: I18n,
    pub tag_items: Vec<TagItem>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagItem {
    pub tag_id: String,
    pub name: I18n,
}

string_id!(
    /// A review record (评估记录) id.
    RecordId
);

/// One reviewee's facts as of a semester's evaluation (`user_info/query`): what the fixture
/// recorded; a missing department or leader is read from the directory instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserSnapshot {
    pub semester_id: SemesterId,
    pub user_id: UserId,
    pub department_id: Option<String>,
    pub direct_leader_user_id: Option<UserId>,
    pub job_family: Option<NamedRef>,
    pub job_level: Option<NamedRef>,
}

/// An ID with a display name (a job family, a job level).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamedRef {
    pub id: String,
    pub name: I18n,
}

/// A reviewer's answers to one reviewee's review in one stage (评估记录).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewRecord {
    pub record_id: RecordId,
    pub semester_id: SemesterId,
    pub activity_id: ActivityId,
    pub stage_id: StageId,
    pub reviewee_user_id: UserId,
    /// `None`: anonymous (a 360° review anonymous to every viewer).
    pub reviewer_user_id: Option<UserId>,
    /// `None`: not submitted yet.
    pub submit_time: Option<Millis>,
    pub values: Vec<ReviewValue>,
}

/// The answer to one field of the review template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewValue {
    pub unit_id: String,
    pub field_id: String,
    pub indicator_id: Option<IndicatorId>,
    /// A rating level of the indicator.
    pub option_id: Option<String>,
    pub score: Option<String>,
    pub text: Option<String>,
    pub tag_based_question_id: Option<QuestionId>,
    /// Tags of the question chosen, each with its text.
    pub tags: Vec<ChosenTag>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChosenTag {
    pub tag_id: String,
    pub text: String,
}

/// How far a reviewer is with a record of `stage`, submitted at `submit_time` if it was
/// (`progress`, `stage_progresses`). VENDOR: for
/// `view_result` 0 is "opened" and 3 "confirmed"; for every other type 0 is "not started",
/// 1 "to do", 2 "past its deadline", 3 "done".
pub fn record_progress(
    stage: &Stage,
    submit_time: Option<Millis>,
    semester_start: Millis,
    now: Millis,
) -> i64 {
    if submit_time.is_some() {
        return 3;
    }
    if stage.stage_type == "view_result" {
        return 0;
    }
    if now < semester_start {
        0
    } else if now > stage.deadline {
        2
    } else {
        1
    }
}

/// A named reference: `<prefix>_id`, `<prefix>_zh`, `<prefix>_en`.
impl Columns for NamedRef {
    fn put(&self, out: &mut Vec<Cell>) {
        self.id.put(out);
        self.name.put(out);
    }
    fn read(row: &ReadRow<'_>, columns: &[&str]) -> StoreResult<Self> {
        Ok(Self {
            id: String::read(row, &columns[..1])?,
            name: I18n::read(row, &columns[1..])?,
        })
    }
}

/// An optional named reference: its three columns NULL when absent.
impl Nullable for NamedRef {
    fn put_null(out: &mut Vec<Cell>) {
        String::put_null(out);
        I18n::put_null(out);
    }
    fn read_nullable(row: &ReadRow<'_>, columns: &[&str]) -> StoreResult<Option<Self>> {
        let id: Option<String> = Option::read(row, &columns[..1])?;
        let name = I18n::read_nullable(row, &columns[1..])?;
        Ok(id.map(|id| Self {
            id,
            name: name.unwrap_or_default(),
        }))
    }
}

string_id!(
    /// An additional-information item (补充信息) id.
    ItemId
);

/// A fact about a reviewee in a semester (补充信息), as a reference for its review.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdditionalInfo {
    pub item_id: ItemId,
    pub semester_id: SemesterId,
    /// The caller's own ID for it, unique within the semester.
    pub external_id: Option<String>,
    pub reviewee_user_id: UserId,
    pub item: String,
    /// Free text: the vendor checks no format.
    pub time: String,
    pub detailed_description: String,
}

impl AdditionalInfo {
    /// VENDOR: an import updates an item with the same reviewee, item, time and description
    /// instead of adding a second one.
    pub fn same_content(&self, other: &AdditionalInfo) -> bool {
        self.reviewee_user_id == other.reviewee_user_id
            && self.item == other.item
            && self.time == other.time
            && self.detailed_description == other.detailed_description
    }
}

/// What kind of import an import record is.
pub const IMPORT_ADDITIONAL_INFORMATION: &str = "additional_information";
pub const IMPORT_METRIC_DETAIL: &str = "metric_detail";

/// An import (导入记录): one accepted import call, under its client token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportRecord {
    pub import_record_id: String,
    pub kind: String,
    pub app_id: String,
    pub client_token: String,
    pub name: String,
    pub semester_id: SemesterId,
    pub create_time: Millis,
}

string_id!(
    /// A metric tag (指标标签) id.
    MetricTagId
);
string_id!(
    /// A metric field (指标字段) id.
    MetricFieldId
);

/// A tag metrics of the library carry (指标标签).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetricTag {
    pub tag_id: MetricTagId,
    pub name: I18n,
    /// The tag's place among the tenant's tags.
    pub index: i64,
    pub create_time: Millis,
    pub update_time: Millis,
}

/// Values of a metric field's `type`. VENDOR: `pencentage` is the vendor's spelling.
pub const METRIC_FIELD_TYPES: &[&str] = &["text", "number", "pencentage", "person"];

/// A field metrics have (指标字段): its type says what its values are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetricField {
    pub field_id: MetricFieldId,
    pub name: I18n,
    pub field_type: String,
}

string_id!(
    /// A metric (指标) of the library.
    MetricId
);

/// Who fills a metric field in (`input_setting`).
pub const METRIC_INPUT_SETTINGS: &[&str] = &["admin", "data_source_inputter", "reviewee"];
/// How a metric is scored. VENDOR: metric templates spell the first `socre_manually`.
pub const METRIC_SCORING_TYPES: &[&str] = &["score_manually", "score_by_formula"];
/// Who may use a library metric.
pub const METRIC_AVAILABILITIES: &[&str] = &["admins_and_reviewees", "only_admins"];

/// A metric of the library (指标库): its fields, how it is scored and who feeds its data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Metric {
    pub metric_id: MetricId,
    pub name: String,
    pub type_id: String,
    pub tags: Vec<MetricTagId>,
    pub fields: Vec<MetricFieldSetting>,
    pub scoring_setting_type: String,
    pub scoring_formula: Option<ScoringFormula>,
    pub data_source_inputters: Vec<UserId>,
    pub range_of_availability: String,
    pub is_active: bool,
}

impl Metric {
    /// The users the metric names: its `person` fields' values and its data-source inputters.
    pub fn people(&self) -> impl Iterator<Item = &UserId> {
        self.fields
            .iter()
            .filter_map(|f| f.person.as_ref())
            .chain(&self.data_source_inputters)
    }
}

/// One field of a metric: who fills it in, and its value where the metric sets one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetricFieldSetting {
    pub field_id: MetricFieldId,
    pub input_setting: String,
    pub value: Option<String>,
    /// The value of a `person` field.
    pub person: Option<UserId>,
}

/// A formula that scores a metric.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScoringFormula {
    pub formula_id: String,
    pub name: String,
    pub details: String,
}

/// A scoring formula: `formula_id`, `formula_name`, `formula_details`.
impl Columns for ScoringFormula {
    fn put(&self, out: &mut Vec<Cell>) {
        self.formula_id.put(out);
        self.name.put(out);
        self.details.put(out);
    }
    fn read(row: &ReadRow<'_>, columns: &[&str]) -> StoreResult<Self> {
        Ok(Self {
            formula_id: String::read(row, &columns[..1])?,
            name: String::read(row, &columns[1..2])?,
            details: String::read(row, &columns[2..])?,
        })
    }
}

/// An optional scoring formula: its three columns NULL when absent.
impl Nullable for ScoringFormula {
    fn put_null(out: &mut Vec<Cell>) {
        String::put_null(out);
        String::put_null(out);
        String::put_null(out);
    }
    fn read_nullable(row: &ReadRow<'_>, columns: &[&str]) -> StoreResult<Option<Self>> {
        let id: Option<String> = Option::read(row, &columns[..1])?;
        match id {
            None => Ok(None),
            Some(_) => Self::read(row, columns).map(Some),
        }
    }
}

string_id!(
    /// A metric template (指标模板) id.
    MetricTemplateId
);

/// Values of a metric template's `status`.
pub const METRIC_TEMPLATE_STATUSES: &[&str] =
    &["to_be_configured", "to_be_activated", "enabled", "disabled"];
/// How a template's total metric score is computed.
pub const METRIC_TOTAL_SCORE_METHODS: &[&str] = &["review_manually", "sum", "weight", "formula"];
/// How a template's metric weights are bounded.
pub const METRIC_WEIGHT_METHODS: &[&str] = &[
    "sum_of_metric_weights_for_each_dimension_equals_1",
    "total_sum_of_all_metric_weight_equals_1",
];

/// A metric template (指标模板): dimensions, and the library metrics set in each.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetricTemplate {
    pub template_id: MetricTemplateId,
    pub name: I18n,
    pub description: I18n,
    pub status: String,
    pub total_metric_score_method: String,
    pub metric_weight_method: String,
    pub dimensions: Vec<MetricDimension>,
    pub metrics: Vec<TemplateMetric>,
}

/// A dimension (维度) of a metric template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetricDimension {
    pub dimension_id: String,
    pub name: I18n,
    pub description: I18n,
    /// In percent; `None` when not set (distinct from 0).
    pub weight: Option<String>,
}

/// A library metric set in a dimension of a template, with its score bounds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateMetric {
    pub metric_id: MetricId,
    pub dimension_id: String,
    pub min: Option<String>,
    pub max: Option<String>,
}

/// The value of one field of a reviewee's metric in a semester (指标明细), as imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetricValue {
    pub semester_id: SemesterId,
    pub reviewee_user_id: UserId,
    pub metric_id: MetricId,
    pub field_id: MetricFieldId,
    /// The value of a field of any type but `person`.
    pub value: Option<String>,
    /// The value of a `person` field.
    pub person: Option<UserId>,
    /// The import that wrote it; `None` when a fixture or the admin API loaded it.
    pub import_record_id: Option<String>,
}
