//! The report APIs' requests, parsed at the edge into typed commands before a use case sees
//! them. VENDOR: a missing or mistyped value is the platform's 99992402 naming the field; a
//! `page_size` that is a number outside 0–20 is the service's own 1430002.

use openwork_platform::Error as PlatformError;
use openwork_platform::clock::Millis;
use openwork_wire::feishu::report as wire;
use openwork_wire::lenient::NumberText;

use crate::error::{Error, Result};
use crate::model::RuleId;

/// `page_size` of `tasks/query`: 0–20, 0 meaning 20.
pub const MAX_REPORT_PAGE_SIZE: usize = 20;
/// At most this many `user_ids` in `views/remove`.
pub const MAX_VIEW_USERS: usize = 200;

fn field(name: &str, value: &str, description: impl Into<String>) -> Error {
    PlatformError::field(name, value, description).into()
}

/// A required Unix-seconds field.
fn required_seconds(name: &str, value: Option<&NumberText>) -> Result<i64> {
    let text = value
        .map(|v| v.0.trim())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| field(name, "", format!("{name} is required")))?;
    text.parse()
        .map_err(|_| field(name, text, "must be a Unix timestamp in seconds"))
}

/// `page_size`: required, 0–20 with 0 meaning 20.
fn page_size(value: Option<&NumberText>) -> Result<usize> {
    let text = value
        .map(|v| v.0.trim())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| field("page_size", "", "page_size is required"))?;
    let size: i64 = text
        .parse()
        .map_err(|_| field("page_size", text, "must be an integer"))?;
    match size {
        0 => Ok(MAX_REPORT_PAGE_SIZE),
        1..=20 => Ok(size as usize),
        _ => Err(Error::PageSizeInvalid),
    }
}

/// `POST /open-apis/report/v1/tasks/query`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskQuery {
    /// Commit times from `from` to `to`, both included (the seconds' every millisecond).
    pub from: Millis,
    pub to: Millis,
    /// The seconds as sent (a page token is bound to them).
    pub window: (i64, i64),
    pub rule_id: Option<RuleId>,
    /// The sender, as the caller names users.
    pub sender: Option<String>,
    pub page_size: usize,
    /// `None` for the first page (`""`).
    pub page_token: Option<String>,
}

impl TaskQuery {
    pub fn parse(body: wire::TaskQueryRequest) -> Result<Self> {
        let start = required_seconds("commit_start_time", body.commit_start_time.as_ref())?;
        let end = required_seconds("commit_end_time", body.commit_end_time.as_ref())?;
        let page_size = page_size(body.page_size.as_ref())?;
        let page_token = body
            .page_token
            .ok_or_else(|| field("page_token", "", "page_token is required (\"\" first)"))?;
        let page_token = Some(page_token.trim().to_owned()).filter(|t| !t.is_empty());
        Ok(Self {
            from: Millis::from_seconds(start),
            to: Millis(end.saturating_mul(1000) + 999),
            window: (start, end),
            rule_id: body
                .rule_id
                .map(|id| id.0.trim().to_owned())
                .filter(|id| !id.is_empty())
                .map(RuleId::new),
            sender: body.user_id.filter(|u| !u.is_empty()),
            page_size,
            page_token,
        })
    }
}

/// `GET /open-apis/report/v1/rules/query`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleQuery {
    pub rule_name: String,
    pub include_deleted: bool,
}

impl RuleQuery {
    pub fn parse(query: wire::RuleQuery) -> Result<Self> {
        let rule_name = query
            .rule_name
            .filter(|n| !n.is_empty())
            .ok_or_else(|| field("rule_name", "", "rule_name is required"))?;
        let include_deleted = match query.include_deleted.as_deref().map(str::trim) {
            None | Some("") | Some("0") => false,
            Some("1") => true,
            Some(other) => return Err(field("include_deleted", other, "must be 0 or 1")),
        };
        Ok(Self {
            rule_name,
            include_deleted,
        })
    }
}

/// `POST /open-apis/report/v1/rules/:rule_id/views/remove`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemoveViews {
    pub rule_id: RuleId,
    /// `None`: for everyone. Users as the caller names them.
    pub users: Option<Vec<String>>,
}

impl RemoveViews {
    pub fn parse(rule_id: &str, body: wire::RemoveViewsRequest) -> Result<Self> {
        let users = match body.user_ids {
            Some(list) if list.len() > MAX_VIEW_USERS => {
                return Err(field(
                    "user_ids",
                    &list.len().to_string(),
                    format!("at most {MAX_VIEW_USERS} users"),
                ));
            }
            Some(list) if list.is_empty() => None,
            other => other,
        };
        Ok(Self {
            rule_id: RuleId::from(rule_id.trim()),
            users,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size(text: Option<&str>) -> Result<usize> {
        page_size(text.map(|t| NumberText(t.to_owned())).as_ref())
    }

    #[test]
    fn page_sizes() {
        assert_eq!(size(Some("0")).unwrap(), 20);
        assert_eq!(size(Some("20")).unwrap(), 20);
        assert_eq!(size(Some("3")).unwrap(), 3);
        assert!(matches!(size(Some("21")), Err(Error::PageSizeInvalid)));
        assert!(matches!(size(Some("-1")), Err(Error::PageSizeInvalid)));
        assert!(matches!(
            size(None),
            Err(Error::Common(PlatformError::FieldValidation(_)))
        ));
        assert!(matches!(
            size(Some("x")),
            Err(Error::Common(PlatformError::FieldValidation(_)))
        ));
    }

    #[test]
    fn the_window_covers_every_millisecond_of_its_seconds() {
        let query = TaskQuery::parse(wire::TaskQueryRequest {
            commit_start_time: Some(NumberText("10".into())),
            commit_end_time: Some(NumberText("20".into())),
            page_size: Some(NumberText("0".into())),
            page_token: Some(String::new()),
            ..Default::default()
        })
        .unwrap();
        assert_eq!((query.from, query.to), (Millis(10_000), Millis(20_999)));
        assert_eq!(query.page_token, None);
    }
}
