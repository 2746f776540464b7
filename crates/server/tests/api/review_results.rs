//! Review results: `user_info/query` and `v1`/`v2` `review_datas/query`, and what makes results
//! visible (their stage's results opening, on the tenant's clock).

use openwork_server::RateLimits;
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{Reply, TestServer};

const USER_INFO: &str = "/open-apis/performance/v2/user_info/query?user_id_type=user_id";
const V1: &str = "/open-apis/performance/v1/review_datas/query?user_id_type=user_id";
const V2: &str = "/open-apis/performance/v2/review_datas/query?user_id_type=user_id";
const APP: (&str, &str) = ("cli_perf", "perf-secret");
const PLAIN: (&str, &str) = ("cli_plain", "plain-secret");
const H1: &str = "7100000000000000001";
const SELF_REVIEW: &str = "7130000000000000001";
const LEADER_REVIEW: &str = "7130000000000000002";
const FINAL: &str = "7130000000000000003";
const CALIBRATION: &str = "7130000000000000004";

const FIXTURE: &str = r#"
version: 1
tenants:
  - tenant_key: acme
    clock: "2024-06-15T10:00:00+08:00"
    apps:
      - app_id: cli_perf
        app_secret: perf-secret
        scopes:
          - performance:performance:readonly
          - contact:user.employee_id:readonly
          - performance:user_snapshot.department:read
          - performance:user_snapshot.direct_leader:read
          - performance:user_snapshot.job_family:read
          - performance:user_snapshot.job_level:read
      - { app_id: cli_plain, app_secret: plain-secret, scopes: [performance:performance:readonly, contact:user.employee_id:readonly] }
    departments:
      - { department_id: eng, name: 研发部 }
      - { department_id: platform, name: 平台组, parent_id: eng }
    users:
      - { user_id: boss, name: 老板, department_ids: [eng] }
      - { user_id: u1, name: 甲, department_ids: [eng], leader_user_id: boss }
      - { user_id: u2, name: 乙, department_ids: [platform], leader_user_id: boss }
      - { user_id: outsider, name: 外人 }
    user_groups: [{ group_id: rd, members: [u1, u2] }]
    indicators:
      - indicator_id: "7300000000000000001"
        name: { zh_cn: 业绩, en_us: Results }
        options:
          - { option_id: "7300000000000000011", name: { zh_cn: 卓越, en_us: Outstanding }, label: S }
          - { option_id: "7300000000000000012", name: { zh_cn: 良好, en_us: Good }, label: B }
    questions:
      - question_id: "7300000000000000021"
        tag_items: [{ tag_id: "7300000000000000022", name: { zh_cn: 主动, en_us: Proactive } }]
    review_templates:
      - review_template_id: "7200000000000000001"
        templates: [{ template_id: "7200000000000000011", name: { zh_cn: 终评, en_us: Final }, stage_type: review }]
        units:
          - unit_id: "7200000000000000002"
            name: { zh_cn: 业绩, en_us: Results }
            fields:
              - { field_id: "7200000000000000003", name: { zh_cn: 评级, en_us: Rating }, indicator_id: "7300000000000000001" }
              - { field_id: "7200000000000000004", tag_based_question_id: "7300000000000000021" }
    semesters:
      - semester_id: "7100000000000000001"
        start_time: "2024-01-01T00:00:00+08:00"
        end_time: "2024-06-30T23:59:59+08:00"
        activities:
          - { activity_id: "7110000000000000001", review_template_id: "7200000000000000001", user_groups: [rd] }
        user_infos:
          - user_id: u1
            job_family: { id: fam, name: { zh_cn: 研发, en_us: Engineering } }
            job_level: { id: lvl, name: { zh_cn: P6, en_us: P6 } }
          - { user_id: u2, department_id: eng, direct_leader_user_id: u1 }
        stages:
          - stage_id: "7130000000000000001"
            deadline: "2024-06-10T23:59:59+08:00"
            review_stage_role: reviewee
            results_open_time: "2024-06-12T00:00:00+08:00"
            tasks: [{ user_id: u1, need_todo: 1 }, { user_id: u2, need_todo: 1 }]
          - stage_id: "7130000000000000002"
            deadline: "2024-06-20T23:59:59+08:00"
            review_stage_role: solid_line_leader
            results_open_time: "2024-06-18T00:00:00+08:00"
            tasks: [{ user_id: u1, need_todo: 1 }]
          - stage_id: "7130000000000000003"
            deadline: "2024-06-25T23:59:59+08:00"
            stage_type: leader_review
            template_id: "7200000000000000011"
            results_open_time: "2024-06-01T00:00:00+08:00"
            tasks: [{ user_id: u1, need_todo: 1 }]
          - stage_id: "7130000000000000004"
            deadline: "2024-06-25T23:59:59+08:00"
            stage_type: calibration
            results_open_time: "2024-06-01T00:00:00+08:00"
            tasks: [{ user_id: u1, need_todo: 1 }]
        results:
          - record_id: "7400000000000000001"
            activity_id: "7110000000000000001"
            stage_id: "7130000000000000001"
            reviewee: u1
            reviewer: u1
            submit_time: "2024-06-09T12:00:00+08:00"
            values:
              - { field_id: "7200000000000000003", option_id: "7300000000000000011", score: "95", text: 很好 }
              - { field_id: "7200000000000000004", tags: [{ tag_id: "7300000000000000022", text: 带新人 }] }
          - { record_id: "7400000000000000002", activity_id: "7110000000000000001", stage_id: "7130000000000000001", reviewee: u2, reviewer: u2 }
          - record_id: "7400000000000000003"
            activity_id: "7110000000000000001"
            stage_id: "7130000000000000002"
            reviewee: u1
            reviewer: boss
            submit_time: "2024-06-14T12:00:00+08:00"
            values: [{ field_id: "7200000000000000003", option_id: "7300000000000000012" }]
          - record_id: "7400000000000000004"
            activity_id: "7110000000000000001"
            stage_id: "7130000000000000003"
            reviewee: u1
            reviewer: boss
            submit_time: "2024-06-14T13:00:00+08:00"
            values: [{ field_id: "7200000000000000003", option_id: "7300000000000000011" }]
          - { record_id: "7400000000000000005", activity_id: "7110000000000000001", stage_id: "7130000000000000004", reviewee: u1, reviewer: boss, submit_time: "2024-06-14T14:00:00+08:00" }
  - tenant_key: other
    apps: [{ app_id: cli_other, app_secret: other-secret, scopes: [performance:performance:readonly] }]
"#;

async fn start() -> (TestServer, String) {
    let server = TestServer::start_with(FIXTURE, RateLimits::Off).await;
    let token = server.token(APP.0, APP.1).await;
    (server, token)
}

/// The answer's records as `reviewee:stage:record:progress`, in answer order.
fn records_of(data: &Value) -> Vec<String> {
    let mut found = Vec::new();
    for profile in data["datas"].as_array().unwrap() {
        let user = profile["user_id"]["user_id"].as_str().unwrap();
        for stage in profile["stages"].as_array().unwrap() {
            for record in stage["records"].as_array().unwrap() {
                found.push(format!(
                    "{user}:{}:{}:{}",
                    stage["stage_id"].as_str().unwrap(),
                    record["record_id"].as_str().unwrap(),
                    record["progress"]
                ));
            }
        }
    }
    found
}

#[tokio::test]
async fn user_infos_show_the_semesters_snapshot_by_field_scope() {
    let (server, token) = start().await;
    let body = json!({ "semester_id": H1, "user_ids": ["u2", "outsider", "u1", "nobody"] });
    let reply = server
        .post(
            &format!("{USER_INFO}&department_id_type=department_id"),
            &token,
            body.clone(),
        )
        .await;
    let data = reply.data();
    assert_eq!(data["semester_id"], H1);
    let infos = data["user_infos"].as_array().unwrap();
    assert_eq!(
        infos.len(),
        2,
        "only reviewees, in the caller's order: {infos:#?}"
    );
    // u2: the snapshot's department and leader, no job facts recorded.
    assert_eq!(infos[0]["user_id"]["user_id"], "u2");
    assert_eq!(
        infos[0]["department"],
        json!({ "id": "eng", "name": { "zh_cn": "研发部", "en_us": "研发部" } })
    );
    assert_eq!(infos[0]["direct_leader_user_id"]["user_id"], "u1");
    assert!(infos[0].get("job_family").is_none());
    // u1: the directory's department and leader, the snapshot's job family and level.
    assert_eq!(infos[1]["department"]["id"], "eng");
    assert_eq!(infos[1]["direct_leader_user_id"]["user_id"], "boss");
    assert_eq!(
        infos[1]["job_family"],
        json!({ "id": "fam", "name": { "zh_cn": "研发", "en_us": "Engineering" } })
    );
    assert_eq!(infos[1]["job_level"]["id"], "lvl");
    // The default department ID is the open one.
    let open = server.post(USER_INFO, &token, body.clone()).await;
    assert!(
        open.data()["user_infos"][0]["department"]["id"]
            .as_str()
            .unwrap()
            .starts_with("od-")
    );
    // Without the field scopes, only the users.
    let plain = server.token(PLAIN.0, PLAIN.1).await;
    let bare = server.post(USER_INFO, &plain, body).await;
    let first = &bare.data()["user_infos"][0];
    assert_eq!(
        first.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["user_id"]
    );
    let eleven: Vec<String> = (0..11).map(|i| format!("u{i}")).collect();
    for body in [
        json!({ "semester_id": H1, "user_ids": eleven }),
        json!({ "semester_id": H1 }),
        json!({ "semester_id": "404", "user_ids": ["u1"] }),
    ] {
        server
            .post(USER_INFO, &token, body)
            .await
            .assert_error(400, 1580102);
    }
}

/// The directory facts a user info falls back on are the directory's as of the request: a
/// replica keeps the people a page names per directory revision, and a write moves it.
#[tokio::test]
async fn user_infos_follow_a_directory_write() {
    let (server, token) = start().await;
    let body = json!({ "semester_id": H1, "user_ids": ["u1"] });
    let path = format!("{USER_INFO}&department_id_type=department_id");
    let info = |reply: &Reply| reply.data()["user_infos"][0].clone();
    let before = info(&server.post(&path, &token, body.clone()).await);
    assert_eq!(before["direct_leader_user_id"]["user_id"], "boss");
    assert_eq!(before["department"]["id"], "eng");

    server
        .execute_sql(
            "UPDATE users SET leader_user_id = 'u2', department_ids = '[\"platform\"]' \
             WHERE tenant_key = 'acme' AND user_id = 'u1'",
        )
        .await;
    let after = info(&server.post(&path, &token, body).await);
    assert_eq!(after["direct_leader_user_id"]["user_id"], "u2");
    assert_eq!(after["department"]["id"], "platform");
}

#[tokio::test]
async fn v2_results_appear_when_their_stage_opens() {
    let (server, token) = start().await;
    let all_types = json!({
        "semester_ids": [H1],
        "reviewee_user_ids": ["u1", "u2"],
        "stage_types": ["review", "leader_review"],
    });
    let before = server.post(V2, &token, all_types.clone()).await;
    // The leader review opens on 2024-06-18: not yet; calibration is never reported.
    assert_eq!(
        records_of(before.data()),
        [
            format!("u1:{SELF_REVIEW}:7400000000000000001:3"),
            format!("u1:{FINAL}:7400000000000000004:3"),
            format!("u2:{SELF_REVIEW}:7400000000000000002:2"),
        ]
    );
    let profile = &before.data()["datas"][0];
    assert_eq!(profile["activity_id"], "7110000000000000001");
    assert_eq!(profile["review_template_id"], "7200000000000000001");
    let stage = &profile["stages"][0];
    assert_eq!(stage["stage_type"], "review");
    assert_eq!(stage["review_stage_role"], "reviewee");
    let units = &stage["records"][0]["units"];
    assert_eq!(units[0]["unit_id"], "7200000000000000002");
    let rating = &units[0]["data"][0];
    assert_eq!(rating["field_id"], "7200000000000000003");
    assert_eq!(rating["indicator_id"], "7300000000000000001");
    assert_eq!(rating["option_id"], "7300000000000000011");
    assert_eq!(rating["score"], "95");
    assert_eq!(rating["text"], "很好");
    assert_eq!(rating["reviewer_user_id"]["user_id"], "u1");
    assert_eq!(rating["submit_time"], "1717905600000");
    let tags = &units[0]["data"][1];
    assert_eq!(tags["tag_based_question_id"], "7300000000000000021");
    assert_eq!(
        tags["tag_text_item_data"],
        json!([{ "tag_text_id": "7300000000000000022", "tag_text": "带新人" }])
    );
    assert_eq!(profile["stages"][1]["template_id"], "7200000000000000011");

    // Opening the leader review through the admin API shows its record.
    let opened = server
        .admin_call(
            Method::PATCH,
            &format!("/tenants/acme/stages/{LEADER_REVIEW}"),
            Some(json!({ "results_open_time": "2024-06-15T00:00:00+08:00" })),
        )
        .await;
    assert_eq!(opened.status, 200, "{:#}", opened.body);
    let after = server.post(V2, &token, all_types.clone()).await;
    assert!(
        records_of(after.data()).contains(&format!("u1:{LEADER_REVIEW}:7400000000000000003:3"))
    );
    // Closing it hides it again; the clock reaching the opening time shows it too.
    server
        .admin_call(
            Method::PATCH,
            &format!("/tenants/acme/stages/{LEADER_REVIEW}"),
            Some(json!({ "results_open_time": "2024-06-18T00:00:00+08:00" })),
        )
        .await;
    let closed = server.post(V2, &token, all_types.clone()).await;
    assert_eq!(records_of(closed.data()).len(), 3);
    server
        .admin_call(
            Method::PUT,
            "/tenants/acme/clock",
            Some(json!({ "advance_seconds": 4 * 86_400 })),
        )
        .await;
    let later = server.post(V2, &token, all_types).await;
    let later = records_of(later.data());
    assert!(
        later.contains(&format!("u1:{LEADER_REVIEW}:7400000000000000003:3")),
        "{later:?}"
    );
    // u2 never submitted and the deadline has passed: progress 2.
    assert!(later.contains(&format!("u2:{SELF_REVIEW}:7400000000000000002:2")));
}

#[tokio::test]
async fn v2_filters() {
    let (server, token) = start().await;
    let ask = |extra: Value| {
        let mut body = json!({ "semester_ids": [H1], "reviewee_user_ids": ["u1", "u2"] });
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        body
    };
    let cases = [
        // Neither stage_types nor stage_ids: no stage data.
        (json!({}), vec![]),
        // stage_ids win over stage_types; a calibration stage is never reported.
        (
            json!({ "stage_types": ["review"], "stage_ids": [FINAL, CALIBRATION] }),
            vec![format!("u1:{FINAL}:7400000000000000004:3")],
        ),
        // Roles filter review stages only.
        (
            json!({ "stage_types": ["review", "leader_review"], "review_stage_roles": ["solid_line_leader"] }),
            vec![format!("u1:{FINAL}:7400000000000000004:3")],
        ),
        (
            json!({ "stage_types": ["review"], "stage_progresses": [2] }),
            vec![format!("u2:{SELF_REVIEW}:7400000000000000002:2")],
        ),
        (
            json!({ "stage_types": ["review", "leader_review"], "updated_later_than": "1717905600000" }),
            vec![format!("u1:{FINAL}:7400000000000000004:3")],
        ),
    ];
    for (extra, expected) in cases {
        let reply = server.post(V2, &token, ask(extra.clone())).await;
        assert_eq!(records_of(reply.data()), expected, "{extra}");
    }
    for (body, field) in [
        (json!({ "reviewee_user_ids": ["u1"] }), "semester_ids"),
        (json!({ "semester_ids": [H1] }), "reviewee_user_ids"),
        (
            ask(json!({ "stage_types": ["calibration"] })),
            "stage_types",
        ),
        (ask(json!({ "stage_progresses": [5] })), "stage_progresses"),
    ] {
        let reply = server.post(V2, &token, body).await;
        reply.assert_error(400, 1580102);
        assert_eq!(reply.body["error"]["field_violations"][0]["field"], field);
    }
    // Another tenant sees nothing of these.
    let other = server.token("cli_other", "other-secret").await;
    let foreign = server
        .post(
            "/open-apis/performance/v2/review_datas/query",
            &other,
            ask(json!({ "stage_types": ["review"] })),
        )
        .await;
    assert_eq!(foreign.data()["datas"], json!([]));
}

#[tokio::test]
async fn v1_results_with_what_they_name() {
    let (server, token) = start().await;
    let window = json!({
        "start_time": 1704038400000_i64,
        "end_time": 1719763199000_i64,
        "reviewee_user_id_list": ["u1"],
    });
    let reply = server.post(V1, &token, window).await;
    let data = reply.data();
    // v1 reports the final review, result communication and view result stages only.
    let stages = &data["datas"][0]["stages"];
    assert_eq!(stages.as_array().unwrap().len(), 1, "{data:#}");
    assert_eq!(stages[0]["stage_type"], "leader_review");
    assert_eq!(stages[0]["progress"], 3);
    let detail = &stages[0]["data"][0];
    assert_eq!(detail["template_id"], "7200000000000000011");
    assert_eq!(detail["unit_id"], "7200000000000000002");
    assert_eq!(detail["option_id"], "7300000000000000011");
    assert_eq!(detail["reviewer_user_id"]["user_id"], "boss");
    assert_eq!(data["semesters"][0]["id"], H1);
    assert_eq!(data["activities"][0]["id"], "7110000000000000001");
    assert_eq!(data["indicators"][0]["options"][0]["label"], "S");
    assert_eq!(
        data["templates"][0],
        json!({ "id": "7200000000000000011", "name": { "zh-CN": "终评", "en-US": "Final", "zh_cn": "终评", "en_us": "Final" }, "stage": "review" })
    );
    assert_eq!(data["units"][0]["id"], "7200000000000000002");
    assert_eq!(data["fields"][0]["indicator_id"], "7300000000000000001");
    // A semester list replaces the window; a window that excludes the semester finds nothing.
    let listed = server
        .post(
            V1,
            &token,
            json!({ "semester_id_list": [H1], "reviewee_user_id_list": ["u1"] }),
        )
        .await;
    assert_eq!(listed.data()["datas"][0]["semester_id"], H1);
    let narrow = server
        .post(V1, &token, json!({ "start_time": "1704038400001", "end_time": "1719763199000", "reviewee_user_id_list": ["u1"] }))
        .await;
    assert_eq!(narrow.data()["datas"], json!([]));
    for body in [
        json!({ "semester_id_list": [H1], "reviewee_user_id_list": ["u1"], "stage_types": ["review"] }),
        json!({ "semester_id_list": [H1] }),
        json!({ "end_time": "1", "reviewee_user_id_list": ["u1"] }),
    ] {
        server
            .post(V1, &token, body)
            .await
            .assert_error(400, 1580102);
    }
}

#[tokio::test]
async fn v1_takes_a_user_token_for_its_own_results_only() {
    let (server, _) = start().await;
    let minted = server
        .admin
        .user_access_token("acme", APP.0, "u1")
        .await
        .unwrap();
    let own = server
        .post(
            V1,
            &minted.access_token,
            json!({ "semester_id_list": [H1], "reviewee_user_id_list": ["u1"] }),
        )
        .await;
    assert_eq!(own.data()["datas"][0]["user_id"]["user_id"], "u1");
    let reply = server
        .post(
            V1,
            &minted.access_token,
            json!({ "semester_id_list": [H1], "reviewee_user_id_list": ["u1", "u2"] }),
        )
        .await;
    reply.assert_error(400, 1580102);
    assert_eq!(reply.body["error"]["field_violations"][0]["value"], "u2");
    // v2 takes tenant tokens only: a user token there is an invalid token.
    server
        .post(
            V2,
            &minted.access_token,
            json!({ "semester_ids": [H1], "reviewee_user_ids": ["u1"] }),
        )
        .await
        .assert_error(400, 99991668);
}

#[tokio::test]
async fn the_admin_api_replaces_a_semester_with_its_results() {
    let (server, token) = start().await;
    let semester = |group: &str| {
        json!({
            "start_time": "2024-01-01T00:00:00+08:00",
            "end_time": "2024-12-31T23:59:59+08:00",
            "activities": [{ "activity_id": "7119000000000000001", "review_template_id": "7200000000000000001", "user_groups": [group] }],
            "stages": [{ "stage_id": "7139000000000000001", "deadline": "2024-06-01T00:00:00+08:00", "results_open_time": "2024-06-02T00:00:00+08:00", "tasks": [{ "user_id": "u2", "need_todo": 1 }] }],
            "results": [{ "record_id": "7409000000000000001", "activity_id": "7119000000000000001", "stage_id": "7139000000000000001", "reviewee": "u2", "reviewer": "boss", "submit_time": "2024-05-30T00:00:00+08:00", "values": [{ "field_id": "7200000000000000003", "option_id": "7300000000000000012" }] }],
        })
    };
    let refused = server
        .admin_call(
            Method::PUT,
            "/tenants/acme/semesters/7109000000000000001",
            Some(semester("nope")),
        )
        .await;
    assert_eq!(refused.status, 400, "{:#}", refused.body);
    assert_eq!(
        refused.body["error"]["path"],
        "activities[0].user_groups[0]"
    );
    let put = server
        .admin_call(
            Method::PUT,
            "/tenants/acme/semesters/7109000000000000001",
            Some(semester("rd")),
        )
        .await;
    assert_eq!(put.status, 200, "{:#}", put.body);
    let reply = server
        .post(
            V2,
            &token,
            json!({ "semester_ids": ["7109000000000000001"], "reviewee_user_ids": ["u2"], "stage_types": ["review"] }),
        )
        .await;
    assert_eq!(
        records_of(reply.data()),
        ["u2:7139000000000000001:7409000000000000001:3"]
    );
}
