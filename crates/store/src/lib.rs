//! openwork's storage ports (`openwork_core::store`) implemented for SQLite and PostgreSQL.
//!
//! One implementation serves both databases through sqlx's `Any` driver: the queries are written
//! once, in the SQL both dialects share (`$N` placeholders, `ON CONFLICT`, BIGINT times and
//! flags, JSON as text), and what differs lives in [`Dialect`] and in the per-dialect migrations
//! under `migrations/`. Two hand-kept copies of every query would drift; the conformance suite
//! (`tests/conformance.rs`) runs against both databases to prove the shared SQL means the same.

mod bulk;
mod directory;
mod jobs;
mod performance;
mod reports;
mod rows;
mod tenants;
mod tokens;
mod workspace;

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use openwork_core::store::{Database, StoreError, StoreResult};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyPool, Executor, Transaction};
use tokio::sync::{Mutex, MutexGuard};

/// The SQL dialect behind a store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
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

/// A migrated database holding openwork's state.
#[derive(Clone)]
pub struct SqlStore {
    pool: AnyPool,
    dialect: Dialect,
    /// SQLite allows one writer at a time; taking this lock before `BEGIN` makes this process's
    /// writers queue here instead of failing with SQLITE_BUSY when a read transaction upgrades.
    sqlite_writer: Arc<Mutex<()>>,
}

/// A write transaction (holding the SQLite writer lock where there is one).
pub(crate) struct WriteTx<'a> {
    pub(crate) tx: Transaction<'static, Any>,
    _writer: Option<MutexGuard<'a, ()>>,
}

impl WriteTx<'_> {
    pub(crate) async fn commit(self) -> StoreResult<()> {
        self.tx.commit().await.map_err(backend)
    }
}

impl SqlStore {
    /// Connects to `url` (`sqlite://FILE`, `sqlite::memory:`, `postgres://…`), creating a SQLite
    /// file if needed, and applies the dialect's migrations.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        sqlx::any::install_default_drivers();
        let dialect = Dialect::of_url(url)?;
        let in_memory = dialect == Dialect::Sqlite && url.contains(":memory:");
        let url = if dialect == Dialect::Sqlite && !in_memory && !url.contains("mode=") {
            let separator = if url.contains('?') { '&' } else { '?' };
            format!("{url}{separator}mode=rwc")
        } else {
            url.to_owned()
        };
        let options = AnyConnectOptions::from_str(&url).map_err(backend)?;
        let pool_options = AnyPoolOptions::new().after_connect(move |conn, _meta| {
            Box::pin(async move {
                if dialect == Dialect::Sqlite {
                    // WAL: readers never wait for the writer. synchronous=NORMAL: a committed
                    // transaction survives a crash of the process (not of the machine's power).
                    conn.execute(
                        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                         PRAGMA busy_timeout = 30000; PRAGMA foreign_keys = ON;",
                    )
                    .await?;
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
            pool_options
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(30))
        };
        // A pooled PostgreSQL connection can die with its server, so it is checked before use;
        // a SQLite connection is a handle on a local file that cannot go stale, and checking it
        // cost a round trip to its worker thread before every statement.
        let pool_options = pool_options.test_before_acquire(dialect == Dialect::Postgres);
        let pool = pool_options.connect_with(options).await.map_err(backend)?;
        let store = Self {
            pool,
            dialect,
            sqlite_writer: Arc::new(Mutex::new(())),
        };
        store.migrate().await?;
        Ok(store)
    }

    async fn migrate(&self) -> StoreResult<()> {
        let migrator = match self.dialect {
            Dialect::Sqlite => sqlx::migrate!("./migrations/sqlite"),
            Dialect::Postgres => sqlx::migrate!("./migrations/postgres"),
        };
        migrator
            .run(&self.pool)
            .await
            .map_err(|err| StoreError::Backend(format!("migrations failed: {err}")))
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub(crate) async fn begin_write(&self) -> StoreResult<WriteTx<'_>> {
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
}

#[async_trait]
impl Database for SqlStore {
    async fn ping(&self) -> StoreResult<()> {
        self.pool.execute("SELECT 1").await.map_err(backend)?;
        Ok(())
    }

    async fn close(&self) {
        self.pool.close().await;
    }
}

/// Maps a driver error: uniqueness violations are conflicts, everything else a backend failure.
pub(crate) fn backend(err: sqlx::Error) -> StoreError {
    match &err {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            StoreError::Conflict(db.message().to_owned())
        }
        _ => StoreError::Backend(err.to_string()),
    }
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
        openwork_core::ids::random_hex32()[..12].to_owned()
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
