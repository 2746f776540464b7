//! DingTalk dates: written `yyyy-MM-dd HH:mm:ss` in UTC+8; read in that form, as RFC 3339, or
//! as epoch milliseconds (what the official Java SDK sends and accepts).

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

const CHINA: UtcOffset = match UtcOffset::from_hms(8, 0, 0) {
    Ok(offset) => offset,
    Err(_) => panic!("UTC+8 is a valid offset"),
};

/// Milliseconds since the epoch as `yyyy-MM-dd HH:mm:ss` in UTC+8.
pub fn format(millis: i64) -> String {
    let format = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * 1_000_000)
        .map(|at| at.to_offset(CHINA))
        .ok()
        .and_then(|at| at.format(&format).ok())
        .unwrap_or_default()
}

/// A date as text: `yyyy-MM-dd HH:mm:ss` (UTC+8), RFC 3339, or epoch milliseconds.
pub fn parse(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Ok(millis) = text.parse::<i64>() {
        return Some(millis);
    }
    let format = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    let at = match PrimitiveDateTime::parse(text, &format) {
        Ok(local) => local.assume_offset(CHINA),
        Err(_) => OffsetDateTime::parse(text, &Rfc3339).ok()?,
    };
    i64::try_from(at.unix_timestamp_nanos() / 1_000_000).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_forms_agree() {
        let millis = 1_578_983_991_000; // 2020-01-14 14:39:51 in UTC+8
        assert_eq!(format(millis), "2020-01-14 14:39:51");
        assert_eq!(parse("2020-01-14 14:39:51"), Some(millis));
        assert_eq!(parse("2020-01-14T06:39:51Z"), Some(millis));
        assert_eq!(parse("2020-01-14T14:39:51+08:00"), Some(millis));
        assert_eq!(parse("1578983991000"), Some(millis));
        assert_eq!(parse("1970-01-01 08:00:00"), Some(0), "Java's Date(0)");
        assert_eq!(parse("yesterday"), None);
    }
}
