//! Pushes through a real server (127.0.0.1, port 0) to WebSocket clients that behave as the
//! SDKs do: the dispatcher that will call `push` does not exist yet, so the registry is reached
//! here, beside the server's state.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::{SinkExt, StreamExt};
use openwork_platform::ids::AppId;
use prost::Message as _;
use serde_json::Value;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use super::frame::{self, Frame, Header};
use super::{LongConnectionSettings, LongConnections, Push};
use crate::services::Services;
use crate::state::AppState;

const APP: &str = "cli_de30c0de00000001";
const SECRET: &str = "long-connection-secret";
const FIXTURE: &str = "version: 1
tenants:
  - tenant_key: events
    apps: [{ app_id: cli_de30c0de00000001, app_secret: long-connection-secret }]
";
const ENVELOPE: &[u8] = br#"{"schema":"2.0","header":{"event_id":"e1","event_type":"contact.user.created_v3"},"event":{"object":{"name":"A"}}}"#;

/// A server whose long connections the test holds.
struct Harness {
    base: String,
    connections: LongConnections,
}

impl Harness {
    async fn start(settings: LongConnectionSettings) -> Self {
        let services = Services::open("sqlite::memory:").await.unwrap();
        services.load_fixture(FIXTURE).await.unwrap();
        let connections = LongConnections::new(settings);
        let state = AppState::for_tests(services, connections.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(crate::http::serve(
            listener,
            crate::router(state),
            crate::http::ConnectionLimits {
                header_timeout: std::time::Duration::from_secs(30),
                max_connections: 100,
            },
            std::future::pending(),
        ));
        Self { base, connections }
    }

    /// A client connected with a fresh URL from the endpoint.
    async fn dial(&self) -> Client {
        let answer: Value = reqwest::Client::new()
            .post(format!("{}/callback/ws/endpoint", self.base))
            .json(&serde_json::json!({"AppID": APP, "AppSecret": SECRET}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let url = answer["data"]["URL"].as_str().expect("a URL").to_owned();
        let device_id = url
            .split(['?', '&'])
            .find_map(|pair| pair.strip_prefix("device_id="))
            .unwrap()
            .to_owned();
        let (socket, _) = tokio_tungstenite::connect_async(url.as_str())
            .await
            .unwrap();
        Client { socket, device_id }
    }

    /// Pushes in the background, as the dispatcher will.
    fn push(&self, envelope: &'static [u8]) -> tokio::task::JoinHandle<Push> {
        let connections = self.connections.clone();
        tokio::spawn(async move { connections.push(&AppId::from(APP), envelope).await })
    }
}

struct Client {
    socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
    device_id: String,
}

impl Client {
    /// The next frame from the server.
    async fn frame(&mut self) -> Frame {
        loop {
            let message = tokio::time::timeout(Duration::from_secs(5), self.socket.next())
                .await
                .expect("a frame within 5 s")
                .expect("the socket is open")
                .expect("a message");
            if let Message::Binary(bytes) = message {
                return Frame::decode(bytes.as_ref()).expect("a pbbp2 frame");
            }
        }
    }

    /// What the SDKs do: send back the frame with its payload replaced by the answer.
    async fn ack(&mut self, mut frame: Frame, answer: &str) {
        frame.headers.push(Header {
            key: "biz_rt".into(),
            value: "1".into(),
        });
        frame.payload = Some(answer.as_bytes().to_vec());
        self.socket
            .send(Message::Binary(frame.encode_to_vec().into()))
            .await
            .unwrap();
    }
}

fn headers(frame: &Frame) -> HashMap<&str, &str> {
    frame
        .headers
        .iter()
        .map(|h| (h.key.as_str(), h.value.as_str()))
        .collect()
}

fn quick_acks() -> LongConnectionSettings {
    LongConnectionSettings {
        ack_timeout: Duration::from_millis(300),
        ..LongConnectionSettings::default()
    }
}

#[tokio::test]
async fn a_push_reaches_the_client_and_its_ack_comes_back() {
    let harness = Harness::start(LongConnectionSettings::default()).await;
    assert_eq!(
        harness.connections.push(&AppId::from(APP), ENVELOPE).await,
        Push::NoConnection
    );
    let mut client = harness.dial().await;
    let apps = harness.connections.connected_apps();
    assert_eq!(apps.len(), 1);
    assert_eq!((apps[0].0.as_str(), apps[0].1.as_str()), ("events", APP));

    let push = harness.push(ENVELOPE);
    let frame = client.frame().await;
    assert_eq!(frame.method, frame::DATA);
    let seen = headers(&frame);
    assert_eq!(seen.len(), 5, "{seen:?}");
    assert_eq!(seen["type"], "event");
    assert_eq!((seen["sum"], seen["seq"]), ("1", "0"));
    assert!(!seen["message_id"].is_empty() && !seen["trace_id"].is_empty());
    assert_eq!(frame.payload.as_deref(), Some(ENVELOPE));
    let first_message_id = seen["message_id"].to_owned();
    // The Python SDK's spacing.
    client.ack(frame, r#"{"code": 200}"#).await;
    assert_eq!(
        push.await.unwrap(),
        Push::Acknowledged {
            connection: client.device_id.clone(),
            code: 200,
            answer: r#"{"code": 200}"#.into(),
        }
    );

    // A failed handler is an answer too, which the dispatcher does not count as delivered;
    // each attempt has a fresh message_id.
    let push = harness.push(ENVELOPE);
    let second = client.frame().await;
    assert_ne!(headers(&second)["message_id"], first_message_id);
    client.ack(second, r#"{"code":500}"#).await;
    assert!(matches!(
        push.await.unwrap(),
        Push::Acknowledged { code: 500, .. }
    ));
}

#[tokio::test]
async fn a_push_without_an_ack_gives_up_after_the_timeout() {
    let harness = Harness::start(quick_acks()).await;
    let mut client = harness.dial().await;
    let started = Instant::now();
    let push = harness.push(ENVELOPE);
    let frame = client.frame().await;
    let outcome = push.await.unwrap();
    let waited = started.elapsed();
    assert_eq!(
        outcome,
        Push::NotAcknowledged {
            connection: client.device_id.clone(),
            reason: "no answer within 300 ms".into(),
        }
    );
    assert!(
        waited >= Duration::from_millis(300) && waited < Duration::from_secs(2),
        "{waited:?}"
    );
    // A late ack is dropped, and the connection goes on serving.
    client.ack(frame, r#"{"code":200}"#).await;
    let push = harness.push(ENVELOPE);
    let frame = client.frame().await;
    client.ack(frame, r#"{"code":200}"#).await;
    assert!(matches!(
        push.await.unwrap(),
        Push::Acknowledged { code: 200, .. }
    ));
}

#[tokio::test]
async fn a_connection_that_closes_fails_its_waiting_push_at_once() {
    let harness = Harness::start(LongConnectionSettings {
        ack_timeout: Duration::from_secs(30),
        ..LongConnectionSettings::default()
    })
    .await;
    let mut client = harness.dial().await;
    let device_id = client.device_id.clone();
    let push = harness.push(ENVELOPE);
    client.frame().await;
    let started = Instant::now();
    drop(client);
    let outcome = tokio::time::timeout(Duration::from_secs(5), push)
        .await
        .expect("the push ends long before its 30 s timeout")
        .unwrap();
    assert_eq!(
        outcome,
        Push::NotAcknowledged {
            connection: device_id,
            reason: "the connection closed".into(),
        }
    );
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(harness.connections.connected_apps().is_empty());
    assert_eq!(
        harness.connections.push(&AppId::from(APP), ENVELOPE).await,
        Push::NoConnection
    );
}

#[tokio::test]
async fn a_large_event_arrives_in_fragments_that_join() {
    let harness = Harness::start(LongConnectionSettings {
        fragment_bytes: 32,
        ..LongConnectionSettings::default()
    })
    .await;
    let mut client = harness.dial().await;
    let push = harness.push(ENVELOPE);
    let expected = ENVELOPE.len().div_ceil(32);
    let mut parts = vec![Vec::new(); expected];
    let mut last = None;
    for _ in 0..expected {
        let frame = client.frame().await;
        let seen = headers(&frame);
        assert_eq!(seen["sum"], expected.to_string());
        let seq: usize = seen["seq"].parse().unwrap();
        parts[seq] = frame.payload.clone().unwrap();
        last = Some(frame);
    }
    assert_eq!(parts.concat(), ENVELOPE);
    // VENDOR: only the frame that completes the message is acknowledged.
    client.ack(last.unwrap(), r#"{"code":200}"#).await;
    assert!(matches!(
        push.await.unwrap(),
        Push::Acknowledged { code: 200, .. }
    ));
}

#[tokio::test]
async fn pushes_spread_over_an_apps_connections_each_to_one() {
    let harness = Harness::start(LongConnectionSettings::default()).await;
    let mut clients = Vec::new();
    let mut received = Vec::new();
    for _ in 0..2 {
        let mut client = harness.dial().await;
        let device_id = client.device_id.clone();
        let count = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counted = Arc::clone(&count);
        clients.push(tokio::spawn(async move {
            loop {
                let frame = client.frame().await;
                counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                client.ack(frame, r#"{"code":200}"#).await;
            }
        }));
        received.push((device_id, count));
    }
    const PUSHES: usize = 40;
    let mut by_connection: HashMap<String, usize> = HashMap::new();
    for _ in 0..PUSHES {
        match harness.connections.push(&AppId::from(APP), ENVELOPE).await {
            Push::Acknowledged { connection, .. } => {
                *by_connection.entry(connection).or_default() += 1
            }
            other => panic!("{other:?}"),
        }
    }
    for (device_id, count) in &received {
        let frames = count.load(std::sync::atomic::Ordering::SeqCst);
        assert_eq!(by_connection.get(device_id).copied().unwrap_or(0), frames);
        // 40 fair coin flips all landing one way: about 1 in 5·10^11.
        assert!(frames > 0, "{device_id} got none of {PUSHES} pushes");
    }
    assert_eq!(by_connection.values().sum::<usize>(), PUSHES);
    for client in clients {
        client.abort();
    }
}

#[tokio::test]
async fn closing_all_tells_the_clients_to_go_elsewhere() {
    let harness = Harness::start(LongConnectionSettings::default()).await;
    let mut client = harness.dial().await;
    harness.connections.close_all();
    let message = tokio::time::timeout(Duration::from_secs(5), client.socket.next())
        .await
        .expect("closed within 5 s")
        .expect("a close frame")
        .unwrap();
    let Message::Close(Some(close)) = message else {
        panic!("{message:?}")
    };
    assert_eq!(u16::from(close.code), 1001);
    for _ in 0..50 {
        if harness.connections.connected_apps().is_empty() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the closed connection is still recorded");
}
