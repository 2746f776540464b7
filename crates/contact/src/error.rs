//! The contact service's errors. No HTTP: each front end maps every variant to its answer (the
//! Feishu API in `server::feishu::contact`, the admin API in `server::admin`).

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Credentials, scopes, validation, storage: what every service shares.
    #[error(transparent)]
    Common(#[from] openwork_platform::Error),
    /// No such job in the caller's tenant.
    #[error("task not found")]
    TaskNotFound,
}

impl From<openwork_platform::StoreError> for Error {
    fn from(err: openwork_platform::StoreError) -> Self {
        Self::Common(err.into())
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
