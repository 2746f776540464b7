//! Admin API for DingTalk workspace tasks: what the `tasklist` calls did.

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use openwork_platform::ids::{TenantKey, UserId};
use openwork_workspace::views;

use super::{AdminAuth, AdminResult, ok};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/_openwork/v1/tenants/{tenant_key}/workspace/tasklists/{userid}",
        get(tasklist),
    )
}

/// `GET /_openwork/v1/tenants/{tenant_key}/workspace/tasklists/{userid}`.
async fn tasklist(
    _: AdminAuth,
    State(state): State<AppState>,
    Path((tenant_key, userid)): Path<(String, String)>,
) -> AdminResult {
    let entries = state
        .services
        .workspace
        .tasklist_visibility(&TenantKey::new(tenant_key), &UserId::new(userid.clone()))
        .await?;
    ok(&views::tasklist(userid, entries))
}
