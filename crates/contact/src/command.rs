//! The contact APIs' requests, parsed at the edge. VENDOR: the envelope of a batch is checked
//! synchronously (a malformed one creates no job, 99992402); its items are checked one by one
//! when the job applies them, each failing on its own.

use openwork_platform::Error as PlatformError;
use openwork_wire::feishu::contact as wire;

use crate::error::Result;
use crate::model::MAX_BATCH_ITEMS;

/// 1 to 10,000 items, else a field-validation error naming the list.
fn envelope<T>(field: &str, items: Option<Vec<T>>) -> Result<Vec<T>> {
    match items {
        Some(items) if (1..=MAX_BATCH_ITEMS).contains(&items.len()) => Ok(items),
        Some(items) => Err(PlatformError::field(
            field,
            items.len().to_string(),
            format!("must hold 1 to {MAX_BATCH_ITEMS} items"),
        )
        .into()),
        None => Err(PlatformError::field(field, "", format!("{field} is required")).into()),
    }
}

/// `POST /open-apis/contact/v2/user/batch_add`.
#[derive(Clone, Debug, PartialEq)]
pub struct UserBatch(pub Vec<wire::BatchUser>);

impl UserBatch {
    pub fn parse(body: wire::BatchAddUsersRequest) -> Result<Self> {
        envelope("users", body.users).map(Self)
    }
}

/// `POST /open-apis/contact/v2/department/batch_add`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DepartmentBatch(pub Vec<wire::BatchDepartment>);

impl DepartmentBatch {
    pub fn parse(body: wire::BatchAddDepartmentsRequest) -> Result<Self> {
        envelope("departments", body.departments).map(Self)
    }
}

/// `GET /open-apis/contact/v2/task/get`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskGet {
    pub task_id: String,
}

impl TaskGet {
    pub fn parse(query: wire::TaskGetQuery) -> Result<Self> {
        let task_id = query
            .task_id
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())
            .ok_or_else(|| PlatformError::field("task_id", "", "task_id is required"))?;
        Ok(Self { task_id })
    }
}
