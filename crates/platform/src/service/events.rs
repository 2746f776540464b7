//! Event subscriptions and the outbox as the rest of openwork uses them: the services ask who
//! subscribes to an event before they render it, the admin API manages subscriptions and emits
//! events of its own, and the server's dispatcher works the outbox through [`Platform::outbox`].

use std::collections::HashMap;

use crate::error::{Error, Result};
use crate::events::{
    Attempt, Channel, Delivery, DeliveryFilter, EventStore, NewEvent, SeenUser, Subscriber,
    Subscription, deliveries_of,
};
use crate::ids::{AppId, TenantKey, UserId};
use crate::paging::{Page, PageRequest, foreign_cursor};

use super::Platform;

impl Platform {
    /// The outbox and subscriptions, for the dispatcher that pushes events.
    pub fn outbox(&self) -> &dyn EventStore {
        self.inner.events.as_ref()
    }

    /// The tenant's apps that subscribe to `event_type`, with their subscriptions (empty when
    /// none does: the caller then renders nothing).
    pub async fn event_subscribers(
        &self,
        tenant: &TenantKey,
        event_type: &str,
    ) -> Result<Vec<Subscriber>> {
        let subscriptions = self.outbox().subscriptions(tenant).await?;
        if !subscriptions.iter().any(|s| s.wants(event_type)) {
            return Ok(Vec::new());
        }
        let apps = self.apps_of(tenant).await?;
        Ok(subscriptions
            .into_iter()
            .filter(|s| s.wants(event_type))
            .filter_map(|subscription| {
                let app = apps.iter().find(|app| app.app_id == subscription.app_id)?;
                Some(Subscriber {
                    app: app.clone(),
                    subscription,
                })
            })
            .collect())
    }

    /// The tenant's subscriptions, by app; `NotFound` when there is no such tenant.
    pub async fn event_subscriptions(&self, tenant: &TenantKey) -> Result<Vec<Subscription>> {
        self.existing_tenant(tenant).await?;
        Ok(self.outbox().subscriptions(tenant).await?)
    }

    /// Creates or replaces an app's subscription; `NotFound` when the tenant has no such app.
    pub async fn put_event_subscription(&self, subscription: &Subscription) -> Result<()> {
        self.existing_app(&subscription.tenant_key, &subscription.app_id)
            .await?;
        Ok(self.outbox().put_subscription(subscription).await?)
    }

    /// Ends an app's subscription; `NotFound` when it had none.
    pub async fn delete_event_subscription(&self, tenant: &TenantKey, app: &AppId) -> Result<()> {
        self.existing_app(tenant, app).await?;
        if self.outbox().delete_subscription(tenant, app).await? {
            Ok(())
        } else {
            Err(Error::not_found(format!(
                "event subscription of app {app:?}"
            )))
        }
    }

    /// Emits an event with the given body to every app of the tenant subscribing to its type
    /// (the admin API's emit); answers the deliveries stored, none when nobody subscribes.
    pub async fn emit_event(
        &self,
        tenant: &TenantKey,
        event_type: &str,
        event: &serde_json::Value,
    ) -> Result<Vec<Delivery>> {
        self.existing_tenant(tenant).await?;
        let subscribers = self.event_subscribers(tenant, event_type).await?;
        let events: Vec<NewEvent> = subscribers
            .iter()
            .map(|s| NewEvent {
                app_id: s.app.app_id.clone(),
                event_type: event_type.to_owned(),
                event: event.clone(),
            })
            .collect();
        let deliveries = deliveries_of(tenant, &subscribers, &events, self.real_now());
        self.outbox().insert_deliveries(&deliveries).await?;
        Ok(deliveries)
    }

    /// A page of the tenant's deliveries, newest event first (admin API); `NotFound` without
    /// the tenant.
    pub async fn event_deliveries(
        &self,
        tenant: &TenantKey,
        filter: &DeliveryFilter,
        page: &PageRequest,
    ) -> Result<Page<Delivery>> {
        self.existing_tenant(tenant).await?;
        let pager = self.admin_pager(tenant, "admin.events", filter.fingerprint(), page)?;
        let after = match pager.after.as_deref() {
            Some(key) => {
                let (event_id, channel) = key.split_once('/').ok_or_else(foreign_cursor)?;
                Some((
                    event_id,
                    Channel::parse(channel).ok_or_else(foreign_cursor)?,
                ))
            }
            None => None,
        };
        let rows = self
            .outbox()
            .deliveries_page(tenant, filter, after, pager.limit())
            .await?;
        Ok(pager.close(rows, |d| format!("{}/{}", d.event_id, d.channel.as_str())))
    }

    /// One event's deliveries with their attempts; `NotFound` when the tenant has no such event.
    pub async fn event_history(
        &self,
        tenant: &TenantKey,
        event_id: &str,
    ) -> Result<Vec<(Delivery, Vec<Attempt>)>> {
        let history = self.outbox().delivery_history(tenant, event_id).await?;
        if history.is_empty() {
            self.existing_tenant(tenant).await?;
            return Err(Error::not_found(format!("event {event_id:?}")));
        }
        Ok(history)
    }

    /// Pushes an event again from now, whatever became of it; `NotFound` without it.
    pub async fn redeliver_event(&self, tenant: &TenantKey, event_id: &str) -> Result<()> {
        if self
            .outbox()
            .redeliver(tenant, event_id, self.real_now())
            .await?
        {
            Ok(())
        } else {
            self.existing_tenant(tenant).await?;
            Err(Error::not_found(format!("event {event_id:?}")))
        }
    }

    /// How `subscriber` sees these users of the tenant (missing ones are left out).
    pub async fn seen_users(
        &self,
        tenant: &TenantKey,
        subscriber: &Subscriber,
        users: &[UserId],
    ) -> Result<HashMap<UserId, SeenUser>> {
        if users.is_empty() {
            return Ok(HashMap::new());
        }
        let identities = self
            .store()
            .identities_of_users(tenant, &subscriber.app.app_id, users)
            .await?;
        Ok(identities
            .into_iter()
            .map(|identity| (identity.user_id.clone(), subscriber.sees(&identity)))
            .collect())
    }

    async fn existing_app(&self, tenant: &TenantKey, app: &AppId) -> Result<()> {
        let apps = self.apps_of(tenant).await?;
        if apps.iter().any(|known| &known.app_id == app) {
            return Ok(());
        }
        self.existing_tenant(tenant).await?;
        Err(Error::not_found(format!(
            "app {app:?} in tenant {tenant:?}"
        )))
    }
}
