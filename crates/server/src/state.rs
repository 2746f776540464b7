//! What every handler shares.

use std::sync::Arc;

use openwork_contact::ContactService;
use openwork_performance::PerformanceService;
use openwork_platform::Platform;
use openwork_platform::db::Db;
use openwork_report::ReportService;
use openwork_workspace::WorkspaceService;
use tokio::sync::Notify;

use crate::middleware::rate_limit::RateLimiter;
use crate::world::Worlds;

#[derive(Clone)]
pub struct AppState {
    /// The database (health checks).
    pub db: Db,
    pub platform: Platform,
    pub performance: PerformanceService,
    pub report: ReportService,
    pub contact: ContactService,
    pub workspace: WorkspaceService,
    pub worlds: Worlds,
    pub limiter: Arc<RateLimiter>,
    pub admin_token: Arc<str>,
    /// Wakes this replica's job runner when a job is submitted or the runners are resumed.
    pub job_wakeup: Arc<Notify>,
}
