//! The Feishu long connection: the server side of the official SDKs' event clients (Python
//! `lark.ws.Client`, Node `WSClient`), which receive events over a WebSocket they open
//! themselves instead of at a webhook (docs/design/events-protocol.md, section 3).
//!
//! A client first trades its app's credentials for a WebSocket URL (`endpoint`), then dials it
//! (`session`); frames on the socket are the SDKs' protobuf (`frame`). Each replica keeps the
//! connections open on it (`registry`); a URL carries a signed ticket (`ticket`), so any
//! replica can admit a client whichever replica answered its endpoint call.

mod endpoint;
mod frame;
mod registry;
mod session;
mod ticket;

use std::time::Duration;

use openwork_wire::feishu::long_connection::ClientConfig;

use crate::middleware::body_limit;
use crate::routes::{Routes, get, post};
pub use registry::{LongConnections, Push};
pub use session::ConnectQuery;

/// Where the SDKs ask for the URL (`{domain}/callback/ws/endpoint` in both).
pub const ENDPOINT_PATH: &str = "/callback/ws/endpoint";
/// The WebSocket's path, in the URL the endpoint answers.
pub const CONNECT_PATH: &str = "/ws/v2";
/// The `service_id` of the URL and of every frame. VENDOR: Python requires it and reads it as
/// an int (its pings carry `int(service_id)`); its value means nothing to either SDK.
const SERVICE_ID: i32 = 1;

/// How clients are told to behave, and how pushes are sent.
#[derive(Clone, Debug)]
pub struct LongConnectionSettings {
    /// Seconds between the client's pings (`PingInterval`).
    pub ping_interval_s: u32,
    /// Seconds between the client's reconnect attempts (`ReconnectInterval`).
    pub reconnect_interval_s: u32,
    /// Up to this many seconds of random delay before a client's first reconnect attempt
    /// (`ReconnectNonce`).
    pub reconnect_nonce_s: u32,
    /// How many reconnect attempts a client makes; -1 means forever (`ReconnectCount`).
    pub reconnect_count: i32,
    /// How long a push waits for the client's ack.
    pub ack_timeout: Duration,
    /// At most this many bytes of an event per frame; larger events are split.
    pub fragment_bytes: usize,
}

impl Default for LongConnectionSettings {
    /// The SDKs' own defaults for the four client settings (Python `ws/client.py`, Node
    /// `WSClient`); the vendor's 3 s to process an event; fragments far below the Python
    /// SDK's 1 MiB limit on a WebSocket message.
    fn default() -> Self {
        Self {
            ping_interval_s: 120,
            reconnect_interval_s: 120,
            reconnect_nonce_s: 30,
            reconnect_count: -1,
            ack_timeout: Duration::from_secs(3),
            fragment_bytes: 256 * 1024,
        }
    }
}

impl LongConnectionSettings {
    /// The four client settings as the endpoint and every pong send them.
    pub fn client_config(&self) -> ClientConfig {
        ClientConfig {
            reconnect_count: self.reconnect_count,
            reconnect_interval: self.reconnect_interval_s,
            reconnect_nonce: self.reconnect_nonce_s,
            ping_interval: self.ping_interval_s,
        }
    }
}

/// The endpoint and the WebSocket. Neither takes a token: the endpoint checks the app's
/// credentials, and the WebSocket its URL's ticket.
pub fn routes() -> Routes {
    Routes::new()
        .route(
            ENDPOINT_PATH,
            // The app's credentials, read before anyone is authenticated.
            post(endpoint::endpoint)
                .layered(|route| body_limit::on_route(route, body_limit::TOKEN_BODY_BYTES)),
        )
        .route(CONNECT_PATH, get(session::connect))
}

#[cfg(test)]
mod tests;
