//! Event pushes: what each app subscribes to, and the outbox of events to push.
//!
//! A service that changes something an app may subscribe to renders the event's body once per
//! subscribing app (IDs differ per app) and stores it with [`insert_deliveries`] **in the transaction
//! of the change**: the event exists exactly when the change does, whatever crashes. Each stored
//! event becomes one [`Delivery`] per channel the app receives on; the server's dispatcher
//! leases due deliveries, pushes them, and records every [`Attempt`]. Nothing here knows a
//! vendor service: event types are the vendor's strings, and bodies arrive rendered.

mod sql;

use async_trait::async_trait;
use sqlx::AnyConnection;

pub use sql::SqlEventStore;
pub(crate) use sql::{Subscriptions, check_tables};

use crate::clock::Millis;
use crate::db::{Cell, Columns, ReadRow, Table, Unwatched, insert};
use crate::directory::{App, UserIdentity};
use crate::error::{StoreError, StoreResult};
use crate::ids::{AppId, TenantKey};
use crate::service::EMPLOYEE_ID_SCOPE;

/// How an event reaches an app.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Channel {
    /// An HTTP POST to the app's request URL.
    Webhook,
    /// A data frame on one of the app's long connections.
    LongConnection,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Webhook => "webhook",
            Self::LongConnection => "long_connection",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "webhook" => Some(Self::Webhook),
            "long_connection" => Some(Self::LongConnection),
            _ => None,
        }
    }
}

/// Where a delivery stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DeliveryState {
    /// Not delivered yet: due at `next_attempt_at`.
    Pending,
    Delivered,
    /// Every attempt of the schedule failed; nothing more is tried.
    Failed,
}

impl DeliveryState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Delivered => "delivered",
            Self::Failed => "failed",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "pending" => Some(Self::Pending),
            "delivered" => Some(Self::Delivered),
            "failed" => Some(Self::Failed),
            _ => None,
        }
    }
}

/// Stores an enumeration as its text; a value the code does not know is a corrupt row.
macro_rules! text_columns {
    ($type:ty, $what:literal) => {
        impl Columns for $type {
            fn put(&self, out: &mut Vec<Cell>) {
                out.push(Cell::Text(self.as_str().to_owned()));
            }
            fn read(row: &ReadRow<'_>, columns: &[&str]) -> StoreResult<Self> {
                let text = String::read(row, columns)?;
                Self::parse(&text).ok_or_else(|| {
                    StoreError::Backend(format!(
                        "column {} holds {text:?}, which is no {}",
                        columns[0], $what
                    ))
                })
            }
        }
    };
}
text_columns!(Channel, "delivery channel");
text_columns!(DeliveryState, "delivery state");

/// What one app subscribes to, and how it receives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subscription {
    pub tenant_key: TenantKey,
    pub app_id: AppId,
    /// The vendor's event types (`contact.user.created_v3`, …).
    pub event_types: Vec<String>,
    /// Pushed here by webhook, when set.
    pub request_url: Option<String>,
    /// Pushed over the app's long connections.
    pub long_connection: bool,
    /// Sent in every event's `header.token`.
    pub verification_token: String,
    /// Webhook bodies are encrypted and signed with it; empty: plain and unsigned.
    pub encrypt_key: String,
}

impl Subscription {
    pub fn wants(&self, event_type: &str) -> bool {
        self.event_types.iter().any(|wanted| wanted == event_type)
    }

    /// The channels the app receives on, webhook first.
    pub fn channels(&self) -> Vec<Channel> {
        let mut channels = Vec::with_capacity(2);
        if self.request_url.is_some() {
            channels.push(Channel::Webhook);
        }
        if self.long_connection {
            channels.push(Channel::LongConnection);
        }
        channels
    }
}

/// An app that subscribes to an event type: whom a service renders an event's body for.
#[derive(Clone, Debug)]
pub struct Subscriber {
    pub app: App,
    pub subscription: Subscription,
}

impl Subscriber {
    /// Whether the app may see users' `user_id` (vendor: a field permission).
    pub fn sees_user_ids(&self) -> bool {
        self.app.has_scope(EMPLOYEE_ID_SCOPE)
    }

    /// A user as this app sees them, from the user's identity in this app.
    pub fn sees(&self, identity: &UserIdentity) -> SeenUser {
        SeenUser {
            user_id: self.sees_user_ids().then(|| identity.user_id.to_string()),
            open_id: identity.open_id.clone(),
            union_id: identity.union_id.clone(),
        }
    }
}

/// A user in the ID forms one subscriber sees them in (events carry all of them at once).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeenUser {
    /// `None` for apps without [`EMPLOYEE_ID_SCOPE`].
    pub user_id: Option<String>,
    pub open_id: String,
    pub union_id: String,
}

/// One event rendered for one app, ready to be stored.
#[derive(Clone, Debug, PartialEq)]
pub struct NewEvent {
    pub app_id: AppId,
    pub event_type: String,
    /// The `event` object of the envelope.
    pub event: serde_json::Value,
}

/// One event on one channel: the outbox row and its delivery state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivery {
    /// The envelope's `event_id`: the same on every channel and every attempt.
    pub event_id: String,
    pub channel: Channel,
    pub tenant_key: TenantKey,
    pub app_id: AppId,
    pub event_type: String,
    /// When the change happened (real time): the envelope's `create_time`.
    pub create_time: Millis,
    /// The `event` object's JSON.
    pub event: String,
    pub state: DeliveryState,
    pub attempts: i64,
    pub next_attempt_at: Millis,
    pub delivered_at: Option<Millis>,
}

impl Delivery {
    /// The `event` object, parsed (it was stored from a serialised value, so it parses back;
    /// a row edited behind openwork's back shows as `null`).
    pub fn event_body(&self) -> serde_json::Value {
        serde_json::from_str(&self.event).unwrap_or_default()
    }
}

/// One try at delivering.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    /// 1 for the first try.
    pub attempt: i64,
    pub at: Millis,
    pub duration_ms: i64,
    /// The dispatcher that tried (one per replica).
    pub replica: String,
    /// The request URL, or the long connection's `device_id`.
    pub target: String,
    pub delivered: bool,
    /// The HTTP status, or the code of the client's acknowledgement.
    pub status: Option<i64>,
    /// What came back, or what went wrong, in words.
    pub detail: String,
}

/// What follows an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterAttempt {
    Delivered,
    RetryAt(Millis),
    GiveUp,
}

/// Which deliveries a listing shows.
#[derive(Clone, Debug, Default)]
pub struct DeliveryFilter {
    pub app_id: Option<AppId>,
    pub event_type: Option<String>,
    pub state: Option<DeliveryState>,
}

impl DeliveryFilter {
    /// The filter as text, which a listing's page cursor is bound to.
    pub fn fingerprint(&self) -> String {
        format!(
            "{}|{}|{}",
            self.app_id.as_ref().map_or("", AppId::as_str),
            self.event_type.as_deref().unwrap_or_default(),
            self.state.map_or("", DeliveryState::as_str)
        )
    }
}

/// A fresh event ID: 32 hex digits, the first 12 the creation time, so that IDs sort by age
/// (the dispatcher pushes oldest first) and stay unique without coordination.
pub fn new_event_id(now: Millis) -> String {
    let random = crate::ids::random_hex32();
    format!("{:012x}{}", now.0.max(0), &random[..20])
}

/// The deliveries of rendered `events`: one per channel of each app's subscription, due at
/// once, each event under a fresh ID. Events for apps without a subscription among
/// `subscribers` are dropped (they unsubscribed while the change was prepared).
pub fn deliveries_of(
    tenant: &TenantKey,
    subscribers: &[Subscriber],
    events: &[NewEvent],
    now: Millis,
) -> Vec<Delivery> {
    let mut deliveries = Vec::new();
    for event in events {
        let Some(subscriber) = subscribers.iter().find(|s| s.app.app_id == event.app_id) else {
            continue;
        };
        let event_id = new_event_id(now);
        for channel in subscriber.subscription.channels() {
            deliveries.push(Delivery {
                event_id: event_id.clone(),
                channel,
                tenant_key: tenant.clone(),
                app_id: event.app_id.clone(),
                event_type: event.event_type.clone(),
                create_time: now,
                event: event.event.to_string(),
                state: DeliveryState::Pending,
                attempts: 0,
                next_attempt_at: now,
                delivered_at: None,
            });
        }
    }
    deliveries
}

/// Stores deliveries in the caller's transaction: the transaction of the change that caused
/// the events, so that they exist exactly when the change does.
pub async fn insert_deliveries(
    conn: &mut AnyConnection,
    deliveries: &[Delivery],
) -> StoreResult<()> {
    insert::<sql::Deliveries, _>(conn, deliveries, &Unwatched, |delivery| {
        sql::Deliveries::cells((&None, &None), delivery)
    })
    .await
}

/// The outbox's table, by name: what a change that stored many events leaves analyzed
/// ([`Db::analyze`](crate::db::Db::analyze)).
pub fn outbox_table() -> String {
    sql::Deliveries::NAME.to_owned()
}

/// The events' storage port.
#[async_trait]
pub trait EventStore: Send + Sync {
    /// The tenant's subscriptions, by app.
    async fn subscriptions(&self, tenant: &TenantKey) -> StoreResult<Vec<Subscription>>;
    /// Creates or replaces an app's subscription.
    async fn put_subscription(&self, subscription: &Subscription) -> StoreResult<()>;
    /// False when the app had none.
    async fn delete_subscription(&self, tenant: &TenantKey, app: &AppId) -> StoreResult<bool>;
    /// Stores events in a transaction of their own (events the admin API emits).
    async fn insert_deliveries(&self, deliveries: &[Delivery]) -> StoreResult<()>;
    /// Leases up to `limit` due deliveries of `channel` to `owner` until `lease_until`, oldest
    /// first: pending ones due by `now` that nobody holds (or whose lease ran out). With `apps`,
    /// only theirs (none for an empty list). Replicas never get the same delivery at once.
    async fn lease_due(
        &self,
        channel: Channel,
        apps: Option<&[AppId]>,
        owner: &str,
        now: Millis,
        lease_until: Millis,
        limit: usize,
    ) -> StoreResult<Vec<Delivery>>;
    /// Records an attempt at a delivery `owner` holds and what follows it, giving the lease
    /// back. False (and nothing stored) when `owner` no longer holds it.
    async fn finish_attempt(
        &self,
        delivery: &Delivery,
        owner: &str,
        attempt: &Attempt,
        after: AfterAttempt,
    ) -> StoreResult<bool>;
    /// Gives a held delivery back untried (its app has no connection here any more).
    async fn release_delivery(&self, delivery: &Delivery, owner: &str) -> StoreResult<()>;
    /// Gives back everything `owner` holds (a dispatcher stopping).
    async fn release_all(&self, owner: &str) -> StoreResult<()>;
    /// The tenant's deliveries matching `filter`, newest event first (then by channel), after
    /// the delivery `after`.
    async fn deliveries_page(
        &self,
        tenant: &TenantKey,
        filter: &DeliveryFilter,
        after: Option<(&str, Channel)>,
        limit: usize,
    ) -> StoreResult<Vec<Delivery>>;
    /// One event's deliveries (one per channel), each with its attempts in order.
    async fn delivery_history(
        &self,
        tenant: &TenantKey,
        event_id: &str,
    ) -> StoreResult<Vec<(Delivery, Vec<Attempt>)>>;
    /// Makes an event due again at `now`, whatever became of it (the admin API's redelivery);
    /// false when the tenant has no such event.
    async fn redeliver(&self, tenant: &TenantKey, event_id: &str, now: Millis)
    -> StoreResult<bool>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_ids_sort_by_creation_time_and_are_unique() {
        let early = new_event_id(Millis(1_700_000_000_000));
        let late = new_event_id(Millis(1_700_000_000_001));
        assert_eq!(early.len(), 32);
        assert!(early.chars().all(|c| c.is_ascii_hexdigit()));
        assert!(early < late);
        assert_ne!(early, new_event_id(Millis(1_700_000_000_000)));
    }

    #[test]
    fn channels_follow_the_subscription() {
        let mut subscription = Subscription {
            tenant_key: TenantKey::from("t"),
            app_id: AppId::from("cli_1"),
            event_types: vec!["a.b_v3".into()],
            request_url: Some("http://127.0.0.1:1/hook".into()),
            long_connection: true,
            verification_token: "v".into(),
            encrypt_key: String::new(),
        };
        assert_eq!(
            subscription.channels(),
            [Channel::Webhook, Channel::LongConnection]
        );
        assert!(subscription.wants("a.b_v3") && !subscription.wants("a.c_v3"));
        subscription.request_url = None;
        assert_eq!(subscription.channels(), [Channel::LongConnection]);
    }
}
