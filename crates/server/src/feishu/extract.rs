//! Request extractors that answer malformed input in the Feishu envelope (axum's own would
//! answer 400/415/422 in plain text).

use axum::extract::{FromRequest, FromRequestParts, Request};
use http::HeaderMap;
use http::request::Parts;
use openwork_platform::Error;
use openwork_platform::error::in_plain_words;
use serde::de::DeserializeOwned;

use super::envelope::FeishuError;
use crate::middleware::body_limit::{self, Unreadable};

/// The bearer token of a request. VENDOR: no `Authorization` header, or one without the
/// `Bearer ` prefix, is 99991661 (missing token).
pub fn bearer_token(headers: &HeaderMap) -> Result<&str, Error> {
    headers
        .get(http::header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|token| !token.is_empty())
        .ok_or(Error::MissingToken)
}

/// Decodes JSON, naming the offending field on failure.
pub fn decode_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Error> {
    // VENDOR: a bodyless POST behaves as an empty object.
    let bytes: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        bytes
    };
    let mut json = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut json).map_err(|err| {
        let field = err.path().to_string();
        let inner = err.into_inner();
        let field = if inner.is_syntax() || inner.is_eof() || field == "." {
            "body".to_owned()
        } else {
            field
        };
        Error::field(field, "", in_plain_words(&inner.to_string()))
    })
}

/// A JSON body, read whatever the request's `Content-Type` says: the Python SDK sends none on
/// its token calls.
pub struct FeishuJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for FeishuJson<T> {
    type Rejection = FeishuError;

    async fn from_request(request: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let bytes = body_limit::read(request)
            .await
            .map_err(|Unreadable(why)| Error::field("body", "", why))?;
        Ok(Self(decode_json(&bytes)?))
    }
}

/// Query parameters, decoded with the vendor's validation error on failure.
pub struct FeishuQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for FeishuQuery<T> {
    type Rejection = FeishuError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        let decoder = serde_urlencoded::Deserializer::new(form_urlencoded_parse(query));
        serde_path_to_error::deserialize(decoder)
            .map(Self)
            .map_err(|err| {
                let field = err.path().to_string();
                let message = in_plain_words(&err.into_inner().to_string());
                FeishuError::from(Error::field(field, "", message))
            })
    }
}

/// A path parameter. One that is not UTF-8 once percent-decoded is the vendor's validation
/// error naming it (axum's own answer is plain text).
pub struct FeishuPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for FeishuPath<T> {
    type Rejection = FeishuError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Self(value)),
            Err(rejection) => {
                let message = in_plain_words(&rejection.body_text());
                Err(Error::field("path", parts.uri.path(), message).into())
            }
        }
    }
}

fn form_urlencoded_parse(query: &str) -> form_urlencoded::Parse<'_> {
    form_urlencoded::parse(query.as_bytes())
}
