//! Admin API for DingTalk workspace tasks: what the `tasklist` calls did.

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use openwork_core::ids::{TenantKey, UserId};
use openwork_wire::admin::{Tasklist, TasklistProject};

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
        .openwork
        .tasklist_visibility(&TenantKey::new(tenant_key), &UserId::new(userid.clone()))
        .await?;
    ok(&Tasklist {
        userid,
        hidden_org_wide: entries.iter().any(|e| e.project_id.is_none() && e.hidden),
        projects: entries
            .into_iter()
            .filter_map(|e| {
                e.project_id.map(|project_id| TasklistProject {
                    project_id,
                    hidden: e.hidden,
                })
            })
            .collect(),
    })
}
