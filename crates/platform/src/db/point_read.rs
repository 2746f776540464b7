//! Point reads: the short, bounded statements on a request's hot path (the revisions, a token's
//! last issue, a page's identities and people, a page of reports and their rules, a job or a
//! task by its key, a small job's results, a page of the performance module's records and the
//! rows they own), run without sqlx's hand-over on SQLite. A read whose
//! size the caller does not bound (a large job's thousands of results, a whole semester's
//! reviews) stays on the pool ([`Db::pooled_read`]). One gap remains: a tenant's export reads
//! its lists with the page reads above, so on SQLite a large export holds the request's thread
//! for its reads.
//!
//! sqlx runs each SQLite connection on a worker thread of its own: a statement is a message to
//! that thread, its rows come back through a channel, and the pool sends one more round trip (a
//! ping) whenever a connection is returned to it. For a statement that takes microseconds, that
//! machinery was a quarter of a page's CPU time (see `BENCHMARKS.md`). On a SQLite file, a point
//! read instead takes a connection of its own (`rusqlite`, with its statements prepared once and
//! cached) and runs on the calling thread: a point read is an index seek or two, over sooner
//! than a hand-over to another thread would be. Its connections open the file as the pool's do
//! (same VFS, so the same in-process locks and WAL index), see every committed write at their
//! next statement, and are `query_only`.
//!
//! On PostgreSQL, and on `sqlite::memory:` (where each connection is a database of its own), a
//! point read goes through the pool like any other statement. The SQL is the one text both
//! dialects share (`$N` placeholders); rows are read through [`ReadRow`], by position or name.

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::types::ToSqlOutput;
use rusqlite::{OpenFlags, ToSql};

use super::row::{ReadRow, Source};
use super::{Db, backend};
use crate::error::{StoreError, StoreResult};

/// A value bound to a point read's placeholder.
#[derive(Clone, Copy, Debug)]
pub enum Param<'a> {
    Text(&'a str),
    Int(i64),
}

/// ` AND {column} IN ($k, …)`, its values bound after those `params` holds (so numbered in the
/// order a point read needs when the condition follows the statement's earlier placeholders).
/// An empty list selects nothing: it binds one value that no stored ID equals (IDs are never
/// empty).
pub fn in_list<'a>(
    params: &mut Vec<Param<'a>>,
    column: &str,
    values: impl IntoIterator<Item = &'a str>,
) -> String {
    let first = params.len() + 1;
    params.extend(values.into_iter().map(Param::Text));
    if params.len() < first {
        params.push(Param::Text(""));
    }
    format!(
        " AND {column} IN ({})",
        super::placeholders(first, params.len() + 1 - first)
    )
}

impl ToSql for Param<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        match self {
            Self::Text(text) => text.to_sql(),
            Self::Int(int) => int.to_sql(),
        }
    }
}

/// Idle connections kept for point reads: as many as threads can read at once (the runtime's
/// workers and a few blocking threads), each with its own page cache, so no more than this.
const IDLE_READERS: usize = 4;

/// How many prepared statements each reader keeps (the hot path has a handful; lists of IDs of
/// different lengths are statements of their own).
const CACHED_STATEMENTS: usize = 64;

/// The point-read connections of one SQLite file.
pub(super) struct SqliteReaders {
    path: PathBuf,
    vfs: Option<String>,
    idle: Mutex<Vec<rusqlite::Connection>>,
    closed: AtomicBool,
}

impl SqliteReaders {
    /// Readers of the file that `url` (as the pool opens it) names.
    pub(super) fn of_url(url: &str, path: PathBuf) -> Self {
        Self {
            path,
            vfs: url_parameter(url, "vfs").map(str::to_owned),
            idle: Mutex::new(Vec::new()),
            closed: AtomicBool::new(false),
        }
    }

    fn connect(&self) -> StoreResult<rusqlite::Connection> {
        // Opened read-write like the pool's connections, so that the VFS treats it as one of
        // them (a read-only handle would take the file's locks from the system instead of from
        // the process's own), then made unable to write.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = match &self.vfs {
            Some(vfs) => rusqlite::Connection::open_with_flags_and_vfs(&self.path, flags, vfs),
            None => rusqlite::Connection::open_with_flags(&self.path, flags),
        }
        .map_err(sqlite_error)?;
        conn.execute_batch("PRAGMA query_only = ON; PRAGMA busy_timeout = 30000;")
            .map_err(sqlite_error)?;
        conn.set_prepared_statement_cache_capacity(CACHED_STATEMENTS);
        Ok(conn)
    }

    /// Closes the idle connections; a read under way closes its own when it ends.
    pub(super) fn close(&self) {
        self.closed.store(true, Ordering::Relaxed);
        self.idle
            .lock()
            .expect("no reader panics holding it")
            .clear();
    }

    fn read<T>(
        &self,
        sql: &str,
        params: &[Param<'_>],
        decode: impl Fn(&ReadRow<'_>) -> StoreResult<T>,
    ) -> StoreResult<Vec<T>> {
        let idle = self.idle.lock().expect("no reader panics holding it").pop();
        let conn = match idle {
            Some(conn) => conn,
            None => self.connect()?,
        };
        let read = (|| {
            let mut statement = conn.prepare_cached(sql).map_err(sqlite_error)?;
            // Rows are read by column name: resolved here, once for all rows, instead of
            // rusqlite's search through SQLite's column names for every value.
            let names: Vec<String> = statement
                .column_names()
                .into_iter()
                .map(str::to_owned)
                .collect();
            let mut rows = statement
                .query(rusqlite::params_from_iter(params))
                .map_err(sqlite_error)?;
            let mut read = Vec::new();
            while let Some(row) = rows.next().map_err(sqlite_error)? {
                read.push(decode(&ReadRow(Source::Sqlite { row, names: &names }))?);
            }
            Ok(read)
        })();
        let mut idle = self.idle.lock().expect("no reader panics holding it");
        if idle.len() < IDLE_READERS && !self.closed.load(Ordering::Relaxed) {
            idle.push(conn);
        }
        read
    }
}

impl Db {
    /// The rows of `sql`, a short read on a request's hot path, each decoded by `decode`. See
    /// the module's documentation for why it is not an ordinary query on SQLite. Its `$N`
    /// placeholders must first appear in the text in order (`$1`, then `$2`, …): on SQLite
    /// they are bound by position, and SQLite numbers them by first appearance.
    pub async fn point_read<T>(
        &self,
        sql: &str,
        params: &[Param<'_>],
        decode: impl Fn(&ReadRow<'_>) -> StoreResult<T>,
    ) -> StoreResult<Vec<T>> {
        match &self.readers {
            Some(readers) => readers.read(sql, params, decode),
            None => self.pooled_read(sql, params, decode).await,
        }
    }

    /// The rows of `sql` read through the pool, as a point read is where it has no
    /// connections of its own: for reads that may be long, which must not hold up the
    /// request's thread.
    pub async fn pooled_read<T>(
        &self,
        sql: &str,
        params: &[Param<'_>],
        decode: impl Fn(&ReadRow<'_>) -> StoreResult<T>,
    ) -> StoreResult<Vec<T>> {
        let mut query = sqlx::query(sql);
        for param in params {
            query = match *param {
                Param::Text(text) => query.bind(text),
                Param::Int(int) => query.bind(int),
            };
        }
        query
            .fetch_all(self.pool())
            .await
            .map_err(backend)?
            .iter()
            .map(|row| decode(&ReadRow(Source::Pool(row))))
            .collect()
    }

    /// The first row of a point read, if any.
    pub async fn point_read_optional<T>(
        &self,
        sql: &str,
        params: &[Param<'_>],
        decode: impl Fn(&ReadRow<'_>) -> StoreResult<T>,
    ) -> StoreResult<Option<T>> {
        Ok(self
            .point_read(sql, params, decode)
            .await?
            .into_iter()
            .next())
    }
}

/// The value of `name=` in a URL's query, if given.
fn url_parameter<'u>(url: &'u str, name: &str) -> Option<&'u str> {
    let (_, query) = url.split_once('?')?;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
}

pub(super) fn sqlite_error(err: rusqlite::Error) -> StoreError {
    StoreError::Backend(err.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file database with a table `t` of keys and values, and its directory.
    async fn file_database() -> (Db, PathBuf) {
        let create = "CREATE TABLE t (k TEXT PRIMARY KEY, v BIGINT NOT NULL)";
        let (db, file) = crate::db::tests::scratch_file("pr", create).await;
        (db, file.parent().unwrap().to_owned())
    }

    async fn value_of(db: &Db, key: &str) -> Option<i64> {
        db.point_read_optional("SELECT v FROM t WHERE k = $1", &[Param::Text(key)], |row| {
            row.get(0)
        })
        .await
        .unwrap()
    }

    #[tokio::test]
    async fn a_point_read_sees_every_write_committed_before_it() {
        let (db, dir) = file_database().await;
        assert_eq!(value_of(&db, "a").await, None);
        for v in 1..=3 {
            let mut write = db.begin_write().await.unwrap();
            sqlx::query(
                "INSERT INTO t (k, v) VALUES ('a', $1) ON CONFLICT (k) DO UPDATE SET v = $1",
            )
            .bind(v)
            .execute(&mut *write.tx)
            .await
            .unwrap();
            write.commit().await.unwrap();
            // The reader's connection is reused: it must not keep an older snapshot open.
            assert_eq!(value_of(&db, "a").await, Some(v));
        }
        db.close().await;
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[tokio::test]
    async fn a_point_read_cannot_write() {
        let (db, dir) = file_database().await;
        let err = db
            .point_read(
                "INSERT INTO t (k, v) VALUES ('b', 1) RETURNING v",
                &[],
                |row| row.get::<i64>(0),
            )
            .await
            .unwrap_err();
        assert!(err.to_string().contains("readonly"), "{err}");
        assert_eq!(value_of(&db, "b").await, None);
        db.close().await;
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[tokio::test]
    async fn columns_are_found_by_name_as_the_pool_finds_them() {
        let (db, dir) = file_database().await;
        sqlx::query("INSERT INTO t (k, v) VALUES ('c', 7)")
            .execute(db.pool())
            .await
            .unwrap();
        let sql = "SELECT v, k FROM t WHERE k = $1";
        let by_name = |row: &ReadRow<'_>| Ok((row.get::<String>("k")?, row.get::<i64>("v")?));
        let point = db.point_read(sql, &[Param::Text("c")], by_name).await;
        let pooled = db.pooled_read(sql, &[Param::Text("c")], by_name).await;
        assert_eq!(point.unwrap(), vec![("c".to_owned(), 7)]);
        assert_eq!(pooled.unwrap(), vec![("c".to_owned(), 7)]);
        for missing in ["K", "w"] {
            let err = db
                .point_read(sql, &[Param::Text("c")], |row| row.get::<i64>(missing))
                .await
                .unwrap_err();
            assert!(
                err.to_string().contains(&format!("no column {missing}")),
                "{err}"
            );
        }
        let err = db
            .point_read(sql, &[Param::Text("c")], |row| row.get::<i64>(2))
            .await
            .unwrap_err();
        assert!(err.to_string().contains("no column 2"), "{err}");
        db.close().await;
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn an_in_list_numbers_its_values_after_those_bound_before() {
        let mut params = vec![Param::Text("tenant")];
        let condition = in_list(&mut params, "user_id", ["a", "b"]);
        assert_eq!(condition, " AND user_id IN ($2, $3)");
        let empty = in_list(&mut params, "group_id", []);
        assert_eq!(empty, " AND group_id IN ($4)");
        let bound: Vec<String> = params.iter().map(|p| format!("{p:?}")).collect();
        assert_eq!(
            bound,
            [
                r#"Text("tenant")"#,
                r#"Text("a")"#,
                r#"Text("b")"#,
                r#"Text("")"#
            ]
        );
    }

    #[test]
    fn a_url_parameter_is_found_by_its_whole_name() {
        let url = "sqlite://x.db?mode=rwc&vfs=unix-excl";
        assert_eq!(url_parameter(url, "vfs"), Some("unix-excl"));
        assert_eq!(url_parameter(url, "mode"), Some("rwc"));
        assert_eq!(url_parameter(url, "mod"), None);
        assert_eq!(url_parameter("sqlite://x.db", "vfs"), None);
    }
}
