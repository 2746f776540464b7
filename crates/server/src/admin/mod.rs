//! openwork's admin API under `/_openwork/v1` (docs/semantics.md, "The admin API"): fixtures, tenants, clocks, ID
//! lookup, user tokens, health, the fixture schema, and the read-only lists a console browses the
//! world with. Every call but `healthz` and `fixture.schema.json` needs the admin bearer token.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::response::{IntoResponse, Response};
use http::request::Parts;
use http::{HeaderMap, StatusCode};
use openwork_platform::Error as PlatformError;
use openwork_platform::error::{excerpt_quotes, in_plain_words};
use openwork_platform::paging::{Page, PageRequest};
use openwork_platform::token::constant_time_eq;
use openwork_wire::admin::{AdminError, AdminErrorBody, ListPage, PageQuery};
use serde::Serialize;

use crate::feishu::envelope::json_response;
use crate::middleware::body_limit::{self, Unreadable};
use crate::routes::Routes;
use crate::state::AppState;

mod events;
mod export;
mod jobs;
mod journal;
mod openapi;
mod performance;
mod report;
mod schema;
mod tenants;
mod workspace;

pub fn router() -> Routes {
    Routes::new()
        .merge(tenants::routes())
        .merge(events::routes())
        .merge(export::routes())
        .merge(jobs::routes())
        .merge(journal::routes())
        .merge(performance::routes())
        .merge(report::routes())
        .merge(workspace::routes())
        .merge(openapi::routes())
        .merge(schema::routes())
}

/// Proof that the request carried the admin token. A missing or wrong token is HTTP 401 with
/// an `unauthorized` error saying which it was and what to send (docs/admin-api.md).
pub struct AdminAuth;

impl FromRequestParts<AppState> for AdminAuth {
    type Rejection = AdminFailure;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AdminFailure> {
        let presented = presented_token(&parts.headers);
        if presented.is_some_and(|p| constant_time_eq(p.as_bytes(), state.admin_token.as_bytes())) {
            return Ok(Self);
        }
        let message = if presented.is_some() {
            "the admin token is wrong: send the one `openwork serve` printed at start (or gave \
             with --admin-token / OPENWORK_ADMIN_TOKEN) as `Authorization: Bearer <admin token>`"
        } else {
            "the admin API needs `Authorization: Bearer <admin token>`; `openwork serve` prints \
             the token at start (or set it with --admin-token / OPENWORK_ADMIN_TOKEN)"
        };
        Err(AdminFailure::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            message.to_owned(),
        ))
    }
}

/// The admin token as sent after `Authorization: Bearer `, not trimmed as the vendors' tokens
/// are: only the exact secret opens the admin API, so ` secret` or `secret\t` is a wrong token.
fn presented_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(http::header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .filter(|token| !token.is_empty())
}

/// An admin error: `{"error": {"code", "message", "path"?}}` with a fitting status. Every error
/// of the platform and of each service maps to one on purpose (the `From` impls, each an
/// exhaustive match); an internal failure is logged and shown only as such.
#[derive(Debug)]
pub struct AdminFailure {
    status: StatusCode,
    code: &'static str,
    message: String,
    path: Option<String>,
}

impl AdminFailure {
    /// A failure whose message quotes at most an excerpt of each input it names.
    fn new(status: StatusCode, code: &'static str, message: String) -> Self {
        Self {
            status,
            code,
            message: excerpt_quotes(&message),
            path: None,
        }
    }

    fn internal(err: &impl std::fmt::Display) -> Self {
        let log_id = crate::middleware::log_id::current();
        tracing::error!(error = %err, %log_id, "admin API failure");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "internal error; see the server log".to_owned(),
        )
    }
}

impl From<PlatformError> for AdminFailure {
    fn from(err: PlatformError) -> Self {
        match err {
            PlatformError::InvalidFixture { ref path, .. } => Self {
                path: Some(path.clone()),
                ..Self::new(StatusCode::BAD_REQUEST, "invalid_fixture", err.to_string())
            },
            PlatformError::NotFound { .. } => {
                Self::new(StatusCode::NOT_FOUND, "not_found", err.to_string())
            }
            PlatformError::BadRequest(_) | PlatformError::FieldValidation(_) => {
                Self::new(StatusCode::BAD_REQUEST, "bad_request", err.to_string())
            }
            // Storage failures; and the vendor APIs' errors, which no admin call makes.
            PlatformError::Storage(_)
            | PlatformError::InvalidCredentials
            | PlatformError::MissingToken
            | PlatformError::InvalidToken { .. }
            | PlatformError::TenantGone { .. }
            | PlatformError::ScopeRequired { .. }
            | PlatformError::RateLimited { .. }
            | PlatformError::OAuth(_)
            | PlatformError::Gateway(_) => Self::internal(&err),
        }
    }
}

impl From<openwork_performance::Error> for AdminFailure {
    fn from(err: openwork_performance::Error) -> Self {
        use openwork_performance::Error;
        match err {
            Error::Common(err) => Self::from(err),
            // The vendor APIs' own errors: no admin call makes them.
            Error::NotLicensed
            | Error::ParamInvalid(_)
            | Error::RequestRepeated(_)
            | Error::GroupNotApiWritable(_)
            | Error::GroupOverLimit { .. }
            | Error::UnknownSemester(_)
            | Error::UnknownSemesterOfDeletion(_)
            | Error::InvalidReviewee(_)
            | Error::ItemNotFound(_)
            | Error::ExternalIdRepeated(_)
            | Error::ItemIdRepeated(_)
            | Error::ExternalIdTaken(_)
            | Error::MetricRefused { .. } => Self::internal(&err),
        }
    }
}

impl From<openwork_report::Error> for AdminFailure {
    fn from(err: openwork_report::Error) -> Self {
        use openwork_report::Error;
        match err {
            Error::Common(err) => Self::from(err),
            // The vendor APIs' own errors: no admin call makes them.
            Error::Disabled | Error::PageSizeInvalid | Error::RuleNotFound => Self::internal(&err),
        }
    }
}

impl From<openwork_contact::Error> for AdminFailure {
    fn from(err: openwork_contact::Error) -> Self {
        use openwork_contact::Error;
        match err {
            Error::Common(err) => Self::from(err),
            // The vendor API's own error: no admin call makes it.
            Error::TaskNotFound => Self::internal(&err),
        }
    }
}

impl From<openwork_workspace::Error> for AdminFailure {
    fn from(err: openwork_workspace::Error) -> Self {
        use openwork_workspace::Error;
        match err {
            Error::Common(err) => Self::from(err),
            // The gateway's own errors: no admin call makes them.
            Error::TaskNotFound | Error::TaskExists => Self::internal(&err),
        }
    }
}

impl IntoResponse for AdminFailure {
    fn into_response(self) -> Response {
        crate::journal::explain(self.message.clone());
        json_response(
            self.status,
            &AdminErrorBody {
                error: AdminError {
                    code: self.code.to_owned(),
                    message: self.message,
                    path: self.path,
                },
            },
        )
    }
}

/// A body in the fixture vocabulary (YAML or JSON) decoded into `T`; a value that does not fit
/// is refused with its path (`invalid_fixture`), as in a fixture.
pub struct FixtureBody<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequest<S> for FixtureBody<T> {
    type Rejection = AdminFailure;

    async fn from_request(request: Request, state: &S) -> Result<Self, AdminFailure> {
        let AdminBody(body) = AdminBody::from_request(request, state).await?;
        Ok(Self(openwork_platform::fixture::deserialize(body_text(
            &body,
        )?)?))
    }
}

/// A request body, read up to its route's limit; one too large is 400 `bad_request`, in words.
pub struct AdminBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for AdminBody {
    type Rejection = AdminFailure;

    async fn from_request(request: Request, _state: &S) -> Result<Self, AdminFailure> {
        body_limit::read(request)
            .await
            .map(Self)
            .map_err(|Unreadable(why)| PlatformError::BadRequest(why).into())
    }
}

/// A query string decoded into `T`; one that does not fit is 400 `bad_request`, in words.
pub struct AdminQuery<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequestParts<S> for AdminQuery<T> {
    type Rejection = AdminFailure;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, AdminFailure> {
        serde_urlencoded::from_str(parts.uri.query().unwrap_or_default())
            .map(Self)
            .map_err(|err| {
                let problem = in_plain_words(&err.to_string());
                PlatformError::BadRequest(format!(
                    "the query is not what this call takes: {problem}"
                ))
                .into()
            })
    }
}

/// The page a list call asks for (`?limit=&after=`). Decoded before the tenant is looked up,
/// like a body: a bad `limit` is 400 `bad_request` whatever the tenant.
pub struct Paged(pub PageRequest);

impl<S: Send + Sync> FromRequestParts<S> for Paged {
    type Rejection = AdminFailure;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AdminFailure> {
        let AdminQuery(query) = AdminQuery::<PageQuery>::from_request_parts(parts, state).await?;
        Ok(Self(PageRequest::parse(
            query.limit.as_deref(),
            query.after,
        )?))
    }
}

/// A page of a list in its wire shape: each item through `view`, the next page's cursor as
/// `next`.
pub(crate) fn list_page<T, W>(page: Page<T>, view: impl FnMut(T) -> W) -> ListPage<W> {
    ListPage {
        items: page.items.into_iter().map(view).collect(),
        next: page.page_token,
    }
}

pub(crate) type AdminResult = Result<Response, AdminFailure>;

pub(crate) fn ok(body: &impl Serialize) -> AdminResult {
    Ok(json_response(StatusCode::OK, body))
}

pub(crate) fn parse_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, PlatformError> {
    serde_json::from_slice(body).map_err(|err| {
        let problem = in_plain_words(&err.to_string());
        PlatformError::BadRequest(format!(
            "the body is not the JSON this call takes: {problem}"
        ))
    })
}

/// A request body as UTF-8 text (fixtures and bodies in the fixture vocabulary).
pub(crate) fn body_text(body: &Bytes) -> Result<&str, PlatformError> {
    std::str::from_utf8(body)
        .map_err(|_| PlatformError::BadRequest("the body is not UTF-8 text".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_admin_token_is_taken_exactly_as_sent() {
        let presented = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(http::header::AUTHORIZATION, value.parse().unwrap());
            presented_token(&headers).map(str::to_owned)
        };
        assert_eq!(presented("Bearer secret").as_deref(), Some("secret"));
        for padded in [" secret", "secret ", "\tsecret", "secret\t", " secret "] {
            assert_eq!(
                presented(&format!("Bearer {padded}")).as_deref(),
                Some(padded),
                "not trimmed"
            );
        }
        assert_eq!(presented("Bearer "), None);
        assert_eq!(presented("Basic secret"), None);
        assert_eq!(presented_token(&HeaderMap::new()), None);
    }
}
