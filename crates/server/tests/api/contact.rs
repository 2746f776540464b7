//! Contact v2 batch imports: envelope checks, per-item codes, jobs observed mid-way, created
//! users and departments that the rest of the server knows.

use openwork_server::RateLimits;
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{Reply, TestServer};

const USERS: &str = "/open-apis/contact/v2/user/batch_add";
const DEPARTMENTS: &str = "/open-apis/contact/v2/department/batch_add";
const TASK: &str = "/open-apis/contact/v2/task/get";
/// The fixture's clock: 2024-06-15T10:00:00+08:00.
const NOW_SECONDS: i64 = 1_718_416_800;

const FIXTURE: &str = r#"
version: 1
tenants:
  - tenant_key: acme
    clock: "2024-06-15T10:00:00+08:00"
    apps:
      - { app_id: cli_hr, app_secret: hr, scopes: [contact:contact, contact:user.employee_id:readonly] }
      - { app_id: cli_reader, app_secret: reader, scopes: ["contact:contact:readonly_as_app"] }
      - { app_id: cli_none, app_secret: none }
    departments:
      - { department_id: eng, name: Engineering }
    users:
      - { user_id: Alice, name: Alice, mobile: "+8610000000001", department_ids: [eng] }
    semesters:
      - semester_id: "1"
        start_time: 0
        end_time: 1
        stages: [{ stage_id: s1, deadline: 1 }]
  - tenant_key: other
    apps: [{ app_id: cli_other, app_secret: other, scopes: [contact:contact] }]
"#;

async fn world() -> (TestServer, String) {
    let server = TestServer::start_with(FIXTURE, RateLimits::Off).await;
    let token = server.token("cli_hr", "hr").await;
    (server, token)
}

async fn pause(server: &TestServer, paused: bool) {
    let reply = server
        .admin_call(Method::PUT, "/jobs/runner", Some(json!({"paused": paused})))
        .await;
    assert_eq!(reply.body["paused"], paused);
}

async fn step(server: &TestServer, items: i64) -> Value {
    let reply = server
        .admin_call(
            Method::POST,
            "/jobs/runner/step",
            Some(json!({"items": items})),
        )
        .await;
    assert_eq!(reply.status, 200, "{:#}", reply.body);
    reply.body
}

async fn task(server: &TestServer, token: &str, task_id: &str) -> Reply {
    server
        .get(&format!("{TASK}?task_id={task_id}"), token)
        .await
}

/// Submits a batch with the runners paused and applies all of it: deterministic.
async fn run_batch(server: &TestServer, token: &str, path: &str, body: Value) -> Value {
    pause(server, true).await;
    let submitted = server.post(path, token, body).await;
    let task_id = submitted.data()["task_id"].as_str().unwrap().to_owned();
    assert_eq!(task_id.len(), 32);
    assert!(
        task_id
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    );
    step(server, 100_000).await;
    let reply = task(server, token, &task_id).await;
    reply.data().clone()
}

/// VENDOR: the example of the vendor's `task/get` page answers a user item with an invalid
/// `user_id` (the example's own `_custom_2`, which starts with an underscore) with 10013
/// `invalid user_id`, beside a good one.
#[tokio::test]
async fn an_invalid_user_id_is_10013_as_the_vendors_example_shows() {
    let (server, token) = world().await;
    let users = json!([
        {"name": "custom_1", "mobile": "13000000001", "departments": ["eng"], "user_id": "custom_1", "email": "custom_1@feishu.cn"},
        {"name": "custom_2", "mobile": "13000000002", "departments": ["eng"], "user_id": "_custom_2"}
    ]);
    let data = run_batch(&server, &token, USERS, json!({"users": users})).await;
    let info = data["task_info"].as_array().unwrap();
    assert_eq!(
        (info[0]["code"].as_i64(), info[1]["code"].as_i64()),
        (Some(0), Some(10013))
    );
    assert_eq!(info[1]["msg"], "invalid user_id");
    assert_eq!(info[1]["user_id"], "_custom_2");
    assert!(info[1].get("action").is_none() && info[1].get("open_id").is_none());
}

#[tokio::test]
async fn every_item_code_in_a_mixed_batch() {
    let (server, token) = world().await;
    let users = json!([
        {"name": "Bob", "mobile": "+8610000000002", "departments": ["eng"], "user_id": "bob", "email": "bob@acme.example"},
        {"name": "Bad", "mobile": "+8610000000003", "departments": ["eng"], "user_id": "_bad"},
        {"name": "Dup", "mobile": "+8610000000004", "departments": ["eng"], "user_id": "ALICE"},
        {"name": "Phone", "mobile": "+8610000000001", "departments": ["eng"]},
        {"name": "Lost", "mobile": "+8610000000005", "departments": ["nowhere"]},
        {"mobile": "+8610000000006", "departments": ["eng"]},
        {"name": "Gen", "mobile": "+8610000000007", "departments": ["0"], "leader_user_id": "bob"},
        {"name": "Bob2", "mobile": "+8610000000008", "departments": ["eng"], "user_id": "Bob"}
    ]);
    let data = run_batch(&server, &token, USERS, json!({"users": users})).await;
    assert_eq!(data["status"], 9);
    assert_eq!(data["progress"], 100);
    assert_eq!(
        (
            data["total_num"].as_i64(),
            data["success_num"].as_i64(),
            data["fail_num"].as_i64()
        ),
        (Some(8), Some(2), Some(6))
    );
    assert_eq!(data["type"], "add_user");
    assert_eq!(data["create_time"], NOW_SECONDS, "the tenant's clock");
    assert_eq!(data["finish_time"], NOW_SECONDS);
    let info = data["task_info"].as_array().unwrap();
    let codes: Vec<i64> = info.iter().map(|i| i["code"].as_i64().unwrap()).collect();
    assert_eq!(
        codes,
        [0, 10013, 40014, 40015, 40016, 40019, 0, 40014],
        "in request order"
    );
    let bob = &info[0];
    assert_eq!(bob["action"], 1);
    assert_eq!(bob["user_id"], "bob");
    assert_eq!(bob["email"], "bob@acme.example");
    assert_eq!(bob["departments"], json!(["eng"]));
    let bob_ids = server
        .admin
        .user_ids("acme", "bob", "cli_hr")
        .await
        .unwrap();
    assert_eq!(
        bob["open_id"],
        bob_ids.open_id.as_str(),
        "the created user is real"
    );
    let failed = &info[1];
    assert!(failed.get("action").is_none() && failed.get("open_id").is_none());
    assert_eq!(failed["user_id"], "_bad");
    assert_eq!(failed["msg"], "invalid user_id");
    let generated = info[6]["user_id"].as_str().unwrap();
    assert_eq!(generated.len(), 8, "a generated user_id");
    assert!(
        server
            .admin
            .user_ids("acme", generated, "cli_hr")
            .await
            .is_ok()
    );
    let summary = server.admin_call(Method::GET, "/tenants/acme", None).await;
    assert_eq!(summary.body["users"], 3);
}

#[tokio::test]
async fn departments_may_name_parents_created_earlier_in_the_batch() {
    let (server, token) = world().await;
    let departments = json!([
        {"id": "sales", "name": "Sales", "parent_id": "0", "create_group_chat": true},
        {"id": "east", "name": "East", "parent_id": "sales"},
        {"name": "Generated", "parent_id": "east"},
        {"id": "west", "name": "West", "parent_id": "north"},
        {"id": "eng", "name": "Again", "parent_id": "0"},
        {"id": "-x", "name": "Bad id", "parent_id": "0"},
        {"id": "nameless", "parent_id": "0"}
    ]);
    let data = run_batch(
        &server,
        &token,
        DEPARTMENTS,
        json!({"departments": departments}),
    )
    .await;
    assert_eq!(data["type"], "add_department");
    let info = data["task_info"].as_array().unwrap();
    let codes: Vec<i64> = info.iter().map(|i| i["code"].as_i64().unwrap()).collect();
    assert_eq!(codes, [0, 0, 0, 40017, 40018, 40013, 40019]);
    assert!(info[0]["chat_id"].as_str().unwrap().starts_with("oc_"));
    assert!(info[1].get("chat_id").is_none());
    assert_eq!(info[1]["parent_id"], "sales");
    assert_eq!(info[2]["department_id"].as_str().unwrap().len(), 16);
    // The new departments take users at once.
    let users = run_batch(
        &server,
        &token,
        USERS,
        json!({"users": [{"name": "E", "mobile": "+8611", "departments": ["east"]}]}),
    )
    .await;
    assert_eq!(users["task_info"][0]["code"], 0);
}

#[tokio::test]
async fn a_job_is_observed_mid_way_with_the_runner_paused() {
    let (server, token) = world().await;
    pause(&server, true).await;
    let users: Vec<Value> = (0..10)
        .map(|i| json!({"name": format!("u{i}"), "mobile": format!("+86120{i}"), "departments": ["eng"], "user_id": format!("mid{i}")}))
        .collect();
    let submitted = server.post(USERS, &token, json!({"users": users})).await;
    let task_id = submitted.data()["task_id"].as_str().unwrap().to_owned();
    let queued = task(&server, &token, &task_id).await;
    assert_eq!(
        (
            queued.data()["status"].as_i64(),
            queued.data()["progress"].as_i64()
        ),
        (Some(1), Some(0))
    );
    let stepped = step(&server, 3).await;
    assert_eq!(stepped["processed"], 3);
    let mid = task(&server, &token, &task_id).await;
    let data = mid.data();
    assert_eq!(
        (
            data["status"].as_i64(),
            data["progress"].as_i64(),
            data["success_num"].as_i64()
        ),
        (Some(1), Some(30), Some(3))
    );
    assert!(data.get("task_info").is_none() && data.get("finish_time").is_none());
    // The three are already real users; the seventh is not yet.
    assert!(
        server
            .admin
            .user_ids("acme", "mid2", "cli_hr")
            .await
            .is_ok()
    );
    assert!(
        server
            .admin
            .user_ids("acme", "mid6", "cli_hr")
            .await
            .is_err()
    );
    // Stepping needs the runner paused; resuming it finishes the job.
    pause(&server, false).await;
    let refused = server
        .admin_call(Method::POST, "/jobs/runner/step", Some(json!({"items": 1})))
        .await;
    assert_eq!(refused.status, 400);
    let mut done = None;
    for _ in 0..500 {
        let reply = task(&server, &token, &task_id).await;
        if reply.data()["status"] == 9 {
            done = Some(reply);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let done = done.expect("the resumed runner finishes the job");
    assert_eq!(done.data()["task_info"].as_array().unwrap().len(), 10);
    let runner = server.admin_call(Method::GET, "/jobs/runner", None).await;
    assert_eq!(runner.body["paused"], false);
    assert_eq!(runner.body["items_processed"], 10);
}

#[tokio::test]
async fn the_envelope_is_checked_at_once_and_makes_no_job() {
    let (server, token) = world().await;
    pause(&server, true).await;
    let too_many: Vec<Value> = (0..10_001).map(|_| json!({"name": "x"})).collect();
    for (body, field) in [
        (json!({}), "users"),
        (json!({"users": []}), "users"),
        (json!({"users": too_many}), "users"),
        (
            json!({"users": [{"name": "x", "gender": "male"}]}),
            "users[0].gender",
        ),
        (json!({"users": "everyone"}), "users"),
    ] {
        let reply = server.post(USERS, &token, body).await;
        reply.assert_error(400, 99992402);
        assert_eq!(reply.body["error"]["field_violations"][0]["field"], field);
    }
    server
        .post(DEPARTMENTS, &token, json!({"departments": []}))
        .await
        .assert_error(400, 99992402);
    assert_eq!(
        step(&server, 100).await["processed"],
        0,
        "no job was queued"
    );
}

#[tokio::test]
async fn scopes_and_tenants() {
    let (server, token) = world().await;
    let reader = server.token("cli_reader", "reader").await;
    let none = server.token("cli_none", "none").await;
    let body = json!({"users": [{"name": "x", "mobile": "+8613", "departments": ["eng"]}]});
    server
        .post(USERS, &reader, body.clone())
        .await
        .assert_error(400, 99991672);
    server
        .post(USERS, &none, body.clone())
        .await
        .assert_error(400, 99991672);
    let data = run_batch(&server, &token, USERS, body).await;
    let task_id = data["task_id"].as_str().unwrap();
    // task/get also takes the read-only scope.
    assert_eq!(task(&server, &reader, task_id).await.data()["status"], 9);
    task(&server, &none, task_id)
        .await
        .assert_error(400, 99991672);
    // Another tenant's task is not found, like an unknown one.
    let other = server.token("cli_other", "other").await;
    for (token, id) in [
        (&other, task_id),
        (&token, "0123456789abcdef0123456789abcdef"),
    ] {
        let reply = task(&server, token, id).await;
        reply.assert_error(400, 40020);
        assert_eq!(reply.body["msg"], "task not found");
    }
    server.get(TASK, &token).await.assert_error(400, 99992402);
    let user_token = server
        .admin
        .user_access_token("acme", "cli_hr", "Alice")
        .await
        .unwrap();
    task(&server, &user_token.access_token, task_id)
        .await
        .assert_error(400, 99991668);
}

#[tokio::test]
async fn created_users_appear_in_every_other_api() {
    let (server, token) = world().await;
    let data = run_batch(
        &server,
        &token,
        USERS,
        json!({"users": [{"name": "Carol", "mobile": "+8614", "departments": ["eng"], "user_id": "carol"}]}),
    )
    .await;
    assert_eq!(data["task_info"][0]["code"], 0);
    // The admin API can give the new user stage tasks, and minting a user token works.
    let put = server
        .admin_call(
            Method::PUT,
            "/tenants/acme/stages/s1/tasks/carol",
            Some(json!({"need_todo": 2, "finished": 1})),
        )
        .await;
    assert_eq!(put.status, 200, "{:#}", put.body);
    assert!(
        server
            .admin
            .user_access_token("acme", "cli_hr", "carol")
            .await
            .is_ok()
    );
    let carol = server
        .admin
        .user_ids("acme", "carol", "cli_reader")
        .await
        .unwrap();
    assert!(
        carol.open_id.starts_with("ou_"),
        "every app of the tenant sees the new user"
    );
}
