//! Exporting a world as a fixture (docs/fixtures.md, "Exporting a world"): the demo world
//! exported, reset and loaded from its export answers every vendor call as before, and exports
//! again to the very same text; what a fixture cannot say is refused with its path.

use openwork_sdk::SdkError;
use openwork_sdk::admin::FixtureFormat;
use openwork_sdk::dingtalk::DingTalkClient;
use openwork_server::world::fixture::DEMO;
use serde_json::{Value, json};

use crate::support::TestServer;

const APP: (&str, &str) = ("cli_de30c0de00000001", "openwork-demo-secret");
const DINGTALK_APP: (&str, &str) = ("dingdemo0000000001", "openwork-demo-dingtalk-secret");
const H1: &str = "7235911950407352321";
const FUNCTIONS_H1: &str = "7235911950407352399";

/// What the demo world answers: the admin API's tenant summaries and a call of each service,
/// as the demo app and its DingTalk identity see them.
async fn vendor_answers(server: &TestServer) -> Vec<Value> {
    let token = server.token(APP.0, APP.1).await;
    let post = |path: &'static str, body: Value| {
        let token = token.clone();
        async move { server.post(path, &token, body).await.data().clone() }
    };
    let reviewees: Vec<String> = (1..=25).map(|i| format!("u{i:03}")).collect();
    let mut answers = vec![
        serde_json::to_value(server.admin.tenants().await.unwrap()).unwrap(),
        post(
            "/open-apis/performance/v1/stage_tasks/find_by_page?user_id_type=user_id",
            json!({ "semester_id": H1, "page_size": 7 }),
        )
        .await,
        post(
            "/open-apis/performance/v2/review_datas/query?user_id_type=user_id",
            json!({
                "semester_ids": [H1, FUNCTIONS_H1],
                "reviewee_user_ids": &reviewees[..10],
                "stage_types": ["review", "leader_review", "communication_and_open_result"],
            }),
        )
        .await,
        post(
            "/open-apis/performance/v2/metric_details/query?user_id_type=user_id",
            json!({ "semester_id": H1, "reviewee_user_ids": ["u024", "u017"] }),
        )
        .await,
        post(
            "/open-apis/performance/v2/additional_informations/query?user_id_type=user_id",
            json!({ "semester_id": H1 }),
        )
        .await,
        post(
            "/open-apis/performance/v2/user_info/query?user_id_type=user_id",
            json!({ "semester_id": H1, "user_ids": ["u001", "u002", "u003"] }),
        )
        .await,
        post(
            "/open-apis/performance/v2/metric_libs/query?user_id_type=user_id",
            json!({}),
        )
        .await,
        post(
            "/open-apis/performance/v2/review_templates/query",
            json!({}),
        )
        .await,
        post(
            "/open-apis/report/v1/tasks/query",
            json!({ "commit_start_time": 1_700_000_000, "commit_end_time": 1_800_000_000, "page_token": "", "page_size": 20 }),
        )
        .await,
        server
            .get("/open-apis/performance/v1/semesters?user_id_type=user_id", &token)
            .await
            .data()
            .clone(),
    ];
    let dingtalk = DingTalkClient::new(DINGTALK_APP.0, DINGTALK_APP.1).with_base_url(&server.base);
    for task_id in ["111", "112", "113"] {
        answers.push(serde_json::to_value(dingtalk.task(task_id).await.unwrap()).unwrap());
    }
    answers
}

/// Loads an export in place of the world it came from; answers the export of the result.
async fn reload(server: &TestServer, export: &str) -> String {
    server.admin.reset().await.unwrap();
    server.admin.load_fixture(export).await.unwrap();
    server.admin.export_fixture(None).await.unwrap()
}

async fn the_demo_world_round_trips(server: &TestServer) {
    let before = vendor_answers(server).await;
    // The answers are the demo's, not empty pages that would match anything.
    assert!(
        before[2].to_string().contains("7385000219907457024"),
        "{}",
        before[2]
    );
    assert!(before[3].to_string().contains("87.5"), "{}", before[3]);
    let first = server.admin.export_fixture(None).await.unwrap();
    // What the demo left to the loader is written out: IDs pinned, defaults filled in. (Its
    // users' union_ids differ between its two developers, so they stay derived.)
    for pinned in ["open_ids:", "created_at:", "gmt_create:", "year: 2024"] {
        assert!(first.contains(pinned), "{pinned} in\n{first}");
    }
    assert_eq!(
        reload(server, &first).await,
        first,
        "an export reloads to itself"
    );
    assert_eq!(vendor_answers(server).await, before, "the same answers");

    // JSON says the same.
    let json = server
        .admin
        .export_fixture_as(Some("demo"), FixtureFormat::Json)
        .await
        .unwrap();
    assert!(json.starts_with('{'), "{json}");
    assert_eq!(reload(server, &json).await, first);
    assert_eq!(
        server.admin.export_fixture(Some("demo")).await.unwrap(),
        first,
        "one tenant's export is the whole world's when it is the only tenant"
    );
}

#[tokio::test]
async fn the_demo_world_exports_and_loads_back_to_the_same_answers() {
    let server = TestServer::start(DEMO).await;
    the_demo_world_round_trips(&server).await;
}

#[tokio::test]
async fn the_demo_world_round_trips_on_postgres() {
    let Some([(server, _), _]) = TestServer::postgres_replicas("export_demo", DEMO, APP).await
    else {
        return;
    };
    the_demo_world_round_trips(&server).await;
}

#[tokio::test]
async fn an_export_is_yaml_unless_json_is_asked_for() {
    let server = TestServer::start(DEMO).await;
    let yaml = server
        .http
        .get(format!("{}/_openwork/v1/tenants/demo/fixture", server.base))
        .bearer_auth(crate::support::ADMIN_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(yaml.status(), 200);
    assert_eq!(yaml.headers()["content-type"], "application/yaml");
    assert!(yaml.text().await.unwrap().starts_with("version: 1\n"));
    let json = server
        .http
        .get(format!("{}/_openwork/v1/fixture?format=json", server.base))
        .bearer_auth(crate::support::ADMIN_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(json.headers()["content-type"], "application/json");
    let doc: Value = json.json().await.unwrap();
    assert_eq!(doc["tenants"][0]["tenant_key"], "demo");

    let other = server
        .admin_call(reqwest::Method::GET, "/fixture?format=toml", None)
        .await;
    assert_eq!(
        (other.status, other.body["error"]["code"].as_str()),
        (400, Some("bad_request"))
    );
    let unknown = server
        .admin_call(reqwest::Method::GET, "/tenants/nobody/fixture", None)
        .await;
    assert_eq!(
        (unknown.status, unknown.body["error"]["code"].as_str()),
        (404, Some("not_found"))
    );
    let anonymous = server
        .http
        .get(format!("{}/_openwork/v1/fixture", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
}

/// A running clock moved away from real time has no fixture key: the export refuses it with
/// the path and what to do, rather than writing a clock that would run differently.
#[tokio::test]
async fn a_state_a_fixture_cannot_say_is_refused_with_its_path() {
    let server = TestServer::start(DEMO).await;
    let moved = server
        .admin_call(
            reqwest::Method::PUT,
            "/tenants/demo/clock",
            Some(json!({ "now": null })),
        )
        .await;
    assert_eq!(moved.status, 200, "{:#}", moved.body);
    let ahead = server
        .admin_call(
            reqwest::Method::PUT,
            "/tenants/demo/clock",
            Some(json!({ "advance_seconds": 3600 })),
        )
        .await;
    assert_eq!(ahead.status, 200, "{:#}", ahead.body);
    let refused = server.admin.export_fixture(None).await.unwrap_err();
    let SdkError::Admin {
        status: 409,
        error: Some(error),
    } = refused
    else {
        panic!("{refused:?}");
    };
    assert_eq!(error.code, "not_exportable");
    assert_eq!(error.path.as_deref(), Some("tenants[0].clock"));
    assert!(error.message.contains("3600 s"), "{}", error.message);

    // Back on real time it exports, without a clock.
    server
        .admin_call(
            reqwest::Method::PUT,
            "/tenants/demo/clock",
            Some(json!({ "now": null })),
        )
        .await;
    let export = server.admin.export_fixture(None).await.unwrap();
    assert!(!export.contains("\n    clock:"), "{export}");
}

/// The vendor APIs can leave a world the fixture's checks refuse: a group write that drops a
/// reviewee who has results. The export is refused with the path of the result, not handed out
/// as a fixture that would not load.
#[tokio::test]
async fn a_world_the_fixture_checks_refuse_is_not_exported() {
    let server = TestServer::start(DEMO).await;
    let token = server.token(APP.0, APP.1).await;
    server
        .post(
            "/open-apis/performance/v2/user_group_user_rels/write?user_id_type=user_id&client_token=drop-u001",
            &token,
            json!({ "group_id": "rd-reviewees", "scope_visible_setting": 1, "user_ids": ["u002", "u003"] }),
        )
        .await
        .data();
    let refused = server.admin.export_fixture(Some("demo")).await.unwrap_err();
    let SdkError::Admin {
        status: 409,
        error: Some(error),
    } = refused
    else {
        panic!("{refused:?}");
    };
    assert_eq!(error.code, "not_exportable");
    let path = error.path.unwrap_or_default();
    assert!(
        path.starts_with("tenants[0].semesters[") && path.ends_with("].reviewee"),
        "{path}"
    );
    assert!(error.message.contains("\"u001\""), "{}", error.message);
}
