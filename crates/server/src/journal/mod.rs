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

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, HeaderValue, StatusCode};
use openwork_platform::TokenKind;
use openwork_platform::access::Principal;
use openwork_wire::admin::{JournalBody, JournalEntry};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::middleware::log_id;
use openwork_platform::store::JournalFilter;
pub use sink::{JournalSink, Retention, filter_of};

/// The response header that carries an error's explanation. Vendors never send it and the SDKs
/// ignore headers they do not know. UTF-8, percent-encoded outside printable ASCII.
pub const EXPLAIN_HEADER: &str = "x-openwork-explain";

/// How much of each body an entry keeps.
pub const BODY_CAP_BYTES: usize = 16 * 1024;

/// How many entries a replica keeps in memory unless configured otherwise.
pub const DEFAULT_CAPACITY: usize = 1_000;

/// What the handlers of one request tell the journal.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    pub operation: Option<String>,
    pub tenant_key: Option<String>,
    pub app_id: Option<String>,
    pub caller: Option<TokenKind>,
    pub explanation: Option<String>,
    pub fault: Option<String>,
}

tokio::task_local! {
    static FACTS: Arc<Mutex<Facts>>;
}

/// Adds to the current request's facts (nothing outside a request).
fn note(change: impl FnOnce(&mut Facts)) {
    let _ = FACTS.try_with(|facts| change(&mut facts.lock().expect("facts lock")));
}

/// The current request's facts so far.
pub fn facts() -> Facts {
    FACTS
        .try_with(|facts| facts.lock().expect("facts lock").clone())
        .unwrap_or_default()
}

/// The request reached `operation`.
pub fn note_operation(operation: &str) {
    note(|f| f.operation = Some(operation.to_owned()));
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

/// The replica's journal: a bounded ring of its latest entries, and the database sink when
/// the journal is kept there too.
pub struct Journal {
    replica: String,
    capacity: usize,
    next_id: AtomicU64,
    ring: Mutex<VecDeque<Arc<JournalEntry>>>,
    sink: Option<JournalSink>,
}

impl Journal {
    /// A journal keeping `capacity` entries in memory (0: none), and in `sink` when given.
    pub fn new(replica: String, capacity: usize, sink: Option<JournalSink>) -> Self {
        Self {
            replica,
            capacity,
            next_id: AtomicU64::new(1),
            ring: Mutex::new(VecDeque::with_capacity(capacity.min(DEFAULT_CAPACITY))),
            sink,
        }
    }

    /// Whether the journal keeps anything at all.
    pub fn is_on(&self) -> bool {
        self.capacity > 0 || self.sink.is_some()
    }

    fn keep(&self, mut entry: JournalEntry) {
        entry.id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let entry = Arc::new(entry);
        if let Some(sink) = &self.sink {
            sink.send(Arc::clone(&entry));
        }
        if self.capacity == 0 {
            return;
        }
        let mut ring = self.ring.lock().expect("journal lock");
        if ring.len() == self.capacity {
            ring.pop_front();
        }
        ring.push_back(entry);
    }

    /// The entries `query` selects: from the database when the journal is kept there (every
    /// replica's), else from this replica's ring.
    pub async fn list(
        &self,
        filter: &JournalFilter,
    ) -> openwork_platform::Result<Vec<JournalEntry>> {
        if let Some(sink) = &self.sink {
            return sink.list(filter).await;
        }
        let ring = self.ring.lock().expect("journal lock");
        Ok(sink::select(filter, ring.iter().map(|e| e.as_ref())))
    }

    /// Forgets every entry (this replica's ring, and the database's when kept there).
    pub async fn clear(&self) -> openwork_platform::Result<()> {
        self.ring.lock().expect("journal lock").clear();
        if let Some(sink) = &self.sink {
            sink.clear().await?;
        }
        Ok(())
    }
}

/// Reads of the journal itself and the console's files are not recorded: a console following
/// the journal would otherwise fill it with its own polling.
fn is_unrecorded(path: &str) -> bool {
    path.starts_with("/_openwork/v1/requests") || path.starts_with("/_openwork/console")
}

/// Which API a path belongs to.
fn api_of(path: &str) -> &'static str {
    if path.starts_with("/open-apis/") || path.starts_with("/callback/") {
        "feishu"
    } else if path.starts_with("/_openwork/") {
        "admin"
    } else if path == "/gettoken" || path.starts_with("/topapi/") {
        "dingtalk"
    } else {
        "other"
    }
}

/// A body as an entry keeps it: the first [`BODY_CAP_BYTES`], redacted.
fn captured(bytes: &[u8]) -> JournalBody {
    let kept = &bytes[..bytes.len().min(BODY_CAP_BYTES)];
    JournalBody {
        text: redact::text(&String::from_utf8_lossy(kept)),
        bytes: bytes.len(),
        truncated: kept.len() < bytes.len(),
    }
}

fn headers(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| {
            let value = String::from_utf8_lossy(value.as_bytes());
            (
                name.as_str().to_owned(),
                redact::header(name.as_str(), &value),
            )
        })
        .collect()
}

/// The vendor code and DingTalk `request_id` of a JSON answer.
fn vendor_code(body: &[u8]) -> (Option<i64>, Option<String>) {
    #[derive(serde::Deserialize)]
    struct Envelope {
        code: Option<i64>,
        errcode: Option<i64>,
        request_id: Option<String>,
    }
    match serde_json::from_slice::<Envelope>(body) {
        Ok(envelope) => (envelope.code.or(envelope.errcode), envelope.request_id),
        Err(_) => (None, None),
    }
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

/// The middleware: runs the request with fresh [`Facts`], then keeps its entry and sends the
/// explanation header. Bodies are read whole (as the handlers' extractors would), so that the
/// entry holds them; the answer the client gets is unchanged.
pub async fn record(State(journal): State<Arc<Journal>>, request: Request, next: Next) -> Response {
    if is_unrecorded(request.uri().path()) {
        return next.run(request).await;
    }
    let started = Instant::now();
    let time = OffsetDateTime::now_utc();
    let (parts, body) = request.into_parts();
    let body = match axum::body::to_bytes(body, crate::MAX_BODY_BYTES).await {
        Ok(bytes) => bytes,
        Err(_) => {
            return (
                StatusCode::PAYLOAD_TOO_LARGE,
                "Failed to buffer the request body: length limit exceeded",
            )
                .into_response();
        }
    };
    let entry_base = JournalEntry {
        id: 0,
        replica: journal.replica.clone(),
        time: time
            .replace_nanosecond(time.millisecond() as u32 * 1_000_000)
            .unwrap_or(time)
            .format(&Rfc3339)
            .unwrap_or_default(),
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(redact::text),
        api: api_of(parts.uri.path()).to_owned(),
        operation: None,
        tenant_key: None,
        app_id: None,
        caller: None,
        request_headers: headers(&parts.headers),
        request_body: captured(&body),
        status: 0,
        code: None,
        log_id: log_id::current(),
        request_id: None,
        duration_ms: 0.0,
        response_body: JournalBody::default(),
        explanation: None,
        fault: None,
    };
    let request = Request::from_parts(parts, Body::from(body));
    let facts = Arc::new(Mutex::new(Facts::default()));
    let response = FACTS.scope(Arc::clone(&facts), next.run(request)).await;
    let (mut parts, body) = response.into_parts();
    let facts = facts.lock().expect("facts lock").clone();
    let Ok(body) = axum::body::to_bytes(body, usize::MAX).await else {
        // The answer broke off (an injected dropped connection): keep what is known.
        journal.keep(JournalEntry {
            status: parts.status.as_u16(),
            duration_ms: started.elapsed().as_secs_f64() * 1_000.0,
            ..with_facts(entry_base, facts)
        });
        return Response::from_parts(parts, Body::from_stream(broken_stream()));
    };
    if let Some(explanation) = &facts.explanation {
        parts
            .headers
            .insert(EXPLAIN_HEADER, header_value(explanation));
    }
    let (code, request_id) = vendor_code(&body);
    journal.keep(JournalEntry {
        status: parts.status.as_u16(),
        code,
        request_id,
        duration_ms: started.elapsed().as_secs_f64() * 1_000.0,
        response_body: captured(&body),
        ..with_facts(entry_base, facts)
    });
    Response::from_parts(parts, Body::from(body))
}

fn with_facts(entry: JournalEntry, facts: Facts) -> JournalEntry {
    JournalEntry {
        operation: facts.operation,
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
        explanation: facts.explanation,
        fault: facts.fault,
        ..entry
    }
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
