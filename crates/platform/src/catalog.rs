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
use std::hash::{BuildHasher, Hash};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use tokio::sync::OnceCell;

use crate::directory::{App, Department, Person, Tenant, UserIds};
use crate::error::StoreResult;
use crate::ids::{AppId, DepartmentId, TenantKey, UserId, UserIdType};

/// Beyond this many entries of one kind a snapshot stops remembering new ones (a server with that
/// many tenants or semesters still answers correctly, from the store).
const MAX_ENTRIES: usize = 10_000;

/// The two numbers a request reads on its way in, in one statement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Revisions {
    /// Moves with every write to a catalog table.
    pub catalog: i64,
    /// Moves with every write to users, departments and how apps see users: contact imports
    /// move it all day, so it is not the catalog's, whose entries take a second to rebuild.
    pub directory: i64,
}

type Caches = Mutex<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>;

/// The catalog as of one revision: the caches of every kind of catalog data, filled as requests
/// ask; and the directory cache as of one directory revision.
pub struct Snapshot {
    revision: i64,
    caches: Arc<Caches>,
    directory: Arc<DirectoryCache>,
}

impl std::fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Snapshot")
            .field("revision", &self.revision)
            .finish_non_exhaustive()
    }
}

impl Snapshot {
    /// An empty snapshot of catalog revision `revision`, with an empty directory cache of its
    /// own.
    pub fn new(revision: i64) -> Self {
        Self {
            revision,
            caches: Arc::default(),
            directory: Arc::default(),
        }
    }

    /// Users, departments and how apps see users, as of this snapshot's directory revision.
    pub fn directory(&self) -> &DirectoryCache {
        &self.directory
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

/// Beyond this many entries of one kind (users of every tenant and app together, say) a
/// directory cache stops remembering new ones: about 200 bytes each with the map's own, so at
/// most ~20 MB a kind.
const MAX_DIRECTORY_ENTRIES: usize = 100_000;

/// What a directory cache holds, for one directory revision, filled as pages name users and
/// departments: each a few hash lookups instead of a statement. Every write to `users`,
/// `departments` or `user_identities` moves that revision (database triggers), whichever
/// replica wrote.
#[derive(Default)]
pub struct DirectoryCache {
    revision: Option<i64>,
    identities: Memo<(TenantKey, AppId), UserId, Arc<UserIds>>,
    /// The same users found by the ID an app names them by in a request (a list of reviewees
    /// in `open_id`, say), under a hash of that ID: the entry is the user's shared IDs, checked
    /// against the ID asked on every recall, so the index keeps no strings of its own. An ID
    /// that matches nobody is not remembered (a hash cannot prove an absence).
    known_as: KnownAs,
    people: Memo<TenantKey, UserId, Arc<Person>>,
    departments: Memo<TenantKey, DepartmentId, Arc<Department>>,
}

/// See [`DirectoryCache`]'s `known_as`. It remembers up to one memo's worth of users for each
/// kind of ID, three in all (about 20 bytes an entry).
struct KnownAs {
    hasher: MemoHasher,
    memo: Memo<(TenantKey, AppId, UserIdType), u64, Arc<UserIds>>,
}

impl Default for KnownAs {
    fn default() -> Self {
        Self {
            hasher: MemoHasher::default(),
            memo: Memo::bounded(UserIdType::ALL.len() * MAX_DIRECTORY_ENTRIES),
        }
    }
}

/// Store reads of one kind, by scope and key, absent keys included.
struct Memo<S, K, V> {
    entries: Mutex<MemoEntries<S, K, V>>,
    /// How many keys it remembers at most.
    bound: usize,
}

/// The memo's maps hash user IDs on every page: foldhash, not std's SipHash (whose share of a
/// page's time showed in profiles); its seed is random per process.
type MemoHasher = foldhash::fast::RandomState;

struct MemoEntries<S, K, V> {
    by_scope: HashMap<S, HashMap<K, Option<V>, MemoHasher>, MemoHasher>,
    /// Keys asked about and remembered, present or absent (bounded by
    /// [`MAX_DIRECTORY_ENTRIES`]).
    count: usize,
}

impl<S, K, V> Default for Memo<S, K, V> {
    fn default() -> Self {
        Self::bounded(MAX_DIRECTORY_ENTRIES)
    }
}

impl<S, K, V> Memo<S, K, V> {
    fn bounded(bound: usize) -> Self {
        Self {
            entries: Mutex::new(MemoEntries {
                by_scope: HashMap::default(),
                count: 0,
            }),
            bound,
        }
    }
}

impl<S: Hash + Eq, K: Hash + Eq + Clone, V> Memo<S, K, V> {
    /// Calls `found` with each remembered value of `keys` in `scope`, and answers the keys not
    /// remembered (a key remembered as absent is in neither).
    fn recall(&self, scope: &S, keys: &[K], mut found: impl FnMut(&K, &V)) -> Vec<K> {
        let entries = self.entries.lock().expect("directory cache lock");
        let known = entries.by_scope.get(scope);
        let mut missing = Vec::new();
        for key in keys {
            match known.and_then(|known| known.get(key)) {
                Some(Some(value)) => found(key, value),
                Some(None) => {}
                None => missing.push(key.clone()),
            }
        }
        missing
    }

    /// Remembers what the store answered for `asked` in `scope`: `read`, and the absence of the
    /// others. Nothing once the cache is full.
    fn remember(&self, scope: S, asked: &[K], read: impl IntoIterator<Item = (K, V)>) {
        let mut entries = self.entries.lock().expect("directory cache lock");
        if entries.count + asked.len() > self.bound {
            return;
        }
        entries.count += asked.len();
        let known = entries.by_scope.entry(scope).or_default();
        for key in asked {
            known.entry(key.clone()).or_insert(None);
        }
        for (key, value) in read {
            known.insert(key, Some(value));
        }
    }

    /// The values of `keys` in `scope` that exist: the remembered ones, and `read`'s answer for
    /// the others, which is then remembered (absent keys included).
    async fn get_or_read<E>(
        &self,
        scope: &S,
        keys: &[K],
        read: impl AsyncFnOnce(&[K]) -> Result<Vec<(K, V)>, E>,
    ) -> Result<HashMap<K, V>, E>
    where
        S: Clone,
        V: Clone,
    {
        let mut found = HashMap::with_capacity(keys.len());
        let missing = self.recall(scope, keys, |key, value| {
            found.insert(key.clone(), value.clone());
        });
        if !missing.is_empty() {
            let read = read(&missing).await?;
            self.remember(scope.clone(), &missing, read.iter().cloned());
            found.extend(read);
        }
        Ok(found)
    }
}

impl KnownAs {
    fn hash(&self, id: &str) -> u64 {
        self.hasher.hash_one(id)
    }
}

impl DirectoryCache {
    fn at(revision: i64) -> Self {
        Self {
            revision: Some(revision),
            ..Self::default()
        }
    }

    /// The remembered IDs of `users` as `app` sees them (shared, not copied: a page names
    /// dozens of users, and each copy was a few allocations), and the users not remembered (a
    /// user remembered as absent is in neither).
    pub fn identities(
        &self,
        tenant: &TenantKey,
        app: &AppId,
        users: &[UserId],
    ) -> (Vec<Arc<UserIds>>, Vec<UserId>) {
        let mut found = Vec::with_capacity(users.len());
        let scope = (tenant.clone(), app.clone());
        let missing = self
            .identities
            .recall(&scope, users, |_, ids| found.push(Arc::clone(ids)));
        (found, missing)
    }

    /// Remembers what the store answered for `asked`: `read`, and the absence of the others.
    pub fn remember_identities(
        &self,
        tenant: &TenantKey,
        app: &AppId,
        asked: &[UserId],
        read: &[Arc<UserIds>],
    ) {
        let read = read
            .iter()
            .map(|ids| (ids.user_id.clone(), Arc::clone(ids)));
        self.identities
            .remember((tenant.clone(), app.clone()), asked, read);
    }

    /// The remembered users whom `app` names by these IDs of `kind`, and the IDs not
    /// remembered (those that match nobody among them).
    pub fn users_known_as(
        &self,
        tenant: &TenantKey,
        app: &AppId,
        kind: UserIdType,
        ids: &[String],
    ) -> (Vec<Arc<UserIds>>, Vec<String>) {
        let (mut found, mut missing) = (Vec::with_capacity(ids.len()), Vec::new());
        let scope = (tenant.clone(), app.clone(), kind);
        let entries = self
            .known_as
            .memo
            .entries
            .lock()
            .expect("directory cache lock");
        let known = entries.by_scope.get(&scope);
        for id in ids {
            match known.and_then(|known| known.get(&self.known_as.hash(id))) {
                // The hash found a user: it is the one asked for only if its ID is.
                Some(Some(user)) if user.of(kind) == id.as_str() => found.push(Arc::clone(user)),
                _ => missing.push(id.clone()),
            }
        }
        (found, missing)
    }

    /// Remembers users the store found by the IDs of `kind` that `app` names them by.
    pub fn remember_known_as(
        &self,
        tenant: &TenantKey,
        app: &AppId,
        kind: UserIdType,
        read: &[Arc<UserIds>],
    ) {
        let hashes: Vec<u64> = read
            .iter()
            .map(|user| self.known_as.hash(user.of(kind)))
            .collect();
        let entries = hashes.iter().copied().zip(read.iter().cloned());
        self.known_as
            .memo
            .remember((tenant.clone(), app.clone(), kind), &hashes, entries);
    }

    /// The names and departments of these users of `tenant` (those that exist): the remembered
    /// ones, and `read`'s answer (the store's) for the others.
    pub async fn people<E>(
        &self,
        tenant: &TenantKey,
        users: &[UserId],
        read: impl AsyncFnOnce(&[UserId]) -> Result<Vec<(UserId, Arc<Person>)>, E>,
    ) -> Result<HashMap<UserId, Arc<Person>>, E> {
        self.people.get_or_read(tenant, users, read).await
    }

    /// These departments of `tenant` (those that exist), as [`Self::people`] answers users.
    pub async fn departments<E>(
        &self,
        tenant: &TenantKey,
        departments: &[DepartmentId],
        read: impl AsyncFnOnce(&[DepartmentId]) -> Result<Vec<(DepartmentId, Arc<Department>)>, E>,
    ) -> Result<HashMap<DepartmentId, Arc<Department>>, E> {
        self.departments
            .get_or_read(tenant, departments, read)
            .await
    }
}

/// The replica's current snapshot; replaced when a revision moves.
#[derive(Default)]
pub struct Catalog {
    current: Mutex<Option<Arc<Snapshot>>>,
}

impl Catalog {
    /// The snapshot for `revisions` (the store's, read just now). When only the directory
    /// revision moved, the new snapshot keeps the catalog's caches, and the other way round.
    pub fn at(&self, revisions: Revisions) -> Arc<Snapshot> {
        let mut current = self.current.lock().expect("catalog lock");
        let (caches, directory) = match current.as_ref() {
            Some(snapshot)
                if snapshot.revision == revisions.catalog
                    && snapshot.directory.revision == Some(revisions.directory) =>
            {
                return Arc::clone(snapshot);
            }
            Some(snapshot) => (
                (snapshot.revision == revisions.catalog).then(|| Arc::clone(&snapshot.caches)),
                (snapshot.directory.revision == Some(revisions.directory))
                    .then(|| Arc::clone(&snapshot.directory)),
            ),
            None => (None, None),
        };
        let snapshot = Arc::new(Snapshot {
            revision: revisions.catalog,
            caches: caches.unwrap_or_default(),
            directory: directory
                .unwrap_or_else(|| Arc::new(DirectoryCache::at(revisions.directory))),
        });
        *current = Some(Arc::clone(&snapshot));
        snapshot
    }
}

/// The platform's catalog reads: the revision, apps and tenants.
#[async_trait]
pub trait CatalogStore: Send + Sync {
    /// The catalog and directory revisions: numbers that move on with every committed write to
    /// a catalog table, and to users, departments and `user_identities`, whichever replica
    /// made it.
    async fn revisions(&self) -> StoreResult<Revisions>;
    /// The catalog revision alone.
    async fn revision(&self) -> StoreResult<i64> {
        Ok(self.revisions().await?.catalog)
    }
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
    async fn revisions(&self) -> StoreResult<Revisions> {
        self.0.revisions().await
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

    fn revisions(catalog: i64, directory: i64) -> Revisions {
        Revisions { catalog, directory }
    }

    fn identity(user: &str) -> Arc<UserIds> {
        Arc::new(UserIds {
            user_id: UserId::from(user),
            open_id: format!("ou_{user}").into(),
            union_id: format!("on_{user}").into(),
        })
    }

    #[test]
    fn each_revision_keeps_its_own_cache_when_only_the_other_moves() {
        let catalog = Catalog::default();
        let (tenant, app) = (TenantKey::from("t"), AppId::from("cli_1"));
        let first = catalog.at(revisions(1, 1));
        first.cache::<Entries<u8, String>>();
        first
            .directory()
            .remember_identities(&tenant, &app, &["a".into()], &[identity("a")]);
        let remembered = |snapshot: &Snapshot| {
            snapshot
                .directory()
                .identities(&tenant, &app, &["a".into()])
                .0
                .len()
                == 1
        };
        let same_catalog = |a: &Snapshot, b: &Snapshot| Arc::ptr_eq(&a.caches, &b.caches);

        let directory_moved = catalog.at(revisions(1, 2));
        assert!(same_catalog(&first, &directory_moved));
        assert!(
            !remembered(&directory_moved),
            "a user written since is read again"
        );

        directory_moved.directory().remember_identities(
            &tenant,
            &app,
            &["a".into()],
            &[identity("a")],
        );
        let catalog_moved = catalog.at(revisions(2, 2));
        assert!(!same_catalog(&directory_moved, &catalog_moved));
        assert!(remembered(&catalog_moved), "the directory did not move");
    }

    #[test]
    fn a_directory_cache_remembers_absent_users_and_tells_the_rest_apart() {
        let cache = DirectoryCache::at(1);
        let (tenant, app) = (TenantKey::from("t"), AppId::from("cli_1"));
        let asked: Vec<UserId> = vec!["a".into(), "gone".into()];
        cache.remember_identities(&tenant, &app, &asked, &[identity("a")]);
        let (found, missing) =
            cache.identities(&tenant, &app, &["a".into(), "gone".into(), "new".into()]);
        assert_eq!(found, vec![identity("a")]);
        assert_eq!(missing, vec![UserId::from("new")]);
        let other_app = cache.identities(&tenant, &AppId::from("cli_2"), &["a".into()]);
        assert_eq!(
            other_app.1,
            vec![UserId::from("a")],
            "each app sees users its own way"
        );
    }

    #[test]
    fn a_directory_cache_finds_users_by_the_ids_each_app_names_them_by() {
        let cache = DirectoryCache::at(1);
        let (tenant, app) = (TenantKey::from("t"), AppId::from("cli_1"));
        cache.remember_known_as(&tenant, &app, UserIdType::OpenId, &[identity("a")]);
        let ids = |names: &[&str]| -> Vec<String> { names.iter().map(|&n| n.into()).collect() };

        let (found, missing) =
            cache.users_known_as(&tenant, &app, UserIdType::OpenId, &ids(&["ou_a", "ou_b"]));
        assert_eq!(found, vec![identity("a")]);
        assert_eq!(
            missing,
            ids(&["ou_b"]),
            "an unknown ID is read from the store"
        );
        let as_union = cache.users_known_as(&tenant, &app, UserIdType::UnionId, &ids(&["on_a"]));
        assert_eq!(as_union.1, ids(&["on_a"]), "each kind of ID is its own");
        let other_app = cache.users_known_as(
            &tenant,
            &AppId::from("cli_2"),
            UserIdType::OpenId,
            &ids(&["ou_a"]),
        );
        assert_eq!(
            other_app.1,
            ids(&["ou_a"]),
            "each app names users its own way"
        );

        // Two IDs with one hash: the entry is a's, so b is not taken for a.
        let scope = (tenant.clone(), app.clone(), UserIdType::OpenId);
        let hash_of_b = cache.known_as.hash("ou_b");
        cache
            .known_as
            .memo
            .remember(scope, &[hash_of_b], [(hash_of_b, identity("a"))]);
        let (found, missing) =
            cache.users_known_as(&tenant, &app, UserIdType::OpenId, &ids(&["ou_b"]));
        assert!(found.is_empty());
        assert_eq!(missing, ids(&["ou_b"]));
    }

    #[tokio::test]
    async fn a_directory_cache_keeps_people_per_tenant_and_stops_when_full() {
        let cache = DirectoryCache::at(1);
        let (tenant, other) = (TenantKey::from("t"), TenantKey::from("u"));
        let ann = Arc::new(Person {
            name: "Ann".into(),
            department_ids: vec![DepartmentId::from("d1")].into(),
            leader_user_id: None,
        });
        // What the store holds; and what each read was asked.
        let stored = HashMap::from([(UserId::from("a"), Arc::clone(&ann))]);
        let asked = Mutex::new(Vec::new());
        let read = async |users: &[UserId]| -> Result<Vec<(UserId, Arc<Person>)>, ()> {
            asked.lock().unwrap().push(users.to_vec());
            Ok(users
                .iter()
                .filter_map(|user| Some((user.clone(), Arc::clone(stored.get(user)?))))
                .collect())
        };
        let users = |names: &[&str]| -> Vec<UserId> { names.iter().map(|&n| n.into()).collect() };

        let first = cache.people(&tenant, &users(&["a", "gone"]), read).await;
        assert_eq!(first.unwrap(), stored);
        let again = cache
            .people(&tenant, &users(&["a", "gone", "new"]), read)
            .await;
        assert_eq!(again.unwrap(), stored);
        let elsewhere = cache.people(&other, &users(&["a"]), read).await;
        assert_eq!(elsewhere.unwrap(), stored, "each tenant has its own users");
        assert_eq!(
            asked.lock().unwrap().split_off(0),
            [users(&["a", "gone"]), users(&["new"]), users(&["a"])],
            "the store is asked only about users not remembered, absent ones included"
        );

        let crowd: Vec<UserId> = (0..MAX_DIRECTORY_ENTRIES)
            .map(|n| UserId::new(n.to_string()))
            .collect();
        cache.people(&other, &crowd, read).await.unwrap();
        cache.people(&other, &crowd[..1], read).await.unwrap();
        assert_eq!(
            asked.lock().unwrap().last(),
            Some(&crowd[..1].to_vec()),
            "past the bound nothing more is remembered"
        );
    }

    #[tokio::test]
    async fn a_snapshot_remembers_misses_and_hits_until_the_revision_moves() {
        let catalog = Catalog::default();
        let first = catalog.at(revisions(1, 1));
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
            Arc::ptr_eq(&first, &catalog.at(revisions(1, 1))),
            "same revision, same snapshot"
        );
        let second = catalog.at(revisions(2, 1));
        assert!(!Arc::ptr_eq(&first, &second));
        let fresh = second.cache::<Entries<u8, String>>();
        fresh.get_or_load(&1, load).await.unwrap();
        assert_eq!(loads.0.load(std::sync::atomic::Ordering::Relaxed), 2);
    }
}
