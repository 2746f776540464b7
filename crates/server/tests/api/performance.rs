//! Performance (绩效): stage tasks, semesters, review templates, and the admin workflow.

use std::collections::HashSet;

use openwork_server::RateLimits;
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{Reply, TestServer};
use crate::world::{self, Expected, FULL_APP, NOW_MS, PARTNER_APP, SEMESTER, STAGES};

const FIND_BY_PAGE: &str = "/open-apis/performance/v1/stage_tasks/find_by_page";
const FIND_BY_USER_LIST: &str = "/open-apis/performance/v1/stage_tasks/find_by_user_list";
const SEMESTERS: &str = "/open-apis/performance/v1/semesters";
const TEMPLATES: &str = "/open-apis/performance/v2/review_templates/query";

/// Most tests make more calls than the vendor's 20 a minute; the limits have their own test.
async fn world() -> (TestServer, String) {
    let server = TestServer::start_with(&world::fixture(), RateLimits::Off).await;
    let token = server.token(FULL_APP.0, FULL_APP.1).await;
    (server, token)
}

/// Every page of `find_by_page` for `body`, checking the paging contract on the way.
async fn walk(server: &TestServer, token: &str, body: &Value, page_size: i64) -> Vec<Value> {
    let mut items = Vec::new();
    let mut page_token: Option<String> = None;
    for _ in 0..100 {
        let mut request = body.clone();
        request["page_size"] = json!(page_size);
        if let Some(page_token) = &page_token {
            request["page_token"] = json!(page_token);
        }
        let reply = server
            .post(
                &format!("{FIND_BY_PAGE}?user_id_type=user_id"),
                token,
                request,
            )
            .await;
        let data = reply.data();
        let page = data["items"].as_array().unwrap();
        assert!(page.len() as i64 <= page_size);
        items.extend(page.iter().cloned());
        // has_more and page_token are in data and repeated at the top level.
        assert_eq!(reply.body["has_more"], data["has_more"]);
        assert_eq!(reply.body.get("page_token"), data.get("page_token"));
        if data["has_more"] == json!(true) {
            assert_eq!(page.len() as i64, page_size, "only the last page is short");
            page_token = Some(
                data["page_token"]
                    .as_str()
                    .expect("a token with has_more")
                    .to_owned(),
            );
        } else {
            assert!(
                data.get("page_token").is_none(),
                "no page_token without has_more"
            );
            return items;
        }
    }
    panic!("the walk did not end");
}

/// Server items in the oracle's shape, checking each item's counts on the way.
fn shape(items: &[Value], counted: &[i64]) -> Vec<(String, Vec<Expected>)> {
    items
        .iter()
        .map(|item| {
            let tasks: Vec<Expected> = item["stage_task_info_lists"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| {
                    let status = match t["stage_task_status"].as_str().unwrap() {
                        "need_todo" => "need_todo",
                        "overdue" => "overdue",
                        "all_done" => "all_done",
                        "stage_pause" => "stage_pause",
                        other => panic!("unknown status {other}"),
                    };
                    (
                        t["stage_id"].as_str().unwrap().to_owned(),
                        status,
                        t["task_option_id"].as_i64().unwrap(),
                    )
                })
                .collect();
            let counts: Vec<(i64, i64)> = item["stage_num_lists"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| {
                    (
                        n["task_option_id"].as_i64().unwrap(),
                        n["stage_num"].as_i64().unwrap(),
                    )
                })
                .collect();
            let expected_counts: Vec<(i64, i64)> = counted
                .iter()
                .map(|o| (*o, tasks.iter().filter(|t| t.2 == *o).count() as i64))
                .collect();
            assert_eq!(
                counts, expected_counts,
                "stage_num_lists agrees with the tasks"
            );
            (item["user_id"].as_str().unwrap().to_owned(), tasks)
        })
        .collect()
}

fn filter_body(options: &[i64], after: Option<i64>, before: Option<i64>) -> Value {
    let mut body = json!({"semester_id": SEMESTER});
    if !options.is_empty() {
        body["task_option_lists"] = json!(options);
    }
    if let Some(after) = after {
        body["after_time"] = json!(after.to_string());
    }
    if let Some(before) = before {
        body["before_time"] = json!(before);
    }
    body
}

#[tokio::test]
async fn every_filter_alone_and_combined_matches_the_rules() {
    let (server, token) = world().await;
    let option_sets: [&[i64]; 8] = [&[], &[1], &[2], &[3], &[1, 2], &[1, 3], &[2, 3], &[3, 2, 1]];
    let windows = [
        (None, None),
        (Some(STAGES[1].deadline_ms), None),
        (None, Some(STAGES[3].deadline_ms)),
        (Some(STAGES[3].deadline_ms), Some(STAGES[1].deadline_ms)),
        (
            Some(STAGES[0].deadline_ms + 1),
            Some(STAGES[3].deadline_ms - 1),
        ),
    ];
    for options in option_sets {
        for (after, before) in windows {
            let items = walk(&server, &token, &filter_body(options, after, before), 50).await;
            let counted: Vec<i64> = if options.is_empty() {
                vec![1, 2, 3]
            } else {
                options.to_vec()
            };
            assert_eq!(
                shape(&items, &counted),
                world::expected(options, after, before, NOW_MS, false),
                "options {options:?}, window {after:?}..{before:?}"
            );
        }
    }
}

#[tokio::test]
async fn paging_walks_equal_the_unpaged_result() {
    let (server, token) = world().await;
    let body = filter_body(&[], None, None);
    let whole = walk(&server, &token, &body, 50).await;
    assert_eq!(whole.len(), 25, "u26 has no task");
    for page_size in [1, 7, 20, 24, 25] {
        assert_eq!(
            walk(&server, &token, &body, page_size).await,
            whole,
            "page size {page_size}"
        );
    }
    // page_size 0 and absent mean 20.
    for size in [json!(0), Value::Null] {
        let mut request = body.clone();
        if !size.is_null() {
            request["page_size"] = size;
        }
        let reply = server.post(FIND_BY_PAGE, &token, request).await;
        assert_eq!(reply.data()["items"].as_array().unwrap().len(), 20);
        assert_eq!(reply.data()["has_more"], true);
    }
}

#[tokio::test]
async fn paging_survives_changes_between_pages() {
    let (server, token) = world().await;
    let body = filter_body(&[1], None, None);
    let first = server
        .post(
            &format!("{FIND_BY_PAGE}?user_id_type=user_id"),
            &token,
            json!({"semester_id": SEMESTER, "task_option_lists": [1], "page_size": 5}),
        )
        .await;
    let first_users: Vec<String> = first.data()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["user_id"].as_str().unwrap().to_owned())
        .collect();
    let cursor = first.data()["page_token"].as_str().unwrap().to_owned();
    // Behind the cursor: u01 finishes everything it had to do. Ahead: u26 gets a to-do.
    for stage in [STAGES[0].id, STAGES[2].id] {
        server
            .admin_call(
                Method::PATCH,
                &format!("/tenants/acme/stages/{stage}/tasks/u01"),
                Some(json!({"finished": 9})),
            )
            .await;
    }
    let added = server
        .admin_call(
            Method::PUT,
            &format!("/tenants/acme/stages/{}/tasks/u26", STAGES[1].id),
            Some(json!({"need_todo": 1, "finished": 0})),
        )
        .await;
    assert_eq!(added.status, 200, "{:#}", added.body);
    let mut rest_body = body.clone();
    rest_body["page_token"] = json!(cursor);
    rest_body["page_size"] = json!(50);
    let rest = server
        .post(
            &format!("{FIND_BY_PAGE}?user_id_type=user_id"),
            &token,
            rest_body,
        )
        .await;
    let rest_users: Vec<String> = rest.data()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["user_id"].as_str().unwrap().to_owned())
        .collect();
    let mut seen = HashSet::new();
    for user in first_users.iter().chain(&rest_users) {
        assert!(seen.insert(user.clone()), "{user} repeated");
    }
    assert_eq!(
        rest_users.first().map(String::as_str),
        Some("u06"),
        "nobody skipped"
    );
    assert_eq!(
        rest_users.last().map(String::as_str),
        Some("u26"),
        "the new to-do shows up"
    );
}

#[tokio::test]
async fn find_by_user_list_keeps_the_callers_order() {
    let (server, token) = world().await;
    let reply = server
        .post(
            &format!("{FIND_BY_USER_LIST}?user_id_type=user_id"),
            &token,
            json!({"semester_id": SEMESTER, "user_id_lists": ["u05", "u99", "u02", "u26", "u05"]}),
        )
        .await;
    let items = reply.data()["items"].as_array().unwrap();
    let users: Vec<&str> = items
        .iter()
        .map(|i| i["user_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        users,
        ["u05", "u02", "u26"],
        "unknown users left out, duplicates once"
    );
    assert!(reply.data().get("has_more").is_none(), "no paging");
    let u26 = &items[2];
    assert_eq!(u26["stage_task_info_lists"], json!([]));
    assert_eq!(u26["stage_num_lists"].as_array().unwrap().len(), 3);
    assert!(
        u26["stage_num_lists"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["stage_num"] == 0)
    );
    let expected = world::expected(&[], None, None, NOW_MS, false);
    let u05 = expected.iter().find(|(u, _)| u == "u05").unwrap();
    assert_eq!(shape(&items[..1], &[1, 2, 3])[0], *u05);

    // The same users by open_id.
    let u05_ids = server
        .admin
        .user_ids("acme", "u05", FULL_APP.0)
        .await
        .unwrap();
    let by_open_id = server
        .post(
            FIND_BY_USER_LIST,
            &token,
            json!({"semester_id": SEMESTER, "user_id_lists": [u05_ids.open_id]}),
        )
        .await;
    assert_eq!(by_open_id.data()["items"][0]["user_id"], u05_ids.open_id);

    let too_many: Vec<String> = (0..51).map(|i| format!("u{i}")).collect();
    server
        .post(
            FIND_BY_USER_LIST,
            &token,
            json!({"semester_id": SEMESTER, "user_id_lists": too_many}),
        )
        .await
        .assert_error(400, 1580102);
    server
        .post(FIND_BY_USER_LIST, &token, json!({"semester_id": SEMESTER}))
        .await
        .assert_error(400, 1580102);
}

#[tokio::test]
async fn the_clock_moves_unfinished_stages_to_overdue_and_nothing_else() {
    let (server, token) = world().await;
    let body = filter_body(&[], None, None);
    let before = walk(&server, &token, &body, 50).await;
    let six_days = 6 * 24 * 3600;
    let moved = server
        .admin_call(
            Method::PUT,
            "/tenants/acme/clock",
            Some(json!({"advance_seconds": six_days})),
        )
        .await;
    assert_eq!(moved.body["now_ms"], NOW_MS + six_days * 1000);
    let after = walk(&server, &token, &body, 50).await;
    let expected_after = world::expected(&[], None, None, NOW_MS + six_days * 1000, false);
    assert_eq!(shape(&after, &[1, 2, 3]), expected_after);
    // Exactly the unfinished tasks of the stage whose deadline passed changed.
    let changed: Vec<(String, String)> = shape(&before, &[1, 2, 3])
        .into_iter()
        .zip(shape(&after, &[1, 2, 3]))
        .flat_map(|((user, old), (_, new))| {
            old.into_iter()
                .zip(new)
                .filter(|(o, n)| o != n)
                .map(move |(o, n)| {
                    assert_eq!((o.1, o.2, n.1, n.2), ("need_todo", 1, "overdue", 3));
                    (user.clone(), o.0)
                })
        })
        .collect();
    let expected_changes: Vec<(String, String)> = (20..=25)
        .map(|i| (world::user_id(i), STAGES[3].id.to_owned()))
        .collect();
    assert_eq!(changed, expected_changes);
    // Same users on the same pages: the clock changed statuses, not membership.
    assert_eq!(before.len(), after.len());
}

#[tokio::test]
async fn with_late_submission_allowed_nothing_is_overdue() {
    let server = TestServer::start_with(&world::fixture(), RateLimits::Off).await;
    let token = server.token("cli_lenient", "lenient-secret").await;
    let mut body = filter_body(&[], None, None);
    body["semester_id"] = json!("7100000000000000050");
    let items = walk(&server, &token, &body, 50).await;
    let expected = world::expected(&[], None, None, NOW_MS, true);
    // The lenient tenant's stages carry the same IDs; only two options are counted.
    assert_eq!(shape(&items, &[1, 2]), expected);
    assert!(
        items
            .iter()
            .all(|i| i["stage_num_lists"].as_array().unwrap().len() == 2)
    );
    let mut only_overdue = body.clone();
    only_overdue["task_option_lists"] = json!([3]);
    assert!(walk(&server, &token, &only_overdue, 50).await.is_empty());
}

#[tokio::test]
async fn validation_errors_have_their_codes() {
    let (server, token) = world().await;
    let cases = [
        (json!({}), "semester_id"),
        (json!({"semester_id": ""}), "semester_id"),
        (json!({"semester_id": "7100000000000000404"}), "semester_id"),
        (
            json!({"semester_id": SEMESTER, "task_option_lists": [4]}),
            "task_option_lists",
        ),
        (
            json!({"semester_id": SEMESTER, "task_option_lists": [1, 2, 3, 1]}),
            "task_option_lists",
        ),
        (
            json!({"semester_id": SEMESTER, "page_size": 51}),
            "page_size",
        ),
        (
            json!({"semester_id": SEMESTER, "page_size": -1}),
            "page_size",
        ),
        (
            json!({"semester_id": SEMESTER, "after_time": "yesterday"}),
            "after_time",
        ),
        (
            json!({"semester_id": SEMESTER, "before_time": "1.5e3"}),
            "before_time",
        ),
        (
            json!({"semester_id": SEMESTER, "page_token": "bm90IGEgdG9rZW4"}),
            "page_token",
        ),
    ];
    for (body, field) in cases {
        let reply = server.post(FIND_BY_PAGE, &token, body.clone()).await;
        reply.assert_error(400, 1580102);
        assert_eq!(reply.body["msg"], "param is invalid");
        assert_eq!(
            reply.body["error"]["field_violations"][0]["field"], field,
            "{body}"
        );
    }
    // The platform validates types and user_id_type: 99992402.
    for (path, body, field) in [
        (
            format!("{FIND_BY_PAGE}?user_id_type=email"),
            json!({"semester_id": SEMESTER}),
            "user_id_type",
        ),
        (
            FIND_BY_PAGE.to_owned(),
            json!({"semester_id": {"nested": 1}}),
            "semester_id",
        ),
        (
            FIND_BY_PAGE.to_owned(),
            json!({"semester_id": SEMESTER, "task_option_lists": "1"}),
            "task_option_lists",
        ),
    ] {
        let reply = server.post(&path, &token, body).await;
        reply.assert_error(400, 99992402);
        assert_eq!(reply.body["error"]["field_violations"][0]["field"], field);
    }
    // Numbers are accepted as strings and as numbers.
    let reply = server
        .post(FIND_BY_PAGE, &token, json!({"semester_id": SEMESTER.parse::<i64>().unwrap(), "page_size": "5", "task_option_lists": ["1", 2], "after_time": 0}))
        .await;
    assert_eq!(reply.data()["items"].as_array().unwrap().len(), 5);
}

/// A huge value is named, and quoted only in part, whether the service or the decoder refuses
/// it: no answer, and no explanation header, grows with what the caller sent.
#[tokio::test]
async fn a_huge_value_gets_a_small_answer_naming_it() {
    let (server, token) = world().await;
    let huge = "9".repeat(2 * 1024 * 1024);
    for (body, code, field, description) in [
        (
            json!({"semester_id": huge}),
            1580102,
            "semester_id",
            "semester not found".to_owned(),
        ),
        (
            json!({"semester_id": SEMESTER, "task_option_lists": huge}),
            99992402,
            "task_option_lists",
            format!(
                "invalid type: string \"{}…(2097152 bytes)\", expected a list at line 1 \
                 column 2097211",
                "9".repeat(64)
            ),
        ),
    ] {
        let reply = server.post(FIND_BY_PAGE, &token, body).await;
        reply.assert_error(400, code);
        assert!(reply.body.to_string().len() < 1024, "{}", reply.body);
        assert!(reply.headers["x-openwork-explain"].len() < 1024, "{field}");
        let violation = &reply.body["error"]["field_violations"][0];
        assert_eq!(violation["field"], field);
        assert_eq!(violation["description"], description);
        if code == 1580102 {
            assert_eq!(
                violation["value"],
                format!("{}…(2097152 bytes)", "9".repeat(64))
            );
        }
    }
}

#[tokio::test]
async fn a_page_token_is_bound_to_its_filters() {
    let (server, token) = world().await;
    let first = server
        .post(
            FIND_BY_PAGE,
            &token,
            json!({"semester_id": SEMESTER, "page_size": 2, "task_option_lists": [1]}),
        )
        .await;
    let page_token = first.data()["page_token"].as_str().unwrap().to_owned();
    for other in [
        json!({"semester_id": SEMESTER, "page_size": 2, "task_option_lists": [2], "page_token": page_token}),
        json!({"semester_id": SEMESTER, "page_size": 2, "page_token": page_token}),
        json!({"semester_id": SEMESTER, "page_size": 2, "task_option_lists": [1], "after_time": "1", "page_token": page_token}),
    ] {
        server
            .post(FIND_BY_PAGE, &token, other)
            .await
            .assert_error(400, 1580102);
    }
    // The same filters with another page size continue the walk.
    let next = server
        .post(FIND_BY_PAGE, &token, json!({"semester_id": SEMESTER, "page_size": 3, "task_option_lists": [1], "page_token": page_token}))
        .await;
    assert_eq!(next.data()["items"].as_array().unwrap().len(), 3);
    // Another app of the tenant cannot use it.
    let partner = server.token(PARTNER_APP.0, PARTNER_APP.1).await;
    server
        .post(FIND_BY_PAGE, &partner, json!({"semester_id": SEMESTER, "page_size": 2, "task_option_lists": [1], "page_token": page_token}))
        .await
        .assert_error(400, 1580102);
}

#[tokio::test]
async fn user_id_types() {
    let (server, token) = world().await;
    let body = json!({"semester_id": SEMESTER, "page_size": 1});
    let ids = server
        .admin
        .user_ids("acme", "u01", FULL_APP.0)
        .await
        .unwrap();
    for (query, expected) in [
        ("", ids.open_id.as_str()),
        ("?user_id_type=open_id", ids.open_id.as_str()),
        ("?user_id_type=union_id", ids.union_id.as_str()),
        ("?user_id_type=user_id", "u01"),
    ] {
        let reply = server
            .post(&format!("{FIND_BY_PAGE}{query}"), &token, body.clone())
            .await;
        assert_eq!(reply.data()["items"][0]["user_id"], expected, "{query}");
    }
    // user_id needs the employee-id scope, which the partner app lacks.
    let partner = server.token(PARTNER_APP.0, PARTNER_APP.1).await;
    let reply = server
        .post(
            &format!("{FIND_BY_PAGE}?user_id_type=user_id"),
            &partner,
            body.clone(),
        )
        .await;
    reply.assert_error(400, 99991672);
    assert_eq!(
        reply.body["error"]["permission_violations"][0]["subject"],
        "contact:user.employee_id:readonly"
    );
    let partner_ids = server
        .admin
        .user_ids("acme", "u01", PARTNER_APP.0)
        .await
        .unwrap();
    let reply = server.post(FIND_BY_PAGE, &partner, body).await;
    assert_eq!(reply.data()["items"][0]["user_id"], partner_ids.open_id);
}

/// VENDOR: the performance service's internal failures are its own 1580101 with HTTP 500 (the
/// vendor's pages for `find_by_page` and `review_templates/query` list it), whatever breaks
/// inside (here: a table gone from under the server).
#[tokio::test]
async fn a_storage_failure_is_the_services_internal_error() {
    let (server, token) = world().await;
    server
        .execute_sql("DROP TABLE stage_tasks; DROP TABLE review_fields;")
        .await;
    for reply in [
        server
            .post(FIND_BY_PAGE, &token, json!({"semester_id": SEMESTER}))
            .await,
        server.post(TEMPLATES, &token, json!({})).await,
    ] {
        reply.assert_error(500, 1580101);
        assert_eq!(reply.body["msg"], "internal error");
    }
}

#[tokio::test]
async fn an_unlicensed_tenant_gets_1580901_everywhere() {
    let (server, _) = world().await;
    let token = server
        .token(world::UNLICENSED_APP.0, world::UNLICENSED_APP.1)
        .await;
    let semester = json!({"semester_id": "7100000000000000077", "user_id_lists": ["u01"]});
    for reply in [
        server.post(FIND_BY_PAGE, &token, semester.clone()).await,
        server
            .post(FIND_BY_USER_LIST, &token, semester.clone())
            .await,
        server.get(SEMESTERS, &token).await,
        server.post(TEMPLATES, &token, json!({})).await,
    ] {
        reply.assert_error(400, 1580901);
        assert_eq!(reply.body["msg"], "tenant no licnese");
    }
}

#[tokio::test]
async fn semesters_are_listed_with_every_filter() {
    let (server, token) = world().await;
    let annual = json!({
        "name": {"zh-CN": "2023 年度", "en-US": "2023 Annual"}, "year": 2023, "type_group": "Annual",
        "type": "Annual", "start_time": "2023-01-01T00:00:00+08:00", "end_time": "2023-12-31T23:59:59+08:00",
        "create_user_id": "u02", "modify_user_id": "u03"
    });
    let put = server
        .admin_call(
            Method::PUT,
            "/tenants/acme/semesters/7100000000000000002",
            Some(annual),
        )
        .await;
    assert_eq!(put.status, 200, "{:#}", put.body);
    let list = |query: &'static str| {
        let server = &server;
        let token = &token;
        async move {
            let reply = server.get(&format!("{SEMESTERS}{query}"), token).await;
            reply.data()["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["id"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    let h1 = SEMESTER;
    let annual_id = "7100000000000000002";
    assert_eq!(list("").await, [annual_id, h1], "ordered by start time");
    assert_eq!(list("?year=2024").await, [h1]);
    assert_eq!(list("?type_group=Annual").await, [annual_id]);
    assert_eq!(list("?type=H1").await, [h1]);
    assert_eq!(
        list("?start_time=1704038400000").await,
        [h1],
        "starting at or after"
    );
    assert_eq!(
        list("?end_time=1704038399000").await,
        [annual_id],
        "ending at or before"
    );
    assert!(list("?year=2022").await.is_empty());

    let reply = server
        .get(
            &format!("{SEMESTERS}?user_id_type=user_id&year=2023"),
            &token,
        )
        .await;
    let item = &reply.data()["items"][0];
    assert_eq!(item["create_user_id"], "u02");
    assert_eq!(item["modify_user_id"], "u03");
    assert_eq!(item["year"], 2023);
    assert_eq!(item["start_time"], "1672502400000");
    assert_eq!(item["name"]["zh-CN"], "2023 年度");
    assert_eq!(item["name"]["en_us"], "2023 Annual");
    for bad in [
        "?year=10000",
        "?type_group=Weekly",
        "?type=H3",
        "?start_time=soon",
    ] {
        server
            .get(&format!("{SEMESTERS}{bad}"), &token)
            .await
            .assert_error(400, 1580102);
    }
}

#[tokio::test]
async fn review_templates_by_id_and_by_page() {
    let (server, token) = world().await;
    let ids = |reply: &Reply| -> Vec<String> {
        reply.data()["review_templates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["review_template_id"].as_str().unwrap().to_owned())
            .collect()
    };
    let all = server.post(TEMPLATES, &token, json!({})).await;
    assert_eq!(ids(&all).len(), 7);
    assert_eq!(all.data()["has_more"], false);
    // Unlike find_by_page, only inside data, as the vendor's page for this call shows.
    assert!(all.body.get("has_more").is_none(), "{}", all.body);
    let template = &all.data()["review_templates"][0];
    assert_eq!(
        template["name"],
        json!({"zh_cn": "模板1", "en_us": "Template 1"})
    );
    assert_eq!(
        template["units"][0]["fields"][0]["field_id"],
        "7600000000000000001"
    );

    let mut walked = Vec::new();
    let mut query = String::from("?page_size=3");
    loop {
        let page = server
            .post(&format!("{TEMPLATES}{query}"), &token, json!({}))
            .await;
        walked.extend(ids(&page));
        match page.data()["page_token"].as_str() {
            Some(next) => query = format!("?page_size=3&page_token={next}"),
            None => break,
        }
    }
    assert_eq!(walked, ids(&all));

    let some = server
        .post(
            TEMPLATES,
            &token,
            json!({"review_template_ids": ["7300000000000000005", "404", "7300000000000000002"]}),
        )
        .await;
    assert_eq!(ids(&some), ["7300000000000000002", "7300000000000000005"]);

    server
        .post(&format!("{TEMPLATES}?page_size=51"), &token, json!({}))
        .await
        .assert_error(400, 1580102);
    let too_many: Vec<String> = (0..51).map(|i| i.to_string()).collect();
    server
        .post(TEMPLATES, &token, json!({"review_template_ids": too_many}))
        .await
        .assert_error(400, 1580102);
    let first = server
        .post(&format!("{TEMPLATES}?page_size=1"), &token, json!({}))
        .await;
    let next = first.data()["page_token"].as_str().unwrap().to_owned();
    server
        .post(
            &format!("{TEMPLATES}?page_token={next}"),
            &token,
            json!({"review_template_ids": ["7300000000000000002"]}),
        )
        .await
        .assert_error(400, 1580102);
}

#[tokio::test]
async fn the_admin_api_drives_the_workflow() {
    let (server, token) = world().await;
    let u21 = || async {
        let reply = server
            .post(
                &format!("{FIND_BY_USER_LIST}?user_id_type=user_id"),
                &token,
                json!({"semester_id": SEMESTER, "user_id_lists": ["u21"]}),
            )
            .await;
        shape(&reply.data()["items"].as_array().unwrap()[..], &[1, 2, 3])
            .remove(0)
            .1
    };
    let stage_d = STAGES[3].id;
    let status_of =
        |tasks: &[Expected], stage: &str| tasks.iter().find(|t| t.0 == stage).map(|t| t.1);
    assert_eq!(status_of(&u21().await, stage_d), Some("need_todo"));
    // Pause the stage, then resume it with a deadline in the past.
    let paused = server
        .admin_call(
            Method::PATCH,
            &format!("/tenants/acme/stages/{stage_d}"),
            Some(json!({"paused": true})),
        )
        .await;
    assert_eq!(paused.body["paused"], true);
    assert_eq!(status_of(&u21().await, stage_d), Some("stage_pause"));
    server
        .admin_call(
            Method::PATCH,
            &format!("/tenants/acme/stages/{stage_d}"),
            Some(json!({"paused": false, "deadline": "2024-06-01T00:00:00+08:00"})),
        )
        .await;
    assert_eq!(status_of(&u21().await, stage_d), Some("overdue"));
    // Finish the to-dos.
    server
        .admin_call(
            Method::PATCH,
            &format!("/tenants/acme/stages/{stage_d}/tasks/u21"),
            Some(json!({"finished": 1})),
        )
        .await;
    assert_eq!(status_of(&u21().await, stage_d), Some("all_done"));
    // Remove the task, then the stage, then the semester.
    server
        .admin_call(
            Method::DELETE,
            &format!("/tenants/acme/stages/{stage_d}/tasks/u21"),
            None,
        )
        .await;
    assert_eq!(status_of(&u21().await, stage_d), None);
    let deleted = server
        .admin_call(
            Method::DELETE,
            &format!("/tenants/acme/stages/{}", STAGES[0].id),
            None,
        )
        .await;
    assert_eq!(deleted.status, 200);
    assert_eq!(status_of(&u21().await, STAGES[0].id), None);
    let bad = server
        .admin_call(
            Method::PATCH,
            &format!("/tenants/acme/stages/{stage_d}/tasks/u21"),
            Some(json!({"finished": 1})),
        )
        .await;
    assert_eq!(bad.status, 404, "PATCH needs an existing task");
    let bad = server
        .admin_call(
            Method::PUT,
            &format!("/tenants/acme/stages/{stage_d}/tasks/u99"),
            Some(json!({"need_todo": 1})),
        )
        .await;
    assert_eq!(bad.status, 404);
    let bad = server
        .admin_call(
            Method::PUT,
            &format!("/tenants/acme/stages/{stage_d}/tasks/u21"),
            Some(json!({"need_todo": -1})),
        )
        .await;
    assert_eq!(bad.status, 400);
    server
        .admin_call(
            Method::DELETE,
            &format!("/tenants/acme/semesters/{SEMESTER}"),
            None,
        )
        .await;
    server
        .post(FIND_BY_PAGE, &token, json!({"semester_id": SEMESTER}))
        .await
        .assert_error(400, 1580102);
}

#[tokio::test]
async fn admin_semester_bodies_are_validated_like_fixtures() {
    let (server, _) = world().await;
    let reply = server
        .admin_call(
            Method::PUT,
            "/tenants/acme/semesters/7100000000000000003",
            Some(json!({"start_time": 0, "end_time": 1, "stages": [{"deadline": 1, "tasks": [{"user_id": "u99"}]}]})),
        )
        .await;
    assert_eq!(reply.status, 400);
    assert_eq!(reply.body["error"]["path"], "stages[0].tasks[0].user_id");
    let reply = server
        .admin_call(
            Method::PUT,
            "/tenants/acme/semesters/7100000000000000003",
            Some(json!({"start_time": 0, "end_time": 1, "stages": [{"stage_id": STAGES[0].id, "deadline": 1}]})),
        )
        .await;
    assert_eq!(reply.status, 400, "a stage of another semester");
    let reply = server
        .admin_call(
            Method::PUT,
            "/tenants/acme/semesters/7100000000000000003",
            Some(json!({"semester_id": "1", "start_time": 0, "end_time": 1})),
        )
        .await;
    assert_eq!(reply.body["error"]["path"], "semester_id");
}

#[tokio::test]
async fn the_demo_world_shows_all_four_statuses() {
    let db_path = std::env::temp_dir().join(format!(
        "openwork-demo-{}.db",
        openwork_platform::ids::random_hex32()
    ));
    let config = openwork_server::Config {
        listen: "127.0.0.1:0".into(),
        db: format!("sqlite://{}", db_path.display()),
        fixture: None,
        admin_token: None,
        rate_limits: RateLimits::Vendor,
        journal: Default::default(),
        ..openwork_server::Config::default()
    };
    let server = TestServer::with_config(&config, db_path).await;
    let demo = server.server.as_ref().unwrap().demo().unwrap().apps[0].clone();
    let token = server.token(demo.app_id.as_str(), &demo.app_secret).await;
    let reply = server
        .post(
            FIND_BY_PAGE,
            &token,
            json!({"semester_id": "7235911950407352321", "page_size": 50}),
        )
        .await;
    let statuses: HashSet<String> = reply.data()["items"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|i| i["stage_task_info_lists"].as_array().unwrap().iter())
        .map(|t| t["stage_task_status"].as_str().unwrap().to_owned())
        .collect();
    let expected: HashSet<String> = ["need_todo", "overdue", "all_done", "stage_pause"]
        .map(String::from)
        .into();
    assert_eq!(statuses, expected);
}

#[tokio::test]
async fn responses_have_the_vendor_shape() {
    let (server, token) = world().await;
    let reply = server
        .post(
            &format!("{FIND_BY_USER_LIST}?user_id_type=user_id"),
            &token,
            json!({"semester_id": SEMESTER, "user_id_lists": ["u21"]}),
        )
        .await;
    insta::assert_json_snapshot!("find_by_user_list_u21", reply.body);
    let error = server
        .post(
            FIND_BY_PAGE,
            &token,
            json!({"semester_id": SEMESTER, "page_size": 99}),
        )
        .await;
    insta::assert_json_snapshot!("find_by_page_bad_page_size", error.body, {
        ".error.log_id" => "[log_id]",
        ".error.troubleshooter" => "[troubleshooter]",
    });
}

#[tokio::test]
async fn each_endpoint_accepts_its_own_scopes() {
    let (server, _) = world().await;
    let semesters = server
        .token(world::SEMESTER_READER_APP.0, world::SEMESTER_READER_APP.1)
        .await;
    let templates = server
        .token(world::TEMPLATE_READER_APP.0, world::TEMPLATE_READER_APP.1)
        .await;
    let stage_tasks = json!({"semester_id": SEMESTER, "user_id_lists": ["u01"]});
    assert_eq!(server.get(SEMESTERS, &semesters).await.code(), 0);
    assert_eq!(
        server.post(TEMPLATES, &templates, json!({})).await.code(),
        0
    );
    for (token, path, body) in [
        (&semesters, FIND_BY_PAGE, stage_tasks.clone()),
        (&semesters, FIND_BY_USER_LIST, stage_tasks.clone()),
        (&semesters, TEMPLATES, json!({})),
        (&templates, FIND_BY_PAGE, stage_tasks),
    ] {
        server
            .post(path, token, body)
            .await
            .assert_error(400, 99991672);
    }
    let reply = server.get(SEMESTERS, &templates).await;
    reply.assert_error(400, 99991672);
    let subjects: Vec<&str> = reply.body["error"]["permission_violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["subject"].as_str().unwrap())
        .collect();
    assert_eq!(
        subjects,
        [
            "performance:performance",
            "performance:performance:readonly",
            "performance:semester:read"
        ]
    );
}
