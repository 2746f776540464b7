//! The database: one pool of connections that every component's storage shares, SQLite or
//! PostgreSQL behind sqlx's `Any` driver; transactions; the migration runner; the declaration of
//! tables ([`table!`](crate::table)); multi-row inserts.
//!
//! Queries are written once, in the SQL both dialects share (`$N` placeholders, `ON CONFLICT`,
//! BIGINT times and flags, JSON as text); what differs lives in [`Dialect`] and in each
//! component's per-dialect migrations. Two hand-kept copies of every query would drift; each
//! component's conformance tests run against both databases to prove the shared SQL means the
//! same.

mod bulk;
mod migrate;
mod point_read;
mod row;
mod table;
pub mod testing;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

pub use bulk::{Cell, insert, placeholders, upsert};
pub use migrate::{AdoptFn, Legacy, Migration, Schema};
pub use point_read::{Param, in_list};
pub use row::{ColumnRef, ReadRow, StoredValue};
pub use sqlx::AnyConnection;
pub use sqlx::any::AnyRow;
pub use table::{Columns, Nullable, PlainValue, Table, column};

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyPool, Connection, Executor, Transaction};
use tokio::sync::{Mutex, MutexGuard};

use crate::error::{StoreError, StoreResult};
use crate::ids::TenantKey;

/// Told how a long write advances, so that a command line can show it (loading a generated world
/// of a million rows takes seconds).
pub trait WriteProgress: Send + Sync {
    /// `written` of the `total` rows this write puts into `table` are in.
    fn rows_written(&self, table: &str, written: usize, total: usize);
}

/// Progress nobody watches.
pub struct Unwatched;

impl WriteProgress for Unwatched {
    fn rows_written(&self, _table: &str, _written: usize, _total: usize) {}
}

/// A bulk write's tables and how many rows each got, noted as the inserts report their
/// progress (and passed on to `watcher`): what [`Db::analyze`] is given once the write commits.
pub struct TablesWritten<'a> {
    watcher: &'a dyn WriteProgress,
    rows: std::sync::Mutex<HashMap<String, usize>>,
}

impl<'a> TablesWritten<'a> {
    pub fn new(watcher: &'a dyn WriteProgress) -> Self {
        Self {
            watcher,
            rows: Default::default(),
        }
    }

    /// The tables that got at least `rows` rows, by name.
    pub fn with_at_least(&self, rows: usize) -> Vec<String> {
        let written = self.rows.lock().expect("no writer panics holding it");
        let mut tables: Vec<String> = written
            .iter()
            .filter(|(_, count)| **count >= rows)
            .map(|(table, _)| table.clone())
            .collect();
        tables.sort();
        tables
    }
}

impl WriteProgress for TablesWritten<'_> {
    fn rows_written(&self, table: &str, written: usize, total: usize) {
        // `written` counts up to `total` within one insert; a table may take several inserts.
        if written == total {
            let mut rows = self.rows.lock().expect("no writer panics holding it");
            *rows.entry(table.to_owned()).or_default() += total;
        }
        self.watcher.rows_written(table, written, total);
    }
}

/// The SQL dialect behind a store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    /// An aggregate packing the group's rows into one JSON array text, each row an array of
    /// `columns` (`"[]"` for no rows). Reading many small rows costs mostly the driver's per-row
    /// work (a hand-over between threads and a conversion for each), so hot reads take their
    /// rows packed, as one value.
    pub fn packed_rows(self, columns: &str) -> String {
        match self {
            Self::Sqlite => format!("json_group_array(json_array({columns}))"),
            Self::Postgres => {
                format!("COALESCE(CAST(json_agg(json_build_array({columns})) AS TEXT), '[]')")
            }
        }
    }

    fn of_url(url: &str) -> Result<Self, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Self::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Self::Postgres)
        } else {
            Err(StoreError::Backend(format!(
                "unsupported database URL {url:?}: use sqlite://FILE, sqlite::memory: or postgres://…"
            )))
        }
    }
}

/// How every SQLite connection is set up. WAL: readers never wait for the writer.
/// synchronous=NORMAL: a committed transaction survives a crash of the process (not of the
/// machine's power).
const SQLITE_SETUP: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                            PRAGMA busy_timeout = 30000; PRAGMA foreign_keys = ON;";

/// A SQLite file's URL as openwork opens it, in `mode` (`rwc`: created if missing, for the
/// first connection; `rw` for the pool's, which must not create an empty database at the path
/// of a file deleted under the server: the file's watch would then report a replacement, and
/// the server's background work would write to the empty one), and on Unix with
/// the `unix-excl` VFS. That VFS keeps the WAL index in this process's memory instead of the
/// memory-mapped `-shm` file, so a `-shm` truncated or on a failing disk cannot kill the server
/// with SIGBUS; the price is that the file is this process's alone while it runs (SQLite serves
/// one process: several replicas need PostgreSQL). A URL that names its own mode or VFS keeps
/// them.
fn sqlite_file_url(url: &str, mode: &str) -> String {
    let mut url = url.to_owned();
    let mut add = |parameter: &str, value: &str| {
        if !url.contains(&format!("{parameter}=")) {
            let separator = if url.contains('?') { '&' } else { '?' };
            url = format!("{url}{separator}{parameter}={value}");
        }
    };
    add("mode", mode);
    if cfg!(unix) {
        add("vfs", "unix-excl");
    }
    url
}

/// A SQLite file another process holds (another openwork, or a `sqlite3` shell) answers "database
/// is locked" to the first statement: said in words, with what to do.
fn in_use_by_another_process(err: sqlx::Error) -> StoreError {
    let locked = matches!(&err, sqlx::Error::Database(db) if db.code().as_deref() == Some("5"));
    if locked {
        StoreError::Backend(
            "the database file is in use by another process (another openwork, or a sqlite3 \
             shell): a SQLite database serves one process at a time; stop the other one, or \
             use PostgreSQL for several replicas"
                .to_owned(),
        )
    } else {
        backend(err)
    }
}

/// A SQLite database's file: its path, and which file was there when it was opened.
struct DatabaseFile {
    path: PathBuf,
    /// Device and inode of the file opened.
    identity: (u64, u64),
}

impl DatabaseFile {
    fn opened(url: &str) -> StoreResult<Self> {
        let options = sqlx::sqlite::SqliteConnectOptions::from_str(url).map_err(backend)?;
        let path = options.get_filename().to_path_buf();
        let identity = Self::identity_of(&path).map_err(|err| {
            StoreError::Backend(format!("database file {}: {err}", path.display()))
        })?;
        Ok(Self { path, identity })
    }

    #[cfg(unix)]
    fn identity_of(path: &Path) -> std::io::Result<(u64, u64)> {
        use std::os::unix::fs::MetadataExt;
        let metadata = std::fs::metadata(path)?;
        Ok((metadata.dev(), metadata.ino()))
    }

    /// Elsewhere a file has no inode to tell a replacement by: only its absence is noticed.
    #[cfg(not(unix))]
    fn identity_of(path: &Path) -> std::io::Result<(u64, u64)> {
        std::fs::metadata(path).map(|_| (0, 0))
    }

    fn problem(&self) -> Option<String> {
        let path = self.path.display();
        match Self::identity_of(&self.path) {
            Ok(identity) if identity == self.identity => None,
            Ok(_) => Some(format!(
                "the database file {path} was replaced while the server ran: it still writes to \
                 the file it opened, which is no longer there; restart it to use the new file"
            )),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Some(format!(
                "the database file {path} was deleted while the server ran: what it writes now \
                 is lost when it stops; restore the file, or restart on a new database"
            )),
            Err(err) => Some(format!("the database file {path} cannot be read: {err}")),
        }
    }
}

/// The database holding openwork's state: a pool of connections shared by every component's
/// storage.
#[derive(Clone)]
pub struct Db {
    pool: AnyPool,
    dialect: Dialect,
    /// `sqlite::memory:`: everything is gone when the process ends.
    in_memory: bool,
    /// The SQLite file as opened, to notice it deleted or replaced.
    file: Option<Arc<DatabaseFile>>,
    /// A SQLite file's connections for [`Db::point_read`].
    readers: Option<Arc<point_read::SqliteReaders>>,
    /// SQLite allows one writer at a time; taking this lock before `BEGIN` makes this process's
    /// writers queue here instead of failing with SQLITE_BUSY when a read transaction upgrades.
    sqlite_writer: Arc<Mutex<()>>,
}

/// A write transaction (holding the SQLite writer lock where there is one).
pub struct WriteTx<'a> {
    pub tx: Transaction<'static, Any>,
    _writer: Option<MutexGuard<'a, ()>>,
}

impl WriteTx<'_> {
    pub async fn commit(self) -> StoreResult<()> {
        self.tx.commit().await.map_err(backend)
    }
}

impl Db {
    /// Connects to `url` (`sqlite://FILE`, `sqlite::memory:`, `postgres://…`), creating a SQLite
    /// file if needed. [`Db::migrate`] brings its schema up to date.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        sqlx::any::install_default_drivers();
        let dialect = Dialect::of_url(url)?;
        let in_memory = dialect == Dialect::Sqlite && url.contains(":memory:");
        let (url, pool_url) = if dialect == Dialect::Sqlite && !in_memory {
            (sqlite_file_url(url, "rwc"), sqlite_file_url(url, "rw"))
        } else {
            (url.to_owned(), url.to_owned())
        };
        let options = AnyConnectOptions::from_str(&url).map_err(backend)?;
        // One connection first, set up as the pool's will be: a pool retries a connection that
        // fails (a closed port, a file that is not a database) until its acquire timeout, and
        // then says only that it timed out. The first attempt's error is the cause.
        let mut first = AnyConnection::connect_with(&options)
            .await
            .map_err(backend)?;
        if dialect == Dialect::Sqlite {
            first
                .execute(SQLITE_SETUP)
                .await
                .map_err(in_use_by_another_process)?;
        }
        first.close().await.map_err(backend)?;
        let pool_options = AnyPoolOptions::new().after_connect(move |conn, _meta| {
            Box::pin(async move {
                if dialect == Dialect::Sqlite {
                    conn.execute(SQLITE_SETUP).await?;
                }
                Ok(())
            })
        });
        let pool_options = if in_memory {
            // Every connection to `:memory:` is its own database: keep exactly one, forever.
            pool_options
                .min_connections(1)
                .max_connections(1)
                .idle_timeout(None)
                .max_lifetime(None)
        } else {
            // Each SQLite connection keeps a page cache of its own (up to 2 MB): a request's
            // hot reads are point reads, which do not use the pool, and SQLite writes one at a
            // time, so a few serve (2, 4 and 16 measured the same throughput).
            let max = if dialect == Dialect::Sqlite { 4 } else { 16 };
            pool_options
                .max_connections(max)
                .acquire_timeout(Duration::from_secs(30))
        };
        // A pooled PostgreSQL connection can die with its server, so it is checked before use;
        // a SQLite connection is a handle on a local file that cannot go stale, and checking it
        // cost a round trip to its worker thread before every statement.
        let pool_options = pool_options.test_before_acquire(dialect == Dialect::Postgres);
        let pool_connect = AnyConnectOptions::from_str(&pool_url).map_err(backend)?;
        let pool = pool_options
            .connect_with(pool_connect)
            .await
            .map_err(backend)?;
        let file = match dialect {
            Dialect::Sqlite if !in_memory => Some(Arc::new(DatabaseFile::opened(&url)?)),
            _ => None,
        };
        let readers = file
            .as_ref()
            .map(|file| Arc::new(point_read::SqliteReaders::of_url(&url, file.path.clone())));
        Ok(Self {
            pool,
            dialect,
            in_memory,
            file,
            readers,
            sqlite_writer: Arc::new(Mutex::new(())),
        })
    }

    /// What is wrong with the database file, if anything: deleted or replaced since it was
    /// opened (a server writing to a file no longer at its path loses everything at its next
    /// start). `None` for PostgreSQL and in-memory databases.
    pub fn file_problem(&self) -> Option<String> {
        self.file.as_ref()?.problem()
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// True for `sqlite::memory:`, whose data lives only as long as this process.
    pub fn is_in_memory(&self) -> bool {
        self.in_memory
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub async fn begin_write(&self) -> StoreResult<WriteTx<'_>> {
        let writer = match self.dialect {
            Dialect::Sqlite => Some(self.sqlite_writer.lock().await),
            Dialect::Postgres => None,
        };
        let tx = self.pool.begin().await.map_err(backend)?;
        Ok(WriteTx {
            tx,
            _writer: writer,
        })
    }

    /// A write transaction that replaces whole tenants (a fixture, the demo world, a generated
    /// world). On PostgreSQL such writes wait for each other: two of them at once delete and
    /// insert the same rows and move the catalog revision in different orders, and one would
    /// end in a deadlock. (On SQLite every write transaction already waits for the last.)
    pub async fn begin_world_write(&self) -> StoreResult<WriteTx<'_>> {
        let mut write = self.begin_write().await?;
        if self.dialect == Dialect::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(WORLD_WRITE_LOCK)
                .execute(&mut *write.tx)
                .await
                .map_err(backend)?;
        }
        Ok(write)
    }
}

/// The PostgreSQL advisory lock whole-tenant writes take for their transaction ("openwork" in
/// ASCII, so that it is told apart from any other application's lock in `pg_locks`).
const WORLD_WRITE_LOCK: i64 = 0x6f70_656e_776f_726b;

impl Db {
    /// Gives PostgreSQL's planner fresh statistics of `tables` (`ANALYZE`), after a bulk write
    /// filled them: a read must not run on a plan made for the empty table (the identity
    /// lookup of a page once scanned a whole tenant's users that way), and autovacuum may be
    /// off or a minute late. SQLite plans well enough without statistics: nothing is done.
    pub async fn analyze(&self, tables: &[String]) -> StoreResult<()> {
        if self.dialect != Dialect::Postgres || tables.is_empty() {
            return Ok(());
        }
        let list: Vec<String> = tables.iter().map(|t| format!("\"{t}\"")).collect();
        self.pool
            .execute(format!("ANALYZE {}", list.join(", ")).as_str())
            .await
            .map_err(backend)?;
        Ok(())
    }

    /// Answers once the database does.
    pub async fn ping(&self) -> StoreResult<()> {
        if let Some(problem) = self.file_problem() {
            return Err(StoreError::Backend(problem));
        }
        self.pool.execute("SELECT 1").await.map_err(backend)?;
        Ok(())
    }

    /// Waits for open work to finish and closes every connection (the point readers' too, so
    /// that the file's lock goes with them).
    pub async fn close(&self) {
        self.pool.close().await;
        if let Some(readers) = &self.readers {
            readers.close();
        }
    }

    /// Deletes the tenant's rows of table `T` whose columns hold the given values, in a
    /// transaction of its own; answers how many went (see [`delete_owned`]).
    pub async fn delete_owned<T: Table>(
        &self,
        tenant: &TenantKey,
        matching: &[(&str, &str)],
    ) -> StoreResult<u64> {
        let mut write = self.begin_write().await?;
        let deleted = delete_owned::<T>(&mut write.tx, tenant, matching).await?;
        write.commit().await?;
        Ok(deleted)
    }

    /// How many rows of table `T` the tenant owns (what a tenant's summary shows).
    pub async fn count_owned<T: Table>(&self, tenant: &TenantKey) -> StoreResult<usize> {
        let count: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM {} WHERE tenant_key = $1",
            T::NAME
        ))
        .bind(tenant.as_str())
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?;
        Ok(usize::try_from(count).unwrap_or_default())
    }

    /// Rows of `T` in `id_column` byte order after `after`, at most `limit`: one keyset page of
    /// a tenant's rows, only those whose columns equal the values of `equal` and (when
    /// `within` is given) whose column is one of its values. IDs are never empty, so `""` (no
    /// `after`) sorts before the first. Shared by every store that pages by an ID.
    pub async fn keyset_page<T: Table>(
        &self,
        tenant: &TenantKey,
        id_column: &str,
        equal: &[(&str, &str)],
        within: Option<(&str, &[&str])>,
        after: Option<&str>,
        limit: usize,
    ) -> StoreResult<Vec<T::Row>> {
        // $1 tenant, $2 the keyset position, then the selection's values, and the limit last:
        // a point read binds placeholders in the order they appear.
        let mut params = vec![
            Param::Text(tenant.as_str()),
            Param::Text(after.unwrap_or("")),
        ];
        let mut conditions = String::new();
        for (column, value) in equal {
            params.push(Param::Text(value));
            conditions += &format!(" AND {column} = ${}", params.len());
        }
        if let Some((column, values)) = within {
            conditions += &in_list(&mut params, column, values.iter().copied());
        }
        params.push(Param::Int(limit as i64));
        let sql = format!(
            "SELECT * FROM {} WHERE tenant_key = $1 AND {id_column} > $2{conditions} \
             ORDER BY {id_column} LIMIT ${}",
            T::NAME,
            params.len()
        );
        // One page, at most `limit` rows by the table's key: a point read.
        self.point_read(&sql, &params, T::read_row).await
    }

    /// Every row of table `T` the tenant owns, in `order_by` order, unread: the caller reads
    /// each with `T::read` and, for a child table, its parent's key with [`column`]. What a
    /// whole tenant is read back with (the export of a fixture).
    pub async fn owned_rows<T: Table>(
        &self,
        tenant: &TenantKey,
        order_by: &str,
    ) -> StoreResult<Vec<AnyRow>> {
        sqlx::query(&format!(
            "SELECT * FROM {} WHERE tenant_key = $1 ORDER BY {order_by}",
            T::NAME
        ))
        .bind(tenant.as_str())
        .fetch_all(&self.pool)
        .await
        .map_err(backend)
    }

    /// Every row of table `T` the tenant owns, read, in `order_by` order.
    pub async fn owned<T: Table>(
        &self,
        tenant: &TenantKey,
        order_by: &str,
    ) -> StoreResult<Vec<T::Row>> {
        self.owned_rows::<T>(tenant, order_by)
            .await?
            .iter()
            .map(T::read)
            .collect()
    }

    /// Every row of child table `C` the tenant owns, read, grouped by the parent key in
    /// `parent_column`, each group in `position` order.
    pub async fn owned_children<C: Table>(
        &self,
        tenant: &TenantKey,
        parent_column: &str,
    ) -> StoreResult<HashMap<String, Vec<C::Row>>> {
        let mut children: HashMap<String, Vec<C::Row>> = HashMap::new();
        for row in self
            .owned_rows::<C>(tenant, &format!("{parent_column}, position"))
            .await?
        {
            children
                .entry(column(&row, parent_column)?)
                .or_default()
                .push(C::read(&row)?);
        }
        Ok(children)
    }
}

/// Deletes the tenant's rows of table `T` whose columns hold the given values
/// (`&[("task_id", id)]`), in `conn`'s transaction; answers how many went. What the rows own
/// goes with them (foreign keys).
pub async fn delete_owned<T: Table>(
    conn: &mut AnyConnection,
    tenant: &TenantKey,
    matching: &[(&str, &str)],
) -> StoreResult<u64> {
    let mut sql = format!("DELETE FROM {} WHERE tenant_key = $1", T::NAME);
    for (i, (column, _)) in matching.iter().enumerate() {
        sql.push_str(&format!(" AND {column} = ${}", i + 2));
    }
    let mut query = sqlx::query(&sql).bind(tenant.as_str());
    for (_, value) in matching {
        query = query.bind(*value);
    }
    let done = query.execute(&mut *conn).await.map_err(backend)?;
    Ok(done.rows_affected())
}

/// Maps a driver error: uniqueness violations are conflicts, a row whose owner is gone (a foreign
/// key) is [`StoreError::OwnerGone`], everything else a backend failure.
pub fn backend(err: sqlx::Error) -> StoreError {
    match &err {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            StoreError::Conflict(db.message().to_owned())
        }
        sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
            StoreError::OwnerGone(db.message().to_owned())
        }
        sqlx::Error::Database(db) if is_sqlite_read_only(db.as_ref()) => StoreError::Backend(
            "the SQLite database is read-only for this process: make its file and its directory \
             writable by the user openwork runs as"
                .to_owned(),
        ),
        _ => StoreError::Backend(err.to_string()),
    }
}

/// SQLITE_READONLY and its extended codes (a file or directory without write permission, a
/// read-only file system): the primary code is the low byte.
fn is_sqlite_read_only(db: &dyn sqlx::error::DatabaseError) -> bool {
    db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some()
        && db
            .code()
            .and_then(|code| code.parse::<i32>().ok())
            .is_some_and(|code| code & 0xff == 8)
}

/// For the conformance tests: fails unless table `T` has exactly the declared columns in this
/// database (a declaration and its migrations must not drift apart).
pub async fn check_table<T: Table>(store: &Db) -> StoreResult<()> {
    let select = format!("SELECT {} FROM {} LIMIT 0", T::COLUMNS.join(", "), T::NAME);
    sqlx::query(&select)
        .execute(store.pool())
        .await
        .map_err(|err| StoreError::Backend(format!("table {}: {err}", T::NAME)))?;
    let count = match store.dialect() {
        Dialect::Sqlite => "SELECT COUNT(*) FROM pragma_table_info($1)",
        Dialect::Postgres => {
            "SELECT COUNT(*) FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = $1"
        }
    };
    let columns: i64 = sqlx::query_scalar(count)
        .bind(T::NAME)
        .fetch_one(store.pool())
        .await
        .map_err(backend)?;
    if columns as usize != T::COLUMNS.len() {
        return Err(StoreError::Backend(format!(
            "table {} has {columns} columns, its declaration {}",
            T::NAME,
            T::COLUMNS.len()
        )));
    }
    Ok(())
}

/// Tables that are the server's, not any tenant's.
const SERVER_TABLES: &[&str] = &[
    "meta",
    "catalog_revision",
    "directory_revision",
    "openwork_migrations",
    "app_token_issues",
    "dingtalk_token_issues",
    // Requests of every tenant, kept for diagnosis until retention drops them.
    "request_journal",
];

/// For the conformance tests: how many rows each table of tenant data holds (every table the
/// database has but the server's own), read from the database's catalog.
pub async fn tenant_data_rows(store: &Db) -> StoreResult<Vec<(String, i64)>> {
    let list = match store.dialect() {
        Dialect::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             ORDER BY name"
        }
        Dialect::Postgres => {
            "SELECT CAST(table_name AS TEXT) FROM information_schema.tables \
             WHERE table_schema = current_schema() ORDER BY table_name"
        }
    };
    let tables: Vec<String> = sqlx::query_scalar(list)
        .fetch_all(store.pool())
        .await
        .map_err(backend)?;
    let mut rows = Vec::new();
    for table in tables {
        if SERVER_TABLES.contains(&table.as_str()) {
            continue;
        }
        let count: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(store.pool())
            .await
            .map_err(backend)?;
        rows.push((table, count));
    }
    Ok(rows)
}

/// For tests and tools: a PostgreSQL URL whose connections see only a new, empty schema, so that
/// many tests can share one database server without seeing each other's data.
pub async fn isolated_postgres_url(base_url: &str, label: &str) -> StoreResult<String> {
    sqlx::any::install_default_drivers();
    let schema = format!(
        "ow_{}_{}",
        label
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .take(20)
            .collect::<String>()
            .to_lowercase(),
        crate::ids::random_hex32()[..12].to_owned()
    );
    let pool = AnyPoolOptions::new()
        .max_connections(1)
        .connect(base_url)
        .await
        .map_err(backend)?;
    pool.execute(format!("CREATE SCHEMA {schema}").as_str())
        .await
        .map_err(backend)?;
    pool.close().await;
    let separator = if base_url.contains('?') { '&' } else { '?' };
    Ok(format!(
        "{base_url}{separator}options=-c%20search_path%3D{schema}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A new SQLite file, in a directory of its own (the test removes it), and the database on
    /// it holding the table `create` makes.
    pub(super) async fn scratch_file(label: &str, create: &str) -> (Db, PathBuf) {
        let dir =
            std::env::temp_dir().join(format!("openwork-{label}-{}", crate::ids::random_hex32()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join(format!("{label}.db"));
        let db = Db::connect(&format!("sqlite://{}", file.display()))
            .await
            .unwrap();
        db.pool().execute(create).await.unwrap();
        (db, file)
    }

    #[tokio::test]
    async fn a_write_to_a_read_only_sqlite_database_says_what_to_do() {
        let (writable, file) = scratch_file("ro", "CREATE TABLE t (x INTEGER)").await;
        writable.close().await;
        // Opened read-only, as a file without write permission is (root ignores file modes).
        sqlx::any::install_default_drivers();
        let url = format!("sqlite://{}?mode=ro", file.display());
        let mut read_only = AnyConnection::connect(&url).await.unwrap();
        let err = read_only
            .execute("INSERT INTO t VALUES (1)")
            .await
            .map_err(backend)
            .unwrap_err();
        assert!(
            err.to_string().contains("read-only for this process")
                && err.to_string().contains("writable by the user"),
            "{err}"
        );
        std::fs::remove_dir_all(file.parent().unwrap()).unwrap();
    }

    /// A database file deleted under the server stays deleted: connections the pool opens
    /// afterwards fail instead of creating an empty database at its path.
    #[tokio::test]
    async fn the_pool_never_creates_the_file_again() {
        let (db, file) = scratch_file("gone", "CREATE TABLE t (x INTEGER)").await;
        std::fs::remove_file(&file).unwrap();
        // More connections than the pool holds open, so that it opens new ones.
        let mut held = Vec::new();
        for _ in 0..4 {
            let acquire = db.pool().acquire();
            if let Ok(Ok(conn)) = tokio::time::timeout(Duration::from_millis(500), acquire).await {
                held.push(conn);
            }
        }
        assert!(!file.exists(), "a pool connection created the file again");
        drop(held);
        std::fs::remove_dir_all(file.parent().unwrap()).unwrap();
    }
}
