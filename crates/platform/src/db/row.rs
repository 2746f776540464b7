//! A stored row as both drivers give it: a point read's (`rusqlite`) or a pooled statement's
//! (sqlx's `AnyRow`). Every table's declaration reads its rows through [`ReadRow`]
//! (`Table::read_row`), so one declaration serves both paths.

use sqlx::any::AnyRow;
use sqlx::{Any, Row};

use super::point_read::sqlite_error;
use super::{Columns, backend};
use crate::error::StoreResult;

/// A stored row, its columns read by position or by name (a pooled statement's row becomes one
/// with `ReadRow::from(&any_row)`).
pub struct ReadRow<'r>(pub(super) Source<'r>);

pub(super) enum Source<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
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
pub trait ColumnRef: rusqlite::RowIndex + sqlx::ColumnIndex<AnyRow> {}

impl ColumnRef for usize {}
impl ColumnRef for &str {}

impl<'r> From<&'r AnyRow> for ReadRow<'r> {
    fn from(row: &'r AnyRow) -> Self {
        Self(Source::Pool(row))
    }
}

impl ReadRow<'_> {
    pub fn get<T: StoredValue>(&self, column: impl ColumnRef) -> StoreResult<T> {
        match &self.0 {
            Source::Sqlite(row) => row.get(column).map_err(sqlite_error),
            Source::Pool(row) => row.try_get(column).map_err(backend),
        }
    }

    /// One column read as `T` (for queries that select more than a table's columns).
    pub fn column<T: Columns>(&self, name: &str) -> StoreResult<T> {
        T::read(self, &[name])
    }
}
