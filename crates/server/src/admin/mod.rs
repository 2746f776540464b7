//! openwork's admin API under `/_openwork/v1` (semantics.md §1): fixtures, tenants, clocks, ID
//! lookup, user tokens, health. Every call but `healthz` needs the admin bearer token.

use axum::Router;
use axum::body::Bytes;
use axum::extract::FromRequestParts;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use http::request::Parts;
use openwork_core::Error;
use openwork_core::error::PlatformError;
use openwork_wire::admin::{AdminError, AdminErrorBody};
use serde::Serialize;

use crate::feishu::envelope::json_response;
use crate::feishu::extract::bearer_token;
use crate::state::AppState;

mod jobs;
mod performance;
mod report;
mod tenants;
mod workspace;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(tenants::routes())
        .merge(jobs::routes())
        .merge(performance::routes())
        .merge(report::routes())
        .merge(workspace::routes())
}

/// Proof that the request carried the admin token. A missing or wrong token is HTTP 401 with an
/// empty body (semantics.md §1).
pub struct AdminAuth;

impl FromRequestParts<AppState> for AdminAuth {
    type Rejection = StatusCode;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, StatusCode> {
        let presented = bearer_token(&parts.headers).map_err(|_| StatusCode::UNAUTHORIZED)?;
        let expected = state.admin_token.as_bytes();
        let same = presented.len() == expected.len()
            && presented
                .bytes()
                .zip(expected)
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0;
        if same {
            Ok(Self)
        } else {
            Err(StatusCode::UNAUTHORIZED)
        }
    }
}

/// An admin error: `{"error": {"code", "message", "path"?}}` with a fitting status.
pub struct AdminFailure(Error);

impl From<Error> for AdminFailure {
    fn from(err: Error) -> Self {
        Self(err)
    }
}

impl From<openwork_core::error::PlatformError> for AdminFailure {
    fn from(err: openwork_core::error::PlatformError) -> Self {
        Self(err.into())
    }
}

impl IntoResponse for AdminFailure {
    fn into_response(self) -> Response {
        let (status, code, path) = match &self.0 {
            Error::Platform(PlatformError::InvalidFixture { path, .. }) => (
                StatusCode::BAD_REQUEST,
                "invalid_fixture",
                Some(path.clone()),
            ),
            Error::Platform(PlatformError::NotFound { .. }) => {
                (StatusCode::NOT_FOUND, "not_found", None)
            }
            Error::Platform(PlatformError::BadRequest(_) | PlatformError::FieldValidation(_)) => {
                (StatusCode::BAD_REQUEST, "bad_request", None)
            }
            _ => (StatusCode::INTERNAL_SERVER_ERROR, "internal", None),
        };
        let message = if status == StatusCode::INTERNAL_SERVER_ERROR {
            tracing::error!(error = %self.0, "admin API failure");
            "internal error; see the server log".to_owned()
        } else {
            self.0.to_string()
        };
        json_response(
            status,
            &AdminErrorBody {
                error: AdminError {
                    code: code.to_owned(),
                    message,
                    path,
                },
            },
        )
    }
}

pub(crate) type AdminResult = Result<Response, AdminFailure>;

pub(crate) fn ok(body: &impl Serialize) -> AdminResult {
    Ok(json_response(StatusCode::OK, body))
}

pub(crate) fn parse_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, Error> {
    serde_json::from_slice(body).map_err(|err| Error::bad_request(format!("bad JSON body: {err}")))
}

/// A request body as UTF-8 text (fixtures and bodies in the fixture vocabulary).
pub(crate) fn body_text(body: &Bytes) -> Result<&str, Error> {
    std::str::from_utf8(body).map_err(|_| Error::bad_request("the body is not UTF-8 text"))
}
