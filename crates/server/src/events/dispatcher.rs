//! This replica's event dispatcher: leases due deliveries from the outbox (any replica may have
//! stored them), pushes each one, and records the attempt with what follows it — delivered, a
//! retry on the schedule, or given up. A lease makes each delivery this dispatcher's alone
//! while it is tried, so that with several replicas every event is pushed by one of them.
//!
//! Exactly once, as far as a network allows: an event is marked delivered in the same
//! statement that records the acknowledging attempt, and a delivered event is never leased
//! again. A crash between the client's acknowledgement and that statement makes the event due
//! again when its lease runs out, with the same `event_id` — which the vendor documents as the
//! key receivers deduplicate on.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use futures::StreamExt;
use openwork_platform::Platform;
use openwork_platform::clock::Millis;
use openwork_platform::events::{
    AfterAttempt, Attempt, Channel, Delivery, EventStore, Subscription,
};
use openwork_platform::ids::{AppId, TenantKey};
use openwork_wire::feishu::events::{Envelope, EnvelopeHeader};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::long_connection::{LongConnections, Push};
use super::webhook::{WebhookTarget, Webhooks};

/// How often an idle dispatcher looks for due events (stored by any replica).
const IDLE_POLL: Duration = Duration::from_millis(100);
/// How long to wait after a storage failure before trying again.
const ERROR_BACKOFF: Duration = Duration::from_secs(1);
/// Deliveries leased, and pushed at once, per round.
const BATCH: usize = 64;
/// A lease outlives the longest attempt by this much; a replica that died while holding
/// deliveries is replaced after its leases run out.
const LEASE_MARGIN: Duration = Duration::from_secs(5);

/// When retries come and how long an attempt may take.
#[derive(Clone, Debug)]
pub struct DeliverySettings {
    /// The delay before each retry; after the last, a failing event is given up.
    pub retry_delays: Vec<Duration>,
    /// A webhook must answer (and a client acknowledge) within this.
    pub timeout: Duration,
}

pub struct Dispatcher {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl Dispatcher {
    pub fn spawn(
        platform: Platform,
        webhooks: Webhooks,
        connections: LongConnections,
        settings: DeliverySettings,
    ) -> Self {
        let (stop, stopped) = watch::channel(false);
        let worker = Worker {
            platform,
            webhooks,
            connections,
            settings,
            owner: format!("dispatcher-{}", openwork_platform::ids::random_hex32()),
        };
        let task = tokio::spawn(worker.run(stopped));
        Self { stop, task }
    }

    /// Finishes the attempts in hand, gives back this dispatcher's leases, and stops.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        if let Err(err) = self.task.await {
            tracing::error!(%err, "the event dispatcher failed");
        }
    }
}

struct Worker {
    platform: Platform,
    webhooks: Webhooks,
    connections: LongConnections,
    settings: DeliverySettings,
    /// Names this dispatcher in leases and attempts.
    owner: String,
}

/// What one attempt came to.
struct Outcome {
    target: String,
    delivered: bool,
    status: Option<i64>,
    detail: String,
}

impl Worker {
    fn outbox(&self) -> &dyn EventStore {
        self.platform.outbox()
    }

    async fn run(self, mut stopped: watch::Receiver<bool>) {
        while !*stopped.borrow() {
            let pause = match self.round().await {
                Ok(0) => IDLE_POLL,
                Ok(_) => continue,
                Err(err) => {
                    tracing::warn!(%err, "the event dispatcher cannot read the outbox; retrying");
                    ERROR_BACKOFF
                }
            };
            tokio::select! {
                _ = stopped.changed() => {}
                () = tokio::time::sleep(pause) => {}
            }
        }
        if let Err(err) = self.outbox().release_all(&self.owner).await {
            tracing::warn!(%err, "cannot give back the dispatcher's leases; they run out on their own");
        }
    }

    /// Leases and pushes one batch; answers how many deliveries it leased.
    async fn round(&self) -> openwork_platform::StoreResult<usize> {
        let now = self.platform.real_now();
        let lease = self.settings.timeout + LEASE_MARGIN;
        let lease_until = Millis(now.0 + lease.as_millis() as i64);
        let outbox = self.outbox();
        let mut due = outbox
            .lease_due(Channel::Webhook, None, &self.owner, now, lease_until, BATCH)
            .await?;
        // Long-connection events are leased only by a replica that holds one of the app's
        // connections: the others could not push them.
        let connected: Vec<AppId> = self
            .connections
            .connected_apps()
            .into_iter()
            .map(|(_, app)| app)
            .collect();
        if !connected.is_empty() {
            due.extend(
                outbox
                    .lease_due(
                        Channel::LongConnection,
                        Some(&connected),
                        &self.owner,
                        now,
                        lease_until,
                        BATCH,
                    )
                    .await?,
            );
        }
        let leased = due.len();
        let mut subscriptions: HashMap<TenantKey, Vec<Subscription>> = HashMap::new();
        for delivery in &due {
            if !subscriptions.contains_key(&delivery.tenant_key) {
                let of_tenant = outbox.subscriptions(&delivery.tenant_key).await?;
                subscriptions.insert(delivery.tenant_key.clone(), of_tenant);
            }
        }
        futures::stream::iter(due)
            .for_each_concurrent(BATCH, |delivery| {
                let subscription = subscriptions
                    .get(&delivery.tenant_key)
                    .and_then(|all| all.iter().find(|s| s.app_id == delivery.app_id));
                self.deliver(delivery, subscription)
            })
            .await;
        Ok(leased)
    }

    async fn deliver(&self, delivery: Delivery, subscription: Option<&Subscription>) {
        let at = self.platform.real_now();
        let started = Instant::now();
        let outcome = match subscription {
            Some(subscription) => match self.push(&delivery, subscription).await {
                Some(outcome) => outcome,
                None => {
                    // No connection of the app here any more: another replica (or this one,
                    // once the app reconnects) takes it.
                    if let Err(err) = self.outbox().release_delivery(&delivery, &self.owner).await {
                        tracing::warn!(%err, "cannot give back an event's lease; it runs out on its own");
                    }
                    return;
                }
            },
            None => Outcome {
                target: String::new(),
                delivered: false,
                status: None,
                detail: "the app no longer subscribes to events: not pushed".to_owned(),
            },
        };
        let attempt = Attempt {
            attempt: delivery.attempts + 1,
            at,
            duration_ms: started.elapsed().as_millis() as i64,
            replica: self.owner.clone(),
            target: outcome.target,
            delivered: outcome.delivered,
            status: outcome.status,
            detail: outcome.detail,
        };
        let retry = usize::try_from(delivery.attempts)
            .ok()
            .and_then(|done| self.settings.retry_delays.get(done));
        let after = match (outcome.delivered, retry, subscription) {
            (true, _, _) => AfterAttempt::Delivered,
            (false, Some(delay), Some(_)) => {
                AfterAttempt::RetryAt(Millis(at.0 + delay.as_millis() as i64))
            }
            (false, _, _) => AfterAttempt::GiveUp,
        };
        if after == AfterAttempt::GiveUp {
            tracing::warn!(
                event_id = %delivery.event_id,
                app_id = %delivery.app_id,
                channel = delivery.channel.as_str(),
                detail = %attempt.detail,
                "an event could not be delivered; giving it up"
            );
        }
        match self
            .outbox()
            .finish_attempt(&delivery, &self.owner, &attempt, after)
            .await
        {
            Ok(true) => {}
            Ok(false) => tracing::warn!(
                event_id = %delivery.event_id,
                "an event's lease ran out while it was pushed; it will be pushed again"
            ),
            Err(err) => tracing::warn!(
                %err,
                event_id = %delivery.event_id,
                "cannot record an event's delivery; it will be pushed again"
            ),
        }
    }

    /// One push on the delivery's channel; `None` when the app has no long connection here.
    async fn push(&self, delivery: &Delivery, subscription: &Subscription) -> Option<Outcome> {
        let envelope = envelope(delivery, subscription);
        match delivery.channel {
            Channel::Webhook => {
                let Some(request_url) = subscription.request_url.as_deref() else {
                    return Some(Outcome {
                        target: String::new(),
                        delivered: false,
                        status: None,
                        detail: "the app's subscription no longer has a request_url: not pushed"
                            .to_owned(),
                    });
                };
                let target = WebhookTarget {
                    request_url,
                    verification_token: &subscription.verification_token,
                    encrypt_key: &subscription.encrypt_key,
                };
                let answer = self.webhooks.push(&target, &envelope).await;
                Some(Outcome {
                    target: request_url.to_owned(),
                    delivered: answer.delivered,
                    status: answer.status.map(i64::from),
                    detail: answer.detail,
                })
            }
            Channel::LongConnection => {
                match self.connections.push(&delivery.app_id, &envelope).await {
                    Push::NoConnection => None,
                    Push::Acknowledged {
                        connection,
                        code,
                        answer,
                    } => Some(Outcome {
                        target: connection,
                        delivered: code == 200,
                        status: Some(code),
                        detail: if code == 200 {
                            format!("acknowledged: {answer}")
                        } else {
                            format!("the client's handler failed (code {code}): {answer}")
                        },
                    }),
                    Push::NotAcknowledged { connection, reason } => Some(Outcome {
                        target: connection,
                        delivered: false,
                        status: None,
                        detail: reason,
                    }),
                }
            }
        }
    }
}

/// The v2.0 envelope of a delivery, as JSON bytes.
fn envelope(delivery: &Delivery, subscription: &Subscription) -> Vec<u8> {
    let envelope = Envelope {
        schema: "2.0".to_owned(),
        header: EnvelopeHeader {
            event_id: delivery.event_id.clone(),
            event_type: delivery.event_type.clone(),
            create_time: delivery.create_time.0.to_string(),
            token: subscription.verification_token.clone(),
            app_id: delivery.app_id.to_string(),
            tenant_key: delivery.tenant_key.to_string(),
        },
        event: delivery.event_body(),
    };
    serde_json::to_vec(&envelope).expect("an envelope serialises")
}
