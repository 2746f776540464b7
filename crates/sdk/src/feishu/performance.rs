//! `performance/v1` and `v2`.

use futures::Stream;
use openwork_wire::feishu::performance::*;
use openwork_wire::lenient::NumberText;
use reqwest::Method;

use super::{Auth, FeishuClient};
use crate::SdkError;
use crate::paging::pages;

/// A stage-task query: a semester and optional filters.
#[derive(Clone, Debug, Default)]
pub struct StageTaskQuery {
    body: FindByPageRequest,
    user_id_type: Option<String>,
}

impl StageTaskQuery {
    pub fn semester(semester_id: impl Into<String>) -> Self {
        Self {
            body: FindByPageRequest {
                semester_id: Some(NumberText(semester_id.into())),
                ..FindByPageRequest::default()
            },
            user_id_type: None,
        }
    }

    /// Only tasks with these `task_option_id`s (1 to do, 2 done, 3 overdue).
    pub fn options(mut self, options: &[i64]) -> Self {
        self.body.task_option_lists = Some(options.iter().map(|o| NumberText::from(*o)).collect());
        self
    }

    /// Only tasks whose deadline is at or after this instant (epoch milliseconds).
    pub fn deadline_after(mut self, millis: i64) -> Self {
        self.body.after_time = Some(millis.into());
        self
    }

    /// Only tasks whose deadline is at or before this instant (epoch milliseconds).
    pub fn deadline_before(mut self, millis: i64) -> Self {
        self.body.before_time = Some(millis.into());
        self
    }

    pub fn page_size(mut self, size: i64) -> Self {
        self.body.page_size = Some(size.into());
        self
    }

    /// `open_id` (default), `union_id` or `user_id`.
    pub fn user_id_type(mut self, kind: impl Into<String>) -> Self {
        self.user_id_type = Some(kind.into());
        self
    }

    fn query(&self) -> Vec<(&'static str, String)> {
        self.user_id_type
            .iter()
            .map(|t| ("user_id_type", t.clone()))
            .collect()
    }
}

/// A review-template query: all templates, or those of `ids`.
#[derive(Clone, Debug, Default)]
pub struct ReviewTemplateQuery {
    pub ids: Vec<String>,
    pub page_size: Option<i64>,
}

impl FeishuClient {
    /// `POST /open-apis/performance/v1/stage_tasks/find_by_page`: one page (`page_token` from
    /// the previous one).
    pub async fn find_stage_tasks_by_page(
        &self,
        query: &StageTaskQuery,
        page_token: Option<&str>,
    ) -> Result<FindByPageData, SdkError> {
        let mut body = query.body.clone();
        body.page_token = page_token.map(str::to_owned);
        self.call(
            Method::POST,
            "/open-apis/performance/v1/stage_tasks/find_by_page",
            &query.query(),
            Some(&body),
            Auth::Tenant,
        )
        .await
    }

    /// Every user's stage tasks of the query, walking every page.
    pub fn stage_tasks(
        &self,
        query: StageTaskQuery,
    ) -> impl Stream<Item = Result<UserStageTasks, SdkError>> + '_ {
        pages(move |token| {
            let query = query.clone();
            async move {
                let page = self
                    .find_stage_tasks_by_page(&query, token.as_deref())
                    .await?;
                Ok((
                    page.items,
                    page.has_more.then_some(page.page_token).flatten(),
                ))
            }
        })
    }

    /// `POST /open-apis/performance/v1/stage_tasks/find_by_user_list`: these users (at most 50),
    /// in this order.
    pub async fn find_stage_tasks_by_user_list(
        &self,
        query: &StageTaskQuery,
        user_ids: &[&str],
    ) -> Result<FindByUserListData, SdkError> {
        let body = FindByUserListRequest {
            semester_id: query.body.semester_id.clone(),
            user_id_lists: Some(user_ids.iter().map(|u| (*u).to_owned()).collect()),
            task_option_lists: query.body.task_option_lists.clone(),
            after_time: query.body.after_time.clone(),
            before_time: query.body.before_time.clone(),
        };
        self.call(
            Method::POST,
            "/open-apis/performance/v1/stage_tasks/find_by_user_list",
            &query.query(),
            Some(&body),
            Auth::Tenant,
        )
        .await
    }

    /// `GET /open-apis/performance/v1/semesters`.
    pub async fn list_semesters(
        &self,
        query: &SemesterListQuery,
    ) -> Result<Vec<SemesterItem>, SdkError> {
        let mut pairs = Vec::new();
        let fields = [
            ("start_time", &query.start_time),
            ("end_time", &query.end_time),
            ("year", &query.year),
            ("type_group", &query.type_group),
            ("type", &query.semester_type),
            ("user_id_type", &query.user_id_type),
        ];
        for (name, value) in fields {
            if let Some(value) = value {
                pairs.push((name, value.clone()));
            }
        }
        let data: SemesterListData = self
            .call(
                Method::GET,
                "/open-apis/performance/v1/semesters",
                &pairs,
                None::<&()>,
                Auth::Tenant,
            )
            .await?;
        Ok(data.items)
    }

    /// `POST /open-apis/performance/v2/review_templates/query`: one page.
    pub async fn query_review_templates(
        &self,
        query: &ReviewTemplateQuery,
        page_token: Option<&str>,
    ) -> Result<ReviewTemplateData, SdkError> {
        let mut pairs = Vec::new();
        if let Some(size) = query.page_size {
            pairs.push(("page_size", size.to_string()));
        }
        if let Some(token) = page_token {
            pairs.push(("page_token", token.to_owned()));
        }
        let body = ReviewTemplateRequest {
            review_template_ids: (!query.ids.is_empty())
                .then(|| query.ids.iter().map(|id| NumberText(id.clone())).collect()),
        };
        self.call(
            Method::POST,
            "/open-apis/performance/v2/review_templates/query",
            &pairs,
            Some(&body),
            Auth::Tenant,
        )
        .await
    }

    /// Every review template of the query, walking every page.
    pub fn review_templates(
        &self,
        query: ReviewTemplateQuery,
    ) -> impl Stream<Item = Result<ReviewTemplate, SdkError>> + '_ {
        pages(move |token| {
            let query = query.clone();
            async move {
                let page = self
                    .query_review_templates(&query, token.as_deref())
                    .await?;
                Ok((
                    page.review_templates,
                    page.has_more.then_some(page.page_token).flatten(),
                ))
            }
        })
    }
}

/// IDs as the v2 APIs take them, `None` when there are none (the field is left out).
fn id_texts(ids: &[&str]) -> Option<Vec<NumberText>> {
    (!ids.is_empty()).then(|| ids.iter().map(|id| NumberText((*id).to_owned())).collect())
}

/// User IDs as a request body lists them, `None` when there are none.
fn user_list(user_ids: &[&str]) -> Option<Vec<String>> {
    (!user_ids.is_empty()).then(|| user_ids.iter().map(|u| (*u).to_owned()).collect())
}

/// The query of a v2 configuration API that pages (`page_size`, `page_token`).
fn page_pairs(query: &PageQuery) -> Vec<(&'static str, String)> {
    let fields = [
        ("page_size", &query.page_size),
        ("page_token", &query.page_token),
    ];
    fields
        .into_iter()
        .filter_map(|(name, value)| value.clone().map(|v| (name, v)))
        .collect()
}

/// The query of an API whose only parameter is `user_id_type`.
fn user_id_type_pairs(user_id_type: &UserIdTypeQuery) -> Vec<(&'static str, String)> {
    user_id_type
        .user_id_type
        .iter()
        .map(|t| ("user_id_type", t.clone()))
        .collect()
}

/// The query of an API that names users and pages: `user_id_type`, `page_size` and the
/// `page_token` of the page asked for.
fn paged_user_pairs(
    params: &PagedUserQuery,
    page_token: Option<&str>,
) -> Vec<(&'static str, String)> {
    let fields = [
        ("user_id_type", params.user_id_type.as_deref()),
        ("page_size", params.page_size.as_deref()),
        ("page_token", page_token),
    ];
    fields
        .into_iter()
        .filter_map(|(name, value)| value.map(|v| (name, v.to_owned())))
        .collect()
}

/// The query of a write made idempotent by its `client_token`, with its `user_id_type`.
fn client_token_pairs(params: &ClientTokenQuery) -> Vec<(&'static str, String)> {
    let fields = [
        ("client_token", &params.client_token),
        ("user_id_type", &params.user_id_type),
    ];
    fields
        .into_iter()
        .filter_map(|(name, value)| value.clone().map(|v| (name, v)))
        .collect()
}

/// An activity query: the activities of some semesters, or the listed activities.
#[derive(Clone, Debug, Default)]
pub struct ActivityQuery {
    body: ActivityQueryRequest,
    params: UserIdTypeQuery,
}

impl ActivityQuery {
    /// The activities of these semesters (at most 10).
    pub fn semesters(semester_ids: &[&str]) -> Self {
        Self {
            body: ActivityQueryRequest {
                semester_ids: id_texts(semester_ids),
                activity_ids: None,
            },
            params: UserIdTypeQuery::default(),
        }
    }

    /// These activities (the server then ignores any semesters).
    pub fn ids(activity_ids: &[&str]) -> Self {
        Self {
            body: ActivityQueryRequest {
                semester_ids: None,
                activity_ids: id_texts(activity_ids),
            },
            params: UserIdTypeQuery::default(),
        }
    }

    /// `open_id` (default), `union_id` or `user_id`: how `create_user_id` and
    /// `modify_user_id` name users.
    pub fn user_id_type(mut self, kind: impl Into<String>) -> Self {
        self.params.user_id_type = Some(kind.into());
        self
    }
}

/// A reviewee query: a semester's reviewees, optionally only some users or activities.
#[derive(Clone, Debug, Default)]
pub struct RevieweeQuery {
    body: RevieweeQueryRequest,
    params: PagedUserQuery,
}

impl RevieweeQuery {
    /// The reviewees of this semester.
    pub fn semester(semester_id: impl Into<String>) -> Self {
        Self {
            body: RevieweeQueryRequest {
                semester_id: Some(NumberText(semester_id.into())),
                ..RevieweeQueryRequest::default()
            },
            params: PagedUserQuery::default(),
        }
    }

    /// Only these users (read per `user_id_type`); those who are not reviewees are left out.
    pub fn users(mut self, user_ids: &[&str]) -> Self {
        self.body.user_ids = user_list(user_ids);
        self
    }

    /// Only reviewees of these activities.
    pub fn activities(mut self, activity_ids: &[&str]) -> Self {
        self.body.activity_ids = id_texts(activity_ids);
        self
    }

    /// Reviewees per page: 1 to 50 (default 20).
    pub fn page_size(mut self, size: i64) -> Self {
        self.params.page_size = Some(size.to_string());
        self
    }

    /// `open_id` (default), `union_id` or `user_id`.
    pub fn user_id_type(mut self, kind: impl Into<String>) -> Self {
        self.params.user_id_type = Some(kind.into());
        self
    }
}

/// An indicator query: all indicators, or those of `ids`.
#[derive(Clone, Debug, Default)]
pub struct IndicatorQuery {
    body: IndicatorQueryRequest,
    params: PageQuery,
}

impl IndicatorQuery {
    /// Every indicator of the tenant.
    pub fn all() -> Self {
        Self::default()
    }

    /// Only these indicators (unknown ones are left out).
    pub fn ids(mut self, indicator_ids: &[&str]) -> Self {
        self.body.indicator_ids = id_texts(indicator_ids);
        self
    }

    /// Indicators per page: 1 to 50 (default 20).
    pub fn page_size(mut self, size: i64) -> Self {
        self.params.page_size = Some(size.to_string());
        self
    }
}

/// A tag-based question query: all questions, or those of `ids`.
#[derive(Clone, Debug, Default)]
pub struct QuestionQuery {
    body: QuestionQueryRequest,
    params: PageQuery,
}

impl QuestionQuery {
    /// Every tag-based question of the tenant.
    pub fn all() -> Self {
        Self::default()
    }

    /// Only these questions (unknown ones are left out).
    pub fn ids(mut self, question_ids: &[&str]) -> Self {
        self.body.tag_based_question_ids = id_texts(question_ids);
        self
    }

    /// Questions per page: 1 to 50 (default 20).
    pub fn page_size(mut self, size: i64) -> Self {
        self.params.page_size = Some(size.to_string());
        self
    }
}

/// A user-group write: the group's new members, replacing the old ones.
#[derive(Clone, Debug, Default)]
pub struct UserGroupWrite {
    body: GroupWriteRequest,
    params: ClientTokenQuery,
}

impl UserGroupWrite {
    /// Replace the members of `group_id` with `user_ids` (none: empty the group). The
    /// `client_token` makes the write idempotent: a token used before is refused (1580110)
    /// and changes nothing.
    pub fn new(
        group_id: impl Into<String>,
        client_token: impl Into<String>,
        user_ids: &[&str],
    ) -> Self {
        Self {
            body: GroupWriteRequest {
                group_id: Some(group_id.into()),
                scope_visible_setting: None,
                user_ids: Some(user_ids.iter().map(|u| (*u).to_owned()).collect()),
            },
            params: ClientTokenQuery {
                client_token: Some(client_token.into()),
                user_id_type: None,
            },
        }
    }

    /// 0 or 1: the group's visibility setting.
    pub fn scope_visible_setting(mut self, setting: i64) -> Self {
        self.body.scope_visible_setting = Some(setting.into());
        self
    }

    /// `open_id` (default), `union_id` or `user_id`: how `user_ids` and the answer name users.
    pub fn user_id_type(mut self, kind: impl Into<String>) -> Self {
        self.params.user_id_type = Some(kind.into());
        self
    }
}

/// A query of the performance module's view of users: some reviewees of a semester, with the
/// department, leader, job family and level it recorded for them.
#[derive(Clone, Debug, Default)]
pub struct UserInfoQuery {
    body: UserInfoRequest,
    params: openwork_wire::feishu::performance::UserInfoQuery,
}

impl UserInfoQuery {
    /// These users (1 to 10, read per `user_id_type`) in this semester; those who are not its
    /// reviewees are left out.
    pub fn semester(semester_id: impl Into<String>, user_ids: &[&str]) -> Self {
        Self {
            body: UserInfoRequest {
                semester_id: Some(NumberText(semester_id.into())),
                user_ids: user_list(user_ids),
            },
            params: Default::default(),
        }
    }

    /// `open_id` (default), `union_id` or `user_id`.
    pub fn user_id_type(mut self, kind: impl Into<String>) -> Self {
        self.params.user_id_type = Some(kind.into());
        self
    }

    /// `open_department_id` (default) or `department_id`.
    pub fn department_id_type(mut self, kind: impl Into<String>) -> Self {
        self.params.department_id_type = Some(kind.into());
        self
    }

    fn query(&self) -> Vec<(&'static str, String)> {
        let fields = [
            ("user_id_type", &self.params.user_id_type),
            ("department_id_type", &self.params.department_id_type),
        ];
        fields
            .into_iter()
            .filter_map(|(name, value)| value.clone().map(|v| (name, v)))
            .collect()
    }
}

/// A v1 review-data query: some reviewees' results in the listed semesters, or in the
/// semesters that lie within a time window.
#[derive(Clone, Debug, Default)]
pub struct ReviewDataV1Query {
    body: ReviewDataV1Request,
    params: UserIdTypeQuery,
}

impl ReviewDataV1Query {
    /// The results of these reviewees (1 to 50, read per `user_id_type`) in these semesters.
    pub fn semesters(semester_ids: &[&str], reviewee_ids: &[&str]) -> Self {
        Self {
            body: ReviewDataV1Request {
                semester_id_list: id_texts(semester_ids),
                reviewee_user_id_list: user_list(reviewee_ids),
                ..ReviewDataV1Request::default()
            },
            params: UserIdTypeQuery::default(),
        }
    }

    /// The results of these reviewees in the semesters that start and end within this window
    /// (epoch milliseconds, inclusive).
    pub fn between(start_millis: i64, end_millis: i64, reviewee_ids: &[&str]) -> Self {
        Self {
            body: ReviewDataV1Request {
                start_time: Some(start_millis.into()),
                end_time: Some(end_millis.into()),
                reviewee_user_id_list: user_list(reviewee_ids),
                ..ReviewDataV1Request::default()
            },
            params: UserIdTypeQuery::default(),
        }
    }

    /// Only stages of these types (`leader_review`, `communication_and_open_result`,
    /// `view_result`; all three when none are given).
    pub fn stage_types(mut self, types: &[&str]) -> Self {
        self.body.stage_types = user_list(types);
        self
    }

    /// Only records with these progresses.
    pub fn stage_progress(mut self, progresses: &[i64]) -> Self {
        self.body.stage_progress = Some(progresses.iter().map(|p| (*p).into()).collect());
        self
    }

    /// Only records changed after this instant (epoch milliseconds).
    pub fn updated_later_than(mut self, millis: i64) -> Self {
        self.body.updated_later_than = Some(millis.into());
        self
    }

    /// `open_id` (default), `union_id` or `user_id`.
    pub fn user_id_type(mut self, kind: impl Into<String>) -> Self {
        self.params.user_id_type = Some(kind.into());
        self
    }
}

/// A v2 review-data query: some reviewees' results in some semesters, of the stages asked
/// for by ID or by type (with neither, no stage data).
#[derive(Clone, Debug, Default)]
pub struct ReviewDataV2Query {
    body: ReviewDataV2Request,
    params: UserIdTypeQuery,
}

impl ReviewDataV2Query {
    /// The results of these reviewees (1 to 10, read per `user_id_type`) in these semesters
    /// (1 to 10).
    pub fn semesters(semester_ids: &[&str], reviewee_ids: &[&str]) -> Self {
        Self {
            body: ReviewDataV2Request {
                semester_ids: id_texts(semester_ids),
                reviewee_user_ids: user_list(reviewee_ids),
                ..ReviewDataV2Request::default()
            },
            params: UserIdTypeQuery::default(),
        }
    }

    /// Stages of these types (`calibration` is never reported).
    pub fn stage_types(mut self, types: &[&str]) -> Self {
        self.body.stage_types = user_list(types);
        self
    }

    /// These stages (they win over `stage_types`).
    pub fn stage_ids(mut self, stage_ids: &[&str]) -> Self {
        self.body.stage_ids = id_texts(stage_ids);
        self
    }

    /// Only `review` stages filled in by these roles (other stage types are kept).
    pub fn review_stage_roles(mut self, roles: &[&str]) -> Self {
        self.body.review_stage_roles = user_list(roles);
        self
    }

    /// Only records with these progresses.
    pub fn stage_progresses(mut self, progresses: &[i64]) -> Self {
        self.body.stage_progresses = Some(progresses.iter().map(|p| (*p).into()).collect());
        self
    }

    /// Only records changed after this instant (epoch milliseconds).
    pub fn updated_later_than(mut self, millis: i64) -> Self {
        self.body.updated_later_than = Some(millis.into());
        self
    }

    /// Whether to ask for the data source of leader reviews.
    pub fn need_leader_review_data_source(mut self, need: bool) -> Self {
        self.body.need_leader_review_data_source = Some(need);
        self
    }

    /// `open_id` (default), `union_id` or `user_id`.
    pub fn user_id_type(mut self, kind: impl Into<String>) -> Self {
        self.params.user_id_type = Some(kind.into());
        self
    }
}

/// One item of an [`AdditionalInfoImport`] (补充信息): a fact about a reviewee. The import
/// updates the stored item with its `item_id`, else the one with its `external_id`, else one
/// with the same reviewee, item, time and description; otherwise it creates a new item.
#[derive(Clone, Debug, Default)]
pub struct AdditionalInfoItem(AdditionalInformation);

impl AdditionalInfoItem {
    /// A fact about `reviewee_user_id` (read per the import's `user_id_type`), who must be
    /// reviewed in the semester (else 1580111). `time` is free text.
    pub fn new(
        reviewee_user_id: impl Into<String>,
        item: impl Into<String>,
        time: impl Into<String>,
        detailed_description: impl Into<String>,
    ) -> Self {
        Self(AdditionalInformation {
            reviewee_user_id: Some(reviewee_user_id.into()),
            item: Some(item.into()),
            time: Some(time.into()),
            detailed_description: Some(detailed_description.into()),
            ..AdditionalInformation::default()
        })
    }

    /// Update the stored item with this ID (an unknown one is 1580201).
    pub fn item_id(mut self, item_id: impl Into<String>) -> Self {
        self.0.item_id = Some(NumberText(item_id.into()));
        self
    }

    /// The caller's own ID for the item, unique within the semester: an import with it updates
    /// the item that holds it.
    pub fn external_id(mut self, external_id: impl Into<String>) -> Self {
        self.0.external_id = Some(external_id.into());
        self
    }
}

/// An additional-information import: items to create or update in a semester, all or none.
#[derive(Clone, Debug, Default)]
pub struct AdditionalInfoImport {
    body: AdditionalInfoImportRequest,
    params: ClientTokenQuery,
}

impl AdditionalInfoImport {
    /// Import `items` (1 to 1,000) into `semester_id`. The `client_token` makes the import
    /// idempotent: a token used before is refused (1580110) and nothing is applied.
    pub fn new(
        semester_id: impl Into<String>,
        client_token: impl Into<String>,
        items: impl IntoIterator<Item = AdditionalInfoItem>,
    ) -> Self {
        Self {
            body: AdditionalInfoImportRequest {
                semester_id: Some(NumberText(semester_id.into())),
                additional_informations: Some(items.into_iter().map(|i| i.0).collect()),
                import_record_name: None,
            },
            params: ClientTokenQuery {
                client_token: Some(client_token.into()),
                user_id_type: None,
            },
        }
    }

    /// The name of the import record.
    pub fn import_record_name(mut self, name: impl Into<String>) -> Self {
        self.body.import_record_name = Some(name.into());
        self
    }

    /// `open_id` (default), `union_id` or `user_id`: how the items and the answer name
    /// reviewees.
    pub fn user_id_type(mut self, kind: impl Into<String>) -> Self {
        self.params.user_id_type = Some(kind.into());
        self
    }
}

/// An additional-information query: a semester's items, or only those of the first filter
/// given, in the order item IDs, external IDs, reviewees.
#[derive(Clone, Debug, Default)]
pub struct AdditionalInfoQuery {
    body: AdditionalInfoQueryRequest,
    params: PagedUserQuery,
}

impl AdditionalInfoQuery {
    /// Every item of this semester.
    pub fn semester(semester_id: impl Into<String>) -> Self {
        Self {
            body: AdditionalInfoQueryRequest {
                semester_id: Some(NumberText(semester_id.into())),
                ..AdditionalInfoQueryRequest::default()
            },
            params: PagedUserQuery::default(),
        }
    }

    /// Only the items with these IDs (this filter wins over the others).
    pub fn item_ids(mut self, item_ids: &[&str]) -> Self {
        self.body.item_ids = id_texts(item_ids);
        self
    }

    /// Only the items with these external IDs (this filter wins over `reviewees`).
    pub fn external_ids(mut self, external_ids: &[&str]) -> Self {
        self.body.external_ids = user_list(external_ids);
        self
    }

    /// Only the items about these reviewees (read per `user_id_type`).
    pub fn reviewees(mut self, user_ids: &[&str]) -> Self {
        self.body.reviewee_user_ids = user_list(user_ids);
        self
    }

    /// Items per page.
    pub fn page_size(mut self, size: i64) -> Self {
        self.params.page_size = Some(size.to_string());
        self
    }

    /// `open_id` (default), `union_id` or `user_id`.
    pub fn user_id_type(mut self, kind: impl Into<String>) -> Self {
        self.params.user_id_type = Some(kind.into());
        self
    }
}

impl FeishuClient {
    /// `POST /open-apis/performance/v2/activity/query`: the query's activities, in ID order.
    pub async fn query_activities(&self, query: &ActivityQuery) -> Result<Vec<Activity>, SdkError> {
        let data: ActivityQueryData = self
            .call(
                Method::POST,
                "/open-apis/performance/v2/activity/query",
                &user_id_type_pairs(&query.params),
                Some(&query.body),
                Auth::Tenant,
            )
            .await?;
        Ok(data.activities)
    }

    /// `POST /open-apis/performance/v2/reviewees/query`: one page (`page_token` from the
    /// previous one).
    pub async fn query_reviewees(
        &self,
        query: &RevieweeQuery,
        page_token: Option<&str>,
    ) -> Result<RevieweeQueryData, SdkError> {
        self.call(
            Method::POST,
            "/open-apis/performance/v2/reviewees/query",
            &paged_user_pairs(&query.params, page_token),
            Some(&query.body),
            Auth::Tenant,
        )
        .await
    }

    /// Every reviewee of the query, by `user_id`, walking every page.
    pub fn reviewees(
        &self,
        query: RevieweeQuery,
    ) -> impl Stream<Item = Result<Reviewee, SdkError>> + '_ {
        pages(move |token| {
            let query = query.clone();
            async move {
                let page = self.query_reviewees(&query, token.as_deref()).await?;
                Ok((
                    page.reviewees,
                    page.has_more.then_some(page.page_token).flatten(),
                ))
            }
        })
    }

    /// `POST /open-apis/performance/v2/indicators/query`: one page.
    pub async fn query_indicators(
        &self,
        query: &IndicatorQuery,
        page_token: Option<&str>,
    ) -> Result<IndicatorQueryData, SdkError> {
        let params = PageQuery {
            page_token: page_token.map(str::to_owned),
            ..query.params.clone()
        };
        self.call(
            Method::POST,
            "/open-apis/performance/v2/indicators/query",
            &page_pairs(&params),
            Some(&query.body),
            Auth::Tenant,
        )
        .await
    }

    /// Every indicator of the query, in ID order, walking every page.
    pub fn indicators(
        &self,
        query: IndicatorQuery,
    ) -> impl Stream<Item = Result<Indicator, SdkError>> + '_ {
        pages(move |token| {
            let query = query.clone();
            async move {
                let page = self.query_indicators(&query, token.as_deref()).await?;
                Ok((
                    page.indicators,
                    page.has_more.then_some(page.page_token).flatten(),
                ))
            }
        })
    }

    /// `POST /open-apis/performance/v2/questions/query`: one page.
    pub async fn query_questions(
        &self,
        query: &QuestionQuery,
        page_token: Option<&str>,
    ) -> Result<QuestionQueryData, SdkError> {
        let params = PageQuery {
            page_token: page_token.map(str::to_owned),
            ..query.params.clone()
        };
        self.call(
            Method::POST,
            "/open-apis/performance/v2/questions/query",
            &page_pairs(&params),
            Some(&query.body),
            Auth::Tenant,
        )
        .await
    }

    /// Every tag-based question of the query, in ID order, walking every page.
    pub fn questions(
        &self,
        query: QuestionQuery,
    ) -> impl Stream<Item = Result<Question, SdkError>> + '_ {
        pages(move |token| {
            let query = query.clone();
            async move {
                let page = self.query_questions(&query, token.as_deref()).await?;
                Ok((
                    page.tag_based_questions,
                    page.has_more.then_some(page.page_token).flatten(),
                ))
            }
        })
    }

    /// `POST /open-apis/performance/v2/user_group_user_rels/write`: the users now in the
    /// group, and those left out (`fail_code` 1: no such employee). The answer's nested `data`
    /// is unwrapped.
    pub async fn write_user_group_members(
        &self,
        write: &UserGroupWrite,
    ) -> Result<GroupWriteResult, SdkError> {
        let data: GroupWriteData = self
            .call(
                Method::POST,
                "/open-apis/performance/v2/user_group_user_rels/write",
                &client_token_pairs(&write.params),
                Some(&write.body),
                Auth::Tenant,
            )
            .await?;
        Ok(data.data)
    }

    /// `POST /open-apis/performance/v2/user_info/query`: the listed reviewees, in the caller's
    /// order, with the fields the app's `user_snapshot` scopes show.
    pub async fn query_user_infos(&self, query: &UserInfoQuery) -> Result<UserInfoData, SdkError> {
        self.call(
            Method::POST,
            "/open-apis/performance/v2/user_info/query",
            &query.query(),
            Some(&query.body),
            Auth::Tenant,
        )
        .await
    }

    /// `POST /open-apis/performance/v1/review_datas/query` with the tenant token: the
    /// visible results of the final-review, result-communication and view-result stages, with
    /// the semesters, activities, indicators, templates, units and fields they name.
    pub async fn query_review_datas_v1(
        &self,
        query: &ReviewDataV1Query,
    ) -> Result<ReviewDataV1Data, SdkError> {
        self.review_datas_v1(query, Auth::Tenant).await
    }

    /// `POST /open-apis/performance/v1/review_datas/query` with a user token: that user's own
    /// results only (listing anyone else is refused, 1580102).
    pub async fn query_review_datas_v1_as_user(
        &self,
        user_access_token: &str,
        query: &ReviewDataV1Query,
    ) -> Result<ReviewDataV1Data, SdkError> {
        self.review_datas_v1(query, Auth::User(user_access_token))
            .await
    }

    async fn review_datas_v1(
        &self,
        query: &ReviewDataV1Query,
        auth: Auth<'_>,
    ) -> Result<ReviewDataV1Data, SdkError> {
        self.call(
            Method::POST,
            "/open-apis/performance/v1/review_datas/query",
            &user_id_type_pairs(&query.params),
            Some(&query.body),
            auth,
        )
        .await
    }

    /// `POST /open-apis/performance/v2/review_datas/query`: the visible results of the
    /// query's stages, one profile per reviewee and activity.
    pub async fn query_review_datas_v2(
        &self,
        query: &ReviewDataV2Query,
    ) -> Result<ReviewDataV2Data, SdkError> {
        self.call(
            Method::POST,
            "/open-apis/performance/v2/review_datas/query",
            &user_id_type_pairs(&query.params),
            Some(&query.body),
            Auth::Tenant,
        )
        .await
    }

    /// `POST /open-apis/performance/v2/additional_informations/import`: the import record's ID
    /// and the items as stored, in the import's order (created ones with their new
    /// `item_id`s). The whole import is checked first: any refusal writes nothing.
    pub async fn import_additional_infos(
        &self,
        import: &AdditionalInfoImport,
    ) -> Result<AdditionalInfoImportData, SdkError> {
        self.call(
            Method::POST,
            "/open-apis/performance/v2/additional_informations/import",
            &client_token_pairs(&import.params),
            Some(&import.body),
            Auth::Tenant,
        )
        .await
    }

    /// `POST /open-apis/performance/v2/additional_informations/query`: one page (`page_token`
    /// from the previous one), by `item_id`.
    pub async fn query_additional_infos(
        &self,
        query: &AdditionalInfoQuery,
        page_token: Option<&str>,
    ) -> Result<AdditionalInfoQueryData, SdkError> {
        self.call(
            Method::POST,
            "/open-apis/performance/v2/additional_informations/query",
            &paged_user_pairs(&query.params, page_token),
            Some(&query.body),
            Auth::Tenant,
        )
        .await
    }

    /// Every item of the query, by `item_id`, walking every page.
    pub fn additional_infos(
        &self,
        query: AdditionalInfoQuery,
    ) -> impl Stream<Item = Result<AdditionalInformation, SdkError>> + '_ {
        pages(move |token| {
            let query = query.clone();
            async move {
                let page = self
                    .query_additional_infos(&query, token.as_deref())
                    .await?;
                Ok((
                    page.additional_informations,
                    page.has_more.then_some(page.page_token).flatten(),
                ))
            }
        })
    }

    /// `DELETE /open-apis/performance/v2/additional_informations/batch`: deletes these items
    /// of the semester, all or none (an ID not in the semester is 1580201 and nothing is
    /// deleted). Answers the IDs deleted, in the listed order.
    pub async fn delete_additional_infos(
        &self,
        semester_id: &str,
        item_ids: &[&str],
    ) -> Result<Vec<String>, SdkError> {
        let body = AdditionalInfoDeleteRequest {
            semester_id: Some(NumberText(semester_id.to_owned())),
            additional_informations: id_texts(item_ids),
        };
        let data: AdditionalInfoDeleteData = self
            .call(
                Method::DELETE,
                "/open-apis/performance/v2/additional_informations/batch",
                &[],
                Some(&body),
                Auth::Tenant,
            )
            .await?;
        Ok(data.additional_informations)
    }
}

/// A metric-tag list (指标标签): every tag, page by page, or the listed tags in one page.
#[derive(Clone, Debug, Default)]
pub struct MetricTagQuery {
    tag_ids: Vec<String>,
    page_size: Option<String>,
}

impl MetricTagQuery {
    /// Every metric tag of the tenant, by `tag_id`.
    pub fn all() -> Self {
        Self::default()
    }

    /// Only these tags, in one page (unknown ones are left out).
    pub fn ids(mut self, tag_ids: &[&str]) -> Self {
        self.tag_ids = tag_ids.iter().map(|id| (*id).to_owned()).collect();
        self
    }

    /// Tags per page: 1 to 50 (default 20).
    pub fn page_size(mut self, size: i64) -> Self {
        self.page_size = Some(size.to_string());
        self
    }

    /// The query string: `tag_ids` repeated for each tag, as the vendor's SDKs send it.
    fn query(&self, page_token: Option<&str>) -> Vec<(&'static str, String)> {
        let mut pairs: Vec<_> = self
            .tag_ids
            .iter()
            .map(|id| ("tag_ids", id.clone()))
            .collect();
        pairs.extend(self.page_size.clone().map(|size| ("page_size", size)));
        pairs.extend(page_token.map(|token| ("page_token", token.to_owned())));
        pairs
    }
}

/// A metric-library query (指标库): every metric, or those every filter given lets through.
#[derive(Clone, Debug, Default)]
pub struct MetricLibQuery {
    body: MetricLibQueryRequest,
    params: PagedUserQuery,
}

impl MetricLibQuery {
    /// Every metric of the library, by `metric_id`.
    pub fn all() -> Self {
        Self::default()
    }

    /// Only active (`true`) or inactive (`false`) metrics.
    pub fn is_active(mut self, active: bool) -> Self {
        self.body.is_active = Some(active);
        self
    }

    /// Only metrics with any of these tags.
    pub fn tags(mut self, tag_ids: &[&str]) -> Self {
        self.body.tag_ids = id_texts(tag_ids);
        self
    }

    /// Only metrics of these types.
    pub fn types(mut self, type_ids: &[&str]) -> Self {
        self.body.type_ids = id_texts(type_ids);
        self
    }

    /// Only metrics available to `admins_and_reviewees` or `only_admins`.
    pub fn range_of_availability(mut self, range: impl Into<String>) -> Self {
        self.body.range_of_availability = Some(range.into());
        self
    }

    /// Only metrics scored this way: `score_manually` or `score_by_formula`.
    pub fn scoring_setting_type(mut self, kind: impl Into<String>) -> Self {
        self.body.scoring_setting_type = Some(kind.into());
        self
    }

    /// Metrics per page: 1 to 50 (default 20).
    pub fn page_size(mut self, size: i64) -> Self {
        self.params.page_size = Some(size.to_string());
        self
    }

    /// `open_id` (default), `union_id` or `user_id`: how a `person` field's value and the
    /// data-source inputters name users.
    pub fn user_id_type(mut self, kind: impl Into<String>) -> Self {
        self.params.user_id_type = Some(kind.into());
        self
    }
}

/// A metric-template query (指标模板): every template, or those every filter given lets through
/// (the listed ones, of one status).
#[derive(Clone, Debug, Default)]
pub struct MetricTemplateQuery {
    body: MetricTemplateQueryRequest,
    params: PagedUserQuery,
}

impl MetricTemplateQuery {
    /// Every metric template of the tenant, by ID.
    pub fn all() -> Self {
        Self::default()
    }

    /// Only these templates (unknown ones are left out).
    pub fn ids(mut self, template_ids: &[&str]) -> Self {
        self.body.metrics_template_ids = id_texts(template_ids);
        self
    }

    /// Only templates of this status: `to_be_configured`, `to_be_activated`, `enabled` or
    /// `disabled`.
    pub fn status(mut self, status: impl Into<String>) -> Self {
        self.body.status = Some(status.into());
        self
    }

    /// Templates per page: 1 to 50 (default 20).
    pub fn page_size(mut self, size: i64) -> Self {
        self.params.page_size = Some(size.to_string());
        self
    }

    /// `open_id` (default), `union_id` or `user_id`: how the metrics' `person` field values and
    /// data-source inputters name users.
    pub fn user_id_type(mut self, kind: impl Into<String>) -> Self {
        self.params.user_id_type = Some(kind.into());
        self
    }
}

/// One reviewee's metric in a [`MetricDetailImport`] (指标明细): values of some of its fields.
/// Only fields the admin does not fill in take values (else 1580311).
#[derive(Clone, Debug, Default)]
pub struct MetricDetailItem(ImportedMetric);

impl MetricDetailItem {
    /// Values of `metric_id` for `reviewee_user_id` (read per the import's `user_id_type`): a
    /// metric of the metric template of the activity that reviews them (else 1580312).
    pub fn new(reviewee_user_id: impl Into<String>, metric_id: impl Into<String>) -> Self {
        Self(ImportedMetric {
            reviewee_user_id: Some(reviewee_user_id.into()),
            metric_id: Some(NumberText(metric_id.into())),
            fields: Some(Vec::new()),
        })
    }

    /// The value of a `text`, `number` or `pencentage` field (numbers as plain decimals, like
    /// `87.5`).
    pub fn value(self, field_id: impl Into<String>, value: impl Into<String>) -> Self {
        self.field(ImportedMetricField {
            field_id: Some(NumberText(field_id.into())),
            field_value: Some(value.into()),
            field_value_person: None,
        })
    }

    /// The user of a `person` field (read per the import's `user_id_type`).
    pub fn person(self, field_id: impl Into<String>, user_id: impl Into<String>) -> Self {
        self.field(ImportedMetricField {
            field_id: Some(NumberText(field_id.into())),
            field_value: None,
            field_value_person: Some(user_id.into()),
        })
    }

    /// Any field value, as written (for values the two helpers above do not build).
    pub fn field(mut self, field: ImportedMetricField) -> Self {
        self.0.fields.get_or_insert_with(Vec::new).push(field);
        self
    }
}

/// A metric-detail import: reviewees' metric values to write into a semester, all or none.
#[derive(Clone, Debug, Default)]
pub struct MetricDetailImport {
    body: MetricDetailImportRequest,
    params: ClientTokenQuery,
}

impl MetricDetailImport {
    /// Import `metrics` (1 to 50) into `semester_id`, which must not have ended. The
    /// `client_token` makes the import idempotent: a token used before is refused (1580110) and
    /// nothing is written.
    pub fn new(
        semester_id: impl Into<String>,
        client_token: impl Into<String>,
        metrics: impl IntoIterator<Item = MetricDetailItem>,
    ) -> Self {
        Self {
            body: MetricDetailImportRequest {
                semester_id: Some(NumberText(semester_id.into())),
                import_record_name: None,
                imported_metrics: Some(metrics.into_iter().map(|m| m.0).collect()),
            },
            params: ClientTokenQuery {
                client_token: Some(client_token.into()),
                user_id_type: None,
            },
        }
    }

    /// The name of the import record (default `API 录入`).
    pub fn import_record_name(mut self, name: impl Into<String>) -> Self {
        self.body.import_record_name = Some(name.into());
        self
    }

    /// `open_id` (default), `union_id` or `user_id`: how reviewees and `person` values name
    /// users.
    pub fn user_id_type(mut self, kind: impl Into<String>) -> Self {
        self.params.user_id_type = Some(kind.into());
        self
    }
}

/// A metric-detail query: the metrics of some reviewees of a semester, with their values.
#[derive(Clone, Debug, Default)]
pub struct MetricDetailQuery {
    body: MetricDetailQueryRequest,
    params: UserIdTypeQuery,
}

impl MetricDetailQuery {
    /// The metrics of these reviewees (1 to 50, read per `user_id_type`) in this semester;
    /// users without metrics there are left out.
    pub fn reviewees(semester_id: impl Into<String>, user_ids: &[&str]) -> Self {
        Self {
            body: MetricDetailQueryRequest {
                semester_id: Some(NumberText(semester_id.into())),
                reviewee_user_ids: Some(user_ids.iter().map(|u| (*u).to_owned()).collect()),
            },
            params: UserIdTypeQuery::default(),
        }
    }

    /// `open_id` (default), `union_id` or `user_id`: how the listed reviewees and the answer
    /// name users.
    pub fn user_id_type(mut self, kind: impl Into<String>) -> Self {
        self.params.user_id_type = Some(kind.into());
        self
    }
}

impl FeishuClient {
    /// `GET /open-apis/performance/v2/metric_tags`: one page (`page_token` from the previous
    /// one), by `tag_id`; the listed tags come in one page.
    pub async fn list_metric_tags(
        &self,
        query: &MetricTagQuery,
        page_token: Option<&str>,
    ) -> Result<MetricTagData, SdkError> {
        self.call(
            Method::GET,
            "/open-apis/performance/v2/metric_tags",
            &query.query(page_token),
            None::<&()>,
            Auth::Tenant,
        )
        .await
    }

    /// Every metric tag of the query, by `tag_id`, walking every page.
    pub fn metric_tags(
        &self,
        query: MetricTagQuery,
    ) -> impl Stream<Item = Result<MetricTag, SdkError>> + '_ {
        pages(move |token| {
            let query = query.clone();
            async move {
                let page = self.list_metric_tags(&query, token.as_deref()).await?;
                Ok((
                    page.items,
                    page.has_more.then_some(page.page_token).flatten(),
                ))
            }
        })
    }

    /// `POST /open-apis/performance/v2/metric_fields/query`: these metric fields, or every
    /// field when none are listed, by `field_id`, in one answer (the vendor does not page it).
    pub async fn query_metric_fields(
        &self,
        field_ids: &[&str],
    ) -> Result<Vec<MetricField>, SdkError> {
        let body = MetricFieldQueryRequest {
            field_ids: id_texts(field_ids),
        };
        let data: MetricFieldData = self
            .call(
                Method::POST,
                "/open-apis/performance/v2/metric_fields/query",
                &[],
                Some(&body),
                Auth::Tenant,
            )
            .await?;
        Ok(data.items)
    }

    /// `POST /open-apis/performance/v2/metric_libs/query`: one page (`page_token` from the
    /// previous one) of the metric library, by `metric_id`.
    pub async fn query_metric_lib(
        &self,
        query: &MetricLibQuery,
        page_token: Option<&str>,
    ) -> Result<MetricLibData, SdkError> {
        self.call(
            Method::POST,
            "/open-apis/performance/v2/metric_libs/query",
            &paged_user_pairs(&query.params, page_token),
            Some(&query.body),
            Auth::Tenant,
        )
        .await
    }

    /// Every metric of the query, by `metric_id`, walking every page.
    pub fn metric_lib(
        &self,
        query: MetricLibQuery,
    ) -> impl Stream<Item = Result<MetricInLibrary, SdkError>> + '_ {
        pages(move |token| {
            let query = query.clone();
            async move {
                let page = self.query_metric_lib(&query, token.as_deref()).await?;
                Ok((
                    page.items,
                    page.has_more.then_some(page.page_token).flatten(),
                ))
            }
        })
    }

    /// `POST /open-apis/performance/v2/metric_templates/query`: one page (`page_token` from the
    /// previous one) of the metric templates, by ID, each with its dimensions and the library
    /// metrics it sets.
    pub async fn query_metric_templates(
        &self,
        query: &MetricTemplateQuery,
        page_token: Option<&str>,
    ) -> Result<MetricTemplateData, SdkError> {
        self.call(
            Method::POST,
            "/open-apis/performance/v2/metric_templates/query",
            &paged_user_pairs(&query.params, page_token),
            Some(&query.body),
            Auth::Tenant,
        )
        .await
    }

    /// Every metric template of the query, by ID, walking every page.
    pub fn metric_templates(
        &self,
        query: MetricTemplateQuery,
    ) -> impl Stream<Item = Result<MetricTemplate, SdkError>> + '_ {
        pages(move |token| {
            let query = query.clone();
            async move {
                let page = self
                    .query_metric_templates(&query, token.as_deref())
                    .await?;
                Ok((
                    page.items,
                    page.has_more.then_some(page.page_token).flatten(),
                ))
            }
        })
    }

    /// `POST /open-apis/performance/v2/metric_details/import`: the import record's ID. The
    /// whole import is checked first: any refusal writes nothing.
    pub async fn import_metric_details(
        &self,
        import: &MetricDetailImport,
    ) -> Result<String, SdkError> {
        let data: MetricDetailImportData = self
            .call(
                Method::POST,
                "/open-apis/performance/v2/metric_details/import",
                &client_token_pairs(&import.params),
                Some(&import.body),
                Auth::Tenant,
            )
            .await?;
        Ok(data.import_record_id)
    }

    /// `POST /open-apis/performance/v2/metric_details/query`: one entry per metric of each
    /// listed reviewee (in the order listed, then the template's), every field with its value:
    /// the last one written, else the library's.
    pub async fn query_metric_details(
        &self,
        query: &MetricDetailQuery,
    ) -> Result<MetricDetailQueryData, SdkError> {
        self.call(
            Method::POST,
            "/open-apis/performance/v2/metric_details/query",
            &user_id_type_pairs(&query.params),
            Some(&query.body),
            Auth::Tenant,
        )
        .await
    }
}
