//! What every handler shares.

use std::sync::Arc;

use openwork_core::Openwork;

use crate::middleware::rate_limit::RateLimiter;

#[derive(Clone)]
pub struct AppState {
    pub openwork: Openwork,
    pub limiter: Arc<RateLimiter>,
    pub admin_token: Arc<str>,
}
