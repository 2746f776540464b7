//! The performance module's review configuration: activities, reviewees, indicators, questions
//! and user-group writes, and how they touch each other.

use openwork_server::RateLimits;
use serde_json::{Value, json};

use crate::support::TestServer;

const ACTIVITIES: &str = "/open-apis/performance/v2/activity/query";
const REVIEWEES: &str = "/open-apis/performance/v2/reviewees/query";
const INDICATORS: &str = "/open-apis/performance/v2/indicators/query";
const QUESTIONS: &str = "/open-apis/performance/v2/questions/query";
const GROUP_WRITE: &str = "/open-apis/performance/v2/user_group_user_rels/write";
const APP: (&str, &str) = ("cli_perf", "perf-secret");
const READER: (&str, &str) = ("cli_reader", "reader-secret");
const H1: &str = "7100000000000000001";
const H2: &str = "7100000000000000002";

const FIXTURE: &str = r#"
version: 1
tenants:
  - tenant_key: acme
    clock: "2024-06-15T10:00:00+08:00"
    apps:
      - app_id: cli_perf
        app_secret: perf-secret
        scopes: [performance:performance, performance:semester_activity:write, contact:user.employee_id:readonly]
      - app_id: cli_reader
        app_secret: reader-secret
        scopes: [performance:semester_activity:read, performance:semester_user:read, performance:review_template:read]
    users: [{ user_id: u1, name: A }, { user_id: u2, name: B }, { user_id: u3, name: C }, { user_id: u4, name: D }]
    user_groups:
      - { group_id: rd, members: [u2, u1] }
      - { group_id: ops, members: [u3] }
      - { group_id: locked, api_writable: false, members: [u4] }
    indicators:
      - indicator_id: "7300000000000000002"
        name: { zh_cn: 业绩, en_us: Results }
        options:
          - { option_id: "7300000000000000021", name: { zh_cn: 卓越, en_us: Outstanding }, label: S }
          - { option_id: "7300000000000000022", name: { zh_cn: 良好, en_us: Good }, label: B }
      - { indicator_id: "7300000000000000001", name: { zh_cn: 加分, en_us: Bonus }, type: plus }
    questions:
      - question_id: "7300000000000000011"
        name: { zh_cn: 协作, en_us: Collaboration }
        tag_items: [{ tag_id: "7300000000000000012", name: { zh_cn: 主动, en_us: Proactive } }]
    review_templates:
      - review_template_id: "7200000000000000001"
        units: [{ unit_id: "7200000000000000002", fields: [{ field_id: "7200000000000000003", indicator_id: "7300000000000000002", tag_based_question_id: "7300000000000000011" }] }]
    semesters:
      - semester_id: "7100000000000000001"
        start_time: "2024-01-01T00:00:00+08:00"
        end_time: "2024-06-30T23:59:59+08:00"
        activities:
          - activity_id: "7110000000000000001"
            name: { zh_cn: 研发, en_us: R&D }
            review_template_id: "7200000000000000001"
            user_groups: [rd]
            create_user_id: u1
            create_time: "2024-01-02T00:00:00+08:00"
          - { activity_id: "7110000000000000002", progress: unable, mode: metric_development, user_groups: [ops, rd] }
          - { activity_id: "7110000000000000003", progress: enabled, user_groups: [locked] }
      - semester_id: "7100000000000000002"
        start_time: "2024-07-01T00:00:00+08:00"
        end_time: "2024-12-31T23:59:59+08:00"
        activities: [{ activity_id: "7120000000000000001", user_groups: [ops] }]
  - tenant_key: other
    apps: [{ app_id: cli_other, app_secret: other-secret, scopes: [performance:performance] }]
    users: [{ user_id: u1, name: X }]
    user_groups: [{ group_id: rd, members: [u1] }]
    semesters:
      - semester_id: "7900000000000000001"
        start_time: 0
        end_time: 1
        activities: [{ activity_id: "7910000000000000001", user_groups: [rd] }]
  - tenant_key: unlicensed
    performance: { licensed: false }
    apps: [{ app_id: cli_unlicensed, app_secret: unlicensed-secret, scopes: [performance:performance] }]
"#;

async fn start() -> (TestServer, String) {
    let server = TestServer::start_with(FIXTURE, RateLimits::Off).await;
    let token = server.token(APP.0, APP.1).await;
    (server, token)
}

fn ids(list: &Value, key: &str) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|item| item[key].as_str().unwrap().to_owned())
        .collect()
}

/// Reviewees of a query as `user_id:activity+activity`, walking every page.
async fn walk_reviewees(server: &TestServer, token: &str, body: Value, size: u32) -> Vec<String> {
    let mut found = Vec::new();
    let mut page_token: Option<String> = None;
    loop {
        let mut path = format!("{REVIEWEES}?user_id_type=user_id&page_size={size}");
        if let Some(page_token) = &page_token {
            path += &format!("&page_token={page_token}");
        }
        let reply = server.post(&path, token, body.clone()).await;
        let data = reply.data();
        for reviewee in data["reviewees"].as_array().unwrap() {
            let activities: Vec<&str> = reviewee["activity_ids"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a.as_str().unwrap())
                .collect();
            let user = reviewee["reviewee_user_id"]["user_id"].as_str().unwrap();
            assert!(
                reviewee["reviewee_user_id"]["open_id"]
                    .as_str()
                    .unwrap()
                    .starts_with("ou_")
            );
            found.push(format!("{user}:{}", activities.join("+")));
        }
        match data["page_token"].as_str() {
            Some(next) => {
                assert_eq!(data["has_more"], json!(true));
                page_token = Some(next.to_owned());
            }
            None => {
                assert_eq!(data["has_more"], json!(false));
                return found;
            }
        }
    }
}

#[tokio::test]
async fn activities_by_semester_or_by_id() {
    let (server, token) = start().await;
    let path = format!("{ACTIVITIES}?user_id_type=user_id");
    // lark-oapi sends the IDs as JSON numbers.
    let by_semester = server
        .post(
            &path,
            &token,
            json!({ "semester_ids": [7100000000000000001_i64] }),
        )
        .await;
    let activities = &by_semester.data()["activities"];
    assert_eq!(
        ids(activities, "id"),
        [
            "7110000000000000001",
            "7110000000000000002",
            "7110000000000000003"
        ]
    );
    let first = &activities[0];
    assert_eq!(first["name"], json!({ "zh_cn": "研发", "en_us": "R&D" }));
    assert_eq!(first["semester_id"], H1);
    assert_eq!(first["mode"], "performance_review");
    assert_eq!(first["progress"], "enabled");
    assert_eq!(first["create_user_id"], "u1");
    assert_eq!(first["create_time"], "1704124800000", "int64 as a string");
    assert_eq!(activities[1]["mode"], "metric_development");
    // activity_ids wins over semester_ids; unknown IDs are left out.
    let by_id = server
        .post(
            &path,
            &token,
            json!({ "semester_ids": [H1], "activity_ids": ["7120000000000000001", "404"] }),
        )
        .await;
    assert_eq!(
        ids(&by_id.data()["activities"], "id"),
        ["7120000000000000001"]
    );
    // Neither: an empty answer, as the vendor documents.
    let neither = server.post(&path, &token, json!({})).await;
    assert_eq!(neither.data()["activities"], json!([]));
    let eleven: Vec<String> = (0..11).map(|i| i.to_string()).collect();
    server
        .post(&path, &token, json!({ "semester_ids": eleven }))
        .await
        .assert_error(400, 1580102);
    // Another tenant's activity is not found here.
    let foreign = server
        .post(
            &path,
            &token,
            json!({ "activity_ids": ["7910000000000000001"] }),
        )
        .await;
    assert_eq!(foreign.data()["activities"], json!([]));
}

#[tokio::test]
async fn reviewees_are_the_members_of_the_groups_activities_review() {
    let (server, token) = start().await;
    let everyone = walk_reviewees(&server, &token, json!({ "semester_id": H1 }), 1).await;
    assert_eq!(
        everyone,
        [
            "u1:7110000000000000001+7110000000000000002",
            "u2:7110000000000000001+7110000000000000002",
            "u3:7110000000000000002",
            "u4:7110000000000000003",
        ]
    );
    let filtered = walk_reviewees(
        &server,
        &token,
        json!({ "semester_id": H1, "activity_ids": ["7110000000000000002"], "user_ids": ["u2", "u3", "nobody"] }),
        50,
    )
    .await;
    assert_eq!(
        filtered,
        ["u2:7110000000000000002", "u3:7110000000000000002"]
    );
    assert_eq!(
        walk_reviewees(&server, &token, json!({ "semester_id": H2 }), 20).await,
        ["u3:7120000000000000001"]
    );
    // The profile page exists once one of the reviewee's activities has started.
    let reply = server
        .post(REVIEWEES, &token, json!({ "semester_id": H1 }))
        .await;
    let reviewees = &reply.data()["reviewees"];
    assert!(
        reviewees[0]["reviewprofile_url"]
            .as_str()
            .unwrap()
            .contains("activityId=7110000000000000001")
    );
    assert!(
        reviewees[2].get("reviewprofile_url").is_none(),
        "{reviewees:#}"
    );
    // A page token belongs to its query.
    let first = server
        .post(
            &format!("{REVIEWEES}?page_size=1"),
            &token,
            json!({ "semester_id": H1 }),
        )
        .await;
    let page_token = first.data()["page_token"].as_str().unwrap().to_owned();
    server
        .post(
            &format!("{REVIEWEES}?page_size=1&page_token={page_token}"),
            &token,
            json!({ "semester_id": H2 }),
        )
        .await
        .assert_error(400, 1580102);
    // Unknown semesters (and other tenants' ones) and missing ones are refused.
    for body in [json!({ "semester_id": "7900000000000000001" }), json!({})] {
        let reply = server.post(REVIEWEES, &token, body).await;
        reply.assert_error(400, 1580102);
        assert_eq!(
            reply.body["error"]["field_violations"][0]["field"],
            "semester_id"
        );
    }
}

#[tokio::test]
async fn indicators_and_questions_page_by_id() {
    let (server, token) = start().await;
    let first = server
        .post(&format!("{INDICATORS}?page_size=1"), &token, json!({}))
        .await;
    let data = first.data();
    assert_eq!(ids(&data["indicators"], "id"), ["7300000000000000001"]);
    assert_eq!(data["indicators"][0]["type"], "plus");
    assert_eq!(data["has_more"], json!(true));
    let next = server
        .post(
            &format!(
                "{INDICATORS}?page_size=1&page_token={}",
                data["page_token"].as_str().unwrap()
            ),
            &token,
            json!({}),
        )
        .await;
    let results = &next.data()["indicators"][0];
    assert_eq!(results["id"], "7300000000000000002");
    assert_eq!(
        results["options"][0],
        json!({ "id": "7300000000000000021", "name": { "zh_cn": "卓越", "en_us": "Outstanding" }, "lable": "S" })
    );
    assert_eq!(results["options"][1]["lable"], "B");
    assert_eq!(next.data()["has_more"], json!(false));
    let listed = server
        .post(
            INDICATORS,
            &token,
            json!({ "indicator_ids": [7300000000000000002_i64, 1] }),
        )
        .await;
    assert_eq!(
        ids(&listed.data()["indicators"], "id"),
        ["7300000000000000002"]
    );
    server
        .post(&format!("{INDICATORS}?page_size=51"), &token, json!({}))
        .await
        .assert_error(400, 1580102);

    let questions = server.post(QUESTIONS, &token, json!({})).await;
    let question = &questions.data()["tag_based_questions"][0];
    assert_eq!(question["question_id"], "7300000000000000011");
    assert_eq!(
        question["tag_items"],
        json!([{ "id": "7300000000000000012", "name": { "zh_cn": "主动", "en_us": "Proactive" } }])
    );
    let none = server
        .post(
            QUESTIONS,
            &token,
            json!({ "tag_based_question_ids": ["404"] }),
        )
        .await;
    assert_eq!(none.data()["tag_based_questions"], json!([]));
}

#[tokio::test]
async fn a_group_write_replaces_members_and_shows_in_reviewees() {
    let (server, token) = start().await;
    let write = |client_token: &str| {
        format!("{GROUP_WRITE}?user_id_type=user_id&client_token={client_token}")
    };
    let reply = server
        .post(
            &write("t-1"),
            &token,
            json!({ "group_id": "ops", "scope_visible_setting": 0, "user_ids": ["u4", "nobody", "u4"] }),
        )
        .await;
    assert_eq!(
        reply.data()["data"],
        json!({ "success_user_ids": ["u4"], "fail_user_datas": [{ "user_id": "nobody", "fail_code": 1 }] })
    );
    // u3 left ops, u4 joined it: the reviewees of ops' activities follow.
    assert_eq!(
        walk_reviewees(&server, &token, json!({ "semester_id": H2 }), 20).await,
        ["u4:7120000000000000001"]
    );
    assert_eq!(
        walk_reviewees(
            &server,
            &token,
            json!({ "semester_id": H1, "user_ids": ["u3", "u4"] }),
            20
        )
        .await,
        ["u4:7110000000000000002+7110000000000000003"]
    );
    // The same client token again: refused, and nothing applied.
    server
        .post(
            &write("t-1"),
            &token,
            json!({ "group_id": "ops", "user_ids": ["u1"] }),
        )
        .await
        .assert_error(400, 1580110);
    assert_eq!(
        walk_reviewees(&server, &token, json!({ "semester_id": H2 }), 20).await,
        ["u4:7120000000000000001"]
    );
    // An empty list empties the group.
    server
        .post(
            &write("t-2"),
            &token,
            json!({ "group_id": "ops", "user_ids": [] }),
        )
        .await
        .data();
    assert!(
        walk_reviewees(&server, &token, json!({ "semester_id": H2 }), 20)
            .await
            .is_empty()
    );

    let refused = [
        (
            GROUP_WRITE.to_owned(),
            json!({ "group_id": "ops", "user_ids": [] }),
            1580102,
            "client_token",
        ),
        (
            write("t-3"),
            json!({ "group_id": "nope", "user_ids": [] }),
            1580102,
            "group_id",
        ),
        (
            write("t-4"),
            json!({ "group_id": "locked", "user_ids": [] }),
            1580401,
            "group_id",
        ),
        (
            write("t-5"),
            json!({ "group_id": "ops", "user_ids": vec!["u1"; 10_001] }),
            1580403,
            "user_ids",
        ),
        (
            write("t-6"),
            json!({ "group_id": "ops", "scope_visible_setting": 2, "user_ids": [] }),
            1580102,
            "scope_visible_setting",
        ),
    ];
    for (path, body, code, field) in refused {
        let reply = server.post(&path, &token, body).await;
        reply.assert_error(400, code);
        assert_eq!(reply.body["error"]["field_violations"][0]["field"], field);
    }
}

#[tokio::test]
async fn scopes_licences_and_tenants() {
    let (server, token) = start().await;
    let reader = server.token(READER.0, READER.1).await;
    for (path, body) in [
        (ACTIVITIES, json!({ "semester_ids": [H1] })),
        (REVIEWEES, json!({ "semester_id": H1 })),
        (INDICATORS, json!({})),
        (QUESTIONS, json!({})),
    ] {
        server.post(path, &reader, body.clone()).await.data();
        server.post(path, &token, body).await.data();
    }
    // Writing groups takes its own scope, which the reader lacks.
    server
        .post(
            &format!("{GROUP_WRITE}?client_token=x"),
            &reader,
            json!({ "group_id": "ops", "user_ids": [] }),
        )
        .await
        .assert_error(400, 99991672);
    let other = server.token("cli_other", "other-secret").await;
    let foreign = server
        .post(REVIEWEES, &other, json!({ "semester_id": H1 }))
        .await;
    foreign.assert_error(400, 1580102);
    let unlicensed = server.token("cli_unlicensed", "unlicensed-secret").await;
    server
        .post(INDICATORS, &unlicensed, json!({}))
        .await
        .assert_error(400, 1580901);
}
