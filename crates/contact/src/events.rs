//! What a job's chunk tells subscribers: `contact.user.created_v3` for every user it created and
//! `contact.department.created_v3` for every department, rendered for each subscribing app (its
//! own `open_id`s) and stored with the chunk, in its transaction.

use std::collections::HashMap;

use openwork_platform::Platform;
use openwork_platform::events::{Delivery, NewEvent, SeenUser, Subscriber, deliveries_of};
use openwork_platform::ids::{
    DepartmentId, ROOT_DEPARTMENT, TenantKey, UserId, derive_open_department_id,
};
use openwork_wire::feishu::events::{
    DEPARTMENT_CREATED, DepartmentEvent, DepartmentStatus, ObjectEvent, USER_CREATED, UserEvent,
    UserStatus,
};

use crate::error::Result;
use crate::store::JobChunk;

/// The deliveries of the events `chunk` causes (none when nobody subscribes).
pub(crate) async fn chunk_events(
    platform: &Platform,
    chunk: &JobChunk<'_>,
) -> Result<Vec<Delivery>> {
    let tenant = &chunk.job.tenant;
    let now = platform.real_now();
    let mut deliveries = Vec::new();
    if !chunk.users.is_empty() {
        let subscribers = platform.event_subscribers(tenant, USER_CREATED).await?;
        let mut events = Vec::new();
        for subscriber in &subscribers {
            let seen = seen_in_chunk_or_stored(platform, tenant, subscriber, chunk).await?;
            events.extend(chunk.users.iter().filter_map(|user| {
                let object = user_event(tenant, user, &seen)?;
                Some(new_event(subscriber, USER_CREATED, ObjectEvent { object }))
            }));
        }
        deliveries.extend(deliveries_of(tenant, &subscribers, &events, now));
    }
    if !chunk.departments.is_empty() {
        let subscribers = platform
            .event_subscribers(tenant, DEPARTMENT_CREATED)
            .await?;
        let mut events = Vec::new();
        for subscriber in &subscribers {
            let seen = seen_in_chunk_or_stored(platform, tenant, subscriber, chunk).await?;
            events.extend(chunk.departments.iter().map(|department| {
                let object = DepartmentEvent {
                    name: department.name.clone(),
                    parent_department_id: open_department_id(tenant, &department.parent_id),
                    department_id: department.department_id.to_string(),
                    open_department_id: department.open_department_id.clone(),
                    leader_user_id: department
                        .leader_user_id
                        .as_ref()
                        .and_then(|leader| seen.get(leader))
                        .map(|leader| leader.open_id.clone()),
                    chat_id: department.chat_id.clone(),
                    status: DepartmentStatus { is_deleted: false },
                };
                new_event(subscriber, DEPARTMENT_CREATED, ObjectEvent { object })
            }));
        }
        deliveries.extend(deliveries_of(tenant, &subscribers, &events, now));
    }
    Ok(deliveries)
}

fn new_event(subscriber: &Subscriber, event_type: &str, body: impl serde::Serialize) -> NewEvent {
    NewEvent {
        app_id: subscriber.app.app_id.clone(),
        event_type: event_type.to_owned(),
        event: serde_json::to_value(body).expect("event bodies serialise"),
    }
}

/// How the subscriber sees the chunk's new users (from the chunk's identities, not stored yet)
/// and the leaders they and its departments name (stored, or new in the chunk).
async fn seen_in_chunk_or_stored(
    platform: &Platform,
    tenant: &TenantKey,
    subscriber: &Subscriber,
    chunk: &JobChunk<'_>,
) -> Result<HashMap<UserId, SeenUser>> {
    let mut seen: HashMap<UserId, SeenUser> = chunk
        .identities
        .iter()
        .filter(|identity| identity.app_id == subscriber.app.app_id)
        .map(|identity| (identity.user_id.clone(), subscriber.sees(identity)))
        .collect();
    let leaders: Vec<UserId> = chunk
        .users
        .iter()
        .filter_map(|user| user.leader_user_id.clone())
        .chain(
            chunk
                .departments
                .iter()
                .filter_map(|d| d.leader_user_id.clone()),
        )
        .filter(|leader| !seen.contains_key(leader))
        .collect();
    seen.extend(platform.seen_users(tenant, subscriber, &leaders).await?);
    Ok(seen)
}

/// The event's user: `None` if the subscriber has no identity for them (it was installed while
/// the chunk was prepared; it did not exist when the user was created).
fn user_event(
    tenant: &TenantKey,
    user: &openwork_platform::directory::User,
    seen: &HashMap<UserId, SeenUser>,
) -> Option<UserEvent> {
    let ids = seen.get(&user.user_id)?;
    Some(UserEvent {
        open_id: ids.open_id.clone(),
        union_id: ids.union_id.clone(),
        user_id: ids.user_id.clone(),
        name: user.name.clone(),
        en_name: user.en_name.clone(),
        email: user.email.clone(),
        mobile: user.mobile.clone().unwrap_or_default(),
        department_ids: user
            .department_ids
            .iter()
            .map(|department| open_department_id(tenant, department))
            .collect(),
        leader_user_id: user
            .leader_user_id
            .as_ref()
            .and_then(|leader| seen.get(leader))
            .map(|leader| leader.open_id.clone()),
        employee_no: user.employee_no.clone(),
        // A user an import creates is active at once: the import stands for the admin's
        // invitation having been accepted.
        status: UserStatus {
            is_activated: true,
            ..UserStatus::default()
        },
    })
}

/// Events name departments by `open_department_id`; the root is `"0"` in every form.
fn open_department_id(tenant: &TenantKey, department: &DepartmentId) -> String {
    if department.as_str() == ROOT_DEPARTMENT {
        ROOT_DEPARTMENT.to_owned()
    } else {
        derive_open_department_id(tenant, department)
    }
}
