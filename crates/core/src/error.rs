//! The services' errors, wrapping the platform's. No HTTP here: each vendor front end maps these
//! to its own codes and envelope in exactly one place (`server::feishu::envelope`,
//! `server::dingtalk::envelope`).

use openwork_platform::error::{GatewayError, OAuthError, StoreError};

pub use openwork_platform::error::Error as PlatformError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Credentials, tokens, scopes, limits, validation, the admin API, storage.
    #[error(transparent)]
    Platform(#[from] PlatformError),
}

impl Error {
    pub fn not_found(what: impl Into<String>) -> Self {
        PlatformError::not_found(what).into()
    }

    pub fn field(
        field: impl Into<String>,
        value: impl Into<String>,
        description: impl Into<String>,
    ) -> Self {
        PlatformError::field(field, value, description).into()
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        PlatformError::BadRequest(message.into()).into()
    }

    pub fn invalid_fixture(path: impl Into<String>, message: impl Into<String>) -> Self {
        PlatformError::invalid_fixture(path, message).into()
    }
}

impl From<StoreError> for Error {
    fn from(err: StoreError) -> Self {
        PlatformError::from(err).into()
    }
}

impl From<OAuthError> for Error {
    fn from(err: OAuthError) -> Self {
        PlatformError::from(err).into()
    }
}

impl From<GatewayError> for Error {
    fn from(err: GatewayError) -> Self {
        PlatformError::from(err).into()
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
