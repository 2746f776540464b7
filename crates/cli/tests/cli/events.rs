//! Event pushes survive a SIGKILL: after a restart every event is delivered, an event recorded
//! as delivered is never pushed again, and a receiver deduplicating on `event_id` (as the
//! vendor documents) handles each exactly once.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::routing::post;
use serde_json::{Value, json};

use crate::served::{Served, temp_dir};

const ADMIN: &str = "events-admin";
const USERS: usize = 300;
/// The most events one dispatcher pushes at once: the most a crash can leave acknowledged but
/// not recorded.
const IN_FLIGHT: usize = 64;

/// Every push, with whether it arrived after the restart.
#[derive(Clone, Default)]
struct Receiver {
    pushes: Arc<Mutex<Vec<(String, String, bool)>>>,
    restarted: Arc<AtomicBool>,
}

impl Receiver {
    async fn start(&self) -> String {
        async fn receive(State(receiver): State<Receiver>, body: Bytes) -> &'static str {
            // Slow enough that the kill lands while pushes are in flight.
            tokio::time::sleep(Duration::from_millis(50)).await;
            let push: Value = serde_json::from_slice(&body).unwrap();
            receiver.pushes.lock().unwrap().push((
                push["header"]["event_id"].as_str().unwrap().to_owned(),
                push["event"]["object"]["name"].as_str().unwrap().to_owned(),
                receiver.restarted.load(Ordering::SeqCst),
            ));
            "ok"
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        let app = Router::new()
            .route("/hook", post(receive))
            .with_state(self.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        url
    }

    fn count(&self) -> usize {
        self.pushes.lock().unwrap().len()
    }

    fn distinct(&self) -> usize {
        let pushes = self.pushes.lock().unwrap();
        pushes
            .iter()
            .map(|(id, _, _)| id)
            .collect::<HashSet<_>>()
            .len()
    }
}

fn serve(db: &str, extra: &[&str]) -> Served {
    let mut args = vec!["--event-timeout", "1s", "--event-retries", "1s,1s,1s"];
    args.extend(extra);
    Served::on(db, Some(ADMIN), &args)
}

async fn call(base: &str, path: &str, token: Option<&str>, body: Value) -> Value {
    let mut request = reqwest::Client::new()
        .post(format!("{base}{path}"))
        .json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap().json().await.unwrap()
}

/// The event IDs the database records as delivered (read behind the killed server's back).
async fn recorded_delivered(db: &str) -> HashSet<String> {
    sqlx::any::install_default_drivers();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(db)
        .await
        .unwrap();
    let ids: Vec<String> =
        sqlx::query_scalar("SELECT event_id FROM event_deliveries WHERE state = 'delivered'")
            .fetch_all(&mut conn)
            .await
            .unwrap();
    ids.into_iter().collect()
}

#[tokio::test]
async fn events_killed_mid_delivery_are_all_delivered_after_a_restart_and_none_recorded_twice() {
    let receiver = Receiver::default();
    let url = receiver.start().await;
    let dir = temp_dir("events_kill");
    let fixture = dir.join("fixture.yaml");
    std::fs::write(
        &fixture,
        format!(
            "version: 1\ntenants:\n  - tenant_key: acme\n    apps:\n      - app_id: cli_hr\n        app_secret: hr\n        scopes: [contact:contact]\n        events: {{ types: [contact.user.created_v3], request_url: \"{url}\" }}\n    departments: [{{ department_id: eng, name: Engineering }}]\n"
        ),
    )
    .unwrap();
    let db = format!("sqlite://{}", dir.join("openwork.db").display());
    let mut first = serve(&db, &["--fixture", fixture.to_str().unwrap()]);
    let token = call(
        &first.base,
        "/open-apis/auth/v3/tenant_access_token/internal",
        None,
        json!({"app_id": "cli_hr", "app_secret": "hr"}),
    )
    .await["tenant_access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let users: Vec<Value> = (0..USERS)
        .map(|n| json!({"name": format!("u{n}"), "mobile": format!("+8613{n:09}"), "departments": ["eng"]}))
        .collect();
    let submitted = call(
        &first.base,
        "/open-apis/contact/v2/user/batch_add",
        Some(&token),
        json!({"users": users}),
    )
    .await;
    assert_eq!(submitted["code"], 0, "{submitted}");

    let deadline = Instant::now() + Duration::from_secs(60);
    while receiver.count() < USERS / 3 {
        assert!(Instant::now() < deadline, "no pushes arrive");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    first.child.kill().expect("SIGKILL");
    first.child.wait().unwrap();
    let before = receiver.count();
    receiver.restarted.store(true, Ordering::SeqCst);
    let delivered_before = recorded_delivered(&db).await;
    eprintln!(
        "killed after {before} pushes; {} recorded as delivered",
        delivered_before.len()
    );
    assert!(before < USERS, "the kill came after every push");

    let second = serve(&db, &[]);
    // Every event recorded delivered: those in flight at the kill are pushed again only once
    // their lease runs out, after they may already have reached the receiver once.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let delivered = delivered(&second.base).await;
        if delivered.len() == USERS {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{} of {USERS} events recorded delivered after the restart ({} arrived)",
            delivered.len(),
            receiver.distinct()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Let a late duplicate show itself.
    tokio::time::sleep(Duration::from_millis(1_500)).await;

    let pushes = receiver.pushes.lock().unwrap().clone();
    let mut per_event: HashMap<&str, (usize, &str)> = HashMap::new();
    for (event_id, name, _) in &pushes {
        let entry = per_event.entry(event_id).or_insert((0, name));
        entry.0 += 1;
        assert_eq!(entry.1, name, "one event, one user");
    }
    let names: HashSet<&str> = per_event.values().map(|(_, name)| *name).collect();
    assert_eq!(
        names.len(),
        USERS,
        "every user's event arrived, deduplicated on event_id"
    );
    let again_after_recorded: Vec<&(String, String, bool)> = pushes
        .iter()
        .filter(|(event_id, _, after)| *after && delivered_before.contains(event_id))
        .collect();
    assert!(
        again_after_recorded.is_empty(),
        "events recorded as delivered were pushed again: {again_after_recorded:?}"
    );
    let twice = per_event.values().filter(|(n, _)| *n > 1).count();
    eprintln!("{twice} events pushed twice (acknowledged as the server died, not recorded)");
    assert!(twice <= IN_FLIGHT, "{twice} events pushed twice");

    let listed = delivered(&second.base).await;
    assert_eq!(
        listed.len(),
        USERS,
        "delivered once, and never again: {listed:?}"
    );
    assert!(second.terminate().success());
}

/// The events the admin API lists as delivered.
async fn delivered(base: &str) -> Vec<Value> {
    let listed: Value = reqwest::Client::new()
        .get(format!(
            "{base}/_openwork/v1/tenants/acme/events?state=delivered&limit=500"
        ))
        .bearer_auth(ADMIN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    listed["items"].as_array().unwrap().clone()
}
