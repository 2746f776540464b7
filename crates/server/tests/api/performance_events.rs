//! The performance service's events: `performance.stage_task.open_result_v2` when a stage's
//! results open (through the admin API, or as the tenant's clock reaches them) and
//! `performance.review_data.changed_v2` when a semester replacement changes review records;
//! each stored once per subscribing app, with the app's own user IDs. The events are read from
//! the server's outbox table directly.

use std::time::{Duration, Instant};

use openwork_platform::db::Db;
use openwork_platform::events::{Delivery, DeliveryFilter, EventStore, SqlEventStore};
use openwork_server::RateLimits;
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::TestServer;

const OPEN_RESULT: &str = "performance.stage_task.open_result_v2";
const REVIEW_DATA: &str = "performance.review_data.changed_v2";
/// Sees users' `user_id`; pushed over its long connections.
const WITH_USER_IDS: &str = "cli_de30c0de00000011";
/// Lacks the field permission; pushed by webhook (nothing listens: deliveries stay stored).
const WITHOUT_USER_IDS: &str = "cli_de30c0de00000012";
const H1: &str = "7100000000000000001";
const ACTIVITY: &str = "7110000000000000001";
/// Its results open on 2024-06-18, three days after the fixture's clock. (The self review's
/// opened before that clock, the final review's open on 2024-06-25.)
const LEADER_REVIEW: &str = "7130000000000000002";

const FIXTURE: &str = r#"
version: 1
tenants:
  - tenant_key: acme
    clock: "2024-06-15T10:00:00+08:00"
    apps:
      - app_id: cli_de30c0de00000011
        app_secret: s1
        scopes: [performance:performance:readonly, contact:user.employee_id:readonly]
        events:
          types: [performance.stage_task.open_result_v2, performance.review_data.changed_v2]
          long_connection: true
      - app_id: cli_de30c0de00000012
        app_secret: s2
        scopes: [performance:performance:readonly]
        events:
          types: [performance.stage_task.open_result_v2, performance.review_data.changed_v2]
          request_url: "http://127.0.0.1:9/events"
      - { app_id: cli_de30c0de00000013, app_secret: s3, scopes: [performance:performance:readonly] }
    users:
      - { user_id: boss, name: 老板 }
      - { user_id: u1, name: 甲, leader_user_id: boss }
      - { user_id: u2, name: 乙, leader_user_id: boss }
    user_groups: [{ group_id: rd, members: [u1, u2] }]
    indicators:
      - indicator_id: "7300000000000000001"
        options:
          - { option_id: "7300000000000000011", label: S }
          - { option_id: "7300000000000000012", label: B }
    review_templates:
      - review_template_id: "7200000000000000001"
        units:
          - unit_id: "7200000000000000002"
            fields: [{ field_id: "7200000000000000003", indicator_id: "7300000000000000001" }]
    semesters:
      - semester_id: "7100000000000000001"
        start_time: "2024-01-01T00:00:00+08:00"
        end_time: "2024-06-30T23:59:59+08:00"
        activities:
          - { activity_id: "7110000000000000001", review_template_id: "7200000000000000001", user_groups: [rd] }
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
            tasks: [{ user_id: u1, need_todo: 1 }, { user_id: u2, need_todo: 1 }, { user_id: boss, need_todo: 2 }]
          - stage_id: "7130000000000000003"
            deadline: "2024-06-25T23:59:59+08:00"
            stage_type: leader_review
            results_open_time: "2024-06-25T00:00:00+08:00"
            tasks: [{ user_id: u1, need_todo: 1 }]
        results:
          - { record_id: "7400000000000000001", activity_id: "7110000000000000001", stage_id: "7130000000000000001", reviewee: u1, reviewer: u1 }
"#;

async fn start() -> TestServer {
    TestServer::start_with(FIXTURE, RateLimits::Off).await
}

/// The tenant's stored events of `event_type`, oldest first; an event has one delivery per
/// channel, and each app here receives on one.
async fn events(server: &TestServer, event_type: &str) -> Vec<Delivery> {
    let db = Db::connect(&format!("sqlite://{}", server.db_path.display()))
        .await
        .unwrap();
    let filter = DeliveryFilter {
        event_type: Some(event_type.to_owned()),
        ..DeliveryFilter::default()
    };
    let mut page = SqlEventStore::new(db.clone())
        .deliveries_page(&"acme".into(), &filter, None, 1000)
        .await
        .unwrap();
    db.close().await;
    page.reverse();
    page
}

/// Polls until the tenant has `count` events of `event_type` (the clock's watch looks once a
/// second), failing after ten seconds.
async fn await_events(server: &TestServer, event_type: &str, count: usize) -> Vec<Delivery> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let found = events(server, event_type).await;
        if found.len() >= count || Instant::now() > deadline {
            assert_eq!(found.len(), count, "{found:#?}");
            return found;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn body(delivery: &Delivery) -> Value {
    serde_json::from_str(&delivery.event).unwrap()
}

/// The event's items' users as `open_id` (with `user_id` when present), activity and open time.
fn opened(delivery: &Delivery) -> Vec<String> {
    body(delivery)["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| {
            assert_eq!(item["semester_id"], H1);
            let user = &item["user_id"];
            format!(
                "{}/{}/{}/{}@{}",
                user["user_id"].as_str().unwrap_or("-"),
                user["open_id"].as_str().unwrap(),
                user["union_id"].as_str().unwrap(),
                item["activity_id"].as_str().unwrap(),
                item["open_time"].as_str().unwrap(),
            )
        })
        .collect()
}

/// What `opened` should show for these users seen by `app`.
async fn expected(server: &TestServer, app: &str, users: &[&str], open_time: &str) -> Vec<String> {
    let mut items = Vec::new();
    for user in users {
        let ids = server.admin.user_ids("acme", user, app).await.unwrap();
        let user_id = if app == WITH_USER_IDS {
            ids.user_id.as_str()
        } else {
            "-"
        };
        items.push(format!(
            "{user_id}/{}/{}/{ACTIVITY}@{open_time}",
            ids.open_id, ids.union_id
        ));
    }
    items
}

/// The event of each subscribing app, by app.
fn by_app<'a>(events: &'a [Delivery], app: &str) -> &'a Delivery {
    let mine: Vec<&Delivery> = events.iter().filter(|e| e.app_id.as_str() == app).collect();
    assert_eq!(mine.len(), 1, "one event for {app}: {events:#?}");
    mine[0]
}

async fn patch_stage(server: &TestServer, stage: &str, body: Value) {
    let path = format!("/tenants/acme/stages/{stage}");
    server.admin_ok(Method::PATCH, &path, Some(body)).await;
}

/// 2024-06-14T00:00:00+08:00 in milliseconds.
const JUNE_14: &str = "1718294400000";

#[tokio::test]
async fn opening_results_through_the_admin_api_tells_each_subscribing_app_once() {
    let server = start().await;
    patch_stage(
        &server,
        LEADER_REVIEW,
        json!({ "results_open_time": "2024-06-14T00:00:00+08:00" }),
    )
    .await;
    // Stored with the change: no waiting.
    let found = events(&server, OPEN_RESULT).await;
    assert_eq!(found.len(), 2, "{found:#?}");
    for app in [WITH_USER_IDS, WITHOUT_USER_IDS] {
        // The boss has a task in the stage but is reviewed by no activity: no results of theirs
        // open.
        assert_eq!(
            opened(by_app(&found, app)),
            expected(&server, app, &["u1", "u2"], JUNE_14).await,
            "as {app} sees them"
        );
    }
    let without = body(by_app(&found, WITHOUT_USER_IDS));
    assert!(
        without["items"][0]["user_id"].get("user_id").is_none(),
        "no user_id without the field permission: {without:#}"
    );

    // Changing the stage again, moving the passed opening, or the watch looking: nothing new.
    patch_stage(
        &server,
        LEADER_REVIEW,
        json!({ "results_open_time": "2024-06-14T00:00:00+08:00" }),
    )
    .await;
    patch_stage(
        &server,
        LEADER_REVIEW,
        json!({ "results_open_time": "2024-06-13T00:00:00+08:00", "paused": true }),
    )
    .await;
    assert_eq!(events(&server, OPEN_RESULT).await.len(), 2);

    // Closed and opened again, the results are news again: once.
    patch_stage(&server, LEADER_REVIEW, json!({ "results_open_time": null })).await;
    patch_stage(
        &server,
        LEADER_REVIEW,
        json!({ "results_open_time": "2024-06-14T00:00:00+08:00" }),
    )
    .await;
    let again = events(&server, OPEN_RESULT).await;
    assert_eq!(again.len(), 4, "{again:#?}");
    assert_eq!(
        opened(by_app(&again[2..], WITH_USER_IDS)),
        expected(&server, WITH_USER_IDS, &["u1", "u2"], JUNE_14).await
    );
    assert!(events(&server, REVIEW_DATA).await.is_empty());
}

#[tokio::test]
async fn the_clock_reaching_an_opening_tells_each_subscribing_app_once() {
    let server = start().await;
    let advance = |days: i64| {
        let server = &server;
        async move {
            let body = json!({ "advance_seconds": days * 86_400 });
            server
                .admin_ok(Method::PUT, "/tenants/acme/clock", Some(body))
                .await;
        }
    };
    // The fixture's clock is past the self review's opening: a load declares, it changes
    // nothing, so no event (checked below, once the watch has looked twice).
    advance(3).await;
    let leader = await_events(&server, OPEN_RESULT, 2).await;
    let june_18 = "1718640000000";
    for app in [WITH_USER_IDS, WITHOUT_USER_IDS] {
        assert_eq!(
            opened(by_app(&leader, app)),
            expected(&server, app, &["u1", "u2"], june_18).await
        );
    }
    // The next opening is announced by a later look of the watch; the earlier ones never again.
    advance(7).await;
    let all = await_events(&server, OPEN_RESULT, 4).await;
    let june_25 = "1719244800000";
    assert_eq!(
        opened(by_app(&all[2..], WITH_USER_IDS)),
        expected(&server, WITH_USER_IDS, &["u1"], june_25).await
    );
    assert_eq!(
        opened(by_app(&all[..2], WITHOUT_USER_IDS)),
        opened(by_app(&leader, WITHOUT_USER_IDS)),
        "the first announcement stands alone"
    );
    let self_review_open = "1718121600000";
    assert!(
        all.iter()
            .all(|e| !opened(e).iter().any(|i| i.ends_with(self_review_open))),
        "the fixture's open results were never announced"
    );
}

/// The admin API's semester body with one record whose rating is `option`.
fn semester(option: &str) -> Value {
    json!({
        "start_time": "2024-01-01T00:00:00+08:00",
        "end_time": "2024-12-31T23:59:59+08:00",
        "activities": [{ "activity_id": "7119000000000000001", "review_template_id": "7200000000000000001", "user_groups": ["rd"] }],
        "stages": [
            { "stage_id": "7139000000000000001", "deadline": "2024-06-01T00:00:00+08:00", "results_open_time": "2024-06-02T00:00:00+08:00", "tasks": [{ "user_id": "u2", "need_todo": 1 }] },
            { "stage_id": "7139000000000000002", "deadline": "2024-06-01T00:00:00+08:00", "stage_type": "calibration", "tasks": [{ "user_id": "u2", "need_todo": 1 }] },
        ],
        "results": [
            { "record_id": "7409000000000000001", "activity_id": "7119000000000000001", "stage_id": "7139000000000000001", "reviewee": "u2", "reviewer": "boss", "submit_time": "2024-05-30T00:00:00+08:00", "values": [{ "field_id": "7200000000000000003", "option_id": option }] },
            { "record_id": "7409000000000000002", "activity_id": "7119000000000000001", "stage_id": "7139000000000000002", "reviewee": "u2", "reviewer": "boss", "values": [{ "field_id": "7200000000000000003", "option_id": option }] },
        ],
    })
}

async fn put_semester(server: &TestServer, body: Value) {
    let path = "/tenants/acme/semesters/7109000000000000001";
    server.admin_ok(Method::PUT, path, Some(body)).await;
}

#[tokio::test]
async fn replacing_a_semester_tells_what_review_data_changed() {
    let server = start().await;
    // A new semester: its record is new review data, and its open results open.
    put_semester(&server, semester("7300000000000000011")).await;
    let created = events(&server, REVIEW_DATA).await;
    assert_eq!(created.len(), 2, "{created:#?}");
    assert_eq!(events(&server, OPEN_RESULT).await.len(), 2);
    // The same again changes nothing.
    put_semester(&server, semester("7300000000000000011")).await;
    assert_eq!(events(&server, REVIEW_DATA).await.len(), 2);
    assert_eq!(events(&server, OPEN_RESULT).await.len(), 2);

    // Another rating: the leader's review of u2 changed (the calibration record changed too,
    // which is no review data the vendor reports).
    put_semester(&server, semester("7300000000000000012")).await;
    let found = events(&server, REVIEW_DATA).await;
    assert_eq!(found.len(), 4, "{found:#?}");
    for app in [WITH_USER_IDS, WITHOUT_USER_IDS] {
        let event = body(by_app(&found[2..], app));
        let ids = server.admin.user_ids("acme", "u2", app).await.unwrap();
        let user_id = if app == WITH_USER_IDS {
            json!({ "user_id": "u2", "open_id": ids.open_id, "union_id": ids.union_id })
        } else {
            json!({ "open_id": ids.open_id, "union_id": ids.union_id })
        };
        assert_eq!(
            event,
            json!({ "items": [{
                "user_id": user_id,
                "semester_id": "7109000000000000001",
                "activity_id": "7119000000000000001",
                "stage_changes": [{
                    "stage_id": "7139000000000000001",
                    "stage_type": "review",
                    "review_stage_role": "solid_line_leader",
                }],
            }] }),
            "as {app} sees it"
        );
    }
    assert_eq!(events(&server, OPEN_RESULT).await.len(), 2);
}
