//! `performance/v1` and `performance/v2` (绩效).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::lenient::NumberText;

/// A v1 display name. VENDOR: the Go and Node SDKs read `zh-CN`/`en-US`, the Python SDK 1.7.5
/// `zh_cn`/`en_us`; both pairs are written so every SDK gets the names.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct I18nV1 {
    #[serde(rename = "zh-CN", default, skip_serializing_if = "Option::is_none")]
    pub zh_cn_dashed: Option<String>,
    #[serde(rename = "en-US", default, skip_serializing_if = "Option::is_none")]
    pub en_us_dashed: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zh_cn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en_us: Option<String>,
}

impl I18nV1 {
    pub fn new(zh_cn: &str, en_us: &str) -> Self {
        Self {
            zh_cn_dashed: Some(zh_cn.to_owned()),
            en_us_dashed: Some(en_us.to_owned()),
            zh_cn: Some(zh_cn.to_owned()),
            en_us: Some(en_us.to_owned()),
        }
    }
}

/// A v2 display name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct I18nV2 {
    #[serde(default)]
    pub zh_cn: String,
    #[serde(default)]
    pub en_us: String,
}

/// Query of the performance APIs that write user IDs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct UserIdTypeQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id_type: Option<String>,
}

/// Body of `stage_tasks/find_by_page`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FindByPageRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub semester_id: Option<NumberText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_option_lists: Option<Vec<NumberText>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_time: Option<NumberText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before_time: Option<NumberText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<NumberText>,
}

/// Body of `stage_tasks/find_by_user_list`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FindByUserListRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub semester_id: Option<NumberText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id_lists: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_option_lists: Option<Vec<NumberText>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_time: Option<NumberText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before_time: Option<NumberText>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SemesterBase {
    pub semester_id: String,
    pub semester_name: I18nV1,
    pub start_time: String,
    pub end_time: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct StageNum {
    pub task_option_id: i64,
    pub stage_num: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct StageTaskInfo {
    pub stage_id: String,
    pub name: I18nV1,
    pub deadline: String,
    pub need_todo_count: i64,
    pub finished_count: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jump_url: Option<String>,
    pub stage_task_status: String,
    pub task_option_id: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct UserStageTasks {
    pub user_id: String,
    pub stage_num_lists: Vec<StageNum>,
    pub stage_task_info_lists: Vec<StageTaskInfo>,
}

/// `data` of `find_by_page`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FindByPageData {
    pub base: SemesterBase,
    pub items: Vec<UserStageTasks>,
    pub has_more: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_token: Option<String>,
}

/// `data` of `find_by_user_list`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FindByUserListData {
    pub base: SemesterBase,
    pub items: Vec<UserStageTasks>,
}

/// Query of `GET semesters`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SemesterListQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub type_group: Option<String>,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub semester_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id_type: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SemesterItem {
    pub id: String,
    pub year: i64,
    pub type_group: String,
    #[serde(rename = "type")]
    pub semester_type: String,
    pub name: I18nV1,
    pub progress: String,
    pub start_time: String,
    pub end_time: String,
    pub create_time: String,
    pub modify_time: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modify_user_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SemesterListData {
    pub items: Vec<SemesterItem>,
}

/// Query of `v2/review_templates/query`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReviewTemplateQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<String>,
}

/// Body of `v2/review_templates/query`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReviewTemplateRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_template_ids: Option<Vec<NumberText>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct StageTemplate {
    pub template_id: String,
    pub name: I18nV2,
    pub stage_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_stage_role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_stage_data_write_mode: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReviewField {
    pub field_id: String,
    pub name: I18nV2,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag_based_question_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objective_text_qustion_title: Option<I18nV2>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keyresult_text_qustion_title: Option<I18nV2>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_field_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kpi_template_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReviewUnit {
    pub unit_id: String,
    pub name: I18nV2,
    pub fields: Vec<ReviewField>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReviewTemplate {
    pub review_template_id: String,
    pub name: I18nV2,
    pub description: I18nV2,
    pub status: String,
    pub templates: Vec<StageTemplate>,
    pub units: Vec<ReviewUnit>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReviewTemplateData {
    pub review_templates: Vec<ReviewTemplate>,
    pub has_more: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_token: Option<String>,
}

/// Query of the v2 APIs that page and write user IDs (`reviewees/query`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PagedUserQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<String>,
}

/// A user in a v2 answer: its `open_id`, and its ID under the request's `user_id_type`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct UserRef {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
}

/// Body of `v2/activity/query`. VENDOR: lark-oapi sends the IDs as JSON numbers, the Node SDK
/// as strings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ActivityQueryRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub semester_ids: Option<Vec<NumberText>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity_ids: Option<Vec<NumberText>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Activity {
    pub id: String,
    pub name: I18nV2,
    pub description: I18nV2,
    pub semester_id: String,
    pub mode: String,
    pub progress: String,
    pub create_time: String,
    pub modify_time: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modify_user_id: Option<String>,
}

/// `data` of `v2/activity/query`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ActivityQueryData {
    pub activities: Vec<Activity>,
}

/// Body of `v2/reviewees/query`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RevieweeQueryRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub semester_id: Option<NumberText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_ids: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity_ids: Option<Vec<NumberText>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Reviewee {
    pub reviewee_user_id: UserRef,
    pub activity_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewprofile_url: Option<String>,
}

/// `data` of `v2/reviewees/query`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RevieweeQueryData {
    pub semester_id: String,
    pub reviewees: Vec<Reviewee>,
    pub has_more: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_token: Option<String>,
}

/// Query of the v2 configuration APIs that page (`indicators/query`, `questions/query`).
pub type PageQuery = ReviewTemplateQuery;

/// Body of `v2/indicators/query`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct IndicatorQueryRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator_ids: Option<Vec<NumberText>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct IndicatorOption {
    pub id: String,
    pub name: I18nV2,
    /// VENDOR: spelt `lable` on the wire.
    pub lable: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Indicator {
    pub id: String,
    pub name: I18nV2,
    #[serde(rename = "type")]
    pub indicator_type: String,
    pub options: Vec<IndicatorOption>,
}

/// `data` of `v2/indicators/query`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct IndicatorQueryData {
    pub indicators: Vec<Indicator>,
    pub has_more: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_token: Option<String>,
}

/// Body of `v2/questions/query`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct QuestionQueryRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag_based_question_ids: Option<Vec<NumberText>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TagItem {
    pub id: String,
    pub name: I18nV2,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Question {
    pub question_id: String,
    pub name: I18nV2,
    pub tag_items: Vec<TagItem>,
}

/// `data` of `v2/questions/query`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct QuestionQueryData {
    pub tag_based_questions: Vec<Question>,
    pub has_more: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_token: Option<String>,
}

/// Query of the v2 writes that take a client token (`user_group_user_rels/write`, the imports).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ClientTokenQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id_type: Option<String>,
}

/// Body of `v2/user_group_user_rels/write`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct GroupWriteRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope_visible_setting: Option<NumberText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_ids: Option<Vec<String>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct GroupWriteFailure {
    pub user_id: String,
    pub fail_code: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct GroupWriteResult {
    pub success_user_ids: Vec<String>,
    pub fail_user_datas: Vec<GroupWriteFailure>,
}

/// `data` of `v2/user_group_user_rels/write`. VENDOR: the result is nested in a second `data`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct GroupWriteData {
    pub data: GroupWriteResult,
}

/// Query of `v2/user_info/query`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct UserInfoQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department_id_type: Option<String>,
}

/// Body of `v2/user_info/query`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct UserInfoRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub semester_id: Option<NumberText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_ids: Option<Vec<String>>,
}

/// An ID with a v2 display name (a department, a job family, a job level).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct NamedRef {
    pub id: String,
    pub name: I18nV2,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct UserInfo {
    pub user_id: UserRef,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direct_leader_user_id: Option<UserRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<NamedRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_family: Option<NamedRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_level: Option<NamedRef>,
}

/// `data` of `v2/user_info/query`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "PerformanceUserInfoData")]
pub struct UserInfoData {
    pub semester_id: String,
    pub user_infos: Vec<UserInfo>,
}

/// Body of `v1/review_datas/query`. VENDOR: lark-oapi sends times as JSON numbers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReviewDataV1Request {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<NumberText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<NumberText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage_types: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage_progress: Option<Vec<NumberText>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub semester_id_list: Option<Vec<NumberText>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewee_user_id_list: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_later_than: Option<NumberText>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ActivityV1 {
    pub id: String,
    pub name: I18nV1,
    pub semester_id: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct IndicatorOptionV1 {
    pub id: String,
    pub name: I18nV1,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct IndicatorV1 {
    pub id: String,
    pub name: I18nV1,
    pub options: Vec<IndicatorOptionV1>,
}

/// A stage template as v1 names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TemplateV1 {
    pub id: String,
    pub name: I18nV1,
    pub stage: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct UnitV1 {
    pub id: String,
    pub name: I18nV1,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FieldV1 {
    pub id: String,
    pub name: I18nV1,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_field_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReviewDetailV1 {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_id: Option<String>,
    pub unit_id: String,
    pub field_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewer_user_id: Option<UserRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submit_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub option_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReviewStageV1 {
    pub stage_type: String,
    pub progress: i64,
    pub data: Vec<ReviewDetailV1>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReviewProfileV1 {
    pub user_id: UserRef,
    pub semester_id: String,
    pub activity_id: String,
    pub stages: Vec<ReviewStageV1>,
}

/// `data` of `v1/review_datas/query`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReviewDataV1Data {
    pub semesters: Vec<SemesterItem>,
    pub activities: Vec<ActivityV1>,
    pub indicators: Vec<IndicatorV1>,
    pub templates: Vec<TemplateV1>,
    pub units: Vec<UnitV1>,
    pub fields: Vec<FieldV1>,
    pub datas: Vec<ReviewProfileV1>,
}

/// Body of `v2/review_datas/query`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReviewDataV2Request {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub semester_ids: Option<Vec<NumberText>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewee_user_ids: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage_types: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_stage_roles: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage_ids: Option<Vec<NumberText>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub need_leader_review_data_source: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_later_than: Option<NumberText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage_progresses: Option<Vec<NumberText>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TagText {
    pub tag_text_id: String,
    pub tag_text: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReviewDetailV2 {
    pub field_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewer_user_id: Option<UserRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submit_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator_id: Option<String>,
    /// VENDOR: lark-oapi types it as an int; written as a string like every int64 (JSON
    /// numbers lose int64 precision in JavaScript).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub option_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag_based_question_id: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tag_text_item_data: Vec<TagText>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReviewUnitData {
    pub unit_id: String,
    pub data: Vec<ReviewDetailV2>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReviewRecord {
    pub record_id: String,
    pub progress: i64,
    pub units: Vec<ReviewUnitData>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReviewStageV2 {
    pub stage_id: String,
    pub stage_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_stage_role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_id: Option<String>,
    pub records: Vec<ReviewRecord>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReviewProfileV2 {
    pub user_id: UserRef,
    pub semester_id: String,
    pub activity_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_template_id: Option<String>,
    pub stages: Vec<ReviewStageV2>,
}

/// `data` of `v2/review_datas/query`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReviewDataV2Data {
    pub datas: Vec<ReviewProfileV2>,
}

/// One additional-information item (补充信息), as imported and as answered.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AdditionalInformation {
    /// VENDOR: lark-oapi types it as an int; written as a string like every int64.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_id: Option<NumberText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewee_user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detailed_description: Option<String>,
}

/// Body of `v2/additional_informations/import`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AdditionalInfoImportRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub semester_id: Option<NumberText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_informations: Option<Vec<AdditionalInformation>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub import_record_name: Option<String>,
}

/// `data` of `v2/additional_informations/import`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AdditionalInfoImportData {
    pub import_record_id: String,
    pub additional_informations: Vec<AdditionalInformation>,
}

/// Body of `v2/additional_informations/query`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AdditionalInfoQueryRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub semester_id: Option<NumberText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_ids: Option<Vec<NumberText>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_ids: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewee_user_ids: Option<Vec<String>>,
}

/// `data` of `v2/additional_informations/query`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AdditionalInfoQueryData {
    pub additional_informations: Vec<AdditionalInformation>,
    pub has_more: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_token: Option<String>,
}

/// Body of `DELETE v2/additional_informations/batch`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AdditionalInfoDeleteRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub semester_id: Option<NumberText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_informations: Option<Vec<NumberText>>,
}

/// `data` of `DELETE v2/additional_informations/batch`: the item IDs deleted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AdditionalInfoDeleteData {
    pub additional_informations: Vec<String>,
}

/// A metric tag.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MetricTag {
    pub tag_id: String,
    pub tag_name: I18nV2,
    pub index: i64,
    pub create_time: String,
    pub update_time: String,
}

/// `data` of `GET v2/metric_tags`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MetricTagData {
    pub items: Vec<MetricTag>,
    pub has_more: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_token: Option<String>,
}

/// Body of `v2/metric_fields/query`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MetricFieldQueryRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_ids: Option<Vec<NumberText>>,
}

/// A metric field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MetricField {
    pub field_id: String,
    pub name: I18nV2,
    #[serde(rename = "type")]
    pub field_type: String,
}

/// `data` of `v2/metric_fields/query` (not paged).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MetricFieldData {
    pub items: Vec<MetricField>,
}

/// Body of `v2/metric_libs/query`: every filter optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MetricLibQueryRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_active: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag_ids: Option<Vec<NumberText>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub type_ids: Option<Vec<NumberText>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range_of_availability: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scoring_setting_type: Option<String>,
}

/// A metric tag as a library metric names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MetricTagRef {
    pub tag_id: String,
    pub tag_name: I18nV2,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MetricFieldInLibrary {
    pub field_id: String,
    pub input_setting: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_value_person: Option<UserRef>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ScoringFormula {
    pub formula_id: String,
    pub formula_name: String,
    pub formula_details: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MetricInLibrary {
    pub metric_id: String,
    pub name: String,
    pub type_id: String,
    pub tags: Vec<MetricTagRef>,
    pub fields: Vec<MetricFieldInLibrary>,
    pub scoring_setting_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scoring_formula: Option<ScoringFormula>,
    pub data_source_inputters: Vec<UserRef>,
    pub range_of_availability: String,
    pub is_active: bool,
}

/// `data` of `v2/metric_libs/query`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MetricLibData {
    pub items: Vec<MetricInLibrary>,
    pub has_more: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_token: Option<String>,
}

/// Body of `v2/metric_templates/query`. VENDOR: `metrics_template_ids` (with the `s`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MetricTemplateQueryRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics_template_ids: Option<Vec<NumberText>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MetricDimension {
    pub metric_dimension_id: String,
    pub name: I18nV2,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimension_weight: Option<String>,
    pub description: I18nV2,
}

/// A metric field as a template writes it. VENDOR: `id` and `filed_value` (sic), where the
/// library writes `field_id` and `field_value`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MetricFieldInTemplate {
    pub id: String,
    pub input_setting: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filed_value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_value_person: Option<UserRef>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MetricReviewRuleConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MetricInTemplate {
    pub metric_id: String,
    pub name: String,
    pub type_id: String,
    pub fields: Vec<MetricFieldInTemplate>,
    pub is_from_library: bool,
    /// VENDOR: `socre_manually` (sic) or `score_by_formula`.
    pub scoring_setting_type: String,
    pub data_source_inputters: Vec<UserRef>,
    pub metric_dimension_id: String,
    pub review_rule_config: MetricReviewRuleConfig,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MetricTemplate {
    pub id: String,
    pub name: I18nV2,
    pub description: I18nV2,
    pub status: String,
    pub is_set_by_group: bool,
    pub total_metric_score_method: String,
    pub metric_weight_method: String,
    pub metric_dimensions: Vec<MetricDimension>,
    pub metrics: Vec<MetricInTemplate>,
    /// Population groups (人群分组) of a template set per group; openwork's templates are not.
    pub groups: Vec<MetricGroup>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MetricGroup {
    pub group_id: String,
    pub name: String,
}

/// `data` of `v2/metric_templates/query`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MetricTemplateData {
    pub items: Vec<MetricTemplate>,
    pub has_more: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_token: Option<String>,
}

/// Body of `v2/metric_details/import`. VENDOR: lark-oapi sends `semester_id`, `metric_id` and
/// `field_id` as JSON numbers, the Node SDK as strings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MetricDetailImportRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub semester_id: Option<NumberText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub import_record_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported_metrics: Option<Vec<ImportedMetric>>,
}

/// One reviewee's metric in an import, with the values of its fields.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ImportedMetric {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewee_user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_id: Option<NumberText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<ImportedMetricField>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ImportedMetricField {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_id: Option<NumberText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_value: Option<String>,
    /// The value of a `person` field, in the request's `user_id_type`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_value_person: Option<String>,
}

/// `data` of `v2/metric_details/import`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MetricDetailImportData {
    pub import_record_id: String,
}

/// Body of `v2/metric_details/query`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MetricDetailQueryRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub semester_id: Option<NumberText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewee_user_ids: Option<Vec<String>>,
}

/// `data` of `v2/metric_details/query`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MetricDetailQueryData {
    pub semester_id: String,
    pub reviewee_metrics: Vec<RevieweeMetric>,
}

/// One metric of one reviewee. VENDOR: every official SDK types `metric_details` as one
/// object, not a list, so a reviewee's metrics are one entry each.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RevieweeMetric {
    pub reviewee_user_id: UserRef,
    pub metric_template_id: String,
    pub metric_details: MetricDetail,
    pub reviewee_stage_statuses: Vec<RevieweeStageStatus>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MetricDetail {
    pub metric_id: String,
    pub name: String,
    pub fields: Vec<MetricFieldInDetails>,
    pub dimension_id: String,
    pub dimension_name: I18nV2,
    /// Empty when the dimension has no weight.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimension_weight: Option<String>,
    pub add_from: String,
    pub is_from_library: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MetricFieldInDetails {
    pub field_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_value_person: Option<UserRef>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RevieweeStageStatus {
    pub stage_id: String,
    pub stage_type: String,
    pub stage_status: i64,
}
