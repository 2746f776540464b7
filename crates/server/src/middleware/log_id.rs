//! Every response carries a vendor-shaped log ID in `X-Tt-Logid`; Feishu error bodies repeat it
//! in `error.log_id`. The ID is set for the whole request in a task-local, so that error
//! rendering finds it without threading it through every handler.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::HeaderValue;
use rand::Rng;
use time::OffsetDateTime;

tokio::task_local! {
    static LOG_ID: String;
}

/// `YYYYMMDDhhmmss` (UTC) + 20 upper-case hex digits: 34 characters like the vendor's.
pub fn new_log_id() -> String {
    let now = OffsetDateTime::now_utc();
    let random: u128 = rand::thread_rng().r#gen::<u128>() & ((1u128 << 80) - 1);
    format!(
        "{:04}{:02}{:02}{:02}{:02}{:02}{:020X}",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second(),
        random
    )
}

/// The current request's log ID (a fresh one outside a request).
pub fn current() -> String {
    LOG_ID
        .try_with(Clone::clone)
        .unwrap_or_else(|_| new_log_id())
}

/// Runs `answer` as if inside a request whose log ID is `log_id` (for answers made outside the
/// router, which must carry one ID in their header and body alike).
pub fn within<R>(log_id: String, answer: impl FnOnce() -> R) -> R {
    LOG_ID.sync_scope(log_id, answer)
}

pub async fn layer(request: Request, next: Next) -> Response {
    let log_id = new_log_id();
    let header = HeaderValue::from_str(&log_id).expect("hex and digits");
    let mut response = LOG_ID.scope(log_id, next.run(request)).await;
    response.headers_mut().insert("x-tt-logid", header);
    response
}

#[cfg(test)]
mod tests {
    #[test]
    fn log_ids_have_the_vendor_shape() {
        let id = super::new_log_id();
        assert_eq!(id.len(), 34);
        assert!(id[..14].chars().all(|c| c.is_ascii_digit()));
        assert!(
            id[14..]
                .chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_lowercase())
        );
    }
}
