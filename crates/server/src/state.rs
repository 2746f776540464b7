//! What every handler shares: the services, and what only the HTTP front ends need.

use std::sync::Arc;

use tokio::sync::Notify;

use crate::Services;
use crate::events::long_connection::LongConnections;
use crate::journal::Journal;
use crate::journal::faults::Faults;
use crate::middleware::rate_limit::RateLimiter;

#[derive(Clone)]
pub struct AppState {
    /// The platform and every service, bound to the database.
    pub services: Services,
    pub limiter: Arc<RateLimiter>,
    pub admin_token: Arc<str>,
    /// Wakes this replica's job runner when a job is submitted or the runners are resumed.
    pub job_wakeup: Arc<Notify>,
    /// The request journal (kept by this replica, and in the database when configured).
    pub journal: Arc<Journal>,
    /// The faults injected into this replica.
    pub faults: Arc<Faults>,
    /// The Feishu long connections open on this replica.
    pub long_connections: LongConnections,
}
