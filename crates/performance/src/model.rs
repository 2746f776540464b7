//! Performance-review data (绩效): semesters, their stages, per-user stage tasks, and v2 review
//! templates.

use openwork_platform::clock::Millis;
use openwork_platform::db::{AnyRow, Cell, Columns, Nullable};
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
}

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
    /// Every to-do is done. The SQL stores filter on the same comparison
    /// (`finished >= need_todo`) when asked for complete or incomplete tasks.
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
    fn read(row: &AnyRow, columns: &[&str]) -> StoreResult<Self> {
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
    fn read_nullable(row: &AnyRow, columns: &[&str]) -> StoreResult<Option<Self>> {
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
    pub create_time: Millis,
    pub modify_time: Millis,
    pub create_user_id: Option<UserId>,
    pub modify_user_id: Option<UserId>,
    /// The user groups whose members the activity reviews.
    pub user_groups: Vec<UserGroupId>,
}

impl Activity {
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
