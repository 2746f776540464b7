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
