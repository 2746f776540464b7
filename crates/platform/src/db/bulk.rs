//! Multi-row `INSERT`s: loading a fixture or generating a large world writes rows in batches,
//! not one statement per row.

use crate::error::StoreResult;
use sqlx::AnyConnection;
use sqlx::any::AnyArguments;
use sqlx::query::Query;

use super::{Table, WriteProgress, backend};

/// One bound value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    MaybeText(Option<String>),
    Int(i64),
    MaybeInt(Option<i64>),
}

impl Cell {
    pub fn bind<'q>(
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
pub fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Inserts one row of table `T` per item (`cells` gives an item's row, usually
/// `T::cells(scope, value)`), in as few statements as the databases' bind limits allow, telling
/// `progress` after each statement.
pub async fn insert<T: Table, I: Sync>(
    conn: &mut AnyConnection,
    items: &[I],
    progress: &dyn WriteProgress,
    cells: impl Fn(&I) -> Vec<Cell> + Send + Sync,
) -> StoreResult<()> {
    write_rows::<T, I>(conn, items, progress, "", cells).await
}

/// Inserts one row of table `T` per item as [`insert`] does, replacing the other columns of a
/// row whose `key` columns are already taken. Each statement is one atomic upsert, so
/// concurrent writers of one key cannot fail each other. The items must not repeat a key
/// (PostgreSQL refuses to update one row twice in a statement).
pub async fn upsert<T: Table, I: Sync>(
    conn: &mut AnyConnection,
    items: &[I],
    key: &[&str],
    cells: impl Fn(&I) -> Vec<Cell> + Send + Sync,
) -> StoreResult<()> {
    let updates: Vec<String> = T::COLUMNS
        .iter()
        .filter(|c| !key.contains(c))
        .map(|c| format!("{c} = excluded.{c}"))
        .collect();
    let on_conflict = format!(
        " ON CONFLICT ({}) DO UPDATE SET {}",
        key.join(", "),
        updates.join(", ")
    );
    write_rows::<T, I>(conn, items, &super::Unwatched, &on_conflict, cells).await
}

/// The multi-row `INSERT`s of [`insert`] and [`upsert`], each statement ending in `suffix`.
async fn write_rows<T: Table, I: Sync>(
    conn: &mut AnyConnection,
    items: &[I],
    progress: &dyn WriteProgress,
    suffix: &str,
    cells: impl Fn(&I) -> Vec<Cell> + Send + Sync,
) -> StoreResult<()> {
    let (table, columns) = (T::NAME, T::COLUMNS);
    let rows_per_statement = (MAX_VALUES_PER_STATEMENT / columns.len()).min(MAX_ROWS_PER_STATEMENT);
    // SQLite's numbered parameters cost sqlx a name lookup per bind that scans every parameter
    // of the statement (quadratic in the statement's size: 80 s instead of 13 s for a million
    // stage tasks); anonymous `?` parameters bind by position.
    let anonymous = conn.backend_name() == "SQLite";
    let mut written = 0;
    for chunk in items.chunks(rows_per_statement) {
        let batch: Vec<Vec<Cell>> = chunk.iter().map(&cells).collect();
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
            "INSERT INTO {table} ({}) VALUES {}{suffix}",
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
