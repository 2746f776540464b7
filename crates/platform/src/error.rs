//! The errors every part of openwork shares: credentials, tokens, scopes, limits, validation,
//! the admin API's, storage. No HTTP here: each front end (Feishu, DingTalk, admin API) decides
//! the answer for every variant in its one renderer, and each service's own error enum wraps
//! this one.

use std::borrow::Cow;

use serde::Serialize;

/// The most characters of one input value an error quotes back.
pub const QUOTED_CHARS: usize = 64;

/// `input` as an error quotes it back: whole up to [`QUOTED_CHARS`] characters, else its first
/// ones and how long it was (`aaaa…(20971520 bytes)`). Every error that quotes what a caller
/// sent quotes it through this, so that no answer grows with the input.
pub fn excerpt(input: &str) -> Cow<'_, str> {
    match input.char_indices().nth(QUOTED_CHARS) {
        None => Cow::Borrowed(input),
        Some((cut, _)) => Cow::Owned(format!("{}…({} bytes)", &input[..cut], input.len())),
    }
}

/// `message` with every string it quotes as `{:?}` writes one (`"…"`, with `\"` inside) cut
/// by [`excerpt`], as written (escapes count): that is how messages quote input, ours and
/// serde's (`invalid type: string "…"`). An unclosed quote is cut too.
pub fn excerpt_quotes(message: &str) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(open) = rest.find('"') {
        out.push_str(&rest[..=open]);
        let quoted = &rest[open + 1..];
        let mut escaped = false;
        let close = quoted.char_indices().find_map(|(at, c)| {
            let closes = c == '"' && !escaped;
            escaped = c == '\\' && !escaped;
            closes.then_some(at)
        });
        let Some(close) = close else {
            out.push_str(&excerpt(quoted));
            return out;
        };
        out.push_str(&excerpt(&quoted[..close]));
        out.push('"');
        rest = &quoted[close + 1..];
    }
    out.push_str(rest);
    out
}

/// One offending input value, as vendors report it (`error.field_violations[]` on Feishu).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldViolation {
    pub field: String,
    pub value: String,
    pub description: String,
}

impl FieldViolation {
    /// The field's name and value, and any input the description quotes, cut by [`excerpt`]:
    /// every field violation of every service is made here.
    pub fn new(
        field: impl Into<String>,
        value: impl Into<String>,
        description: impl Into<String>,
    ) -> Self {
        Self {
            field: excerpt(&field.into()).into_owned(),
            value: excerpt(&value.into()).into_owned(),
            description: excerpt_quotes(&description.into()),
        }
    }
}

/// What kind of credential a caller presented.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// A tenant (or, for self-built apps, identical app) access token.
    Tenant,
    /// A user access token.
    User,
    /// A DingTalk `access_token` (from `/gettoken`).
    DingTalk,
}

/// A storage failure.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database failed or answered something unexpected.
    #[error("{0}")]
    Backend(String),
    /// A uniqueness rule would be broken (a concurrent writer got there first).
    #[error("conflict: {0}")]
    Conflict(String),
    /// A row was written for an owner that no longer exists (a concurrent writer deleted it).
    #[error("the owner of this row is gone: {0}")]
    OwnerGone(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    // --- credentials, tokens, scopes, limits, generic validation ---
    /// App id / secret pair unknown (token endpoints).
    #[error("invalid app credentials")]
    InvalidCredentials,
    /// No `Authorization: Bearer …` header.
    #[error("missing access token")]
    MissingToken,
    /// A token that is malformed, forged, altered, expired, revoked, or of a kind the API does not
    /// accept. `presented` is the kind the token claims to be (by its shape).
    #[error("invalid access token")]
    InvalidToken { presented: TokenKind },
    /// The app lacks every scope the API accepts.
    #[error("access denied: one of the scopes {scopes:?} is required")]
    ScopeRequired { scopes: Vec<String> },
    /// Too many calls to one API by one app in the current window.
    #[error("request trigger frequency limit")]
    RateLimited { limit: u32, reset_seconds: u64 },
    /// Input that breaks the API's declared schema (required, type, length, range, enum).
    #[error("field validation failed")]
    FieldValidation(Vec<FieldViolation>),
    /// The caller's tenant was deleted after its token was checked (a write found it gone).
    /// Every front end answers as it would have a moment later: the token is no longer valid.
    #[error("the caller's tenant no longer exists")]
    TenantGone { presented: TokenKind },

    // --- authen (OAuth code flow) ---
    #[error("{0}")]
    OAuth(#[from] OAuthError),

    // --- the DingTalk gateway ---
    #[error("{0}")]
    Gateway(#[from] GatewayError),

    // --- admin API ---
    #[error("{what} not found")]
    NotFound { what: String },
    #[error("{path}: {message}")]
    InvalidFixture { path: String, message: String },
    #[error("{0}")]
    BadRequest(String),

    // --- infrastructure ---
    /// A storage failure; its text is logged, never shown to API callers.
    #[error("storage: {0}")]
    Storage(#[from] StoreError),
}

impl Error {
    pub fn not_found(what: impl Into<String>) -> Self {
        Self::NotFound { what: what.into() }
    }

    pub fn field(
        field: impl Into<String>,
        value: impl Into<String>,
        description: impl Into<String>,
    ) -> Self {
        Self::FieldValidation(vec![FieldViolation::new(field, value, description)])
    }

    pub fn invalid_fixture(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::InvalidFixture {
            path: path.into(),
            message: message.into(),
        }
    }
}

/// Failures of the OAuth code flow (`authen/v1/oidc/*`).
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum OAuthError {
    /// A required field is missing.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    #[error("the grant_type passed is not supported")]
    UnsupportedGrantType,
    /// Unknown or already used.
    #[error("the code passed is invalid")]
    InvalidCode,
    #[error("the code passed has expired")]
    ExpiredCode,
    /// Unknown or already used (refresh tokens rotate).
    #[error("the refresh token passed is invalid")]
    InvalidRefreshToken,
    #[error("the refresh token passed has expired")]
    ExpiredRefreshToken,
    /// The grant was issued to another app than the caller's.
    #[error("the grant belongs to another app")]
    AppMismatch,
}

/// Failures of the DingTalk gateway itself: its token endpoint, API names, arguments and
/// permissions, whatever the API called.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum GatewayError {
    /// No such API (`dingtalk.oapi.…`).
    #[error("unknown API {0}")]
    UnknownApi(String),
    #[error("missing required argument {0}")]
    MissingArgument(String),
    #[error("invalid argument {name}: {reason}")]
    InvalidArgument { name: String, reason: String },
    /// The app may not call this API.
    #[error("no permission for {0}")]
    NoPermission(String),
    /// `/gettoken` without `appkey` or `corpid`.
    #[error("missing corpid or appkey")]
    MissingCredentials,
    /// `/gettoken` with a key and secret that do not match.
    #[error("invalid appKey or appSecret")]
    BadCredentials,
}

impl GatewayError {
    /// The argument's name, and any input the reason quotes, cut by [`excerpt`].
    pub fn invalid(name: &str, reason: impl Into<String>) -> Self {
        Self::InvalidArgument {
            name: excerpt(name).into_owned(),
            reason: excerpt_quotes(&reason.into()),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A decoder's complaint (serde's, about a JSON or YAML body) in the words of the person who
/// wrote the body: what serde calls `struct TenantDoc` or `u32` is "an object" or "an integer"
/// to them.
pub fn in_plain_words(message: &str) -> String {
    const INTEGERS: &[&str] = &[
        "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize",
    ];
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find("expected ") {
        let (before, after) = rest.split_at(at + "expected ".len());
        out.push_str(before);
        let word_end = |text: &str| {
            text.find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(text.len())
        };
        let first = &after[..word_end(after)];
        let (plain, consumed) = match first {
            "struct" | "enum" | "tuple" => {
                let named = after[first.len()..]
                    .trim_start_matches(" struct")
                    .trim_start();
                let skipped = after.len() - named.len() + word_end(named);
                let plain = if first == "enum" {
                    "one of the accepted values"
                } else {
                    "an object"
                };
                (plain, skipped)
            }
            word if INTEGERS.contains(&word) => ("an integer", word.len()),
            "f32" | "f64" => ("a number", first.len()),
            _ => match after {
                text if text.starts_with("a sequence") => ("a list", "a sequence".len()),
                text if text.starts_with("a map") => ("an object", "a map".len()),
                _ => ("", 0),
            },
        };
        out.push_str(plain);
        rest = &after[consumed..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoder_messages_lose_their_rust_names() {
        assert_eq!(
            in_plain_words("invalid type: string \"x\", expected struct TenantDoc at line 3"),
            "invalid type: string \"x\", expected an object at line 3"
        );
        assert_eq!(
            in_plain_words("invalid value: integer `-1`, expected u32"),
            "invalid value: integer `-1`, expected an integer"
        );
        assert_eq!(
            in_plain_words("invalid type: map, expected a sequence"),
            "invalid type: map, expected a list"
        );
        assert_eq!(
            in_plain_words("unknown variant `x`, expected enum Kind"),
            "unknown variant `x`, expected one of the accepted values"
        );
        assert_eq!(
            in_plain_words("unknown field `nmae`, expected one of `name`, `id`"),
            "unknown field `nmae`, expected one of `name`, `id`",
            "what already reads well stays"
        );
        assert_eq!(
            in_plain_words("invalid type: integer `5`, expected a string"),
            "invalid type: integer `5`, expected a string"
        );
    }

    #[test]
    fn an_excerpt_keeps_64_characters_and_says_how_long_the_input_was() {
        assert_eq!(excerpt("u1"), "u1");
        let exactly = "x".repeat(QUOTED_CHARS);
        assert_eq!(excerpt(&exactly), exactly);
        let huge = "u".repeat(20 * 1024 * 1024);
        assert_eq!(
            excerpt(&huge),
            format!("{}…(20971520 bytes)", "u".repeat(64))
        );
        // Cut between characters, never inside one.
        let wide = "用户".repeat(40);
        assert_eq!(excerpt(&wide), format!("{}…(240 bytes)", "用户".repeat(32)));
    }

    #[test]
    fn messages_quote_only_an_excerpt_of_each_input() {
        let huge = "9".repeat(1000);
        let short = |message: String| excerpt_quotes(&message);
        assert_eq!(
            short(format!("{huge:?} is not a user of this organisation")),
            format!(
                "\"{}…(1000 bytes)\" is not a user of this organisation",
                "9".repeat(64)
            )
        );
        // Escaped quotes stay inside their string; every quoted string is cut on its own.
        let quoting = format!("a\"b{huge}");
        assert_eq!(
            short(format!(
                "invalid type: string {quoting:?}, expected {:?}",
                "u1"
            )),
            format!(
                "invalid type: string \"a\\\"b{}…(1004 bytes)\", expected \"u1\"",
                "9".repeat(60)
            )
        );
        assert_eq!(
            short(format!("unclosed \"{huge}")),
            format!("unclosed \"{}…(1000 bytes)", "9".repeat(64))
        );
        let plain = "page_token is required (\"\" first)";
        assert_eq!(short(plain.to_owned()), plain);
    }

    #[test]
    fn field_violations_and_gateway_reasons_are_bounded_where_they_are_made() {
        let huge = "u".repeat(1 << 20);
        let violation =
            FieldViolation::new("semester_id", huge.clone(), format!("no semester {huge:?}"));
        assert_eq!(violation.field, "semester_id");
        assert!(violation.value.ends_with("…(1048576 bytes)"));
        assert!(violation.value.len() < 100, "{}", violation.value);
        assert!(
            violation.description.len() < 100,
            "{}",
            violation.description
        );
        let GatewayError::InvalidArgument { name, reason } = GatewayError::invalid(
            "operator_userid",
            format!("{huge:?} is not a user of this organisation"),
        ) else {
            unreachable!()
        };
        assert_eq!(name, "operator_userid");
        assert!(reason.len() < 150, "{reason}");
    }
}
