//! Key-metric details (指标明细): imports and what queries read back, retries, every refusal,
//! the semester's end, and two replicas importing into one semester at once.

use openwork_server::RateLimits;
use openwork_wire::admin::ClockChange;
use serde_json::{Value, json};

use crate::support::TestServer;

const IMPORT: &str = "/open-apis/performance/v2/metric_details/import?user_id_type=user_id";
const QUERY: &str = "/open-apis/performance/v2/metric_details/query?user_id_type=user_id";
const APP: (&str, &str) = ("cli_kpi", "kpi-secret");
const H1: &str = "7100000000000000001";

const FIXTURE: &str = r#"
version: 1
tenants:
  - tenant_key: acme
    clock: "2024-06-15T10:00:00+08:00"
    apps:
      - { app_id: cli_kpi, app_secret: kpi-secret, scopes: [performance:metric:write, contact:user.employee_id:readonly] }
      - { app_id: cli_reader, app_secret: reader-secret, scopes: [performance:metric:read] }
    users: [{ user_id: u1, name: A }, { user_id: u2, name: B }, { user_id: u3, name: C }, { user_id: boss, name: D }]
    user_groups: [{ group_id: sales, members: [u1, u2] }, { group_id: plain, members: [u3] }]
    metric_fields:
      - { field_id: "11", name: { zh_cn: 目标, en_us: Target }, type: number }
      - { field_id: "12", name: { zh_cn: 完成率, en_us: Completion }, type: pencentage }
      - { field_id: "13", name: { zh_cn: 评价人, en_us: Rater }, type: person }
      - { field_id: "14", name: { zh_cn: 说明, en_us: Note } }
    metrics:
      - metric_id: "22"
        name: 营收
        fields:
          - { field_id: "11", input_setting: admin, value: "100" }
          - { field_id: "12", input_setting: data_source_inputter }
          - { field_id: "13", input_setting: reviewee }
          - { field_id: "14", input_setting: reviewee }
      - { metric_id: "23", name: 质量, fields: [{ field_id: "12", input_setting: data_source_inputter }] }
      - { metric_id: "24", name: 不在模板, fields: [{ field_id: "12", input_setting: data_source_inputter }] }
    metric_templates:
      - template_id: "31"
        dimensions:
          - { dimension_id: "41", name: { zh_cn: 业绩, en_us: Results }, weight: "70" }
          - { dimension_id: "42", name: { zh_cn: 质量, en_us: Quality } }
        metrics:
          - { metric_id: "22", dimension_id: "41" }
          - { metric_id: "23", dimension_id: "42" }
    semesters:
      - semester_id: "7100000000000000001"
        start_time: "2024-01-01T00:00:00+08:00"
        end_time: "2024-06-30T23:59:59+08:00"
        stages:
          - stage_id: "7130000000000000001"
            stage_type: kpi_metric_setting
            deadline: "2024-03-31T23:59:59+08:00"
            tasks: [{ user_id: u1, need_todo: 1, finished: 1 }, { user_id: u2, need_todo: 2, finished: 0 }]
        activities:
          - { activity_id: "7110000000000000001", mode: metric_development, metric_template_id: "31", user_groups: [sales] }
          - { activity_id: "7110000000000000002", user_groups: [plain] }
        metric_details:
          - { reviewee: u2, metric_id: "23", fields: [{ field_id: "12", value: "50" }] }
"#;

async fn start() -> (TestServer, String) {
    let server = TestServer::start_with(FIXTURE, RateLimits::Off).await;
    let token = server.token(APP.0, APP.1).await;
    (server, token)
}

/// An import under `client_token` of these metrics into the semester.
fn import(client_token: &str, metrics: Vec<Value>) -> (String, Value) {
    (
        format!("{IMPORT}&client_token={client_token}"),
        json!({ "semester_id": H1, "import_record_name": "BI 同步", "imported_metrics": metrics }),
    )
}

fn metric(reviewee: &str, metric_id: &str, fields: Value) -> Value {
    json!({ "reviewee_user_id": reviewee, "metric_id": metric_id, "fields": fields })
}

/// Every reviewee metric of the answer as `reviewee/metric: field=value…`.
fn details(reply: &Value) -> Vec<String> {
    reply["reviewee_metrics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| {
            let detail = &entry["metric_details"];
            let fields: Vec<String> = detail["fields"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| {
                    let value = f["field_value"]
                        .as_str()
                        .or_else(|| f["field_value_person"]["user_id"].as_str())
                        .unwrap_or("-");
                    format!("{}={value}", f["field_id"].as_str().unwrap())
                })
                .collect();
            format!(
                "{}/{}: {}",
                entry["reviewee_user_id"]["user_id"].as_str().unwrap(),
                detail["metric_id"].as_str().unwrap(),
                fields.join(" ")
            )
        })
        .collect()
}

async fn query(server: &TestServer, token: &str, reviewees: &[&str]) -> Value {
    let reply = server
        .post(
            QUERY,
            token,
            json!({ "semester_id": H1, "reviewee_user_ids": reviewees }),
        )
        .await;
    reply.data().clone()
}

#[tokio::test]
async fn imported_values_replace_the_library_and_fixture_values_in_queries() {
    let (server, token) = start().await;
    let before = query(&server, &token, &["u1", "u2", "u3", "nobody"]).await;
    assert_eq!(
        details(&before),
        [
            "u1/22: 11=100 12=- 13=- 14=-",
            "u1/23: 12=-",
            "u2/22: 11=100 12=- 13=- 14=-",
            "u2/23: 12=50",
        ],
        "the template's metrics in order, the admin's target from the library, the fixture's \
         value; u3 has no metric template and nobody is no user"
    );
    let first = &before["reviewee_metrics"][0];
    assert_eq!(before["semester_id"], H1);
    assert_eq!(first["metric_template_id"], "31");
    assert_eq!(first["metric_details"]["name"], "营收");
    assert_eq!(first["metric_details"]["dimension_id"], "41");
    assert_eq!(
        first["metric_details"]["dimension_name"],
        json!({ "zh_cn": "业绩", "en_us": "Results" })
    );
    assert_eq!(first["metric_details"]["dimension_weight"], "70");
    assert_eq!(first["metric_details"]["add_from"], "admin");
    assert_eq!(first["metric_details"]["is_from_library"], true);
    assert!(
        before["reviewee_metrics"][1]["metric_details"]
            .get("dimension_weight")
            .is_none(),
        "a dimension without a weight has none"
    );
    let stage = |entry: &Value| entry["reviewee_stage_statuses"].clone();
    let status = |stage_status: i64| json!([{ "stage_id": "7130000000000000001", "stage_type": "kpi_metric_setting", "stage_status": stage_status }]);
    assert_eq!(stage(first), status(1), "u1's to-dos in the stage are done");
    assert_eq!(stage(&before["reviewee_metrics"][2]), status(0));

    let (path, body) = import(
        "sync-1",
        vec![
            metric(
                "u1",
                "22",
                json!([
                    { "field_id": "12", "field_value": "87.5" },
                    { "field_id": "13", "field_value_person": "boss" },
                    { "field_id": "14", "field_value": "按季度" },
                ]),
            ),
            // lark-oapi sends int64 IDs as JSON numbers.
            metric("u2", "23", json!([{ "field_id": 12, "field_value": "60" }])),
        ],
    );
    let imported = server.post(&path, &token, body).await;
    let record = imported.data()["import_record_id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(record.parse::<u64>().is_ok(), "{record}");
    let after = query(&server, &token, &["u2", "u1"]).await;
    assert_eq!(
        details(&after),
        [
            "u2/22: 11=100 12=- 13=- 14=-",
            "u2/23: 12=60",
            "u1/22: 11=100 12=87.5 13=boss 14=按季度",
            "u1/23: 12=-",
        ],
        "in the order listed; an imported value replaces the stored one"
    );
    // People as the caller names users: open_ids by default. The reader may not ask for
    // user_ids (it lacks contact:user.employee_id:readonly), which the vendor refuses.
    let reader = server.token("cli_reader", "reader-secret").await;
    server
        .post(
            QUERY,
            &reader,
            json!({ "semester_id": H1, "reviewee_user_ids": ["u1"] }),
        )
        .await
        .assert_error(400, 99991672);
    let ids = |user: &'static str| server.admin.user_ids("acme", user, "cli_reader");
    let (u1, boss) = (ids("u1").await.unwrap(), ids("boss").await.unwrap());
    let by_open_id = server
        .post(
            "/open-apis/performance/v2/metric_details/query",
            &reader,
            json!({ "semester_id": H1, "reviewee_user_ids": [u1.open_id] }),
        )
        .await;
    let entry = &by_open_id.data()["reviewee_metrics"][0];
    assert_eq!(entry["reviewee_user_id"]["open_id"], u1.open_id.as_str());
    assert_eq!(
        entry["metric_details"]["fields"][2]["field_value_person"]["open_id"],
        boss.open_id.as_str()
    );
}

#[tokio::test]
async fn a_retried_import_applies_nothing_twice() {
    let (server, token) = start().await;
    let (path, body) = import(
        "retry-1",
        vec![metric(
            "u1",
            "23",
            json!([{ "field_id": "12", "field_value": "10" }]),
        )],
    );
    server.post(&path, &token, body).await.data();
    let (_, changed) = import(
        "retry-1",
        vec![metric(
            "u1",
            "23",
            json!([{ "field_id": "12", "field_value": "99" }]),
        )],
    );
    server
        .post(&path, &token, changed)
        .await
        .assert_error(400, 1580110);
    let after = query(&server, &token, &["u1"]).await;
    assert_eq!(
        details(&after)[1],
        "u1/23: 12=10",
        "the retry wrote nothing"
    );
}

#[tokio::test]
async fn every_bad_import_is_refused_whole_with_its_code() {
    let (server, token) = start().await;
    let good = metric(
        "u1",
        "23",
        json!([{ "field_id": "12", "field_value": "10" }]),
    );
    let refused = |bad: Value| vec![good.clone(), bad];
    let cases: Vec<(&str, Vec<Value>, i64)> = vec![
        (
            "outside the semester",
            refused(metric(
                "u3",
                "22",
                json!([{ "field_id": "12", "field_value": "1" }]),
            )),
            1580312,
        ),
        (
            "no such user",
            refused(metric(
                "ghost",
                "22",
                json!([{ "field_id": "12", "field_value": "1" }]),
            )),
            1580306,
        ),
        (
            "unknown metric",
            refused(metric(
                "u1",
                "99",
                json!([{ "field_id": "12", "field_value": "1" }]),
            )),
            1580312,
        ),
        (
            "metric not in the template",
            refused(metric(
                "u1",
                "24",
                json!([{ "field_id": "12", "field_value": "1" }]),
            )),
            1580312,
        ),
        (
            "field not in the metric",
            refused(metric(
                "u2",
                "23",
                json!([{ "field_id": "11", "field_value": "1" }]),
            )),
            1580305,
        ),
        (
            "admin field",
            refused(metric(
                "u2",
                "22",
                json!([{ "field_id": "11", "field_value": "1" }]),
            )),
            1580311,
        ),
        (
            "wrong type",
            refused(metric(
                "u2",
                "22",
                json!([{ "field_id": "12", "field_value": "85%" }]),
            )),
            1580301,
        ),
        (
            "unknown person",
            refused(metric(
                "u2",
                "22",
                json!([{ "field_id": "13", "field_value_person": "ghost" }]),
            )),
            1580301,
        ),
        (
            "empty value",
            refused(metric(
                "u2",
                "22",
                json!([{ "field_id": "12", "field_value": "" }]),
            )),
            1580302,
        ),
        (
            "person without user",
            refused(metric(
                "u2",
                "22",
                json!([{ "field_id": "13", "field_value": "boss" }]),
            )),
            1580302,
        ),
        (
            "text too long",
            refused(metric(
                "u2",
                "22",
                json!([{ "field_id": "14", "field_value": "长".repeat(1_001) }]),
            )),
            1580303,
        ),
        (
            "duplicate metric",
            vec![good.clone(), good.clone()],
            1580307,
        ),
        (
            "duplicate field",
            refused(metric(
                "u2",
                "23",
                json!([{ "field_id": "12", "field_value": "1" }, { "field_id": "12", "field_value": "2" }]),
            )),
            1580308,
        ),
        ("oversized batch", vec![good.clone(); 51], 1580102),
        ("no fields", refused(metric("u2", "23", json!([]))), 1580102),
        ("no metrics", vec![], 1580102),
    ];
    for (i, (case, metrics, code)) in cases.into_iter().enumerate() {
        let (path, body) = import(&format!("bad-{i}"), metrics);
        let reply = server.post(&path, &token, body).await;
        assert_eq!(
            (reply.status, reply.code()),
            (400, code),
            "{case}: {:?}",
            reply.body
        );
    }
    let untouched = query(&server, &token, &["u1"]).await;
    assert_eq!(
        details(&untouched)[1],
        "u1/23: 12=-",
        "nothing of a refused import lands"
    );

    let (path, body) = import("no-semester", vec![good.clone()]);
    let mut body = body;
    body["semester_id"] = json!("7100000000000000099");
    server
        .post(&path, &token, body)
        .await
        .assert_error(400, 1580105);
    let (_, body) = import("no-token", vec![good.clone()]);
    server
        .post(IMPORT, &token, body)
        .await
        .assert_error(400, 1580102);

    // The read-only app may query but not import.
    let reader = server.token("cli_reader", "reader-secret").await;
    let (path, body) = import("reader", vec![good]);
    server
        .post(&path, &reader, body)
        .await
        .assert_error(400, 99991672);
    server
        .post(
            "/open-apis/performance/v2/metric_details/query",
            &reader,
            json!({ "semester_id": H1, "reviewee_user_ids": [] }),
        )
        .await
        .assert_error(400, 1580102);
}

#[tokio::test]
async fn an_ended_semester_takes_no_more_metric_data() {
    let (server, token) = start().await;
    let ended = ClockChange {
        now: Some(Some("2024-07-01T00:00:00+08:00".to_owned())),
        advance_seconds: None,
    };
    server.admin.change_clock("acme", &ended).await.unwrap();
    let (path, body) = import(
        "late",
        vec![metric(
            "u1",
            "23",
            json!([{ "field_id": "12", "field_value": "10" }]),
        )],
    );
    server
        .post(&path, &token, body)
        .await
        .assert_error(400, 1580309);
}

/// Two replicas on one PostgreSQL import into the same semester at once, each its own fields:
/// every value of both lands.
#[tokio::test]
async fn two_replicas_import_metric_details_without_losing_writes() {
    let Some(replicas) = TestServer::postgres_replicas("replica_metrics", FIXTURE, APP).await
    else {
        return;
    };
    let mut calls = Vec::new();
    for round in 0..10 {
        for (r, (replica, token)) in replicas.iter().enumerate() {
            // Replica 0 writes u1's completion, replica 1 u2's note; the last round wins each.
            let written = if r == 0 {
                metric(
                    "u1",
                    "22",
                    json!([{ "field_id": "12", "field_value": round.to_string() }]),
                )
            } else {
                metric(
                    "u2",
                    "22",
                    json!([{ "field_id": "14", "field_value": format!("第 {round} 轮") }]),
                )
            };
            let (path, body) = import(&format!("replica{r}-{round}"), vec![written]);
            calls.push(async move { replica.post(&path, token, body).await });
        }
        // Each round's two imports run at once; rounds follow each other.
        for reply in futures::future::join_all(calls.drain(..)).await {
            reply.data();
        }
    }
    let both = query(&replicas[0].0, &replicas[0].1, &["u1", "u2"]).await;
    assert_eq!(
        details(&both),
        [
            "u1/22: 11=100 12=9 13=- 14=-",
            "u1/23: 12=-",
            "u2/22: 11=100 12=- 13=- 14=第 9 轮",
            "u2/23: 12=50",
        ]
    );
    let (path, body) = import(
        "replica0-0",
        vec![metric(
            "u1",
            "23",
            json!([{ "field_id": "12", "field_value": "1" }]),
        )],
    );
    let (second, token) = &replicas[1];
    second
        .post(&path, token, body)
        .await
        .assert_error(400, 1580110);
}
