//! Page tokens: opaque, bound to the tenant, the app, the API and the exact filter set, and
//! tamper-evident. A token carries the keyset position of the last item of its page (never an
//! offset), encrypted: the position holds raw keys — a tenant `user_id` among them, which an app
//! asking for `open_id`s must not learn — so a token shows nothing of it but its length.
//!
//! The construction is a deterministic SIV built from the key's HMAC ([`Keys::mac`]), with no
//! cipher of its own: the IV is the first 16 bytes of a MAC over the scope and the position, the
//! position is XORed with a keystream of MACs over that IV and a block counter, and the token is
//! base64url of `IV ‖ ciphertext`. Opening decrypts with the IV, then recomputes the MAC over the
//! scope and what came out: the IV is also the tag, so a token altered anywhere, or used with
//! other filters, by another app or in another tenant, does not open. The same page gives the
//! same token, which reveals only that two tokens resume at the same place.
//!
//! [`Pager`] reads one keyset page with them, for the vendor APIs and the admin API's lists
//! alike; [`PageRequest`] is what an admin list call asks for (`?limit=&after=`).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::access::Access;
use crate::clock::Millis;
use crate::error::Error;
use crate::ids::TenantKey;
use crate::token::{Keys, constant_time_eq};

/// The bytes of a token's IV, which is its tag too.
const IV_LEN: usize = 16;
/// The MAC whose first bytes are a token's IV. Not the label earlier tokens were signed with
/// (`LEGACY_LABEL`): an IV must never be a tag that a readable token could be forged with.
const IV_LABEL: &str = "page_token_siv";
/// The MAC whose blocks are a token's keystream.
const STREAM_LABEL: &str = "page_token_stream";
/// Tokens handed out before they were encrypted (openwork 0.1 and since) are the position in
/// clear, then 16 bytes of a MAC under this label. They still open, so a walk through the pages
/// survives an upgrade; none is handed out any more.
const LEGACY_LABEL: &str = "page_token";

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

    /// The scope of one of the admin API's lists of a tenant. No app calls the admin API, and
    /// no vendor API is named like an admin list, so neither kind of token opens the other.
    pub fn admin(tenant: &TenantKey, list: &'static str, filters: String) -> Self {
        Self {
            tenant: tenant.to_string(),
            app: String::new(),
            api: list,
            filters,
        }
    }

    fn mac(&self, keys: &Keys, label: &str, position: &[u8]) -> [u8; 32] {
        keys.mac(
            label,
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
        let tag = self.mac(keys, IV_LABEL, position.as_bytes());
        let iv = &tag[..IV_LEN];
        let mut bytes = iv.to_vec();
        bytes.extend_from_slice(position.as_bytes());
        apply_keystream(keys, iv, &mut bytes[IV_LEN..]);
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// The position a token resumes after; `None` when it was not sealed for this scope.
    pub fn open(&self, keys: &Keys, token: &str) -> Option<String> {
        let bytes = URL_SAFE_NO_PAD.decode(token).ok()?;
        if bytes.len() < IV_LEN {
            return None;
        }
        let (iv, sealed) = bytes.split_at(IV_LEN);
        let mut position = sealed.to_vec();
        apply_keystream(keys, iv, &mut position);
        if constant_time_eq(&self.mac(keys, IV_LABEL, &position)[..IV_LEN], iv) {
            return String::from_utf8(position).ok();
        }
        // Perhaps a token of before: the position in clear, then its tag.
        let (clear, tag) = bytes.split_at(bytes.len() - IV_LEN);
        if constant_time_eq(&self.mac(keys, LEGACY_LABEL, clear)[..IV_LEN], tag) {
            String::from_utf8(clear.to_vec()).ok()
        } else {
            None
        }
    }
}

/// XORs `data` with the keystream of `iv`: MACs over the IV and a 4-byte big-endian block
/// counter, 32 bytes each. Encrypting and decrypting are the same.
fn apply_keystream(keys: &Keys, iv: &[u8], data: &mut [u8]) {
    for (counter, block) in (0u32..).zip(data.chunks_mut(32)) {
        let pad = keys.mac(STREAM_LABEL, &[iv, &counter.to_be_bytes()]);
        for (byte, key) in block.iter_mut().zip(pad) {
            *byte ^= key;
        }
    }
}

/// One page of a keyset-paged list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub has_more: bool,
    /// The token of the next page; `None` on the last.
    pub page_token: Option<String>,
}

impl<T> Page<T> {
    /// The same page with each item changed by `f`.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            has_more: self.has_more,
            page_token: self.page_token,
        }
    }
}

/// A keyset page being read: where it starts (opened from the request's page token) and how
/// the token of the next one is sealed.
pub struct Pager<'k> {
    keys: &'k Keys,
    cursor: CursorScope,
    page_size: usize,
    /// The key of the previous page's last item; `None` on the first page.
    pub after: Option<String>,
}

impl<'k> Pager<'k> {
    /// A pager starting after the position `token` was sealed with; `None` when it was not
    /// sealed for `cursor` (each caller answers that in its own words).
    pub fn open(
        keys: &'k Keys,
        cursor: CursorScope,
        page_size: usize,
        token: Option<&str>,
    ) -> Option<Self> {
        let after = match token {
            Some(token) => Some(cursor.open(keys, token)?),
            None => None,
        };
        Some(Self {
            keys,
            cursor,
            page_size,
            after,
        })
    }

    /// How many rows to read: one more than a page, to know whether another follows.
    pub fn limit(&self) -> usize {
        self.page_size + 1
    }

    /// The page of `rows` (read with [`Pager::limit`]), with the token of the next one sealed
    /// over the `key` of its last item.
    pub fn close<T>(&self, mut rows: Vec<T>, key: impl Fn(&T) -> String) -> Page<T> {
        let has_more = rows.len() > self.page_size;
        rows.truncate(self.page_size);
        let page_token = if has_more {
            rows.last()
                .map(|last| self.cursor.seal(self.keys, &key(last)))
        } else {
            None
        };
        Page {
            items: rows,
            has_more,
            page_token,
        }
    }
}

/// How many items a page of an admin list holds when the call names no `limit`.
pub const DEFAULT_ADMIN_PAGE: usize = 50;
/// The most items a page of an admin list holds.
pub const MAX_ADMIN_PAGE: usize = 500;

/// Which page of an admin list a call asks for (`?limit=&after=`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageRequest {
    /// 1 to [`MAX_ADMIN_PAGE`].
    pub limit: usize,
    /// The `next` cursor of the previous page; `None` for the first page.
    pub after: Option<String>,
}

impl Default for PageRequest {
    fn default() -> Self {
        Self {
            limit: DEFAULT_ADMIN_PAGE,
            after: None,
        }
    }
}

impl PageRequest {
    /// A request from the query's text: `limit` a whole number from 1 to [`MAX_ADMIN_PAGE`]
    /// ([`DEFAULT_ADMIN_PAGE`] when absent); an empty `after` is the first page.
    pub fn parse(limit: Option<&str>, after: Option<String>) -> Result<Self, Error> {
        let limit = match limit {
            None => DEFAULT_ADMIN_PAGE,
            Some(text) => text
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=MAX_ADMIN_PAGE).contains(n))
                .ok_or_else(|| {
                    Error::BadRequest(format!(
                        "limit: {text:?} is not a whole number from 1 to {MAX_ADMIN_PAGE}"
                    ))
                })?,
        };
        Ok(Self {
            limit,
            after: after.filter(|cursor| !cursor.is_empty()),
        })
    }
}

/// The admin API's answer to an `after` that is not a cursor of the list it was passed to.
pub fn foreign_cursor() -> Error {
    Error::BadRequest(
        "after: not a cursor of this list; pass the `next` of the list's previous page, or \
         leave `after` out for its first page"
            .into(),
    )
}

/// The key of an item in a newest-first list: its time, then the ID that orders items of the
/// same time, as one text (`"{ms}:{id}"`) for a page token.
pub fn time_key(at: Millis, id: &str) -> String {
    format!("{}:{id}", at.0)
}

/// The time and ID of a [`time_key`]; `None` when `text` is not one.
pub fn split_time_key(text: &str) -> Option<(Millis, &str)> {
    let (at, id) = text.split_once(':')?;
    Some((Millis(at.parse().ok()?), id))
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

    fn keys() -> Keys {
        Keys::from_hex(&Keys::generate_hex()).unwrap()
    }

    /// Positions of every size: none, less than a keystream block, several blocks.
    fn positions() -> Vec<String> {
        vec![
            String::new(),
            "u042".into(),
            time_key(Millis(1_715_352_833_000), "7460000000000000045"),
            "ü".repeat(70),
        ]
    }

    #[test]
    fn tokens_round_trip_and_are_the_same_for_the_same_page() {
        let keys = keys();
        for position in positions() {
            let token = scope("f").seal(&keys, &position);
            assert_eq!(scope("f").open(&keys, &token), Some(position.clone()));
            assert_eq!(token, scope("f").seal(&keys, &position), "deterministic");
        }
        assert!(positions()[3].len() > 100);
        assert_ne!(scope("f").seal(&keys, "u1"), scope("f").seal(&keys, "u2"));
    }

    #[test]
    fn a_token_shows_nothing_of_its_position() {
        // A fixed key: a short run of base64 could turn up in random bytes by chance.
        let keys = Keys::from_hex(&"07".repeat(32)).unwrap();
        for position in positions().into_iter().filter(|p| !p.is_empty()) {
            let token = scope("f").seal(&keys, &position);
            let bytes = URL_SAFE_NO_PAD.decode(&token).unwrap();
            assert_eq!(bytes.len(), IV_LEN + position.len());
            assert!(
                !bytes
                    .windows(position.len())
                    .any(|window| window == position.as_bytes()),
                "{position:?} is readable in {token}"
            );
            // Nor in its base64 at any alignment: the token is not merely re-encoded.
            for skip in 0..3 {
                let mut shifted = vec![0u8; skip];
                shifted.extend_from_slice(position.as_bytes());
                let encoded = URL_SAFE_NO_PAD.encode(&shifted);
                let inner = &encoded[(skip * 4).div_ceil(3)..encoded.len().saturating_sub(2)];
                assert!(inner.is_empty() || !token.contains(inner), "{position:?}");
            }
        }
    }

    #[test]
    fn a_token_opens_only_in_its_scope() {
        let keys = keys();
        let token = scope("f").seal(&keys, "u042");
        assert_eq!(scope("g").open(&keys, &token), None, "other filters");
        let others = [
            CursorScope {
                app: "b".into(),
                ..scope("f")
            },
            CursorScope {
                tenant: "u".into(),
                ..scope("f")
            },
            CursorScope {
                api: "other_api",
                ..scope("f")
            },
        ];
        for other in others {
            assert_eq!(other.open(&keys, &token), None, "{other:?}");
        }
        assert_eq!(scope("f").open(&self::keys(), &token), None, "another key");
    }

    #[test]
    fn an_altered_token_does_not_open() {
        let keys = keys();
        for position in positions() {
            let token = scope("f").seal(&keys, &position);
            let bytes = URL_SAFE_NO_PAD.decode(&token).unwrap();
            for bit in 0..bytes.len() * 8 {
                let mut altered = bytes.clone();
                altered[bit / 8] ^= 1 << (bit % 8);
                let altered = URL_SAFE_NO_PAD.encode(&altered);
                assert_eq!(scope("f").open(&keys, &altered), None, "bit {bit}");
            }
            let longer = format!("{token}AA");
            let shorter = &token[..token.len() - 2];
            for other in [longer.as_str(), shorter, "", "!!", "AAAA"] {
                assert_eq!(scope("f").open(&keys, other), None, "{other:?}");
            }
        }
    }

    /// Tokens handed out before tokens were encrypted (the position, then 16 bytes of its MAC)
    /// still open, bound as they were; an encrypted token's IV, put after a guessed position,
    /// is not such a token, so it confirms no guess.
    #[test]
    fn tokens_of_before_still_open_and_ivs_confirm_no_guess() {
        let keys = keys();
        let legacy = |scope: &CursorScope, position: &str| {
            let mut bytes = position.as_bytes().to_vec();
            bytes.extend_from_slice(&scope.mac(&keys, LEGACY_LABEL, position.as_bytes())[..16]);
            URL_SAFE_NO_PAD.encode(bytes)
        };
        let old = legacy(&scope("f"), "u042");
        assert_eq!(scope("f").open(&keys, &old).as_deref(), Some("u042"));
        assert_eq!(scope("g").open(&keys, &old), None, "other filters");
        let token = URL_SAFE_NO_PAD
            .decode(scope("f").seal(&keys, "u042"))
            .unwrap();
        let mut guess = b"u042".to_vec();
        guess.extend_from_slice(&token[..IV_LEN]);
        assert_eq!(scope("f").open(&keys, &URL_SAFE_NO_PAD.encode(guess)), None);
    }

    #[test]
    fn a_pager_reads_one_more_row_and_seals_the_last_key() {
        let keys = keys();
        let pager = Pager::open(&keys, scope("f"), 2, None).unwrap();
        assert_eq!((pager.after.as_deref(), pager.limit()), (None, 3));
        let page = pager.close(vec!["a", "b", "c"], |row| row.to_string());
        assert_eq!((page.items, page.has_more), (vec!["a", "b"], true));
        let token = page.page_token.unwrap();
        let next = Pager::open(&keys, scope("f"), 2, Some(&token)).unwrap();
        assert_eq!(next.after.as_deref(), Some("b"));
        let last = next.close(vec!["c"], |row| row.to_string());
        assert_eq!((last.has_more, last.page_token), (false, None));
        assert!(Pager::open(&keys, scope("g"), 2, Some(&token)).is_none());
    }

    #[test]
    fn admin_cursors_are_bound_to_their_tenant_and_list() {
        let keys = keys();
        let users = CursorScope::admin(&"t".into(), "admin.users", String::new());
        let token = users.seal(&keys, "u042");
        assert_eq!(users.open(&keys, &token).as_deref(), Some("u042"));
        let departments = CursorScope::admin(&"t".into(), "admin.departments", String::new());
        assert_eq!(departments.open(&keys, &token), None, "another list");
        let elsewhere = CursorScope::admin(&"u".into(), "admin.users", String::new());
        assert_eq!(elsewhere.open(&keys, &token), None, "another tenant");
    }

    #[test]
    fn page_requests_take_a_limit_from_1_to_500() {
        assert_eq!(
            PageRequest::parse(None, None).unwrap(),
            PageRequest::default()
        );
        let request = PageRequest::parse(Some("500"), Some("abc".into())).unwrap();
        assert_eq!(
            (request.limit, request.after.as_deref()),
            (500, Some("abc"))
        );
        assert_eq!(
            PageRequest::parse(Some("1"), Some(String::new()))
                .unwrap()
                .after,
            None
        );
        for bad in ["0", "501", "-1", "ten", ""] {
            let err = PageRequest::parse(Some(bad), None).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("limit: {bad:?} is not a whole number from 1 to 500")
            );
        }
    }

    #[test]
    fn time_keys_round_trip() {
        let key = time_key(Millis(-5), "69:x");
        assert_eq!(split_time_key(&key), Some((Millis(-5), "69:x")));
        assert_eq!(split_time_key("nope"), None);
        assert_eq!(split_time_key("x:1"), None);
    }
}
