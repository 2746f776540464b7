//! The per-request deadline (`--request-timeout`): a request that takes longer is answered as
//! an internal failure in the envelope of the API its path belongs to (Feishu's internal error,
//! DingTalk's "system busy", the admin API's `internal`), and its handler is dropped, which rolls
//! back any transaction it had open. The time counts from the request's headers to its answer;
//! a streamed answer's body is not timed.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::refusal::{self, Refusal};

pub async fn layer(State(timeout): State<Duration>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    match tokio::time::timeout(timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            let late = format!(
                "{path} took longer than its {} s deadline (--request-timeout); it was abandoned",
                timeout.as_secs()
            );
            refusal::answer(&path, Refusal::TooSlow(late))
        }
    }
}
