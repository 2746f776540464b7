//! Admin API of the request journal and of injected faults (docs/semantics.md, "The request
//! journal" and "Fault injection").

use axum::extract::{Path, RawQuery, State};
use axum::response::IntoResponse;
use http::StatusCode;
use openwork_platform::Error as PlatformError;
use openwork_wire::admin::{FaultList, FaultSpec, JournalPage, JournalQuery};

use super::{AdminAuth, AdminBody, AdminFailure, AdminResult, ok, parse_json};
use crate::journal::filter_of;
use crate::routes::{Routes, delete, get};
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::new()
        .route(
            "/_openwork/v1/requests",
            get(list_requests).delete(clear_requests),
        )
        .route("/_openwork/v1/requests/{id}", get(one_request))
        .route(
            "/_openwork/v1/faults",
            get(list_faults).post(add_fault).delete(clear_faults),
        )
        .route("/_openwork/v1/faults/{id}", delete(remove_fault))
}

/// The listing's query, decoded strictly so that a misspelt filter is an error, not ignored.
fn journal_query(raw: Option<&str>) -> Result<JournalQuery, PlatformError> {
    serde_urlencoded::from_str(raw.unwrap_or("")).map_err(|err| {
        PlatformError::BadRequest(format!(
            "the query is not one this call takes ({err}); the filters are log_id, tenant_key, \
             app_id, path, code, status, since, until, after and limit"
        ))
    })
}

/// `GET /_openwork/v1/requests`: entries, newest first (oldest first after `after`).
async fn list_requests(
    _: AdminAuth,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> AdminResult {
    let filter = filter_of(&journal_query(raw.as_deref())?).map_err(PlatformError::BadRequest)?;
    let entries = state.journal.list(&filter).await?;
    ok(&JournalPage { entries })
}

/// `GET /_openwork/v1/requests/{id}`: one entry by its ID, or by its `log_id`.
async fn one_request(
    _: AdminAuth,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> AdminResult {
    let query = match id.parse::<u64>() {
        // IDs start at 1: the entry after `id - 1` is `id` if it is still kept.
        Ok(number) if number > 0 => JournalQuery {
            after: Some(number - 1),
            limit: Some(1),
            ..JournalQuery::default()
        },
        _ => JournalQuery {
            log_id: Some(id.clone()),
            limit: Some(1),
            ..JournalQuery::default()
        },
    };
    let filter = filter_of(&query).map_err(PlatformError::BadRequest)?;
    let found = state
        .journal
        .list(&filter)
        .await?
        .into_iter()
        .find(|e| e.id.to_string() == id || e.log_id == id);
    match found {
        Some(entry) => ok(&entry),
        None => Err(PlatformError::not_found(format!(
            "request {id} (it may have left the journal: see --journal-size)"
        ))
        .into()),
    }
}

/// `DELETE /_openwork/v1/requests`: forgets every entry.
async fn clear_requests(_: AdminAuth, State(state): State<AppState>) -> AdminResult {
    state.journal.clear().await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn list_faults(_: AdminAuth, State(state): State<AppState>) -> AdminResult {
    ok(&FaultList {
        faults: state.faults.list(),
    })
}

/// `POST /_openwork/v1/faults`: a [`FaultSpec`]; answers the fault with its ID.
async fn add_fault(
    _: AdminAuth,
    State(state): State<AppState>,
    AdminBody(body): AdminBody,
) -> AdminResult {
    let spec: FaultSpec = parse_json(&body)?;
    let fault = state
        .faults
        .add(spec)
        .map_err(|why| AdminFailure::from(PlatformError::BadRequest(why)))?;
    ok(&fault)
}

async fn clear_faults(_: AdminAuth, State(state): State<AppState>) -> AdminResult {
    state.faults.clear();
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn remove_fault(
    _: AdminAuth,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> AdminResult {
    if id.parse().is_ok_and(|id| state.faults.remove(id)) {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(PlatformError::not_found(format!("fault {id}")).into())
    }
}
