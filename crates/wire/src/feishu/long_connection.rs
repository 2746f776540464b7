//! The long connection's endpoint discovery, `POST /callback/ws/endpoint`: the official SDKs'
//! event clients (Python `lark.ws.Client`, Node `WSClient`) ask it for the WebSocket URL to dial.
//! VENDOR: unlike the open APIs, its keys are PascalCase (the SDKs' `ws/model.py` names them so),
//! and every duration is in seconds.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What the SDKs send: the app's credentials. With a client assertion, `AppSecret` is empty and
/// `ClientAssertion` carries the assertion instead.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct EndpointRequest {
    #[serde(rename = "AppID", default)]
    pub app_id: String,
    #[serde(rename = "AppSecret", default)]
    pub app_secret: String,
    #[serde(
        rename = "ClientAssertion",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub client_assertion: Option<String>,
}

/// The answer: `{"code","msg","data"}` with lower-case keys around a PascalCase `data`. A
/// refusal has a non-zero `code` and no `data`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct EndpointResponse {
    pub code: i64,
    pub msg: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Endpoint>,
}

/// Where to connect, and how the client should behave.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Endpoint {
    /// The WebSocket URL to dial as it is (`ws://` or `wss://`), credentials included.
    #[serde(rename = "URL")]
    pub url: String,
    #[serde(rename = "ClientConfig")]
    pub client_config: ClientConfig,
}

/// The client's reconnect and ping settings, in the endpoint's answer and in every pong.
/// VENDOR: all four are always sent; the Python SDK assigns each one, so a missing field would
/// become `None` and break its sleeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ClientConfig {
    /// How many times to try reconnecting; -1 means forever.
    #[serde(rename = "ReconnectCount")]
    pub reconnect_count: i32,
    /// Seconds between reconnect attempts.
    #[serde(rename = "ReconnectInterval")]
    pub reconnect_interval: u32,
    /// Up to this many seconds of random delay before the first reconnect attempt.
    #[serde(rename = "ReconnectNonce")]
    pub reconnect_nonce: u32,
    /// Seconds between the client's pings.
    #[serde(rename = "PingInterval")]
    pub ping_interval: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_answer_is_cased_as_the_sdks_read_it() {
        let answer = EndpointResponse {
            code: 0,
            msg: "ok".into(),
            data: Some(Endpoint {
                url: "ws://h/ws/v2?fpid=1".into(),
                client_config: ClientConfig {
                    reconnect_count: -1,
                    reconnect_interval: 120,
                    reconnect_nonce: 30,
                    ping_interval: 120,
                },
            }),
        };
        assert_eq!(
            serde_json::to_string(&answer).unwrap(),
            r#"{"code":0,"msg":"ok","data":{"URL":"ws://h/ws/v2?fpid=1","ClientConfig":{"ReconnectCount":-1,"ReconnectInterval":120,"ReconnectNonce":30,"PingInterval":120}}}"#
        );
    }

    #[test]
    fn the_python_sdks_request_reads() {
        let request: EndpointRequest =
            serde_json::from_str(r#"{"AppID": "cli_a", "AppSecret": "s"}"#).unwrap();
        assert_eq!(
            request,
            EndpointRequest {
                app_id: "cli_a".into(),
                app_secret: "s".into(),
                client_assertion: None,
            }
        );
    }
}
