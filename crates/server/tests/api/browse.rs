//! The admin API's browse calls (docs/semantics.md, "The admin API"): the read-only lists a
//! console shows the world with, each paged list walked page by page to its end.

use std::fmt::Write;
use std::time::Duration;

use openwork_server::RateLimits;
use openwork_wire::admin::PageQuery;
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::TestServer;

const SEMESTER: &str = "7100000000000000001";
/// Deadline 2024-03-31, passed on the tenant's clock: unfinished tasks are overdue.
const PASSED_STAGE: &str = "7200000000000000001";
const PAUSED_STAGE: &str = "7200000000000000002";
/// Deadline 2024-12-31, ahead of the tenant's clock.
const OPEN_STAGE: &str = "7200000000000000003";
const RULE: &str = "6894000000000000001";
const USERS: usize = 23;
const DEPARTMENTS: usize = 12;
const REPORTS: i64 = 13;
const WORKSPACE_TASKS: usize = 11;
/// 2024-05-01T00:00:00Z
const REPORT_BASE_MS: i64 = 1_714_521_600_000;

fn user_id(i: usize) -> String {
    format!("u{i:02}")
}

/// A user's task in the passed stage: (need_todo, finished). Every third user finished it.
fn passed_task(i: usize) -> (i64, i64) {
    (2, if i % 3 == 0 { 2 } else { 1 })
}

/// (task_id, commit time in ms): every third report shares its time with the next, so ties are
/// ordered by `task_id`.
fn reports() -> Vec<(String, i64)> {
    (1..=REPORTS)
        .map(|i| {
            (
                format!("69690000000000000{i:02}"),
                REPORT_BASE_MS + (i / 3) * 3_600_000,
            )
        })
        .collect()
}

fn workspace_task_id(i: usize) -> String {
    format!("7300000000000000{i:03}")
}

fn fixture() -> String {
    let mut out = String::from(
        "version: 1\ntenants:\n  - tenant_key: acme\n    name: Acme\n    dingtalk_corp_id: dingacme\n    clock: \"2024-06-15T10:00:00+08:00\"\n    apps:\n      - { app_id: cli_browse, app_secret: browse-secret, name: Browser, developer: acme, scopes: [contact:contact], dingtalk: { app_key: dingbrowse, app_secret: ding-secret, agent_id: 100001, permissions: [dingtalk.oapi.workspace] } }\n      - { app_id: cli_plain, app_secret: plain-secret }\n    departments:\n",
    );
    for d in 1..=DEPARTMENTS {
        writeln!(out, "      - {{ department_id: d{d:02}, name: Dept {d} }}").unwrap();
    }
    out.push_str("    users:\n");
    for i in 1..=USERS {
        writeln!(
            out,
            "      - {{ user_id: {}, name: User {i}, department_ids: [d{:02}] }}",
            user_id(i),
            i % DEPARTMENTS + 1
        )
        .unwrap();
    }
    writeln!(out, "    semesters:\n      - semester_id: \"{SEMESTER}\"\n        name: {{ zh-CN: 上半年, en-US: H1 }}\n        year: 2024\n        type_group: Semi-annual\n        type: H1\n        start_time: \"2024-01-01T00:00:00+08:00\"\n        end_time: \"2024-06-30T23:59:59+08:00\"\n        stages:").unwrap();
    writeln!(out, "          - stage_id: \"{PASSED_STAGE}\"\n            name: {{ zh-CN: 自评, en-US: Self review }}\n            deadline: \"2024-03-31T23:59:59+08:00\"\n            tasks:").unwrap();
    for i in 1..=USERS {
        let (need, finished) = passed_task(i);
        writeln!(
            out,
            "              - {{ user_id: {}, need_todo: {need}, finished: {finished} }}",
            user_id(i)
        )
        .unwrap();
    }
    writeln!(out, "          - stage_id: \"{PAUSED_STAGE}\"\n            name: {{ zh-CN: 暂停, en-US: Paused }}\n            deadline: \"2024-12-31T23:59:59+08:00\"\n            paused: true\n            tasks: [{{ user_id: u01, need_todo: 1 }}]").unwrap();
    writeln!(out, "          - stage_id: \"{OPEN_STAGE}\"\n            name: {{ zh-CN: 上级评, en-US: Manager review }}\n            deadline: \"2024-12-31T23:59:59+08:00\"\n            tasks: [{{ user_id: u02, need_todo: 1 }}]").unwrap();
    writeln!(out, "    report_rules: [{{ rule_id: \"{RULE}\", name: 周报, form: [{{ field_id: \"1\", name: 本周工作, type: text }}] }}]\n    reports:").unwrap();
    for (task_id, commit_ms) in reports() {
        writeln!(out, "      - {{ task_id: \"{task_id}\", rule_id: \"{RULE}\", from_user_id: u01, commit_time: {commit_ms}, to_user_ids: [u02], values: {{ \"1\": 工作{task_id} }} }}").unwrap();
    }
    out.push_str("    workspace_tasks:\n");
    for i in 1..=WORKSPACE_TASKS {
        writeln!(
            out,
            "      - {{ task_id: \"{}\", source_id: ws_{i}, subject: Task {i}, creator_userid: u01 }}",
            workspace_task_id(i)
        )
        .unwrap();
    }
    out.push_str("  - tenant_key: other\n    apps: [{ app_id: cli_other, app_secret: other-secret }]\n    users: [{ user_id: u01, name: Other }]\n    departments: [{ department_id: d01, name: Other dept }]\n");
    out
}

async fn world() -> TestServer {
    TestServer::start_with(&fixture(), RateLimits::Off).await
}

/// Every paged list of tenant `acme`, with the field that identifies its items.
const ACME_LISTS: [(&str, &str); 6] = [
    ("/tenants/acme/users", "user_id"),
    ("/tenants/acme/departments", "department_id"),
    ("/tenants/acme/stages/7200000000000000001/tasks", "user_id"),
    ("/tenants/acme/reports", "task_id"),
    ("/tenants/acme/workspace_tasks", "task_id"),
    ("/tenants/acme/contact_jobs", "task_id"),
];

/// Every item of a paged list, read `limit` at a time from the first page to the one whose
/// `next` is null; every page but the last must be full.
async fn walk(server: &TestServer, path: &str, limit: usize) -> Vec<Value> {
    let mut items = Vec::new();
    let mut after: Option<String> = None;
    for _ in 0..100 {
        let mut url = format!("{path}?limit={limit}");
        if let Some(cursor) = &after {
            // Cursors are URL-safe base64: they go into a query as they are.
            write!(url, "&after={cursor}").unwrap();
        }
        let reply = server.admin_call(Method::GET, &url, None).await;
        assert_eq!(reply.status, 200, "{url}: {:#}", reply.body);
        let page = reply.body["items"].as_array().unwrap().clone();
        assert!(page.len() <= limit, "{url}: {} items", page.len());
        items.extend(page.iter().cloned());
        match &reply.body["next"] {
            Value::String(next) => {
                assert_eq!(page.len(), limit, "{url}: only the last page may be short");
                after = Some(next.clone());
            }
            Value::Null => return items,
            other => panic!("{url}: next is {other}"),
        }
    }
    panic!("{path} has more than 100 pages");
}

fn ids(items: &[Value], key: &str) -> Vec<String> {
    items
        .iter()
        .map(|item| item[key].as_str().unwrap().to_owned())
        .collect()
}

async fn error(server: &TestServer, path: &str) -> (u16, Value) {
    let reply = server.admin_call(Method::GET, path, None).await;
    (reply.status, reply.body["error"].clone())
}

#[tokio::test]
async fn every_list_needs_the_admin_token() {
    let server = world().await;
    let paths = ["/tenants", "/tenants/acme/apps", "/tenants/acme/semesters"]
        .into_iter()
        .chain(ACME_LISTS.iter().map(|(path, _)| *path));
    for path in paths {
        for token in [None, Some("Bearer wrong")] {
            let mut request = server
                .http
                .get(format!("{}/_openwork/v1{path}", server.base));
            if let Some(token) = token {
                request = request.header("authorization", token);
            }
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), 401, "{path} {token:?}");
            let body: serde_json::Value = response.json().await.unwrap();
            assert_eq!(body["error"]["code"], "unauthorized", "{path}");
        }
    }
}

#[tokio::test]
async fn an_unknown_tenant_or_stage_is_404() {
    let server = world().await;
    let paths = [
        "/tenants/nobody/apps",
        "/tenants/nobody/semesters",
        "/tenants/nobody/users",
        "/tenants/nobody/departments",
        "/tenants/nobody/stages/7200000000000000001/tasks",
        "/tenants/nobody/reports",
        "/tenants/nobody/workspace_tasks",
        "/tenants/nobody/contact_jobs",
    ];
    for path in paths {
        assert_eq!(
            error(&server, path).await,
            (
                404,
                json!({"code": "not_found", "message": "tenant \"nobody\" not found"})
            ),
            "{path}"
        );
    }
    assert_eq!(
        error(&server, "/tenants/acme/stages/7299999999999999999/tasks").await,
        (
            404,
            json!({"code": "not_found", "message": "stage \"7299999999999999999\" not found"})
        )
    );
    assert_eq!(
        error(
            &server,
            &format!("/tenants/other/stages/{PASSED_STAGE}/tasks")
        )
        .await
        .0,
        404,
        "another tenant's stage is a missing one"
    );
}

#[tokio::test]
async fn tenants_are_listed_by_key_with_their_clocks() {
    let server = world().await;
    let reply = server.admin_call(Method::GET, "/tenants", None).await;
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.body,
        json!({"tenants": [
            {
                "tenant_key": "acme",
                "name": "Acme",
                "dingtalk_corp_id": "dingacme",
                "clock": "2024-06-15T02:00:00Z",
                "clock_ms": 1_718_416_800_000_i64,
                "clock_fixed": true
            },
            {
                "tenant_key": "other",
                "name": "other",
                "dingtalk_corp_id": null,
                "clock": null,
                "clock_ms": null,
                "clock_fixed": false
            }
        ]})
    );
    // Moving a real clock makes it a running one, ahead of real time.
    let moved = server
        .admin_call(
            Method::PUT,
            "/tenants/other/clock",
            Some(json!({"advance_seconds": 86_400})),
        )
        .await;
    assert_eq!(moved.status, 200);
    let tenants = server.admin.tenants().await.unwrap().tenants;
    let other = &tenants[1];
    assert!(other.clock.is_some(), "a moved clock is shown");
    assert!(!other.clock_fixed);
    assert!(other.clock_ms.unwrap() > moved.body["now_ms"].as_i64().unwrap() - 60_000);
}

#[tokio::test]
async fn apps_show_their_feishu_and_dingtalk_credentials() {
    let server = world().await;
    let reply = server
        .admin_call(Method::GET, "/tenants/acme/apps", None)
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.body,
        json!({
            "tenant_key": "acme",
            "apps": [
                {
                    "app_id": "cli_browse",
                    "app_secret": "browse-secret",
                    "name": "Browser",
                    "developer": "acme",
                    "scopes": ["contact:contact"],
                    "dingtalk": {
                        "app_key": "dingbrowse",
                        "app_secret": "ding-secret",
                        "agent_id": "100001",
                        "permissions": ["dingtalk.oapi.workspace"]
                    }
                },
                {
                    "app_id": "cli_plain",
                    "app_secret": "plain-secret",
                    "name": "cli_plain",
                    "developer": "acme",
                    "scopes": [],
                    "dingtalk": null
                }
            ]
        })
    );
    // The credentials shown are the ones that work.
    server.token("cli_browse", "browse-secret").await;
    let apps = server.admin.apps("other").await.unwrap();
    assert_eq!(apps.apps.len(), 1, "each tenant sees only its own apps");
}

#[tokio::test]
async fn users_and_departments_are_walked_without_repeats_or_gaps() {
    let server = world().await;
    let every_user: Vec<String> = (1..=USERS).map(user_id).collect();
    for limit in [1, 5, 23, 500] {
        let users = walk(&server, "/tenants/acme/users", limit).await;
        assert_eq!(ids(&users, "user_id"), every_user, "limit {limit}");
    }
    let users = walk(&server, "/tenants/acme/users", 50).await;
    assert_eq!(
        users[0],
        json!({
            "user_id": "u01",
            "name": "User 1",
            "en_name": null,
            "email": null,
            "mobile": null,
            "department_ids": ["d02"],
            "leader_user_id": null,
            "employee_no": null,
            "attributes": {}
        })
    );
    let departments = walk(&server, "/tenants/acme/departments", 5).await;
    let every_department: Vec<String> = (1..=DEPARTMENTS).map(|d| format!("d{d:02}")).collect();
    assert_eq!(ids(&departments, "department_id"), every_department);
    assert_eq!(departments[0]["name"], "Dept 1");
    assert_eq!(departments[0]["parent_id"], "0");
    assert!(
        departments[0]["open_department_id"]
            .as_str()
            .unwrap()
            .starts_with("od-")
    );
    let sdk = server
        .admin
        .departments("acme", &PageQuery::default())
        .await
        .unwrap();
    assert_eq!((sdk.items.len(), sdk.next), (DEPARTMENTS, None));
    let other = walk(&server, "/tenants/other/users", 5).await;
    assert_eq!(
        ids(&other, "user_id"),
        ["u01"],
        "only the tenant's own users"
    );

    // The SDK reads the same pages.
    let first = server
        .admin
        .users(
            "acme",
            &PageQuery {
                limit: Some("20".into()),
                after: None,
            },
        )
        .await
        .unwrap();
    let rest = server
        .admin
        .users(
            "acme",
            &PageQuery {
                limit: None,
                after: first.next.clone(),
            },
        )
        .await
        .unwrap();
    let walked: Vec<String> = first
        .items
        .iter()
        .chain(&rest.items)
        .map(|user| user.user_id.clone())
        .collect();
    assert_eq!((walked, rest.next), (every_user, None));
}

#[tokio::test]
async fn semesters_come_with_their_stages() {
    let server = world().await;
    let reply = server
        .admin_call(Method::GET, "/tenants/acme/semesters", None)
        .await;
    assert_eq!(reply.status, 200);
    let semesters = reply.body["semesters"].as_array().unwrap();
    assert_eq!(semesters.len(), 1);
    let semester = &semesters[0];
    assert_eq!(semester["semester_id"], SEMESTER);
    assert_eq!(semester["name"], json!({"zh_cn": "上半年", "en_us": "H1"}));
    assert_eq!(
        (semester["year"].as_i64(), &semester["type_group"]),
        (Some(2024), &json!("Semi-annual"))
    );
    assert_eq!(semester["start_time"], "2023-12-31T16:00:00Z");
    let stage_ids: Vec<&str> = semester["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["stage_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        stage_ids,
        [PASSED_STAGE, PAUSED_STAGE, OPEN_STAGE],
        "declaration order"
    );
    let paused = &semester["stages"][1];
    assert_eq!(
        (
            &paused["paused"],
            &paused["deadline"],
            &paused["semester_id"]
        ),
        (
            &json!(true),
            &json!("2024-12-31T15:59:59Z"),
            &json!(SEMESTER)
        )
    );
    let sdk = server.admin.semesters("acme").await.unwrap();
    assert_eq!(sdk.semesters[0].stages.len(), 3);
    assert!(
        server
            .admin
            .semesters("other")
            .await
            .unwrap()
            .semesters
            .is_empty()
    );
}

#[tokio::test]
async fn stage_tasks_are_walked_with_their_status_on_the_tenants_clock() {
    let server = world().await;
    for limit in [1, 4, 23] {
        let tasks = walk(
            &server,
            &format!("/tenants/acme/stages/{PASSED_STAGE}/tasks"),
            limit,
        )
        .await;
        let expected: Vec<Value> = (1..=USERS)
            .map(|i| {
                let (need_todo, finished) = passed_task(i);
                let status = if finished >= need_todo {
                    "all_done"
                } else {
                    "overdue"
                };
                json!({"user_id": user_id(i), "need_todo": need_todo, "finished": finished, "status": status})
            })
            .collect();
        assert_eq!(tasks, expected, "limit {limit}");
    }
    let paused = walk(
        &server,
        &format!("/tenants/acme/stages/{PAUSED_STAGE}/tasks"),
        10,
    )
    .await;
    assert_eq!(
        paused,
        [json!({"user_id": "u01", "need_todo": 1, "finished": 0, "status": "stage_pause"})]
    );
    let open = walk(
        &server,
        &format!("/tenants/acme/stages/{OPEN_STAGE}/tasks"),
        10,
    )
    .await;
    assert_eq!(open[0]["status"], "need_todo");

    // Moving the tenant's clock past the deadline moves the status: nothing is stored.
    server
        .admin_call(
            Method::PUT,
            "/tenants/acme/clock",
            Some(json!({"now": "2025-01-01T00:00:00Z"})),
        )
        .await;
    let page = server
        .admin
        .stage_tasks("acme", OPEN_STAGE, &PageQuery::default())
        .await
        .unwrap();
    assert_eq!(page.items[0].status, "overdue");
}

#[tokio::test]
async fn reports_are_walked_newest_first() {
    let server = world().await;
    let mut expected = reports();
    expected.sort_by(|a, b| (b.1, &b.0).cmp(&(a.1, &a.0)));
    let expected: Vec<String> = expected.into_iter().map(|(id, _)| id).collect();
    for limit in [1, 3, 13] {
        let walked = walk(&server, "/tenants/acme/reports", limit).await;
        assert_eq!(ids(&walked, "task_id"), expected, "limit {limit}");
    }
    let newest = &walk(&server, "/tenants/acme/reports", 1).await[0];
    assert_eq!(
        newest,
        &json!({
            "task_id": "6969000000000000013",
            "rule_id": RULE,
            "rule_name": "周报",
            "from_user_id": "u01",
            "commit_time": "2024-05-01T04:00:00Z",
            "commit_time_ms": REPORT_BASE_MS + 4 * 3_600_000,
            "to_user_ids": ["u02"],
            "form_values": {"1": "工作6969000000000000013"}
        })
    );
    assert!(
        server
            .admin
            .reports("other", &PageQuery::default())
            .await
            .unwrap()
            .items
            .is_empty()
    );
}

#[tokio::test]
async fn workspace_tasks_are_walked_as_the_gateway_shows_them() {
    let server = world().await;
    let walked = walk(&server, "/tenants/acme/workspace_tasks", 4).await;
    let expected: Vec<String> = (1..=WORKSPACE_TASKS).map(workspace_task_id).collect();
    assert_eq!(ids(&walked, "task_id"), expected);
    let first = &walked[0];
    assert_eq!(
        (
            &first["subject"],
            &first["source"],
            &first["source_id"],
            &first["creator_userid"]
        ),
        (
            &json!("Task 1"),
            &json!("openwork"),
            &json!("ws_1"),
            &json!("u01")
        )
    );
    let sdk = server
        .admin
        .workspace_tasks("acme", &PageQuery::default())
        .await
        .unwrap();
    assert_eq!(sdk.items.len(), WORKSPACE_TASKS);
}

#[tokio::test]
async fn contact_jobs_are_walked_newest_first_with_their_progress() {
    let server = world().await;
    let token = server.token("cli_browse", "browse-secret").await;
    server
        .admin
        .set_job_runner_paused(true)
        .await
        .expect("the runners pause");
    let mut submitted = Vec::new();
    for job in 1..=5 {
        let users = json!([
            {"name": format!("J{job}a"), "mobile": format!("+86130000000{job}1"), "departments": ["d01"]},
            {"name": format!("J{job}b"), "mobile": format!("+86130000000{job}2"), "departments": ["d01"]}
        ]);
        let reply = server
            .post(
                "/open-apis/contact/v2/user/batch_add",
                &token,
                json!({"users": users}),
            )
            .await;
        submitted.push(reply.data()["task_id"].as_str().unwrap().to_owned());
        // Submission times in distinct milliseconds, so that newest first is this order reversed.
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // Three items: the oldest job done, the next half-way.
    server.admin.step_jobs(3).await.unwrap();

    let walked = walk(&server, "/tenants/acme/contact_jobs", 2).await;
    let newest_first: Vec<String> = submitted.iter().rev().cloned().collect();
    assert_eq!(ids(&walked, "task_id"), newest_first);
    let oldest = &walked[4];
    assert_eq!(
        oldest,
        &json!({
            "task_id": submitted[0],
            "app_id": "cli_browse",
            "type": "add_user",
            "status": "done",
            "status_code": 9,
            "progress": 100,
            "total": 2,
            "processed": 2,
            "succeeded": 2,
            "failed": 0,
            "create_time": "2024-06-15T02:00:00Z",
            "create_time_ms": 1_718_416_800_000_i64,
            "finish_time": "2024-06-15T02:00:00Z",
            "finish_time_ms": 1_718_416_800_000_i64
        })
    );
    let half_way = &walked[3];
    assert_eq!(
        (
            &half_way["status"],
            &half_way["status_code"],
            &half_way["processed"],
            &half_way["progress"],
            &half_way["finish_time"]
        ),
        (
            &json!("running"),
            &json!(1),
            &json!(1),
            &json!(50),
            &Value::Null
        )
    );
    assert_eq!(walked[0]["processed"], 0);

    // The list shows the jobs' progress live: stepping on moves it.
    server.admin.step_jobs(100).await.unwrap();
    let jobs = server
        .admin
        .contact_jobs("acme", &PageQuery::default())
        .await
        .unwrap();
    assert!(jobs.items.iter().all(|job| job.status == "done"));
    assert!(
        server
            .admin
            .contact_jobs("other", &PageQuery::default())
            .await
            .unwrap()
            .items
            .is_empty(),
        "another tenant's jobs are not listed"
    );
}

#[tokio::test]
async fn a_limit_out_of_range_is_400() {
    let server = world().await;
    for (path, _) in ACME_LISTS {
        for limit in ["0", "501", "-1", "ten"] {
            assert_eq!(
                error(&server, &format!("{path}?limit={limit}")).await,
                (
                    400,
                    json!({
                        "code": "bad_request",
                        "message": format!("limit: \"{limit}\" is not a whole number from 1 to 500")
                    })
                ),
                "{path}"
            );
        }
    }
    assert_eq!(
        error(&server, "/tenants/nobody/users?limit=0").await.0,
        400,
        "the query is read before the tenant is looked up"
    );
    let page = server
        .admin_call(Method::GET, "/tenants/acme/users", None)
        .await;
    assert_eq!(page.body["items"].as_array().unwrap().len(), USERS);
}

#[tokio::test]
async fn a_cursor_opens_only_the_list_it_came_from() {
    let server = world().await;
    let users = server
        .admin_call(Method::GET, "/tenants/acme/users?limit=2", None)
        .await;
    let cursor = users.body["next"].as_str().unwrap().to_owned();
    let stage = server
        .admin_call(
            Method::GET,
            &format!("/tenants/acme/stages/{PASSED_STAGE}/tasks?limit=2"),
            None,
        )
        .await;
    let stage_cursor = stage.body["next"].as_str().unwrap().to_owned();
    let refused = json!({
        "code": "bad_request",
        "message": "after: not a cursor of this list; pass the `next` of the list's previous page, or leave `after` out for its first page"
    });
    for path in [
        format!("/tenants/acme/departments?after={cursor}"),
        format!("/tenants/other/users?after={cursor}"),
        format!("/tenants/acme/users?after={cursor}x"),
        "/tenants/acme/users?after=not-a-cursor".to_owned(),
        format!("/tenants/acme/stages/{OPEN_STAGE}/tasks?after={stage_cursor}"),
        format!("/tenants/acme/reports?after={cursor}"),
        format!("/tenants/acme/contact_jobs?after={cursor}"),
    ] {
        assert_eq!(
            error(&server, &path).await,
            (400, refused.clone()),
            "{path}"
        );
    }
    // The cursor still opens its own list, with another limit too.
    let rest = server
        .admin_call(
            Method::GET,
            &format!("/tenants/acme/users?limit=500&after={cursor}"),
            None,
        )
        .await;
    assert_eq!(rest.body["items"][0]["user_id"], "u03");
    assert_eq!(rest.body["next"], Value::Null);
}
