use openwork_wire::admin::AdminError;
use openwork_wire::feishu::ErrorDetail;

/// Why a call failed.
#[derive(Debug, thiserror::Error)]
pub enum SdkError {
    /// The request did not complete (connection refused, timeout, …).
    #[error("transport: {0}")]
    Transport(#[from] reqwest::Error),
    /// A Feishu API answered with a non-zero `code`.
    #[error("feishu code {code}: {msg} (HTTP {http_status}, log id {log_id:?})")]
    Feishu {
        code: i64,
        msg: String,
        http_status: u16,
        /// `X-Tt-Logid` of the response, for the vendor's troubleshooter.
        log_id: Option<String>,
        /// `error`: field and permission violations.
        error: Option<Box<ErrorDetail>>,
    },
    /// A DingTalk API answered with a non-zero `errcode`.
    #[error("dingtalk errcode {errcode}{}: {errmsg}", sub_code.as_ref().map(|s| format!("/{s}")).unwrap_or_default())]
    DingTalk {
        errcode: i64,
        sub_code: Option<String>,
        errmsg: String,
    },
    /// The admin API refused the call.
    #[error("admin API answered HTTP {status}{}", error.as_ref().map_or(" with no error message".to_owned(), |e| format!(": {}", e.message)))]
    Admin {
        status: u16,
        error: Option<AdminError>,
    },
    /// The response was not what the API documents.
    #[error("unexpected response (HTTP {status}): {detail}")]
    Unexpected { status: u16, detail: String },
}

impl SdkError {
    /// The Feishu `code` of a failed Feishu call.
    pub fn feishu_code(&self) -> Option<i64> {
        match self {
            Self::Feishu { code, .. } => Some(*code),
            _ => None,
        }
    }
}
