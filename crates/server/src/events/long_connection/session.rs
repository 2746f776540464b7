//! `GET /ws/v2`: the WebSocket a client dials with the URL the endpoint answered, and the
//! session on it — pongs to the client's pings, events out, acks in.

use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade, close_code};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use futures::{SinkExt, StreamExt};
use http::{HeaderValue, StatusCode};
use prost::Message as _;
use schemars::JsonSchema;
use serde::Deserialize;
use tokio::sync::{mpsc, watch};
use tokio::time::Instant;

use super::frame::{self, Frame};
use super::registry::{MAX_CONNECTIONS_PER_APP, Registered};
use super::ticket::{self, Refused};
use crate::journal::{self, explain};
use crate::state::AppState;

/// The journal's name for this operation.
const OPERATION: &str = "long_connection.connect";

/// VENDOR: the Python SDK reads why an upgrade was refused from these response headers
/// (`ws/const.py`): 403 and (514 with auth code 1000040350) are final, anything else is retried.
/// The Node SDK ignores them and retries every failure.
const HANDSHAKE_STATUS: &str = "handshake-status";
const HANDSHAKE_MSG: &str = "handshake-msg";
const HANDSHAKE_AUTH_ERRCODE: &str = "handshake-autherrcode";
/// The vendor's answer to a connection over the app's limit.
const AUTH_FAILED: u16 = 514;
const EXCEED_CONN_LIMIT: u32 = 1_000_040_350;

/// The query of the URL the endpoint answers (`fpid` and `service_id` are there for the SDKs
/// and not read back).
#[derive(Debug, Deserialize, JsonSchema)]
pub struct ConnectQuery {
    /// The connection's name (the SDKs log it as `conn_id`).
    #[serde(default)]
    pub device_id: String,
    /// The proof the endpoint issued for this app and `device_id`, valid 5 minutes.
    #[serde(default)]
    pub ticket: String,
}

/// `GET /ws/v2?…&device_id=…&ticket=…`.
pub async fn connect(
    State(state): State<AppState>,
    Query(query): Query<ConnectQuery>,
    upgrade: Result<WebSocketUpgrade, axum::extract::ws::rejection::WebSocketUpgradeRejection>,
) -> Response {
    journal::note_operation(OPERATION);
    let platform = &state.services.platform;
    let ticket = match ticket::read(&query.ticket) {
        Ok(ticket) => ticket,
        Err(refused) => return refuse(StatusCode::FORBIDDEN, refused.message(), None),
    };
    journal::note_app(ticket.app_id.as_str());
    let app = match platform.app(&ticket.app_id).await {
        Ok(Some(app)) => app,
        Ok(None) => return refuse(StatusCode::FORBIDDEN, Refused::Forged.message(), None),
        Err(err) => {
            tracing::error!(%err, "checking a long connection's ticket");
            // Any status but 403 and 514 makes the Python SDK retry.
            return refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                &explain::internal(),
                None,
            );
        }
    };
    if let Err(refused) = ticket.check(platform.keys(), &app, &query.device_id, platform.real_now())
    {
        return refuse(StatusCode::FORBIDDEN, refused.message(), None);
    }
    let upgrade = match upgrade {
        Ok(upgrade) => upgrade,
        Err(rejection) => {
            let msg = "this is the long connection's WebSocket: dial it with a WebSocket client";
            journal::explain(msg.to_owned());
            return (rejection.status(), msg).into_response();
        }
    };
    let registered = state.long_connections.register(
        app.tenant_key.clone(),
        app.app_id.clone(),
        query.device_id.clone(),
    );
    let Ok((registered, outgoing)) = registered else {
        let msg = format!(
            "the app {} already has {MAX_CONNECTIONS_PER_APP} long connections, the most the \
             vendor allows; close one first",
            app.app_id
        );
        return refuse(
            StatusCode::from_u16(AUTH_FAILED).expect("a valid status"),
            &msg,
            Some(EXCEED_CONN_LIMIT),
        );
    };
    // `registered` moves into the session; should the upgrade never complete, dropping the
    // callback drops it, which forgets the connection.
    upgrade.on_upgrade(move |socket| run(socket, registered, outgoing))
}

/// A refused upgrade, as both the journal and the Python SDK read it.
fn refuse(status: StatusCode, msg: &str, auth_errcode: Option<u32>) -> Response {
    journal::explain(msg.to_owned());
    let mut response = (status, msg.to_owned()).into_response();
    let headers = response.headers_mut();
    headers.insert(HANDSHAKE_STATUS, HeaderValue::from(status.as_u16()));
    headers.insert(
        HANDSHAKE_MSG,
        HeaderValue::from_str(msg).expect("refusals are printable ASCII"),
    );
    if let Some(code) = auth_errcode {
        headers.insert(HANDSHAKE_AUTH_ERRCODE, HeaderValue::from(code));
    }
    response
}

/// How long a connection may stay silent before it is taken for dead. Both SDKs ping every
/// `PingInterval` seconds, so three intervals without a word means the peer is gone without
/// closing (pushes to it would otherwise time out forever, one in every N).
fn silence_limit(ping_interval_s: u32) -> Duration {
    Duration::from_secs(u64::from(ping_interval_s.max(1)) * 3)
}

/// One connection's life: frames queued by pushes go out; the client's pings are answered at
/// once and its acks handed to their pushes; the socket is read all along, so that WebSocket
/// pings are answered too (the Python SDK's websockets library sends one every 20 s and drops
/// the connection when no pong comes). Ends when either side closes, the client goes silent,
/// or the server shuts down; dropping `registered` then fails the pushes still waiting.
async fn run(socket: WebSocket, registered: Registered, mut outgoing: mpsc::Receiver<Vec<Frame>>) {
    let connection = registered.connection();
    let settings = registered.settings();
    let pong_payload =
        serde_json::to_vec(&settings.client_config()).expect("the client config serialises");
    let silence = silence_limit(settings.ping_interval_s);
    let mut closing = registered.closing();
    let (mut sink, mut stream) = socket.split();
    let mut heard_at = Instant::now();
    let why = 'session: loop {
        tokio::select! {
            frames = outgoing.recv() => {
                let Some(frames) = frames else { break "its queue closed" };
                for frame in frames {
                    let bytes = frame.encode_to_vec();
                    if sink.send(Message::Binary(bytes.into())).await.is_err() {
                        break 'session "the client went away";
                    }
                }
            }
            incoming = stream.next() => {
                heard_at = Instant::now();
                let message = match incoming {
                    Some(Ok(message)) => message,
                    Some(Err(_)) | None => break "the client went away",
                };
                let Message::Binary(bytes) = message else {
                    if matches!(message, Message::Close(_)) {
                        break "the client closed the connection";
                    }
                    // WebSocket pings are answered by the library; text is not this protocol.
                    continue;
                };
                let Ok(frame) = Frame::decode(bytes.as_ref()) else {
                    tracing::debug!(device_id = connection.device_id(), "a message that is not a frame");
                    continue;
                };
                match (frame.method, frame.header(frame::TYPE)) {
                    (frame::CONTROL, Some(frame::PING)) => {
                        let pong = Frame::pong(frame.service, pong_payload.clone());
                        if sink.send(Message::Binary(pong.encode_to_vec().into())).await.is_err() {
                            break "the client went away";
                        }
                    }
                    (frame::DATA, _) => match frame.header(frame::MESSAGE_ID) {
                        Some(message_id) => connection
                            .acknowledge(message_id, frame.payload.as_deref().unwrap_or_default()),
                        None => tracing::debug!(device_id = connection.device_id(), "an ack without a message_id"),
                    },
                    _ => {}
                }
            }
            () = tokio::time::sleep_until(heard_at + silence) => {
                break "the client was silent for three ping intervals";
            }
            () = shutting_down(&mut closing) => {
                let close = CloseFrame {
                    code: close_code::AWAY,
                    reason: "the server is shutting down".into(),
                };
                let _ = sink.send(Message::Close(Some(close))).await;
                break "the server is shutting down";
            }
        }
    };
    tracing::debug!(
        app_id = %connection.app_id(),
        device_id = connection.device_id(),
        why,
        "a long connection ended"
    );
}

/// Resolves once the server starts shutting down.
async fn shutting_down(closing: &mut watch::Receiver<bool>) {
    // The guard `wait_for` answers is not `Send`: it must not live across the session's awaits.
    let _ = closing.wait_for(|closing| *closing).await;
}
