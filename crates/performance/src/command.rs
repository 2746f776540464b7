//! The performance APIs' requests, parsed at the edge: each wire body becomes a typed command
//! (IDs, page sizes, time windows and options checked) before a use case sees it. VENDOR: a bad
//! value is the service's own 1580102 (`param is invalid`), naming the field.

use openwork_platform::clock::Millis;
use openwork_wire::feishu::performance as wire;
use openwork_wire::lenient::NumberText;

use crate::error::{Error, Result};
use crate::metric_details::{FieldEntry, MetricEntry};
use crate::model::{
    ActivityId, ItemId, METRIC_AVAILABILITIES, METRIC_SCORING_TYPES, METRIC_TEMPLATE_STATUSES,
    MetricFieldId, MetricTagId, MetricTemplateId, ReviewTemplateId, SCOPE_VISIBLE_SETTINGS,
    SEMESTER_TYPE_GROUPS, SEMESTER_TYPES, SemesterId, StageId, UserGroupId,
};
use crate::status::TaskOption;
use crate::store::MetricFilter;

/// `page_size` of `find_by_page` and `review_templates/query`: default 20, at most 50; 0 means
/// the default.
pub const DEFAULT_PAGE_SIZE: usize = 20;
pub const MAX_PAGE_SIZE: usize = 50;
/// At most this many users in `find_by_user_list`, templates in `review_template_ids`.
pub const MAX_LISTED_IDS: usize = 50;
/// At most this many `task_option_lists` values.
pub const MAX_TASK_OPTIONS: usize = 3;

/// Which stage tasks of a semester a query asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageTaskFilter {
    pub semester_id: SemesterId,
    /// As the caller listed them (deduplicated); `None` when absent or empty.
    pub options: Option<Vec<TaskOption>>,
    pub after: Option<Millis>,
    pub before: Option<Millis>,
}

impl StageTaskFilter {
    fn parse(
        semester_id: Option<NumberText>,
        task_option_lists: Option<Vec<NumberText>>,
        after_time: Option<NumberText>,
        before_time: Option<NumberText>,
    ) -> Result<Self> {
        let semester_id = semester_id
            .as_ref()
            .map(|id| id.0.trim())
            .filter(|id| !id.is_empty())
            .ok_or_else(|| Error::param("semester_id", "", "semester_id is required"))?;
        let options = match task_option_lists.as_deref() {
            None | Some([]) => None,
            Some(values) if values.len() > MAX_TASK_OPTIONS => {
                let listed: Vec<&str> = values.iter().map(|v| v.0.as_str()).collect();
                return Err(Error::param(
                    "task_option_lists",
                    listed.join(","),
                    format!("at most {MAX_TASK_OPTIONS} values"),
                ));
            }
            Some(values) => {
                let mut options = Vec::with_capacity(values.len());
                for value in values {
                    let option = value
                        .as_i64()
                        .and_then(TaskOption::from_id)
                        .ok_or_else(|| {
                            Error::param(
                                "task_option_lists",
                                value.0.as_str(),
                                "values are 1, 2 or 3",
                            )
                        })?;
                    if !options.contains(&option) {
                        options.push(option);
                    }
                }
                Some(options)
            }
        };
        Ok(Self {
            semester_id: SemesterId::new(semester_id),
            options,
            after: millis("after_time", after_time.as_ref())?,
            before: millis("before_time", before_time.as_ref())?,
        })
    }

    /// The filter set a page token is bound to.
    pub fn fingerprint(&self) -> String {
        let options: Vec<String> = self
            .options
            .iter()
            .flatten()
            .map(|o| o.id().to_string())
            .collect();
        format!(
            "{}|{}|{:?}|{:?}",
            self.semester_id,
            options.join(","),
            self.after,
            self.before
        )
    }

    /// `after_time <= deadline <= before_time`, each bound only when given.
    pub fn within_window(&self, deadline: Millis) -> bool {
        self.after.is_none_or(|after| after <= deadline)
            && self.before.is_none_or(|before| deadline <= before)
    }

    pub fn wants(&self, option: TaskOption) -> bool {
        self.options.as_ref().is_none_or(|o| o.contains(&option))
    }
}

/// An optional millisecond timestamp.
fn millis(field: &str, value: Option<&NumberText>) -> Result<Option<Millis>> {
    match value.map(|v| v.0.trim()) {
        None | Some("") => Ok(None),
        Some(text) => text
            .parse()
            .map(|ms| Some(Millis(ms)))
            .map_err(|_| Error::param(field, text, "must be a millisecond timestamp")),
    }
}

/// A page size: absent or 0 means the default.
fn page_size(value: Option<&str>) -> Result<usize> {
    match value.map(str::trim) {
        None | Some("") => Ok(DEFAULT_PAGE_SIZE),
        Some(text) => match text.parse::<i64>() {
            Ok(0) => Ok(DEFAULT_PAGE_SIZE),
            Ok(size) if (1..=MAX_PAGE_SIZE as i64).contains(&size) => Ok(size as usize),
            _ => Err(Error::param(
                "page_size",
                text,
                format!("must be between 0 and {MAX_PAGE_SIZE}"),
            )),
        },
    }
}

/// A page token as sent: `None` when absent or blank (the first page).
fn page_token(value: Option<String>) -> Option<String> {
    value
        .map(|token| token.trim().to_owned())
        .filter(|token| !token.is_empty())
}

/// `POST /open-apis/performance/v1/stage_tasks/find_by_page`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FindByPage {
    pub filter: StageTaskFilter,
    pub page_size: usize,
    pub page_token: Option<String>,
}

impl FindByPage {
    pub fn parse(body: wire::FindByPageRequest) -> Result<Self> {
        Ok(Self {
            filter: StageTaskFilter::parse(
                body.semester_id,
                body.task_option_lists,
                body.after_time,
                body.before_time,
            )?,
            page_size: page_size(body.page_size.as_ref().map(|size| size.0.as_str()))?,
            page_token: page_token(body.page_token),
        })
    }
}

/// `POST /open-apis/performance/v1/stage_tasks/find_by_user_list`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FindByUserList {
    pub filter: StageTaskFilter,
    /// 1 to 50 users, as the caller names users.
    pub users: Vec<String>,
}

impl FindByUserList {
    pub fn parse(body: wire::FindByUserListRequest) -> Result<Self> {
        let filter = StageTaskFilter::parse(
            body.semester_id,
            body.task_option_lists,
            body.after_time,
            body.before_time,
        )?;
        let users = match body.user_id_lists.filter(|list| !list.is_empty()) {
            None => {
                return Err(Error::param(
                    "user_id_lists",
                    "",
                    "user_id_lists is required",
                ));
            }
            Some(list) if list.len() > MAX_LISTED_IDS => {
                return Err(Error::param(
                    "user_id_lists",
                    list.len().to_string(),
                    format!("at most {MAX_LISTED_IDS} users"),
                ));
            }
            Some(list) => list,
        };
        Ok(Self { filter, users })
    }
}

/// `GET /open-apis/performance/v1/semesters`: every filter optional.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SemesterQuery {
    pub start: Option<Millis>,
    pub end: Option<Millis>,
    pub year: Option<i32>,
    pub type_group: Option<String>,
    pub semester_type: Option<String>,
}

impl SemesterQuery {
    pub fn parse(query: wire::SemesterListQuery) -> Result<Self> {
        let text = |value: Option<String>| value.map(NumberText);
        let start = millis("start_time", text(query.start_time).as_ref())?;
        let end = millis("end_time", text(query.end_time).as_ref())?;
        let year = match query.year.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => Some(
                text.parse::<i32>()
                    .ok()
                    .filter(|y| (0..=9999).contains(y))
                    .ok_or_else(|| Error::param("year", text, "must be between 0 and 9999"))?,
            ),
        };
        Ok(Self {
            start,
            end,
            year,
            type_group: one_of("type_group", query.type_group, SEMESTER_TYPE_GROUPS)?,
            semester_type: one_of("type", query.semester_type, SEMESTER_TYPES)?,
        })
    }
}

/// An optional value that must be one of `allowed` (empty counts as absent).
fn one_of(field: &str, value: Option<String>, allowed: &[&str]) -> Result<Option<String>> {
    match value {
        Some(v) if v.is_empty() => Ok(None),
        Some(v) if !allowed.contains(&v.as_str()) => Err(Error::param(
            field,
            v,
            format!("must be one of {}", allowed.join(", ")),
        )),
        other => Ok(other),
    }
}

/// `POST /open-apis/performance/v2/review_templates/query`.
pub type ReviewTemplateQuery = ConfigQuery<ReviewTemplateId>;

/// An optional list of IDs of at most `max`: `None` when absent or empty. VENDOR: lark-oapi
/// sends int64 IDs as JSON numbers, other clients as strings; both are read as text.
fn id_list(field: &str, ids: Option<Vec<NumberText>>, max: usize) -> Result<Option<Vec<String>>> {
    match ids {
        None => Ok(None),
        Some(list) if list.is_empty() => Ok(None),
        Some(list) if list.len() > max => Err(Error::param(
            field,
            list.len().to_string(),
            format!("at most {max} IDs"),
        )),
        Some(list) => Ok(Some(
            list.into_iter().map(|id| id.0.trim().to_owned()).collect(),
        )),
    }
}

/// An optional list of user IDs (as the caller names users) of at most `max`.
fn user_list(field: &str, ids: Option<Vec<String>>, max: usize) -> Result<Option<Vec<String>>> {
    id_list(
        field,
        ids.map(|ids| ids.into_iter().map(NumberText).collect()),
        max,
    )
}

/// A required ID.
fn required_id(field: &str, id: Option<&NumberText>) -> Result<String> {
    id.map(|id| id.0.trim())
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
        .ok_or_else(|| Error::param(field, "", format!("{field} is required")))
}

/// At most this many semesters in `activity/query`.
pub const MAX_ACTIVITY_SEMESTERS: usize = 10;

/// `POST /open-apis/performance/v2/activity/query`. VENDOR: `activity_ids`, when given, wins
/// over `semester_ids`; with neither the answer is empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActivityQuery {
    Ids(Vec<ActivityId>),
    OfSemesters(Vec<SemesterId>),
    Nothing,
}

impl ActivityQuery {
    pub fn parse(body: wire::ActivityQueryRequest) -> Result<Self> {
        let semesters = id_list("semester_ids", body.semester_ids, MAX_ACTIVITY_SEMESTERS)?;
        let activities = id_list("activity_ids", body.activity_ids, MAX_LISTED_IDS)?;
        Ok(match (activities, semesters) {
            (Some(ids), _) => Self::Ids(ids.into_iter().map(ActivityId::new).collect()),
            (None, Some(ids)) => Self::OfSemesters(ids.into_iter().map(SemesterId::new).collect()),
            (None, None) => Self::Nothing,
        })
    }
}

/// `POST /open-apis/performance/v2/reviewees/query`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevieweeQuery {
    pub semester_id: SemesterId,
    /// As the caller names users; `None`: everyone.
    pub users: Option<Vec<String>>,
    pub activities: Option<Vec<ActivityId>>,
    pub page_size: usize,
    pub page_token: Option<String>,
}

impl RevieweeQuery {
    pub fn parse(query: wire::PagedUserQuery, body: wire::RevieweeQueryRequest) -> Result<Self> {
        let page_size = page_size(query.page_size.as_deref())?;
        Ok(Self {
            semester_id: SemesterId::new(required_id("semester_id", body.semester_id.as_ref())?),
            users: user_list("user_ids", body.user_ids, MAX_LISTED_IDS)?,
            activities: id_list("activity_ids", body.activity_ids, MAX_LISTED_IDS)?
                .map(|ids| ids.into_iter().map(ActivityId::new).collect()),
            page_size,
            page_token: page_token(query.page_token),
        })
    }

    /// The filter set a page token is bound to.
    pub fn fingerprint(&self) -> String {
        let mut users: Vec<&str> = self.users.iter().flatten().map(String::as_str).collect();
        users.sort_unstable();
        let mut activities: Vec<&str> = self
            .activities
            .iter()
            .flatten()
            .map(|a| a.as_str())
            .collect();
        activities.sort_unstable();
        format!(
            "{}|{}|{}",
            self.semester_id,
            users.join(","),
            activities.join(",")
        )
    }
}

/// `POST /open-apis/performance/v2/review_templates/query`, `indicators/query` and
/// `questions/query`: configuration by ID (all when none are listed), a page at a time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigQuery<Id> {
    /// `None`: every one.
    pub ids: Option<Vec<Id>>,
    pub page_size: usize,
    pub page_token: Option<String>,
}

impl<Id: From<String>> ConfigQuery<Id> {
    /// `field` names the body's ID list.
    pub fn parse(
        query: wire::PageQuery,
        field: &str,
        ids: Option<Vec<NumberText>>,
    ) -> Result<Self> {
        let page_size = page_size(query.page_size.as_deref())?;
        Ok(Self {
            ids: id_list(field, ids, MAX_LISTED_IDS)?
                .map(|ids| ids.into_iter().map(Id::from).collect()),
            page_size,
            page_token: page_token(query.page_token),
        })
    }
}

impl<Id: AsRef<str>> ConfigQuery<Id> {
    /// The ID set a page token is bound to.
    pub fn fingerprint(&self) -> String {
        let mut ids: Vec<&str> = self.ids.iter().flatten().map(AsRef::as_ref).collect();
        ids.sort_unstable();
        ids.join(",")
    }
}

/// At most this many users in one `user_group_user_rels/write`. VENDOR: more is 1580403.
pub const MAX_GROUP_MEMBERS: usize = 10_000;
/// The longest `client_token` the vendor takes.
pub const MAX_CLIENT_TOKEN_CHARS: usize = 64;

/// A write's required `client_token` (at most 64 characters).
fn client_token(query: &wire::ClientTokenQuery) -> Result<String> {
    let token = query.client_token.as_deref().map(str::trim).unwrap_or("");
    if token.is_empty() {
        return Err(Error::param("client_token", "", "client_token is required"));
    }
    if token.chars().count() > MAX_CLIENT_TOKEN_CHARS {
        return Err(Error::param(
            "client_token",
            token,
            format!("at most {MAX_CLIENT_TOKEN_CHARS} characters"),
        ));
    }
    Ok(token.to_owned())
}

/// A required text of `min..=max` characters (`field` names it in the error).
fn text_of(field: &str, value: Option<&str>, max: usize) -> Result<String> {
    let value = value.unwrap_or("");
    let length = value.chars().count();
    if length == 0 {
        return Err(Error::param(field, "", format!("{field} is required")));
    }
    if length > max {
        return Err(Error::param(
            field,
            length.to_string(),
            format!("at most {max} characters"),
        ));
    }
    Ok(value.to_owned())
}

/// `POST /open-apis/performance/v2/user_group_user_rels/write`: replaces the group's members.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupMembersWrite {
    pub client_token: String,
    pub group_id: UserGroupId,
    pub scope_visible_setting: i64,
    /// As the caller names users, in order.
    pub users: Vec<String>,
}

impl GroupMembersWrite {
    pub fn parse(query: &wire::ClientTokenQuery, body: wire::GroupWriteRequest) -> Result<Self> {
        let client_token = client_token(query)?;
        let group_id = body.group_id.as_deref().map(str::trim).unwrap_or("");
        if group_id.is_empty() {
            return Err(Error::param("group_id", "", "group_id is required"));
        }
        let scope_visible_setting = match &body.scope_visible_setting {
            None => 1,
            Some(value) => value
                .as_i64()
                .filter(|v| SCOPE_VISIBLE_SETTINGS.contains(v))
                .ok_or_else(|| {
                    Error::param("scope_visible_setting", value.0.as_str(), "must be 0 or 1")
                })?,
        };
        let users = body
            .user_ids
            .ok_or_else(|| Error::param("user_ids", "", "user_ids is required"))?;
        if users.len() > MAX_GROUP_MEMBERS {
            return Err(Error::GroupOverLimit {
                limit: MAX_GROUP_MEMBERS,
                given: users.len(),
            });
        }
        Ok(Self {
            client_token,
            group_id: UserGroupId::new(group_id),
            scope_visible_setting,
            users,
        })
    }
}

/// At most this many users in `user_info/query`.
pub const MAX_USER_INFOS: usize = 10;

/// How `user_info/query` names departments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DepartmentIdType {
    DepartmentId,
    OpenDepartmentId,
}

/// `POST /open-apis/performance/v2/user_info/query`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserInfoQuery {
    pub semester_id: SemesterId,
    /// 1 to 10 users, as the caller names users.
    pub users: Vec<String>,
    pub department_id_type: DepartmentIdType,
}

impl UserInfoQuery {
    pub fn parse(department_id_type: Option<&str>, body: wire::UserInfoRequest) -> Result<Self> {
        let department_id_type = match department_id_type.map(str::trim) {
            None | Some("") | Some("open_department_id") => DepartmentIdType::OpenDepartmentId,
            Some("department_id") => DepartmentIdType::DepartmentId,
            Some(other) => {
                return Err(Error::param(
                    "department_id_type",
                    other,
                    "must be department_id or open_department_id",
                ));
            }
        };
        let users = user_list("user_ids", body.user_ids, MAX_USER_INFOS)?
            .ok_or_else(|| Error::param("user_ids", "", "user_ids is required"))?;
        Ok(Self {
            semester_id: SemesterId::new(required_id("semester_id", body.semester_id.as_ref())?),
            users,
            department_id_type,
        })
    }
}

/// A list of values drawn from a set, each checked: `None` when absent or empty.
fn values_of(
    field: &str,
    values: Option<Vec<String>>,
    allowed: &[&str],
) -> Result<Option<Vec<String>>> {
    let Some(values) = values.filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if values.len() > MAX_LISTED_IDS {
        return Err(Error::param(
            field,
            values.len().to_string(),
            format!("at most {MAX_LISTED_IDS} values"),
        ));
    }
    for value in &values {
        if !allowed.contains(&value.as_str()) {
            return Err(Error::param(
                field,
                value.as_str(),
                format!("must be one of {}", allowed.join(", ")),
            ));
        }
    }
    Ok(Some(values))
}

/// A list of progress values (0 to 4): `None` when absent or empty.
fn progresses(field: &str, values: Option<Vec<NumberText>>) -> Result<Option<Vec<i64>>> {
    let Some(values) = values.filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if values.len() > MAX_LISTED_IDS {
        return Err(Error::param(
            field,
            values.len().to_string(),
            format!("at most {MAX_LISTED_IDS} values"),
        ));
    }
    values
        .iter()
        .map(|value| {
            value
                .as_i64()
                .filter(|p| (0..=4).contains(p))
                .ok_or_else(|| Error::param(field, value.0.as_str(), "values are 0 to 4"))
        })
        .collect::<Result<Vec<_>>>()
        .map(Some)
}

/// The stage types `v1/review_datas/query` reports.
pub const V1_RESULT_STAGE_TYPES: &[&str] = &[
    "leader_review",
    "communication_and_open_result",
    "view_result",
];

/// The stage types `v2/review_datas/query` reports (every type but calibration).
pub const V2_RESULT_STAGE_TYPES: &[&str] = &[
    "summarize_key_outputs",
    "review",
    "communication_and_open_result",
    "view_result",
    "reconsideration",
    "leader_review",
];

/// The review roles `v2/review_datas/query` filters on.
pub const V2_REVIEW_ROLES: &[&str] = &[
    "reviewee",
    "invited_reviewer",
    "solid_line_leader",
    "dotted_line_leader",
    "secondary_solid_line_leader",
    "direct_project_leader",
    "custom_review_role",
    "metric_reviewer",
];

/// Which semesters `v1/review_datas/query` reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SemesterChoice {
    /// VENDOR: a `semester_id_list` makes the time window ignored.
    Listed(Vec<SemesterId>),
    /// Semesters starting at or after `start` and ending at or before `end`.
    Window { start: Millis, end: Millis },
}

/// `POST /open-apis/performance/v1/review_datas/query`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewDataV1Query {
    pub semesters: SemesterChoice,
    /// Of [`V1_RESULT_STAGE_TYPES`]; all of them when none are given.
    pub stage_types: Vec<String>,
    pub progresses: Option<Vec<i64>>,
    /// 1 to 50, as the caller names users.
    pub reviewees: Vec<String>,
    pub updated_later_than: Option<Millis>,
}

impl ReviewDataV1Query {
    pub fn parse(body: wire::ReviewDataV1Request) -> Result<Self> {
        let semesters = match id_list("semester_id_list", body.semester_id_list, MAX_LISTED_IDS)? {
            Some(ids) => SemesterChoice::Listed(ids.into_iter().map(SemesterId::new).collect()),
            None => {
                let start = millis("start_time", body.start_time.as_ref())?
                    .ok_or_else(|| Error::param("start_time", "", "start_time is required"))?;
                let end = millis("end_time", body.end_time.as_ref())?
                    .ok_or_else(|| Error::param("end_time", "", "end_time is required"))?;
                SemesterChoice::Window { start, end }
            }
        };
        let reviewees = user_list(
            "reviewee_user_id_list",
            body.reviewee_user_id_list,
            MAX_LISTED_IDS,
        )?
        .ok_or_else(|| {
            Error::param(
                "reviewee_user_id_list",
                "",
                "reviewee_user_id_list is required",
            )
        })?;
        let stage_types = values_of("stage_types", body.stage_types, V1_RESULT_STAGE_TYPES)?
            .unwrap_or_else(|| {
                V1_RESULT_STAGE_TYPES
                    .iter()
                    .map(|t| (*t).to_owned())
                    .collect()
            });
        Ok(Self {
            semesters,
            stage_types,
            progresses: progresses("stage_progress", body.stage_progress)?,
            reviewees,
            updated_later_than: millis("updated_later_than", body.updated_later_than.as_ref())?,
        })
    }
}

/// At most this many semesters and reviewees in `v2/review_datas/query`.
pub const MAX_V2_RESULT_IDS: usize = 10;

/// Which stages `v2/review_datas/query` reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StageChoice {
    /// VENDOR: `stage_ids` win over `stage_types`.
    Ids(Vec<StageId>),
    Types(Vec<String>),
    /// VENDOR: with neither, no stage data.
    Nothing,
}

/// `POST /open-apis/performance/v2/review_datas/query`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewDataV2Query {
    pub semesters: Vec<SemesterId>,
    /// As the caller names users.
    pub reviewees: Vec<String>,
    pub stages: StageChoice,
    /// Filters `review` stages only; `None`: every role.
    pub roles: Option<Vec<String>>,
    pub progresses: Option<Vec<i64>>,
    pub updated_later_than: Option<Millis>,
}

impl ReviewDataV2Query {
    pub fn parse(body: wire::ReviewDataV2Request) -> Result<Self> {
        let semesters = id_list("semester_ids", body.semester_ids, MAX_V2_RESULT_IDS)?
            .ok_or_else(|| Error::param("semester_ids", "", "semester_ids is required"))?;
        let reviewees = user_list(
            "reviewee_user_ids",
            body.reviewee_user_ids,
            MAX_V2_RESULT_IDS,
        )?
        .ok_or_else(|| Error::param("reviewee_user_ids", "", "reviewee_user_ids is required"))?;
        let types = values_of("stage_types", body.stage_types, V2_RESULT_STAGE_TYPES)?;
        let stages = match (id_list("stage_ids", body.stage_ids, MAX_LISTED_IDS)?, types) {
            (Some(ids), _) => StageChoice::Ids(ids.into_iter().map(StageId::new).collect()),
            (None, Some(types)) => StageChoice::Types(types),
            (None, None) => StageChoice::Nothing,
        };
        Ok(Self {
            semesters: semesters.into_iter().map(SemesterId::new).collect(),
            reviewees,
            stages,
            roles: values_of(
                "review_stage_roles",
                body.review_stage_roles,
                V2_REVIEW_ROLES,
            )?,
            progresses: progresses("stage_progresses", body.stage_progresses)?,
            updated_later_than: millis("updated_later_than", body.updated_later_than.as_ref())?,
        })
    }
}

/// At most this many items in one additional-information import.
pub const MAX_IMPORTED_INFOS: usize = 1_000;
/// At most this many items in one additional-information deletion.
pub const MAX_DELETED_INFOS: usize = 100;

/// One item of an additional-information import, as the caller wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedInfo {
    pub item_id: Option<ItemId>,
    pub external_id: Option<String>,
    /// As the caller names users.
    pub reviewee: String,
    pub item: String,
    pub time: String,
    pub detailed_description: String,
}

/// `POST /open-apis/performance/v2/additional_informations/import`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdditionalInfoImport {
    pub client_token: String,
    pub semester_id: SemesterId,
    /// VENDOR: "API导入" when not given.
    pub record_name: String,
    /// 1 to 1,000 items.
    pub items: Vec<ImportedInfo>,
}

impl AdditionalInfoImport {
    pub fn parse(
        query: &wire::ClientTokenQuery,
        body: wire::AdditionalInfoImportRequest,
    ) -> Result<Self> {
        let client_token = client_token(query)?;
        let semester_id = SemesterId::new(required_id("semester_id", body.semester_id.as_ref())?);
        let record_name = match body.import_record_name.filter(|n| !n.is_empty()) {
            None => "API导入".to_owned(),
            Some(name) => text_of("import_record_name", Some(&name), 200)?,
        };
        let listed = body.additional_informations.unwrap_or_default();
        if listed.is_empty() || listed.len() > MAX_IMPORTED_INFOS {
            return Err(Error::param(
                "additional_informations",
                listed.len().to_string(),
                format!("1 to {MAX_IMPORTED_INFOS} items"),
            ));
        }
        let items = listed
            .into_iter()
            .enumerate()
            .map(|(i, info)| {
                let field = |name: &str| format!("additional_informations[{i}].{name}");
                let optional = |name: &str, value: Option<String>| -> Result<Option<String>> {
                    match value.filter(|v| !v.trim().is_empty()) {
                        None => Ok(None),
                        Some(v) => text_of(&field(name), Some(v.trim()), 100).map(Some),
                    }
                };
                Ok(ImportedInfo {
                    item_id: optional("item_id", info.item_id.map(|id| id.0))?.map(ItemId::new),
                    external_id: optional("external_id", info.external_id)?,
                    reviewee: text_of(
                        &field("reviewee_user_id"),
                        info.reviewee_user_id.as_deref(),
                        9_999,
                    )?,
                    item: text_of(&field("item"), info.item.as_deref(), 1_000)?,
                    time: text_of(&field("time"), info.time.as_deref(), 100)?,
                    detailed_description: text_of(
                        &field("detailed_description"),
                        info.detailed_description.as_deref(),
                        5_000,
                    )?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Self {
            client_token,
            semester_id,
            record_name,
            items,
        })
    }
}

/// Which items `additional_informations/query` asks for. VENDOR: the first filter given wins,
/// in the order item IDs, external IDs, reviewees; with none, every item of the semester.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InfoSelection {
    All,
    ItemIds(Vec<ItemId>),
    ExternalIds(Vec<String>),
    /// As the caller names users.
    Reviewees(Vec<String>),
}

/// `POST /open-apis/performance/v2/additional_informations/query`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdditionalInfoQuery {
    pub semester_id: SemesterId,
    pub selection: InfoSelection,
    pub page_size: usize,
    pub page_token: Option<String>,
}

impl AdditionalInfoQuery {
    pub fn parse(
        query: wire::PagedUserQuery,
        body: wire::AdditionalInfoQueryRequest,
    ) -> Result<Self> {
        let page_size = page_size(query.page_size.as_deref())?;
        let item_ids = id_list("item_ids", body.item_ids, MAX_LISTED_IDS)?;
        let external_ids = user_list("external_ids", body.external_ids, MAX_LISTED_IDS)?;
        let reviewees = user_list("reviewee_user_ids", body.reviewee_user_ids, MAX_LISTED_IDS)?;
        let selection = match (item_ids, external_ids, reviewees) {
            (Some(ids), _, _) => InfoSelection::ItemIds(ids.into_iter().map(ItemId::new).collect()),
            (None, Some(ids), _) => InfoSelection::ExternalIds(ids),
            (None, None, Some(users)) => InfoSelection::Reviewees(users),
            (None, None, None) => InfoSelection::All,
        };
        Ok(Self {
            semester_id: SemesterId::new(required_id("semester_id", body.semester_id.as_ref())?),
            selection,
            page_size,
            page_token: page_token(query.page_token),
        })
    }

    /// The filter set a page token is bound to.
    pub fn fingerprint(&self) -> String {
        let mut listed: Vec<&str> = match &self.selection {
            InfoSelection::All => Vec::new(),
            InfoSelection::ItemIds(ids) => ids.iter().map(|i| i.as_str()).collect(),
            InfoSelection::ExternalIds(ids) | InfoSelection::Reviewees(ids) => {
                ids.iter().map(String::as_str).collect()
            }
        };
        listed.sort_unstable();
        let kind = match &self.selection {
            InfoSelection::All => "all",
            InfoSelection::ItemIds(_) => "items",
            InfoSelection::ExternalIds(_) => "external",
            InfoSelection::Reviewees(_) => "reviewees",
        };
        format!("{}|{kind}|{}", self.semester_id, listed.join(","))
    }
}

/// `DELETE /open-apis/performance/v2/additional_informations/batch`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdditionalInfoDelete {
    pub semester_id: SemesterId,
    /// 1 to 100 item IDs.
    pub items: Vec<ItemId>,
}

impl AdditionalInfoDelete {
    pub fn parse(body: wire::AdditionalInfoDeleteRequest) -> Result<Self> {
        let semester_id = SemesterId::new(required_id("semester_id", body.semester_id.as_ref())?);
        let items = id_list(
            "additional_informations",
            body.additional_informations,
            MAX_DELETED_INFOS,
        )?
        .ok_or_else(|| {
            Error::param(
                "additional_informations",
                "",
                "additional_informations is required",
            )
        })?;
        Ok(Self {
            semester_id,
            items: items.into_iter().map(ItemId::new).collect(),
        })
    }
}

/// At most this many `tag_ids` in `GET metric_tags`.
pub const MAX_METRIC_TAG_IDS: usize = 9_999;

/// `GET /open-apis/performance/v2/metric_tags`. VENDOR: listed `tag_ids` are answered in one
/// page ("传此参数时不进行分页"); otherwise every tag, a page at a time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MetricTagQuery {
    Listed(Vec<MetricTagId>),
    Paged {
        page_size: usize,
        page_token: Option<String>,
    },
}

impl MetricTagQuery {
    /// `tag_ids` as sent: repeated keys (`tag_ids=1&tag_ids=2`, as the SDKs send them) or a
    /// comma-separated list.
    pub fn parse(tag_ids: Vec<String>, query: wire::PageQuery) -> Result<Self> {
        let ids: Vec<String> = tag_ids
            .iter()
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .map(str::to_owned)
            .collect();
        if ids.len() > MAX_METRIC_TAG_IDS {
            return Err(Error::param(
                "tag_ids",
                ids.len().to_string(),
                format!("at most {MAX_METRIC_TAG_IDS} IDs"),
            ));
        }
        if !ids.is_empty() {
            return Ok(Self::Listed(
                ids.into_iter().map(MetricTagId::new).collect(),
            ));
        }
        Ok(Self::Paged {
            page_size: page_size(query.page_size.as_deref())?,
            page_token: page_token(query.page_token),
        })
    }
}

/// At most this many `tag_ids` and `type_ids` in `metric_libs/query`.
pub const MAX_METRIC_FILTER_IDS: usize = 99;

/// `POST /open-apis/performance/v2/metric_libs/query`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetricLibQuery {
    pub filter: MetricFilter,
    pub page_size: usize,
    pub page_token: Option<String>,
}

impl MetricLibQuery {
    pub fn parse(query: wire::PagedUserQuery, body: wire::MetricLibQueryRequest) -> Result<Self> {
        let page_size = page_size(query.page_size.as_deref())?;
        let filter = MetricFilter {
            is_active: body.is_active,
            tag_ids: id_list("tag_ids", body.tag_ids, MAX_METRIC_FILTER_IDS)?
                .map(|ids| ids.into_iter().map(MetricTagId::new).collect()),
            type_ids: id_list("type_ids", body.type_ids, MAX_METRIC_FILTER_IDS)?,
            range_of_availability: one_of(
                "range_of_availability",
                body.range_of_availability,
                METRIC_AVAILABILITIES,
            )?,
            scoring_setting_type: one_of(
                "scoring_setting_type",
                body.scoring_setting_type,
                METRIC_SCORING_TYPES,
            )?,
        };
        Ok(Self {
            filter,
            page_size,
            page_token: page_token(query.page_token),
        })
    }

    /// The filter set a page token is bound to.
    pub fn fingerprint(&self) -> String {
        format!("{:?}", self.filter)
    }
}

/// `POST /open-apis/performance/v2/metric_templates/query`: the listed templates (all when
/// none are), of one status when given — VENDOR: the filters combine with AND.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetricTemplateQuery {
    pub ids: Option<Vec<MetricTemplateId>>,
    pub status: Option<String>,
    pub page_size: usize,
    pub page_token: Option<String>,
}

impl MetricTemplateQuery {
    pub fn parse(
        query: wire::PagedUserQuery,
        body: wire::MetricTemplateQueryRequest,
    ) -> Result<Self> {
        Ok(Self {
            ids: id_list(
                "metrics_template_ids",
                body.metrics_template_ids,
                MAX_LISTED_IDS,
            )?
            .map(|ids| ids.into_iter().map(MetricTemplateId::new).collect()),
            status: one_of("status", body.status, METRIC_TEMPLATE_STATUSES)?,
            page_size: page_size(query.page_size.as_deref())?,
            page_token: page_token(query.page_token),
        })
    }

    /// The filter set a page token is bound to.
    pub fn fingerprint(&self) -> String {
        let mut ids: Vec<&str> = self.ids.iter().flatten().map(|id| id.as_str()).collect();
        ids.sort_unstable();
        format!("{}|{:?}", ids.join(","), self.status)
    }
}

/// `POST /open-apis/performance/v2/metric_fields/query`: the listed fields, or every one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetricFieldQuery {
    pub ids: Option<Vec<MetricFieldId>>,
}

impl MetricFieldQuery {
    pub fn parse(body: wire::MetricFieldQueryRequest) -> Result<Self> {
        Ok(Self {
            ids: id_list("field_ids", body.field_ids, MAX_LISTED_IDS)?
                .map(|ids| ids.into_iter().map(MetricFieldId::new).collect()),
        })
    }
}

/// At most this many metrics in one `metric_details/import`.
pub const MAX_IMPORTED_METRICS: usize = 50;
/// At most this many fields in one imported metric.
pub const MAX_IMPORTED_METRIC_FIELDS: usize = 99;
/// At most this many reviewees in one `metric_details/query`.
pub const MAX_METRIC_DETAIL_REVIEWEES: usize = 50;

/// `POST /open-apis/performance/v2/metric_details/import`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetricDetailImport {
    pub client_token: String,
    pub semester_id: SemesterId,
    /// VENDOR: "API 录入" when not given.
    pub record_name: String,
    /// 1 to 50 metrics, each with 1 to 99 fields; reviewees and people as the caller names
    /// users.
    pub entries: Vec<MetricEntry>,
}

impl MetricDetailImport {
    pub fn parse(
        query: &wire::ClientTokenQuery,
        body: wire::MetricDetailImportRequest,
    ) -> Result<Self> {
        let client_token = client_token(query)?;
        let semester_id = SemesterId::new(required_id("semester_id", body.semester_id.as_ref())?);
        let record_name = match body.import_record_name.filter(|n| !n.trim().is_empty()) {
            None => "API 录入".to_owned(),
            Some(name) => text_of("import_record_name", Some(name.trim()), 200)?,
        };
        let listed = body.imported_metrics.unwrap_or_default();
        if listed.is_empty() || listed.len() > MAX_IMPORTED_METRICS {
            return Err(Error::param(
                "imported_metrics",
                listed.len().to_string(),
                format!("1 to {MAX_IMPORTED_METRICS} metrics"),
            ));
        }
        let entries = listed
            .into_iter()
            .enumerate()
            .map(|(i, metric)| {
                let field = |name: &str| format!("imported_metrics[{i}].{name}");
                let fields = metric.fields.unwrap_or_default();
                if fields.is_empty() || fields.len() > MAX_IMPORTED_METRIC_FIELDS {
                    return Err(Error::param(
                        &field("fields"),
                        fields.len().to_string(),
                        format!("1 to {MAX_IMPORTED_METRIC_FIELDS} fields"),
                    ));
                }
                let fields = fields
                    .into_iter()
                    .enumerate()
                    .map(|(j, f)| {
                        Ok(FieldEntry {
                            field_id: required_id(
                                &field(&format!("fields[{j}].field_id")),
                                f.field_id.as_ref(),
                            )?,
                            value: f.field_value,
                            person: f.field_value_person.map(|p| p.trim().to_owned()),
                        })
                    })
                    .collect::<Result<Vec<_>>>()?;
                Ok(MetricEntry {
                    reviewee: text_of(
                        &field("reviewee_user_id"),
                        metric.reviewee_user_id.as_deref().map(str::trim),
                        9_999,
                    )?,
                    metric_id: required_id(&field("metric_id"), metric.metric_id.as_ref())?,
                    fields,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Self {
            client_token,
            semester_id,
            record_name,
            entries,
        })
    }
}

/// `POST /open-apis/performance/v2/metric_details/query`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetricDetailQuery {
    pub semester_id: SemesterId,
    /// 1 to 50 reviewees, as the caller names users.
    pub reviewees: Vec<String>,
}

impl MetricDetailQuery {
    pub fn parse(body: wire::MetricDetailQueryRequest) -> Result<Self> {
        let semester_id = SemesterId::new(required_id("semester_id", body.semester_id.as_ref())?);
        let reviewees = user_list(
            "reviewee_user_ids",
            body.reviewee_user_ids,
            MAX_METRIC_DETAIL_REVIEWEES,
        )?
        .ok_or_else(|| Error::param("reviewee_user_ids", "", "reviewee_user_ids is required"))?;
        Ok(Self {
            semester_id,
            reviewees,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(options: &[&str]) -> Result<StageTaskFilter> {
        StageTaskFilter::parse(
            Some(NumberText("1".into())),
            Some(options.iter().map(|o| NumberText((*o).into())).collect()),
            None,
            None,
        )
    }

    fn field_of(err: Error) -> String {
        match err {
            Error::ParamInvalid(v) => v[0].field.clone(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn filters_are_validated() {
        assert!(filter(&["1", "3"]).is_ok());
        assert_eq!(field_of(filter(&["4"]).unwrap_err()), "task_option_lists");
        assert_eq!(
            field_of(filter(&["1", "2", "3", "1"]).unwrap_err()),
            "task_option_lists"
        );
        let missing = StageTaskFilter::parse(None, None, None, None);
        assert_eq!(field_of(missing.unwrap_err()), "semester_id");
        let bad_time = StageTaskFilter::parse(
            Some(NumberText("1".into())),
            None,
            Some(NumberText("yesterday".into())),
            None,
        );
        assert_eq!(field_of(bad_time.unwrap_err()), "after_time");
    }

    #[test]
    fn page_sizes() {
        assert_eq!(page_size(None).unwrap(), 20);
        assert_eq!(page_size(Some("0")).unwrap(), 20);
        assert_eq!(page_size(Some("50")).unwrap(), 50);
        assert!(page_size(Some("51")).is_err());
        assert!(page_size(Some("-1")).is_err());
        assert!(page_size(Some("x")).is_err());
    }

    #[test]
    fn deadline_bounds_are_inclusive() {
        let filter = StageTaskFilter {
            semester_id: SemesterId::from("1"),
            options: None,
            after: Some(Millis(10)),
            before: Some(Millis(20)),
        };
        assert!(filter.within_window(Millis(10)));
        assert!(filter.within_window(Millis(20)));
        assert!(!filter.within_window(Millis(9)));
        assert!(!filter.within_window(Millis(21)));
    }

    #[test]
    fn the_fingerprint_changes_with_every_filter() {
        let base = filter(&["1"]).unwrap();
        let other_options = filter(&["2"]).unwrap();
        let other_window = StageTaskFilter {
            after: Some(Millis(1)),
            ..base.clone()
        };
        assert_ne!(base.fingerprint(), other_options.fingerprint());
        assert_ne!(base.fingerprint(), other_window.fingerprint());
    }
}
