//! Multi-row `INSERT`s: loading a fixture or generating a large world writes rows in batches,
//! not one statement per row.

use openwork_core::store::{StoreResult, Unwatched, WriteProgress};
use sqlx::AnyConnection;
use sqlx::any::AnyArguments;
use sqlx::query::Query;

use crate::backend;

/// One bound value.
pub(crate) enum Cell {
    Text(String),
    MaybeText(Option<String>),
    Int(i64),
    MaybeInt(Option<i64>),
}

impl From<&str> for Cell {
    fn from(value: &str) -> Self {
        Self::Text(value.to_owned())
    }
}

impl From<String> for Cell {
    fn from(value: String) -> Self {
        Self::Text(value)
    }
}

impl From<Option<String>> for Cell {
    fn from(value: Option<String>) -> Self {
        Self::MaybeText(value)
    }
}

impl From<Option<&str>> for Cell {
    fn from(value: Option<&str>) -> Self {
        Self::MaybeText(value.map(str::to_owned))
    }
}

impl From<i64> for Cell {
    fn from(value: i64) -> Self {
        Self::Int(value)
    }
}

impl From<Option<i64>> for Cell {
    fn from(value: Option<i64>) -> Self {
        Self::MaybeInt(value)
    }
}

impl From<bool> for Cell {
    fn from(value: bool) -> Self {
        Self::Int(i64::from(value))
    }
}

impl Cell {
    pub(crate) fn bind<'q>(
        self,
        query: Query<'q, sqlx::Any, AnyArguments<'q>>,
    ) -> Query<'q, sqlx::Any, AnyArguments<'q>> {
        match self {
            Self::Text(v) => query.bind(v),
            Self::MaybeText(v) => query.bind(v),
            Self::Int(v) => query.bind(v),
            Self::MaybeInt(v) => query.bind(v),
        }
    }
}

/// Bound values per statement: below SQLite's 32,766 and PostgreSQL's 65,535.
const MAX_VALUES_PER_STATEMENT: usize = 30_000;
const MAX_ROWS_PER_STATEMENT: usize = 500;

/// `$first, $first+1, …` for `count` values.
pub(crate) fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Inserts one row per item into `table` (`row` gives an item's cells, one per column, from its
/// index and value), in as few statements as the databases' bind limits allow.
pub(crate) async fn insert_rows<T: Sync>(
    conn: &mut AnyConnection,
    table: &str,
    columns: &[&str],
    items: &[T],
    row: impl Fn(usize, &T) -> Vec<Cell> + Send + Sync,
) -> StoreResult<()> {
    insert_rows_watched(conn, table, columns, items, &Unwatched, row).await
}

/// [`insert_rows`], telling `progress` after each statement.
pub(crate) async fn insert_rows_watched<T: Sync>(
    conn: &mut AnyConnection,
    table: &str,
    columns: &[&str],
    items: &[T],
    progress: &dyn WriteProgress,
    row: impl Fn(usize, &T) -> Vec<Cell> + Send + Sync,
) -> StoreResult<()> {
    let rows_per_statement = (MAX_VALUES_PER_STATEMENT / columns.len()).min(MAX_ROWS_PER_STATEMENT);
    // SQLite's numbered parameters cost sqlx a name lookup per bind that scans every parameter
    // of the statement (quadratic in the statement's size: 80 s instead of 13 s for a million
    // stage tasks); anonymous `?` parameters bind by position.
    let anonymous = conn.backend_name() == "SQLite";
    let mut written = 0;
    for (chunk_index, chunk) in items.chunks(rows_per_statement).enumerate() {
        let batch: Vec<Vec<Cell>> = chunk
            .iter()
            .enumerate()
            .map(|(i, item)| row(chunk_index * rows_per_statement + i, item))
            .collect();
        let tuples: Vec<String> = (0..batch.len())
            .map(|i| {
                if anonymous {
                    format!("({})", vec!["?"; columns.len()].join(", "))
                } else {
                    format!("({})", placeholders(i * columns.len() + 1, columns.len()))
                }
            })
            .collect();
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES {}",
            columns.join(", "),
            tuples.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for row in batch {
            debug_assert_eq!(row.len(), columns.len(), "one cell per column of {table}");
            for cell in row {
                query = cell.bind(query);
            }
        }
        query.execute(&mut *conn).await.map_err(backend)?;
        written += chunk.len();
        progress.rows_written(table, written, items.len());
    }
    Ok(())
}
