//! Page tokens: opaque, bound to the tenant, the app, the API and the exact filter set, and
//! tamper-evident. A token carries the keyset position of the last item of its page (never an
//! offset) and a MAC over that position and its scope: altered, or used with other filters, by
//! another app or in another tenant, it does not open.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::access::Access;
use crate::token::{Keys, constant_time_eq};

const MAC_LEN: usize = 16;

/// What a page token is bound to.
#[derive(Clone, Debug)]
pub struct CursorScope {
    tenant: String,
    app: String,
    api: &'static str,
    filters: String,
}

impl CursorScope {
    pub fn new(access: &Access, api: &'static str, filters: String) -> Self {
        Self {
            tenant: access.tenant_key().to_string(),
            app: access.app().app_id.to_string(),
            api,
            filters,
        }
    }

    fn mac(&self, keys: &Keys, position: &[u8]) -> [u8; 32] {
        keys.mac(
            "page_token",
            &[
                self.tenant.as_bytes(),
                self.app.as_bytes(),
                self.api.as_bytes(),
                self.filters.as_bytes(),
                position,
            ],
        )
    }

    /// A token resuming after `position`.
    pub fn seal(&self, keys: &Keys, position: &str) -> String {
        let mut bytes = position.as_bytes().to_vec();
        bytes.extend_from_slice(&self.mac(keys, position.as_bytes())[..MAC_LEN]);
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// The position a token resumes after; `None` when it was not sealed for this scope.
    pub fn open(&self, keys: &Keys, token: &str) -> Option<String> {
        let bytes = URL_SAFE_NO_PAD.decode(token).ok()?;
        if bytes.len() < MAC_LEN {
            return None;
        }
        let (position, mac) = bytes.split_at(bytes.len() - MAC_LEN);
        let expected = self.mac(keys, position);
        if constant_time_eq(&expected[..MAC_LEN], mac) {
            String::from_utf8(position.to_vec()).ok()
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(filters: &str) -> CursorScope {
        CursorScope {
            tenant: "t".into(),
            app: "a".into(),
            api: "api",
            filters: filters.into(),
        }
    }

    #[test]
    fn round_trip_and_binding() {
        let keys = Keys::from_hex(&Keys::generate_hex()).unwrap();
        let token = scope("f").seal(&keys, "u042");
        assert_eq!(scope("f").open(&keys, &token).as_deref(), Some("u042"));
        assert_eq!(scope("g").open(&keys, &token), None, "other filters");
        let other_app = CursorScope {
            app: "b".into(),
            ..scope("f")
        };
        assert_eq!(other_app.open(&keys, &token), None);
        let mut altered = token.clone().into_bytes();
        altered[0] = if altered[0] == b'A' { b'B' } else { b'A' };
        assert_eq!(
            scope("f").open(&keys, &String::from_utf8(altered).unwrap()),
            None
        );
        assert_eq!(scope("f").open(&keys, "!!"), None);
    }
}
