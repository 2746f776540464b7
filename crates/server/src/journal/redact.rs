//! Secrets never reach the journal: credentials and tokens are replaced wherever they appear —
//! headers, query strings, JSON, form and YAML bodies — before an entry is kept.

/// Keys whose values are secrets in every syntax (`key=value`, `"key": "value"`,
/// `key: value`). `page_token` and `client_token` are not secrets and are kept.
const SECRET_KEYS: &[&str] = &[
    "access_token",
    "admin_token",
    "app_access_token",
    "app_secret",
    "appsecret",
    "client_secret",
    "clientassertion",
    "corpsecret",
    "encrypt_key",
    "password",
    "refresh_token",
    "tenant_access_token",
    "ticket",
    "user_access_token",
    "verification_token",
];

/// The OAuth `code` is a secret too, but `code` is also every vendor envelope's number: it is
/// redacted only where its value is text that is not a number (`code=ab12`, `"code": "ab12"`).
const TEXT_ONLY_SECRET_KEYS: &[&str] = &["code"];

pub const REDACTED: &str = "<redacted>";

/// Headers that carry credentials.
const SECRET_HEADERS: &[&str] = &["authorization", "cookie", "set-cookie", "x-openwork-admin"];

/// A header's value as the journal keeps it: the scheme of an `Authorization` header stays
/// (`Bearer <redacted>`), so that a reader sees which kind of credential was sent.
pub fn header(name: &str, value: &str) -> String {
    if !SECRET_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
        return text(value);
    }
    match value.split_once(' ') {
        Some((scheme, _)) if name.eq_ignore_ascii_case("authorization") => {
            format!("{scheme} {REDACTED}")
        }
        _ => REDACTED.to_owned(),
    }
}

/// `text` with the value of every secret key replaced.
pub fn text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((start, key, text_only)) = next_key(rest) {
        let after_key = start + key.len();
        out.push_str(&rest[..after_key]);
        rest = &rest[after_key..];
        let Some(value_at) = value_start(rest, text_only) else {
            continue;
        };
        out.push_str(&rest[..value_at.start]);
        out.push_str(REDACTED);
        rest = &rest[value_at.end..];
    }
    out.push_str(rest);
    out
}

/// The next secret key that stands as a whole word: its byte offset, the key, and whether only
/// a text value counts.
fn next_key(text: &str) -> Option<(usize, &'static str, bool)> {
    let lower = text.to_ascii_lowercase();
    let keys = SECRET_KEYS
        .iter()
        .map(|k| (*k, false))
        .chain(TEXT_ONLY_SECRET_KEYS.iter().map(|k| (*k, true)));
    let mut best: Option<(usize, &'static str, bool)> = None;
    for (key, text_only) in keys {
        let mut from = 0;
        while let Some(found) = lower[from..].find(key) {
            let at = from + found;
            let end = at + key.len();
            let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
            if !word(lower[..at].chars().next_back()) && !word(lower[end..].chars().next()) {
                if best.is_none_or(|(b, k, _)| at < b || (at == b && key.len() > k.len())) {
                    best = Some((at, key, text_only));
                }
                break;
            }
            from = end;
        }
    }
    best
}

/// Where the value after a key is: past an optional closing quote, `=` or `:`, spaces and an
/// opening quote; up to the closing quote or the next delimiter. `None` when no value follows
/// (or, for `text_only` keys, when the value is a bare JSON or YAML word such as a number).
fn value_start(rest: &str, text_only: bool) -> Option<std::ops::Range<usize>> {
    let bytes = rest.as_bytes();
    let mut at = 0;
    if matches!(bytes.first(), Some(b'"' | b'\'')) {
        at += 1;
    }
    let separator = *bytes.get(at)?;
    if separator != b'=' && separator != b':' {
        return None;
    }
    at += 1;
    while bytes.get(at) == Some(&b' ') {
        at += 1;
    }
    let quote = match bytes.get(at) {
        Some(q @ (b'"' | b'\'')) => Some(*q),
        _ => None,
    };
    if text_only && quote.is_none() && separator == b':' {
        return None;
    }
    let start = at + usize::from(quote.is_some());
    let end = match quote {
        Some(q) => rest[start..]
            .find(q as char)
            .map_or(rest.len(), |i| start + i),
        None => rest[start..]
            .find(['&', ',', '}', ']', '\n', '\r', ' ', '"'])
            .map_or(rest.len(), |i| start + i),
    };
    // A number after a text-only key is a vendor code (`&code=99991400` in a troubleshooter
    // link), not a secret.
    if text_only && rest[start..end].bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    (end > start).then_some(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_go_in_every_syntax() {
        let cases = [
            (
                r#"{"app_id":"cli_x","app_secret":"s3cret"}"#,
                r#"{"app_id":"cli_x","app_secret":"<redacted>"}"#,
            ),
            (
                r#"{"code":0,"tenant_access_token":"t-abc","expire":7200}"#,
                r#"{"code":0,"tenant_access_token":"<redacted>","expire":7200}"#,
            ),
            (
                "appkey=ding1&appsecret=xyz&corpid=c",
                "appkey=ding1&appsecret=<redacted>&corpid=c",
            ),
            ("access_token=abc", "access_token=<redacted>"),
            (
                "apps:\n  - app_id: cli_x\n    app_secret: s3cret\n",
                "apps:\n  - app_id: cli_x\n    app_secret: <redacted>\n",
            ),
            (
                r#"{"grant_type":"authorization_code","code":"c-123"}"#,
                r#"{"grant_type":"authorization_code","code":"<redacted>"}"#,
            ),
            (
                "/callback?code=abc&state=1",
                "/callback?code=<redacted>&state=1",
            ),
            (
                "search?log_id=2026&code=99991400&method_id=0",
                "search?log_id=2026&code=99991400&method_id=0",
            ),
            (
                r#"{"AppID":"cli_x","AppSecret":"","ClientAssertion":"jwt"}"#,
                r#"{"AppID":"cli_x","AppSecret":"","ClientAssertion":"<redacted>"}"#,
            ),
            (
                r#"{"URL":"ws://h/ws/v2?fpid=1&device_id=7&service_id=1&ticket=AQ-_z"}"#,
                r#"{"URL":"ws://h/ws/v2?fpid=1&device_id=7&service_id=1&ticket=<redacted>"}"#,
            ),
            (
                r#"{"page_token":"p1","client_token":"c1","refresh_token":"r"}"#,
                r#"{"page_token":"p1","client_token":"c1","refresh_token":"<redacted>"}"#,
            ),
        ];
        for (raw, kept) in cases {
            assert_eq!(text(raw), kept, "{raw}");
        }
    }

    #[test]
    fn authorization_keeps_its_scheme_only() {
        assert_eq!(header("Authorization", "Bearer t-abc"), "Bearer <redacted>");
        assert_eq!(header("cookie", "a=b"), REDACTED);
        assert_eq!(
            header("content-type", "application/json"),
            "application/json"
        );
    }
}
