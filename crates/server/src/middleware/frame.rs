//! What surrounds every request, outermost first: its log ID, its journal entry, its deadline.
//! They are one layer rather than three because each axum layer clones the rest of the route
//! stack and boxes a future for every request; the two layers saved were about 5 % of the
//! token call's time (bench/analysis.md).

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use super::deadline;
use super::log_id::{self, LogId};
use crate::journal::{self, Journal};

/// What the frame needs: the journal, unless it keeps nothing, and the deadline.
#[derive(Clone)]
pub struct Frame {
    pub journal: Option<Arc<Journal>>,
    pub request_timeout: Duration,
}

/// The journal records inside the log ID's scope, so that its entries carry the ID the answer
/// does, and outside the deadline, so that a request answered late is recorded.
pub async fn layer(State(frame): State<Frame>, request: Request, next: Next) -> Response {
    let id = LogId::new();
    let timed = |request: Request| {
        let uri = request.uri().clone();
        deadline::within(frame.request_timeout, uri, next.run(request))
    };
    let mut response = log_id::scope(id, async {
        match &frame.journal {
            Some(journal) => journal::record(journal, id, request, timed).await,
            None => timed(request).await,
        }
    })
    .await;
    response.headers_mut().insert("x-tt-logid", id.header());
    response
}
