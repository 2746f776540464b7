//! Reading columns out of `AnyRow`s, with decoding failures as store errors.

use openwork_core::store::{StoreError, StoreResult};
use serde::de::DeserializeOwned;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::backend;

pub(crate) fn text(row: &AnyRow, column: &str) -> StoreResult<String> {
    row.try_get(column).map_err(backend)
}

pub(crate) fn maybe_text(row: &AnyRow, column: &str) -> StoreResult<Option<String>> {
    row.try_get(column).map_err(backend)
}

pub(crate) fn int(row: &AnyRow, column: &str) -> StoreResult<i64> {
    row.try_get(column).map_err(backend)
}

pub(crate) fn maybe_int(row: &AnyRow, column: &str) -> StoreResult<Option<i64>> {
    row.try_get(column).map_err(backend)
}

pub(crate) fn flag(row: &AnyRow, column: &str) -> StoreResult<bool> {
    Ok(int(row, column)? != 0)
}

/// A JSON text column decoded into `T`.
pub(crate) fn json<T: DeserializeOwned>(row: &AnyRow, column: &str) -> StoreResult<T> {
    let raw = text(row, column)?;
    serde_json::from_str(&raw)
        .map_err(|err| StoreError::Backend(format!("column {column} holds bad JSON: {err}")))
}

/// A value encoded for a JSON text column.
pub(crate) fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).expect("stored values serialise")
}
