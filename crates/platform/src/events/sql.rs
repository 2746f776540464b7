//! The event tables in SQL: subscriptions, deliveries (the outbox) and attempts, for both
//! databases.

use async_trait::async_trait;

use super::{
    AfterAttempt, Attempt, Delivery, DeliveryFilter, DeliveryState, EventStore, Subscription,
};
use crate::clock::Millis;
use crate::db::{Db, Dialect, Table, Unwatched, backend, check_table, insert, placeholders};
use crate::error::StoreResult;
use crate::events::Channel;
use crate::ids::{AppId, TenantKey};
use crate::table;

table! {
    /// What each app subscribes to.
    pub(crate) Subscriptions: Subscription in "event_subscriptions",
    scope (),
    {
        tenant_key: ["tenant_key"],
        app_id: ["app_id"],
        event_types: ["event_types"],
        request_url: ["request_url"],
        long_connection: ["long_connection"],
        verification_token: ["verification_token"],
        encrypt_key: ["encrypt_key"],
    }
}

table! {
    /// The outbox: one row per event and channel. The lease is the dispatchers' bookkeeping,
    /// written as the row's scope.
    pub(crate) Deliveries: Delivery in "event_deliveries",
    scope (lease_owner: Option<String>, lease_until_ms: Option<Millis>),
    {
        event_id: ["event_id"],
        channel: ["channel"],
        tenant_key: ["tenant_key"],
        app_id: ["app_id"],
        event_type: ["event_type"],
        create_time: ["create_time_ms"],
        event: ["event"],
        state: ["state"],
        attempts: ["attempts"],
        next_attempt_at: ["next_attempt_ms"],
        delivered_at: ["delivered_at_ms"],
    }
}

table! {
    /// Every attempt at a delivery.
    pub(crate) Attempts: Attempt in "event_attempts",
    scope (event_id: String, channel: Channel, tenant_key: TenantKey),
    {
        attempt: ["attempt"],
        at: ["at_ms"],
        duration_ms: ["duration_ms"],
        replica: ["replica"],
        target: ["target"],
        delivered: ["delivered"],
        status: ["status"],
        detail: ["detail"],
    }
}

/// The SQL condition of a delivery due on the channel bound at `channel` by the time bound at
/// `now`, nobody holding it; with `apps`, only theirs, bound from parameter `first_app` on.
fn due_condition(channel: &str, now: &str, first_app: usize, apps: Option<&[AppId]>) -> String {
    let mut condition = format!(
        "state = 'pending' AND channel = {channel} AND next_attempt_ms <= {now} \
         AND (lease_until_ms IS NULL OR lease_until_ms < {now})"
    );
    if let Some(apps) = apps {
        condition += &format!(" AND app_id IN ({})", placeholders(first_app, apps.len()));
    }
    condition
}

/// Every event table's declaration, checked against the migrated schema.
pub async fn check_tables(db: &Db) -> StoreResult<()> {
    check_table::<Subscriptions>(db).await?;
    check_table::<Deliveries>(db).await?;
    check_table::<Attempts>(db).await
}

/// The event tables of a database.
#[derive(Clone)]
pub struct SqlEventStore {
    db: Db,
}

impl SqlEventStore {
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

#[async_trait]
impl EventStore for SqlEventStore {
    async fn subscriptions(&self, tenant: &TenantKey) -> StoreResult<Vec<Subscription>> {
        sqlx::query("SELECT * FROM event_subscriptions WHERE tenant_key = $1 ORDER BY app_id")
            .bind(tenant.as_str())
            .fetch_all(self.db.pool())
            .await
            .map_err(backend)?
            .iter()
            .map(Subscriptions::read)
            .collect()
    }

    async fn put_subscription(&self, subscription: &Subscription) -> StoreResult<()> {
        let mut write = self.db.begin_write().await?;
        sqlx::query("DELETE FROM event_subscriptions WHERE app_id = $1")
            .bind(subscription.app_id.as_str())
            .execute(&mut *write.tx)
            .await
            .map_err(backend)?;
        insert::<Subscriptions, _>(
            &mut write.tx,
            std::slice::from_ref(subscription),
            &Unwatched,
            |s| Subscriptions::cells((), s),
        )
        .await?;
        write.commit().await
    }

    async fn delete_subscription(&self, tenant: &TenantKey, app: &AppId) -> StoreResult<bool> {
        let deleted = self
            .db
            .delete_owned::<Subscriptions>(tenant, &[("app_id", app.as_str())])
            .await?;
        Ok(deleted > 0)
    }

    async fn insert_deliveries(&self, deliveries: &[Delivery]) -> StoreResult<()> {
        let mut write = self.db.begin_write().await?;
        super::insert_deliveries(&mut write.tx, deliveries).await?;
        write.commit().await
    }

    async fn lease_due(
        &self,
        channel: Channel,
        apps: Option<&[AppId]>,
        owner: &str,
        now: Millis,
        lease_until: Millis,
        limit: usize,
    ) -> StoreResult<Vec<Delivery>> {
        if apps.is_some_and(<[AppId]>::is_empty) {
            return Ok(Vec::new());
        }
        // Most polls find nothing due: a read says so without taking SQLite's writer or
        // opening a write transaction.
        let probe = format!(
            "SELECT 1 FROM event_deliveries WHERE {} LIMIT 1",
            due_condition("$1", "$2", 3, apps)
        );
        let mut probe = sqlx::query(&probe).bind(channel.as_str()).bind(now.0);
        for app in apps.unwrap_or_default() {
            probe = probe.bind(app.as_str());
        }
        if probe
            .fetch_optional(self.db.pool())
            .await
            .map_err(backend)?
            .is_none()
        {
            return Ok(Vec::new());
        }
        // PostgreSQL: replicas leasing at once skip each other's rows instead of waiting; the
        // outer conditions are checked again on the locked row, so a row is leased once. SQLite
        // has one writer (this process), which is exclusion enough.
        let skip_locked = match self.db.dialect() {
            Dialect::Postgres => "FOR UPDATE SKIP LOCKED",
            Dialect::Sqlite => "",
        };
        let sql = format!(
            "UPDATE event_deliveries SET lease_owner = $1, lease_until_ms = $3 \
             WHERE {} AND (event_id, channel) IN (SELECT event_id, channel FROM event_deliveries \
                 WHERE {} \
                 ORDER BY next_attempt_ms, event_id LIMIT $5 {skip_locked}) \
             RETURNING *",
            due_condition("$4", "$2", 6, None),
            due_condition("$4", "$2", 6, apps),
        );
        let mut query = sqlx::query(&sql)
            .bind(owner)
            .bind(now.0)
            .bind(lease_until.0)
            .bind(channel.as_str())
            .bind(limit as i64);
        for app in apps.unwrap_or_default() {
            query = query.bind(app.as_str());
        }
        let mut write = self.db.begin_write().await?;
        let rows = query.fetch_all(&mut *write.tx).await.map_err(backend)?;
        write.commit().await?;
        let mut leased: Vec<Delivery> = rows
            .iter()
            .map(Deliveries::read)
            .collect::<Result<_, _>>()?;
        leased.sort_by(|a, b| {
            (a.next_attempt_at, &a.event_id).cmp(&(b.next_attempt_at, &b.event_id))
        });
        Ok(leased)
    }

    async fn finish_attempt(
        &self,
        delivery: &Delivery,
        owner: &str,
        attempt: &Attempt,
        after: AfterAttempt,
    ) -> StoreResult<bool> {
        let (state, next_attempt, delivered_at) = match after {
            AfterAttempt::Delivered => (
                DeliveryState::Delivered,
                delivery.next_attempt_at,
                Some(attempt.at),
            ),
            AfterAttempt::RetryAt(at) => (DeliveryState::Pending, at, None),
            AfterAttempt::GiveUp => (DeliveryState::Failed, delivery.next_attempt_at, None),
        };
        let mut write = self.db.begin_write().await?;
        let done = sqlx::query(
            "UPDATE event_deliveries SET state = $4, attempts = $5, next_attempt_ms = $6, \
                 delivered_at_ms = $7, lease_owner = NULL, lease_until_ms = NULL \
             WHERE event_id = $1 AND channel = $2 AND lease_owner = $3",
        )
        .bind(delivery.event_id.as_str())
        .bind(delivery.channel.as_str())
        .bind(owner)
        .bind(state.as_str())
        .bind(attempt.attempt)
        .bind(next_attempt.0)
        .bind(delivered_at.map(|at| at.0))
        .execute(&mut *write.tx)
        .await
        .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        insert::<Attempts, _>(
            &mut write.tx,
            std::slice::from_ref(attempt),
            &Unwatched,
            |a| {
                Attempts::cells(
                    (&delivery.event_id, &delivery.channel, &delivery.tenant_key),
                    a,
                )
            },
        )
        .await?;
        write.commit().await?;
        Ok(true)
    }

    async fn release_delivery(&self, delivery: &Delivery, owner: &str) -> StoreResult<()> {
        let mut write = self.db.begin_write().await?;
        sqlx::query(
            "UPDATE event_deliveries SET lease_owner = NULL, lease_until_ms = NULL \
             WHERE event_id = $1 AND channel = $2 AND lease_owner = $3",
        )
        .bind(delivery.event_id.as_str())
        .bind(delivery.channel.as_str())
        .bind(owner)
        .execute(&mut *write.tx)
        .await
        .map_err(backend)?;
        write.commit().await
    }

    async fn release_all(&self, owner: &str) -> StoreResult<()> {
        let mut write = self.db.begin_write().await?;
        sqlx::query(
            "UPDATE event_deliveries SET lease_owner = NULL, lease_until_ms = NULL \
             WHERE lease_owner = $1",
        )
        .bind(owner)
        .execute(&mut *write.tx)
        .await
        .map_err(backend)?;
        write.commit().await
    }

    async fn deliveries_page(
        &self,
        tenant: &TenantKey,
        filter: &DeliveryFilter,
        after: Option<(&str, Channel)>,
        limit: usize,
    ) -> StoreResult<Vec<Delivery>> {
        let mut conditions = vec!["tenant_key = $1"];
        let mut values: Vec<&str> = vec![tenant.as_str()];
        let chosen = [
            ("app_id = ", filter.app_id.as_ref().map(AppId::as_str)),
            ("event_type = ", filter.event_type.as_deref()),
            ("state = ", filter.state.map(DeliveryState::as_str)),
        ];
        let mut owned = Vec::new();
        for (condition, value) in chosen {
            if let Some(value) = value {
                values.push(value);
                owned.push(format!("{condition}${}", values.len()));
            }
        }
        if let Some((event_id, channel)) = after {
            values.extend([event_id, channel.as_str()]);
            let (id, ch) = (values.len() - 1, values.len());
            owned.push(format!(
                "(event_id < ${id} OR (event_id = ${id} AND channel > ${ch}))"
            ));
        }
        conditions.extend(owned.iter().map(String::as_str));
        let sql = format!(
            "SELECT * FROM event_deliveries WHERE {} ORDER BY event_id DESC, channel LIMIT {}",
            conditions.join(" AND "),
            limit
        );
        let mut query = sqlx::query(&sql);
        for value in values {
            query = query.bind(value);
        }
        query
            .fetch_all(self.db.pool())
            .await
            .map_err(backend)?
            .iter()
            .map(Deliveries::read)
            .collect()
    }

    async fn delivery_history(
        &self,
        tenant: &TenantKey,
        event_id: &str,
    ) -> StoreResult<Vec<(Delivery, Vec<Attempt>)>> {
        let deliveries: Vec<Delivery> = sqlx::query(
            "SELECT * FROM event_deliveries WHERE tenant_key = $1 AND event_id = $2 ORDER BY channel DESC",
        )
        .bind(tenant.as_str())
        .bind(event_id)
        .fetch_all(self.db.pool())
        .await
        .map_err(backend)?
        .iter()
        .map(Deliveries::read)
        .collect::<StoreResult<_>>()?;
        let mut history = Vec::with_capacity(deliveries.len());
        for delivery in deliveries {
            let attempts = sqlx::query(
                "SELECT * FROM event_attempts WHERE event_id = $1 AND channel = $2 ORDER BY attempt",
            )
            .bind(event_id)
            .bind(delivery.channel.as_str())
            .fetch_all(self.db.pool())
            .await
            .map_err(backend)?
            .iter()
            .map(Attempts::read)
            .collect::<StoreResult<_>>()?;
            history.push((delivery, attempts));
        }
        Ok(history)
    }

    async fn redeliver(
        &self,
        tenant: &TenantKey,
        event_id: &str,
        now: Millis,
    ) -> StoreResult<bool> {
        let mut write = self.db.begin_write().await?;
        let done = sqlx::query(
            "UPDATE event_deliveries SET state = 'pending', next_attempt_ms = $3, \
                 delivered_at_ms = NULL \
             WHERE tenant_key = $1 AND event_id = $2",
        )
        .bind(tenant.as_str())
        .bind(event_id)
        .bind(now.0)
        .execute(&mut *write.tx)
        .await
        .map_err(backend)?;
        write.commit().await?;
        Ok(done.rows_affected() > 0)
    }
}
