//! The request journal, explanations and injected faults: what is recorded (and what never
//! is), why each kind of refusal happened, filters, and faults of every kind.

use openwork_server::RateLimits;
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{ADMIN_TOKEN, Reply, TestServer};

const FIXTURE: &str = r#"
version: 1
tenants:
  - tenant_key: acme
    dingtalk_corp_id: dingacme
    clock: "2024-06-15T10:00:00+08:00"
    apps:
      - app_id: cli_full
        app_secret: full-secret-value
        scopes: [performance:performance:readonly, contact:user.employee_id:readonly]
        dingtalk: { app_key: dingfull, app_secret: ding-secret-value }
      - { app_id: cli_bare, app_secret: bare-secret-value, scopes: [performance:performance:readonly] }
    users: [{ user_id: u1, name: A }]
    semesters:
      - semester_id: "7100000000000000001"
        start_time: "2024-01-01T00:00:00+08:00"
        end_time: "2024-06-30T23:59:59+08:00"
        stages:
          - { stage_id: "7130000000000000001", deadline: "2024-06-30T00:00:00+08:00", tasks: [{ user_id: u1, need_todo: 1 }] }
"#;

const FIND: &str = "/open-apis/performance/v1/stage_tasks/find_by_page";
const SEMESTER: &str = "7100000000000000001";

fn page() -> Value {
    json!({ "semester_id": SEMESTER })
}

async fn entries(server: &TestServer, query: &str) -> Vec<Value> {
    let reply = server
        .call(
            Method::GET,
            &format!("/_openwork/v1/requests{query}"),
            Some(ADMIN_TOKEN),
            None,
        )
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    reply.body["entries"].as_array().unwrap().clone()
}

/// The explanation header, decoded.
fn explanation(reply: &Reply) -> String {
    let raw = reply
        .headers
        .get("x-openwork-explain")
        .unwrap_or_else(|| panic!("no explanation on {:?}", reply.body))
        .to_str()
        .unwrap();
    percent_decode(raw)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'%' {
            out.push(u8::from_str_radix(&text[at + 1..at + 3], 16).unwrap());
            at += 3;
        } else {
            out.push(bytes[at]);
            at += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[tokio::test]
async fn every_call_is_recorded_with_what_openwork_knows_and_no_secret() {
    let server = TestServer::start_with(FIXTURE, RateLimits::Off).await;
    let token = server.token("cli_full", "full-secret-value").await;
    let reply = server
        .post(&format!("{FIND}?user_id_type=user_id"), &token, page())
        .await;
    assert_eq!(reply.code(), 0);
    let log_id = reply.headers["x-tt-logid"].to_str().unwrap().to_owned();
    assert!(
        reply.headers.get("x-openwork-explain").is_none(),
        "successes need none"
    );

    let found = entries(&server, &format!("?log_id={log_id}")).await;
    assert_eq!(found.len(), 1);
    let entry = &found[0];
    assert_eq!(entry["method"], "POST");
    assert_eq!(entry["path"], FIND);
    assert_eq!(entry["query"], "user_id_type=user_id");
    assert_eq!(entry["api"], "feishu");
    assert_eq!(entry["operation"], "performance.v1.stage_task.find_by_page");
    assert_eq!(entry["tenant_key"], "acme");
    assert_eq!(entry["app_id"], "cli_full");
    assert_eq!(entry["caller"], "tenant");
    assert_eq!(entry["status"], 200);
    assert_eq!(entry["code"], 0);
    assert_eq!(entry["request_body"]["text"], page().to_string());
    assert!(
        entry["response_body"]["text"]
            .as_str()
            .unwrap()
            .contains("\"u1\"")
    );
    assert!(entry["duration_ms"].as_f64().unwrap() > 0.0);
    let authorization = entry["request_headers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h[0] == "authorization")
        .unwrap();
    assert_eq!(authorization[1], "Bearer <redacted>");

    // The same entry by ID and by log_id.
    let id = entry["id"].as_u64().unwrap();
    for key in [id.to_string(), log_id.clone()] {
        let one = server
            .call(
                Method::GET,
                &format!("/_openwork/v1/requests/{key}"),
                Some(ADMIN_TOKEN),
                None,
            )
            .await;
        assert_eq!(one.body["log_id"], log_id.as_str());
    }

    // A long body is kept cut, and says so.
    let long = json!({ "operation": "x".repeat(10_000), "action": { "kind": "drop" }, "times": 1 });
    server
        .call(
            Method::POST,
            "/_openwork/v1/faults",
            Some(ADMIN_TOKEN),
            Some(&long),
        )
        .await;
    let cut = &entries(&server, "?path=/faults").await[0]["request_body"];
    assert_eq!(cut["truncated"], true);
    assert_eq!(cut["bytes"].as_u64(), Some(long.to_string().len() as u64));
    assert_eq!(cut["text"].as_str().unwrap().len(), 4 * 1024);

    // No secret or token anywhere in the journal: not the app secret sent, not the token
    // answered, not the admin token.
    let ding = server
        .call(
            Method::GET,
            "/gettoken?appkey=dingfull&appsecret=ding-secret-value",
            None,
            None,
        )
        .await;
    let ding_token = ding.body["access_token"].as_str().unwrap().to_owned();
    server
        .call(
            Method::GET,
            &format!("/topapi/workspace/task/get?access_token={ding_token}"),
            None,
            None,
        )
        .await;
    let everything = serde_json::to_string(&entries(&server, "?limit=1000").await).unwrap();
    for secret in [
        "full-secret-value",
        "ding-secret-value",
        token.as_str(),
        ding_token.as_str(),
        ADMIN_TOKEN,
    ] {
        assert!(
            !everything.contains(secret),
            "{secret} leaked into the journal"
        );
    }
    assert!(everything.contains("<redacted>"));
}

#[tokio::test]
async fn each_refusal_says_which_rule_fired_and_the_vendor_body_stays_the_vendors() {
    let server = TestServer::start_with(FIXTURE, RateLimits::Vendor).await;
    let full = server.token("cli_full", "full-secret-value").await;
    let bare = server.token("cli_bare", "bare-secret-value").await;
    let cases: Vec<(&str, Reply, i64, &str)> = vec![
        (
            "no token",
            server.call(Method::POST, FIND, None, Some(&page())).await,
            99991661,
            "needs an access token",
        ),
        (
            "forged token",
            server.post(FIND, "t-forged", page()).await,
            99991663,
            "tenant_access_token/internal",
        ),
        (
            "user_id without its scope",
            server
                .post(&format!("{FIND}?user_id_type=user_id"), &bare, page())
                .await,
            99991672,
            "app `cli_bare` lacks scope `contact:user.employee_id:readonly`, which `user_id_type=user_id` needs",
        ),
        (
            "unknown user_id_type",
            server
                .post(&format!("{FIND}?user_id_type=nope"), &full, page())
                .await,
            99992402,
            "user_id_type",
        ),
        (
            "service rule",
            server
                .post(
                    FIND,
                    &full,
                    json!({ "semester_id": SEMESTER, "page_size": 51 }),
                )
                .await,
            1580102,
            "page_size",
        ),
        (
            "bad credentials",
            server
                .call(
                    Method::POST,
                    "/open-apis/auth/v3/tenant_access_token/internal",
                    None,
                    Some(&json!({ "app_id": "cli_full", "app_secret": "wrong" })),
                )
                .await,
            10003,
            "tenants[].apps[]",
        ),
    ];
    for (case, reply, code, says) in cases {
        assert_eq!(reply.code(), code, "{case}: {:?}", reply.body);
        let why = explanation(&reply);
        assert!(why.contains(says), "{case}: {why}");
        assert!(
            !reply.body.to_string().contains(&why),
            "{case}: the vendor body carries no explanation"
        );
        let log_id = reply.headers["x-tt-logid"].to_str().unwrap();
        let entry = &entries(&server, &format!("?log_id={log_id}")).await[0];
        assert_eq!(entry["explanation"], why.as_str(), "{case}");
        assert_eq!(entry["code"], code, "{case}");
    }

    // The rate limit names the operation, the app and the switch that turns limits off.
    let mut last = None;
    for _ in 0..21 {
        last = Some(server.post(FIND, &full, page()).await);
    }
    let limited = last.unwrap();
    assert_eq!(limited.code(), 99991400);
    let why = explanation(&limited);
    assert!(
        why.contains("`performance.v1.stage_task.find_by_page`")
            && why.contains("app `cli_full`")
            && why.contains("--rate-limits off"),
        "{why}"
    );

    // An unknown route, the admin API without its token, a DingTalk refusal.
    let missing = server
        .call(Method::GET, "/open-apis/nowhere", None, None)
        .await;
    assert_eq!(missing.status, 404);
    assert!(explanation(&missing).contains("GET /open-apis/nowhere"));
    let admin = server
        .call(Method::GET, "/_openwork/v1/faults", None, None)
        .await;
    assert_eq!(admin.status, 401);
    assert!(explanation(&admin).contains("Authorization: Bearer <admin token>"));
    let ding = server
        .call(
            Method::GET,
            "/topapi/workspace/task/get?access_token=bogus",
            None,
            None,
        )
        .await;
    assert!(
        explanation(&ding).contains("GET /gettoken"),
        "{}",
        explanation(&ding)
    );
}

#[tokio::test]
async fn filters_narrow_and_after_follows() {
    let server = TestServer::start_with(FIXTURE, RateLimits::Off).await;
    let full = server.token("cli_full", "full-secret-value").await;
    let bare = server.token("cli_bare", "bare-secret-value").await;
    server.post(FIND, &full, page()).await;
    server.post(FIND, &bare, page()).await;
    server
        .post(&format!("{FIND}?user_id_type=user_id"), &bare, page())
        .await;
    let apps = |list: &[Value]| -> Vec<String> {
        list.iter()
            .map(|e| e["app_id"].as_str().unwrap_or("-").to_owned())
            .collect()
    };
    assert_eq!(
        apps(&entries(&server, "?path=find_by_page").await),
        ["cli_bare", "cli_bare", "cli_full"]
    );
    assert_eq!(
        apps(&entries(&server, "?app_id=cli_full&path=find_by").await),
        ["cli_full"]
    );
    assert_eq!(
        apps(&entries(&server, "?code=99991672").await),
        ["cli_bare"]
    );
    assert_eq!(entries(&server, "?status=400&path=find").await.len(), 1);
    assert_eq!(
        entries(&server, "?since=2100-01-01T00:00:00Z").await.len(),
        0
    );
    assert_eq!(
        entries(&server, "?until=2000-01-01T00:00:00Z").await.len(),
        0
    );
    let newest = entries(&server, "?limit=1").await;
    let id = newest[0]["id"].as_u64().unwrap();
    server.post(FIND, &full, page()).await;
    server.post(FIND, &bare, page()).await;
    let followed = entries(&server, &format!("?after={id}")).await;
    assert_eq!(
        apps(&followed),
        ["cli_full", "cli_bare"],
        "oldest first after `after`; listings are not recorded"
    );
    let bad = server
        .call(
            Method::GET,
            "/_openwork/v1/requests?apps=x",
            Some(ADMIN_TOKEN),
            None,
        )
        .await;
    assert_eq!(bad.status, 400);
    assert!(
        bad.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("log_id, tenant_key")
    );
    let cleared = server
        .call(
            Method::DELETE,
            "/_openwork/v1/requests",
            Some(ADMIN_TOKEN),
            None,
        )
        .await;
    assert_eq!(cleared.status, 204);
    assert_eq!(entries(&server, "?path=find_by_page").await.len(), 0);
}

async fn add_fault(server: &TestServer, spec: Value) -> Reply {
    server
        .call(
            Method::POST,
            "/_openwork/v1/faults",
            Some(ADMIN_TOKEN),
            Some(&spec),
        )
        .await
}

#[tokio::test]
async fn faults_answer_as_told_then_go() {
    let server = TestServer::start_with(FIXTURE, RateLimits::Off).await;
    let full = server.token("cli_full", "full-secret-value").await;
    let bare = server.token("cli_bare", "bare-secret-value").await;
    let fault = add_fault(
        &server,
        json!({ "operation": "performance.v1.stage_task.find_by_page", "app_id": "cli_full",
                "action": { "kind": "vendor_error", "code": 99991400, "msg": "request trigger frequency limit" },
                "times": 2 }),
    )
    .await;
    assert_eq!(fault.status, 200, "{:?}", fault.body);
    for _ in 0..2 {
        let hit = server.post(FIND, &full, page()).await;
        assert_eq!((hit.status, hit.code()), (400, 99991400));
        assert_eq!(hit.body["msg"], "request trigger frequency limit");
        assert!(hit.body["error"]["log_id"].is_string());
    }
    assert_eq!(
        server.post(FIND, &bare, page()).await.code(),
        0,
        "another app is not hit"
    );
    assert_eq!(
        server.post(FIND, &full, page()).await.code(),
        0,
        "two calls, then gone"
    );
    let marked = entries(&server, "?code=99991400").await;
    assert_eq!(marked.len(), 2);
    assert!(
        marked[0]["fault"]
            .as_str()
            .unwrap()
            .starts_with("injected fault")
    );

    // Latency delays, then serves.
    add_fault(
        &server,
        json!({ "operation": "*", "action": { "kind": "latency", "ms": 300 }, "times": 1 }),
    )
    .await;
    let started = std::time::Instant::now();
    assert_eq!(server.post(FIND, &full, page()).await.code(), 0);
    assert!(started.elapsed() >= std::time::Duration::from_millis(300));

    // A 5xx, and a dropped connection.
    add_fault(&server, json!({ "operation": "*", "action": { "kind": "server_error", "status": 502 }, "times": 1 })).await;
    assert_eq!(server.post(FIND, &full, page()).await.status, 502);
    add_fault(
        &server,
        json!({ "operation": "*", "action": { "kind": "drop" }, "times": 1 }),
    )
    .await;
    let dropped = server
        .http
        .post(format!("{}{FIND}", server.base))
        .bearer_auth(&full)
        .json(&page())
        .send()
        .await;
    let broke = match dropped {
        Err(_) => true,
        Ok(response) => response.bytes().await.is_err(),
    };
    assert!(broke, "the connection was dropped");
    assert_eq!(server.post(FIND, &full, page()).await.code(), 0);

    // DingTalk answers its own envelope with HTTP 200.
    add_fault(
        &server,
        json!({ "operation": "dingtalk.oapi.workspace.task.get", "action": { "kind": "vendor_error", "code": 90018 } }),
    )
    .await;
    let ding = server
        .call(
            Method::GET,
            "/gettoken?appkey=dingfull&appsecret=ding-secret-value",
            None,
            None,
        )
        .await;
    let ding_token = ding.body["access_token"].as_str().unwrap();
    let hit = server
        .call(
            Method::GET,
            &format!("/topapi/workspace/task/get?access_token={ding_token}&task_id=1"),
            None,
            None,
        )
        .await;
    assert_eq!(
        (hit.status, hit.body["errcode"].as_i64()),
        (200, Some(90018))
    );

    // Listing, removal, refusals in words.
    let listed = server
        .call(Method::GET, "/_openwork/v1/faults", Some(ADMIN_TOKEN), None)
        .await;
    let faults = listed.body["faults"].as_array().unwrap();
    assert_eq!(
        faults.len(),
        1,
        "only the unlimited one is left: {faults:?}"
    );
    let id = faults[0]["id"].as_u64().unwrap();
    let removed = server
        .call(
            Method::DELETE,
            &format!("/_openwork/v1/faults/{id}"),
            Some(ADMIN_TOKEN),
            None,
        )
        .await;
    assert_eq!(removed.status, 204);
    let again = server
        .call(
            Method::DELETE,
            &format!("/_openwork/v1/faults/{id}"),
            Some(ADMIN_TOKEN),
            None,
        )
        .await;
    assert_eq!(again.status, 404);
    let bad = add_fault(
        &server,
        json!({ "operation": "*", "action": { "kind": "drop" }, "probability": 2 }),
    )
    .await;
    assert_eq!(bad.status, 400);
    assert!(
        bad.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("probability")
    );
}

/// With the journal in PostgreSQL, a request served by one replica is listed by the other.
#[tokio::test]
async fn the_database_journal_shows_every_replicas_requests() {
    let Some(replicas) = TestServer::postgres_replicas_with(
        "replica_journal",
        FIXTURE,
        ("cli_full", "full-secret-value"),
        |config| {
            config.journal.in_database = true;
        },
    )
    .await
    else {
        return;
    };
    let (second, token) = &replicas[1];
    let reply = second.post(FIND, token, page()).await;
    let log_id = reply.headers["x-tt-logid"].to_str().unwrap().to_owned();
    let first = &replicas[0].0;
    let mut seen = Vec::new();
    for _ in 0..50 {
        seen = entries(first, &format!("?log_id={log_id}")).await;
        if !seen.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(seen.len(), 1, "replica 2's request, listed by replica 1");
    assert_eq!(
        seen[0]["replica"],
        second.base.trim_start_matches("http://")
    );
}
