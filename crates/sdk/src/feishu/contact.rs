//! `contact/v2` batch imports (no official SDK wraps them).

use openwork_wire::feishu::contact::*;
use reqwest::Method;

use super::{Auth, FeishuClient};
use crate::SdkError;

impl FeishuClient {
    /// `POST /open-apis/contact/v2/user/batch_add`: queues the import; answers its `task_id`.
    pub async fn batch_add_users(&self, users: Vec<BatchUser>) -> Result<String, SdkError> {
        let body = BatchAddUsersRequest {
            users: Some(users),
            need_send_notification: None,
        };
        let data: BatchAddData = self
            .call(
                Method::POST,
                "/open-apis/contact/v2/user/batch_add",
                &[],
                Some(&body),
                Auth::Tenant,
            )
            .await?;
        Ok(data.task_id)
    }

    /// `POST /open-apis/contact/v2/department/batch_add`.
    pub async fn batch_add_departments(
        &self,
        departments: Vec<BatchDepartment>,
    ) -> Result<String, SdkError> {
        let body = BatchAddDepartmentsRequest {
            departments: Some(departments),
        };
        let data: BatchAddData = self
            .call(
                Method::POST,
                "/open-apis/contact/v2/department/batch_add",
                &[],
                Some(&body),
                Auth::Tenant,
            )
            .await?;
        Ok(data.task_id)
    }

    /// `GET /open-apis/contact/v2/task/get`: a batch job's progress, and its items once done.
    pub async fn batch_task(&self, task_id: &str) -> Result<TaskData, SdkError> {
        self.call(
            Method::GET,
            "/open-apis/contact/v2/task/get",
            &[("task_id", task_id.to_owned())],
            None::<&()>,
            Auth::Tenant,
        )
        .await
    }
}
