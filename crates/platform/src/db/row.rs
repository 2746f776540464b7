//! A stored row as both drivers give it: a point read's (`rusqlite`) or a pooled statement's
//! (sqlx's `AnyRow`). Every table's declaration reads its rows through [`ReadRow`]
//! (`Table::read_row`), so one declaration serves both paths.

use sqlx::any::AnyRow;
use sqlx::{Any, Row};

use super::point_read::sqlite_error;
use super::{Columns, backend};
use crate::error::{StoreError, StoreResult};

/// A stored row, its columns read by position or by name (a pooled statement's row becomes one
/// with `ReadRow::from(&any_row)`).
pub struct ReadRow<'r>(pub(super) Source<'r>);

pub(super) enum Source<'r> {
    /// A point read's row, with its statement's column names.
    Sqlite {
        row: &'r rusqlite::Row<'r>,
        names: &'r [String],
    },
    Pool(&'r AnyRow),
}

/// What a column holds, as both drivers decode it.
pub trait StoredValue:
    rusqlite::types::FromSql + for<'q> sqlx::Decode<'q, Any> + sqlx::Type<Any>
{
}

impl StoredValue for i64 {}
impl StoredValue for String {}
impl StoredValue for Option<i64> {}
impl StoredValue for Option<String> {}

/// A column's position or name, as both drivers take it.
pub trait ColumnRef: sqlx::ColumnIndex<AnyRow> + std::fmt::Display {
    /// The column's position among a statement's columns, `names`.
    fn position(&self, names: &[String]) -> Option<usize>;
}

impl ColumnRef for usize {
    fn position(&self, names: &[String]) -> Option<usize> {
        (*self < names.len()).then_some(*self)
    }
}

impl ColumnRef for &str {
    fn position(&self, names: &[String]) -> Option<usize> {
        names.iter().position(|name| name == self)
    }
}

impl<'r> From<&'r AnyRow> for ReadRow<'r> {
    fn from(row: &'r AnyRow) -> Self {
        Self(Source::Pool(row))
    }
}

impl ReadRow<'_> {
    pub fn get<T: StoredValue>(&self, column: impl ColumnRef) -> StoreResult<T> {
        match &self.0 {
            Source::Sqlite { row, names } => {
                let position = column.position(names).ok_or_else(|| {
                    StoreError::Backend(format!("the statement has no column {column}"))
                })?;
                row.get(position).map_err(sqlite_error)
            }
            Source::Pool(row) => row.try_get(column).map_err(backend),
        }
    }

    /// One column read as `T` (for queries that select more than a table's columns).
    pub fn column<T: Columns>(&self, name: &str) -> StoreResult<T> {
        T::read(self, &[name])
    }
}
