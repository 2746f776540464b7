//! A client of DingTalk's legacy server API (`oapi.dingtalk.com`, or openwork): the app's
//! `access_token` from `/gettoken`, cached and renewed 10 minutes before it expires, and the
//! workspace task family.

use std::time::{Duration, Instant};

use openwork_wire::dingtalk::workspace::{
    CreateTaskRequest, DeleteProjectTasksRequest, DeleteTaskRequest, GetTaskBySourceRequest,
    GetTaskRequest, ProjectTasklistRequest, Task, TaskInput, TasklistRequest, UpdateTaskRequest,
};
use openwork_wire::dingtalk::{TokenResponse, TopEnvelope};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tokio::sync::Mutex;

use crate::SdkError;

/// DingTalk's legacy gateway.
pub const OAPI: &str = "https://oapi.dingtalk.com";

const EARLY_EXPIRY: Duration = Duration::from_secs(600);

#[derive(Debug)]
struct CachedToken {
    token: String,
    renew_at: Instant,
}

/// A client of one internal app (its `appkey` and `appsecret`).
///
/// ```no_run
/// # async fn example() -> Result<(), openwork_sdk::SdkError> {
/// use openwork_sdk::dingtalk::DingTalkClient;
///
/// let client = DingTalkClient::new("dingdemo0000000001", "openwork-demo-dingtalk-secret")
///     .with_base_url("http://127.0.0.1:8900");
/// let task = client.task_by_source(Some("tb"), "tb_1").await?;
/// println!("{} ({})", task.subject, task.gmt_modified);
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct DingTalkClient {
    base_url: String,
    app_key: String,
    app_secret: String,
    http: reqwest::Client,
    token: Mutex<Option<CachedToken>>,
}

impl DingTalkClient {
    pub fn new(app_key: impl Into<String>, app_secret: impl Into<String>) -> Self {
        Self {
            base_url: OAPI.to_owned(),
            app_key: app_key.into(),
            app_secret: app_secret.into(),
            http: reqwest::Client::new(),
            token: Mutex::new(None),
        }
    }

    /// Another gateway, e.g. an openwork server (`http://127.0.0.1:8900`).
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into().trim_end_matches('/').to_owned();
        self
    }

    /// `GET /gettoken`: the cached token while it has more than 10 minutes left, else a new one.
    pub async fn access_token(&self) -> Result<String, SdkError> {
        let mut cached = self.token.lock().await;
        if let Some(token) = cached.as_ref().filter(|t| Instant::now() < t.renew_at) {
            return Ok(token.token.clone());
        }
        let response = self
            .http
            .get(format!("{}/gettoken", self.base_url))
            .query(&[("appkey", &self.app_key), ("appsecret", &self.app_secret)])
            .send()
            .await?;
        let status = response.status().as_u16();
        let body: TokenResponse = response.json().await.map_err(|err| SdkError::Unexpected {
            status,
            detail: err.to_string(),
        })?;
        let (0, Some(token)) = (body.errcode, body.access_token) else {
            return Err(SdkError::DingTalk {
                errcode: body.errcode,
                sub_code: None,
                errmsg: body.errmsg,
            });
        };
        let lifetime = Duration::from_secs(body.expires_in.unwrap_or(7200).max(0) as u64);
        *cached = Some(CachedToken {
            token: token.clone(),
            renew_at: Instant::now() + lifetime.saturating_sub(EARLY_EXPIRY),
        });
        Ok(token)
    }

    /// Calls a topapi API (`workspace/task/get` for `dingtalk.oapi.workspace.task.get`) with a
    /// JSON body; answers its `result` (unit for APIs without one).
    pub async fn call<T: DeserializeOwned>(
        &self,
        api_path: &str,
        params: &(impl Serialize + ?Sized),
    ) -> Result<Option<T>, SdkError> {
        let token = self.access_token().await?;
        let response = self
            .http
            .post(format!(
                "{}/topapi/{}",
                self.base_url,
                api_path.trim_start_matches('/')
            ))
            .query(&[("access_token", token)])
            .json(params)
            .send()
            .await?;
        let status = response.status().as_u16();
        let body: TopEnvelope<T> = response.json().await.map_err(|err| SdkError::Unexpected {
            status,
            detail: err.to_string(),
        })?;
        if body.errcode != 0 {
            return Err(SdkError::DingTalk {
                errcode: body.errcode,
                sub_code: body.sub_code,
                errmsg: body.errmsg,
            });
        }
        Ok(body.result)
    }

    async fn task_call(&self, api_path: &str, request: &impl Serialize) -> Result<Task, SdkError> {
        self.call(api_path, request)
            .await?
            .ok_or_else(|| SdkError::Unexpected {
                status: 200,
                detail: format!("{api_path} answered no task"),
            })
    }

    /// A call that answers no `result`.
    async fn command(&self, api_path: &str, request: &impl Serialize) -> Result<(), SdkError> {
        self.call::<Value>(api_path, request).await.map(drop)
    }

    /// `dingtalk.oapi.workspace.task.create`.
    pub async fn create_task(
        &self,
        operator_userid: &str,
        task: &TaskInput,
    ) -> Result<Task, SdkError> {
        let request = CreateTaskRequest {
            operator_userid: operator_userid.to_owned(),
            task: Some(task.clone()),
        };
        self.task_call("workspace/task/create", &request).await
    }

    /// `dingtalk.oapi.workspace.task.update`: absent fields stay, `""` clears a text,
    /// `"1970-01-01 08:00:00"` clears a date.
    pub async fn update_task(
        &self,
        operator_userid: &str,
        task_id: &str,
        task: &TaskInput,
    ) -> Result<(), SdkError> {
        let request = UpdateTaskRequest {
            task_id: task_id.to_owned(),
            operator_userid: Some(operator_userid.to_owned()),
            task: Some(task.clone()),
        };
        self.command("workspace/task/update", &request).await
    }

    /// `dingtalk.oapi.workspace.task.get`.
    pub async fn task(&self, task_id: &str) -> Result<Task, SdkError> {
        let request = GetTaskRequest {
            task_id: task_id.to_owned(),
        };
        self.task_call("workspace/task/get", &request).await
    }

    /// `dingtalk.oapi.workspace.task.getbysourceid` (`source` defaults to the app's own).
    pub async fn task_by_source(
        &self,
        source: Option<&str>,
        source_id: &str,
    ) -> Result<Task, SdkError> {
        let request = GetTaskBySourceRequest {
            source_id: source_id.to_owned(),
            source: source.map(str::to_owned),
        };
        self.task_call("workspace/task/getbysourceid", &request)
            .await
    }

    /// `dingtalk.oapi.workspace.task.delete`.
    pub async fn delete_task(&self, operator_userid: &str, task_id: &str) -> Result<(), SdkError> {
        let request = DeleteTaskRequest {
            operator_userid: operator_userid.to_owned(),
            task_id: task_id.to_owned(),
        };
        self.command("workspace/task/delete", &request).await
    }

    /// `dingtalk.oapi.workspace.task.deletebyproject`.
    pub async fn delete_project_tasks(
        &self,
        operator_userid: &str,
        project_id: &str,
    ) -> Result<(), SdkError> {
        let request = DeleteProjectTasksRequest {
            operator_userid: operator_userid.to_owned(),
            project_id: project_id.to_owned(),
        };
        self.command("workspace/task/deletebyproject", &request)
            .await
    }

    /// `addbyproject` and `hidebyproject`: who acts, whose list, which project.
    async fn change_project_tasklist(
        &self,
        api_path: &str,
        operator_userid: &str,
        userid: &str,
        project_id: &str,
    ) -> Result<(), SdkError> {
        let request = ProjectTasklistRequest {
            operator_userid: operator_userid.to_owned(),
            project_id: project_id.to_owned(),
            userid: userid.to_owned(),
        };
        self.command(api_path, &request).await
    }

    /// `hidebyorg` and `hidden.cancel`: who acts, whose list.
    async fn change_tasklist(
        &self,
        api_path: &str,
        operator_userid: &str,
        userid: &str,
    ) -> Result<(), SdkError> {
        let request = TasklistRequest {
            operator_userid: operator_userid.to_owned(),
            userid: userid.to_owned(),
        };
        self.command(api_path, &request).await
    }

    /// `dingtalk.oapi.workspace.tasklist.addbyproject`: shows the project's tasks in `userid`'s
    /// task list.
    pub async fn show_project_tasks(
        &self,
        operator_userid: &str,
        userid: &str,
        project_id: &str,
    ) -> Result<(), SdkError> {
        self.change_project_tasklist(
            "workspace/tasklist/addbyproject",
            operator_userid,
            userid,
            project_id,
        )
        .await
    }

    /// `dingtalk.oapi.workspace.tasklist.hidebyproject`: hides the project's tasks from
    /// `userid`'s task list.
    pub async fn hide_project_tasks(
        &self,
        operator_userid: &str,
        userid: &str,
        project_id: &str,
    ) -> Result<(), SdkError> {
        self.change_project_tasklist(
            "workspace/tasklist/hidebyproject",
            operator_userid,
            userid,
            project_id,
        )
        .await
    }

    /// `dingtalk.oapi.workspace.tasklist.hidebyorg`: hides every task of the organisation from
    /// `userid`'s task list.
    pub async fn hide_all_tasks(
        &self,
        operator_userid: &str,
        userid: &str,
    ) -> Result<(), SdkError> {
        self.change_tasklist("workspace/tasklist/hidebyorg", operator_userid, userid)
            .await
    }

    /// `dingtalk.oapi.workspace.tasklist.hidden.cancel`: undoes `hide_all_tasks`.
    pub async fn cancel_hidden_tasks(
        &self,
        operator_userid: &str,
        userid: &str,
    ) -> Result<(), SdkError> {
        self.change_tasklist("workspace/tasklist/hidden/cancel", operator_userid, userid)
            .await
    }
}
