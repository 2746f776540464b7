//! The request journal (docs/semantics.md, "The request journal"): every request to the vendor
//! APIs and the admin API, with what openwork knows about it — the operation it reached, the
//! caller, the vendor code it answered, and which rule refused it — kept in a bounded ring per
//! replica and, optionally, in the database for every replica to see.
//!
//! The route's handlers add what only they know (the operation, the caller, an explanation, an
//! injected fault) through a task-local [`Facts`], the way [`crate::middleware::log_id`]
//! carries the log ID: error rendering happens far from the request.

pub mod explain;
pub mod faults;
pub mod redact;
mod sink;

use std::cell::RefCell;
use std::collections::VecDeque;
use std::pin::{Pin, pin};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::response::Response;
use http::{HeaderMap, HeaderValue};
use openwork_platform::TokenKind;
use openwork_platform::access::Principal;
use openwork_platform::clock::{Millis, RealClock, SystemClock};
use openwork_wire::admin::{JournalBody, JournalEntry, JournalQuery};

use crate::middleware::log_id::LogId;
use openwork_platform::store::{JournalFilter, JournalRow};
pub use sink::{JournalSink, Retention};

/// The response header that carries an error's explanation. Vendors never send it and the SDKs
/// ignore headers they do not know. UTF-8, percent-encoded outside printable ASCII.
pub const EXPLAIN_HEADER: &str = "x-openwork-explain";

/// How much of each body an entry keeps: error answers fit whole, and a thousand entries of
/// long pages stay within a few megabytes (the server's memory target, BENCHMARKS.md).
pub const BODY_CAP_BYTES: usize = 4 * 1024;

/// How many entries a replica keeps in memory unless configured otherwise.
pub const DEFAULT_CAPACITY: usize = 1_000;

/// At most this many bytes of bodies in a replica's ring: the oldest entries go first when a
/// run of long pages would pass it, so that small error answers (the ones worth reading) stay
/// many while pages of tens of kilobytes cannot grow the server's memory much.
pub const RING_BODY_BUDGET: usize = 2 * 1024 * 1024;

/// What the handlers of one request tell the journal.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    pub operation: Option<&'static str>,
    pub tenant_key: Option<String>,
    pub app_id: Option<String>,
    pub caller: Option<TokenKind>,
    pub explanation: Option<String>,
    pub fault: Option<String>,
}

tokio::task_local! {
    // The request's own task is the only one that touches it, and never across an await.
    static FACTS: RefCell<Facts>;
}

/// Adds to the current request's facts (nothing outside a request).
fn note(change: impl FnOnce(&mut Facts)) {
    let _ = FACTS.try_with(|facts| change(&mut facts.borrow_mut()));
}

/// The current request's facts so far.
pub fn facts() -> Facts {
    FACTS
        .try_with(|facts| facts.borrow().clone())
        .unwrap_or_default()
}

/// The request reached `operation`.
pub fn note_operation(operation: &'static str) {
    note(|f| f.operation = Some(operation));
}

/// The request's token was accepted: its tenant, app and kind.
pub fn note_principal(principal: &Principal) {
    note(|f| {
        f.tenant_key = Some(principal.app.tenant_key.to_string());
        f.app_id = Some(principal.app.app_id.to_string());
        f.caller = Some(principal.kind);
    });
}

/// The app named by credentials, before any token exists (token requests).
pub fn note_app(app_id: &str) {
    note(|f| f.app_id = Some(app_id.to_owned()));
}

/// Why the request was refused, in the fixture's and the command line's terms.
pub fn explain(explanation: String) {
    note(|f| f.explanation = Some(explanation));
}

/// An injected fault answered (or delayed) the request.
pub fn note_fault(fault: String) {
    note(|f| f.fault = Some(fault));
}

/// A request as the request path records it: raw and cheap to take, nothing parsed or
/// redacted. [`Recorded::entry`] makes the admin API's entry, redacting, when the entry is read
/// or written to the database.
///
/// Nothing of the request is kept by reference: hyper hands out the request line and headers as
/// slices of its connection's read buffer, and an entry holding one would keep that whole buffer
/// alive and make hyper allocate a new one for the connection's next request.
#[derive(Debug)]
pub struct Recorded {
    id: u64,
    time_ms: i64,
    method: http::Method,
    /// The path and query, as sent.
    target: String,
    /// One `name: value` line per header: one allocation however many headers came.
    request_headers: String,
    request_body: Captured,
    status: u16,
    code: Option<i64>,
    log_id: LogId,
    request_id: Option<String>,
    duration_ms: f64,
    response_body: Captured,
    facts: Facts,
}

/// A body's first [`BODY_CAP_BYTES`] and its whole length (as far as it was read).
#[derive(Clone, Debug, Default)]
struct Captured {
    head: Bytes,
    bytes: usize,
}

impl Captured {
    /// A whole answer: shared when it fits (openwork's own bytes, which the client's copy
    /// shares), its first bytes copied when not, so that a long page is not kept whole.
    fn of(body: &Bytes) -> Self {
        let head = if body.len() <= BODY_CAP_BYTES {
            body.clone()
        } else {
            Bytes::copy_from_slice(&body[..BODY_CAP_BYTES])
        };
        Self {
            head,
            bytes: body.len(),
        }
    }

    fn shown(&self) -> JournalBody {
        JournalBody {
            text: redact::text(&String::from_utf8_lossy(&self.head)),
            bytes: self.bytes,
            truncated: self.head.len() < self.bytes,
        }
    }
}

/// The first [`BODY_CAP_BYTES`] of a request body as the handler reads it, and its length.
#[derive(Debug, Default)]
struct Tap {
    head: Vec<u8>,
    bytes: usize,
}

impl Tap {
    /// The next part of the body.
    fn add(&mut self, part: &[u8]) {
        let room = BODY_CAP_BYTES.saturating_sub(self.head.len());
        self.head.extend_from_slice(&part[..part.len().min(room)]);
        self.bytes += part.len();
    }

    fn captured(&mut self) -> Captured {
        Captured {
            head: std::mem::take(&mut self.head).into(),
            bytes: self.bytes,
        }
    }
}

impl Recorded {
    fn path(&self) -> &str {
        self.target
            .split_once('?')
            .map_or(&self.target, |(path, _)| path)
    }

    fn query(&self) -> Option<&str> {
        self.target.split_once('?').map(|(_, query)| query)
    }

    /// The admin API's entry: secrets redacted, the time in RFC 3339.
    pub fn entry(&self, replica: &str) -> JournalEntry {
        let facts = self.facts.clone();
        let path = self.path();
        JournalEntry {
            id: self.id,
            replica: replica.to_owned(),
            time: Millis(self.time_ms).to_rfc3339(),
            method: self.method.to_string(),
            path: path.to_owned(),
            query: self.query().map(redact::text),
            api: api_of(path).as_str().to_owned(),
            operation: facts.operation.map(str::to_owned),
            tenant_key: facts.tenant_key,
            app_id: facts.app_id,
            caller: facts.caller.map(|kind| {
                match kind {
                    TokenKind::Tenant => "tenant",
                    TokenKind::User => "user",
                    TokenKind::DingTalk => "dingtalk",
                }
                .to_owned()
            }),
            request_headers: redacted_headers(&self.request_headers),
            request_body: self.request_body.shown(),
            status: self.status,
            code: self.code,
            log_id: self.log_id.as_str().to_owned(),
            request_id: self.request_id.clone(),
            duration_ms: self.duration_ms,
            response_body: self.response_body.shown(),
            explanation: facts.explanation,
            fault: facts.fault,
        }
    }

    /// The bytes of its bodies the ring holds.
    fn body_bytes(&self) -> usize {
        self.request_body.head.len() + self.response_body.head.len()
    }

    /// Whether `filter` selects it (the listing filters of the database, on the ring).
    fn selected_by(&self, filter: &JournalFilter) -> bool {
        let facts = &self.facts;
        filter
            .log_id
            .as_ref()
            .is_none_or(|v| self.log_id.as_str() == v)
            && filter
                .tenant_key
                .as_ref()
                .is_none_or(|v| facts.tenant_key.as_ref() == Some(v))
            && filter
                .app_id
                .as_ref()
                .is_none_or(|v| facts.app_id.as_ref() == Some(v))
            && filter
                .path_contains
                .as_ref()
                .is_none_or(|v| self.path().contains(v.as_str()))
            && filter.code.is_none_or(|v| self.code == Some(v))
            && filter.status.is_none_or(|v| i64::from(self.status) == v)
            && filter.since_ms.is_none_or(|v| self.time_ms >= v)
            && filter.until_ms.is_none_or(|v| self.time_ms <= v)
            && filter.after_id.is_none_or(|v| self.id as i64 > v)
    }

    /// The database row: the filter columns and the entry's JSON.
    pub fn row(&self, replica: &str) -> JournalRow {
        let entry = self.entry(replica);
        JournalRow {
            time_ms: self.time_ms,
            log_id: entry.log_id.clone(),
            tenant_key: entry.tenant_key.clone(),
            app_id: entry.app_id.clone(),
            path: entry.path.clone(),
            status: i64::from(entry.status),
            code: entry.code,
            entry: serde_json::to_string(&entry).expect("entries serialise"),
        }
    }
}

/// The replica's journal: a bounded ring of its latest requests, and the database sink when
/// the journal is kept there too.
pub struct Journal {
    replica: String,
    capacity: usize,
    next_id: AtomicU64,
    ring: Mutex<Ring>,
    sink: Option<JournalSink>,
}

/// The latest entries, and how many bytes of bodies they hold.
#[derive(Default)]
struct Ring {
    entries: VecDeque<Arc<Recorded>>,
    body_bytes: usize,
}

impl Journal {
    /// A journal keeping `capacity` entries in memory (0: none), and in `sink` when given.
    pub fn new(replica: String, capacity: usize, sink: Option<JournalSink>) -> Self {
        Self {
            replica,
            capacity,
            next_id: AtomicU64::new(1),
            ring: Mutex::new(Ring::default()),
            sink,
        }
    }

    /// Whether the journal keeps anything at all.
    pub fn is_on(&self) -> bool {
        self.capacity > 0 || self.sink.is_some()
    }

    fn keep(&self, mut recorded: Recorded) {
        recorded.id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let recorded = Arc::new(recorded);
        if let Some(sink) = &self.sink {
            sink.send(Arc::clone(&recorded));
        }
        if self.capacity == 0 {
            return;
        }
        let mut ring = self.ring.lock().expect("journal lock");
        ring.body_bytes += recorded.body_bytes();
        ring.entries.push_back(recorded);
        while ring.entries.len() > self.capacity
            || (ring.body_bytes > RING_BODY_BUDGET && ring.entries.len() > 1)
        {
            let oldest = ring.entries.pop_front().expect("a non-empty ring");
            ring.body_bytes -= oldest.body_bytes();
        }
    }

    /// The entries `filter` selects: from the database when the journal is kept there (every
    /// replica's), else from this replica's ring; newest first, or oldest first after
    /// `after_id`.
    pub async fn list(
        &self,
        filter: &JournalFilter,
    ) -> openwork_platform::Result<Vec<JournalEntry>> {
        if let Some(sink) = &self.sink {
            return sink.list(filter).await;
        }
        let selected: Vec<Arc<Recorded>> = {
            let ring = self.ring.lock().expect("journal lock");
            let matching = |r: &&Arc<Recorded>| r.selected_by(filter);
            match filter.after_id {
                Some(_) => ring
                    .entries
                    .iter()
                    .filter(matching)
                    .take(filter.limit)
                    .cloned()
                    .collect(),
                None => ring
                    .entries
                    .iter()
                    .rev()
                    .filter(matching)
                    .take(filter.limit)
                    .cloned()
                    .collect(),
            }
        };
        Ok(selected.iter().map(|r| r.entry(&self.replica)).collect())
    }

    /// Forgets every entry (this replica's ring, and the database's when kept there).
    pub async fn clear(&self) -> openwork_platform::Result<()> {
        *self.ring.lock().expect("journal lock") = Ring::default();
        if let Some(sink) = &self.sink {
            sink.clear().await?;
        }
        Ok(())
    }
}

/// A listing's default and largest `limit`.
pub const DEFAULT_LIMIT: usize = 100;
pub const MAX_LIMIT: usize = 1_000;

fn millis(text: &str) -> Result<i64, String> {
    Millis::parse_rfc3339(text)
        .map(|at| at.0)
        .ok_or_else(|| format!("{text:?} is not an RFC 3339 time like 2024-06-15T10:00:00Z"))
}

/// The storage filter of a listing's query; a bad time or limit is the caller's error, in words.
pub fn filter_of(query: &JournalQuery) -> Result<JournalFilter, String> {
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(format!("limit must be 1 to {MAX_LIMIT}, not {limit}"));
    }
    Ok(JournalFilter {
        log_id: query.log_id.clone(),
        tenant_key: query.tenant_key.clone(),
        app_id: query.app_id.clone(),
        path_contains: query.path.clone(),
        code: query.code,
        status: query.status.map(i64::from),
        since_ms: query.since.as_deref().map(millis).transpose()?,
        until_ms: query.until.as_deref().map(millis).transpose()?,
        after_id: query.after.map(|id| i64::try_from(id).unwrap_or(i64::MAX)),
        limit,
    })
}

/// Reads of the journal itself and the console's files are not recorded: a console following
/// the journal would otherwise fill it with its own polling.
fn is_unrecorded(path: &str) -> bool {
    path.starts_with("/_openwork/v1/requests") || path.starts_with("/_openwork/console")
}

/// Which API a path belongs to (and so which envelope its answers take).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Api {
    Feishu,
    DingTalk,
    Admin,
    Other,
}

impl Api {
    /// As the journal's entries name it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Feishu => "feishu",
            Self::DingTalk => "dingtalk",
            Self::Admin => "admin",
            Self::Other => "other",
        }
    }
}

pub fn api_of(path: &str) -> Api {
    if path.starts_with("/open-apis/") || path.starts_with("/callback/") || path == "/ws/v2" {
        Api::Feishu
    } else if path.starts_with("/_openwork/") {
        Api::Admin
    } else if path == "/gettoken" || path.starts_with("/topapi/") {
        Api::DingTalk
    } else {
        Api::Other
    }
}

/// A request's headers as [`Recorded`] keeps them: `name: value` lines. hyper refuses line
/// breaks in values, and names hold no colon, so every line splits back at its first `": "`.
fn header_lines(headers: &HeaderMap) -> String {
    let mut lines = String::with_capacity(
        headers
            .iter()
            .map(|(name, value)| name.as_str().len() + value.len() + 3)
            .sum(),
    );
    for (name, value) in headers {
        lines.push_str(name.as_str());
        lines.push_str(": ");
        lines.push_str(&String::from_utf8_lossy(value.as_bytes()));
        lines.push('\n');
    }
    lines
}

fn redacted_headers(lines: &str) -> Vec<(String, String)> {
    lines
        .lines()
        .filter_map(|line| line.split_once(": "))
        .map(|(name, value)| (name.to_owned(), redact::header(name, value)))
        .collect()
}

/// The vendor code and DingTalk `request_id` of an answer, read off the envelope's ends
/// without parsing the body: openwork writes `code` (Feishu) or `errcode` (DingTalk) first and
/// DingTalk's `request_id` last, and a find_by_page page is tens of kilobytes.
fn vendor_code(body: &[u8]) -> (Option<i64>, Option<String>) {
    let number_after = |prefix: &[u8]| -> Option<i64> {
        let rest = body.strip_prefix(prefix)?;
        let end = rest
            .iter()
            .position(|b| !(b.is_ascii_digit() || *b == b'-'))
            .unwrap_or(rest.len());
        std::str::from_utf8(&rest[..end]).ok()?.parse().ok()
    };
    if let Some(code) = number_after(b"{\"code\":") {
        return (Some(code), None);
    }
    let Some(errcode) = number_after(b"{\"errcode\":") else {
        return (None, None);
    };
    let tail = &body[body.len().saturating_sub(64)..];
    let key = b"\"request_id\":\"";
    let request_id = tail
        .windows(key.len())
        .rposition(|w| w == key)
        .and_then(|at| {
            let value = &tail[at + key.len()..];
            let end = value.iter().position(|b| *b == b'"')?;
            String::from_utf8(value[..end].to_vec()).ok()
        });
    (Some(errcode), request_id)
}

/// `text` as a header value: printable ASCII as is, everything else percent-encoded.
fn header_value(text: &str) -> HeaderValue {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if (0x20..0x7f).contains(&byte) && byte != b'%' {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    HeaderValue::from_str(&out).expect("printable ASCII")
}

/// The request body as the handler reads it, its first bytes kept for the journal. The journal
/// never reads a body itself: one the handler refuses unread (an unauthenticated call) or stops
/// reading (past the route's limit) is never buffered for it.
struct Tapped {
    body: Body,
    seen: Arc<Mutex<Tap>>,
}

impl http_body::Body for Tapped {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, axum::Error>>> {
        let frame = std::task::ready!(Pin::new(&mut self.body).poll_frame(cx));
        if let Some(data) = frame.as_ref().and_then(|f| f.as_ref().ok()?.data_ref()) {
            self.seen.lock().expect("body tap lock").add(data);
        }
        Poll::Ready(frame)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}

/// Answers `request` with `handle` under fresh [`Facts`], then keeps what it recorded and sends
/// the explanation header (part of [`crate::middleware::frame`]). The request body's first
/// bytes are kept as the handler reads it; the answer is read whole (it is openwork's own), and
/// the client gets it unchanged.
pub async fn record<Answer>(
    journal: &Journal,
    log_id: LogId,
    request: Request,
    handle: impl FnOnce(Request) -> Answer,
) -> Response
where
    Answer: Future<Output = Response>,
{
    if is_unrecorded(request.uri().path()) {
        return handle(request).await;
    }
    let started = Instant::now();
    let time_ms = SystemClock.now().0;
    let (parts, body) = request.into_parts();
    let mut recorded = Recorded {
        id: 0,
        time_ms,
        method: parts.method.clone(),
        target: parts
            .uri
            .path_and_query()
            .map_or_else(|| parts.uri.path(), |target| target.as_str())
            .to_owned(),
        request_headers: header_lines(&parts.headers),
        request_body: Captured::default(),
        status: 0,
        code: None,
        log_id,
        request_id: None,
        duration_ms: 0.0,
        response_body: Captured::default(),
        facts: Facts::default(),
    };
    // A body known to be empty (a GET) needs no tap.
    let seen = (http_body::Body::size_hint(&body).exact() != Some(0))
        .then(|| Arc::new(Mutex::new(Tap::default())));
    let body = match &seen {
        Some(seen) => Body::new(Tapped {
            body,
            seen: Arc::clone(seen),
        }),
        None => body,
    };
    let request = Request::from_parts(parts, body);
    let mut handling = pin!(FACTS.scope(RefCell::default(), handle(request)));
    let response = handling.as_mut().await;
    let (mut parts, body) = response.into_parts();
    if let Some(seen) = seen {
        recorded.request_body = seen.lock().expect("body tap lock").captured();
    }
    recorded.facts = handling
        .as_mut()
        .take_value()
        .map(RefCell::into_inner)
        .unwrap_or_default();
    recorded.status = parts.status.as_u16();
    let Ok(body) = axum::body::to_bytes(body, usize::MAX).await else {
        // The answer broke off (an injected dropped connection): keep what is known.
        recorded.duration_ms = started.elapsed().as_secs_f64() * 1_000.0;
        journal.keep(recorded);
        return Response::from_parts(parts, Body::from_stream(broken_stream()));
    };
    if let Some(explanation) = &recorded.facts.explanation {
        parts
            .headers
            .insert(EXPLAIN_HEADER, header_value(explanation));
    }
    (recorded.code, recorded.request_id) = vendor_code(&body);
    recorded.response_body = Captured::of(&body);
    recorded.duration_ms = started.elapsed().as_secs_f64() * 1_000.0;
    journal.keep(recorded);
    Response::from_parts(parts, Body::from(body))
}

/// A body that fails at once: hyper then closes the connection without a complete answer.
pub fn broken_stream() -> impl futures::Stream<Item = Result<Bytes, std::io::Error>> + Send {
    futures::stream::once(async {
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "connection dropped by an injected fault",
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendor_codes_are_read_off_the_envelopes_ends() {
        assert_eq!(
            vendor_code(br#"{"code":0,"msg":"success","data":{"code":7}}"#),
            (Some(0), None)
        );
        assert_eq!(vendor_code(br#"{"code":-1,"msg":"x"}"#), (Some(-1), None));
        assert_eq!(
            vendor_code(br#"{"errcode":88,"errmsg":"x","result":{"request_id":"no"},"request_id":"abc123"}"#),
            (Some(88), Some("abc123".to_owned()))
        );
        assert_eq!(
            vendor_code(br#"{"errcode":0,"access_token":"t"}"#),
            (Some(0), None)
        );
        assert_eq!(vendor_code(br#"{"tenants":[]}"#), (None, None));
        assert_eq!(vendor_code(b"404 page not found"), (None, None));
    }

    fn recorded(body_bytes: usize) -> Recorded {
        Recorded {
            id: 0,
            time_ms: 0,
            method: http::Method::POST,
            target: "/open-apis/x".to_owned(),
            request_headers: String::new(),
            request_body: Captured::default(),
            status: 200,
            code: Some(0),
            log_id: LogId::new(),
            request_id: None,
            duration_ms: 0.0,
            response_body: Captured::of(&Bytes::from(vec![b'x'; body_bytes])),
            facts: Facts::default(),
        }
    }

    #[test]
    fn the_ring_is_bounded_by_count_and_by_body_bytes() {
        let journal = Journal::new("r".to_owned(), 3, None);
        for _ in 0..5 {
            journal.keep(recorded(10));
        }
        let ring = journal.ring.lock().unwrap();
        let ids: Vec<u64> = ring.entries.iter().map(|r| r.id).collect();
        assert_eq!(ids, [3, 4, 5], "the newest three");
        assert_eq!(ring.body_bytes, 30);
        drop(ring);
        let journal = Journal::new("r".to_owned(), 1_000, None);
        for _ in 0..1_000 {
            journal.keep(recorded(100_000));
        }
        let ring = journal.ring.lock().unwrap();
        assert!(ring.body_bytes <= RING_BODY_BUDGET, "{}", ring.body_bytes);
        assert_eq!(ring.entries.len(), RING_BODY_BUDGET / BODY_CAP_BYTES);
    }

    #[test]
    fn headers_split_back_as_they_came_secrets_redacted() {
        let mut headers = HeaderMap::new();
        headers.insert("authorization", HeaderValue::from_static("Bearer t-abc"));
        headers.insert("x-empty", HeaderValue::from_static(""));
        headers.insert("x-colon", HeaderValue::from_static("a: b"));
        let kept = redacted_headers(&header_lines(&headers));
        let pairs: Vec<(&str, &str)> = kept.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        assert_eq!(
            pairs,
            [
                ("authorization", "Bearer <redacted>"),
                ("x-empty", ""),
                ("x-colon", "a: b")
            ]
        );
    }

    #[test]
    fn explanations_fit_in_a_header() {
        let value = header_value("app `cli_x` lacks 范围 100%");
        assert_eq!(
            value.to_str().unwrap(),
            "app `cli_x` lacks %E8%8C%83%E5%9B%B4 100%25"
        );
    }
}
