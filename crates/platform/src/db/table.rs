//! One declaration per table: its name, its columns in order, and how a value becomes a row and
//! comes back.
//!
//! A [`table!`] names the struct a row holds and, for each field, the column or columns it is
//! stored in; every field must be named (the generated read builds the struct literally, so a new
//! field does not compile until it has columns). Columns before the struct's own — the tenant, a
//! parent's key, a position — are the row's *scope*: given when writing, not read back.
//!
//! Why a declarative macro and not a derive: a row is not its struct. Rows carry a scope the
//! struct does not (its tenant), one field can take two columns (`I18n` → `name_zh`, `name_en`),
//! and the domain's structs stay free of storage attributes. A `macro_rules!` beside the queries
//! does that without a proc-macro crate. The migrations stay hand-written SQL (they are history);
//! each crate's conformance tests check every declaration against the migrated schema of both
//! databases ([`crate::db::check_table`]).

use std::collections::BTreeMap;

use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::any::AnyRow;

use super::Cell;
use super::row::ReadRow;
use crate::clock::Millis;
use crate::error::{StoreError, StoreResult};

/// A value stored in one or more columns.
pub trait Columns: Sized {
    /// Appends the value's cells, one per column.
    fn put(&self, out: &mut Vec<Cell>);
    /// Reads the value back from its `columns` of `row`.
    fn read(row: &ReadRow<'_>, columns: &[&str]) -> StoreResult<Self>;
}

/// A value that may be absent: `Option<T>` stores `None` as NULL in each of its columns. (A
/// service implements this for its own types; Rust's orphan rule forbids it to implement
/// [`Columns`] for `Option` of them.)
pub trait Nullable: Columns {
    /// Appends NULL for each column.
    fn put_null(out: &mut Vec<Cell>);
    /// Reads the value, or `None` when its columns hold NULL.
    fn read_nullable(row: &ReadRow<'_>, columns: &[&str]) -> StoreResult<Option<Self>>;
}

impl<T: Nullable> Columns for Option<T> {
    fn put(&self, out: &mut Vec<Cell>) {
        match self {
            Some(value) => value.put(out),
            None => T::put_null(out),
        }
    }
    fn read(row: &ReadRow<'_>, columns: &[&str]) -> StoreResult<Self> {
        T::read_nullable(row, columns)
    }
}

/// The one column of a single-column value.
fn single<'a>(columns: &[&'a str]) -> &'a str {
    debug_assert_eq!(columns.len(), 1, "a single-column value");
    columns[0]
}

impl Columns for String {
    fn put(&self, out: &mut Vec<Cell>) {
        out.push(Cell::Text(self.clone()));
    }
    fn read(row: &ReadRow<'_>, columns: &[&str]) -> StoreResult<Self> {
        row.get(single(columns))
    }
}

impl Nullable for String {
    fn put_null(out: &mut Vec<Cell>) {
        out.push(Cell::MaybeText(None));
    }
    fn read_nullable(row: &ReadRow<'_>, columns: &[&str]) -> StoreResult<Option<Self>> {
        row.get(single(columns))
    }
}

impl Columns for i64 {
    fn put(&self, out: &mut Vec<Cell>) {
        out.push(Cell::Int(*self));
    }
    fn read(row: &ReadRow<'_>, columns: &[&str]) -> StoreResult<Self> {
        row.get(single(columns))
    }
}

impl Nullable for i64 {
    fn put_null(out: &mut Vec<Cell>) {
        out.push(Cell::MaybeInt(None));
    }
    fn read_nullable(row: &ReadRow<'_>, columns: &[&str]) -> StoreResult<Option<Self>> {
        row.get(single(columns))
    }
}

impl Columns for i32 {
    fn put(&self, out: &mut Vec<Cell>) {
        out.push(Cell::Int(i64::from(*self)));
    }
    fn read(row: &ReadRow<'_>, columns: &[&str]) -> StoreResult<Self> {
        let value: i64 = row.get(single(columns))?;
        i32::try_from(value).map_err(|_| {
            StoreError::Backend(format!("column {} holds {value}, out of range", columns[0]))
        })
    }
}

/// Flags are 0/1 BIGINTs in both dialects.
impl Columns for bool {
    fn put(&self, out: &mut Vec<Cell>) {
        out.push(Cell::Int(i64::from(*self)));
    }
    fn read(row: &ReadRow<'_>, columns: &[&str]) -> StoreResult<Self> {
        Ok(row.get::<i64>(single(columns))? != 0)
    }
}

impl Columns for Millis {
    fn put(&self, out: &mut Vec<Cell>) {
        self.0.put(out);
    }
    fn read(row: &ReadRow<'_>, columns: &[&str]) -> StoreResult<Self> {
        i64::read(row, columns).map(Millis)
    }
}

impl Nullable for Millis {
    fn put_null(out: &mut Vec<Cell>) {
        i64::put_null(out);
    }
    fn read_nullable(row: &ReadRow<'_>, columns: &[&str]) -> StoreResult<Option<Self>> {
        Ok(i64::read_nullable(row, columns)?.map(Millis))
    }
}

/// A value that lists and maps may hold in a JSON column: a plain value whose JSON cannot change
/// with a Rust rename (text, numbers, typed IDs). Structures get columns instead.
pub trait PlainValue: Serialize + DeserializeOwned {}

impl PlainValue for String {}
impl PlainValue for i64 {}

fn to_json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).expect("lists of plain values serialise")
}

fn parse_json<T: DeserializeOwned>(column: &str, text: &str) -> StoreResult<T> {
    serde_json::from_str(text)
        .map_err(|err| StoreError::Backend(format!("column {column} holds bad JSON: {err}")))
}

fn from_json<T: DeserializeOwned>(row: &ReadRow<'_>, columns: &[&str]) -> StoreResult<T> {
    let column = single(columns);
    parse_json(column, &row.get::<String>(column)?)
}

/// A list of plain values: a JSON array.
impl<T: PlainValue> Columns for Vec<T> {
    fn put(&self, out: &mut Vec<Cell>) {
        out.push(Cell::Text(to_json(self)));
    }
    fn read(row: &ReadRow<'_>, columns: &[&str]) -> StoreResult<Self> {
        from_json(row, columns)
    }
}

/// An optional list of plain values: a JSON array, or NULL.
impl<T: PlainValue> Nullable for Vec<T> {
    fn put_null(out: &mut Vec<Cell>) {
        String::put_null(out);
    }
    fn read_nullable(row: &ReadRow<'_>, columns: &[&str]) -> StoreResult<Option<Self>> {
        let column = single(columns);
        row.get::<Option<String>>(column)?
            .map(|text| parse_json(column, &text))
            .transpose()
    }
}

/// A map of plain values by name: a JSON object.
impl<V: PlainValue> Columns for BTreeMap<String, V> {
    fn put(&self, out: &mut Vec<Cell>) {
        out.push(Cell::Text(to_json(self)));
    }
    fn read(row: &ReadRow<'_>, columns: &[&str]) -> StoreResult<Self> {
        from_json(row, columns)
    }
}

/// Free-form attributes kept verbatim as the API received them: a JSON object.
impl Columns for serde_json::Map<String, serde_json::Value> {
    fn put(&self, out: &mut Vec<Cell>) {
        out.push(Cell::Text(to_json(self)));
    }
    fn read(row: &ReadRow<'_>, columns: &[&str]) -> StoreResult<Self> {
        from_json(row, columns)
    }
}

/// A table's declaration, written with [`table!`].
pub trait Table {
    /// What a row holds.
    type Row;
    /// The values that place a row and are not part of it (its tenant, its parent, a position),
    /// as references.
    type Scope<'a>;
    const NAME: &'static str;
    /// The scope's columns, then the row's, in order.
    const COLUMNS: &'static [&'static str];
    /// A row's cells, one per column.
    fn cells(scope: Self::Scope<'_>, row: &Self::Row) -> Vec<Cell>;
    /// A row read back (its scope columns are not read).
    fn read_row(row: &ReadRow<'_>) -> StoreResult<Self::Row>;
    /// A pooled statement's row read back.
    fn read(row: &AnyRow) -> StoreResult<Self::Row> {
        Self::read_row(&ReadRow::from(row))
    }
}

/// Declares a table; see the module's documentation.
///
/// ```text
/// table! {
///     /// Stages of semesters.
///     pub(crate) Stages: Stage in "stages",
///     scope (tenant_key: TenantKey),
///     {
///         stage_id: ["stage_id"],
///         name: ["name_zh", "name_en"],
///         ...
///     }
///     children (tasks)
/// }
/// ```
#[macro_export]
macro_rules! table {
    (
        $(#[$doc:meta])*
        $vis:vis $table:ident: $row:ident in $name:literal,
        scope ($($scope:ident: $scope_ty:ty),* $(,)?),
        { $($field:ident: [$($column:literal),+ $(,)?]),* $(,)? }
        $(children ($($child:ident),* $(,)?))?
    ) => {
        $(#[$doc])*
        $vis struct $table;

        impl $crate::db::Table for $table {
            type Row = $row;
            type Scope<'a> = ($(&'a $scope_ty,)*);
            const NAME: &'static str = $name;
            const COLUMNS: &'static [&'static str] =
                &[$(stringify!($scope),)* $($($column,)+)*];

            fn cells(scope: Self::Scope<'_>, row: &$row) -> Vec<$crate::db::Cell> {
                let ($($scope,)*) = scope;
                let mut out = Vec::with_capacity(Self::COLUMNS.len());
                $( $crate::db::Columns::put($scope, &mut out); )*
                $( $crate::db::Columns::put(&row.$field, &mut out); )*
                out
            }

            fn read_row(row: &$crate::db::ReadRow<'_>) -> $crate::error::StoreResult<$row> {
                Ok($row {
                    $( $field: $crate::db::Columns::read(row, &[$($column),+])?, )*
                    $($( $child: Default::default(), )*)?
                })
            }
        }
    };
}

/// One column of a pooled statement's row, read as `T` (for queries that select more than a
/// table's columns).
pub fn column<T: Columns>(row: &AnyRow, name: &str) -> StoreResult<T> {
    ReadRow::from(row).column(name)
}
