//! Admin API for DingTalk workspace tasks: what the `tasklist` calls did, and every task as the
//! gateway shows it.

use axum::extract::{Path, State};
use openwork_platform::ids::{TenantKey, UserId};
use openwork_wire::dingtalk::workspace::Task;
use openwork_workspace::views;

use super::{AdminAuth, AdminResult, Paged, list_page, ok};
use crate::routes::{Routes, get};
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::new()
        .route(
            "/_openwork/v1/tenants/{tenant_key}/workspace/tasklists/{userid}",
            get(tasklist),
        )
        .route(
            "/_openwork/v1/tenants/{tenant_key}/workspace_tasks",
            get(list_tasks),
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

/// `GET /_openwork/v1/tenants/{tenant_key}/workspace_tasks?limit=&after=`: by `task_id`, each
/// as `workspace.task.get` answers it.
async fn list_tasks(
    _: AdminAuth,
    Paged(page): Paged,
    State(state): State<AppState>,
    Path(tenant_key): Path<String>,
) -> AdminResult {
    let tasks = state
        .services
        .workspace
        .tasks_page(&TenantKey::new(tenant_key), &page)
        .await?;
    ok(&list_page(tasks, Task::from))
}
