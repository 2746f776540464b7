//! A Rust client of the Feishu / Lark and DingTalk open APIs — the vendors' own or an openwork
//! server's — and of openwork's admin API.
//!
//! - [`feishu::FeishuClient`]: tenant-token caching with the vendors' early renewal, a retry of
//!   rate-limited calls after the window the server names, page iterators as
//!   `futures::Stream`s, typed requests and answers for every API openwork implements.
//! - [`dingtalk::DingTalkClient`]: `/gettoken` caching and the workspace task family.
//! - [`admin::AdminClient`]: openwork's admin API (fixtures, clocks, IDs, user tokens).
//!
//! Requests and answers are the types of `openwork-wire`, re-exported as [`wire`].

pub mod admin;
pub mod dingtalk;
mod error;
pub mod feishu;
mod journal;
mod paging;

pub use error::SdkError;
pub use openwork_wire as wire;

/// A URL path segment, percent-encoded.
pub(crate) fn segment(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
