//! The admin API (docs/semantics.md, "The admin API").

use reqwest::Method;
use serde_json::json;

use crate::support::TestServer;
use crate::world::{self, FULL_APP, PARTNER_APP, SEMESTER};

async fn world() -> TestServer {
    TestServer::start(&world::fixture()).await
}

#[tokio::test]
async fn a_missing_or_wrong_admin_token_is_401_saying_which_and_changes_nothing() {
    let server = world().await;
    for token in [
        None,
        Some("Bearer wrong"),
        Some("test-admin-token"),
        Some("Bearer "),
        // The token after whitespace is a wrong token. (Whitespace after it is not part of
        // the header's value in HTTP: the server never sees it.)
        Some("Bearer  test-admin-token"),
        Some("Bearer \ttest-admin-token"),
    ] {
        for (method, path) in [
            (Method::POST, "/_openwork/v1/reset"),
            (Method::POST, "/_openwork/v1/fixtures"),
            (Method::DELETE, "/_openwork/v1/tenants/acme"),
            (Method::PUT, "/_openwork/v1/tenants/acme/clock"),
            (
                Method::GET,
                "/_openwork/v1/tenants/acme/users/u01/ids?app_id=cli_full",
            ),
        ] {
            let mut request = server
                .http
                .request(method, format!("{}{path}", server.base));
            if let Some(token) = token {
                request = request.header("authorization", token);
            }
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), 401, "{path} {token:?}");
            let body: serde_json::Value = response.json().await.unwrap();
            assert_eq!(body["error"]["code"], "unauthorized", "{body}");
            let message = body["error"]["message"].as_str().unwrap();
            let wrong = matches!(token, Some(t) if t.starts_with("Bearer ") && t.len() > 7);
            let says = if wrong {
                "the admin token is wrong"
            } else {
                "needs `Authorization: Bearer <admin token>`"
            };
            assert!(message.contains(says), "{token:?}: {message}");
        }
    }
    assert_eq!(
        server.admin.health().await.unwrap().status,
        "ok",
        "tenants survived"
    );
    let (status, _) = (
        server
            .admin_call(Method::GET, "/tenants/acme/clock", None)
            .await
            .status,
        (),
    );
    assert_eq!(status, 200);
}

/// A refusal quotes at most an excerpt of a huge value (docs/semantics.md, "How a call is
/// checked"), whether openwork or the decoder words it.
#[tokio::test]
async fn a_huge_value_gets_a_small_refusal() {
    let server = world().await;
    let huge = "9".repeat(1 << 20);
    for (body, says) in [
        (json!({"now": huge}), "now: \""),
        (json!({"advance_seconds": huge}), "invalid type: string \""),
    ] {
        let reply = server
            .admin_call(Method::PUT, "/tenants/acme/clock", Some(body))
            .await;
        assert_eq!(reply.status, 400);
        let message = reply.body["error"]["message"].as_str().unwrap();
        assert!(message.contains(says), "{message}");
        assert!(
            message.contains(&format!("{}…(1048576 bytes)", "9".repeat(64))),
            "{message}"
        );
        assert!(message.len() < 512, "{message}");
    }
}

#[tokio::test]
async fn healthz_needs_no_token() {
    let server = world().await;
    let reply = server
        .call(Method::GET, "/_openwork/v1/healthz", None, None)
        .await;
    assert_eq!(
        (reply.status, reply.body.clone()),
        (200, json!({"status": "ok"}))
    );
}

/// Editors fetch the fixture schema and cannot send a token (docs/fixtures.md, "Editor
/// support").
#[tokio::test]
async fn the_fixture_schema_needs_no_token() {
    let server = world().await;
    let reply = server
        .call(Method::GET, "/_openwork/v1/fixture.schema.json", None, None)
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.headers["content-type"], "application/schema+json");
    let served = reply.body;
    assert_eq!(served["$id"], openwork_server::world::fixture::SCHEMA_ID);
    assert_eq!(
        served,
        serde_json::to_value(openwork_server::world::fixture::json_schema()).unwrap()
    );
}

#[tokio::test]
async fn fixtures_round_trip_and_a_bad_one_writes_nothing() {
    let server = world().await;
    let fixture = "version: 1\ntenants:\n  - tenant_key: fresh\n    apps: [{ app_id: cli_fresh, app_secret: s }]\n    users: [{ user_id: a, name: A }]\n";
    let loaded = server.admin.load_fixture(fixture).await.unwrap();
    assert_eq!(loaded.tenants[0].tenant_key, "fresh");
    assert_eq!((loaded.tenants[0].apps, loaded.tenants[0].users), (1, 1));
    server.token("cli_fresh", "s").await;

    let bad = "version: 1\ntenants:\n  - tenant_key: first\n    apps: [{ app_id: cli_first, app_secret: s }]\n  - tenant_key: second\n    users: [{ user_id: a, name: A }]\n    semesters:\n      - start_time: 0\n        end_time: 1\n        stages:\n          - deadline: 1\n            tasks: [{ user_id: a }, { user_id: u9 }]\n";
    let reply = server
        .http
        .post(format!("{}/_openwork/v1/fixtures", server.base))
        .bearer_auth(crate::support::ADMIN_TOKEN)
        .body(bad)
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 400);
    let body: serde_json::Value = reply.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_fixture");
    assert_eq!(
        body["error"]["path"],
        "tenants[1].semesters[0].stages[0].tasks[1].user_id"
    );
    assert_eq!(
        body["error"]["message"],
        "tenants[1].semesters[0].stages[0].tasks[1].user_id: unknown user \"u9\""
    );
    let first = server
        .admin_call(Method::GET, "/tenants/first/clock", None)
        .await;
    assert_eq!(
        first.status, 404,
        "the valid first tenant was not written either"
    );
}

#[tokio::test]
async fn an_app_of_another_tenant_cannot_be_taken() {
    let server = world().await;
    let fixture = format!(
        "version: 1\ntenants:\n  - tenant_key: thief\n    apps: [{{ app_id: {}, app_secret: x }}]\n",
        FULL_APP.0
    );
    let err = server.admin.load_fixture(&fixture).await.unwrap_err();
    match err {
        openwork_sdk::SdkError::Admin { status, error } => {
            assert_eq!(status, 400);
            assert_eq!(
                error.unwrap().path.as_deref(),
                Some("tenants[0].apps[0].app_id")
            );
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn reset_and_tenant_deletion() {
    let server = world().await;
    server.admin.delete_tenant("other").await.unwrap();
    assert_eq!(
        server
            .admin_call(Method::GET, "/tenants/other/clock", None)
            .await
            .status,
        404
    );
    let missing = server
        .admin_call(Method::DELETE, "/tenants/other", None)
        .await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.body["error"]["code"], "not_found");
    assert_eq!(
        missing.body["error"]["message"], "tenant \"other\" not found",
        "IDs are named as people write them"
    );
    let done = server.admin.reset().await.unwrap();
    assert_eq!(done.deleted_tenants, 3);
    assert_eq!(
        server
            .admin_call(Method::GET, "/tenants/acme/clock", None)
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn user_ids_per_app_and_developer() {
    let server = world().await;
    let full = server
        .admin
        .user_ids("acme", "u01", FULL_APP.0)
        .await
        .unwrap();
    let none = server
        .admin
        .user_ids("acme", "u01", world::NO_SCOPE_APP.0)
        .await
        .unwrap();
    let partner = server
        .admin
        .user_ids("acme", "u01", PARTNER_APP.0)
        .await
        .unwrap();
    assert_eq!(full.user_id, "u01");
    assert!(full.open_id.starts_with("ou_") && full.open_id.len() == 35);
    assert_ne!(full.open_id, none.open_id, "open_id differs per app");
    assert_eq!(
        full.union_id, none.union_id,
        "same developer, same union_id"
    );
    assert_ne!(full.union_id, partner.union_id, "another developer");
    let other = server
        .admin
        .user_ids("other", "u01", world::OTHER_TENANT_APP.0)
        .await
        .unwrap();
    assert_ne!(other.open_id, full.open_id);
    let missing = server
        .admin_call(
            Method::GET,
            "/tenants/acme/users/u99/ids?app_id=cli_full",
            None,
        )
        .await;
    assert_eq!(missing.status, 404);
}

#[tokio::test]
async fn clocks_can_be_fixed_moved_and_released() {
    let server = world().await;
    let fixed = server
        .admin_call(
            Method::PUT,
            "/tenants/acme/clock",
            Some(json!({"now": "2025-01-01T00:00:00+08:00"})),
        )
        .await;
    assert_eq!(fixed.body["now"], "2024-12-31T16:00:00Z");
    let moved = server
        .admin_call(
            Method::PUT,
            "/tenants/acme/clock",
            Some(json!({"advance_seconds": 3600})),
        )
        .await;
    assert_eq!(moved.body["now"], "2024-12-31T17:00:00Z");
    let real = server
        .admin_call(
            Method::PUT,
            "/tenants/acme/clock",
            Some(json!({"now": null})),
        )
        .await;
    let now_ms = real.body["now_ms"].as_i64().unwrap();
    let wall = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    assert!((now_ms - wall).abs() < 60_000);
    let bad = server
        .admin_call(
            Method::PUT,
            "/tenants/acme/clock",
            Some(json!({"now": "tomorrow"})),
        )
        .await;
    assert_eq!(
        (bad.status, bad.body["error"]["code"].as_str()),
        (400, Some("bad_request"))
    );
    let unknown = server
        .admin_call(
            Method::PUT,
            "/tenants/nope/clock",
            Some(json!({"advance_seconds": 1})),
        )
        .await;
    assert_eq!(unknown.status, 404);
}

#[tokio::test]
async fn minted_user_tokens_act_for_their_user() {
    let server = world().await;
    let minted = server
        .admin
        .user_access_token("acme", FULL_APP.0, "u03")
        .await
        .unwrap();
    assert!(minted.access_token.starts_with("u-"));
    assert_eq!(minted.expires_in, 7200);
    let path = "/open-apis/performance/v1/stage_tasks/find_by_user_list?user_id_type=user_id";
    let own = server
        .post(
            path,
            &minted.access_token,
            json!({"semester_id": SEMESTER, "user_id_lists": ["u03"]}),
        )
        .await;
    assert_eq!(own.data()["items"][0]["user_id"], "u03");
    let others = server
        .post(
            path,
            &minted.access_token,
            json!({"semester_id": SEMESTER, "user_id_lists": ["u04"]}),
        )
        .await;
    others.assert_error(400, 1580102);
    // find_by_page takes tenant tokens only.
    server
        .post(
            "/open-apis/performance/v1/stage_tasks/find_by_page",
            &minted.access_token,
            json!({"semester_id": SEMESTER}),
        )
        .await
        .assert_error(400, 99991668);
    let unknown_user = server
        .admin_call(
            Method::POST,
            "/tenants/acme/user_access_tokens",
            Some(json!({"app_id": FULL_APP.0, "user_id": "u99"})),
        )
        .await;
    assert_eq!(unknown_user.status, 404);
    assert_eq!(
        unknown_user.body["error"]["message"],
        "user \"u99\" in tenant \"acme\" not found"
    );
}
