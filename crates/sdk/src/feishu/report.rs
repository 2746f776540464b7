//! `report/v1`.

use futures::Stream;
use openwork_wire::feishu::Empty;
use openwork_wire::feishu::report::*;
use openwork_wire::lenient::NumberText;
use reqwest::Method;

use super::{Auth, FeishuClient};
use crate::SdkError;
use crate::paging::pages;

/// A report-task query: a commit-time window (Unix seconds, inclusive) and optional filters.
#[derive(Clone, Debug, Default)]
pub struct ReportTaskQuery {
    body: TaskQueryRequest,
    user_id_type: Option<String>,
}

impl ReportTaskQuery {
    pub fn committed_between(start_seconds: i64, end_seconds: i64) -> Self {
        Self {
            body: TaskQueryRequest {
                commit_start_time: Some(start_seconds.into()),
                commit_end_time: Some(end_seconds.into()),
                page_size: Some(20.into()),
                ..TaskQueryRequest::default()
            },
            user_id_type: None,
        }
    }

    pub fn rule(mut self, rule_id: impl Into<String>) -> Self {
        self.body.rule_id = Some(NumberText(rule_id.into()));
        self
    }

    /// Only reports this user sent (read per `user_id_type`).
    pub fn sender(mut self, user_id: impl Into<String>) -> Self {
        self.body.user_id = Some(user_id.into());
        self
    }

    /// 1 to 20 (default 20).
    pub fn page_size(mut self, size: i64) -> Self {
        self.body.page_size = Some(size.into());
        self
    }

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

fn user_id_type_query(user_id_type: Option<&str>) -> Vec<(&'static str, String)> {
    user_id_type
        .map(|t| vec![("user_id_type", t.to_owned())])
        .unwrap_or_default()
}

impl FeishuClient {
    /// `POST /open-apis/report/v1/tasks/query` with the tenant token: one page (`""` first).
    pub async fn query_report_tasks(
        &self,
        query: &ReportTaskQuery,
        page_token: &str,
    ) -> Result<TaskQueryData, SdkError> {
        let mut body = query.body.clone();
        body.page_token = Some(page_token.to_owned());
        self.call(
            Method::POST,
            "/open-apis/report/v1/tasks/query",
            &query.query(),
            Some(&body),
            Auth::Tenant,
        )
        .await
    }

    /// Every report of the query, newest first, walking every page.
    pub fn report_tasks(
        &self,
        query: ReportTaskQuery,
    ) -> impl Stream<Item = Result<ReportTask, SdkError>> + '_ {
        pages(move |token| {
            let query = query.clone();
            async move {
                let page = self
                    .query_report_tasks(&query, token.as_deref().unwrap_or_default())
                    .await?;
                Ok((
                    page.items,
                    page.has_more.then_some(page.page_token).flatten(),
                ))
            }
        })
    }

    /// `POST /open-apis/report/v1/tasks/query` with a user token: the reports that user sent
    /// and received in the window, in one answer.
    pub async fn query_report_tasks_as_user(
        &self,
        user_access_token: &str,
        query: &ReportTaskQuery,
    ) -> Result<TaskQueryData, SdkError> {
        let mut body = query.body.clone();
        body.page_token = Some(String::new());
        self.call(
            Method::POST,
            "/open-apis/report/v1/tasks/query",
            &query.query(),
            Some(&body),
            Auth::User(user_access_token),
        )
        .await
    }

    /// `GET /open-apis/report/v1/rules/query`: rules named exactly `rule_name`.
    pub async fn query_report_rules(
        &self,
        rule_name: &str,
        include_deleted: bool,
        user_id_type: Option<&str>,
    ) -> Result<Vec<Rule>, SdkError> {
        let mut pairs = user_id_type_query(user_id_type);
        pairs.push(("rule_name", rule_name.to_owned()));
        pairs.push(("include_deleted", i64::from(include_deleted).to_string()));
        let data: RuleQueryData = self
            .call(
                Method::GET,
                "/open-apis/report/v1/rules/query",
                &pairs,
                None::<&()>,
                Auth::Tenant,
            )
            .await?;
        Ok(data.rules)
    }

    /// `POST /open-apis/report/v1/rules/:rule_id/views/remove`: for these users, or everyone
    /// when none are given.
    pub async fn remove_report_rule_views(
        &self,
        rule_id: &str,
        user_ids: &[&str],
        user_id_type: Option<&str>,
    ) -> Result<(), SdkError> {
        let body = RemoveViewsRequest {
            user_ids: Some(user_ids.iter().map(|u| (*u).to_owned()).collect()),
        };
        let _: Empty = self
            .call(
                Method::POST,
                &format!(
                    "/open-apis/report/v1/rules/{}/views/remove",
                    crate::segment(rule_id)
                ),
                &user_id_type_query(user_id_type),
                Some(&body),
                Auth::Tenant,
            )
            .await?;
        Ok(())
    }
}
