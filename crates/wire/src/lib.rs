//! Vendor wire types (serde, in the vendors' own JSON casing) and error-code tables, shared by
//! the openwork server and the `openwork-sdk` client. No behaviour beyond (de)serialisation.

pub mod admin;
pub mod dingtalk;
pub mod feishu;
pub mod json;
pub mod lenient;
