//! The workspace service's errors. No HTTP: each front end maps every variant to its answer (the
//! DingTalk gateway in `server::dingtalk::envelope`, the admin API in `server::admin`).

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Credentials, permissions, arguments, storage: what every service shares.
    #[error(transparent)]
    Common(#[from] openwork_platform::Error),
    /// No such task in the caller's tenant.
    #[error("task not found")]
    TaskNotFound,
    /// Another task of the tenant has this `(source, source_id)`.
    #[error("a task with this source and source_id exists")]
    TaskExists,
}

impl From<openwork_platform::StoreError> for Error {
    fn from(err: openwork_platform::StoreError) -> Self {
        Self::Common(err.into())
    }
}

impl From<openwork_platform::error::GatewayError> for Error {
    fn from(err: openwork_platform::error::GatewayError) -> Self {
        Self::Common(err.into())
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
