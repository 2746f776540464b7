//! The catalog cache: apps, tenants, their service settings, semesters and stages, which every
//! request reads on its way in and which change rarely.
//!
//! A request reads one number, the store's catalog revision, which database triggers move on with
//! every write to those tables in the writing transaction, whichever replica wrote. While it is
//! unchanged, a replica answers those lookups from memory; a new revision starts an empty view.
//! Entries are filled on first use, after the revision was read, so a view never holds data older
//! than its revision.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::directory::{App, Tenant};
use crate::ids::{AppId, SemesterId, TenantKey};
use crate::performance::{PerformanceSettings, Semester, Stage};
use crate::report::ReportSettings;
use crate::store::{Store, StoreResult};

/// Beyond this many entries of one kind a view stops remembering new ones (a server with that
/// many tenants or semesters still answers correctly, from the store).
const MAX_ENTRIES: usize = 10_000;

/// A semester with its stages in declaration order (shared with the requests that read them).
#[derive(Debug)]
pub struct SemesterStages {
    pub semester: Semester,
    pub stages: Vec<Arc<Stage>>,
}

/// The replica's current view; replaced when the revision moves.
#[derive(Default)]
pub struct Catalog {
    current: Mutex<Option<Arc<CatalogView>>>,
}

impl Catalog {
    /// The view for the store's revision now: one statement.
    pub async fn view(&self, store: &dyn Store) -> StoreResult<Arc<CatalogView>> {
        let revision = store.catalog_revision().await?;
        let mut current = self.current.lock().expect("catalog lock");
        match current.as_ref() {
            Some(view) if view.revision == revision => Ok(Arc::clone(view)),
            _ => {
                let view = Arc::new(CatalogView::new(revision));
                *current = Some(Arc::clone(&view));
                Ok(view)
            }
        }
    }
}

/// The catalog as of one revision, filled as requests ask.
pub struct CatalogView {
    revision: i64,
    apps: Entries<AppId, App>,
    tenants: Entries<TenantKey, Tenant>,
    performance_settings: Entries<TenantKey, PerformanceSettings>,
    report_settings: Entries<TenantKey, ReportSettings>,
    semesters: Entries<(TenantKey, SemesterId), Arc<SemesterStages>>,
}

impl std::fmt::Debug for CatalogView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CatalogView")
            .field("revision", &self.revision)
            .finish_non_exhaustive()
    }
}

/// Remembered answers of one kind, absent ones included.
struct Entries<K, V>(Mutex<HashMap<K, Option<V>>>);

impl<K: std::hash::Hash + Eq + Clone, V: Clone> Entries<K, V> {
    fn new() -> Self {
        Self(Mutex::new(HashMap::new()))
    }

    /// The remembered answer, else `load`'s (called only on a miss: a store call allocates its
    /// future, which a hit must not pay for).
    async fn get_or_load<F, L>(&self, key: &K, load: L) -> StoreResult<Option<V>>
    where
        L: FnOnce() -> F,
        F: std::future::Future<Output = StoreResult<Option<V>>>,
    {
        if let Some(known) = self.0.lock().expect("catalog lock").get(key) {
            return Ok(known.clone());
        }
        let loaded = load().await?;
        let mut entries = self.0.lock().expect("catalog lock");
        if entries.len() < MAX_ENTRIES {
            entries.insert(key.clone(), loaded.clone());
        }
        Ok(loaded)
    }
}

impl CatalogView {
    pub(crate) fn new(revision: i64) -> Self {
        Self {
            revision,
            apps: Entries::new(),
            tenants: Entries::new(),
            performance_settings: Entries::new(),
            report_settings: Entries::new(),
            semesters: Entries::new(),
        }
    }

    pub async fn app(&self, store: &dyn Store, app_id: &AppId) -> StoreResult<Option<App>> {
        self.apps.get_or_load(app_id, || store.app(app_id)).await
    }

    pub async fn tenant(&self, store: &dyn Store, key: &TenantKey) -> StoreResult<Option<Tenant>> {
        self.tenants.get_or_load(key, || store.tenant(key)).await
    }

    pub async fn performance_settings(
        &self,
        store: &dyn Store,
        key: &TenantKey,
    ) -> StoreResult<Option<PerformanceSettings>> {
        self.performance_settings
            .get_or_load(key, || store.performance_settings(key))
            .await
    }

    pub async fn report_settings(
        &self,
        store: &dyn Store,
        key: &TenantKey,
    ) -> StoreResult<Option<ReportSettings>> {
        self.report_settings
            .get_or_load(key, || store.report_settings(key))
            .await
    }

    /// A tenant's semester and its stages.
    pub async fn semester(
        &self,
        store: &dyn Store,
        tenant: &TenantKey,
        semester: &SemesterId,
    ) -> StoreResult<Option<Arc<SemesterStages>>> {
        let key = (tenant.clone(), semester.clone());
        self.semesters
            .get_or_load(&key, || async {
                let Some(found) = store.semester(tenant, semester).await? else {
                    return Ok(None);
                };
                let stages = store.stages(tenant, semester).await?;
                Ok(Some(Arc::new(SemesterStages {
                    semester: found,
                    stages: stages.into_iter().map(Arc::new).collect(),
                })))
            })
            .await
    }
}
