//! DingTalk: `/gettoken` and the workspace task family, with the gateway's envelope, encodings
//! and dates.

use openwork_server::RateLimits;
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::TestServer;

const FIXTURE: &str = r#"
version: 1
tenants:
  - tenant_key: acme
    dingtalk_corp_id: dingacme
    clock: "2024-06-15T10:00:00+08:00"
    apps:
      - app_id: cli_ws
        app_secret: feishu-secret
        dingtalk: { app_key: dingws, app_secret: ws-secret, agent_id: 100001, permissions: [dingtalk.oapi.workspace] }
      - app_id: cli_narrow
        app_secret: narrow
        dingtalk: { app_key: dingnarrow, app_secret: narrow-secret, permissions: [dingtalk.oapi.user] }
    users: [{ user_id: u1, name: A }, { user_id: u2, name: B }, { user_id: u3, name: C }]
    workspace_tasks:
      - { task_id: "111", source: tb, source_id: tb_1, subject: 测试任务, creator_userid: u1, corp_id: proj-1, plan_start_date: "2024-05-01T09:00:00+08:00" }
  - tenant_key: other
    dingtalk_corp_id: dingother
    apps: [{ app_id: cli_other, app_secret: o, dingtalk: { app_key: dingother_app, app_secret: other-secret } }]
    users: [{ user_id: u1, name: Other }]
"#;

struct Ding {
    server: TestServer,
    token: String,
}

impl Ding {
    async fn start(rate_limits: RateLimits) -> Self {
        let server = TestServer::start_with(FIXTURE, rate_limits).await;
        let token = gettoken(&server, "appkey=dingws&appsecret=ws-secret").await["access_token"]
            .as_str()
            .unwrap()
            .to_owned();
        Self { server, token }
    }

    /// A topapi call with a JSON body and the token in the query.
    async fn call(&self, api: &str, body: Value) -> Value {
        self.call_as(&self.token, api, body).await
    }

    async fn call_as(&self, token: &str, api: &str, body: Value) -> Value {
        let response = self
            .server
            .http
            .post(format!(
                "{}/topapi/{api}?access_token={token}",
                self.server.base
            ))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "errors are HTTP 200 too");
        assert_eq!(
            response.headers()["content-type"],
            "application/json;charset=UTF-8"
        );
        let body: Value = response.json().await.unwrap();
        let request_id = body["request_id"].as_str().expect("a request_id");
        assert_eq!(request_id.len(), 13);
        assert!(body["errcode"].is_i64(), "a numeric errcode");
        body
    }

    async fn create(&self, task: Value) -> Value {
        let body = self
            .call(
                "workspace/task/create",
                json!({"operator_userid": "u1", "task": task}),
            )
            .await;
        assert_eq!(body["errcode"], 0, "{body}");
        body["result"].clone()
    }

    async fn get(&self, task_id: &str) -> Value {
        let body = self
            .call("workspace/task/get", json!({"task_id": task_id}))
            .await;
        assert_eq!(body["errcode"], 0, "{body}");
        body["result"].clone()
    }
}

async fn gettoken(server: &TestServer, query: &str) -> Value {
    let response = server
        .http
        .get(format!("{}/gettoken?{query}", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    response.json().await.unwrap()
}

fn assert_wrapped(body: &Value, sub_code: &str) {
    assert_eq!(body["errcode"], 88, "{body}");
    assert_eq!(body["sub_code"], sub_code, "{body}");
    let sub_msg = body["sub_msg"].as_str().unwrap();
    assert_eq!(
        body["errmsg"],
        format!("ding talk error[subcode={sub_code},submsg={sub_msg}]")
    );
    let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
    assert!(
        keys.iter().all(
            |k| ["errcode", "sub_code", "sub_msg", "errmsg", "request_id"].contains(&k.as_str())
        ),
        "error bodies carry only the gateway's keys: {keys:?}"
    );
}

#[tokio::test]
async fn gettoken_by_app_key_or_corp_secret() {
    let ding = Ding::start(RateLimits::Off).await;
    let server = &ding.server;
    let body = gettoken(server, "appkey=dingws&appsecret=ws-secret").await;
    assert_eq!(body["errcode"], 0);
    assert_eq!(body["errmsg"], "ok");
    assert_eq!(body["expires_in"], 7200);
    assert!(body.get("request_id").is_none());
    assert_eq!(
        body["access_token"],
        ding.token.as_str(),
        "the same token while valid"
    );
    let by_corp = gettoken(server, "corpid=dingacme&corpsecret=ws-secret").await;
    assert_eq!(by_corp["access_token"], ding.token.as_str());
    for query in [
        "appkey=dingws&appsecret=wrong",
        "corpid=dingacme&corpsecret=wrong",
        "corpid=nobody&corpsecret=ws-secret",
        "appkey=nobody&appsecret=x",
    ] {
        let refused = gettoken(server, query).await;
        assert_eq!(
            refused,
            json!({"errcode": 40096, "errmsg": "不合法的appKey或appSecret"}),
            "{query}"
        );
    }
    let missing = gettoken(server, "").await;
    assert_eq!(
        missing,
        json!({"errcode": 40035, "errmsg": "缺少参数 corpid or appkey"})
    );
}

#[tokio::test]
async fn token_errors_and_their_order() {
    let ding = Ding::start(RateLimits::Off).await;
    // An unknown API is refused before the token is looked at.
    let unknown = ding
        .call_as("garbage", "workspace/task/nothing", json!({}))
        .await;
    assert_eq!(unknown["errcode"], 22);
    assert_eq!(
        unknown["sub_msg"],
        "不合法ApiName，ApiName = dingtalk.oapi.workspace.task.nothing"
    );
    assert!(
        unknown["errmsg"]
            .as_str()
            .unwrap()
            .starts_with("Invalid method[submsg=")
    );
    let blank = ding
        .server
        .http
        .post(format!("{}/topapi/workspace/task/get", ding.server.base))
        .header("x-acs-dingtalk-access-token", &ding.token)
        .json(&json!({"task_id": "111"}))
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert_wrapped(&blank, "40000");
    assert_wrapped(
        &ding
            .call_as("garbage", "workspace/task/get", json!({"task_id": "111"}))
            .await,
        "40014",
    );
    // A Feishu token is no DingTalk token, and the other way round.
    let feishu = ding.server.token("cli_ws", "feishu-secret").await;
    assert_wrapped(
        &ding
            .call_as(&feishu, "workspace/task/get", json!({"task_id": "111"}))
            .await,
        "40014",
    );
    ding.server
        .post(
            "/open-apis/performance/v1/semesters",
            &ding.token,
            json!({}),
        )
        .await;
    let reply = ding
        .server
        .get("/open-apis/performance/v1/semesters", &ding.token)
        .await;
    reply.assert_error(400, 99991663);
    // An app without the workspace permission.
    let narrow = gettoken(&ding.server, "appkey=dingnarrow&appsecret=narrow-secret").await;
    let narrow = narrow["access_token"].as_str().unwrap();
    assert_wrapped(
        &ding
            .call_as(narrow, "workspace/task/get", json!({"task_id": "111"}))
            .await,
        "60011",
    );
    // Missing required argument: errcode 40.
    let missing = ding
        .call("workspace/task/getbysourceid", json!({"source": "tb"}))
        .await;
    assert_eq!(missing["errcode"], 40);
    assert_eq!(missing["errmsg"], "Missing required arguments:source_id");
}

#[tokio::test]
async fn forty_calls_a_second_per_app_and_api() {
    let ding = Ding::start(RateLimits::Vendor).await;
    for call in 1..=40 {
        let body = ding
            .call("workspace/task/get", json!({"task_id": "111"}))
            .await;
        assert_eq!(body["errcode"], 0, "call {call}");
    }
    assert_wrapped(
        &ding
            .call("workspace/task/get", json!({"task_id": "111"}))
            .await,
        "90018",
    );
    // Another API of the same app has its own count.
    let body = ding
        .call(
            "workspace/task/getbysourceid",
            json!({"source": "tb", "source_id": "tb_1"}),
        )
        .await;
    assert_eq!(body["errcode"], 0);
}

#[tokio::test]
async fn every_encoding_of_the_parameters() {
    let ding = Ding::start(RateLimits::Off).await;
    let url = |api: &str| {
        format!(
            "{}/topapi/{api}?access_token={}",
            ding.server.base, ding.token
        )
    };
    // Java SDK: every top-level scalar a string, nested objects native.
    let java = ding
        .server
        .http
        .post(url("workspace/task/create"))
        .header("content-type", "application/json;charset=UTF-8")
        .body(r#"{"task":{"extension":{"other":"x","systemProperty":{"appUrl":"https:\/\/a"}},"is_archived":false,"subject":"hello","tracker_userids":["u1","u2"],"source":"jira","source_id":"SRC2","priority":20,"plan_start_date":"1970-01-01 08:00:00"},"operator_userid":"u1","microapp_agent_id":"456"}"#)
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(java["errcode"], 0, "{java}");
    assert_eq!(java["result"]["tracker_userids"], json!(["u1", "u2"]));
    assert_eq!(java["result"]["extension"]["other"], "x");
    // The task as a JSON string, scalars as strings.
    let stringly = ding
        .call(
            "workspace/task/create",
            json!({"operator_userid": "u2", "task": "{\"source\":\"jira\",\"source_id\":\"SRC3\",\"subject\":\"s\",\"priority\":\"30\",\"is_recycled\":\"true\",\"tracker_userids\":\"[\\\"u3\\\"]\"}"}),
        )
        .await;
    assert_eq!(stringly["errcode"], 0, "{stringly}");
    assert_eq!(
        (
            stringly["result"]["priority"].as_i64(),
            stringly["result"]["is_recycled"].as_bool()
        ),
        (Some(30), Some(true))
    );
    assert_eq!(
        stringly["result"]["creator_userid"], "u2",
        "the operator creates"
    );
    // A form body, the token inside it, objects as JSON strings.
    let form: Value = ding
        .server
        .http
        .post(format!(
            "{}/topapi/workspace/task/getbysourceid",
            ding.server.base
        ))
        .form(&[
            ("access_token", ding.token.as_str()),
            ("source", "jira"),
            ("source_id", "SRC3"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(form["result"]["subject"], "s");
    // Everything in the query, GET.
    let get: Value = ding
        .server
        .http
        .get(format!("{}&task_id=111", url("workspace/task/get")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(get["result"]["source_id"], "tb_1");
    // A value of the wrong type: errcode 41 naming it.
    let bad = ding
        .call(
            "workspace/task/create",
            json!({"operator_userid": "u1", "task": {"priority": "urgent", "source_id": "x"}}),
        )
        .await;
    assert_eq!(
        (bad["errcode"].as_i64(), bad["errmsg"].as_str()),
        (Some(41), Some("Invalid arguments:priority"))
    );
    let bad = ding
        .call(
            "workspace/task/create",
            json!({"operator_userid": "u1", "task": {"priority": 15, "source_id": "y"}}),
        )
        .await;
    assert_eq!(bad["errcode"], 41);
    let bad = ding
        .call(
            "workspace/task/create",
            json!({"operator_userid": "u1", "task": "not json"}),
        )
        .await;
    assert_eq!(
        (bad["errcode"].as_i64(), bad["errmsg"].as_str()),
        (Some(41), Some("Invalid arguments:task"))
    );
}

#[tokio::test]
async fn dates_in_three_forms_out_in_one() {
    let ding = Ding::start(RateLimits::Off).await;
    let created = ding
        .create(json!({
            "source_id": "dates",
            "plan_start_date": "2024-06-01 09:00:00",
            "plan_finish_date": "2024-06-01T01:00:00Z",
            "start_date": 1_717_210_800_000i64,
            "finish_date": "1717214400000"
        }))
        .await;
    assert_eq!(created["plan_start_date"], "2024-06-01 09:00:00");
    assert_eq!(created["plan_finish_date"], "2024-06-01 09:00:00");
    assert_eq!(created["start_date"], "2024-06-01 11:00:00");
    assert_eq!(created["finish_date"], "2024-06-01 12:00:00");
    assert_eq!(
        created["gmt_create"], "2024-06-15 10:00:00",
        "the tenant's clock"
    );
    let bad = ding
        .call(
            "workspace/task/create",
            json!({"operator_userid": "u1", "task": {"source_id": "bad", "start_date": "June"}}),
        )
        .await;
    assert_eq!(bad["errmsg"], "Invalid arguments:start_date");
    // A date no answer could write (past the year 9999) is as invalid as one that does not
    // parse, on create and on update, and changes nothing.
    let beyond = ding
        .call(
            "workspace/task/create",
            json!({"operator_userid": "u1", "task": {"source_id": "far", "plan_start_date": i64::MAX}}),
        )
        .await;
    assert_eq!(
        (beyond["errcode"].as_i64(), beyond["errmsg"].as_str()),
        (Some(41), Some("Invalid arguments:plan_start_date")),
        "{beyond}"
    );
    let task_id = created["task_id"].as_str().unwrap();
    let beyond = ding
        .call(
            "workspace/task/update",
            json!({"operator_userid": "u1", "task_id": task_id, "task": {"finish_date": "9999-12-31T20:00:00Z"}}),
        )
        .await;
    assert_eq!(
        (beyond["errcode"].as_i64(), beyond["errmsg"].as_str()),
        (Some(41), Some("Invalid arguments:finish_date")),
        "{beyond}"
    );
    assert_eq!(
        ding.get(task_id).await["finish_date"],
        "2024-06-01 12:00:00"
    );
    let by_source = ding
        .call(
            "workspace/task/getbysourceid",
            json!({"source": "openwork", "source_id": "far"}),
        )
        .await;
    assert_wrapped(&by_source, "60121");
}

#[tokio::test]
async fn update_leaves_clears_and_sets() {
    let ding = Ding::start(RateLimits::Off).await;
    let created = ding
        .create(json!({
            "source_id": "upd", "subject": "first", "description": "words", "executor_userid": "u2",
            "plan_finish_date": "2024-07-01 18:00:00", "priority": 10, "extension": {"comment_count": 2, "other": "o"}
        }))
        .await;
    let task_id = created["task_id"].as_str().unwrap().to_owned();
    ding.server
        .admin_call(
            Method::PUT,
            "/tenants/acme/clock",
            Some(json!({"advance_seconds": 3600})),
        )
        .await;
    let updated = ding
        .call(
            "workspace/task/update",
            json!({"operator_userid": "u3", "task_id": task_id, "task": {
                "description": "", "plan_finish_date": "1970-01-01 08:00:00", "priority": 40,
                "extension": {"comment_count": "5"}
            }}),
        )
        .await;
    assert_eq!(updated["errcode"], 0, "{updated}");
    assert!(updated.get("result").is_none());
    let task = ding.get(&task_id).await;
    assert_eq!(task["subject"], "first", "absent: unchanged");
    assert!(task.get("description").is_none(), "empty string: cleared");
    assert!(task.get("plan_finish_date").is_none(), "Date(0): cleared");
    assert_eq!(task["priority"], 40);
    assert_eq!(task["executor_userid"], "u2");
    assert_eq!(
        task["extension"],
        json!({"comment_count": "5", "other": "o"})
    );
    assert_eq!(task["modifier_userid"], "u3");
    assert_eq!(task["creator_userid"], "u1");
    assert_eq!(task["gmt_create"], "2024-06-15 10:00:00");
    assert_eq!(task["gmt_modified"], "2024-06-15 11:00:00");
    let missing = ding
        .call(
            "workspace/task/update",
            json!({"task_id": "404", "task": {}}),
        )
        .await;
    assert_wrapped(&missing, "60121");
}

#[tokio::test]
async fn lookups_duplicates_and_deletes() {
    let ding = Ding::start(RateLimits::Off).await;
    let created = ding
        .create(json!({"source_id": "plain", "subject": "no source", "corp_id": "proj-2"}))
        .await;
    assert_eq!(created["source"], "openwork", "the default source");
    assert_eq!(created["biz_tag"], "openwork");
    assert_eq!(created["belong_corp_id"], "dingacme");
    let by_default_source = ding
        .call(
            "workspace/task/getbysourceid",
            json!({"source_id": "plain"}),
        )
        .await;
    assert_eq!(by_default_source["result"]["task_id"], created["task_id"]);
    let missing = ding
        .call(
            "workspace/task/getbysourceid",
            json!({"source": "tb", "source_id": "nope"}),
        )
        .await;
    assert_wrapped(&missing, "60121");
    assert_eq!(missing["sub_msg"], "任务不存在");
    let duplicate = ding
        .call(
            "workspace/task/create",
            json!({"operator_userid": "u1", "task": {"source": "tb", "source_id": "tb_1"}}),
        )
        .await;
    assert_wrapped(&duplicate, "60122");
    let unknown_user = ding
        .call(
            "workspace/task/create",
            json!({"operator_userid": "zz", "task": {"source_id": "q"}}),
        )
        .await;
    assert_eq!(unknown_user["errmsg"], "Invalid arguments:operator_userid");

    let deleted = ding
        .call(
            "workspace/task/delete",
            json!({"operator_userid": "u1", "task_id": created["task_id"]}),
        )
        .await;
    assert_eq!(deleted["errcode"], 0);
    assert_wrapped(
        &ding
            .call("workspace/task/get", json!({"task_id": created["task_id"]}))
            .await,
        "60121",
    );
    let by_project = ding
        .call(
            "workspace/task/deletebyproject",
            json!({"operator_userid": "u1", "project_id": "proj-1"}),
        )
        .await;
    assert_eq!(by_project["errcode"], 0);
    assert_wrapped(
        &ding
            .call("workspace/task/get", json!({"task_id": "111"}))
            .await,
        "60121",
    );
    for api in ["workspace/task/migrate", "workspace/task/clean"] {
        assert_wrapped(
            &ding
                .call(api, json!({"operator_userid": "u1", "corp_id": "x"}))
                .await,
            "60011",
        );
    }
}

#[tokio::test]
async fn tasklist_calls_are_stored() {
    let ding = Ding::start(RateLimits::Off).await;
    let visibility = || async {
        ding.server
            .admin_call(Method::GET, "/tenants/acme/workspace/tasklists/u2", None)
            .await
            .body
    };
    for (api, body) in [
        (
            "workspace/tasklist/hidebyorg",
            json!({"operator_userid": "u1", "userid": "u2"}),
        ),
        (
            "workspace/tasklist/hidebyproject",
            json!({"operator_userid": "u1", "userid": "u2", "project_id": "p1"}),
        ),
        (
            "workspace/tasklist/addbyproject",
            json!({"operator_userid": "u1", "userid": "u2", "project_id": "p2"}),
        ),
    ] {
        assert_eq!(ding.call(api, body).await["errcode"], 0, "{api}");
    }
    let state = visibility().await;
    assert_eq!(state["hidden_org_wide"], true);
    assert_eq!(
        state["projects"],
        json!([{"project_id": "p1", "hidden": true}, {"project_id": "p2", "hidden": false}])
    );
    let cancelled = ding
        .call(
            "workspace/tasklist/hidden/cancel",
            json!({"operator_userid": "u1", "userid": "u2"}),
        )
        .await;
    assert_eq!(cancelled["errcode"], 0);
    assert_eq!(visibility().await["hidden_org_wide"], false);
    let missing = ding
        .call(
            "workspace/tasklist/hidebyproject",
            json!({"operator_userid": "u1", "userid": "u2"}),
        )
        .await;
    assert_eq!(missing["errmsg"], "Missing required arguments:project_id");
}

#[tokio::test]
async fn tenants_are_isolated_and_tokens_survive_a_restart() {
    let mut ding = Ding::start(RateLimits::Off).await;
    let other = gettoken(&ding.server, "appkey=dingother_app&appsecret=other-secret").await;
    let other = other["access_token"].as_str().unwrap().to_owned();
    assert_wrapped(
        &ding
            .call_as(&other, "workspace/task/get", json!({"task_id": "111"}))
            .await,
        "60121",
    );
    // After a restart on the same database, the token still works.
    ding.server.stop().await;
    let config = openwork_server::Config {
        listen: "127.0.0.1:0".into(),
        db: format!("sqlite://{}", ding.server.db_path.display()),
        fixture: None,
        admin_token: Some(crate::support::ADMIN_TOKEN.into()),
        rate_limits: RateLimits::Off,
        journal: Default::default(),
        ..openwork_server::Config::default()
    };
    ding.server = TestServer::with_config(&config, ding.server.db_path.clone()).await;
    assert_eq!(ding.get("111").await["subject"], "测试任务");
}

/// A huge value is named, and quoted only in part: no answer, and no explanation header, grows
/// with what the caller sent (docs/semantics.md, "How a call is checked").
#[tokio::test]
async fn a_huge_value_gets_a_small_answer_naming_it() {
    let ding = Ding::start(RateLimits::Off).await;
    let huge = "u".repeat(2 * 1024 * 1024);
    let response = ding
        .server
        .http
        .post(format!(
            "{}/topapi/workspace/task/create?access_token={}",
            ding.server.base, ding.token
        ))
        .json(&json!({"operator_userid": huge, "task": {"source_id": "huge"}}))
        .send()
        .await
        .unwrap();
    let explanation = response.headers()["x-openwork-explain"].len();
    let text = response.text().await.unwrap();
    assert!(text.len() < 512, "{} bytes", text.len());
    assert!(explanation < 512, "an explanation of {explanation} bytes");
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        (body["errcode"].as_i64(), body["errmsg"].as_str()),
        (Some(41), Some("Invalid arguments:operator_userid"))
    );
    assert_eq!(
        body["sub_msg"],
        format!(
            "\"{}…(2097152 bytes)\" is not a user of this organisation",
            "u".repeat(64)
        )
    );
    // An API name is quoted the same way.
    let unknown = ding.call(&"x".repeat(60_000), json!({})).await;
    assert_eq!(unknown["errcode"], 22);
    let sub_msg = unknown["sub_msg"].as_str().unwrap();
    assert!(sub_msg.ends_with("…(60014 bytes)"), "{sub_msg}");
}
