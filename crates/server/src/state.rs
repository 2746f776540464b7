//! What every handler shares: the services, and what only the HTTP front ends need.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

use crate::Services;
use crate::events::long_connection::LongConnections;
use crate::events::webhook::Webhooks;
use crate::journal::Journal;
use crate::journal::faults::Faults;
use crate::middleware::body_limit::BodyLimits;
use crate::middleware::rate_limit::RateLimiter;

/// What every handler shares, behind one `Arc`: axum clones the state into every layer and
/// handler of every request, and one reference count costs less than one per field.
#[derive(Clone)]
pub struct AppState(Arc<SharedState>);

impl AppState {
    pub fn new(shared: SharedState) -> Self {
        Self(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = SharedState;

    fn deref(&self) -> &SharedState {
        &self.0
    }
}

/// The services, and what only the HTTP front ends need.
pub struct SharedState {
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
    /// Pushes to request URLs (the admin API's URL verification).
    pub webhooks: Webhooks,
    /// How long a request may take before it is answered "busy" (`--request-timeout`).
    pub request_timeout: Duration,
    /// How large request bodies may be.
    pub body_limits: BodyLimits,
}

#[cfg(test)]
impl AppState {
    /// A state for module tests that mount the router themselves: no rate limits, no journal,
    /// the admin token `admin`, a webhook timeout of 3 s.
    pub(crate) fn for_tests(services: Services, long_connections: LongConnections) -> Self {
        let db = services.db.clone();
        Self::new(SharedState {
            services,
            limiter: Arc::new(RateLimiter::new(false, &db)),
            admin_token: "admin".into(),
            job_wakeup: Arc::new(Notify::new()),
            journal: Arc::new(Journal::new("test".into(), 0, None)),
            faults: Arc::new(Faults::default()),
            long_connections,
            webhooks: Webhooks::new(Duration::from_secs(3)),
            request_timeout: Duration::from_secs(60),
            body_limits: BodyLimits::default(),
        })
    }
}
