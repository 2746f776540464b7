//! A database written by openwork 0.1 opens, migrates forward and serves the same answers
//! (tests/data/openwork-0.1: the databases, the requests a client sent, and 0.1's answers).

use std::path::{Path, PathBuf};

use openwork_server::{Config, RateLimits};
use serde::Deserialize;
use serde_json::Value;

use crate::support::TestServer;

/// The admin token the recording used (the answers do not depend on it).
const ADMIN_TOKEN: &str = "legacy-admin-token";

fn data(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/openwork-0.1")
        .join(file)
}

/// One request of `requests.json`.
#[derive(Deserialize)]
struct Request {
    name: String,
    method: String,
    path: String,
    /// `admin`, `feishu:APP_ID:SECRET` or `dingtalk:APP_KEY:SECRET`.
    auth: Option<String>,
    body: Option<Value>,
}

/// One answer of `answers.json`.
#[derive(Deserialize, Debug, PartialEq)]
struct Answer {
    name: String,
    status: u16,
    body: Value,
}

/// Keys whose values differ on every call (the recording left them out too).
const VOLATILE: &[&str] = &[
    "log_id",
    "troubleshooter",
    "request_id",
    "tenant_access_token",
    "app_access_token",
    "access_token",
    "expire",
    "expires_in",
];

/// Page tokens are encrypted now (docs/semantics.md): the current server hands out other
/// tokens than 0.1 did for the same pages, so only whether an answer has one is compared. 0.1's
/// tokens still open: the last request resumes with the token 0.1 handed out.
const PAGE_TOKEN: &str = "page_token";

fn stable(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(key, _)| !VOLATILE.contains(&key.as_str()))
                .map(|(key, value)| match value {
                    Value::String(token) if key == PAGE_TOKEN && !token.is_empty() => {
                        (key, Value::String("<page token>".into()))
                    }
                    value => (key, stable(value)),
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(stable).collect()),
        other => other,
    }
}

async fn send(server: &TestServer, request: &Request) -> Answer {
    let mut path = request.path.clone();
    let mut token = None;
    match request
        .auth
        .as_deref()
        .map(|auth| auth.split(':').collect::<Vec<_>>())
    {
        None => {}
        Some(parts) if parts == ["admin"] => token = Some(ADMIN_TOKEN.to_owned()),
        Some(parts) if parts[0] == "feishu" => {
            token = Some(server.token(parts[1], parts[2]).await);
        }
        Some(parts) if parts[0] == "dingtalk" => {
            let reply = server
                .call(
                    reqwest::Method::GET,
                    &format!("/gettoken?appkey={}&appsecret={}", parts[1], parts[2]),
                    None,
                    None,
                )
                .await;
            let dingtalk_token = reply.body["access_token"].as_str().expect("a token");
            let separator = if path.contains('?') { '&' } else { '?' };
            path = format!("{path}{separator}access_token={dingtalk_token}");
        }
        Some(other) => panic!("unknown auth {other:?}"),
    }
    let method = reqwest::Method::from_bytes(request.method.as_bytes()).unwrap();
    let reply = server
        .call(method, &path, token.as_deref(), request.body.as_ref())
        .await;
    Answer {
        name: request.name.clone(),
        status: reply.status,
        body: stable(reply.body),
    }
}

/// Starts the current openwork on `db` and expects 0.1's answer to every recorded request.
async fn serves_the_same_answers(db: String, requests: &str, answers: &str) {
    let db_path = PathBuf::from(db.trim_start_matches("sqlite://"));
    let config = Config {
        listen: "127.0.0.1:0".into(),
        db,
        fixture: None,
        admin_token: Some(ADMIN_TOKEN.into()),
        rate_limits: RateLimits::Off,
        journal: Default::default(),
        ..openwork_server::Config::default()
    };
    let mut server = TestServer::with_config(&config, db_path).await;
    let requests: Vec<Request> =
        serde_json::from_str(&std::fs::read_to_string(data(requests)).unwrap()).unwrap();
    let expected: Vec<Answer> =
        serde_json::from_str(&std::fs::read_to_string(data(answers)).unwrap()).unwrap();
    assert_eq!(requests.len(), expected.len());
    for (request, expected) in requests.iter().zip(expected) {
        let answer = send(&server, request).await;
        let expected = Answer {
            body: stable(expected.body),
            ..expected
        };
        assert_eq!(
            answer, expected,
            "{}: the answer differs from openwork 0.1's",
            request.name
        );
    }
    server.stop().await;
}

#[tokio::test]
async fn a_sqlite_database_of_openwork_0_1_serves_the_same_answers() {
    let dir = std::env::temp_dir().join(format!(
        "openwork-upgrade-{}-{}",
        std::process::id(),
        &openwork_platform::ids::random_hex32()[..8]
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let copy = dir.join("openwork-0.1.db");
    std::fs::copy(data("openwork-0.1.db"), &copy).unwrap();
    serves_the_same_answers(
        format!("sqlite://{}", copy.display()),
        "requests.json",
        "answers.json",
    )
    .await;
    // Opened again, it is simply current: nothing to migrate, the same answers.
    serves_the_same_answers(
        format!("sqlite://{}", copy.display()),
        "requests.json",
        "answers.json",
    )
    .await;
}

#[tokio::test]
async fn a_postgres_database_of_openwork_0_1_serves_the_same_answers() {
    let Ok(base) = std::env::var("TEST_DATABASE_URL") else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true requires TEST_DATABASE_URL (PostgreSQL)"
        );
        eprintln!("skipping the PostgreSQL upgrade test: TEST_DATABASE_URL is not set");
        return;
    };
    let url = openwork_platform::db::isolated_postgres_url(&base, "upgrade")
        .await
        .unwrap();
    let dump = std::fs::read_to_string(data("openwork-0.1-postgres.sql")).unwrap();
    sqlx::any::install_default_drivers();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&url)
        .await
        .unwrap();
    sqlx::raw_sql(&dump).execute(&mut conn).await.unwrap();
    sqlx::Connection::close(conn).await.unwrap();
    serves_the_same_answers(url, "requests-postgres.json", "answers-postgres.json").await;
}
