//! The SDK's own behaviour against a scripted server: token caching and early renewal, the
//! rate-limit retry, the retry of a refused token, page streams.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use futures::TryStreamExt;
use openwork_sdk::feishu::{FeishuClient, ReviewTemplateQuery};
use serde_json::{Value, json};

/// What the scripted server does, and what it saw.
#[derive(Default)]
struct Script {
    token_calls: AtomicUsize,
    api_calls: AtomicUsize,
    /// Seconds of life of the tokens it hands out.
    expire: AtomicUsize,
    /// Refuse this many API calls for the rate limit first.
    rate_limited: AtomicUsize,
    /// Refuse this many API calls for an invalid token first.
    refuse_token: AtomicUsize,
}

/// A JSON answer, as the vendor writes them.
fn reply(status: StatusCode, body: Value) -> Response {
    (
        status,
        [("content-type", "application/json; charset=utf-8")],
        body.to_string(),
    )
        .into_response()
}

async fn token(State(script): State<Arc<Script>>) -> Response {
    let n = script.token_calls.fetch_add(1, Ordering::SeqCst);
    reply(
        StatusCode::OK,
        json!({
            "code": 0, "msg": "ok", "tenant_access_token": format!("t-{n}"),
            "expire": script.expire.load(Ordering::SeqCst)
        }),
    )
}

fn template(id: usize) -> Value {
    json!({"review_template_id": id.to_string(), "name": {"zh_cn": "", "en_us": ""},
           "description": {"zh_cn": "", "en_us": ""}, "status": "enabled", "templates": [], "units": []})
}

/// Three pages of review templates: 1-2, 3-4, 5.
async fn templates(
    State(script): State<Arc<Script>>,
    headers: HeaderMap,
    query: axum::extract::RawQuery,
) -> Response {
    script.api_calls.fetch_add(1, Ordering::SeqCst);
    if script.rate_limited.load(Ordering::SeqCst) > 0 {
        script.rate_limited.fetch_sub(1, Ordering::SeqCst);
        let mut response = reply(
            StatusCode::TOO_MANY_REQUESTS,
            json!({"code": 99991400, "msg": "request trigger frequency limit"}),
        );
        response
            .headers_mut()
            .insert("x-ogw-ratelimit-reset", "1".parse().unwrap());
        return response;
    }
    if script.refuse_token.load(Ordering::SeqCst) > 0 {
        script.refuse_token.fetch_sub(1, Ordering::SeqCst);
        return reply(
            StatusCode::BAD_REQUEST,
            json!({"code": 99991663, "msg": "invalid token"}),
        );
    }
    assert!(
        headers["authorization"]
            .to_str()
            .unwrap()
            .starts_with("Bearer t-")
    );
    let query = query.0.unwrap_or_default();
    let (items, next): (Vec<usize>, Option<&str>) = if query.contains("page_token=p2") {
        (vec![3, 4], Some("p3"))
    } else if query.contains("page_token=p3") {
        (vec![5], None)
    } else {
        (vec![1, 2], Some("p2"))
    };
    let mut data = json!({"review_templates": items.into_iter().map(template).collect::<Vec<_>>(), "has_more": next.is_some()});
    if let Some(next) = next {
        data["page_token"] = json!(next);
    }
    reply(
        StatusCode::OK,
        json!({"code": 0, "msg": "success", "data": data}),
    )
}

async fn scripted(expire: usize) -> (Arc<Script>, FeishuClient) {
    let script = Arc::new(Script::default());
    script.expire.store(expire, Ordering::SeqCst);
    let app = Router::new()
        .route(
            "/open-apis/auth/v3/tenant_access_token/internal",
            post(token),
        )
        .route(
            "/open-apis/performance/v2/review_templates/query",
            post(templates),
        )
        .route("/unused", get(|| async { "" }))
        .with_state(script.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (
        script,
        FeishuClient::new("cli_x", "secret").with_base_url(base),
    )
}

fn page_query() -> ReviewTemplateQuery {
    ReviewTemplateQuery {
        ids: Vec::new(),
        page_size: Some(2),
    }
}

#[tokio::test]
async fn a_token_is_cached_until_three_minutes_before_it_expires() {
    let (script, client) = scripted(7200).await;
    for _ in 0..3 {
        client
            .query_review_templates(&page_query(), None)
            .await
            .unwrap();
    }
    assert_eq!(script.token_calls.load(Ordering::SeqCst), 1);

    // A token with less than the margin left is renewed on every call.
    let (script, client) = scripted(120).await;
    for _ in 0..3 {
        client
            .query_review_templates(&page_query(), None)
            .await
            .unwrap();
    }
    assert_eq!(script.token_calls.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn rate_limited_calls_wait_for_the_window_the_server_names() {
    let (script, client) = scripted(7200).await;
    script.rate_limited.store(1, Ordering::SeqCst);
    let started = Instant::now();
    let page = client
        .query_review_templates(&page_query(), None)
        .await
        .unwrap();
    assert_eq!(page.review_templates.len(), 2);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited x-ogw-ratelimit-reset"
    );
    assert_eq!(script.api_calls.load(Ordering::SeqCst), 2);

    let client = client.with_rate_limit_retries(0);
    script.rate_limited.store(1, Ordering::SeqCst);
    let err = client
        .query_review_templates(&page_query(), None)
        .await
        .unwrap_err();
    assert_eq!(err.feishu_code(), Some(99991400));
}

#[tokio::test]
async fn a_refused_tenant_token_is_fetched_again_once() {
    let (script, client) = scripted(7200).await;
    client
        .query_review_templates(&page_query(), None)
        .await
        .unwrap();
    script.refuse_token.store(1, Ordering::SeqCst);
    client
        .query_review_templates(&page_query(), None)
        .await
        .unwrap();
    assert_eq!(
        script.token_calls.load(Ordering::SeqCst),
        2,
        "a new token after the refusal"
    );
    script.refuse_token.store(2, Ordering::SeqCst);
    let err = client
        .query_review_templates(&page_query(), None)
        .await
        .unwrap_err();
    assert_eq!(err.feishu_code(), Some(99991663), "only once");
}

#[tokio::test]
async fn streams_walk_every_page() {
    let (script, client) = scripted(7200).await;
    let ids: Vec<String> = client
        .review_templates(page_query())
        .map_ok(|t| t.review_template_id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["1", "2", "3", "4", "5"]);
    assert_eq!(script.api_calls.load(Ordering::SeqCst), 3);
}
