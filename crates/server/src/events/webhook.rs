//! Webhook delivery of Feishu events: one HTTP POST per event to the app's request URL, shaped as
//! the vendor sends it (encryption, signature headers, URL-verification challenge), so that the
//! official SDKs' event handlers accept it unchanged. The dispatcher decides what to push and
//! when to retry; this module makes one attempt and says, in words a person can act on, how it
//! went.

use std::error::Error as _;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use aes::Aes256;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockEncryptMut, KeyIvInit};
use http::StatusCode;
use rand::distributions::Alphanumeric;
use rand::{Rng, RngCore};
use reqwest::header::{CONTENT_TYPE, LOCATION};
use sha2::{Digest, Sha256};

/// Header names as the vendor spells them. Python's handler looks them up with exactly this case
/// in a plain dict, so the client sends Title-Case names (`http1_title_case_headers`).
const TIMESTAMP_HEADER: &str = "X-Lark-Request-Timestamp";
const NONCE_HEADER: &str = "X-Lark-Request-Nonce";
const SIGNATURE_HEADER: &str = "X-Lark-Signature";
const JSON_CONTENT_TYPE: &str = "application/json; charset=utf-8";

/// How much of an answer's body `detail` quotes.
const DETAIL_BODY_LIMIT: usize = 1024;
/// How much of a challenge answer is read: far more than `{"challenge":"…"}` needs, yet bounded.
const CHALLENGE_BODY_LIMIT: usize = 64 * 1024;
const CHALLENGE_LENGTH: usize = 32;
const NONCE_LENGTH: usize = 16;

/// Where and how one app receives pushes (from its event subscription).
pub struct WebhookTarget<'a> {
    pub request_url: &'a str,
    pub verification_token: &'a str,
    pub encrypt_key: &'a str,
}

/// What one push got back.
#[derive(Debug)]
pub struct WebhookAnswer {
    /// HTTP 200 within the timeout (and, for a URL verification, the challenge echoed).
    pub delivered: bool,
    /// The answer's HTTP status; `None` when no answer came.
    pub status: Option<u16>,
    /// What a person reading the admin API needs: the status and the answer's body, or why no
    /// answer came.
    pub detail: String,
    pub elapsed: Duration,
}

/// The HTTP client that pushes events to the apps' request URLs.
#[derive(Clone)]
pub struct Webhooks {
    http: reqwest::Client,
    timeout: Duration,
}

impl Webhooks {
    /// A client whose requests give up after `timeout` (the vendor's 3 s).
    ///
    /// Redirects are not followed: after a 301, 302 or 303 the request is repeated as a GET
    /// without the event, and that GET's 200 would count as delivered although no handler saw
    /// the event. The 3xx answer is reported instead, with its target, so the URL can be fixed.
    /// Proxy variables are ignored because the vendor pushes directly, and a request URL on
    /// localhost must not be sent through a proxy set up for downloads.
    pub fn new(timeout: Duration) -> Self {
        let http = reqwest::Client::builder()
            .http1_title_case_headers()
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .timeout(timeout)
            .build()
            .expect("an HTTP client with fixed settings builds");
        Self { http, timeout }
    }

    /// POSTs one event (the v2.0 envelope, plain JSON bytes) as the vendor does: encrypted into
    /// `{"encrypt":"…"}` when the app has an encrypt_key, with the timestamp, nonce and signature
    /// headers. Delivered = HTTP 200 within the timeout.
    pub async fn push(&self, target: &WebhookTarget<'_>, envelope: &[u8]) -> WebhookAnswer {
        let exchange = self
            .post(
                target,
                wire_body(target.encrypt_key, envelope),
                DETAIL_BODY_LIMIT,
            )
            .await;
        match exchange.outcome {
            Ok(answer) => WebhookAnswer {
                delivered: answer.status == StatusCode::OK,
                status: Some(answer.status.as_u16()),
                detail: answer.describe(),
                elapsed: exchange.elapsed,
            },
            Err(detail) => WebhookAnswer {
                delivered: false,
                status: None,
                detail,
                elapsed: exchange.elapsed,
            },
        }
    }

    /// The URL-verification challenge the vendor sends when a request URL is saved. Delivered =
    /// HTTP 200 whose JSON body echoes the challenge; nothing else of the answer is checked,
    /// because the SDKs differ in the rest (Node's adapters answer only with `autoChallenge`).
    pub async fn verify_url(&self, target: &WebhookTarget<'_>) -> WebhookAnswer {
        // Python interpolates the challenge into its answer unescaped: letters and digits only.
        let challenge: String = rand::thread_rng()
            .sample_iter(&Alphanumeric)
            .take(CHALLENGE_LENGTH)
            .map(char::from)
            .collect();
        let request = serde_json::json!({
            "challenge": challenge,
            "token": target.verification_token,
            "type": "url_verification",
        });
        let plain = serde_json::to_vec(&request).expect("a JSON value serialises");
        let exchange = self
            .post(
                target,
                wire_body(target.encrypt_key, &plain),
                CHALLENGE_BODY_LIMIT,
            )
            .await;
        let answer = match exchange.outcome {
            Ok(answer) => answer,
            Err(detail) => {
                return WebhookAnswer {
                    delivered: false,
                    status: None,
                    detail,
                    elapsed: exchange.elapsed,
                };
            }
        };
        let echoed = answer.status == StatusCode::OK
            && !answer.body.truncated
            && serde_json::from_slice::<serde_json::Value>(&answer.body.bytes)
                .is_ok_and(|body| body["challenge"] == challenge.as_str());
        let detail = if echoed {
            "answered HTTP 200 echoing the challenge".to_owned()
        } else if answer.status == StatusCode::OK {
            format!(
                "{}; expected {{\"challenge\":\"{challenge}\"}} (the Node SDK's adapters answer \
                 the challenge only when built with autoChallenge: true)",
                answer.describe()
            )
        } else {
            answer.describe()
        };
        WebhookAnswer {
            delivered: echoed,
            status: Some(answer.status.as_u16()),
            detail,
            elapsed: exchange.elapsed,
        }
    }

    /// One signed POST of `body`, reading at most `read_limit` bytes of the answer's body.
    async fn post(&self, target: &WebhookTarget<'_>, body: Vec<u8>, read_limit: usize) -> Exchange {
        let started = Instant::now();
        let url = target.request_url;
        let parsed = match reqwest::Url::parse(url) {
            Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => parsed,
            Ok(_) => {
                return Exchange::failed(
                    started,
                    format!("the request URL \"{url}\" is not an http:// or https:// URL"),
                );
            }
            Err(error) => {
                return Exchange::failed(
                    started,
                    format!("the request URL \"{url}\" is not a valid URL ({error})"),
                );
            }
        };
        // The vendor's timestamps are Unix seconds; the SDKs treat the value as opaque.
        let timestamp = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs()
            .to_string();
        let nonce: String = rand::thread_rng()
            .sample_iter(&Alphanumeric)
            .take(NONCE_LENGTH)
            .map(char::from)
            .collect();
        let signed = signature(&timestamp, &nonce, target.encrypt_key, &body);
        let sent = self
            .http
            .post(parsed)
            .header(CONTENT_TYPE, JSON_CONTENT_TYPE)
            .header(TIMESTAMP_HEADER, timestamp)
            .header(NONCE_HEADER, nonce)
            .header(SIGNATURE_HEADER, signed)
            .body(body)
            .send()
            .await;
        let mut response = match sent {
            Ok(response) => response,
            Err(error) => {
                return Exchange::failed(started, transport_failure(url, &error, self.timeout));
            }
        };
        let status = response.status();
        let location = response
            .headers()
            .get(LOCATION)
            .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
        let body = read_body(&mut response, read_limit, url, self.timeout).await;
        Exchange {
            outcome: Ok(Answered {
                status,
                location,
                body,
            }),
            elapsed: started.elapsed(),
        }
    }
}

/// AES-256-CBC with key SHA-256(encrypt_key), random IV prepended, PKCS#7, standard base64.
pub fn seal(encrypt_key: &str, plaintext: &[u8]) -> String {
    let mut iv = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut iv);
    seal_with_iv(encrypt_key, iv, plaintext)
}

fn seal_with_iv(encrypt_key: &str, iv: [u8; 16], plaintext: &[u8]) -> String {
    let key = Sha256::digest(encrypt_key.as_bytes());
    let ciphertext =
        cbc::Encryptor::<Aes256>::new(&key, &iv.into()).encrypt_padded_vec_mut::<Pkcs7>(plaintext);
    let mut sealed = Vec::with_capacity(iv.len() + ciphertext.len());
    sealed.extend_from_slice(&iv);
    sealed.extend_from_slice(&ciphertext);
    BASE64.encode(sealed)
}

/// lower-hex SHA-256(timestamp ‖ nonce ‖ encrypt_key ‖ body).
pub fn signature(timestamp: &str, nonce: &str, encrypt_key: &str, body: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(timestamp.as_bytes());
    hasher.update(nonce.as_bytes());
    hasher.update(encrypt_key.as_bytes());
    hasher.update(body);
    format!("{:x}", hasher.finalize())
}

/// The bytes on the wire: the plain JSON, or `{"encrypt":"…"}` when the app has an encrypt_key.
/// That object must be compact: Node signs `JSON.stringify(JSON.parse(body))`, not the raw bytes.
fn wire_body(encrypt_key: &str, plain: &[u8]) -> Vec<u8> {
    if encrypt_key.is_empty() {
        return plain.to_vec();
    }
    let sealed = serde_json::json!({ "encrypt": seal(encrypt_key, plain) });
    serde_json::to_vec(&sealed).expect("a JSON value serialises")
}

/// One attempt: an answer, or why none came; and how long it took.
struct Exchange {
    outcome: Result<Answered, String>,
    elapsed: Duration,
}

impl Exchange {
    fn failed(started: Instant, detail: String) -> Self {
        Self {
            outcome: Err(detail),
            elapsed: started.elapsed(),
        }
    }
}

struct Answered {
    status: StatusCode,
    location: Option<String>,
    body: Body,
}

/// The start of an answer's body.
struct Body {
    bytes: Vec<u8>,
    /// More followed than was read.
    truncated: bool,
    /// Why reading stopped early, when it failed.
    failure: Option<String>,
}

impl Answered {
    /// "answered HTTP 500: {…}", with the redirect target for a 3xx.
    fn describe(&self) -> String {
        let mut detail = format!("answered HTTP {}", self.status.as_u16());
        if let (true, Some(location)) = (self.status.is_redirection(), &self.location) {
            detail.push_str(&format!(
                " (a redirect to {location}, which is not followed: save the final URL as the \
                 request URL)"
            ));
        }
        let text = quoted_body(&self.body);
        if text.is_empty() {
            detail.push_str(" with an empty body");
        } else {
            detail.push_str(": ");
            detail.push_str(&text);
        }
        if let Some(failure) = &self.body.failure {
            detail.push_str(&format!(" (reading the body stopped: {failure})"));
        }
        detail
    }
}

/// At most `limit` bytes of the body, reading no further than that.
async fn read_body(
    response: &mut reqwest::Response,
    limit: usize,
    url: &str,
    timeout: Duration,
) -> Body {
    let mut body = Body {
        bytes: Vec::new(),
        truncated: false,
        failure: None,
    };
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                body.bytes.extend_from_slice(&chunk);
                if body.bytes.len() > limit {
                    body.bytes.truncate(limit);
                    body.truncated = true;
                    return body;
                }
            }
            Ok(None) => return body,
            Err(error) => {
                body.failure = Some(if error.is_timeout() {
                    format!(
                        "the rest did not come within {}",
                        readable_duration(timeout)
                    )
                } else {
                    transport_failure(url, &error, timeout)
                });
                return body;
            }
        }
    }
}

/// The body as text for `detail`: its first KiB, cut on a character boundary, marked when cut.
fn quoted_body(body: &Body) -> String {
    let cut = body.truncated || body.bytes.len() > DETAIL_BODY_LIMIT;
    let mut shown = &body.bytes[..body.bytes.len().min(DETAIL_BODY_LIMIT)];
    if cut {
        // Drop a character split by the cut rather than show it as garbage.
        if let Err(error) = std::str::from_utf8(shown) {
            if error.error_len().is_none() {
                shown = &shown[..error.valid_up_to()];
            }
        }
    }
    let mut text = String::from_utf8_lossy(shown).into_owned();
    if cut {
        text.push_str(" (truncated)");
    }
    text
}

/// Why no answer came, in the terms of someone who runs the receiver.
fn transport_failure(url: &str, error: &reqwest::Error, timeout: Duration) -> String {
    if error.is_timeout() {
        return format!("no answer within {}", readable_duration(timeout));
    }
    let reason = deepest_reason(error);
    if error.is_connect() {
        return format!("could not connect to {url}: {reason}");
    }
    let mut cause = error.source();
    let mut closed_early = false;
    while let Some(current) = cause {
        closed_early |= current
            .downcast_ref::<hyper::Error>()
            .is_some_and(hyper::Error::is_incomplete_message);
        cause = current.source();
    }
    if closed_early {
        return format!("{url} closed the connection without answering");
    }
    format!("the request to {url} failed: {reason}")
}

/// The innermost cause's message; an operating-system error says only its kind ("connection
/// refused"), without the "(os error 111)" suffix.
fn deepest_reason(error: &reqwest::Error) -> String {
    let mut deepest: &dyn std::error::Error = error;
    while let Some(cause) = deepest.source() {
        deepest = cause;
    }
    match deepest.downcast_ref::<std::io::Error>() {
        Some(io) if io.raw_os_error().is_some() => io.kind().to_string(),
        _ => deepest.to_string(),
    }
}

/// "3 s", or "250 ms" when not a whole number of seconds.
fn readable_duration(duration: Duration) -> String {
    if duration.subsec_millis() == 0 && duration.as_secs() > 0 {
        format!("{} s", duration.as_secs())
    } else {
        format!("{} ms", duration.as_millis())
    }
}

#[cfg(test)]
mod tests {
    use std::net::SocketAddr;
    use std::sync::{Arc, Mutex};

    use aes::Aes256;
    use axum::Router;
    use axum::body::Bytes;
    use axum::extract::State;
    use axum::response::{IntoResponse, Response};
    use cbc::cipher::BlockDecryptMut;
    use http::HeaderMap;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    use super::*;

    const KEY: &str = "openwork-encrypt-key";
    const TOKEN: &str = "openwork-verification-token";
    const ENVELOPE: &[u8] = br#"{"schema":"2.0","header":{"event_id":"ev_1","event_type":"contact.user.created_v3","create_time":"1700000000000","token":"openwork-verification-token","app_id":"cli_de30c0de00000001","tenant_key":"t1"},"event":{"object":{"user_id":"u1"}}}"#;

    /// The receiver's side of `seal`, written from the vendor's description, not from `seal`.
    fn open(encrypt_key: &str, sealed: &str) -> Vec<u8> {
        let bytes = BASE64.decode(sealed).expect("standard base64");
        let (iv, ciphertext) = bytes.split_at(16);
        let key = Sha256::digest(encrypt_key.as_bytes());
        cbc::Decryptor::<Aes256>::new(&key, iv.into())
            .decrypt_padded_vec_mut::<Pkcs7>(ciphertext)
            .expect("valid PKCS#7 padding")
    }

    fn target<'a>(url: &'a str, encrypt_key: &'a str) -> WebhookTarget<'a> {
        WebhookTarget {
            request_url: url,
            verification_token: TOKEN,
            encrypt_key,
        }
    }

    #[test]
    fn seal_has_the_vendor_layout_and_round_trips() {
        for length in 0..=48 {
            let plaintext: Vec<u8> = (0..length).map(|i| b'a' + (i % 26) as u8).collect();
            let sealed = seal(KEY, &plaintext);
            assert!(
                sealed
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b)),
                "{sealed}"
            );
            let raw = BASE64.decode(&sealed).unwrap();
            assert_eq!(raw.len() % 16, 0);
            assert!(raw.len() >= 32, "IV and at least one block");
            assert_eq!(open(KEY, &sealed), plaintext);
        }
        assert_ne!(
            seal(KEY, b"same"),
            seal(KEY, b"same"),
            "a fresh IV each time"
        );
    }

    /// Computed independently with `openssl enc -aes-256-cbc -K $(printf %s KEY | sha256sum)
    /// -iv 000102…0f` (IV prepended, then base64); pycryptodome gives the same bytes.
    #[test]
    fn seal_matches_an_independent_vector() {
        let iv: [u8; 16] = std::array::from_fn(|i| i as u8);
        assert_eq!(
            seal_with_iv(KEY, iv, br#"{"schema":"2.0","header":{"event_id":"ev_1"}}"#),
            "AAECAwQFBgcICQoLDA0OD9G00KBtyk1B0oX7mUES2KtwddDzt/1AQlo2hVX+yVvy0oy+HYLwKN3B9PmaYraN4Q=="
        );
    }

    /// `printf %s '1700000000nonce123openwork-encrypt-key{"encrypt":"abc"}' | sha256sum`
    #[test]
    fn signature_matches_an_independent_vector() {
        assert_eq!(
            signature("1700000000", "nonce123", KEY, br#"{"encrypt":"abc"}"#),
            "d66082b1c31279184a017172575bfd3345068f08844ece81dd51474cbe205b14"
        );
    }

    #[test]
    fn a_body_cut_at_one_kib_keeps_whole_characters() {
        let body = Body {
            bytes: "é".repeat(600).into_bytes(),
            truncated: false,
            failure: None,
        };
        let text = quoted_body(&body);
        let quoted = text.strip_suffix(" (truncated)").expect("marked as cut");
        assert_eq!(quoted, "é".repeat(512));
        let whole = Body {
            bytes: "é".repeat(512).into_bytes(),
            truncated: false,
            failure: None,
        };
        assert_eq!(quoted_body(&whole), "é".repeat(512));
    }

    #[test]
    fn durations_read_as_a_person_writes_them() {
        assert_eq!(readable_duration(Duration::from_secs(3)), "3 s");
        assert_eq!(readable_duration(Duration::from_millis(250)), "250 ms");
        assert_eq!(readable_duration(Duration::from_millis(1500)), "1500 ms");
    }

    /// A receiver on a bare socket, because hyper lowercases header names on the way in: it
    /// keeps the request's raw bytes and answers `{"msg":"success"}` as Python's handler does.
    async fn raw_receiver() -> (String, tokio::task::JoinHandle<(String, Vec<u8>)>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/webhook/event", listener.local_addr().unwrap());
        let received = tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut bytes = Vec::new();
            let mut buffer = [0u8; 4096];
            let head_end = loop {
                let read = socket.read(&mut buffer).await.unwrap();
                assert_ne!(read, 0, "request ended inside its head");
                bytes.extend_from_slice(&buffer[..read]);
                if let Some(at) = bytes.windows(4).position(|w| w == b"\r\n\r\n") {
                    break at + 4;
                }
            };
            let head = String::from_utf8(bytes[..head_end].to_vec()).unwrap();
            let length: usize = head
                .lines()
                .find_map(|line| line.strip_prefix("Content-Length: "))
                .expect("a Title-Case Content-Length")
                .parse()
                .unwrap();
            while bytes.len() < head_end + length {
                let read = socket.read(&mut buffer).await.unwrap();
                bytes.extend_from_slice(&buffer[..read]);
            }
            let answer = b"HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n\
                           Content-Length: 17\r\nConnection: close\r\n\r\n{\"msg\":\"success\"}";
            socket.write_all(answer).await.unwrap();
            (head, bytes[head_end..].to_vec())
        });
        (url, received)
    }

    fn header<'a>(head: &'a str, name: &str) -> &'a str {
        let prefix = format!("{name}: ");
        head.lines()
            .find_map(|line| line.strip_prefix(prefix.as_str()))
            .unwrap_or_else(|| panic!("no header spelled exactly {name:?} in:\n{head}"))
    }

    #[tokio::test]
    async fn push_sends_title_case_signed_compact_encrypted_json() {
        let (url, received) = raw_receiver().await;
        let answer = Webhooks::new(Duration::from_secs(3))
            .push(&target(&url, KEY), ENVELOPE)
            .await;
        let (head, body) = received.await.unwrap();

        assert!(
            head.starts_with("POST /webhook/event HTTP/1.1\r\n"),
            "{head}"
        );
        assert_eq!(header(&head, "Content-Type"), JSON_CONTENT_TYPE);
        let timestamp = header(&head, "X-Lark-Request-Timestamp");
        let nonce = header(&head, "X-Lark-Request-Nonce");
        assert_eq!(timestamp.len(), 10, "Unix seconds");
        assert!(timestamp.bytes().all(|b| b.is_ascii_digit()));
        assert!(!nonce.is_empty());
        assert_eq!(
            header(&head, "X-Lark-Signature"),
            signature(timestamp, nonce, KEY, &body)
        );
        // Node checks the signature over JSON.stringify(JSON.parse(body)): compact JSON.
        let parsed: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(serde_json::to_vec(&parsed).unwrap(), body);
        let object = parsed.as_object().unwrap();
        assert_eq!(object.len(), 1, "only `encrypt`: {parsed}");
        assert_eq!(open(KEY, object["encrypt"].as_str().unwrap()), ENVELOPE);

        assert!(answer.delivered);
        assert_eq!(answer.status, Some(200));
        assert_eq!(answer.detail, r#"answered HTTP 200: {"msg":"success"}"#);
        assert!(answer.elapsed < Duration::from_secs(3));
    }

    /// The status line is what counts: a receiver that answers 200 has handled the event, even
    /// when the rest of its body never comes.
    #[tokio::test]
    async fn a_200_whose_body_stalls_is_delivered_and_says_so() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut buffer = [0u8; 8192];
            let _ = socket.read(&mut buffer).await.unwrap();
            let head = b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"msg\"";
            socket.write_all(head).await.unwrap();
            tokio::time::sleep(Duration::from_secs(2)).await;
        });
        let answer = Webhooks::new(Duration::from_millis(300))
            .push(&target(&url, KEY), ENVELOPE)
            .await;
        assert!(answer.delivered);
        assert_eq!(answer.status, Some(200));
        assert_eq!(
            answer.detail,
            r#"answered HTTP 200: {"msg" (reading the body stopped: the rest did not come within 300 ms)"#
        );
    }

    /// How the test receiver answers.
    #[derive(Clone, Copy)]
    enum Behaviour {
        Success,
        Failure,
        Slow,
        LongFailure,
        Redirect,
        EchoChallenge,
        WrongEcho,
        EmptyAnswer,
    }

    #[derive(Clone)]
    struct Receiver {
        encrypt_key: &'static str,
        behaviour: Behaviour,
        /// The plain JSON of each request that passed the checks.
        received: Arc<Mutex<Vec<serde_json::Value>>>,
    }

    /// Checks a request the way Python's `EventDispatcherHandler` does (signature over the raw
    /// body when there is an encrypt_key, decryption, token), then answers as told.
    async fn receive(
        State(receiver): State<Receiver>,
        headers: HeaderMap,
        body: Bytes,
    ) -> Response {
        let read = |name: &str| headers.get(name).unwrap().to_str().unwrap().to_owned();
        let expected = signature(
            &read(TIMESTAMP_HEADER),
            &read(NONCE_HEADER),
            receiver.encrypt_key,
            &body,
        );
        if read(SIGNATURE_HEADER) != expected {
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                "signature verification failed",
            )
                .into_response();
        }
        let plain = if receiver.encrypt_key.is_empty() {
            body.to_vec()
        } else {
            let wrapped: serde_json::Value = serde_json::from_slice(&body).unwrap();
            open(receiver.encrypt_key, wrapped["encrypt"].as_str().unwrap())
        };
        let request: serde_json::Value = serde_json::from_slice(&plain).unwrap();
        let token = request
            .get("token")
            .or_else(|| request["header"].get("token"))
            .cloned();
        assert_eq!(token, Some(TOKEN.into()));
        receiver.received.lock().unwrap().push(request.clone());
        let json = |status: StatusCode, body: String| {
            (status, [(CONTENT_TYPE, JSON_CONTENT_TYPE)], body).into_response()
        };
        match receiver.behaviour {
            Behaviour::Success => json(StatusCode::OK, r#"{"msg":"success"}"#.into()),
            Behaviour::Failure => json(
                StatusCode::INTERNAL_SERVER_ERROR,
                r#"{"msg":"processor not found, type: p2.contact.user.created_v3"}"#.into(),
            ),
            Behaviour::Slow => {
                tokio::time::sleep(Duration::from_secs(2)).await;
                json(StatusCode::OK, r#"{"msg":"success"}"#.into())
            }
            Behaviour::LongFailure => json(StatusCode::INTERNAL_SERVER_ERROR, "x".repeat(5000)),
            Behaviour::Redirect => (
                StatusCode::FOUND,
                [(LOCATION, "https://example.invalid/elsewhere")],
            )
                .into_response(),
            Behaviour::EchoChallenge => json(
                StatusCode::OK,
                format!(
                    r#"{{"challenge":"{}"}}"#,
                    request["challenge"].as_str().unwrap()
                ),
            ),
            Behaviour::WrongEcho => json(StatusCode::OK, r#"{"challenge":"nope"}"#.into()),
            Behaviour::EmptyAnswer => StatusCode::OK.into_response(),
        }
    }

    async fn receiver(
        encrypt_key: &'static str,
        behaviour: Behaviour,
    ) -> (String, Arc<Mutex<Vec<serde_json::Value>>>) {
        let received = Arc::new(Mutex::new(Vec::new()));
        let app = Router::new()
            .route("/hook", axum::routing::post(receive))
            .with_state(Receiver {
                encrypt_key,
                behaviour,
                received: Arc::clone(&received),
            });
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address: SocketAddr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        (format!("http://{address}/hook"), received)
    }

    async fn push_to(encrypt_key: &'static str, behaviour: Behaviour) -> WebhookAnswer {
        let (url, _) = receiver(encrypt_key, behaviour).await;
        Webhooks::new(Duration::from_millis(500))
            .push(&target(&url, encrypt_key), ENVELOPE)
            .await
    }

    #[tokio::test]
    async fn push_without_an_encrypt_key_sends_the_envelope_itself() {
        let (url, received) = receiver("", Behaviour::Success).await;
        let answer = Webhooks::new(Duration::from_secs(3))
            .push(&target(&url, ""), ENVELOPE)
            .await;
        assert!(answer.delivered, "{}", answer.detail);
        let expected: serde_json::Value = serde_json::from_slice(ENVELOPE).unwrap();
        assert_eq!(*received.lock().unwrap(), vec![expected]);
    }

    #[tokio::test]
    async fn push_counts_only_http_200_as_delivered() {
        let answer = push_to(KEY, Behaviour::Success).await;
        assert!(answer.delivered);
        assert_eq!(answer.detail, r#"answered HTTP 200: {"msg":"success"}"#);

        let answer = push_to(KEY, Behaviour::Failure).await;
        assert!(!answer.delivered);
        assert_eq!(answer.status, Some(500));
        assert_eq!(
            answer.detail,
            r#"answered HTTP 500: {"msg":"processor not found, type: p2.contact.user.created_v3"}"#
        );

        let answer = push_to(KEY, Behaviour::LongFailure).await;
        assert!(!answer.delivered);
        assert_eq!(
            answer.detail,
            format!("answered HTTP 500: {} (truncated)", "x".repeat(1024))
        );
    }

    #[tokio::test]
    async fn push_does_not_follow_a_redirect() {
        let answer = push_to(KEY, Behaviour::Redirect).await;
        assert!(!answer.delivered);
        assert_eq!(answer.status, Some(302));
        assert_eq!(
            answer.detail,
            "answered HTTP 302 (a redirect to https://example.invalid/elsewhere, which is not \
             followed: save the final URL as the request URL) with an empty body"
        );
    }

    #[tokio::test]
    async fn push_gives_up_after_the_timeout() {
        let answer = push_to(KEY, Behaviour::Slow).await;
        assert!(!answer.delivered);
        assert_eq!(answer.status, None);
        assert_eq!(answer.detail, "no answer within 500 ms");
        assert!(answer.elapsed >= Duration::from_millis(500));
        assert!(
            answer.elapsed < Duration::from_millis(1900),
            "{:?}",
            answer.elapsed
        );
    }

    #[tokio::test]
    async fn push_to_a_closed_port_says_the_connection_was_refused() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        drop(listener);
        let answer = Webhooks::new(Duration::from_secs(3))
            .push(&target(&url, KEY), ENVELOPE)
            .await;
        assert!(!answer.delivered);
        assert_eq!(answer.status, None);
        assert_eq!(
            answer.detail,
            format!("could not connect to {url}: connection refused")
        );
    }

    #[tokio::test]
    async fn push_to_a_url_that_is_not_http_says_so() {
        let webhooks = Webhooks::new(Duration::from_secs(3));
        let answer = webhooks
            .push(&target("ftp://127.0.0.1/hook", KEY), ENVELOPE)
            .await;
        assert!(!answer.delivered);
        assert_eq!(
            answer.detail,
            "the request URL \"ftp://127.0.0.1/hook\" is not an http:// or https:// URL"
        );
        let answer = webhooks
            .push(&target("localhost/hook", KEY), ENVELOPE)
            .await;
        assert_eq!(
            answer.detail,
            "the request URL \"localhost/hook\" is not a valid URL (relative URL without a base)"
        );
    }

    #[tokio::test]
    async fn verify_url_passes_when_the_challenge_is_echoed() {
        for encrypt_key in [KEY, ""] {
            let (url, received) = receiver(encrypt_key, Behaviour::EchoChallenge).await;
            let answer = Webhooks::new(Duration::from_secs(3))
                .verify_url(&target(&url, encrypt_key))
                .await;
            assert!(answer.delivered, "{}", answer.detail);
            assert_eq!(answer.status, Some(200));
            assert_eq!(answer.detail, "answered HTTP 200 echoing the challenge");
            let request = received.lock().unwrap()[0].clone();
            let object = request.as_object().unwrap();
            let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
            keys.sort_unstable();
            assert_eq!(keys, ["challenge", "token", "type"]);
            assert_eq!(request["type"], "url_verification");
            let challenge = request["challenge"].as_str().unwrap();
            assert_eq!(challenge.len(), CHALLENGE_LENGTH);
            assert!(challenge.bytes().all(|b| b.is_ascii_alphanumeric()));
        }
    }

    #[tokio::test]
    async fn verify_url_fails_when_the_challenge_is_not_echoed() {
        let webhooks = Webhooks::new(Duration::from_secs(3));
        let (url, received) = receiver(KEY, Behaviour::WrongEcho).await;
        let answer = webhooks.verify_url(&target(&url, KEY)).await;
        assert!(!answer.delivered);
        assert_eq!(answer.status, Some(200));
        let challenge = received.lock().unwrap()[0]["challenge"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(
            answer.detail,
            format!(
                "answered HTTP 200: {{\"challenge\":\"nope\"}}; expected \
                 {{\"challenge\":\"{challenge}\"}} (the Node SDK's adapters answer the challenge \
                 only when built with autoChallenge: true)"
            )
        );

        // A Node adapter without autoChallenge answers 200 with an empty body.
        let (url, _) = receiver(KEY, Behaviour::EmptyAnswer).await;
        let answer = webhooks.verify_url(&target(&url, KEY)).await;
        assert!(!answer.delivered);
        assert!(
            answer
                .detail
                .starts_with("answered HTTP 200 with an empty body; expected {\"challenge\":"),
            "{}",
            answer.detail
        );

        let (url, _) = receiver(KEY, Behaviour::Failure).await;
        let answer = webhooks.verify_url(&target(&url, KEY)).await;
        assert!(!answer.delivered);
        assert_eq!(answer.status, Some(500));
        assert!(
            answer.detail.starts_with("answered HTTP 500: {"),
            "{}",
            answer.detail
        );
    }
}
