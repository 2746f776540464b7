//! The errors every part of openwork shares: credentials, tokens, scopes, limits, validation,
//! the admin API's, storage. No HTTP here: each front end (Feishu, DingTalk, admin API) decides
//! the answer for every variant in its one renderer, and each service's own error enum wraps
//! this one.

use serde::Serialize;

/// One offending input value, as vendors report it (`error.field_violations[]` on Feishu).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldViolation {
    pub field: String,
    pub value: String,
    pub description: String,
}

impl FieldViolation {
    pub fn new(
        field: impl Into<String>,
        value: impl Into<String>,
        description: impl Into<String>,
    ) -> Self {
        Self {
            field: field.into(),
            value: value.into(),
            description: description.into(),
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
    pub fn invalid(name: &str, reason: impl Into<String>) -> Self {
        Self::InvalidArgument {
            name: name.to_owned(),
            reason: reason.into(),
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
    use super::in_plain_words;

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
}
