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
    /// A write's client token was used before.
    #[error("client_token {0:?} was already used; send a new one for a new write")]
    RequestRepeated(String),
    /// The user group is not set to take its members from the API.
    #[error("user group {0:?} does not take its members from the API")]
    GroupNotApiWritable(String),
    /// A semester an import or query names does not exist (1580105).
    #[error("semester {0:?} not found")]
    UnknownSemester(String),
    /// A semester a deletion names does not exist (VENDOR: that page's code is 1580103).
    #[error("semester {0:?} not found")]
    UnknownSemesterOfDeletion(String),
    /// A reviewee that is not a user reviewed in the semester.
    #[error("{0:?} is not reviewed in this semester")]
    InvalidReviewee(String),
    /// An additional-information item that does not exist in the semester.
    #[error("no additional information {0:?} in this semester")]
    ItemNotFound(String),
    /// One external ID twice in one import.
    #[error("external_id {0:?} appears more than once in this import")]
    ExternalIdRepeated(String),
    /// One item ID twice in one import.
    #[error("item_id {0:?} appears more than once in this import")]
    ItemIdRepeated(String),
    /// An external ID another item of the semester already has.
    #[error("external_id {0:?} belongs to another item of this semester")]
    ExternalIdTaken(String),
    /// An imported metric breaks a rule of metric data; the rule says which (and its code),
    /// `at` which value of the request (like `imported_metrics[2].fields[0]`).
    #[error("{at}: {message}")]
    MetricRefused {
        rule: crate::metric_details::MetricRule,
        at: String,
        message: String,
    },
    /// More members than a group may have.
    #[error("at most {limit} members per user group, {given} given")]
    GroupOverLimit { limit: usize, given: usize },
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
