//! The per-request deadline (`--request-timeout`): a request that takes longer is answered as
//! an internal failure in the envelope of the API its path belongs to (Feishu's internal error,
//! DingTalk's "system busy", the admin API's `internal`), and its handler is dropped, which rolls
//! back any transaction it had open. The time counts from the request's headers to its answer;
//! a streamed answer's body is not timed.

use std::time::Duration;

use axum::response::Response;
use http::Uri;

use crate::refusal::{self, Refusal};

/// `answer`, or, when it takes longer than `timeout`, the refusal of a request to `uri` that
/// was too slow (`answer` is then dropped).
pub async fn within(
    timeout: Duration,
    uri: Uri,
    answer: impl Future<Output = Response>,
) -> Response {
    match tokio::time::timeout(timeout, answer).await {
        Ok(response) => response,
        Err(_) => {
            let path = uri.path();
            let late = format!(
                "{path} took longer than its {} s deadline (--request-timeout); it was abandoned",
                timeout.as_secs()
            );
            refusal::answer(path, Refusal::TooSlow(late))
        }
    }
}
