//! The report service's errors. No HTTP: each front end maps every variant to its answer (the
//! Feishu API in `server::feishu::report`, the admin API in `server::admin`).

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Credentials, scopes, limits, validation, storage: what every service shares.
    #[error(transparent)]
    Common(#[from] openwork_platform::Error),
    /// The tenant does not have the report service.
    #[error("tenant key not exist")]
    Disabled,
    /// `page_size` is a number outside 0–20.
    #[error("page size invalid")]
    PageSizeInvalid,
    /// No such rule, or a deleted one.
    #[error("rule not exist")]
    RuleNotFound,
}

impl From<openwork_platform::StoreError> for Error {
    fn from(err: openwork_platform::StoreError) -> Self {
        Self::Common(err.into())
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
