//! openwork's admin API (`/_openwork/v1`): load and export fixtures, reset, move clocks, look up
//! IDs, mint user tokens, and browse what the tenants hold (paged lists: pass each answer's
//! `next` as the following call's `after`).

use openwork_wire::admin::{
    AdminErrorBody, AppList, ClockChange, ClockNow, ContactJob, Deleted, Department, FixtureLoaded,
    Health, JobRunnerChange, JobRunnerState, JobStepDone, JobStepRequest, ListPage, PageQuery,
    Report, ResetDone, ResetQuery, SemesterList, Tasklist, TenantList, User, UserIds,
    UserStageTask, UserToken, UserTokenRequest,
};
use openwork_wire::dingtalk::workspace::Task;
use reqwest::{Method, RequestBuilder, Response};
use serde::de::DeserializeOwned;

use crate::{SdkError, segment};

/// A client of one openwork server's admin API.
#[derive(Clone, Debug)]
pub struct AdminClient {
    base_url: String,
    token: String,
    http: reqwest::Client,
}

impl AdminClient {
    /// `base_url` like `http://127.0.0.1:8900`; `token` is the server's admin token.
    pub fn new(base_url: impl Into<String>, token: impl Into<String>) -> Self {
        Self {
            base_url: base_url.into().trim_end_matches('/').to_owned(),
            token: token.into(),
            http: reqwest::Client::new(),
        }
    }

    pub(crate) fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, format!("{}/_openwork/v1{path}", self.base_url))
            .bearer_auth(&self.token)
    }

    pub(crate) async fn send<T: DeserializeOwned>(request: RequestBuilder) -> Result<T, SdkError> {
        let response = request.send().await?;
        decode(response).await
    }

    /// A call answered without a body (`204 No Content`).
    pub(crate) async fn send_bodiless(request: RequestBuilder) -> Result<(), SdkError> {
        let response = request.send().await?;
        if response.status().is_success() {
            Ok(())
        } else {
            decode(response).await
        }
    }

    /// Loads a fixture (YAML or JSON text); all of it or nothing.
    pub async fn load_fixture(&self, fixture: &str) -> Result<FixtureLoaded, SdkError> {
        Self::send(
            self.request(Method::POST, "/fixtures")
                .header("content-type", "application/yaml")
                .body(fixture.to_owned()),
        )
        .await
    }

    /// Every tenant (`None`) or one tenant as a fixture in YAML, which
    /// [`load_fixture`](Self::load_fixture) loads back to the same state (docs/fixtures.md,
    /// "Exporting a world").
    pub async fn export_fixture(&self, tenant_key: Option<&str>) -> Result<String, SdkError> {
        self.export_fixture_as(tenant_key, FixtureFormat::Yaml)
            .await
    }

    /// [`export_fixture`](Self::export_fixture) in the given format.
    pub async fn export_fixture_as(
        &self,
        tenant_key: Option<&str>,
        format: FixtureFormat,
    ) -> Result<String, SdkError> {
        let path = match tenant_key {
            Some(key) => tenant_path(key, "fixture"),
            None => "/fixture".to_owned(),
        };
        let response = self
            .request(Method::GET, &path)
            .query(&[("format", format.name())])
            .send()
            .await?;
        if response.status().is_success() {
            Ok(response.text().await?)
        } else {
            decode(response).await
        }
    }

    /// Deletes every tenant.
    pub async fn reset(&self) -> Result<ResetDone, SdkError> {
        Self::send(self.request(Method::POST, "/reset")).await
    }

    /// Deletes every tenant, then loads the built-in demo world again.
    pub async fn reset_to_demo(&self) -> Result<ResetDone, SdkError> {
        Self::send(
            self.request(Method::POST, "/reset")
                .query(&ResetQuery { demo: true }),
        )
        .await
    }

    /// Deletes one tenant and everything in it.
    pub async fn delete_tenant(&self, tenant_key: &str) -> Result<Deleted, SdkError> {
        Self::send(self.request(Method::DELETE, &format!("/tenants/{}", segment(tenant_key)))).await
    }

    /// Fixes, moves or releases a tenant's clock; answers its new "now".
    pub async fn change_clock(
        &self,
        tenant_key: &str,
        change: &ClockChange,
    ) -> Result<ClockNow, SdkError> {
        Self::send(
            self.request(Method::PUT, &tenant_path(tenant_key, "clock"))
                .json(change),
        )
        .await
    }

    /// How `app_id` sees a user of the tenant.
    pub async fn user_ids(
        &self,
        tenant_key: &str,
        user_id: &str,
        app_id: &str,
    ) -> Result<UserIds, SdkError> {
        Self::send(
            self.request(
                Method::GET,
                &tenant_path(tenant_key, &format!("users/{}/ids", segment(user_id))),
            )
            .query(&[("app_id", app_id)]),
        )
        .await
    }

    /// A user access token for `user_id` as `app_id`.
    pub async fn user_access_token(
        &self,
        tenant_key: &str,
        app_id: &str,
        user_id: &str,
    ) -> Result<UserToken, SdkError> {
        Self::send(
            self.request(Method::POST, &tenant_path(tenant_key, "user_access_tokens"))
                .json(&UserTokenRequest {
                    app_id: app_id.to_owned(),
                    user_id: user_id.to_owned(),
                }),
        )
        .await
    }

    /// What the DingTalk `workspace.tasklist.*` calls made of `userid`'s task list.
    pub async fn tasklist(&self, tenant_key: &str, userid: &str) -> Result<Tasklist, SdkError> {
        Self::send(self.request(
            Method::GET,
            &tenant_path(
                tenant_key,
                &format!("workspace/tasklists/{}", segment(userid)),
            ),
        ))
        .await
    }

    /// Pauses or resumes the batch-import job runners of every replica.
    pub async fn set_job_runner_paused(&self, paused: bool) -> Result<JobRunnerState, SdkError> {
        Self::send(
            self.request(Method::PUT, "/jobs/runner")
                .json(&JobRunnerChange { paused }),
        )
        .await
    }

    /// Applies the next `items` items of the queued batch jobs (the runners must be paused).
    pub async fn step_jobs(&self, items: i64) -> Result<JobStepDone, SdkError> {
        Self::send(
            self.request(Method::POST, "/jobs/runner/step")
                .json(&JobStepRequest { items: Some(items) }),
        )
        .await
    }

    /// Every tenant, by key, with its clock.
    pub async fn tenants(&self) -> Result<TenantList, SdkError> {
        Self::send(self.request(Method::GET, "/tenants")).await
    }

    /// A tenant's apps with their Feishu and DingTalk credentials.
    pub async fn apps(&self, tenant_key: &str) -> Result<AppList, SdkError> {
        Self::send(self.request(Method::GET, &tenant_path(tenant_key, "apps"))).await
    }

    /// A page of a tenant's users, by `user_id`.
    pub async fn users(
        &self,
        tenant_key: &str,
        page: &PageQuery,
    ) -> Result<ListPage<User>, SdkError> {
        self.list(&tenant_path(tenant_key, "users"), page).await
    }

    /// A page of a tenant's departments, by `department_id`.
    pub async fn departments(
        &self,
        tenant_key: &str,
        page: &PageQuery,
    ) -> Result<ListPage<Department>, SdkError> {
        self.list(&tenant_path(tenant_key, "departments"), page)
            .await
    }

    /// A tenant's semesters, each with its stages.
    pub async fn semesters(&self, tenant_key: &str) -> Result<SemesterList, SdkError> {
        Self::send(self.request(Method::GET, &tenant_path(tenant_key, "semesters"))).await
    }

    /// A page of a stage's tasks, by `user_id`, each with its status now.
    pub async fn stage_tasks(
        &self,
        tenant_key: &str,
        stage_id: &str,
        page: &PageQuery,
    ) -> Result<ListPage<UserStageTask>, SdkError> {
        let path = tenant_path(tenant_key, &format!("stages/{}/tasks", segment(stage_id)));
        self.list(&path, page).await
    }

    /// A page of a tenant's reports, newest first.
    pub async fn reports(
        &self,
        tenant_key: &str,
        page: &PageQuery,
    ) -> Result<ListPage<Report>, SdkError> {
        self.list(&tenant_path(tenant_key, "reports"), page).await
    }

    /// A page of a tenant's DingTalk workspace tasks, by `task_id`.
    pub async fn workspace_tasks(
        &self,
        tenant_key: &str,
        page: &PageQuery,
    ) -> Result<ListPage<Task>, SdkError> {
        self.list(&tenant_path(tenant_key, "workspace_tasks"), page)
            .await
    }

    /// A page of a tenant's contact batch-import jobs, newest first, with their progress.
    pub async fn contact_jobs(
        &self,
        tenant_key: &str,
        page: &PageQuery,
    ) -> Result<ListPage<ContactJob>, SdkError> {
        self.list(&tenant_path(tenant_key, "contact_jobs"), page)
            .await
    }

    async fn list<T: DeserializeOwned>(
        &self,
        path: &str,
        page: &PageQuery,
    ) -> Result<ListPage<T>, SdkError> {
        Self::send(self.request(Method::GET, path).query(page)).await
    }

    /// `{"status":"ok"}` once the server's database answers.
    /// The server's health: `ok`, or `unavailable` with its problem (HTTP 503 carries the
    /// same answer, so it is not an error here).
    pub async fn health(&self) -> Result<Health, SdkError> {
        let response = self
            .http
            .get(format!("{}/_openwork/v1/healthz", self.base_url))
            .send()
            .await?;
        if response.status() == reqwest::StatusCode::SERVICE_UNAVAILABLE {
            let status = response.status().as_u16();
            return response.json().await.map_err(|err| SdkError::Unexpected {
                status,
                detail: err.to_string(),
            });
        }
        decode(response).await
    }
}

/// How an exported fixture is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FixtureFormat {
    #[default]
    Yaml,
    Json,
}

impl FixtureFormat {
    /// Its name in `?format=`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Yaml => "yaml",
            Self::Json => "json",
        }
    }
}

/// `/tenants/{tenant}/{rest}`, the tenant's key escaped.
fn tenant_path(tenant_key: &str, rest: &str) -> String {
    format!("/tenants/{}/{rest}", segment(tenant_key))
}

async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, SdkError> {
    let status = response.status().as_u16();
    let bytes = response.bytes().await?;
    if (200..300).contains(&status) {
        serde_json::from_slice(&bytes).map_err(|err| SdkError::Unexpected {
            status,
            detail: err.to_string(),
        })
    } else {
        Err(SdkError::Admin {
            status,
            error: serde_json::from_slice::<AdminErrorBody>(&bytes)
                .ok()
                .map(|body| body.error),
        })
    }
}
