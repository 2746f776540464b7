//! Injected faults (docs/semantics.md, "Fault injection"): the admin API makes chosen vendor
//! operations fail on purpose — a vendor error, latency, a dropped connection or a 5xx — for
//! the next N calls, with a probability, or until cleared, so that a client's retry paths can
//! be tested. Faults live in the replica that was told (like rate limits).

use std::sync::Mutex;
use std::time::Duration;

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};
use openwork_wire::admin::{Fault, FaultAction, FaultSpec};
use rand::Rng;

/// Which vendor's envelope an injected error takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Vendor {
    Feishu,
    DingTalk,
}

/// The faults in force on this replica.
#[derive(Default)]
pub struct Faults {
    state: Mutex<Registry>,
}

#[derive(Default)]
struct Registry {
    next_id: u64,
    faults: Vec<Fault>,
}

impl Faults {
    /// Adds a fault; a spec that cannot work is refused in words.
    pub fn add(&self, spec: FaultSpec) -> Result<Fault, String> {
        check(&spec)?;
        let mut state = self.state.lock().expect("faults lock");
        state.next_id += 1;
        let fault = Fault {
            id: state.next_id,
            remaining: spec.times,
            spec,
            hits: 0,
        };
        state.faults.push(fault.clone());
        Ok(fault)
    }

    pub fn list(&self) -> Vec<Fault> {
        self.state.lock().expect("faults lock").faults.clone()
    }

    /// Removes one fault; false when there was none with this ID.
    pub fn remove(&self, id: u64) -> bool {
        let mut state = self.state.lock().expect("faults lock");
        let before = state.faults.len();
        state.faults.retain(|f| f.id != id);
        state.faults.len() < before
    }

    pub fn clear(&self) {
        self.state.lock().expect("faults lock").faults.clear();
    }

    /// The first fault that hits this call, counted; a fault whose calls are used up goes.
    fn hit(&self, operation: &str, tenant: &str, app: &str) -> Option<Fault> {
        let mut state = self.state.lock().expect("faults lock");
        let mut rng = rand::thread_rng();
        let index = state.faults.iter().position(|f| {
            let spec = &f.spec;
            (spec.operation == "*" || spec.operation == operation)
                && spec.tenant_key.as_deref().is_none_or(|t| t == tenant)
                && spec.app_id.as_deref().is_none_or(|a| a == app)
                && spec.probability.is_none_or(|p| rng.gen_bool(p))
        })?;
        let fault = &mut state.faults[index];
        fault.hits += 1;
        if let Some(remaining) = &mut fault.remaining {
            *remaining -= 1;
        }
        let hit = fault.clone();
        if hit.remaining == Some(0) {
            state.faults.remove(index);
        }
        Some(hit)
    }

    /// Applies the fault (if any) that hits a call of `operation` by `app` of `tenant`: waits
    /// for latency and answers `None` (the call goes on), or answers the fault's response.
    pub async fn inject(
        &self,
        vendor: Vendor,
        operation: &str,
        tenant: &str,
        app: &str,
    ) -> Option<Response> {
        let fault = self.hit(operation, tenant, app)?;
        super::note_fault(describe(&fault));
        match fault.spec.action {
            FaultAction::Latency { ms } => {
                tokio::time::sleep(Duration::from_millis(ms)).await;
                None
            }
            FaultAction::VendorError {
                code,
                msg,
                http_status,
            } => Some(vendor_error(vendor, code, msg, http_status)),
            FaultAction::Drop => Some(Response::new(Body::from_stream(super::broken_stream()))),
            FaultAction::ServerError { status } => {
                let status = StatusCode::from_u16(status.unwrap_or(503))
                    .unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
                Some((status, format!("{status}")).into_response())
            }
        }
    }
}

fn check(spec: &FaultSpec) -> Result<(), String> {
    if spec.operation.trim().is_empty() {
        return Err(
            "operation is required: an operation name as journal entries show it, or *".into(),
        );
    }
    if spec.times == Some(0) {
        return Err("times must be at least 1 (leave it out to hit until cleared)".into());
    }
    if let Some(p) = spec.probability
        && !(p > 0.0 && p <= 1.0)
    {
        return Err(format!(
            "probability must be above 0 and at most 1, not {p}"
        ));
    }
    match &spec.action {
        FaultAction::VendorError {
            http_status: Some(status),
            ..
        } if !(200..600).contains(status) => {
            Err(format!("http_status must be 200 to 599, not {status}"))
        }
        FaultAction::ServerError {
            status: Some(status),
        } if !(500..600).contains(status) => {
            Err(format!("status must be 500 to 599, not {status}"))
        }
        _ => Ok(()),
    }
}

/// How the journal names the fault that answered.
fn describe(fault: &Fault) -> String {
    let what = match &fault.spec.action {
        FaultAction::VendorError { code, .. } => format!("vendor error {code}"),
        FaultAction::Latency { ms } => format!("{ms} ms of latency"),
        FaultAction::Drop => "a dropped connection".to_owned(),
        FaultAction::ServerError { status } => format!("HTTP {}", status.unwrap_or(503)),
    };
    format!(
        "injected fault {}: {what} (clear it with DELETE /_openwork/v1/faults/{})",
        fault.id, fault.id
    )
}

/// The vendor's error envelope for `code`. VENDOR: Feishu errors answer HTTP 400 unless told
/// otherwise, DingTalk's always HTTP 200.
fn vendor_error(vendor: Vendor, code: i64, msg: Option<String>, status: Option<u16>) -> Response {
    let msg = msg.unwrap_or_else(|| "injected fault".to_owned());
    let log_id = crate::middleware::log_id::current();
    let (default_status, body) = match vendor {
        Vendor::Feishu => (
            400,
            serde_json::json!({
                "code": code,
                "msg": msg,
                "error": {
                    "log_id": log_id,
                    "troubleshooter": crate::feishu::envelope::troubleshooter(&log_id, code),
                },
            }),
        ),
        Vendor::DingTalk => (
            200,
            serde_json::json!({
                "errcode": code,
                "errmsg": msg,
                "request_id": log_id.to_ascii_lowercase(),
            }),
        ),
    };
    let status = StatusCode::from_u16(status.unwrap_or(default_status)).unwrap_or(StatusCode::OK);
    let mut response = (status, body.to_string()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    response
}
