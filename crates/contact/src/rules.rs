//! The rules applying one batch item to the directory (docs/semantics.md). Pure: given what the
//! directory already holds, each item in order either becomes a user or department (and is
//! remembered, so later items of the batch can refer to it) or fails with its own code.

use std::collections::{HashMap, HashSet};

use openwork_platform::directory::{Department, User};
use openwork_platform::ids::{DepartmentId, ROOT_DEPARTMENT, TenantKey, UserId};
use openwork_wire::feishu::contact::{BatchDepartment as DepartmentItem, BatchUser as UserItem};
use sha2::{Digest, Sha256};

use crate::model::ItemOutcome;

pub const OK: i64 = 0;
/// VENDOR: the example of the vendor's `task/get` page answers an invalid `user_id` with
/// 10013 `invalid user_id`.
pub const INVALID_USER_ID: i64 = 10013;
/// The vendor documents no code for an invalid department `id`; the one of its other
/// directory conflicts' family.
pub const INVALID_DEPARTMENT_ID: i64 = 40013;
pub const USER_ID_EXISTS: i64 = 40014;
pub const MOBILE_EXISTS: i64 = 40015;
pub const UNKNOWN_DEPARTMENT: i64 = 40016;
pub const INVALID_PARENT: i64 = 40017;
pub const DEPARTMENT_ID_EXISTS: i64 = 40018;
pub const MISSING_FIELD: i64 = 40019;

fn failure(code: i64, msg: impl Into<String>) -> ItemOutcome {
    ItemOutcome {
        code,
        msg: msg.into(),
        ..ItemOutcome::default()
    }
}

/// VENDOR: 1–64 characters of `[A-Za-z0-9_\-@.]`, the first one alphanumeric (user IDs and
/// custom department IDs alike).
pub fn valid_custom_id(id: &str) -> bool {
    let mut chars = id.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphanumeric());
    first_ok
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '@' | '.'))
}

/// What the tenant's directory holds, as far as a chunk of items asks about it, plus what the
/// items before have added.
#[derive(Clone, Debug, Default)]
pub struct DirectorySnapshot {
    /// User IDs in lower case (user IDs are unique regardless of case).
    pub user_ids: HashSet<String>,
    pub mobiles: HashSet<String>,
    /// Departments by `department_id` and by `open_department_id`.
    pub departments: HashMap<String, DepartmentId>,
    /// Users by their `open_id` in the submitting app.
    pub open_ids: HashMap<String, UserId>,
}

impl DirectorySnapshot {
    fn has_user(&self, id: &str) -> bool {
        self.user_ids.contains(&id.to_lowercase())
    }

    fn department(&self, id: &str) -> Option<DepartmentId> {
        if id == ROOT_DEPARTMENT {
            return Some(DepartmentId::from(ROOT_DEPARTMENT));
        }
        self.departments.get(id).cloned()
    }

    /// `leader_user_id` wins over `leader_open_id`; `Err` when the one given names nobody.
    fn leader(
        &self,
        user_id: &Option<String>,
        open_id: &Option<String>,
    ) -> Result<Option<UserId>, ItemOutcome> {
        let not_found = |field: &str| failure(MISSING_FIELD, format!("{field}: no such user"));
        match (
            user_id.as_deref().filter(|s| !s.is_empty()),
            open_id.as_deref().filter(|s| !s.is_empty()),
        ) {
            (Some(id), _) if self.has_user(id) => Ok(Some(UserId::from(id))),
            (Some(_), _) => Err(not_found("leader_user_id")),
            (None, Some(open)) => self
                .open_ids
                .get(open)
                .cloned()
                .map(Some)
                .ok_or_else(|| not_found("leader_open_id")),
            (None, None) => Ok(None),
        }
    }
}

/// A deterministic ID for item `index` of job `task_id`: a retried chunk generates the same.
fn generated_id(task_id: &str, index: i64, attempt: u32, hex_len: usize) -> String {
    let digest = Sha256::new()
        .chain_update(b"batch-id")
        .chain_update(task_id.as_bytes())
        .chain_update(index.to_be_bytes())
        .chain_update(attempt.to_be_bytes())
        .finalize();
    hex::encode(digest)[..hex_len].to_owned()
}

/// The ID a user item without `user_id` gets unless it is taken (looked up ahead of time).
pub fn first_generated_user_id(task_id: &str, index: i64) -> String {
    generated_id(task_id, index, 0, 8)
}

fn unused_id(task_id: &str, index: i64, hex_len: usize, taken: impl Fn(&str) -> bool) -> String {
    (0..)
        .map(|attempt| generated_id(task_id, index, attempt, hex_len))
        .find(|id| !taken(id))
        .expect("an unused ID exists")
}

fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// Applies a user item: the user to create, or why not.
pub fn apply_user(
    task_id: &str,
    index: i64,
    item: &UserItem,
    directory: &mut DirectorySnapshot,
) -> Result<User, ItemOutcome> {
    let name = present(&item.name)
        .ok_or_else(|| failure(MISSING_FIELD, "missing required field: name"))?;
    let mobile = present(&item.mobile)
        .ok_or_else(|| failure(MISSING_FIELD, "missing required field: mobile"))?;
    let departments = item
        .departments
        .as_deref()
        .filter(|d| !d.is_empty())
        .ok_or_else(|| failure(MISSING_FIELD, "missing required field: departments"))?;
    let user_id = match present(&item.user_id) {
        Some(id) if !valid_custom_id(id) => {
            return Err(failure(INVALID_USER_ID, "invalid user_id"));
        }
        Some(id) if directory.has_user(id) => {
            return Err(failure(USER_ID_EXISTS, "user_id already exists"));
        }
        Some(id) => id.to_owned(),
        None => unused_id(task_id, index, 8, |id| directory.has_user(id)),
    };
    if directory.mobiles.contains(mobile) {
        return Err(failure(MOBILE_EXISTS, "mobile already exists"));
    }
    let [department] = departments else {
        return Err(failure(
            UNKNOWN_DEPARTMENT,
            "exactly one department is supported",
        ));
    };
    let department = directory
        .department(department)
        .ok_or_else(|| failure(UNKNOWN_DEPARTMENT, "department not found"))?;
    let leader_user_id = directory.leader(&item.leader_user_id, &item.leader_open_id)?;

    let mut attributes = serde_json::Map::new();
    let extra = [
        (
            "mobile_visible",
            item.mobile_visible.map(serde_json::Value::from),
        ),
        ("city", item.city.clone().map(serde_json::Value::from)),
        ("country", item.country.clone().map(serde_json::Value::from)),
        ("gender", item.gender.map(serde_json::Value::from)),
        (
            "employee_type",
            item.employee_type.map(serde_json::Value::from),
        ),
        ("join_time", item.join_time.map(serde_json::Value::from)),
        (
            "custom_attrs",
            item.custom_attrs.clone().map(serde_json::Value::from),
        ),
        (
            "work_station",
            item.work_station.clone().map(serde_json::Value::from),
        ),
    ];
    for (key, value) in extra {
        if let Some(value) = value {
            attributes.insert(key.to_owned(), value);
        }
    }
    directory.user_ids.insert(user_id.to_lowercase());
    directory.mobiles.insert(mobile.to_owned());
    Ok(User {
        user_id: UserId::new(user_id),
        name: name.to_owned(),
        en_name: None,
        email: present(&item.email).map(str::to_owned),
        mobile: Some(mobile.to_owned()),
        department_ids: vec![department],
        leader_user_id,
        employee_no: present(&item.employee_no).map(str::to_owned),
        attributes,
    })
}

/// Applies a department item: the department to create (with its chat ID when a group chat was
/// asked for), or why not.
pub fn apply_department(
    tenant: &TenantKey,
    task_id: &str,
    index: i64,
    item: &DepartmentItem,
    directory: &mut DirectorySnapshot,
) -> Result<Department, ItemOutcome> {
    let name = present(&item.name)
        .ok_or_else(|| failure(MISSING_FIELD, "missing required field: name"))?;
    let parent = present(&item.parent_id)
        .ok_or_else(|| failure(MISSING_FIELD, "missing required field: parent_id"))?;
    let id = match present(&item.id) {
        Some(id) if !valid_custom_id(id) || id == ROOT_DEPARTMENT => {
            return Err(failure(INVALID_DEPARTMENT_ID, "invalid department id"));
        }
        Some(id) if directory.departments.contains_key(id) => {
            return Err(failure(
                DEPARTMENT_ID_EXISTS,
                "department id already exists",
            ));
        }
        Some(id) => id.to_owned(),
        None => unused_id(task_id, index, 16, |id| {
            directory.departments.contains_key(id)
        }),
    };
    let parent = directory
        .department(parent)
        .ok_or_else(|| failure(INVALID_PARENT, "invalid parent department"))?;
    let leader = directory.leader(&item.leader_user_id, &item.leader_open_id)?;
    let mut department = Department::new(
        tenant,
        DepartmentId::new(id.clone()),
        name.to_owned(),
        parent,
        leader,
    );
    if item.create_group_chat == Some(true) {
        department.chat_id = Some(format!("oc_{}", generated_id(task_id, index, u32::MAX, 32)));
    }
    directory
        .departments
        .insert(id.clone(), DepartmentId::new(id.clone()));
    directory
        .departments
        .insert(department.open_department_id.clone(), DepartmentId::new(id));
    Ok(department)
}

/// A successful item's outcome.
pub fn success(user_id: Option<UserId>, department: Option<&Department>) -> ItemOutcome {
    ItemOutcome {
        code: OK,
        msg: "success".into(),
        user_id,
        department_id: department.map(|d| d.department_id.to_string()),
        chat_id: department.and_then(|d| d.chat_id.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot() -> DirectorySnapshot {
        let mut directory = DirectorySnapshot::default();
        directory.user_ids.insert("alice".into());
        directory.mobiles.insert("+861".into());
        directory
            .departments
            .insert("eng".into(), DepartmentId::from("eng"));
        directory
            .departments
            .insert("od-eng".into(), DepartmentId::from("eng"));
        directory
    }

    fn user(user_id: Option<&str>, mobile: &str, department: &str) -> UserItem {
        UserItem {
            name: Some("N".into()),
            user_id: user_id.map(str::to_owned),
            mobile: Some(mobile.into()),
            departments: Some(vec![department.into()]),
            ..UserItem::default()
        }
    }

    fn code(result: Result<User, ItemOutcome>) -> i64 {
        result.map(|_| OK).unwrap_or_else(|o| o.code)
    }

    #[test]
    fn user_item_codes() {
        let mut d = snapshot();
        assert_eq!(
            code(apply_user(
                "t",
                0,
                &user(Some("_bad"), "+862", "eng"),
                &mut d
            )),
            INVALID_USER_ID
        );
        assert_eq!(
            code(apply_user(
                "t",
                0,
                &user(Some(&"x".repeat(65)), "+862", "eng"),
                &mut d
            )),
            INVALID_USER_ID
        );
        assert_eq!(
            code(apply_user(
                "t",
                0,
                &user(Some("ALICE"), "+862", "eng"),
                &mut d
            )),
            USER_ID_EXISTS
        );
        assert_eq!(
            code(apply_user(
                "t",
                0,
                &user(Some("bob"), "+861", "eng"),
                &mut d
            )),
            MOBILE_EXISTS
        );
        assert_eq!(
            code(apply_user(
                "t",
                0,
                &user(Some("bob"), "+862", "nope"),
                &mut d
            )),
            UNKNOWN_DEPARTMENT
        );
        let missing = UserItem {
            name: None,
            ..user(None, "+862", "eng")
        };
        assert_eq!(code(apply_user("t", 0, &missing, &mut d)), MISSING_FIELD);
        let created = apply_user("t", 0, &user(Some("bob"), "+862", "od-eng"), &mut d).unwrap();
        assert_eq!(created.department_ids, vec![DepartmentId::from("eng")]);
        assert_eq!(
            code(apply_user(
                "t",
                1,
                &user(Some("Bob"), "+863", "eng"),
                &mut d
            )),
            USER_ID_EXISTS,
            "later items see earlier ones"
        );
        assert_eq!(
            code(apply_user(
                "t",
                1,
                &user(Some("carol"), "+862", "eng"),
                &mut d
            )),
            MOBILE_EXISTS
        );
    }

    #[test]
    fn generated_user_ids_are_deterministic_and_free() {
        let first = apply_user("t", 7, &user(None, "+869", "0"), &mut snapshot()).unwrap();
        let again = apply_user("t", 7, &user(None, "+869", "0"), &mut snapshot()).unwrap();
        assert_eq!(first.user_id, again.user_id);
        assert_eq!(first.user_id.as_str().len(), 8);
        let mut taken = snapshot();
        taken.user_ids.insert(first.user_id.as_str().into());
        let other = apply_user("t", 7, &user(None, "+869", "0"), &mut taken).unwrap();
        assert_ne!(other.user_id, first.user_id);
    }

    #[test]
    fn departments_may_name_parents_created_earlier_in_the_batch() {
        let tenant = TenantKey::from("t");
        let mut d = snapshot();
        let item = |id: &str, parent: &str| DepartmentItem {
            id: Some(id.into()),
            name: Some(id.into()),
            parent_id: Some(parent.into()),
            ..DepartmentItem::default()
        };
        assert!(apply_department(&tenant, "t", 0, &item("a", "0"), &mut d).is_ok());
        assert!(apply_department(&tenant, "t", 1, &item("b", "a"), &mut d).is_ok());
        let codes =
            |result: Result<Department, ItemOutcome>| result.map(|_| OK).unwrap_or_else(|o| o.code);
        assert_eq!(
            codes(apply_department(&tenant, "t", 2, &item("c", "zz"), &mut d)),
            INVALID_PARENT
        );
        assert_eq!(
            codes(apply_department(&tenant, "t", 3, &item("a", "0"), &mut d)),
            DEPARTMENT_ID_EXISTS
        );
        assert_eq!(
            codes(apply_department(&tenant, "t", 4, &item("-x", "0"), &mut d)),
            INVALID_DEPARTMENT_ID
        );
        let chat = DepartmentItem {
            create_group_chat: Some(true),
            ..item("d", "b")
        };
        let created = apply_department(&tenant, "t", 5, &chat, &mut d).unwrap();
        assert!(created.chat_id.unwrap().starts_with("oc_"));
    }

    #[test]
    fn leaders_must_exist() {
        let mut d = snapshot();
        let with_leader = UserItem {
            leader_user_id: Some("nobody".into()),
            ..user(Some("bob"), "+862", "eng")
        };
        assert_eq!(
            code(apply_user("t", 0, &with_leader, &mut d)),
            MISSING_FIELD
        );
        let with_leader = UserItem {
            leader_user_id: Some("alice".into()),
            ..user(Some("bob"), "+862", "eng")
        };
        assert_eq!(
            apply_user("t", 0, &with_leader, &mut d)
                .unwrap()
                .leader_user_id,
            Some(UserId::from("alice"))
        );
    }
}
