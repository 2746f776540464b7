//! Event pushes by webhook: what a batch import pushes to each subscribing app, retries with the
//! same `event_id`, attempts in the admin API, subscriptions and the admin API's emit; and two
//! replicas on PostgreSQL pushing each event once.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use openwork_server::{Config, RateLimits};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{TestServer, temp_db};

const USERS: &str = "/open-apis/contact/v2/user/batch_add";

const FIXTURE: &str = r#"
version: 1
tenants:
  - tenant_key: acme
    clock: "2024-06-15T10:00:00+08:00"
    apps:
      - { app_id: cli_a0000000000000a1, app_secret: hr, scopes: [contact:contact, contact:user.employee_id:readonly] }
      - { app_id: cli_a0000000000000a2, app_secret: reader, scopes: [contact:contact] }
      - { app_id: cli_a0000000000000a3, app_secret: quiet, scopes: [contact:contact] }
    departments:
      - { department_id: eng, name: Engineering }
    users:
      - { user_id: Alice, name: Alice, mobile: "+8610000000001", department_ids: [eng] }
"#;

/// A webhook receiver: records every request, answers with the next planned status (200 once
/// the plan runs out).
#[derive(Clone, Default)]
struct Receiver {
    received: Arc<Mutex<Vec<(HeaderMap, Value)>>>,
    plan: Arc<Mutex<Vec<StatusCode>>>,
}

impl Receiver {
    /// Starts it on 127.0.0.1:0; answers its URL.
    async fn start(&self) -> String {
        async fn receive(
            State(receiver): State<Receiver>,
            headers: HeaderMap,
            body: Bytes,
        ) -> StatusCode {
            let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
            receiver.received.lock().unwrap().push((headers, body));
            let mut plan = receiver.plan.lock().unwrap();
            if plan.is_empty() {
                StatusCode::OK
            } else {
                plan.remove(0)
            }
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/webhook/event", listener.local_addr().unwrap());
        let app = Router::new()
            .route("/webhook/event", post(receive))
            .with_state(self.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        url
    }

    fn bodies(&self) -> Vec<Value> {
        let received = self.received.lock().unwrap();
        received.iter().map(|(_, body)| body.clone()).collect()
    }

    /// Waits (at most 20 s) until `count` requests arrived; answers them.
    async fn wait_for(&self, count: usize) -> Vec<Value> {
        for _ in 0..200 {
            if self.bodies().len() >= count {
                return self.bodies();
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!(
            "{count} pushes expected, {} arrived: {:#?}",
            self.bodies().len(),
            self.bodies()
        );
    }
}

/// A server whose retries come after 1 s, then 1 s (and are given up after that).
async fn server() -> TestServer {
    let db_path = temp_db("events");
    let fixture_path = db_path.with_file_name("fixture.yaml");
    std::fs::write(&fixture_path, FIXTURE).unwrap();
    let mut config = Config {
        listen: "127.0.0.1:0".into(),
        db: format!("sqlite://{}", db_path.display()),
        fixture: Some(fixture_path),
        admin_token: Some(crate::support::ADMIN_TOKEN.into()),
        rate_limits: RateLimits::Off,
        ..Config::default()
    };
    short_retries(&mut config);
    TestServer::with_config(&config, db_path).await
}

fn short_retries(config: &mut Config) {
    config.events.retry_delays_s = vec![1, 1];
    config.events.timeout_s = 1;
}

async fn subscribe(server: &TestServer, app: &str, body: Value) {
    let path = format!("/tenants/acme/apps/{app}/events");
    server.admin_ok(Method::PUT, &path, Some(body)).await;
}

fn users(count: usize) -> Value {
    let users: Vec<Value> = (0..count)
        .map(|i| {
            json!({
                "user_id": format!("new{i:03}"),
                "name": format!("New {i}"),
                "mobile": format!("+86139{i:08}"),
                "email": format!("new{i}@acme.example"),
                "departments": ["eng"],
                "leader_user_id": "Alice",
            })
        })
        .collect();
    json!({ "users": users })
}

async fn ids(server: &TestServer, user: &str, app: &str) -> Value {
    let path = format!("/tenants/acme/users/{user}/ids?app_id={app}");
    server.admin_ok(Method::GET, &path, None).await
}

#[tokio::test]
async fn a_batch_import_pushes_each_new_user_to_each_subscriber_in_its_own_ids() {
    let server = server().await;
    let (hr, reader) = (Receiver::default(), Receiver::default());
    let types = json!(["contact.user.created_v3"]);
    let hr_url = hr.start().await;
    subscribe(
        &server,
        "cli_a0000000000000a1",
        json!({"types": types, "request_url": hr_url, "verification_token": "vt-hr"}),
    )
    .await;
    subscribe(
        &server,
        "cli_a0000000000000a2",
        json!({"types": types, "request_url": reader.start().await}),
    )
    .await;
    let token = server.token("cli_a0000000000000a1", "hr").await;
    server.post(USERS, &token, users(30)).await.data();

    for (receiver, app, token_sent, sees_user_id) in [
        (&hr, "cli_a0000000000000a1", "vt-hr", true),
        (&reader, "cli_a0000000000000a2", "", false),
    ] {
        let pushes = receiver.wait_for(30).await;
        let event_ids: HashSet<&str> = pushes
            .iter()
            .map(|p| p["header"]["event_id"].as_str().unwrap())
            .collect();
        assert_eq!(event_ids.len(), 30, "one event per user, each its own ID");
        let alice = ids(&server, "Alice", app).await;
        for push in &pushes {
            let header = &push["header"];
            assert_eq!(push["schema"], "2.0");
            assert_eq!(header["event_type"], "contact.user.created_v3");
            assert_eq!(header["app_id"], app);
            assert_eq!(header["tenant_key"], "acme");
            assert_eq!(header["token"], token_sent);
            let create_time = header["create_time"].as_str().expect("a string");
            assert!(create_time.len() == 13 && create_time.bytes().all(|b| b.is_ascii_digit()));
            let user = &push["event"]["object"];
            let user_id = user["name"].as_str().unwrap().replace("New ", "");
            let user_id = format!("new{:03}", user_id.parse::<usize>().unwrap());
            let expected = ids(&server, &user_id, app).await;
            assert_eq!(user["open_id"], expected["open_id"], "{push:#}");
            assert_eq!(user["union_id"], expected["union_id"]);
            if sees_user_id {
                assert_eq!(user["user_id"], user_id.as_str());
            } else {
                assert!(
                    user.get("user_id").is_none(),
                    "no user_id without the scope"
                );
            }
            assert_eq!(user["leader_user_id"], alice["open_id"]);
            let departments = user["department_ids"].as_array().unwrap();
            assert_eq!(departments.len(), 1);
            assert!(departments[0].as_str().unwrap().starts_with("od-"));
            assert_eq!(user["status"]["is_activated"], true);
        }
    }
    // Nothing more comes: each event was delivered once.
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    assert_eq!((hr.bodies().len(), reader.bodies().len()), (30, 30));
    let delivered = server
        .admin_call(
            Method::GET,
            "/tenants/acme/events?state=delivered&limit=100",
            None,
        )
        .await;
    assert_eq!(delivered.body["items"].as_array().unwrap().len(), 60);
}

#[tokio::test]
async fn a_failed_push_is_retried_with_the_same_event_id_and_every_attempt_is_shown() {
    let server = server().await;
    let receiver = Receiver::default();
    *receiver.plan.lock().unwrap() = vec![StatusCode::INTERNAL_SERVER_ERROR];
    let url = receiver.start().await;
    subscribe(
        &server,
        "cli_a0000000000000a1",
        json!({"types": ["contact.user.created_v3"], "request_url": url}),
    )
    .await;
    let token = server.token("cli_a0000000000000a1", "hr").await;
    server.post(USERS, &token, users(1)).await.data();

    let pushes = receiver.wait_for(2).await;
    assert_eq!(
        pushes[0]["header"]["event_id"],
        pushes[1]["header"]["event_id"]
    );
    let event_id = pushes[0]["header"]["event_id"].as_str().unwrap();
    let history = wait_for_state(&server, event_id, "delivered").await;
    let log = history["attempt_log"].as_array().unwrap();
    assert_eq!(log.len(), 2, "{history:#}");
    assert_eq!(
        (log[0]["delivered"].clone(), log[0]["status"].clone()),
        (json!(false), json!(500))
    );
    assert!(
        log[0]["detail"].as_str().unwrap().contains("500"),
        "{history:#}"
    );
    assert_eq!(
        (log[1]["delivered"].clone(), log[1]["status"].clone()),
        (json!(true), json!(200))
    );
    assert_eq!(log[1]["target"], url);
}

#[tokio::test]
async fn a_push_nobody_answers_is_given_up_after_the_last_retry() {
    let server = server().await;
    // A port nothing listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", closed.local_addr().unwrap());
    drop(closed);
    subscribe(
        &server,
        "cli_a0000000000000a1",
        json!({"types": ["contact.user.created_v3"], "request_url": url}),
    )
    .await;
    let emitted = server
        .admin_call(
            Method::POST,
            "/tenants/acme/events",
            Some(json!({"event_type": "contact.user.created_v3", "event": {"object": {"name": "x"}}})),
        )
        .await;
    let event_id = emitted.body["events"][0]["event_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let history = wait_for_state(&server, &event_id, "failed").await;
    let log = history["attempt_log"].as_array().unwrap();
    assert_eq!(log.len(), 3, "the first try and both retries: {history:#}");
    assert!(
        log.iter()
            .all(|a| a["detail"].as_str().unwrap().contains("could not connect")),
        "{history:#}"
    );

    // Redelivery pushes it again, with the same ID, once something listens.
    let receiver = Receiver::default();
    subscribe(
        &server,
        "cli_a0000000000000a1",
        json!({"types": ["contact.user.created_v3"], "request_url": receiver.start().await}),
    )
    .await;
    let reply = server
        .admin_call(
            Method::POST,
            &format!("/tenants/acme/events/{event_id}/redeliver"),
            None,
        )
        .await;
    assert_eq!(reply.status, 200, "{:#}", reply.body);
    let pushes = receiver.wait_for(1).await;
    assert_eq!(pushes[0]["header"]["event_id"], event_id.as_str());
    assert_eq!(pushes[0]["event"], json!({"object": {"name": "x"}}));
}

/// Polls an event's history until its (only) delivery reaches `state`.
async fn wait_for_state(server: &TestServer, event_id: &str, state: &str) -> Value {
    for _ in 0..100 {
        let reply = server
            .admin_call(
                Method::GET,
                &format!("/tenants/acme/events/{event_id}"),
                None,
            )
            .await;
        assert_eq!(reply.status, 200, "{:#}", reply.body);
        let delivery = &reply.body["deliveries"][0];
        if delivery["state"] == state {
            return delivery.clone();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("event {event_id} never became {state}");
}

#[tokio::test]
async fn subscriptions_are_checked_kept_and_ended_through_the_admin_api() {
    let server = server().await;
    let path = "/tenants/acme/apps/cli_a0000000000000a1/events";
    let typo = server
        .admin_call(
            Method::PUT,
            path,
            Some(json!({"types": ["contact.user.create_v3"], "long_connection": true})),
        )
        .await;
    assert_eq!(typo.status, 400, "{:#}", typo.body);
    let message = typo.body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("did you mean \"contact.user.created_v3\""),
        "{message}"
    );
    let nowhere = server
        .admin_call(Method::PUT, path, Some(json!({"types": []})))
        .await;
    assert_eq!(nowhere.status, 400, "{:#}", nowhere.body);
    assert!(
        nowhere.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("request_url")
    );
    let unknown_app = server
        .admin_call(
            Method::PUT,
            "/tenants/acme/apps/cli_nobody/events",
            Some(json!({"types": [], "long_connection": true})),
        )
        .await;
    assert_eq!(unknown_app.status, 404, "{:#}", unknown_app.body);

    let body = json!({"types": ["contact.department.created_v3"], "long_connection": true, "verification_token": "t"});
    subscribe(&server, "cli_a0000000000000a1", body.clone()).await;
    let read = server.admin_call(Method::GET, path, None).await;
    assert_eq!(read.body, body);
    // The export carries it, so that a reload keeps it.
    let exported = server
        .admin_call(Method::GET, "/tenants/acme/fixture?format=json", None)
        .await;
    assert_eq!(exported.body["tenants"][0]["apps"][0]["events"], body);

    // Nobody subscribes to this type: nothing is stored.
    let emitted = server
        .admin_call(
            Method::POST,
            "/tenants/acme/events",
            Some(json!({"event_type": "contact.user.created_v3", "event": {}})),
        )
        .await;
    assert_eq!(emitted.body, json!({"events": []}));

    let deleted = server.admin_call(Method::DELETE, path, None).await;
    assert_eq!(deleted.status, 200, "{:#}", deleted.body);
    let gone = server.admin_call(Method::GET, path, None).await;
    assert_eq!(gone.status, 404, "{:#}", gone.body);
}

#[tokio::test]
async fn two_replicas_on_postgres_push_each_event_once() {
    let Some([(first, token), (second, _)]) = TestServer::postgres_replicas_with(
        "events_two_replicas",
        FIXTURE,
        ("cli_a0000000000000a1", "hr"),
        short_retries,
    )
    .await
    else {
        return;
    };
    let receiver = Receiver::default();
    subscribe(
        &first,
        "cli_a0000000000000a1",
        json!({"types": ["contact.user.created_v3"], "request_url": receiver.start().await}),
    )
    .await;
    first.post(USERS, &token, users(200)).await.data();
    let pushes = receiver.wait_for(200).await;
    // Both replicas' dispatchers were polling; give a late duplicate the time to show.
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    let mut per_event: HashMap<String, usize> = HashMap::new();
    for push in receiver.bodies() {
        *per_event
            .entry(push["header"]["event_id"].as_str().unwrap().to_owned())
            .or_default() += 1;
    }
    assert_eq!(per_event.len(), 200, "{} pushes", pushes.len());
    assert!(
        per_event.values().all(|&n| n == 1),
        "an event was pushed twice"
    );
    let replicas: HashSet<String> = {
        let mut seen = HashSet::new();
        for event_id in per_event.keys().take(40) {
            let history = second
                .admin_call(
                    Method::GET,
                    &format!("/tenants/acme/events/{event_id}"),
                    None,
                )
                .await;
            let log = history.body["deliveries"][0]["attempt_log"]
                .as_array()
                .unwrap()
                .clone();
            assert_eq!(log.len(), 1, "{:#}", history.body);
            seen.insert(log[0]["replica"].as_str().unwrap().to_owned());
        }
        seen
    };
    eprintln!(
        "replicas that pushed the first 40 events: {}",
        replicas.len()
    );
}
