//! The Feishu long connection as the SDKs' event clients meet it: the endpoint that hands out
//! the WebSocket URL, the URL's shape, refused upgrades, and pings. (Pushes and acks are tested
//! beside the registry, `events::long_connection`'s tests, which reach the server's state.)

use futures::{SinkExt, StreamExt};
use prost::Message as _;
use reqwest::Method;
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::{self, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::support::{ADMIN_TOKEN, Reply, TestServer};

const APP: &str = "cli_de30c0de00000001";
const SECRET: &str = "long-connection-secret";
const FIXTURE: &str = "version: 1
tenants:
  - tenant_key: events
    apps: [{ app_id: cli_de30c0de00000001, app_secret: long-connection-secret }]
";

/// The SDKs' `pbbp2.proto`, declared here as a client would: required fields are encoded even
/// when zero.
#[derive(Clone, PartialEq, prost::Message)]
struct Header {
    #[prost(string, required, tag = "1")]
    key: String,
    #[prost(string, required, tag = "2")]
    value: String,
}

#[derive(Clone, PartialEq, prost::Message)]
struct Frame {
    #[prost(uint64, required, tag = "1")]
    seq_id: u64,
    #[prost(uint64, required, tag = "2")]
    log_id: u64,
    #[prost(int32, required, tag = "3")]
    service: i32,
    #[prost(int32, required, tag = "4")]
    method: i32,
    #[prost(message, repeated, tag = "5")]
    headers: Vec<Header>,
    #[prost(bytes = "vec", optional, tag = "8")]
    payload: Option<Vec<u8>>,
}

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

async fn endpoint(server: &TestServer, body: Value) -> Reply {
    server
        .call(Method::POST, "/callback/ws/endpoint", None, Some(&body))
        .await
}

/// A fresh URL for the test app.
async fn url(server: &TestServer) -> String {
    let reply = endpoint(server, json!({"AppID": APP, "AppSecret": SECRET})).await;
    assert_eq!((reply.status, reply.code()), (200, 0), "{:#}", reply.body);
    reply.body["data"]["URL"].as_str().unwrap().to_owned()
}

/// The URL's query, in order.
fn query(url: &str) -> Vec<(String, String)> {
    let query = url.split_once('?').expect("a query").1;
    form_urlencoded::parse(query.as_bytes())
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect()
}

fn param(url: &str, key: &str) -> String {
    query(url)
        .into_iter()
        .find(|(k, _)| k == key)
        .unwrap_or_else(|| panic!("no {key} in {url}"))
        .1
}

/// `url` with the value of `key` replaced.
fn with_param(url: &str, key: &str, value: &str) -> String {
    let (base, _) = url.split_once('?').unwrap();
    let pairs: Vec<String> = query(url)
        .into_iter()
        .map(|(k, v)| format!("{k}={}", if k == key { value } else { &v }))
        .collect();
    format!("{base}?{}", pairs.join("&"))
}

async fn dial(url: &str) -> Socket {
    tokio_tungstenite::connect_async(url).await.unwrap().0
}

/// The HTTP answer to an upgrade the server refused.
async fn refused(url: &str) -> tungstenite::http::Response<Option<Vec<u8>>> {
    match tokio_tungstenite::connect_async(url).await {
        Err(tungstenite::Error::Http(response)) => *response,
        Err(other) => panic!("not an HTTP refusal: {other}"),
        Ok(_) => panic!("{url} was admitted"),
    }
}

fn header<'r>(response: &'r tungstenite::http::Response<Option<Vec<u8>>>, name: &str) -> &'r str {
    response
        .headers()
        .get(name)
        .unwrap_or_else(|| panic!("no {name} header"))
        .to_str()
        .unwrap()
}

async fn next_frame(socket: &mut Socket) -> Frame {
    loop {
        let message = tokio::time::timeout(std::time::Duration::from_secs(5), socket.next())
            .await
            .expect("an answer within 5 s")
            .expect("the socket is open")
            .unwrap();
        if let Message::Binary(bytes) = message {
            return Frame::decode(bytes.as_ref()).unwrap();
        }
    }
}

#[tokio::test]
async fn the_endpoint_answers_a_url_back_to_this_server_and_the_four_settings() {
    let server = TestServer::start(FIXTURE).await;
    let reply = endpoint(&server, json!({"AppID": APP, "AppSecret": SECRET})).await;
    assert_eq!((reply.status, reply.code()), (200, 0), "{:#}", reply.body);
    assert_eq!(
        reply.body["data"]["ClientConfig"],
        json!({"ReconnectCount": -1, "ReconnectInterval": 120, "ReconnectNonce": 30, "PingInterval": 120})
    );
    let url = reply.body["data"]["URL"].as_str().unwrap();
    let authority = server.base.strip_prefix("http://").unwrap();
    assert!(
        url.starts_with(&format!("ws://{authority}/ws/v2?")),
        "{url}"
    );

    // VENDOR: the Node SDK parses the whole URL as a query string, so neither device_id nor
    // service_id may come first; Python reads service_id as an int.
    let keys: Vec<String> = query(url).into_iter().map(|(key, _)| key).collect();
    assert_eq!(keys, ["fpid", "device_id", "service_id", "ticket"]);
    param(url, "service_id").parse::<i32>().unwrap();
    assert!(!param(url, "device_id").is_empty());
    assert!(param(url, "ticket").len() >= 32);
    assert_ne!(
        param(&self::url(&server).await, "device_id"),
        param(url, "device_id"),
        "every URL names a new connection"
    );
}

#[tokio::test]
async fn behind_a_tls_proxy_the_url_is_wss_at_the_host_the_client_used() {
    let server = TestServer::start(FIXTURE).await;
    let answer: Value = server
        .http
        .post(format!("{}/callback/ws/endpoint", server.base))
        .header("host", "open.example.test:8443")
        .header("x-forwarded-proto", "https")
        .json(&json!({"AppID": APP, "AppSecret": SECRET}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let url = answer["data"]["URL"].as_str().unwrap();
    assert!(
        url.starts_with("wss://open.example.test:8443/ws/v2?fpid="),
        "{url}"
    );
}

#[tokio::test]
async fn bad_credentials_are_a_refusal_both_sdks_take_as_final() {
    let server = TestServer::start(FIXTURE).await;
    for body in [
        json!({"AppID": APP, "AppSecret": "wrong"}),
        json!({"AppID": "cli_de30c0de0000ffff", "AppSecret": SECRET}),
        json!({}),
    ] {
        let reply = endpoint(&server, body.clone()).await;
        // VENDOR: Python retries code 1 and 1000040343 (and any HTTP error), Node 1000040343;
        // every other code stops both.
        assert_eq!((reply.status, reply.code()), (200, 10003), "{body}");
        let msg = reply.body["msg"].as_str().unwrap();
        assert!(msg.contains("AppID or AppSecret"), "{msg}");
        assert!(reply.body.get("data").is_none());
    }
    let reply = endpoint(
        &server,
        json!({"AppID": APP, "AppSecret": "", "ClientAssertion": "jwt"}),
    )
    .await;
    assert_eq!((reply.status, reply.code()), (200, 10003));
    assert!(
        reply.body["msg"]
            .as_str()
            .unwrap()
            .contains("client assertions are not supported")
    );
}

#[tokio::test]
async fn a_malformed_body_is_answered_in_the_vendors_envelope() {
    let server = TestServer::start(FIXTURE).await;
    for body in ["not json", "", r#"{"AppID": 7}"#] {
        let response = server
            .http
            .post(format!("{}/callback/ws/endpoint", server.base))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let answer: Value = response.json().await.expect("a JSON envelope");
        assert_eq!(answer["code"], 10003, "{answer}");
        assert!(
            answer["msg"]
                .as_str()
                .unwrap()
                .starts_with("the body must be JSON like"),
            "{answer}"
        );
    }
}

#[tokio::test]
async fn a_bad_ticket_is_refused_with_the_handshake_headers() {
    let server = TestServer::start(FIXTURE).await;
    let url = url(&server).await;
    let ticket = param(&url, "ticket");
    let mut tampered = ticket.clone().into_bytes();
    let last = tampered.len() - 2;
    tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
    let (base, _) = url.split_once('?').unwrap();
    for (case, bad) in [
        (
            "no ticket",
            format!("{base}?fpid=1&device_id=1&service_id=1"),
        ),
        ("garbage", with_param(&url, "ticket", "garbage")),
        (
            "tampered",
            with_param(&url, "ticket", std::str::from_utf8(&tampered).unwrap()),
        ),
        ("another device_id", with_param(&url, "device_id", "12345")),
    ] {
        let response = refused(&bad).await;
        assert_eq!(response.status(), 403, "{case}");
        // VENDOR: the Python SDK reads these headers and gives up on 403.
        assert_eq!(header(&response, "handshake-status"), "403", "{case}");
        assert!(
            header(&response, "handshake-msg").contains("ticket"),
            "{case}"
        );
    }
    // The good URL still works.
    dial(&url).await;
}

#[tokio::test]
async fn the_clients_ping_is_answered_with_the_four_settings() {
    let server = TestServer::start(FIXTURE).await;
    let url = url(&server).await;
    let service: i32 = param(&url, "service_id").parse().unwrap();
    let mut socket = dial(&url).await;
    // What both SDKs send on connecting and every PingInterval after.
    let ping = Frame {
        seq_id: 0,
        log_id: 0,
        service,
        method: 0,
        headers: vec![Header {
            key: "type".into(),
            value: "ping".into(),
        }],
        payload: None,
    };
    for _ in 0..2 {
        socket
            .send(Message::Binary(ping.encode_to_vec().into()))
            .await
            .unwrap();
        let pong = next_frame(&mut socket).await;
        assert_eq!((pong.method, pong.service), (0, service));
        assert_eq!(
            pong.headers,
            [Header {
                key: "type".into(),
                value: "pong".into()
            }]
        );
        let settings: Value = serde_json::from_slice(&pong.payload.unwrap()).unwrap();
        assert_eq!(
            settings,
            json!({"ReconnectCount": -1, "ReconnectInterval": 120, "ReconnectNonce": 30, "PingInterval": 120})
        );
    }

    // The WebSocket's own ping (the Python SDK's library sends one every 20 s) is answered too.
    socket
        .send(Message::Ping(b"alive?".to_vec().into()))
        .await
        .unwrap();
    let answer = tokio::time::timeout(std::time::Duration::from_secs(5), socket.next())
        .await
        .expect("a pong within 5 s")
        .unwrap()
        .unwrap();
    assert_eq!(answer, Message::Pong(b"alive?".to_vec().into()));
}

#[tokio::test]
async fn an_app_has_at_most_fifty_connections() {
    let server = TestServer::start(FIXTURE).await;
    let mut open = Vec::new();
    for _ in 0..50 {
        open.push(dial(&url(&server).await).await);
    }
    let over = url(&server).await;
    let response = refused(&over).await;
    assert_eq!(response.status(), 514);
    // VENDOR: the Python SDK gives up on 514 with this auth code.
    assert_eq!(header(&response, "handshake-status"), "514");
    assert_eq!(header(&response, "handshake-autherrcode"), "1000040350");
    assert!(header(&response, "handshake-msg").contains("50 long connections"));

    // Once one closes, there is room again.
    let mut closed = open.pop().unwrap();
    closed.close(None).await.unwrap();
    while closed.next().await.is_some() {}
    for _ in 0..50 {
        if tokio_tungstenite::connect_async(over.as_str())
            .await
            .is_ok()
        {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("a closed connection still counts against the limit");
}

#[tokio::test]
async fn the_journal_keeps_both_operations_without_their_secrets() {
    let server = TestServer::start(FIXTURE).await;
    let url = url(&server).await;
    let ticket = param(&url, "ticket");
    dial(&url).await;

    let listed = server
        .call(
            Method::GET,
            "/_openwork/v1/requests?app_id=cli_de30c0de00000001",
            Some(ADMIN_TOKEN),
            None,
        )
        .await;
    let entries = listed.body["entries"].as_array().unwrap();
    let text = listed.body.to_string();
    assert!(!text.contains(SECRET) && !text.contains(&ticket), "{text}");
    let operation = |name: &str| {
        entries
            .iter()
            .find(|entry| entry["operation"] == name)
            .unwrap_or_else(|| panic!("no {name} in {text}"))
    };
    let endpoint = operation("long_connection.endpoint");
    assert_eq!(
        (endpoint["api"].as_str(), endpoint["status"].as_u64()),
        (Some("feishu"), Some(200))
    );
    assert_eq!(endpoint["code"], 0);
    let connect = operation("long_connection.connect");
    assert_eq!(
        (connect["api"].as_str(), connect["status"].as_u64()),
        (Some("feishu"), Some(101))
    );
    assert!(
        connect["query"]
            .as_str()
            .unwrap()
            .contains("ticket=<redacted>")
    );
}
