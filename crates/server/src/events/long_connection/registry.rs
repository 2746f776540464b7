//! This replica's open long connections, by app, and the pushes waiting for their acks.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use openwork_platform::ids::{AppId, TenantKey, random_hex32};
use rand::seq::SliceRandom;
use serde::Deserialize;
use tokio::sync::{mpsc, oneshot, watch};

use super::frame::{Delivery, Frame};
use super::{LongConnectionSettings, SERVICE_ID};

/// VENDOR: at most 50 connections per app; the 51st is refused.
pub const MAX_CONNECTIONS_PER_APP: usize = 50;

/// How many batches of frames may wait for a connection's writer before a push waits too.
const OUTGOING_QUEUE: usize = 64;

/// The outcome of one push.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Push {
    /// The app has no open connection on this replica.
    NoConnection,
    /// The client answered. `code` 200 is a delivery; anything else is the client saying its
    /// handler failed (the Python SDK answers 500 when the handler raised or no handler is
    /// registered for the event type).
    Acknowledged {
        /// The connection's `device_id`.
        connection: String,
        code: i64,
        /// The ack's payload as the client sent it.
        answer: String,
    },
    /// The event may or may not have reached the client's handler, but no usable answer came.
    NotAcknowledged { connection: String, reason: String },
}

/// This replica's long connections. Cloning shares them.
#[derive(Clone)]
pub struct LongConnections {
    inner: Arc<Inner>,
}

struct Inner {
    settings: LongConnectionSettings,
    /// Every open connection, by app; an app with none has no entry.
    apps: Mutex<HashMap<AppId, Vec<Arc<Connection>>>>,
    next_id: AtomicU64,
    /// Becomes true once, when the server shuts down; every session watches it.
    closing: watch::Sender<bool>,
}

impl LongConnections {
    pub fn new(settings: LongConnectionSettings) -> Self {
        Self {
            inner: Arc::new(Inner {
                settings,
                apps: Mutex::new(HashMap::new()),
                next_id: AtomicU64::new(1),
                closing: watch::Sender::new(false),
            }),
        }
    }

    pub(super) fn settings(&self) -> &LongConnectionSettings {
        &self.inner.settings
    }

    /// Apps (with their tenant) that have at least one open connection on this replica.
    pub fn connected_apps(&self) -> Vec<(TenantKey, AppId)> {
        let apps = self.inner.apps.lock().expect("connections lock");
        apps.values()
            .filter_map(|connections| connections.first())
            .map(|connection| (connection.tenant_key.clone(), connection.app_id.clone()))
            .collect()
    }

    /// Sends the v2.0 envelope (JSON bytes) to one of `app`'s connections here, chosen at
    /// random, and waits for its ack (at most `ack_timeout`). VENDOR: the platform delivers
    /// each event to one connection of the app, all weighing the same, never to all of them.
    pub async fn push(&self, app: &AppId, envelope: &[u8]) -> Push {
        let chosen = {
            let apps = self.inner.apps.lock().expect("connections lock");
            apps.get(app)
                .and_then(|connections| connections.choose(&mut rand::thread_rng()))
                .cloned()
        };
        match chosen {
            Some(connection) => connection.deliver(envelope, &self.inner.settings).await,
            None => Push::NoConnection,
        }
    }

    /// Closes every connection (server shutdown), so that clients reconnect elsewhere.
    pub fn close_all(&self) {
        self.inner.closing.send_replace(true);
    }

    /// Records a new connection of `app`, unless the app already has as many as the vendor
    /// allows. The connection stays recorded while the returned [`Registered`] lives; its
    /// writer reads the frames to send from the receiver.
    pub(super) fn register(
        &self,
        tenant_key: TenantKey,
        app_id: AppId,
        device_id: String,
    ) -> Result<(Registered, mpsc::Receiver<Vec<Frame>>), TooManyConnections> {
        let mut apps = self.inner.apps.lock().expect("connections lock");
        let connections = apps.entry(app_id.clone()).or_default();
        if connections.len() >= MAX_CONNECTIONS_PER_APP {
            return Err(TooManyConnections);
        }
        let (outgoing, receiver) = mpsc::channel(OUTGOING_QUEUE);
        let connection = Arc::new(Connection {
            id: self.inner.next_id.fetch_add(1, Ordering::Relaxed),
            tenant_key,
            app_id,
            device_id,
            outgoing,
            waiting: Mutex::new(Waiting::default()),
            next_seq_id: AtomicU64::new(1),
            next_log_id: AtomicU64::new(1),
        });
        connections.push(Arc::clone(&connection));
        let registered = Registered {
            connections: self.clone(),
            connection,
        };
        Ok((registered, receiver))
    }

    fn unregister(&self, connection: &Connection) {
        let mut apps = self.inner.apps.lock().expect("connections lock");
        if let Some(connections) = apps.get_mut(&connection.app_id) {
            connections.retain(|open| open.id != connection.id);
            if connections.is_empty() {
                apps.remove(&connection.app_id);
            }
        }
    }
}

/// The app already has [`MAX_CONNECTIONS_PER_APP`] connections here.
#[derive(Debug)]
pub(super) struct TooManyConnections;

/// A recorded connection. Dropping it — when its session ends, or when the upgrade never
/// happens — forgets the connection and fails every push still waiting on it.
pub(super) struct Registered {
    connections: LongConnections,
    connection: Arc<Connection>,
}

impl Registered {
    pub fn connection(&self) -> &Connection {
        &self.connection
    }

    pub(super) fn settings(&self) -> &LongConnectionSettings {
        self.connections.settings()
    }

    /// Whether the server is shutting down, to wait on.
    pub fn closing(&self) -> watch::Receiver<bool> {
        self.connections.inner.closing.subscribe()
    }
}

impl Drop for Registered {
    fn drop(&mut self) {
        self.connections.unregister(&self.connection);
        self.connection.close();
    }
}

/// One open connection.
pub(super) struct Connection {
    /// Tells apart connections that share a `device_id` (a URL dialled twice).
    id: u64,
    tenant_key: TenantKey,
    app_id: AppId,
    device_id: String,
    outgoing: mpsc::Sender<Vec<Frame>>,
    waiting: Mutex<Waiting>,
    next_seq_id: AtomicU64,
    next_log_id: AtomicU64,
}

/// The pushes waiting for an ack, by `message_id`.
#[derive(Default)]
struct Waiting {
    /// Set once the connection is gone: no push may wait on it any more.
    closed: bool,
    acks: HashMap<String, oneshot::Sender<Push>>,
}

/// The part of an ack's payload that matters. VENDOR: Python writes `{"code": 200}` (with a
/// space) and Node `{"code":200}`, either possibly with `data`, so it is parsed, not compared.
#[derive(Deserialize)]
struct AckPayload {
    code: i64,
}

impl Connection {
    pub fn device_id(&self) -> &str {
        &self.device_id
    }

    pub fn app_id(&self) -> &AppId {
        &self.app_id
    }

    async fn deliver(&self, envelope: &[u8], settings: &LongConnectionSettings) -> Push {
        let message_id = random_hex32();
        let (answer, answered) = oneshot::channel();
        {
            let mut waiting = self.waiting.lock().expect("waiting lock");
            if waiting.closed {
                return self.closed();
            }
            waiting.acks.insert(message_id.clone(), answer);
        }
        let frames = Delivery {
            service: SERVICE_ID,
            message_id: &message_id,
            trace_id: &random_hex32(),
            log_id: self.next_log_id.fetch_add(1, Ordering::Relaxed),
            fragment_bytes: settings.fragment_bytes,
        }
        .frames(envelope);
        let frames = self.number(frames);
        let sent_and_answered = async {
            self.outgoing.send(frames).await.ok()?;
            answered.await.ok()
        };
        match tokio::time::timeout(settings.ack_timeout, sent_and_answered).await {
            Ok(Some(push)) => push,
            Ok(None) => self.closed(),
            Err(_) => {
                let mut waiting = self.waiting.lock().expect("waiting lock");
                waiting.acks.remove(&message_id);
                Push::NotAcknowledged {
                    connection: self.device_id.clone(),
                    reason: format!("no answer within {}", seconds(settings.ack_timeout)),
                }
            }
        }
    }

    /// Gives the frames this connection's next `SeqID`s. VENDOR: the SDKs echo them in the ack
    /// and never interpret them; the Node SDK reads them as JS numbers, and a counter stays far
    /// below 2^53.
    fn number(&self, mut frames: Vec<Frame>) -> Vec<Frame> {
        let first = self
            .next_seq_id
            .fetch_add(frames.len() as u64, Ordering::Relaxed);
        for (offset, frame) in frames.iter_mut().enumerate() {
            frame.seq_id = first + offset as u64;
        }
        frames
    }

    /// Hands the client's ack to the push waiting for it (none, when it came too late).
    pub fn acknowledge(&self, message_id: &str, payload: &[u8]) {
        let waiter = self
            .waiting
            .lock()
            .expect("waiting lock")
            .acks
            .remove(message_id);
        let Some(waiter) = waiter else {
            tracing::debug!(
                device_id = %self.device_id,
                message_id,
                "an ack for no waiting push (it came after the push gave up)"
            );
            return;
        };
        let answer = String::from_utf8_lossy(payload).into_owned();
        let push = match serde_json::from_slice::<AckPayload>(payload) {
            Ok(ack) => Push::Acknowledged {
                connection: self.device_id.clone(),
                code: ack.code,
                answer,
            },
            Err(_) => Push::NotAcknowledged {
                connection: self.device_id.clone(),
                reason: format!(
                    "the client answered {answer:?}, not a JSON object with a numeric \"code\""
                ),
            },
        };
        let _ = waiter.send(push);
    }

    /// Fails every waiting push and every later one: the connection is gone.
    fn close(&self) {
        let mut waiting = self.waiting.lock().expect("waiting lock");
        waiting.closed = true;
        // Dropping the senders wakes their pushes, which then report the closed connection.
        waiting.acks.clear();
    }

    fn closed(&self) -> Push {
        Push::NotAcknowledged {
            connection: self.device_id.clone(),
            reason: "the connection closed".to_owned(),
        }
    }
}

/// A timeout in words: "3 s", or "250 ms" when it is not whole seconds.
fn seconds(duration: Duration) -> String {
    if duration.subsec_millis() == 0 {
        format!("{} s", duration.as_secs())
    } else {
        format!("{} ms", duration.as_millis())
    }
}
