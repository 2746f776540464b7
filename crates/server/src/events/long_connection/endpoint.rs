//! `POST /callback/ws/endpoint`: the SDKs' event clients trade the app's credentials for the
//! WebSocket URL to dial and their reconnect and ping settings.

use std::str::FromStr;

use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use http::uri::Authority;
use http::{HeaderMap, StatusCode, header};
use openwork_platform::Error as PlatformError;
use openwork_platform::directory::App;
use openwork_wire::feishu::codes;
use openwork_wire::feishu::long_connection::{Endpoint, EndpointRequest, EndpointResponse};

use super::{CONNECT_PATH, SERVICE_ID, ticket};
use crate::feishu::envelope::{FeishuError, json_response};
use crate::journal::{self, explain};
use crate::middleware::body_limit::{self, Unreadable};
use crate::state::AppState;

/// The journal's name for this operation.
const OPERATION: &str = "long_connection.endpoint";

/// `POST /callback/ws/endpoint`.
pub async fn endpoint(State(state): State<AppState>, request: Request) -> Response {
    journal::note_operation(OPERATION);
    let headers = request.headers().clone();
    let body = match body_limit::read(request).await {
        Ok(body) => body,
        Err(Unreadable(why)) => return refuse(why),
    };
    let request: EndpointRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(err) => {
            return refuse(format!(
                "the body must be JSON like {{\"AppID\":\"cli_…\",\"AppSecret\":\"…\"}}: {err}"
            ));
        }
    };
    if !request.app_id.is_empty() {
        journal::note_app(&request.app_id);
    }
    let app = match app_of(&state, &request).await {
        Ok(app) => app,
        Err(Refusal::Client(msg)) => return refuse(msg),
        // HTTP 500, which both SDKs retry.
        Err(Refusal::Internal(err)) => return FeishuError::from(err).into_response(),
    };
    let Some(authority) = authority(&headers) else {
        return refuse(
            "the request has no Host header naming host[:port], which the WebSocket URL needs"
                .to_owned(),
        );
    };
    let platform = &state.services.platform;
    let device_id = new_device_id();
    let ticket = ticket::issue(platform.keys(), &app, &device_id, platform.real_now());
    // VENDOR: the Node SDK parses the whole URL as a query string, so the first parameter's
    // key swallows everything before it: `device_id` and `service_id` must not come first
    // (the vendor puts `fpid` there). Python requires both and reads `service_id` as an int.
    let url = format!(
        "{scheme}://{authority}{CONNECT_PATH}?fpid=1&device_id={device_id}&service_id={SERVICE_ID}&ticket={ticket}",
        scheme = scheme(&headers),
    );
    let answer = EndpointResponse {
        code: codes::SUCCESS.code,
        msg: "ok".to_owned(),
        data: Some(Endpoint {
            url,
            client_config: state.long_connections.settings().client_config(),
        }),
    };
    json_response(StatusCode::OK, &answer)
}

enum Refusal {
    /// The caller's mistake, in its words.
    Client(String),
    Internal(PlatformError),
}

/// The app these credentials are for.
async fn app_of(state: &AppState, request: &EndpointRequest) -> Result<App, Refusal> {
    if request.app_secret.is_empty() && request.client_assertion.is_some() {
        return Err(Refusal::Client(
            "client assertions are not supported; give the client the app's app_secret instead"
                .to_owned(),
        ));
    }
    match state
        .services
        .platform
        .authenticate_app(&request.app_id, &request.app_secret)
        .await
    {
        Ok(app) => Ok(app),
        Err(err @ PlatformError::InvalidCredentials) => Err(Refusal::Client(format!(
            "invalid AppID or AppSecret: {}",
            explain::platform(&err)
        ))),
        Err(err) => Err(Refusal::Internal(err)),
    }
}

/// A refusal both SDKs treat as final: HTTP 200 and a non-zero code other than 1 (which Python
/// retries) and 1000040343 (which both retry). The tenant-token endpoint's code for bad
/// credentials is used, with a message that says what to fix (the SDKs log it).
fn refuse(msg: String) -> Response {
    journal::explain(msg.clone());
    let answer = EndpointResponse {
        code: codes::INVALID_PARAM.code,
        msg,
        data: None,
    };
    json_response(StatusCode::OK, &answer)
}

/// The authority the client reached this server by, so that the URL leads back here (the SDKs
/// dial the URL's host, not their configured domain).
fn authority(headers: &HeaderMap) -> Option<Authority> {
    let host = headers.get(header::HOST)?.to_str().ok()?;
    Authority::from_str(host).ok()
}

/// `wss` behind a TLS-terminating proxy that says so, `ws` otherwise.
fn scheme(headers: &HeaderMap) -> &'static str {
    let forwarded_https = headers
        .get("x-forwarded-proto")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(',').next())
        .is_some_and(|proto| proto.trim().eq_ignore_ascii_case("https"));
    if forwarded_https { "wss" } else { "ws" }
}

/// A connection's name, random so that replicas need not agree on them. VENDOR: the SDKs only
/// log it (as `conn_id`); the vendor's are decimal numbers.
fn new_device_id() -> String {
    (rand::random::<u64>() >> 11).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scheme_follows_a_tls_terminating_proxy() {
        let mut headers = HeaderMap::new();
        assert_eq!(scheme(&headers), "ws");
        headers.insert("x-forwarded-proto", "HTTPS, http".parse().unwrap());
        assert_eq!(scheme(&headers), "wss");
        headers.insert("x-forwarded-proto", "http".parse().unwrap());
        assert_eq!(scheme(&headers), "ws");
    }

    #[test]
    fn the_authority_is_the_host_header() {
        let mut headers = HeaderMap::new();
        assert_eq!(authority(&headers), None);
        headers.insert(header::HOST, "example.test:8080".parse().unwrap());
        assert_eq!(authority(&headers).unwrap().as_str(), "example.test:8080");
        headers.insert(header::HOST, "a b".parse().unwrap());
        assert_eq!(authority(&headers), None);
    }
}
