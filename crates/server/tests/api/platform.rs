//! The platform layer: tokens, auth errors, envelope and headers, scopes, rate limits.

use std::io::{Read, Write};

use reqwest::Method;
use serde_json::json;

use crate::support::TestServer;
use crate::world::{self, FULL_APP, NO_SCOPE_APP, OTHER_TENANT_APP, SEMESTER};

const TOKEN_PATH: &str = "/open-apis/auth/v3/tenant_access_token/internal";
const FIND_BY_PAGE: &str = "/open-apis/performance/v1/stage_tasks/find_by_page";

async fn world() -> TestServer {
    TestServer::start(&world::fixture()).await
}

#[tokio::test]
async fn tenant_tokens_are_issued_and_reused() {
    let server = world().await;
    let body = json!({"app_id": FULL_APP.0, "app_secret": FULL_APP.1});
    let first = server
        .call(Method::POST, TOKEN_PATH, None, Some(&body))
        .await;
    assert_eq!(first.status, 200);
    assert_eq!(first.body["code"], 0);
    assert_eq!(first.body["msg"], "ok");
    assert!(
        first.body.get("data").is_none(),
        "token fields are top-level"
    );
    let token = first.body["tenant_access_token"].as_str().unwrap();
    assert!(token.starts_with("t-"));
    let expire = first.body["expire"].as_i64().unwrap();
    assert!((7190..=7200).contains(&expire), "{expire}");
    let second = server
        .call(Method::POST, TOKEN_PATH, None, Some(&body))
        .await;
    assert_eq!(
        second.body["tenant_access_token"], token,
        "reused while >= 30 min remain"
    );

    let app = server
        .call(
            Method::POST,
            "/open-apis/auth/v3/app_access_token/internal",
            None,
            Some(&body),
        )
        .await;
    assert_eq!(app.body["code"], 0);
    assert_eq!(app.body["app_access_token"], token);
    assert_eq!(app.body["tenant_access_token"], token);
    assert!(app.body["expire"].as_i64().unwrap() <= 7200);
}

#[tokio::test]
async fn token_endpoints_take_any_content_type_and_a_trailing_slash() {
    let server = world().await;
    let raw = format!(
        r#"{{"app_id":"{}","app_secret":"{}"}}"#,
        FULL_APP.0, FULL_APP.1
    );
    for path in [
        TOKEN_PATH,
        "/open-apis/auth/v3/tenant_access_token/internal/",
    ] {
        for content_type in [
            None,
            Some("text/plain"),
            Some("application/json; charset=utf-8"),
        ] {
            let mut request = server
                .http
                .post(format!("{}{path}", server.base))
                .body(raw.clone());
            if let Some(content_type) = content_type {
                request = request.header("content-type", content_type);
            }
            let body: serde_json::Value = request.send().await.unwrap().json().await.unwrap();
            assert_eq!(body["code"], 0, "{path} {content_type:?}");
        }
    }
}

#[tokio::test]
async fn bad_credentials_are_10003_with_http_200() {
    let server = world().await;
    for body in [
        json!({"app_id": FULL_APP.0, "app_secret": "wrong"}),
        json!({"app_id": "cli_nobody", "app_secret": FULL_APP.1}),
        json!({"app_id": FULL_APP.0}),
        json!("not an object"),
    ] {
        let reply = server
            .call(Method::POST, TOKEN_PATH, None, Some(&body))
            .await;
        assert_eq!(reply.status, 200);
        assert_eq!(
            reply.body,
            json!({"code": 10003, "msg": "invalid param", "data": {}})
        );
    }
}

#[tokio::test]
async fn auth_errors_have_their_codes_statuses_and_shapes() {
    let server = world().await;
    let token = server.token(FULL_APP.0, FULL_APP.1).await;
    let body = json!({"semester_id": SEMESTER});
    let send = |auth: Option<String>| {
        let mut request = server
            .http
            .post(format!("{}{FIND_BY_PAGE}", server.base))
            .json(&body);
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        async move {
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            let headers = response.headers().clone();
            let body = response.json().await.unwrap();
            crate::support::Reply {
                status,
                headers,
                body,
            }
        }
    };
    send(None).await.assert_error(400, 99991661);
    send(Some(token.clone())).await.assert_error(400, 99991661);
    send(Some(format!("Token {token}")))
        .await
        .assert_error(400, 99991661);
    send(Some("Bearer t-garbage".into()))
        .await
        .assert_error(400, 99991663);
    send(Some("Bearer something".into()))
        .await
        .assert_error(400, 99991663);
    send(Some("Bearer u-garbage".into()))
        .await
        .assert_error(400, 99991668);
    send(Some("Bearer eyJhbGciOiJIUzI1NiJ9.e30.x".into()))
        .await
        .assert_error(400, 99991668);
    let reply = send(Some(format!("Bearer {token}"))).await;
    assert_eq!(reply.code(), 0, "{:#}", reply.body);
}

#[tokio::test]
async fn a_tampered_token_is_refused() {
    let server = world().await;
    let token = server.token(FULL_APP.0, FULL_APP.1).await;
    let body = json!({"semester_id": SEMESTER});
    for position in [2, token.len() / 2, token.len() - 1] {
        let mut bytes = token.clone().into_bytes();
        bytes[position] = if bytes[position] == b'x' { b'y' } else { b'x' };
        let altered = String::from_utf8(bytes).unwrap();
        server
            .post(FIND_BY_PAGE, &altered, body.clone())
            .await
            .assert_error(400, 99991663);
    }
}

#[tokio::test]
async fn responses_have_title_case_headers_on_the_wire() {
    let server = world().await;
    let addr = server.base.trim_start_matches("http://").to_owned();
    let body = format!(
        r#"{{"app_id":"{}","app_secret":"{}"}}"#,
        FULL_APP.0, FULL_APP.1
    );
    let raw = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        write!(
            stream,
            "POST {TOKEN_PATH} HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut raw = String::new();
        stream.read_to_string(&mut raw).unwrap();
        raw
    })
    .await
    .unwrap();
    let head = raw.split("\r\n\r\n").next().unwrap();
    assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
    assert!(
        head.contains("\r\nContent-Type: application/json; charset=utf-8\r\n"),
        "{head}"
    );
    assert!(head.contains("\r\nX-Tt-Logid: "), "{head}");
}

#[tokio::test]
async fn unknown_routes_and_methods_are_plain_text_404s() {
    let server = world().await;
    for (method, path) in [
        (Method::GET, "/open-apis/nope/v1/things"),
        (Method::GET, TOKEN_PATH),
        (Method::DELETE, FIND_BY_PAGE),
    ] {
        let reply = server.call(method, path, None, None).await;
        assert_eq!(reply.status, 404);
        assert_eq!(reply.body, "404 page not found");
        assert!(
            reply.headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/plain"),
            "{path}"
        );
        assert!(reply.headers.contains_key("x-tt-logid"));
    }
}

#[tokio::test]
async fn a_missing_scope_is_99991672_with_violations() {
    let server = world().await;
    let token = server.token(NO_SCOPE_APP.0, NO_SCOPE_APP.1).await;
    let reply = server
        .post(FIND_BY_PAGE, &token, json!({"semester_id": SEMESTER}))
        .await;
    reply.assert_error(400, 99991672);
    let violations = reply.body["error"]["permission_violations"]
        .as_array()
        .unwrap();
    let subjects: Vec<&str> = violations
        .iter()
        .map(|v| v["subject"].as_str().unwrap())
        .collect();
    assert_eq!(
        subjects,
        [
            "performance:performance",
            "performance:performance:readonly"
        ]
    );
    assert!(
        violations
            .iter()
            .all(|v| v["type"] == "action_scope_required")
    );
}

#[tokio::test]
async fn over_the_limit_is_429_with_ratelimit_headers() {
    let server = world().await;
    let token = server.token(FULL_APP.0, FULL_APP.1).await;
    let body = json!({"semester_id": SEMESTER, "page_size": 1});
    // find_by_page allows 20 calls a minute per app.
    for call in 1..=20 {
        let reply = server.post(FIND_BY_PAGE, &token, body.clone()).await;
        assert_eq!(reply.code(), 0, "call {call}");
    }
    let reply = server.post(FIND_BY_PAGE, &token, body.clone()).await;
    reply.assert_error(429, 99991400);
    assert_eq!(reply.body["msg"], "request trigger frequency limit");
    assert_eq!(reply.headers["x-ogw-ratelimit-limit"], "20");
    let reset: u64 = reply.headers["x-ogw-ratelimit-reset"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&reset), "{reset}");
    // The limit is per app: another app of the tenant is not limited.
    let partner = server
        .token(world::PARTNER_APP.0, world::PARTNER_APP.1)
        .await;
    assert_eq!(server.post(FIND_BY_PAGE, &partner, body).await.code(), 0);
}

#[tokio::test]
async fn rate_limits_can_be_turned_off() {
    let server = TestServer::start_with(&world::fixture(), openwork_server::RateLimits::Off).await;
    let token = server.token(FULL_APP.0, FULL_APP.1).await;
    for _ in 0..25 {
        let reply = server
            .post(
                FIND_BY_PAGE,
                &token,
                json!({"semester_id": SEMESTER, "page_size": 1}),
            )
            .await;
        assert_eq!(reply.code(), 0);
    }
}

#[tokio::test]
async fn a_token_issued_before_a_restart_works_after_it() {
    let mut server = world().await;
    let token = server.token(FULL_APP.0, FULL_APP.1).await;
    let admin_token = crate::support::ADMIN_TOKEN;
    server.stop().await;
    let config = openwork_server::Config {
        listen: "127.0.0.1:0".into(),
        db: format!("sqlite://{}", server.db_path.display()),
        fixture: None,
        admin_token: Some(admin_token.into()),
        rate_limits: openwork_server::RateLimits::Vendor,
        journal: Default::default(),
        ..openwork_server::Config::default()
    };
    let restarted = TestServer::with_config(&config, server.db_path.clone()).await;
    let reply = restarted
        .post(FIND_BY_PAGE, &token, json!({"semester_id": SEMESTER}))
        .await;
    assert_eq!(reply.code(), 0, "{:#}", reply.body);
    assert_eq!(
        restarted.token(FULL_APP.0, FULL_APP.1).await,
        token,
        "still the current token"
    );
}

#[tokio::test]
async fn a_token_of_one_tenant_never_sees_another() {
    let server = world().await;
    let other = server.token(OTHER_TENANT_APP.0, OTHER_TENANT_APP.1).await;
    // acme's semester does not exist for tenant `other`.
    let reply = server
        .post(FIND_BY_PAGE, &other, json!({"semester_id": SEMESTER}))
        .await;
    reply.assert_error(400, 1580102);
    // Its own is fine, and shows its own users.
    let reply = server
        .post(
            FIND_BY_PAGE,
            &other,
            json!({"semester_id": world::OTHER_SEMESTER}),
        )
        .await;
    assert!(!reply.data()["items"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn reloading_keeps_tokens_of_unchanged_apps_and_ends_changed_ones() {
    let server = world().await;
    let full = server.token(FULL_APP.0, FULL_APP.1).await;
    let partner = server
        .token(world::PARTNER_APP.0, world::PARTNER_APP.1)
        .await;
    let reloaded = world::fixture().replace("partner-secret", "rotated-secret");
    server.admin.load_fixture(&reloaded).await.unwrap();
    let body = json!({"semester_id": SEMESTER});
    assert_eq!(
        server.post(FIND_BY_PAGE, &full, body.clone()).await.code(),
        0
    );
    server
        .post(FIND_BY_PAGE, &partner, body.clone())
        .await
        .assert_error(400, 99991663);
    server.admin.delete_tenant("acme").await.unwrap();
    server
        .post(FIND_BY_PAGE, &full, body)
        .await
        .assert_error(400, 99991663);
}
