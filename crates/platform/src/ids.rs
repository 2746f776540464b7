//! Typed identifiers and the deterministic derivation of vendor-shaped IDs.
//!
//! Every ID openwork derives (an `open_id`, a `union_id`, an `open_department_id`, a vendor ID
//! a fixture left out) is a hash of the fixture's own content, never of server state, so the same
//! fixture gives the same IDs on every replica and after every restart (docs/semantics.md).

use sha2::{Digest, Sha256};

/// Declares a typed text ID: a newtype over `String` that converts from text, displays as its
/// text, serialises as a JSON string and is stored as one text column. Services declare theirs
/// with it too.
#[macro_export]
macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash,
            serde::Serialize, serde::Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub String);

        /// As the quoted text: messages name IDs as people write them (`tenant "acme"`), never
        /// as Rust values.
        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Debug::fmt(&self.0, f)
            }
        }

        impl $name {
            pub fn new(value: impl Into<String>) -> Self {
                Self(value.into())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self(value.to_owned())
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                Self(value)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        // Sound: `Eq`, `Ord` and `Hash` are derived from the one `String` field, so they
        // agree with `str`'s, and maps keyed by the ID can be searched with a `&str`.
        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl $crate::db::Columns for $name {
            fn put(&self, out: &mut Vec<$crate::db::Cell>) {
                out.push($crate::db::Cell::Text(self.0.clone()));
            }
            fn read(
                row: &$crate::db::ReadRow<'_>,
                columns: &[&str],
            ) -> $crate::error::StoreResult<Self> {
                <String as $crate::db::Columns>::read(row, columns).map(Self)
            }
        }

        impl $crate::db::Nullable for $name {
            fn put_null(out: &mut Vec<$crate::db::Cell>) {
                <String as $crate::db::Nullable>::put_null(out);
            }
            fn read_nullable(
                row: &$crate::db::ReadRow<'_>,
                columns: &[&str],
            ) -> $crate::error::StoreResult<Option<Self>> {
                Ok(<String as $crate::db::Nullable>::read_nullable(row, columns)?.map($name))
            }
        }

        impl $crate::db::PlainValue for $name {}
    };
}

string_id!(
    /// A tenant's key, unique on the server (Feishu `tenant_key`).
    TenantKey
);
string_id!(
    /// A Feishu self-built app's id (`cli_…`), unique on the server.
    AppId
);
string_id!(
    /// A user's tenant-scoped `user_id` (employee id): openwork's internal user key.
    UserId
);
string_id!(
    /// A department's custom `department_id`; `"0"` is the root.
    DepartmentId
);

/// The root department every tenant has implicitly.
pub const ROOT_DEPARTMENT: &str = "0";

/// Hex of SHA-256 over the parts, each length-prefixed so that no two part lists collide.
fn digest_hex(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part.as_bytes());
    }
    hex::encode(hasher.finalize())
}

/// The `open_id` of a user as seen by one app: `ou_` + 32 lowercase hex.
pub fn derive_open_id(tenant: &TenantKey, app: &AppId, user: &UserId) -> String {
    format!(
        "ou_{}",
        &digest_hex(&["open_id", tenant.as_str(), app.as_str(), user.as_str()])[..32]
    )
}

/// The `union_id` of a user across the apps of one developer: `on_` + 32 lowercase hex.
pub fn derive_union_id(tenant: &TenantKey, developer: &str, user: &UserId) -> String {
    format!(
        "on_{}",
        &digest_hex(&["union_id", tenant.as_str(), developer, user.as_str()])[..32]
    )
}

/// A department's `open_department_id`: `od-` + 32 lowercase hex.
pub fn derive_open_department_id(tenant: &TenantKey, department: &DepartmentId) -> String {
    format!(
        "od-{}",
        &digest_hex(&["open_department_id", tenant.as_str(), department.as_str()])[..32]
    )
}

/// A 19-digit numeric vendor ID (the shape of Feishu's snowflake IDs, e.g. `7235911950407352321`)
/// for an entity a fixture declared without one. `kind` and `locator` name the entity within its
/// tenant (e.g. `"semester"`, `"semesters[2]"`), so the same fixture always yields the same ID.
pub fn derive_numeric_id(tenant: &TenantKey, kind: &str, locator: &str) -> String {
    let hex = digest_hex(&["numeric_id", tenant.as_str(), kind, locator]);
    let value = u64::from_str_radix(&hex[..16], 16).expect("hex digits");
    format!("7{:018}", value % 1_000_000_000_000_000_000)
}

/// 32 lowercase hex characters from a random source: contact job `task_id`s and similar.
pub fn random_hex32() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// How a Feishu API reads and writes user IDs (`user_id_type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum UserIdType {
    #[default]
    OpenId,
    UnionId,
    UserId,
}

impl UserIdType {
    pub const ALL: [&'static str; 3] = ["open_id", "union_id", "user_id"];

    /// Parses the query value; `None` for a value the vendor does not accept.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "open_id" => Some(Self::OpenId),
            "union_id" => Some(Self::UnionId),
            "user_id" => Some(Self::UserId),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::OpenId => "open_id",
            Self::UnionId => "union_id",
            Self::UserId => "user_id",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_ids_have_vendor_shapes_and_are_stable() {
        let tenant = TenantKey::from("acme");
        let open = derive_open_id(&tenant, &AppId::from("cli_1"), &UserId::from("u1"));
        assert!(open.starts_with("ou_") && open.len() == 35);
        assert_eq!(
            open,
            derive_open_id(&tenant, &AppId::from("cli_1"), &UserId::from("u1"))
        );
        assert_ne!(
            open,
            derive_open_id(&tenant, &AppId::from("cli_2"), &UserId::from("u1"))
        );
        let union = derive_union_id(&tenant, "acme", &UserId::from("u1"));
        assert!(union.starts_with("on_") && union.len() == 35);
        let dept = derive_open_department_id(&tenant, &DepartmentId::from("eng"));
        assert!(dept.starts_with("od-") && dept.len() == 35);
        assert!(
            dept[3..]
                .chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
    }

    #[test]
    fn parts_are_length_prefixed() {
        // "ab"+"c" and "a"+"bc" must not collide.
        assert_ne!(digest_hex(&["ab", "c"]), digest_hex(&["a", "bc"]));
    }

    #[test]
    fn numeric_ids_are_19_digits() {
        let id = derive_numeric_id(&TenantKey::from("t"), "semester", "semesters[0]");
        assert_eq!(id.len(), 19);
        assert!(id.chars().all(|c| c.is_ascii_digit()));
        assert!(id.starts_with('7'));
    }
}
