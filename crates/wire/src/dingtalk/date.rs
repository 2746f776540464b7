//! DingTalk dates: written `yyyy-MM-dd HH:mm:ss` in UTC+8; read in that form, as RFC 3339, or
//! as epoch milliseconds (what the official Java SDK sends and accepts).

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

const CHINA: UtcOffset = match UtcOffset::from_hms(8, 0, 0) {
    Ok(offset) => offset,
    Err(_) => panic!("UTC+8 is a valid offset"),
};

/// The instant `millis` in UTC+8, if a DingTalk date can write it: `yyyy` has four digits and
/// Java's calendar no year 0, so years 1 to 9999.
fn in_china(millis: i64) -> Option<OffsetDateTime> {
    let at = OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * 1_000_000)
        .ok()?
        .checked_to_offset(CHINA)?;
    (1..=9999).contains(&at.year()).then_some(at)
}

/// Milliseconds since the epoch as `yyyy-MM-dd HH:mm:ss` in UTC+8; empty when no such text can
/// say it (a date [`parse`] would have refused).
pub fn format(millis: i64) -> String {
    let format = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    in_china(millis)
        .and_then(|at| at.format(&format).ok())
        .unwrap_or_default()
}

/// A date as text: `yyyy-MM-dd HH:mm:ss` (UTC+8), RFC 3339, or epoch milliseconds. Only dates
/// [`format`] can write back are dates: one outside the years 1 to 9999 (in UTC+8) is refused,
/// as the vendor refuses it, rather than stored and answered as nothing.
pub fn parse(text: &str) -> Option<i64> {
    let text = text.trim();
    let millis = match text.parse::<i64>() {
        Ok(millis) => millis,
        Err(_) => {
            let format = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
            let at = match PrimitiveDateTime::parse(text, &format) {
                Ok(local) => local.assume_offset(CHINA),
                Err(_) => OffsetDateTime::parse(text, &Rfc3339).ok()?,
            };
            i64::try_from(at.unix_timestamp_nanos() / 1_000_000).ok()?
        }
    };
    in_china(millis).map(|_| millis)
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

    #[test]
    fn only_dates_that_can_be_written_back_parse() {
        let first = parse("0001-01-01 00:00:00").unwrap();
        assert_eq!(format(first), "0001-01-01 00:00:00");
        let last = parse("9999-12-31 23:59:59").unwrap();
        assert_eq!(format(last), "9999-12-31 23:59:59");
        for text in [
            "9223372036854775807",
            "-9223372036854775808",
            "253402300800000", // 10000-01-01 08:00:00 in UTC+8
            "9999-12-31T20:00:00Z",
            "0000-12-31T23:59:59+08:00",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
        // Not from a parse (a stored value): no text, and no panic moving it to UTC+8.
        assert_eq!(format(253_402_272_000_000), "");
        assert_eq!(format(i64::MAX), "");
    }
}
