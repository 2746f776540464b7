//! The ticket in the WebSocket URL: what lets a client that asked the endpoint connect.
//!
//! VENDOR: neither SDK sends credentials when it dials the URL (Python adds only optional
//! connection headers, Node dials a bare `new WebSocket(url)`), so the URL itself must carry an
//! unguessable proof. A ticket is self-contained and signed with the server key every replica
//! reads from the database, so any replica can check it without shared state. It names its app
//! and when it expires; its MAC also covers the app's tenant and secret and the URL's
//! `device_id`, so it stops working when the app is deleted or its secret changes, and cannot
//! be moved to another connection name.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use openwork_platform::clock::Millis;
use openwork_platform::directory::App;
use openwork_platform::ids::AppId;
use openwork_platform::token::{Keys, constant_time_eq};

/// How long a ticket stays valid. The SDKs dial the URL at once, and ask the endpoint again
/// before every reconnect, so a few minutes leave room for slow clients and skewed clocks.
pub const LIFETIME_SECONDS: i64 = 300;

const VERSION: u8 = 1;
const MAC_LEN: usize = 20;
/// Keeps these MACs apart from every other use of the server key.
const PURPOSE: &str = "long-connection ticket";

/// A ticket read from a URL, not yet checked.
#[derive(Debug, PartialEq, Eq)]
pub struct Ticket {
    pub app_id: AppId,
    expires_at_seconds: i64,
    mac: Vec<u8>,
}

/// Why a ticket does not admit its connection, in the words the client is shown.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    Malformed,
    Forged,
    Expired,
}

impl Refused {
    pub fn message(&self) -> &'static str {
        match self {
            Self::Malformed => {
                "the URL's ticket is not one this server issued; dial the URL that POST \
                 /callback/ws/endpoint answers, as it is"
            }
            Self::Forged => {
                "the URL's ticket does not match its app's current credentials or the URL's \
                 device_id; ask POST /callback/ws/endpoint for a new URL"
            }
            Self::Expired => {
                "the URL's ticket expired (tickets last 5 minutes); ask POST \
                 /callback/ws/endpoint for a new URL"
            }
        }
    }
}

/// A ticket for `app`'s connection named `device_id`, valid from `now` for
/// [`LIFETIME_SECONDS`]. URL-safe as it is.
pub fn issue(keys: &Keys, app: &App, device_id: &str, now: Millis) -> String {
    let payload = payload(now.seconds() + LIFETIME_SECONDS, &app.app_id);
    let mut bytes = payload.clone();
    bytes.extend_from_slice(&mac(keys, &payload, app, device_id)[..MAC_LEN]);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Reads a ticket's claims; [`Ticket::check`] then needs its app.
pub fn read(text: &str) -> Result<Ticket, Refused> {
    let bytes = URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|_| Refused::Malformed)?;
    let (&version, rest) = bytes.split_first().ok_or(Refused::Malformed)?;
    if version != VERSION || rest.len() < 8 + 1 + MAC_LEN {
        return Err(Refused::Malformed);
    }
    let (expires, rest) = rest.split_at(8);
    let (&app_len, rest) = rest.split_first().ok_or(Refused::Malformed)?;
    if rest.len() != usize::from(app_len) + MAC_LEN {
        return Err(Refused::Malformed);
    }
    let (app_id, mac) = rest.split_at(usize::from(app_len));
    Ok(Ticket {
        app_id: AppId::new(String::from_utf8(app_id.to_vec()).map_err(|_| Refused::Malformed)?),
        expires_at_seconds: i64::from_be_bytes(expires.try_into().expect("8 bytes")),
        mac: mac.to_vec(),
    })
}

impl Ticket {
    /// Whether the ticket was issued by this server for `app` (the app it names, as it is now)
    /// and the connection `device_id`, and is still valid at `now`.
    pub fn check(
        &self,
        keys: &Keys,
        app: &App,
        device_id: &str,
        now: Millis,
    ) -> Result<(), Refused> {
        let payload = payload(self.expires_at_seconds, &self.app_id);
        let expected = mac(keys, &payload, app, device_id);
        if app.app_id != self.app_id || !constant_time_eq(&expected[..MAC_LEN], &self.mac) {
            return Err(Refused::Forged);
        }
        if now.seconds() >= self.expires_at_seconds {
            return Err(Refused::Expired);
        }
        Ok(())
    }
}

fn payload(expires_at_seconds: i64, app_id: &AppId) -> Vec<u8> {
    let app_id = app_id.as_str().as_bytes();
    let mut out = Vec::with_capacity(1 + 8 + 1 + app_id.len());
    out.push(VERSION);
    out.extend_from_slice(&expires_at_seconds.to_be_bytes());
    out.push(u8::try_from(app_id.len()).expect("app IDs are at most 255 bytes"));
    out.extend_from_slice(app_id);
    out
}

fn mac(keys: &Keys, payload: &[u8], app: &App, device_id: &str) -> [u8; 32] {
    keys.mac(
        PURPOSE,
        &[
            payload,
            app.tenant_key.as_str().as_bytes(),
            app.app_secret.as_bytes(),
            device_id.as_bytes(),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use openwork_platform::ids::TenantKey;

    fn app(tenant: &str, secret: &str) -> App {
        App {
            tenant_key: TenantKey::from(tenant),
            app_id: AppId::from("cli_de30c0de00000001"),
            app_secret: secret.into(),
            name: "a".into(),
            developer: "d".into(),
            scopes: vec![],
            dingtalk: None,
        }
    }

    fn keys() -> Keys {
        Keys::from_hex(&Keys::generate_hex()).unwrap()
    }

    const NOW: Millis = Millis(1_700_000_000_000);

    #[test]
    fn a_ticket_admits_its_connection_until_it_expires() {
        let (keys, app) = (keys(), app("t", "s"));
        let ticket = read(&issue(&keys, &app, "d1", NOW)).unwrap();
        assert_eq!(ticket.app_id, app.app_id);
        assert_eq!(ticket.check(&keys, &app, "d1", NOW), Ok(()));
        let last = Millis(NOW.0 + (LIFETIME_SECONDS * 1000) - 1);
        assert_eq!(ticket.check(&keys, &app, "d1", last), Ok(()));
        let expired = Millis(NOW.0 + LIFETIME_SECONDS * 1000);
        assert_eq!(
            ticket.check(&keys, &app, "d1", expired),
            Err(Refused::Expired)
        );
    }

    #[test]
    fn a_ticket_is_bound_to_its_key_tenant_secret_and_device() {
        let (keys, app) = (keys(), app("t", "s"));
        let ticket = read(&issue(&keys, &app, "d1", NOW)).unwrap();
        let forged = Err(Refused::Forged);
        assert_eq!(ticket.check(&self::keys(), &app, "d1", NOW), forged);
        assert_eq!(
            ticket.check(&keys, &self::app("t2", "s"), "d1", NOW),
            forged
        );
        assert_eq!(
            ticket.check(&keys, &self::app("t", "s2"), "d1", NOW),
            forged
        );
        assert_eq!(ticket.check(&keys, &app, "d2", NOW), forged);
    }

    #[test]
    fn any_changed_character_is_refused() {
        let (keys, app) = (keys(), app("t", "s"));
        let text = issue(&keys, &app, "d1", NOW);
        for i in 0..text.len() {
            let mut bytes = text.clone().into_bytes();
            bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
            let altered = String::from_utf8(bytes).unwrap();
            let admitted = read(&altered).is_ok_and(|ticket| {
                ticket.app_id == app.app_id && ticket.check(&keys, &app, "d1", NOW).is_ok()
            });
            assert!(!admitted, "altered character {i} admitted");
        }
        for garbage in ["", "x", "!!!", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"] {
            assert_eq!(read(garbage), Err(Refused::Malformed), "{garbage:?}");
        }
    }
}
