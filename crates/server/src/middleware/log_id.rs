//! Every response carries a vendor-shaped log ID in `X-Tt-Logid`; Feishu error bodies repeat it
//! in `error.log_id`. The ID is set for the whole request in a task-local, so that error
//! rendering finds it without threading it through every handler.

use http::HeaderValue;
use rand::Rng;
use time::OffsetDateTime;

tokio::task_local! {
    static LOG_ID: LogId;
}

/// How long a log ID is.
const LOG_ID_LEN: usize = 34;

/// `YYYYMMDDhhmmss` (UTC) + 20 upper-case hex digits: 34 characters like the vendor's. Kept as
/// bytes, so that giving every request one allocates nothing until it is written out.
#[derive(Clone, Copy)]
pub struct LogId([u8; LOG_ID_LEN]);

impl LogId {
    pub fn new() -> Self {
        Self::at(OffsetDateTime::now_utc(), rand::thread_rng().r#gen())
    }

    /// The ID of a request at `now` whose random part is `random`'s last 80 bits.
    fn at(now: OffsetDateTime, random: u128) -> Self {
        let mut id = [0u8; LOG_ID_LEN];
        let fields = [
            (now.year().unsigned_abs(), 4),
            (u32::from(u8::from(now.month())), 2),
            (u32::from(now.day()), 2),
            (u32::from(now.hour()), 2),
            (u32::from(now.minute()), 2),
            (u32::from(now.second()), 2),
        ];
        let mut end = 0;
        for (value, width) in fields {
            end += width;
            write_decimal(&mut id[end - width..end], value);
        }
        write_hex(&mut id[end..], random);
        Self(id)
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("a log ID is ASCII")
    }

    /// The `X-Tt-Logid` header's value.
    pub fn header(&self) -> HeaderValue {
        HeaderValue::from_bytes(&self.0).expect("a log ID is digits and letters")
    }
}

impl std::fmt::Debug for LogId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Default for LogId {
    fn default() -> Self {
        Self::new()
    }
}

/// Fills `digits` with the last `digits.len()` decimal digits of `value`, zeros in front.
fn write_decimal(digits: &mut [u8], mut value: u32) {
    for digit in digits.iter_mut().rev() {
        *digit = b'0' + (value % 10) as u8;
        value /= 10;
    }
}

/// Fills `digits` with the last `digits.len()` hexadecimal digits of `value`, upper case, zeros
/// in front (by shifts: dividing a `u128` is a library call per digit).
fn write_hex(digits: &mut [u8], mut value: u128) {
    for digit in digits.iter_mut().rev() {
        *digit = b"0123456789ABCDEF"[(value & 0xF) as usize];
        value >>= 4;
    }
}

/// The current request's log ID (a fresh one outside a request).
pub fn current() -> String {
    LOG_ID
        .try_with(|id| *id)
        .unwrap_or_default()
        .as_str()
        .to_owned()
}

/// Runs `answer` as if inside a request whose log ID is `log_id` (for answers made outside the
/// router, which must carry one ID in their header and body alike).
pub fn within<R>(log_id: LogId, answer: impl FnOnce() -> R) -> R {
    LOG_ID.sync_scope(log_id, answer)
}

/// Runs `request` (a request's whole handling) with `log_id` as its log ID.
pub async fn scope<R>(log_id: LogId, request: impl Future<Output = R>) -> R {
    LOG_ID.scope(log_id, request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_ids_have_the_vendor_shape() {
        let id = LogId::new();
        let id = id.as_str();
        assert_eq!(id.len(), 34);
        assert!(id[..14].chars().all(|c| c.is_ascii_digit()));
        assert!(
            id[14..]
                .chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_lowercase())
        );
    }

    #[test]
    fn a_log_id_is_its_time_then_its_random_part() {
        // 2026-11-30 21:05:09 UTC.
        let now = OffsetDateTime::from_unix_timestamp(1_796_072_709).expect("a valid time");
        let id = LogId::at(now, (0xFFFF << 80) | 0xBEEF);
        assert_eq!(id.as_str(), "202611302105090000000000000000BEEF");
        assert_eq!(id.header(), id.as_str());
    }

    #[test]
    fn digits_are_written_with_zeros_in_front() {
        let mut digits = [0u8; 6];
        write_hex(&mut digits, 0xBEEF);
        assert_eq!(&digits, b"00BEEF");
        write_decimal(&mut digits[..2], 7);
        assert_eq!(&digits, b"07BEEF");
        write_decimal(&mut digits, 2026);
        assert_eq!(&digits, b"002026");
    }
}
