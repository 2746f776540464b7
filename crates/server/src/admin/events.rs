//! Admin API of event pushes: an app's subscription (the fixture's `apps[].events`), the
//! URL-verification challenge, emitting an event by hand, and every event's deliveries with each
//! attempt and what came back.

use axum::extract::{Path, State};
use openwork_platform::clock::Millis;
use openwork_platform::events::{Attempt, Delivery, DeliveryFilter, DeliveryState};
use openwork_platform::fixture::directory::EventSubscriptionDoc;
use openwork_platform::ids::{AppId, TenantKey};
use openwork_platform::{Error, fixture};
use openwork_wire::admin::{
    Deleted, EmitEvent, EmittedEvent, EmittedEvents, EventAttempt, EventDelivery,
    EventDeliveryHistory, EventFilter, EventHistory, UrlVerification,
};

use super::{
    AdminAuth, AdminBody, AdminQuery, AdminResult, FixtureBody, list_page, ok, parse_json,
};
use crate::events::webhook::WebhookTarget;
use crate::routes::{Routes, get, post};
use crate::state::AppState;
use crate::world::fixture::check_event_type;

pub fn routes() -> Routes {
    let app = "/_openwork/v1/tenants/{tenant_key}/apps/{app_id}/events";
    Routes::new()
        .route(
            app,
            get(subscription)
                .put(put_subscription)
                .delete(delete_subscription),
        )
        .route(&format!("{app}/verify"), post(verify_url))
        .route(
            "/_openwork/v1/tenants/{tenant_key}/events",
            get(list_deliveries).post(emit),
        )
        .route(
            "/_openwork/v1/tenants/{tenant_key}/events/{event_id}",
            get(history),
        )
        .route(
            "/_openwork/v1/tenants/{tenant_key}/events/{event_id}/redeliver",
            post(redeliver),
        )
}

/// The app's subscription, or 404 `not_found` when it has none.
async fn stored_subscription(
    state: &AppState,
    tenant: &TenantKey,
    app: &AppId,
) -> Result<EventSubscriptionDoc, Error> {
    state
        .services
        .platform
        .event_subscriptions(tenant)
        .await?
        .iter()
        .find(|s| &s.app_id == app)
        .map(EventSubscriptionDoc::of)
        .ok_or_else(|| Error::not_found(format!("event subscription of app {app:?}")))
}

/// `GET …/apps/{app_id}/events`: what the app subscribes to, and how it receives it.
async fn subscription(
    _: AdminAuth,
    State(state): State<AppState>,
    Path((tenant_key, app_id)): Path<(String, String)>,
) -> AdminResult {
    let (tenant, app) = (TenantKey::new(tenant_key), AppId::new(app_id));
    ok(&stored_subscription(&state, &tenant, &app).await?)
}

/// `PUT …/apps/{app_id}/events`: creates or replaces the app's subscription (the fixture's
/// `apps[].events`, as YAML or JSON). Events already stored keep the channels they had, and are
/// pushed with the subscription as it is at each attempt.
async fn put_subscription(
    _: AdminAuth,
    State(state): State<AppState>,
    Path((tenant_key, app_id)): Path<(String, String)>,
    FixtureBody(doc): FixtureBody<EventSubscriptionDoc>,
) -> AdminResult {
    let (tenant, app) = (TenantKey::new(tenant_key), AppId::new(app_id));
    for (i, event_type) in doc.types.iter().enumerate() {
        check_event_type(&format!("types[{i}]"), event_type)?;
    }
    let subscription = doc.subscription("events", &tenant, &app)?;
    state
        .services
        .platform
        .put_event_subscription(&subscription)
        .await?;
    ok(&EventSubscriptionDoc::of(&subscription))
}

/// `DELETE …/apps/{app_id}/events`: the app is pushed nothing more (events still waiting are
/// given up at their next attempt, which says why).
async fn delete_subscription(
    _: AdminAuth,
    State(state): State<AppState>,
    Path((tenant_key, app_id)): Path<(String, String)>,
) -> AdminResult {
    let (tenant, app) = (TenantKey::new(tenant_key), AppId::new(app_id));
    state
        .services
        .platform
        .delete_event_subscription(&tenant, &app)
        .await?;
    ok(&Deleted {
        deleted: app.to_string(),
    })
}

/// `POST …/apps/{app_id}/events/verify`: sends the vendor's URL-verification challenge to the
/// app's request URL, as the developer console does when the URL is saved.
async fn verify_url(
    _: AdminAuth,
    State(state): State<AppState>,
    Path((tenant_key, app_id)): Path<(String, String)>,
) -> AdminResult {
    let (tenant, app) = (TenantKey::new(tenant_key), AppId::new(app_id));
    let doc = stored_subscription(&state, &tenant, &app).await?;
    let request_url = doc.request_url.ok_or_else(|| {
        Error::BadRequest(format!(
            "app {app:?} receives events over its long connection only: give its subscription \
             a request_url to verify one"
        ))
    })?;
    let answer = state
        .webhooks
        .verify_url(&WebhookTarget {
            request_url: &request_url,
            verification_token: &doc.verification_token,
            encrypt_key: &doc.encrypt_key,
        })
        .await;
    ok(&UrlVerification {
        request_url,
        verified: answer.delivered,
        status: answer.status.map(i64::from),
        detail: answer.detail,
    })
}

/// `POST /tenants/{tenant_key}/events`: pushes an event with the given body to every app of the
/// tenant that subscribes to its type.
async fn emit(
    _: AdminAuth,
    State(state): State<AppState>,
    Path(tenant_key): Path<String>,
    AdminBody(body): AdminBody,
) -> AdminResult {
    let request: EmitEvent = parse_json(&body)?;
    check_event_type("event_type", &request.event_type)?;
    if !request.event.is_object() {
        return Err(
            fixture::invalid("event", "must be a JSON object (the envelope's `event`)").into(),
        );
    }
    let deliveries = state
        .services
        .platform
        .emit_event(
            &TenantKey::new(tenant_key),
            &request.event_type,
            &request.event,
        )
        .await?;
    let mut events: Vec<EmittedEvent> = Vec::new();
    for delivery in deliveries {
        match events.last_mut() {
            Some(last) if last.event_id == delivery.event_id => {
                last.channels.push(delivery.channel.as_str().to_owned());
            }
            _ => events.push(EmittedEvent {
                event_id: delivery.event_id,
                app_id: delivery.app_id.to_string(),
                channels: vec![delivery.channel.as_str().to_owned()],
            }),
        }
    }
    ok(&EmittedEvents { events })
}

/// `GET /tenants/{tenant_key}/events?app_id=&event_type=&state=&limit=&after=`: the tenant's
/// deliveries, newest event first.
async fn list_deliveries(
    _: AdminAuth,
    State(state): State<AppState>,
    Path(tenant_key): Path<String>,
    AdminQuery(query): AdminQuery<EventFilter>,
) -> AdminResult {
    let state_filter = match query.state.as_deref() {
        Some(text) => Some(DeliveryState::parse(text).ok_or_else(|| {
            Error::BadRequest(format!(
                "state {text:?} is none of pending, delivered or failed"
            ))
        })?),
        None => None,
    };
    let filter = DeliveryFilter {
        app_id: query.app_id.map(AppId::new),
        event_type: query.event_type,
        state: state_filter,
    };
    let page = openwork_platform::paging::PageRequest::parse(query.limit.as_deref(), query.after)?;
    let deliveries = state
        .services
        .platform
        .event_deliveries(&TenantKey::new(tenant_key), &filter, &page)
        .await?;
    ok(&list_page(deliveries, delivery_view))
}

/// `GET /tenants/{tenant_key}/events/{event_id}`: the event on each channel, every attempt.
async fn history(
    _: AdminAuth,
    State(state): State<AppState>,
    Path((tenant_key, event_id)): Path<(String, String)>,
) -> AdminResult {
    history_of(&state, &TenantKey::new(tenant_key), &event_id).await
}

async fn history_of(state: &AppState, tenant: &TenantKey, event_id: &str) -> AdminResult {
    let history = state
        .services
        .platform
        .event_history(tenant, event_id)
        .await?;
    ok(&EventHistory {
        deliveries: history
            .into_iter()
            .map(|(delivery, attempts)| EventDeliveryHistory {
                delivery: delivery_view(delivery),
                attempt_log: attempts.into_iter().map(attempt_view).collect(),
            })
            .collect(),
    })
}

/// `POST /tenants/{tenant_key}/events/{event_id}/redeliver`: pushes the event again from now on
/// every channel, with the same `event_id`, whatever became of it.
async fn redeliver(
    _: AdminAuth,
    State(state): State<AppState>,
    Path((tenant_key, event_id)): Path<(String, String)>,
) -> AdminResult {
    let tenant = TenantKey::new(tenant_key);
    state
        .services
        .platform
        .redeliver_event(&tenant, &event_id)
        .await?;
    history_of(&state, &tenant, &event_id).await
}

fn delivery_view(delivery: Delivery) -> EventDelivery {
    let pending = delivery.state == DeliveryState::Pending;
    let event = delivery.event_body();
    EventDelivery {
        event_id: delivery.event_id,
        channel: delivery.channel.as_str().to_owned(),
        app_id: delivery.app_id.to_string(),
        event_type: delivery.event_type,
        create_time: delivery.create_time.to_rfc3339(),
        create_time_ms: delivery.create_time.0,
        state: delivery.state.as_str().to_owned(),
        attempts: delivery.attempts,
        next_attempt_at: pending.then(|| delivery.next_attempt_at.to_rfc3339()),
        delivered_at: delivery.delivered_at.map(Millis::to_rfc3339),
        event,
    }
}

fn attempt_view(attempt: Attempt) -> EventAttempt {
    EventAttempt {
        attempt: attempt.attempt,
        at: attempt.at.to_rfc3339(),
        duration_ms: attempt.duration_ms,
        replica: attempt.replica,
        target: attempt.target,
        delivered: attempt.delivered,
        status: attempt.status,
        detail: attempt.detail,
    }
}
