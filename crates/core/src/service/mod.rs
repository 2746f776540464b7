//! The services' use cases: every use case of performance, report, contact and workspace is a
//! method of [`Openwork`], grouped by service in their modules; the platform's are
//! [`Platform`]'s.

mod admin;

use std::sync::Arc;

pub use openwork_platform::service::{ClockChange, EMPLOYEE_ID_SCOPE, IdMapping};

use openwork_platform::Platform;

use crate::clock::Millis;
use crate::directory::Tenant;
use crate::store::Store;
use crate::token::Keys;

/// The services, bound to the platform and a store.
#[derive(Clone)]
pub struct Openwork {
    platform: Platform,
    store: Arc<dyn Store>,
}

impl Openwork {
    pub fn new(platform: Platform, store: Arc<dyn Store>) -> Self {
        Self { platform, store }
    }

    pub fn platform(&self) -> &Platform {
        &self.platform
    }

    pub(crate) fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }

    pub fn keys(&self) -> &Keys {
        self.platform.keys()
    }

    /// The real time (token lifetimes, job leases).
    pub fn real_now(&self) -> Millis {
        self.platform.real_now()
    }

    /// A tenant's business "now".
    pub fn tenant_now(&self, tenant: &Tenant) -> Millis {
        self.platform.tenant_now(tenant)
    }
}
