//! The catalog cache: what every request reads on its way in and what rarely changes — apps,
//! tenants, and the services' own such data (a tenant's licence, a semester's stages).
//!
//! A request reads one number, the catalog revision, which database triggers move on with every
//! write to those tables, in the writing transaction, whichever replica wrote. The request then
//! sees the catalog as of that revision: a [`Snapshot`], shared by every request of the same
//! revision on this replica, which remembers what any of them read. A new revision starts an empty
//! snapshot. Entries are filled on first use, after the revision was read, so a snapshot never
//! holds data older than its revision.
//!
//! The cache is a layer under the use cases: each catalog port has a [`CatalogStore`]-like trait
//! whose reads take the snapshot they read as of, and a decorator that answers them from the
//! snapshot ([`Cached`] for the platform's own). Use cases call the port and cannot tell whether
//! it is cached.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use tokio::sync::OnceCell;

use crate::directory::{App, Tenant};
use crate::error::StoreResult;
use crate::ids::{AppId, TenantKey};

/// Beyond this many entries of one kind a snapshot stops remembering new ones (a server with that
/// many tenants or semesters still answers correctly, from the store).
const MAX_ENTRIES: usize = 10_000;

/// The catalog as of one revision: the caches of every kind of catalog data, filled as requests
/// ask.
pub struct Snapshot {
    revision: i64,
    caches: Mutex<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>,
}

impl std::fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Snapshot")
            .field("revision", &self.revision)
            .finish_non_exhaustive()
    }
}

impl Snapshot {
    pub fn new(revision: i64) -> Self {
        Self {
            revision,
            caches: Mutex::new(HashMap::new()),
        }
    }

    pub fn revision(&self) -> i64 {
        self.revision
    }

    /// This snapshot's cache of type `C` (each decorator keeps its entries in a type of its own).
    pub fn cache<C: Default + Send + Sync + 'static>(&self) -> Arc<C> {
        let mut caches = self.caches.lock().expect("snapshot lock");
        let cache = caches
            .entry(TypeId::of::<C>())
            .or_insert_with(|| Arc::new(C::default()));
        Arc::clone(cache)
            .downcast::<C>()
            .expect("entries are keyed by their type")
    }
}

/// Remembered answers of one kind, absent ones included. Each key is loaded once per snapshot
/// however many requests ask for it at the same time: the first loads, the others wait for its
/// answer (a semester's stage tasks take a second to read on a large world; 64 requests arriving
/// together must not read them 64 times).
pub struct Entries<K, V>(Mutex<HashMap<K, Arc<OnceCell<Option<V>>>>>);

impl<K, V> Default for Entries<K, V> {
    fn default() -> Self {
        Self(Mutex::new(HashMap::new()))
    }
}

impl<K: std::hash::Hash + Eq + Clone, V: Clone> Entries<K, V> {
    /// The remembered answer, else `load`'s (called only on a miss: a store call allocates its
    /// future, which a hit must not pay for). A failed load is not remembered.
    pub async fn get_or_load<F, L>(&self, key: &K, load: L) -> StoreResult<Option<V>>
    where
        L: FnOnce() -> F,
        F: std::future::Future<Output = StoreResult<Option<V>>>,
    {
        let cell = {
            let mut entries = self.0.lock().expect("catalog lock");
            match entries.get(key) {
                Some(cell) => Some(Arc::clone(cell)),
                None if entries.len() < MAX_ENTRIES => Some(Arc::clone(
                    entries
                        .entry(key.clone())
                        .or_insert_with(|| Arc::new(OnceCell::new())),
                )),
                None => None,
            }
        };
        match cell {
            Some(cell) => cell.get_or_try_init(load).await.cloned(),
            None => load().await,
        }
    }
}

/// The replica's current snapshot; replaced when the revision moves.
#[derive(Default)]
pub struct Catalog {
    current: Mutex<Option<Arc<Snapshot>>>,
}

impl Catalog {
    /// The snapshot for `revision` (the store's, read just now).
    pub fn at(&self, revision: i64) -> Arc<Snapshot> {
        let mut current = self.current.lock().expect("catalog lock");
        match current.as_ref() {
            Some(snapshot) if snapshot.revision == revision => Arc::clone(snapshot),
            _ => {
                let snapshot = Arc::new(Snapshot::new(revision));
                *current = Some(Arc::clone(&snapshot));
                snapshot
            }
        }
    }
}

/// The platform's catalog reads: the revision, apps and tenants.
#[async_trait]
pub trait CatalogStore: Send + Sync {
    /// A number that moves on with every committed write to a catalog table, whichever replica
    /// made it.
    async fn revision(&self) -> StoreResult<i64>;
    async fn app(&self, at: &Snapshot, app_id: &AppId) -> StoreResult<Option<App>>;
    async fn tenant(&self, at: &Snapshot, key: &TenantKey) -> StoreResult<Option<Tenant>>;
}

/// [`CatalogStore`] answered from the snapshot a read is made as of, and from `S` on a miss.
pub struct Cached<S>(pub S);

#[derive(Default)]
struct Directory {
    apps: Entries<AppId, App>,
    tenants: Entries<TenantKey, Tenant>,
}

#[async_trait]
impl<S: CatalogStore> CatalogStore for Cached<S> {
    async fn revision(&self) -> StoreResult<i64> {
        self.0.revision().await
    }

    async fn app(&self, at: &Snapshot, app_id: &AppId) -> StoreResult<Option<App>> {
        at.cache::<Directory>()
            .apps
            .get_or_load(app_id, || self.0.app(at, app_id))
            .await
    }

    async fn tenant(&self, at: &Snapshot, key: &TenantKey) -> StoreResult<Option<Tenant>> {
        at.cache::<Directory>()
            .tenants
            .get_or_load(key, || self.0.tenant(at, key))
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Counter(std::sync::atomic::AtomicUsize);

    #[tokio::test]
    async fn a_snapshot_remembers_misses_and_hits_until_the_revision_moves() {
        let catalog = Catalog::default();
        let first = catalog.at(1);
        let loads = Counter::default();
        let load = || async {
            loads.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Ok(None::<String>)
        };
        let entries = first.cache::<Entries<u8, String>>();
        assert_eq!(entries.get_or_load(&1, load).await.unwrap(), None);
        assert_eq!(entries.get_or_load(&1, load).await.unwrap(), None);
        assert_eq!(loads.0.load(std::sync::atomic::Ordering::Relaxed), 1);
        assert!(
            Arc::ptr_eq(&first, &catalog.at(1)),
            "same revision, same snapshot"
        );
        let second = catalog.at(2);
        assert!(!Arc::ptr_eq(&first, &second));
        let fresh = second.cache::<Entries<u8, String>>();
        fresh.get_or_load(&1, load).await.unwrap();
        assert_eq!(loads.0.load(std::sync::atomic::Ordering::Relaxed), 2);
    }
}
