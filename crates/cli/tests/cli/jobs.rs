//! Batch-import jobs survive crashes and are shared by replicas: every item applied exactly
//! once. On SQLite always, on PostgreSQL when `TEST_DATABASE_URL` is set (required in CI).

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::served::{Served, database, temp_dir};

const ADMIN: &str = "jobs-admin";
const FIXTURE: &str = "version: 1\ntenants:\n  - tenant_key: acme\n    apps: [{ app_id: cli_hr, app_secret: hr, scopes: [contact:contact] }]\n    departments: [{ department_id: eng, name: Engineering }]\n    users: [{ user_id: first, name: First, mobile: \"+8600\", department_ids: [eng] }]\n";

fn serve(db: &str, fixture: Option<&str>) -> Served {
    match fixture {
        Some(fixture) => Served::on(db, Some(ADMIN), &["--fixture", fixture]),
        None => Served::on(db, Some(ADMIN), &[]),
    }
}

fn fixture_file(label: &str) -> String {
    let path = temp_dir(label).join("fixture.yaml");
    std::fs::write(&path, FIXTURE).unwrap();
    path.display().to_string()
}

struct Client {
    http: reqwest::Client,
}

impl Client {
    fn new() -> Self {
        Self {
            http: reqwest::Client::new(),
        }
    }

    async fn token(&self, base: &str) -> String {
        let body: Value = self
            .http
            .post(format!(
                "{base}/open-apis/auth/v3/tenant_access_token/internal"
            ))
            .json(&json!({"app_id": "cli_hr", "app_secret": "hr"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        body["tenant_access_token"].as_str().unwrap().to_owned()
    }

    /// Submits `count` users `{prefix}{n}`; answers the task ID.
    async fn submit(&self, base: &str, token: &str, prefix: &str, count: usize) -> String {
        let users: Vec<Value> = (0..count)
            .map(|n| json!({"name": format!("{prefix}{n}"), "user_id": format!("{prefix}{n}"), "mobile": format!("+86{prefix}{n}"), "departments": ["eng"]}))
            .collect();
        let body: Value = self
            .http
            .post(format!("{base}/open-apis/contact/v2/user/batch_add"))
            .bearer_auth(token)
            .json(&json!({"users": users}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(body["code"], 0, "{body}");
        body["data"]["task_id"].as_str().unwrap().to_owned()
    }

    async fn task(&self, base: &str, token: &str, task_id: &str) -> Value {
        let body: Value = self
            .http
            .get(format!(
                "{base}/open-apis/contact/v2/task/get?task_id={task_id}"
            ))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(body["code"], 0, "{body}");
        body["data"].clone()
    }

    /// Polls until the job reports `status` 9 (or `until` says stop early).
    async fn wait(
        &self,
        base: &str,
        token: &str,
        task_id: &str,
        until: impl Fn(&Value) -> bool,
    ) -> Value {
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let data = self.task(base, token, task_id).await;
            if data["status"] == 9 || until(&data) {
                return data;
            }
            assert!(Instant::now() < deadline, "job {task_id} stuck at {data}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    async fn admin(&self, base: &str, path: &str) -> Value {
        self.http
            .get(format!("{base}/_openwork/v1{path}"))
            .bearer_auth(ADMIN)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }
}

/// Every item applied once: counts add up, every user exists once, every outcome is there.
fn assert_exactly_once(data: &Value, prefix: &str, count: usize) {
    assert_eq!(data["status"], 9);
    assert_eq!(data["total_num"], count);
    assert_eq!(data["success_num"], count, "every item was valid");
    assert_eq!(data["fail_num"], 0);
    let info = data["task_info"].as_array().unwrap();
    assert_eq!(info.len(), count);
    for (n, item) in info.iter().enumerate() {
        assert_eq!(item["code"], 0, "item {n}: {item}");
        assert_eq!(item["user_id"], format!("{prefix}{n}"), "request order");
    }
}

async fn killed_mid_job_and_restarted(postgres: bool) {
    let label = if postgres { "kill_pg" } else { "kill_sqlite" };
    let Some(db) = database(label, postgres).await else {
        return;
    };
    let client = Client::new();
    let fixture = fixture_file(label);
    let mut first = serve(&db, Some(&fixture));
    let token = client.token(&first.base).await;
    let task_id = client.submit(&first.base, &token, "k", 10_000).await;
    let seen = client
        .wait(&first.base, &token, &task_id, |data| {
            data["progress"].as_i64() >= Some(5)
        })
        .await;
    first.child.kill().expect("SIGKILL");
    first.child.wait().unwrap();
    eprintln!(
        "killed at {}% (status {})",
        seen["progress"], seen["status"]
    );

    let second = serve(&db, None);
    let data = client.wait(&second.base, &token, &task_id, |_| false).await;
    assert_exactly_once(&data, "k", 10_000);
    let tenant = client.admin(&second.base, "/tenants/acme").await;
    assert_eq!(tenant["users"], 10_001, "no user missing, none twice");
    assert!(second.terminate().success());
}

#[tokio::test]
async fn a_job_killed_mid_way_on_sqlite_finishes_exactly_once_after_a_restart() {
    killed_mid_job_and_restarted(false).await;
}

#[tokio::test]
async fn a_job_killed_mid_way_on_postgres_finishes_exactly_once_after_a_restart() {
    killed_mid_job_and_restarted(true).await;
}

#[tokio::test]
async fn two_replicas_on_postgres_share_jobs_and_apply_each_item_once() {
    let Some(db) = database("replicas", true).await else {
        return;
    };
    let client = Client::new();
    let fixture = fixture_file("replicas");
    let replicas = [serve(&db, Some(&fixture)), serve(&db, None)];
    let token = client.token(&replicas[0].base).await;
    let mut jobs = Vec::new();
    for (n, prefix) in ["ra", "rb", "rc", "rd"].into_iter().enumerate() {
        let replica = &replicas[n % 2];
        jobs.push((
            prefix,
            client.submit(&replica.base, &token, prefix, 2_500).await,
        ));
    }
    for (n, (prefix, task_id)) in jobs.iter().enumerate() {
        let data = client
            .wait(&replicas[(n + 1) % 2].base, &token, task_id, |_| false)
            .await;
        assert_exactly_once(&data, prefix, 2_500);
    }
    let tenant = client.admin(&replicas[0].base, "/tenants/acme").await;
    assert_eq!(tenant["users"], 10_001);
    // Each replica counts the items it applied: together exactly the items submitted.
    let mut applied = 0;
    for replica in &replicas {
        applied += client.admin(&replica.base, "/jobs/runner").await["items_processed"]
            .as_i64()
            .unwrap();
    }
    assert_eq!(applied, 10_000);
    for replica in replicas {
        assert!(replica.terminate().success());
    }
}
