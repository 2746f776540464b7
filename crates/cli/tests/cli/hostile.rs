//! Hostile and broken clients, at counts small enough for the test suite: bodies past their
//! route's limit, repeated or undecodable parameters, requests the HTTP parser refuses, more
//! connections than allowed, requests past their deadline and fixtures nested to stall a
//! parser. Each is answered in its vendor's
//! envelope (or refused plainly before any request is read), and the server goes on serving.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::served::{Served, temp_dir};

const ADMIN: &str = "hostile-admin";
const DEMO_APP: &str = r#"{"app_id":"cli_de30c0de00000001","app_secret":"openwork-demo-secret"}"#;

fn serve(label: &str, extra: &[&str]) -> Served {
    let db = format!("sqlite://{}", temp_dir(label).join("openwork.db").display());
    Served::on(&db, Some(ADMIN), extra)
}

fn connect(served: &Served) -> TcpStream {
    let stream = TcpStream::connect(served.base.trim_start_matches("http://")).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    stream
}

/// An answer read off the wire.
struct Answer {
    status: u16,
    head: String,
    body: String,
}

impl Answer {
    fn read(mut stream: TcpStream) -> Self {
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("an answer, then close");
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").expect("a whole answer");
        let status = head[9..12].parse().expect("a status line");
        Self {
            status,
            head: head.to_owned(),
            body: body.to_owned(),
        }
    }

    fn json(&self) -> Value {
        assert!(
            self.head
                .to_ascii_lowercase()
                .contains("content-type: application/json"),
            "not JSON: {}",
            self.head
        );
        serde_json::from_str(&self.body).unwrap_or_else(|err| panic!("{err}: {}", self.body))
    }
}

/// Sends `head` (without its blank line) and `body` on a connection that closes after the answer.
fn exchange(served: &Served, head: &str, body: &[u8]) -> Answer {
    let mut stream = connect(served);
    let mut request = format!("{head}\r\nHost: x\r\nConnection: close\r\n").into_bytes();
    if !body.is_empty() {
        request.extend(format!("Content-Length: {}\r\n", body.len()).bytes());
    }
    request.extend(b"\r\n");
    request.extend(body);
    stream.write_all(&request).unwrap();
    Answer::read(stream)
}

/// Sends `head` declaring a body of `length` bytes, and none of the body: a body past the
/// route's limit is refused from its `Content-Length`, before any of it is read.
fn declare(served: &Served, head: &str, length: usize) -> Answer {
    let mut stream = connect(served);
    let request = format!("{head}\r\nHost: x\r\nContent-Length: {length}\r\n\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    Answer::read(stream)
}

fn tenant_token(served: &Served) -> String {
    let answer = exchange(
        served,
        "POST /open-apis/auth/v3/tenant_access_token/internal HTTP/1.1\r\nContent-Type: application/json",
        DEMO_APP.as_bytes(),
    );
    answer.json()["tenant_access_token"]
        .as_str()
        .expect("a token")
        .to_owned()
}

#[test]
fn bodies_past_their_routes_limit_get_the_vendors_invalid_parameter_answer() {
    let served = serve("hostile-bodies", &[]);

    // The token call takes 64 KiB: a larger body is "invalid param" (HTTP 200, 10003).
    let answer = declare(
        &served,
        "POST /open-apis/auth/v3/tenant_access_token/internal HTTP/1.1",
        60 * 1024 * 1024,
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.json()["code"], 10003);
    // The same credentials in a body within the limit still get a token.
    assert!(!tenant_token(&served).is_empty());

    // Every other call takes 4 MiB; DingTalk answers HTTP 200 with an errcode.
    let answer = declare(
        &served,
        "POST /topapi/workspace/task/get?access_token=bogus HTTP/1.1\r\nContent-Type: application/json",
        4 * 1024 * 1024 + 1,
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    let json = answer.json();
    assert_eq!(json["errcode"], 41, "invalid arguments: {json}");
    assert!(
        json.to_string().contains("4,194,304 bytes"),
        "the answer names the limit: {json}"
    );

    // The limit is the server's to choose.
    let small = serve("hostile-bodies-small", &["--max-body-size", "1K"]);
    let answer = declare(
        &small,
        "POST /topapi/workspace/task/get?access_token=bogus HTTP/1.1",
        1025,
    );
    assert_eq!(answer.json()["errcode"], 41);
    assert!(answer.body.contains("1,024 bytes"), "{}", answer.body);
}

#[test]
fn repeated_and_undecodable_parameters_are_answered_in_the_vendors_envelope() {
    let served = serve("hostile-params", &[]);

    // DingTalk never answers a query it dislikes with anything but HTTP 200 and an errcode.
    let answer = exchange(
        &served,
        "GET /gettoken?appkey=one&appkey=two&appsecret=three HTTP/1.1",
        b"",
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.json()["errcode"], 40096);

    // A path parameter that is not UTF-8 once decoded: Feishu's validation error naming it.
    let token = tenant_token(&served);
    let answer = exchange(
        &served,
        &format!(
            "POST /open-apis/report/v1/rules/%FF%FE/views/remove HTTP/1.1\r\n\
             Authorization: Bearer {token}\r\nContent-Type: application/json"
        ),
        b"{}",
    );
    assert_eq!(answer.status, 400, "{}", answer.body);
    let json = answer.json();
    assert_eq!(json["code"], 99992402, "{json}");
    assert_eq!(json["error"]["field_violations"][0]["field"], "path");

    // An unknown topapi path that is not UTF-8 is still "no such API".
    let answer = exchange(&served, "POST /topapi/%FF/x?access_token=t HTTP/1.1", b"");
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.json()["errcode"], 22);
}

#[test]
fn requests_the_http_parser_refuses_are_answered_in_the_vendors_envelope() {
    let served = serve("hostile-parser", &[]);

    // A request line over 64 KB: Feishu's validation error, its log ID in header and body.
    let long = format!(
        "GET /open-apis/performance/v1/semesters?padding={} HTTP/1.1",
        "a".repeat(70_000)
    );
    let answer = exchange(&served, &long, b"");
    assert_eq!(answer.status, 400, "{}", answer.head);
    let json = answer.json();
    assert_eq!(json["code"], 99992402, "{json}");
    let log_id = json["error"]["log_id"].as_str().unwrap();
    assert!(
        answer.head.contains(&format!("X-Tt-Logid: {log_id}")),
        "{}",
        answer.head
    );

    // A control character in a header: DingTalk's invalid argument, with HTTP 200.
    let answer = exchange(
        &served,
        "GET /gettoken?appkey=a&appsecret=b HTTP/1.1\r\nContent-Type: app\u{1}lication/json",
        b"",
    );
    assert_eq!(answer.status, 200, "{}", answer.head);
    assert_eq!(answer.json()["errcode"], 41);

    // The admin API's own refusal.
    let answer = exchange(
        &served,
        "GET /_openwork/v1/healthz HTTP/1.1\r\nX-Bad: a\u{1}b",
        b"",
    );
    assert_eq!(answer.status, 400, "{}", answer.head);
    assert_eq!(answer.json()["error"]["code"], "bad_request");

    // The connection's answers after a refusal are the routes' own again.
    let answer = exchange(&served, "GET /_openwork/v1/healthz HTTP/1.1", b"");
    assert_eq!(answer.status, 200);
}

/// The server's resident memory, in KiB (Linux).
fn resident_kib(served: &Served) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", served.child.id())).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[test]
fn half_requests_held_open_cost_little_and_hold_up_nobody() {
    let served = serve("hostile-slowloris", &[]);
    // Warm up: the first requests allocate what every later one reuses.
    assert!(!tenant_token(&served).is_empty());
    let before = resident_kib(&served);
    let held: Vec<TcpStream> = (0..1_000)
        .map(|_| {
            let mut stream = connect(&served);
            stream
                .write_all(b"GET /_openwork/v1/healthz HTTP/1.1\r\nHost: x\r\n")
                .unwrap();
            stream
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let grown = resident_kib(&served).saturating_sub(before);
    // hyper reserves 8 KiB per connection it reads from; a half request is held in a buffer
    // its own size until it is whole.
    assert!(
        grown < 8 * 1_000,
        "1,000 half requests grew the server by {grown} KiB"
    );
    let started = Instant::now();
    assert!(!tenant_token(&served).is_empty());
    assert!(started.elapsed() < Duration::from_secs(1));
    drop(held);
}

#[test]
fn connections_past_the_limit_are_refused_and_the_held_ones_served() {
    let served = serve("hostile-connections", &["--max-connections", "3"]);
    let held: Vec<TcpStream> = (0..3).map(|_| connect(&served)).collect();
    // The accept loop has taken the three before it takes the next one.
    std::thread::sleep(Duration::from_millis(200));
    let refused = Answer::read(connect(&served));
    assert_eq!(refused.status, 503, "{}", refused.head);
    assert!(refused.head.contains("Retry-After: 1"), "{}", refused.head);

    // A held connection is served; once one closes, a new one is too.
    let mut first = held.into_iter().next().unwrap();
    first
        .write_all(b"GET /_openwork/v1/healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    assert_eq!(Answer::read(first).status, 200);
    std::thread::sleep(Duration::from_millis(200));
    let answer = exchange(&served, "GET /_openwork/v1/healthz HTTP/1.1", b"");
    assert_eq!(answer.status, 200, "{}", answer.head);
}

#[test]
fn a_request_past_its_deadline_is_answered_as_an_internal_failure() {
    let served = serve("hostile-deadline", &["--request-timeout", "1s"]);
    let fault = r#"{"operation":"*","action":{"kind":"latency","ms":5000},"times":1}"#;
    let added = exchange(
        &served,
        &format!("POST /_openwork/v1/faults HTTP/1.1\r\nAuthorization: Bearer {ADMIN}"),
        fault.as_bytes(),
    );
    assert_eq!(added.status, 200, "{}", added.body);
    let token = tenant_token(&served);
    let started = Instant::now();
    let answer = exchange(
        &served,
        &format!(
            "GET /open-apis/performance/v1/semesters HTTP/1.1\r\nAuthorization: Bearer {token}"
        ),
        b"",
    );
    let waited = started.elapsed();
    assert!(waited < Duration::from_secs(4), "answered after {waited:?}");
    assert_eq!(answer.status, 500, "{}", answer.body);
    assert_ne!(answer.json()["code"], 0);
}

#[test]
fn a_fixture_nested_to_stall_the_parser_is_refused_at_once() {
    let served = serve("hostile-fixture", &[]);
    let deep = "[".repeat(100_000);
    let started = Instant::now();
    let answer = exchange(
        &served,
        &format!("POST /_openwork/v1/fixtures HTTP/1.1\r\nAuthorization: Bearer {ADMIN}"),
        deep.as_bytes(),
    );
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(answer.status, 400, "{}", answer.body);
    assert!(
        answer.body.contains("nest deeper than 64 levels"),
        "{}",
        answer.body
    );
}

#[test]
fn a_bare_port_listens_on_every_interface() {
    let db = format!(
        "sqlite://{}",
        temp_dir("hostile-listen").join("openwork.db").display()
    );
    let served = Served::start(
        &["--listen", ":0", "--db", &db, "--admin-token", ADMIN],
        &[],
    );
    assert!(
        served.base.starts_with("http://0.0.0.0:"),
        "{}",
        served.base
    );
    let answer = exchange(&served, "GET /_openwork/v1/healthz HTTP/1.1", b"");
    assert_eq!(answer.status, 200);
}
