//! The performance service's errors. No HTTP: each front end maps every variant to its answer
//! (the Feishu API in `server::feishu::performance`, the admin API in `server::admin`).

use openwork_platform::FieldViolation;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Credentials, scopes, limits, validation, storage: what every service shares.
    #[error(transparent)]
    Common(#[from] openwork_platform::Error),
    /// The tenant holds no performance licence.
    #[error("tenant no licnese")]
    NotLicensed,
    /// A parameter breaks the performance APIs' own rules (their code, not the platform's).
    #[error("param is invalid")]
    ParamInvalid(Vec<FieldViolation>),
}

impl Error {
    /// A [`Error::ParamInvalid`] of one field.
    pub fn param(field: &str, value: impl Into<String>, description: impl Into<String>) -> Self {
        Self::ParamInvalid(vec![FieldViolation::new(field, value, description)])
    }
}

impl From<openwork_platform::StoreError> for Error {
    fn from(err: openwork_platform::StoreError) -> Self {
        Self::Common(err.into())
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
