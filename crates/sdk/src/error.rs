use openwork_wire::admin::AdminError;

/// Why a call failed.
#[derive(Debug, thiserror::Error)]
pub enum SdkError {
    /// The request did not complete (connection refused, timeout, …).
    #[error("transport: {0}")]
    Transport(#[from] reqwest::Error),
    /// The admin API refused the call.
    #[error("admin API answered HTTP {status}: {}", error.as_ref().map_or("(no body)", |e| e.message.as_str()))]
    Admin {
        status: u16,
        error: Option<AdminError>,
    },
    /// The response was not what the API documents.
    #[error("unexpected response (HTTP {status}): {detail}")]
    Unexpected { status: u16, detail: String },
}
