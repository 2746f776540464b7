//! Access tokens, callers and scopes.
//!
//! Tokens are self-contained and signed: `t-…` (tenant, and for self-built apps also the app
//! token) and `u-…` (user) are base64url of a small payload plus a truncated HMAC-SHA256 under the
//! server key that every replica reads from the database. The MAC also covers the tenant and the
//! app secret, so a token survives restarts and works on every replica, and stops working when
//! its app is deleted, its secret changes or the app moves to another tenant. Nothing about a
//! token is stored except when an app's current tenant token was issued (for reuse).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::clock::Millis;
use crate::directory::App;
use crate::error::{Error, TokenKind};

/// Lifetime of every access token, in seconds (`expire` / `expires_in`).
pub const TOKEN_LIFETIME_SECONDS: i64 = 7200;
/// The vendor hands out the same tenant token while at least this much of it remains.
pub const TOKEN_REUSE_MIN_REMAINING_SECONDS: i64 = 1800;

const TOKEN_VERSION: u8 = 2;
const MAC_LEN: usize = 20;
/// Tokens issued up to this far in the (real) future are accepted: replicas' clocks drift.
const CLOCK_SKEW_SECONDS: i64 = 60;

/// The server's signing key, shared by every replica through the database.
#[derive(Clone)]
pub struct Keys {
    secret: [u8; 32],
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keys(..)")
    }
}

impl Keys {
    pub fn from_hex(text: &str) -> Option<Self> {
        let bytes = hex::decode(text).ok()?;
        Some(Self {
            secret: bytes.try_into().ok()?,
        })
    }

    /// A new random key, hex-encoded for storage.
    pub fn generate_hex() -> String {
        use rand::RngCore;
        let mut secret = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut secret);
        hex::encode(secret)
    }

    /// HMAC-SHA256 under the server key of `purpose` and length-prefixed `parts`.
    pub fn mac(&self, purpose: &str, parts: &[&[u8]]) -> [u8; 32] {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.secret).expect("any key length");
        for part in std::iter::once(purpose.as_bytes()).chain(parts.iter().copied()) {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part);
        }
        mac.finalize().into_bytes().into()
    }
}

/// The secret a token of `kind` is bound to: the DingTalk one for DingTalk tokens (empty, so
/// never matching a signature made with one, for an app without a DingTalk identity).
fn credential_secret(app: &App, kind: TokenKind) -> &str {
    match kind {
        TokenKind::Tenant | TokenKind::User => &app.app_secret,
        TokenKind::DingTalk => app.dingtalk.as_ref().map_or("", |d| d.app_secret.as_str()),
    }
}

/// A short, stable fingerprint of the credentials tokens of `kind` are bound to (never the
/// secret itself).
pub fn credential_fingerprint(app: &App, kind: TokenKind) -> String {
    let digest = Sha256::new()
        .chain_update(b"credential")
        .chain_update(app.tenant_key.as_str())
        .chain_update([0])
        .chain_update(credential_secret(app, kind).as_bytes())
        .finalize();
    hex::encode(&digest[..12])
}

/// The claims a token carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenClaims {
    pub kind: TokenKind,
    pub issued_at_seconds: i64,
    /// Tells apart tokens with otherwise equal claims. User tokens draw it at random, since the
    /// vendor hands out a new token on every code exchange and refresh, even within one second.
    /// Tenant and DingTalk tokens use 0: they are re-sealed from their recorded issue, and must
    /// come out identical while that issue is being reused.
    pub nonce: u64,
    pub app_id: String,
    pub user_id: Option<String>,
}

impl TokenClaims {
    fn prefix(&self) -> &'static str {
        match self.kind {
            TokenKind::Tenant => "t-",
            TokenKind::User => "u-",
            TokenKind::DingTalk => "dt-",
        }
    }

    fn payload(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64);
        out.push(TOKEN_VERSION);
        out.extend_from_slice(&self.issued_at_seconds.to_be_bytes());
        out.extend_from_slice(&self.nonce.to_be_bytes());
        push_short(&mut out, &self.app_id);
        if let Some(user) = &self.user_id {
            push_short(&mut out, user);
        }
        out
    }

    fn signature(&self, keys: &Keys, app: &App) -> [u8; 32] {
        keys.mac(
            self.prefix(),
            &[
                &self.payload(),
                app.tenant_key.as_str().as_bytes(),
                credential_secret(app, self.kind).as_bytes(),
            ],
        )
    }

    /// The token text for these claims, signed for `app` (which must be the claimed app).
    pub fn seal(&self, keys: &Keys, app: &App) -> String {
        let mut bytes = self.payload();
        bytes.extend_from_slice(&self.signature(keys, app)[..MAC_LEN]);
        format!("{}{}", self.prefix(), URL_SAFE_NO_PAD.encode(bytes))
    }

    /// Reads the claims of a token without checking its signature (the app is needed for that).
    pub fn read(token: &str) -> Result<(Self, Vec<u8>), Error> {
        let presented = presented_kind(token);
        let bad = || Error::InvalidToken { presented };
        let (kind, body) = if let Some(body) = token.strip_prefix("t-") {
            (TokenKind::Tenant, body)
        } else if let Some(body) = token.strip_prefix("u-") {
            (TokenKind::User, body)
        } else if let Some(body) = token.strip_prefix("dt-") {
            (TokenKind::DingTalk, body)
        } else {
            return Err(bad());
        };
        let bytes = URL_SAFE_NO_PAD.decode(body).map_err(|_| bad())?;
        if bytes.len() < 1 + 8 + 8 + 1 + MAC_LEN || bytes[0] != TOKEN_VERSION {
            return Err(bad());
        }
        let (payload, mac) = bytes.split_at(bytes.len() - MAC_LEN);
        let issued_at_seconds = i64::from_be_bytes(payload[1..9].try_into().expect("8 bytes"));
        let nonce = u64::from_be_bytes(payload[9..17].try_into().expect("8 bytes"));
        let mut rest = &payload[17..];
        let app_id = take_short(&mut rest).ok_or_else(bad)?;
        let user_id = match kind {
            TokenKind::Tenant | TokenKind::DingTalk => None,
            TokenKind::User => Some(take_short(&mut rest).ok_or_else(bad)?),
        };
        if !rest.is_empty() {
            return Err(bad());
        }
        let claims = Self {
            kind,
            issued_at_seconds,
            nonce,
            app_id,
            user_id,
        };
        Ok((claims, mac.to_vec()))
    }

    /// Checks the signature against `app` and the lifetime against the real clock.
    pub fn verify(&self, mac: &[u8], keys: &Keys, app: &App, real_now: Millis) -> bool {
        self.verify_renewed(mac, keys, app, real_now, self.issued_at_seconds)
    }

    /// As [`TokenClaims::verify`], for a token whose lifetime was renewed at `renewed_at_seconds`
    /// (DingTalk renews a token each time `/gettoken` hands it out again).
    pub fn verify_renewed(
        &self,
        mac: &[u8],
        keys: &Keys,
        app: &App,
        real_now: Millis,
        renewed_at_seconds: i64,
    ) -> bool {
        let expected = self.signature(keys, app);
        let signed = constant_time_eq(&expected[..MAC_LEN], mac);
        let now = real_now.seconds();
        let last_start = self.issued_at_seconds.max(renewed_at_seconds);
        let alive = self.issued_at_seconds <= now + CLOCK_SKEW_SECONDS
            && now < last_start + TOKEN_LIFETIME_SECONDS;
        signed && alive && app.app_id.as_str() == self.app_id
    }

    /// Seconds left before the token expires.
    pub fn remaining_seconds(&self, real_now: Millis) -> i64 {
        (self.issued_at_seconds + TOKEN_LIFETIME_SECONDS - real_now.seconds()).max(0)
    }
}

fn push_short(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    let len = u8::try_from(bytes.len()).expect("IDs in tokens are at most 255 bytes");
    out.push(len);
    out.extend_from_slice(bytes);
}

fn take_short(rest: &mut &[u8]) -> Option<String> {
    let (&len, tail) = rest.split_first()?;
    let len = usize::from(len);
    if tail.len() < len {
        return None;
    }
    let (text, tail) = tail.split_at(len);
    *rest = tail;
    String::from_utf8(text.to_vec()).ok()
}

/// Whether two secrets are equal, in a time that does not tell how much of them matched.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The kind a token claims to be by its shape. VENDOR: Feishu answers 99991668 (invalid user
/// token) for user-shaped tokens (`u-…`, JWT `eyJ…`) and 99991663 for everything else.
pub fn presented_kind(token: &str) -> TokenKind {
    if token.starts_with("u-") || token.starts_with("eyJ") {
        TokenKind::User
    } else {
        TokenKind::Tenant
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{AppId, TenantKey};

    fn app(tenant: &str, secret: &str) -> App {
        App {
            tenant_key: TenantKey::from(tenant),
            app_id: AppId::from("cli_1"),
            app_secret: secret.into(),
            name: "a".into(),
            developer: "d".into(),
            scopes: vec!["x:y".into()],
            dingtalk: None,
        }
    }

    fn keys() -> Keys {
        Keys::from_hex(&Keys::generate_hex()).unwrap()
    }

    fn tenant_claims(issued: i64) -> TokenClaims {
        TokenClaims {
            kind: TokenKind::Tenant,
            issued_at_seconds: issued,
            nonce: 0,
            app_id: "cli_1".into(),
            user_id: None,
        }
    }

    #[test]
    fn round_trip_and_lifetime() {
        let (keys, app) = (keys(), app("t", "s"));
        let token = tenant_claims(1_000).seal(&keys, &app);
        assert!(token.starts_with("t-"));
        let (claims, mac) = TokenClaims::read(&token).unwrap();
        assert_eq!(claims, tenant_claims(1_000));
        assert!(claims.verify(&mac, &keys, &app, Millis::from_seconds(1_000)));
        assert!(claims.verify(&mac, &keys, &app, Millis::from_seconds(8_199)));
        assert!(!claims.verify(&mac, &keys, &app, Millis::from_seconds(8_200)));
        assert_eq!(claims.remaining_seconds(Millis::from_seconds(1_100)), 7_100);
    }

    #[test]
    fn any_changed_byte_is_refused() {
        let (keys, app) = (keys(), app("t", "s"));
        let token = tenant_claims(1_000).seal(&keys, &app);
        let now = Millis::from_seconds(1_001);
        for i in 2..token.len() {
            let mut bytes = token.clone().into_bytes();
            bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
            let altered = String::from_utf8(bytes).unwrap();
            let ok = TokenClaims::read(&altered)
                .map(|(c, mac)| c.verify(&mac, &keys, &app, now))
                .unwrap_or(false);
            assert!(!ok, "altered byte {i} accepted");
        }
    }

    #[test]
    fn secret_tenant_and_server_key_are_bound() {
        let keys = keys();
        let token = tenant_claims(1_000).seal(&keys, &app("t", "s"));
        let (claims, mac) = TokenClaims::read(&token).unwrap();
        let now = Millis::from_seconds(1_001);
        assert!(!claims.verify(&mac, &keys, &app("t", "other"), now));
        assert!(!claims.verify(&mac, &keys, &app("t2", "s"), now));
        assert!(!claims.verify(&mac, &self::keys(), &app("t", "s"), now));
    }

    #[test]
    fn user_tokens_carry_the_user() {
        let (keys, app) = (keys(), app("t", "s"));
        let claims = TokenClaims {
            kind: TokenKind::User,
            issued_at_seconds: 5,
            nonce: 42,
            app_id: "cli_1".into(),
            user_id: Some("u1".into()),
        };
        let token = claims.seal(&keys, &app);
        assert!(token.starts_with("u-"));
        assert_eq!(TokenClaims::read(&token).unwrap().0, claims);
    }

    #[test]
    fn token_shapes() {
        assert_eq!(presented_kind("u-abc"), TokenKind::User);
        assert_eq!(presented_kind("eyJhbGciOi"), TokenKind::User);
        assert_eq!(presented_kind("t-abc"), TokenKind::Tenant);
        assert_eq!(presented_kind("garbage"), TokenKind::Tenant);
        assert!(matches!(
            TokenClaims::read("u-!!"),
            Err(Error::InvalidToken {
                presented: TokenKind::User
            })
        ));
    }
}
